"""Slack-side durable state: delivered event ids (retry dedupe) and posted answers, in one SQLite file under
the data folder or in the shared PostgreSQL database (``ASSISTANT_DATABASE_URL``), where every replica sees
every other's claims: a retry delivered to another replica is not answered again.

Posted answers are kept so the 👍/👎 and "Share in channel" buttons can carry a short reference in their
``value`` (Slack caps it at 2,000 characters) and still find the question and the full answer object later,
also after a restart.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, TypedDict

from assistant.config import Settings
from assistant.database import Database, Migrations, Session, SqliteDatabase, database_for
from assistant.storage import Health

__all__ = ["MIGRATIONS", "SLACK_STATE_FILE", "SavedAnswer", "SlackState"]

SLACK_STATE_FILE = "slack.sqlite3"


def _schema(seconds: str) -> list[str]:
    return [
        f"CREATE TABLE IF NOT EXISTS slack_events (event_id TEXT PRIMARY KEY, seen_at {seconds} NOT NULL,"
        " done INTEGER NOT NULL DEFAULT 0)",
        f"CREATE TABLE IF NOT EXISTS slack_answers (ref TEXT PRIMARY KEY, created_at {seconds} NOT NULL,"
        " conversation_id TEXT, question TEXT NOT NULL, answer_json TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS slack_events_seen ON slack_events (seen_at)",
        "CREATE INDEX IF NOT EXISTS slack_answers_created ON slack_answers (created_at)",
    ]


MIGRATIONS: Migrations = {"sqlite": [_schema("REAL")], "postgresql": [_schema("DOUBLE PRECISION")]}


_PURGE_EVERY = 256


class SavedAnswer(TypedDict):
    ref: str
    conversation_id: str | None
    question: str
    answer: dict[str, Any]


class SlackState:
    """Event-id dedupe and answer references; safe to share across threads and processes."""

    def __init__(
        self,
        where: str | Path | Database,
        *,
        event_ttl_seconds: int = 24 * 3600,
        answer_ttl_seconds: int = 90 * 86400,
        lease_seconds: float = 30.0,
        clock: Callable[[], float] = time.time,
    ):
        self.database: Database = SqliteDatabase(where) if isinstance(where, str | Path) else where
        self.path: Path | None = getattr(self.database, "path", None)  # the SQLite file, if that
        self.event_ttl = event_ttl_seconds
        self.answer_ttl = answer_ttl_seconds
        self.lease = lease_seconds
        # wall-clock seconds, shared by every process on the database (tests pass their own)
        self.clock = clock
        self._writes = 0
        self.health = Health()
        self._ready = False
        self._lock = threading.Lock()

    @classmethod
    def for_settings(cls, settings: Settings) -> SlackState:
        """The state every Slack adapter shares: ``ASSISTANT_DATABASE_URL``, else ``<data_dir>/slack.sqlite3``."""
        return cls(database_for(settings, SLACK_STATE_FILE))

    def _connect(self, *, writing: bool = True) -> AbstractContextManager[Session]:
        """One transaction; the schema is created or migrated on first use."""
        if not self._ready:
            with self._lock:
                if not self._ready:
                    self.database.migrate("slack", MIGRATIONS, self.health)
                    self._ready = True
            self._purge()
        return self.database.session(self.health, writing=writing)

    def _purge(self) -> None:
        now = self.clock()
        with self._connect() as conn:
            conn.execute("DELETE FROM slack_events WHERE seen_at < ?", (now - self.event_ttl,))
            conn.execute("DELETE FROM slack_answers WHERE created_at < ?", (now - self.answer_ttl,))

    def _wrote(self) -> None:
        self._writes += 1
        if self._writes % _PURGE_EVERY == 0:
            self._purge()

    def claim_event(self, event_id: str) -> bool:
        """True when the caller should handle ``event_id``: its first delivery, or a redelivery of one whose
        handler never finished (the process died) and whose claim is older than the lease; False otherwise."""
        now = self.clock()
        with self._connect() as conn:
            cur = conn.execute(
                "INSERT INTO slack_events (event_id, seen_at, done) VALUES (?, ?, 0)"
                " ON CONFLICT (event_id) DO NOTHING",
                (event_id, now),
            )
            claimed = cur.rowcount == 1
            if not claimed:  # take over a stale, unfinished claim
                cur = conn.execute(
                    "UPDATE slack_events SET seen_at = ? WHERE event_id = ? AND done = 0 AND seen_at < ?",
                    (now, event_id, now - self.lease),
                )
                claimed = cur.rowcount == 1
        self._wrote()
        return claimed

    def finish_event(self, event_id: str) -> None:
        """Mark ``event_id`` answered: no redelivery is handled again."""
        with self._connect() as conn:
            conn.execute("UPDATE slack_events SET done = 1 WHERE event_id = ?", (event_id,))

    def save_answer(self, conversation_id: str | None, question: str, answer: dict[str, Any]) -> str:
        """Keep a posted answer; returns the short reference the message's buttons carry."""
        ref = secrets.token_urlsafe(12)
        now = self.clock()
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO slack_answers (ref, created_at, conversation_id, question, answer_json)"
                " VALUES (?, ?, ?, ?, ?)",
                (ref, now, conversation_id, question, json.dumps(answer)),
            )
        self._wrote()
        return ref

    def load_answer(self, ref: str) -> SavedAnswer | None:
        """The answer a button refers to, or None when unknown or expired."""
        with self._connect(writing=False) as conn:
            row = conn.execute(
                "SELECT conversation_id, question, answer_json FROM slack_answers WHERE ref = ?", (ref,)
            ).fetchone()
        if row is None:
            return None
        return SavedAnswer(ref=ref, conversation_id=row[0], question=row[1], answer=json.loads(row[2]))
