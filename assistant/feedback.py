"""Durable 👍/👎 feedback on answers: one SQLite file under ``data_dir``, safe across threads and processes.

Every adapter records feedback in this one store: the Slack buttons, and ``POST /v1/feedback`` (the web page's
buttons) through ``rate_answer``; ``assistant feedback`` and ``GET /v1/feedback`` read it. A vote may carry a
comment. Each call opens its own short-lived connection (``assistant.storage``: WAL journal, busy timeout), so
one store object can be shared by threads and several processes can write to the same file. A vote given with
the answer's reference and the user counts once per user and answer: voting again replaces it (the latest wins).

An answer kept in a stored conversation is named by its ``answer_id``: the conversation id and a digest of the
turn (its question and what the engine decided: kind, roles, citations), so naming an answer costs no write.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.errors import AssistantError
from assistant.storage import Health, connection

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.types import Turn

__all__ = [
    "ANSWER_ID_PATTERN",
    "FEEDBACK_FILE",
    "MAX_COMMENT_CHARS",
    "AnswerNotFound",
    "FeedbackStore",
    "Vote",
    "answer_id_for",
    "rate_answer",
]

Vote = Literal["up", "down"]
FEEDBACK_FILE = "feedback.sqlite3"
_VOTES = ("up", "down")
_Rows = list[dict[str, Any]]
MAX_COMMENT_CHARS = 2000
ANSWER_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}\.[0-9a-f]{12}$"  # <conversation id>.<digest of the turn>

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at REAL NOT NULL,
    source TEXT NOT NULL,
    conversation_id TEXT,
    question TEXT NOT NULL,
    answer_json TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    user TEXT,
    comment TEXT
);
CREATE INDEX IF NOT EXISTS feedback_created ON feedback (created_at);
"""
_COMMENT_COLUMN = "ALTER TABLE feedback ADD COLUMN comment TEXT"


# added later: the answer a vote is about (Slack: the message's answer reference); one vote per user and answer
_ADDED_COLUMNS = {"ref": "ALTER TABLE feedback ADD COLUMN ref TEXT", "comment": _COMMENT_COLUMN}
_ONE_VOTE = (
    "CREATE UNIQUE INDEX IF NOT EXISTS feedback_one_vote ON feedback (source, ref, user)"
    " WHERE ref IS NOT NULL AND user IS NOT NULL"
)


class AnswerNotFound(AssistantError):
    """The answer to rate is not (or no longer) in the stored conversation."""

    code = "answer_not_found"


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
                for column, alter in _ADDED_COLUMNS.items():
                    if column not in columns:  # a file written before the column existed
                        conn.execute(alter)
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
        comment: str | None = None,
        *,
        ref: str | None = None,
    ) -> int:
        """Store one vote and return its id. With ``ref`` (the answer voted on) and ``user``, an earlier vote of
        that user on that answer is replaced (same id). Raises ValueError for a vote other than "up" / "down" or
        a comment over ``MAX_COMMENT_CHARS``; a blank comment is stored as none."""
        if vote not in _VOTES:
            raise ValueError(f"vote must be 'up' or 'down', not {vote!r}")
        comment = _comment(comment)
        with self._connect(writing=True) as conn:
            row = conn.execute(
                "INSERT INTO feedback"
                " (created_at, source, conversation_id, question, answer_json, vote, user, comment, ref)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (source, ref, user) WHERE ref IS NOT NULL AND user IS NOT NULL"
                " DO UPDATE SET vote = excluded.vote, comment = excluded.comment,"
                " created_at = excluded.created_at"
                " RETURNING id",
                (
                    time.time(),
                    source,
                    conversation_id,
                    question,
                    json.dumps(answer_dict),
                    vote,
                    user,
                    comment,
                    ref,
                ),
            ).fetchone()
            return int(row[0])

    def get(self, feedback_id: int) -> dict[str, Any] | None:
        """One stored vote by its id, or None."""
        with self._connect() as conn:
            row = conn.execute(f"SELECT {_COLUMNS} FROM feedback WHERE id = ?", (feedback_id,)).fetchone()
        return _row(row) if row is not None else None

    def list(self, limit: int = 100, offset: int = 0) -> _Rows:
        """The newest ``limit`` votes (after skipping ``offset``), each a JSON-ready dict."""
        limit = max(0, int(limit))
        offset = max(0, int(offset))
        with self._connect() as conn:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM feedback ORDER BY id DESC LIMIT ? OFFSET ?",
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


