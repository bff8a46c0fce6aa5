"""Durable conversation state: the last turns of each conversation, kept in SQLite under ``data_dir``.

One store may be shared by threads and by several worker processes: each thread (in each process) has its
own connection (``assistant.storage``: WAL journal, busy timeout; kept open, so that commits do not checkpoint
the WAL every time), and writes run in ``BEGIN IMMEDIATE`` transactions. Storage is bounded three ways:
``max_turns`` per conversation, ``max_conversations`` in all (the least recently active are evicted first),
and expiry ``ttl_seconds`` after a conversation's last activity. A full disk or a read-only folder raises
``StorageFull`` / ``StorageUnavailable`` and is remembered in ``health`` until a write succeeds again.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.storage import DEFAULT_TIMEOUT, Health, guarded, open_database, write
from assistant.types import Answer, Turn

__all__ = ["CONVERSATIONS_FILE", "DEFAULT_MAX_CONVERSATIONS", "ConversationStore"]

CONVERSATIONS_FILE = "conversations.sqlite3"  # under settings.data_dir; HTTP and Slack share it
DEFAULT_MAX_CONVERSATIONS = 10_000

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
        max_conversations: int = DEFAULT_MAX_CONVERSATIONS,
        clock: Callable[[], float] = time.time,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        if max_turns < 1:
            raise ValueError("max_turns must be at least 1")
        if ttl_seconds <= 0:
            raise ValueError("ttl_seconds must be positive")
        if max_conversations < 1:
            raise ValueError("max_conversations must be at least 1")
        self.path = Path(path)
        self.max_turns = max_turns
        self.max_conversations = max_conversations
        self.ttl_seconds = float(ttl_seconds)
        self.health = Health()
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
            conn = open_database(self.path, timeout=self._timeout)
            try:
                with guarded(self.path):
                    conn.executescript(_SCHEMA)
            finally:
                conn.close()
            self._initialized = True
        self.purge_expired()

    def _connection(self) -> sqlite3.Connection:
        if not self._initialized:
            self._initialize()
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():  # new thread, or a forked child
            conn = open_database(self.path, timeout=self._timeout)
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    @contextmanager
    def _connect(self, writing: bool = False) -> Iterator[sqlite3.Connection]:
        try:
            with guarded(self.path, self.health, writing=writing):
                conn = self._connection()
                if not writing:
                    yield conn
                    return
                with write(conn):
                    yield conn
        except Exception:
            self.close()  # a broken connection (folder remounted, file replaced) is opened afresh next time
            raise

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
        return self.find(conversation_id) or []

    def find(self, conversation_id: str) -> list[Turn] | None:
        """The kept turns of a conversation, oldest first; None when there is no such conversation (never
        stored, expired or evicted)."""
        cutoff = self._clock() - self.ttl_seconds
        with self._connect() as conn:
            known = conn.execute(
                "SELECT 1 FROM conversations WHERE id = ? AND updated > ?", (conversation_id, cutoff)
            ).fetchone()
            if known is None:
                return None
            rows = conn.execute(
                "SELECT question, answer FROM turns WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?",
                (conversation_id, self.max_turns),
            ).fetchall()
        return [_turn(question, answer) for question, answer in reversed(rows)]

    def append(self, conversation_id: str, turn: Turn) -> None:
        """Add one turn; keeps the newest ``max_turns``. An expired conversation starts afresh; a new one beyond
        ``max_conversations`` evicts the least recently active."""
        now = self._clock()
        answer = json.dumps(turn.answer.to_dict(), ensure_ascii=False) if turn.answer is not None else None
        with self._connect(writing=True) as conn:
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
            if row is None:
                self._evict(conn, keep=conversation_id)
        self._appends += 1
        if self._appends % _PURGE_EVERY == 0:
            self.purge_expired()

    def _evict(self, conn: sqlite3.Connection, keep: str) -> None:
        """Beyond ``max_conversations``, forget the least recently active ones (never ``keep``)."""
        (count,) = conn.execute("SELECT COUNT(*) FROM conversations").fetchone()
        over = int(count) - self.max_conversations
        if over <= 0:
            return
        doomed = "SELECT id FROM conversations WHERE id != ? ORDER BY updated, id LIMIT ?"
        conn.execute(f"DELETE FROM turns WHERE conversation_id IN ({doomed})", (keep, over))
        conn.execute(f"DELETE FROM conversations WHERE id IN ({doomed})", (keep, over))

    def count(self) -> int:
        """How many conversations are stored (expired ones not yet purged included)."""
        with self._connect() as conn:
            return int(conn.execute("SELECT COUNT(*) FROM conversations").fetchone()[0])

    def delete(self, conversation_id: str) -> None:
        """Forget a conversation (no error when unknown)."""
        with self._connect(writing=True) as conn:
            conn.execute("DELETE FROM turns WHERE conversation_id = ?", (conversation_id,))
            conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    def purge_expired(self) -> int:
        """Delete every expired conversation; returns how many were removed."""
        cutoff = self._clock() - self.ttl_seconds
        with self._connect(writing=True) as conn:
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
