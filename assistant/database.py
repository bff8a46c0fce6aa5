"""Where a store keeps its tables: a SQLite file under the data folder (the default) or a shared PostgreSQL
database (``ASSISTANT_DATABASE_URL``), behind one small interface the stores are written against.

A store runs its statements in a :class:`Session` (``execute(sql, params)`` with ``?`` placeholders, returning
rows with ``fetchone`` / ``fetchall`` / ``rowcount``), one transaction per ``session()``, and declares its schema
as versioned :data:`Migrations`: for each dialect, the steps in order, each a list of statements or a function
of a session. ``migrate`` applies the steps a database has not had yet, recorded in a ``schema_versions`` table,
in one transaction that only one process runs at a time (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an advisory
lock), so replicas starting at once migrate once. Faults become ``StorageUnavailable`` / ``StorageFull``, noted
in the store's :class:`~assistant.storage.Health`.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from assistant.storage import DEFAULT_TIMEOUT, Health, connection, guarded, open_database, write

if TYPE_CHECKING:
    from assistant.config import Settings

__all__ = [
    "Database",
    "Dialect",
    "Migrations",
    "Rows",
    "Session",
    "SqliteDatabase",
    "Step",
    "apply_migrations",
    "database_for",
]

log = logging.getLogger("assistant.storage")
Dialect = Literal["sqlite", "postgresql"]


class Rows(Protocol):
    """What a statement returns (a DB-API cursor or a SQLAlchemy result)."""

    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> Sequence[Any]: ...


class Session(Protocol):
    """One transaction: statements with ``?`` placeholders."""

    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Rows: ...


Step = Sequence[str] | Callable[[Session], None]
Migrations = Mapping[Dialect, Sequence[Step]]  # dialect -> steps; version n = the first n steps applied


class Database(Protocol):
    """A place for a store's tables: a SQLite file or a PostgreSQL database."""

    dialect: Dialect
    name: str  # for messages: the file, or the database URL without its password

    def session(
        self, health: Health | None = None, *, writing: bool = False
    ) -> AbstractContextManager[Session]:
        """One transaction; faults raise ``StorageUnavailable`` / ``StorageFull`` and are noted in ``health``."""
        ...

    def migrate(self, component: str, migrations: Migrations, health: Health | None = None) -> int:
        """Bring ``component``'s schema to the latest version; returns the version found before."""
        ...

    def ping(self) -> None:
        """Raise ``StorageUnavailable`` unless the database answers now."""
        ...

    def close(self) -> None: ...


_VERSIONS = (
    "CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
)


def apply_migrations(session: Session, dialect: Dialect, component: str, migrations: Migrations) -> int:
    """Inside a transaction that holds the migration lock: apply the steps after the recorded version and
    record the new one. Returns the version found. A database migrated by newer code (a higher version than
    these steps know) is left as it is: steps only ever add, so older code still works with it."""
    steps = migrations[dialect]
    session.execute(_VERSIONS)
    row = session.execute("SELECT version FROM schema_versions WHERE component = ?", (component,)).fetchone()
    found = int(row[0]) if row is not None else 0
    if found >= len(steps):
        return found
    for step in steps[found:]:
        if callable(step):
            step(session)
        else:
            for statement in step:
                session.execute(statement)
    session.execute(
        "INSERT INTO schema_versions (component, version) VALUES (?, ?)"
        " ON CONFLICT (component) DO UPDATE SET version = excluded.version",
        (component, len(steps)),
    )
    log.info("%s schema: version %d -> %d", component, found, len(steps))
    return found


class SqliteDatabase:
    """A SQLite file through ``assistant.storage`` (WAL, busy timeout, fault translation).

    ``persistent``: each thread keeps its connection open (so commits do not checkpoint the WAL every time;
    a broken one is opened afresh next time); otherwise each session opens and closes one."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: str | Path, *, persistent: bool = False, timeout: float = DEFAULT_TIMEOUT):
        self.path = Path(path)
        self.name = str(self.path)
        self.persistent = persistent
        self.timeout = timeout
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():  # new thread, or a forked child
            conn = open_database(self.path, timeout=self.timeout)
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    @contextmanager
    def session(self, health: Health | None = None, *, writing: bool = False) -> Iterator[Session]:
        if not self.persistent:
            with connection(self.path, health, writing=writing, timeout=min(self.timeout, 10.0)) as conn:
                yield conn
            return
        try:
            with guarded(self.path, health, writing=writing):
                conn = self._connection()
                if not writing:
                    yield conn
                    return
                with write(conn):
                    yield conn
        except Exception:
            self.close()  # a broken connection (folder remounted, file replaced) is opened afresh next time
            raise

    def migrate(self, component: str, migrations: Migrations, health: Health | None = None) -> int:
        with self.session(health, writing=True) as session:  # BEGIN IMMEDIATE: one process at a time
            return apply_migrations(session, self.dialect, component, migrations)

    def ping(self) -> None:
        with self.session() as session:
            session.execute("SELECT 1").fetchone()

    def close(self) -> None:
        """Close this thread's connection (others close with their threads)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def database_for(settings: Settings, file_name: str, *, persistent: bool = False) -> Database:
    """Where a store's tables live: the PostgreSQL database of ``ASSISTANT_DATABASE_URL`` (one connection
    pool per process, shared by every store), else ``<data_dir>/<file_name>``."""
    url = settings.database_url.get_secret_value() if settings.database_url is not None else ""
    if url:
        from assistant.postgres import shared_database

        return shared_database(url, settings.database_pool_size)
    return SqliteDatabase(Path(settings.data_dir) / file_name, persistent=persistent)
