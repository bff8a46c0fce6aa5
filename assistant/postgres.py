"""The stores in a shared PostgreSQL database (``ASSISTANT_DATABASE_URL``): conversations, feedback and the
Slack state of every replica in one place.

SQLAlchemy Core over psycopg 3: its ``QueuePool`` (``ASSISTANT_DATABASE_POOL_SIZE`` connections a process)
checks a connection before handing it out (``pool_pre_ping``), so connections broken by a database restart are
replaced without an error, and opens new ones as they are needed, so while the database is down a request fails
at once (``StorageUnavailable``: HTTP 503) instead of waiting for a pool that retries in the background
(psycopg_pool held each request for its whole timeout then, and the first one after the restart for ~5 s).
Migrations run under a transaction-scoped advisory lock: replicas that start at once migrate one after the
other, and each finds the work done.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from assistant.database import Dialect, Migrations, Session, apply_migrations
from assistant.errors import DatabaseUnreachable, StorageFull, StorageUnavailable
from assistant.storage import Health

__all__ = ["SCHEMES", "PostgresDatabase", "redacted", "shared_database", "translate"]

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
CONNECT_TIMEOUT_SECONDS = 5
POOL_TIMEOUT_SECONDS = 10.0  # every connection of the pool busy for this long: 503, retry
_MIGRATION_LOCK = "role-assistant schema migration"
_UNREACHABLE = {"08000", "08001", "08003", "08004", "08006", "57P01", "57P02", "57P03", "53300"}
_READ_ONLY = {"25006", "42501"}  # read-only transaction (a standby), insufficient privilege
_RETRY = {
    "40001",
    "40P01",
    "55P03",
    "57014",
}  # serialization failure, deadlock, lock not available, cancelled


def _driver_url(url: str) -> str:
    """``postgresql://…`` → ``postgresql+psycopg://…`` (SQLAlchemy's name for the psycopg 3 driver)."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in SCHEMES:
        raise ValueError(
            f"not a PostgreSQL URL (postgresql://user:password@host:5432/database): {scheme}://…"
        )
    return "postgresql+psycopg://" + rest


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    from sqlalchemy.engine import make_url

    return make_url(_driver_url(url)).set(drivername="postgresql").render_as_string(hide_password=True)


class _Session:
    """A SQLAlchemy connection in a transaction, taking the stores' ``?`` placeholders."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = (), /) -> Any:
        return self._conn.exec_driver_sql(sql.replace("?", "%s"), tuple(params))


def _sqlstate(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(getattr(orig, "sqlstate", None) or "")


def translate(exc: BaseException, name: str) -> StorageUnavailable | None:
    """The library error for a database fault, or None for a programming error (a bad statement, a constraint
    violated), which must pass through unchanged."""
    from sqlalchemy import exc as sa

    state = _sqlstate(exc)
    text = str(getattr(exc, "orig", None) or exc).strip()
    reason = text.splitlines()[0] if text else type(exc).__name__
    if state == "53100":
        return StorageFull(f"the PostgreSQL database {name} is out of disk space ({reason})")
    if state in _READ_ONLY:
        return StorageUnavailable(f"the PostgreSQL database {name} cannot be written ({reason})")
    if isinstance(exc, sa.TimeoutError):
        return DatabaseUnreachable(
            f"every connection to the PostgreSQL database {name} is busy; retry ({exc})"
        )
    if state in _UNREACHABLE or state in _RETRY or isinstance(exc, sa.OperationalError | sa.InterfaceError):
        return DatabaseUnreachable(f"the PostgreSQL database {name} cannot be reached ({reason})")
    if isinstance(exc, sa.DBAPIError) and getattr(exc, "connection_invalidated", False):
        return DatabaseUnreachable(f"the PostgreSQL database {name} cannot be reached ({reason})")
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg comes with the postgres extra
        return None
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError | OSError):
        return DatabaseUnreachable(f"the PostgreSQL database {name} cannot be reached ({reason})")
    return None


class PostgresDatabase:
    """A PostgreSQL database for the stores, with its own connection pool. Nothing connects until used."""

    dialect: Dialect = "postgresql"

    def __init__(self, url: str, *, pool_size: int = 10, pool_timeout: float = POOL_TIMEOUT_SECONDS) -> None:
        try:
            import sqlalchemy
        except ImportError as exc:  # pragma: no cover - a clear message when the extra is missing
            raise StorageUnavailable(
                "ASSISTANT_DATABASE_URL needs the postgres extra: pip install 'role-assistant[postgres]'"
            ) from exc
        self.name = redacted(url)
        self.engine = sqlalchemy.create_engine(
            _driver_url(url),
            pool_size=pool_size,
            max_overflow=0,
            pool_timeout=pool_timeout,
            pool_pre_ping=True,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS, "application_name": "role-assistant"},
        )

    @contextmanager
    def _guarded(self, health: Health | None, *, writing: bool) -> Iterator[None]:
        try:
            yield
        except StorageUnavailable as already:
            if health is not None:
                health.failed(already, writing=writing)
            raise
        except Exception as exc:  # SQLAlchemy's errors, psycopg's own, OS errors
            error = translate(exc, self.name)
            if error is None:
                raise  # a programming error: a bad statement, a constraint violated
            if health is not None:
                health.failed(error, writing=writing)
            raise error from exc
        if health is not None:
            health.succeeded(writing=writing)

    @contextmanager
    def session(self, health: Health | None = None, *, writing: bool = False) -> Iterator[Session]:
        with self._guarded(health, writing=writing), self.engine.begin() as conn:
            yield _Session(conn)

    def migrate(self, component: str, migrations: Migrations, health: Health | None = None) -> int:
        with self.session(health, writing=True) as session:
            session.execute("SELECT pg_advisory_xact_lock(?)", (_lock_key(_MIGRATION_LOCK),))
            return apply_migrations(session, self.dialect, component, migrations)

    def ping(self) -> None:
        with self.session() as session:
            session.execute("SELECT 1").fetchone()

    def close(self) -> None:
        self.engine.dispose()


def _lock_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for ``name``."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@lru_cache(maxsize=8)
def shared_database(url: str, pool_size: int = 10) -> PostgresDatabase:
    """One database (and pool) per URL in a process, shared by every store."""
    return PostgresDatabase(url, pool_size=pool_size)