def answer_id_for(conversation_id: str, question: str, answer: Mapping[str, Any]) -> str:
    """The id of an answered turn of a stored conversation: ``<conversation_id>.<12 hex digits>``."""
    decided = {
        "question": question,
        "kind": answer.get("kind"),
        "answered": answer.get("answered"),
        "roles": [r.get("id") for r in answer.get("roles") or []],
        "citations": [c.get("chunk_id") for c in answer.get("citations") or []],
    }
    digest = hashlib.sha256(json.dumps(decided, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"{conversation_id}.{digest[:12]}"


def rate_answer(
    store: FeedbackStore,
    history: Callable[[str], Sequence[Turn]],
    vote: Vote,
    *,
    conversation_id: str | None = None,
    answer_id: str | None = None,
    comment: str | None = None,
    source: str = "http",
    user: str | None = None,
) -> dict[str, Any]:
    """Record a vote on an answer of a stored conversation and return the stored item.

    ``answer_id`` names the answer (and so its conversation); with only ``conversation_id`` the latest answer
    of that conversation is rated. ``history(conversation_id)`` gives the stored turns. Raises ValueError for a
    malformed id, a vote other than up/down or a comment over the limit, and AnswerNotFound when the
    conversation has no such answer (unknown, expired, or the turn dropped out of the kept history)."""
    if answer_id is not None:
        if not re.fullmatch(ANSWER_ID_PATTERN, answer_id):
            raise ValueError("answer_id must look like '<conversation_id>.<12 hex digits>'")
        named = answer_id.rsplit(".", 1)[0]
        if conversation_id is not None and conversation_id != named:
            raise ValueError("answer_id belongs to another conversation than conversation_id")
        conversation_id = named
    if conversation_id is None:
        raise ValueError("give the conversation_id or the answer_id of the answer to rate")
    _comment(comment)
    if vote not in _VOTES:
        raise ValueError(f"vote must be 'up' or 'down', not {vote!r}")
    for turn in reversed(history(conversation_id)):
        if turn.answer is None:
            continue
        answer = turn.answer.to_dict()
        if answer_id is None or answer_id_for(conversation_id, turn.question, answer) == answer_id:
            fid = store.add(source, conversation_id, turn.question, answer, vote, user, comment)
            item = store.get(fid)
            assert item is not None
            return item
    what = f"answer {answer_id}" if answer_id else f"answer in conversation {conversation_id}"
    raise AnswerNotFound(f"no {what}: unknown, expired, or older than the kept turns")


_COLUMNS = "id, created_at, source, conversation_id, question, answer_json, vote, user, comment"


def _comment(comment: str | None) -> str | None:
    if comment is None or not comment.strip():
        return None
    if len(comment) > MAX_COMMENT_CHARS:
        raise ValueError(f"the comment is {len(comment)} characters long; the limit is {MAX_COMMENT_CHARS}")
    return comment.strip()


def _row(r: tuple[Any, ...]) -> dict[str, Any]:
    fid, created, source, conversation_id, question, answer_json, vote, user, comment = r
    return {
        "id": int(fid),
        "created_at": datetime.fromtimestamp(created, UTC).isoformat(timespec="seconds"),
        "source": source,
        "conversation_id": conversation_id,
        "question": question,
        "answer": json.loads(answer_json),
        "vote": vote,
        "user": user,
        "comment": comment,
    }
