"""Durable conversation state: the last turns of each conversation, kept in SQLite under ``data_dir``.

One store may be shared by threads and by several worker processes: each thread (in each process) has its
own connection (WAL journal, busy timeout; kept open, so that commits do not checkpoint the WAL every time),
and writes run in ``BEGIN IMMEDIATE`` transactions. History is bounded
(``max_turns`` per conversation) and expires ``ttl_seconds`` after the conversation's last activity.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from assistant.types import Answer, Turn

__all__ = ["CONVERSATIONS_FILE", "ConversationStore"]

CONVERSATIONS_FILE = "conversations.sqlite3"  # under settings.data_dir; HTTP and Slack share it

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_updated ON conversations(updated);
CREATE TABLE IF NOT EXISTS turns (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    created REAL NOT NULL,
    question TEXT NOT NULL,
    answer TEXT
);
CREATE INDEX IF NOT EXISTS turns_conversation ON turns(conversation_id, seq);
"""

# Expired conversations are purged on roughly one append in this many (and always when the store opens).
_PURGE_EVERY = 64


class ConversationStore:
    """Turns per conversation id, bounded and expiring. Thread-safe and safe across processes."""

    def __init__(
        self,
        path: str | Path,
        max_turns: int = 20,
        ttl_seconds: float = 7 * 24 * 3600,
        *,
        clock: Callable[[], float] = time.time,
        timeout: float = 30.0,
    ) -> None:
        if max_turns < 1:
            raise ValueError("max_turns must be at least 1")
        if ttl_seconds <= 0:
            raise ValueError("ttl_seconds must be positive")
        self.path = Path(path)
        self.max_turns = max_turns
        self.ttl_seconds = float(ttl_seconds)
        self._clock = clock
        self._timeout = timeout
        self._appends = 0
        self._local = threading.local()
        self._initialized = False
        self._init_lock = threading.Lock()

    def _initialize(self) -> None:
        """Create the file and schema on first use (constructing a store touches nothing)."""
        with self._init_lock:
            if self._initialized:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=self._timeout)) as conn:
                _set_wal(conn, self._timeout)
                conn.executescript(_SCHEMA)
            self._initialized = True
        self.purge_expired()

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():  # new thread, or a forked child
            if not self._initialized:
                self._initialize()
            conn = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None)
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        conn = self._connection()
        if not write:
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        """Close this thread's connection (others close with their threads)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @staticmethod
    def new_id() -> str:
        """A fresh random conversation id (32 hex characters)."""
        return uuid.uuid4().hex

    def history(self, conversation_id: str) -> list[Turn]:
        """The kept turns of a conversation, oldest first; [] when unknown or expired."""
        cutoff = self._clock() - self.ttl_seconds
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT t.question, t.answer FROM turns t JOIN conversations c ON c.id = t.conversation_id"
                " WHERE c.id = ? AND c.updated > ? ORDER BY t.seq DESC LIMIT ?",
                (conversation_id, cutoff, self.max_turns),
            ).fetchall()
        return [_turn(question, answer) for question, answer in reversed(rows)]

    def append(self, conversation_id: str, turn: Turn) -> None:
        """Add one turn; keeps the newest ``max_turns``. An expired conversation starts afresh."""
        now = self._clock()
        answer = json.dumps(turn.answer.to_dict(), ensure_ascii=False) if turn.answer is not None else None
        with self._connect(write=True) as conn:
            row = conn.execute(
                "SELECT updated FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if row is not None and row[0] <= now - self.ttl_seconds:
                conn.execute("DELETE FROM turns WHERE conversation_id = ?", (conversation_id,))
            conn.execute(
                "INSERT INTO conversations(id, updated) VALUES (?, ?)"
                " ON CONFLICT(id) DO UPDATE SET updated = excluded.updated",
                (conversation_id, now),
            )
            conn.execute(
                "INSERT INTO turns(conversation_id, created, question, answer) VALUES (?, ?, ?, ?)",
                (conversation_id, now, turn.question, answer),
            )
            conn.execute(
                "DELETE FROM turns WHERE conversation_id = ? AND seq NOT IN"
                " (SELECT seq FROM turns WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?)",
                (conversation_id, conversation_id, self.max_turns),
            )
        self._appends += 1
        if self._appends % _PURGE_EVERY == 0:
            self.purge_expired()

    def delete(self, conversation_id: str) -> None:
        """Forget a conversation (no error when unknown)."""
        with self._connect(write=True) as conn:
            conn.execute("DELETE FROM turns WHERE conversation_id = ?", (conversation_id,))
            conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    def purge_expired(self) -> int:
        """Delete every expired conversation; returns how many were removed."""
        cutoff = self._clock() - self.ttl_seconds
        with self._connect(write=True) as conn:
            conn.execute(
                "DELETE FROM turns WHERE conversation_id IN"
                " (SELECT id FROM conversations WHERE updated <= ?)",
                (cutoff,),
            )
            return conn.execute("DELETE FROM conversations WHERE updated <= ?", (cutoff,)).rowcount


def _turn(question: str, answer: str | None) -> Turn:
    if answer is None:
        return Turn(question=question, answer=None)
    try:
        return Turn(question=question, answer=Answer.from_dict(json.loads(answer)))
    except (ValueError, KeyError, TypeError):
        return Turn(question=question, answer=None)


def _set_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch a new database to WAL. Processes opening it at once can get "database is locked" here at once
    (SQLite does not wait on a busy journal-mode change), so retry until the store's timeout."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)
