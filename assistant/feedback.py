"""Durable 👍/👎 feedback on answers: one SQLite file under ``data_dir``, safe across threads and processes.

Any adapter may record feedback (the Slack buttons do); ``assistant feedback`` and ``GET /v1/feedback`` read
it. Each call opens its own short-lived connection (``assistant.storage``: WAL journal, busy timeout), so one
store object can be shared by threads and several processes can write to the same file. A vote given with the
answer's reference and the user counts once per user and answer: voting again replaces it (the latest wins).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.storage import Health, connection

if TYPE_CHECKING:
    from assistant.config import Settings

__all__ = ["FEEDBACK_FILE", "FeedbackStore", "Vote"]

Vote = Literal["up", "down"]
FEEDBACK_FILE = "feedback.sqlite3"
_VOTES = ("up", "down")
_Rows = list[dict[str, Any]]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at REAL NOT NULL,
    source TEXT NOT NULL,
    conversation_id TEXT,
    question TEXT NOT NULL,
    answer_json TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    user TEXT
);
CREATE INDEX IF NOT EXISTS feedback_created ON feedback (created_at);
"""
# added later: the answer a vote is about (Slack: the message's answer reference); one vote per user and answer
_REF_COLUMN = "ALTER TABLE feedback ADD COLUMN ref TEXT"
_ONE_VOTE = (
    "CREATE UNIQUE INDEX IF NOT EXISTS feedback_one_vote ON feedback (source, ref, user)"
    " WHERE ref IS NOT NULL AND user IS NOT NULL"
)


class FeedbackStore:
    """Votes on answers. ``add`` records one; ``list`` returns the newest first. The file and its schema are
    created on first use (constructing a store touches nothing)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.health = Health()
        self._ready = False
        self._lock = threading.Lock()

    @classmethod
    def for_settings(cls, settings: Settings) -> FeedbackStore:
        """The store every adapter shares: ``<data_dir>/feedback.sqlite3``."""
        return cls(Path(settings.data_dir) / FEEDBACK_FILE)

    @contextmanager
    def _connect(self, *, writing: bool = False) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            with self._lock, connection(self.path, self.health, writing=True) as conn:
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    conn.execute(statement)  # not executescript: it would commit the open transaction
                columns = {row[1] for row in conn.execute("PRAGMA table_info(feedback)")}
                if "ref" not in columns:
                    conn.execute(_REF_COLUMN)
                conn.execute(_ONE_VOTE)
            self._ready = True
        with connection(self.path, self.health, writing=writing) as conn:
            yield conn

    def add(
        self,
        source: str,
        conversation_id: str | None,
        question: str,
        answer_dict: dict[str, Any],
        vote: Vote,
        user: str | None,
        *,
        ref: str | None = None,
    ) -> int:
        """Store one vote and return its id. With ``ref`` (the answer voted on) and ``user``, an earlier vote of
        that user on that answer is replaced (same id). Raises ValueError for a vote other than "up" / "down"."""
        if vote not in _VOTES:
            raise ValueError(f"vote must be 'up' or 'down', not {vote!r}")
        with self._connect(writing=True) as conn:
            row = conn.execute(
                "INSERT INTO feedback"
                " (created_at, source, conversation_id, question, answer_json, vote, user, ref)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (source, ref, user) WHERE ref IS NOT NULL AND user IS NOT NULL"
                " DO UPDATE SET vote = excluded.vote, created_at = excluded.created_at"
                " RETURNING id",
                (time.time(), source, conversation_id, question, json.dumps(answer_dict), vote, user, ref),
            ).fetchone()
            return int(row[0])

    def list(self, limit: int = 100, offset: int = 0) -> _Rows:
        """The newest ``limit`` votes (after skipping ``offset``), each a JSON-ready dict."""
        limit = max(0, int(limit))
        offset = max(0, int(offset))
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT id, created_at, source, conversation_id, question, answer_json, vote, user"
                " FROM feedback ORDER BY id DESC LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [_row(r) for r in rows]

    def counts(self) -> dict[str, int]:
        """Totals per vote: ``{"up": n, "down": m}``."""
        with self._connect() as conn:
            rows = conn.execute("SELECT vote, COUNT(*) FROM feedback GROUP BY vote").fetchall()
        totals = dict.fromkeys(_VOTES, 0)
        totals.update({str(v): int(n) for v, n in rows})
        return totals


def _row(r: tuple[Any, ...]) -> dict[str, Any]:
    fid, created, source, conversation_id, question, answer_json, vote, user = r
    return {
        "id": int(fid),
        "created_at": datetime.fromtimestamp(created, UTC).isoformat(timespec="seconds"),
        "source": source,
        "conversation_id": conversation_id,
        "question": question,
        "answer": json.loads(answer_json),
        "vote": vote,
        "user": user,
    }
