"""Durable 👍/👎 feedback on answers: one SQLite file under ``data_dir``, safe across threads and processes.

Any adapter may record feedback (the Slack buttons do); ``assistant feedback`` and ``GET /v1/feedback`` read
it. Each call opens its own short-lived connection (WAL journal, busy timeout), so one store object can be
shared by threads and several processes can write to the same file.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

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


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A short-lived SQLite connection in WAL mode; commits on success, always closes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=10.0, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        yield conn
    finally:
        conn.close()


class FeedbackStore:
    """Votes on answers. ``add`` records one; ``list`` returns the newest first."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with connect(self.path) as conn:
            conn.executescript(_SCHEMA)

    @classmethod
    def for_settings(cls, settings: Settings) -> FeedbackStore:
        """The store every adapter shares: ``<data_dir>/feedback.sqlite3``."""
        return cls(Path(settings.data_dir) / FEEDBACK_FILE)

    def add(
        self,
        source: str,
        conversation_id: str | None,
        question: str,
        answer_dict: dict[str, Any],
        vote: Vote,
        user: str | None,
    ) -> int:
        """Store one vote and return its id. Raises ValueError for a vote other than "up" / "down"."""
        if vote not in _VOTES:
            raise ValueError(f"vote must be 'up' or 'down', not {vote!r}")
        with connect(self.path) as conn:
            cur = conn.execute(
                "INSERT INTO feedback"
                " (created_at, source, conversation_id, question, answer_json, vote, user)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (time.time(), source, conversation_id, question, json.dumps(answer_dict), vote, user),
            )
            return int(cur.lastrowid or 0)

    def list(self, limit: int = 100, offset: int = 0) -> _Rows:
        """The newest ``limit`` votes (after skipping ``offset``), each a JSON-ready dict."""
        limit = max(0, int(limit))
        offset = max(0, int(offset))
        with connect(self.path) as conn:
            rows = conn.execute(
                "SELECT id, created_at, source, conversation_id, question, answer_json, vote, user"
                " FROM feedback ORDER BY id DESC LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [_row(r) for r in rows]

    def counts(self) -> dict[str, int]:
        """Totals per vote: ``{"up": n, "down": m}``."""
        with connect(self.path) as conn:
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
