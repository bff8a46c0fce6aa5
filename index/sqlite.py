"""SQLite for every local store (conversations, feedback, Slack state, the embedding cache).

It lives in the lowest layer because the index's embedding cache (``index.cache``) uses it; the library's stores
reach it as ``assistant.storage``, which re-exports it.

One way to open a database file — WAL journal, a busy timeout, ``synchronous=NORMAL`` and a retry of the WAL
switch, which SQLite does not wait for when several processes open a new file at once — and one translation of
storage faults into library errors: a full disk is :class:`StorageFull`, a read-only or unopenable folder, an I/O
error or a lock held past the timeout is :class:`StorageUnavailable`. Adapters turn those into HTTP 507 / 503
``storage_unavailable`` and clear messages; :class:`Health` remembers the last fault for ``/readyz``.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from index.errors import DatabaseUnreachable, StorageFull, StorageUnavailable

__all__ = [
    "DEFAULT_TIMEOUT",
    "Health",
    "check_writable",
    "connection",
    "guarded",
    "open_database",
    "translate",
    "write",
]

DEFAULT_TIMEOUT = 30.0
_RETRY_SECONDS = 0.01
_FULL_CODES = {sqlite3.SQLITE_FULL}
_READ_ONLY_CODES = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN}
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_NEARLY_FULL_BYTES = 64 * 1024  # less free space than this: a write that failed failed for want of room


def open_database(path: str | Path, *, timeout: float = DEFAULT_TIMEOUT) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit: :func:`write`), WAL journal, busy timeout.

    The folder is created when missing. Faults raise :class:`StorageUnavailable` (or :class:`StorageFull`)."""
    path = Path(path)
    with guarded(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            _set_wal(conn, timeout)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            conn.close()
            raise
        return conn


def _set_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch to WAL. Processes opening a new file at once can get "database is locked" here at once (SQLite
    does not call the busy handler for a journal-mode change), so retry until the timeout."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(_RETRY_SECONDS)


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), rolled back when anything fails — a failed
    ``COMMIT`` (disk full) included, so the connection is usable again."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise


class Health:
    """The last storage fault of a store, for readiness reports: a failed write is remembered until a write
    succeeds, a failed read until a read (or write) succeeds; a database that could not be reached, until it
    answers again (:meth:`reached`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._write: StorageUnavailable | None = None
        self._read: StorageUnavailable | None = None

    @property
    def problem(self) -> str | None:
        error = self._write or self._read
        return str(error) if error is not None else None

    def failed(self, error: StorageUnavailable, *, writing: bool) -> None:
        with self._lock:
            if writing:
                self._write = error
            else:
                self._read = error

    def succeeded(self, *, writing: bool) -> None:
        with self._lock:
            self._read = None
            if writing:
                self._write = None

    def reached(self) -> None:
        """The database answers again: forget the faults that were only its being out of reach."""
        with self._lock:
            if isinstance(self._write, DatabaseUnreachable):
                self._write = None
            if isinstance(self._read, DatabaseUnreachable):
                self._read = None


def translate(exc: BaseException, path: Path) -> StorageUnavailable:
    """The library error for a SQLite or OS fault on ``path``. SQLite reports some faults only as an I/O
    error (a full disk while it maps its shared-memory file, say): then the file system itself is asked."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    number = exc.errno if isinstance(exc, OSError) else None
    folder = path.parent
    full, read_only = _file_system(folder)
    if primary in _FULL_CODES or number in _FULL_ERRNOS or full:
        return StorageFull(f"the disk holding the data folder {folder} is full ({exc})")
    if primary in _READ_ONLY_CODES or number in _READ_ONLY_ERRNOS or read_only:
        return StorageUnavailable(f"the data folder {folder} cannot be written ({exc})")
    return StorageUnavailable(f"{path} cannot be used ({exc})")


def _file_system(folder: Path) -> tuple[bool, bool]:
    """(no room left, mounted read-only) for the file system holding ``folder`` (or its nearest parent)."""
    for candidate in (folder, *folder.parents):
        try:
            st = os.statvfs(candidate)
        except OSError:
            continue
        return st.f_bavail * st.f_frsize < _NEARLY_FULL_BYTES, bool(st.f_flag & os.ST_RDONLY)
    return False, False


@contextmanager
def guarded(path: Path, health: Health | None = None, *, writing: bool = False) -> Iterator[None]:
    """Storage faults inside become :class:`StorageUnavailable` / :class:`StorageFull`, noted in ``health``.
    Programming errors (constraint violations, misuse) pass through unchanged."""
    try:
        yield
    except (sqlite3.IntegrityError, sqlite3.ProgrammingError):
        raise
    except StorageUnavailable as translated:  # translated further in (opening the file)
        if health is not None:
            health.failed(translated, writing=writing)
        raise
    except (sqlite3.DatabaseError, OSError) as exc:
        error = translate(exc, path)
        if health is not None:
            health.failed(error, writing=writing)
        raise error from exc
    if health is not None:
        health.succeeded(writing=writing)


@contextmanager
def connection(
    path: Path, health: Health | None = None, *, writing: bool = False, timeout: float = 10.0
) -> Iterator[sqlite3.Connection]:
    """A short-lived connection, in a write transaction when ``writing``; always closed. Faults raise
    :class:`StorageUnavailable` / :class:`StorageFull` and are noted in ``health``."""
    with guarded(path, health, writing=writing):
        conn = open_database(path, timeout=timeout)
        try:
            if writing:
                with write(conn):
                    yield conn
            else:
                yield conn
        finally:
            conn.close()


def check_writable(folder: Path) -> None:
    """Create ``folder`` when missing and write a file in it; one clear :class:`StorageUnavailable` naming the
    folder when that is impossible (read-only, no permission, full)."""
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-check-"):
            pass
    except OSError as exc:
        error = translate(exc, path / "x")
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        full = isinstance(error, StorageFull)
        raise (StorageFull if full else StorageUnavailable)(
            f"the data folder {path} cannot be written ({reason}); set ASSISTANT_DATA_DIR to a writable folder"
        ) from exc
