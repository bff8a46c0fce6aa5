"""The stores behind one interface on both backends: the same calls, the same results, on a SQLite file and on
a real PostgreSQL server (a throwaway cluster, tests/postgres_server.py). Then what only a shared database
has to get right: replicas (separate pools) migrating at once, a Slack delivery claimed once across them,
expiry and the conversation limit in SQL, and the settings that choose the backend."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from pydantic import ValidationError

from api.slack.state import SlackState
from assistant.config import Settings
from assistant.conversations import MIGRATIONS as CONVERSATION_MIGRATIONS
from assistant.conversations import ConversationStore
from assistant.database import Database, SqliteDatabase, database_for
from assistant.feedback import FeedbackStore
from assistant.postgres import PostgresDatabase, redacted, shared_database
from assistant.types import Answer, Turn

ANSWER = Answer("The CRO owns it.", "en", True)
MakeDatabase = Callable[[], Database]


@pytest.fixture(params=["sqlite", "postgresql"])
def make_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MakeDatabase]:
    """A factory of handles on ONE database (each call: another handle, as another replica would have)."""
    opened: list[Database] = []
    if request.param == "sqlite":
        path = tmp_path / "store.sqlite3"

        def make() -> Database:
            opened.append(SqliteDatabase(path))
            return opened[-1]
    else:
        url = request.getfixturevalue("database_url")

        def make() -> Database:
            opened.append(PostgresDatabase(url, pool_size=4))
            return opened[-1]

    yield make
    for database in opened:
        database.close()


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_conversations_keep_the_newest_turns_and_expire(make_database: MakeDatabase) -> None:
    clock = Clock()
    store = ConversationStore(make_database(), max_turns=3, ttl_seconds=60, clock=clock)
    assert store.find("c1") is None and store.history("c1") == []
    for i in range(5):
        store.append("c1", Turn(f"q{i}", ANSWER if i % 2 else None))
    assert [t.question for t in store.history("c1")] == ["q2", "q3", "q4"]
    assert store.history("c1")[1].answer == ANSWER and store.history("c1")[0].answer is None
    other = ConversationStore(make_database(), max_turns=3, ttl_seconds=60, clock=clock)  # another replica
    assert [t.question for t in other.history("c1")] == ["q2", "q3", "q4"]
    clock.now += 61
    assert store.find("c1") is None  # expired: read as unknown at once ...
    assert store.count() == 1
    assert store.purge_expired() == 1 and store.count() == 0  # ... and deleted in SQL
    store.append("c1", Turn("again", None))  # an expired id starts afresh
    assert [t.question for t in other.history("c1")] == ["again"]


def test_the_conversation_limit_evicts_the_least_recently_active(make_database: MakeDatabase) -> None:
    clock = Clock()
    store = ConversationStore(make_database(), max_conversations=3, clock=clock)
    for name in ("a", "b", "c"):
        clock.now += 1
        store.append(name, Turn(name, None))
    clock.now += 1
    store.append("a", Turn("a2", None))  # "a" is active again: "b" is now the oldest
    clock.now += 1
    store.append("d", Turn("d", None))
    assert store.count() == 3
    assert store.find("b") is None and store.find("a") is not None and store.find("d") is not None


def test_feedback_one_vote_per_user_and_answer(make_database: MakeDatabase) -> None:
    store = FeedbackStore(make_database())
    first = store.add("slack", "slack:T:C:1", "who owns ROI?", {"answer": "CRO"}, "up", "U1", ref="r1")
    again = FeedbackStore(make_database()).add(
        "slack", "slack:T:C:1", "who owns ROI?", {}, "down", "U1", "no", ref="r1"
    )
    assert again == first  # replaced, from another replica's handle
    other = store.add("http", None, "what is a CSO?", {"answer": "…"}, "up", None, "  ")
    rows = store.list()
    assert [r["id"] for r in rows] == [other, first]
    assert rows[1]["vote"] == "down" and rows[1]["comment"] == "no" and rows[1]["user"] == "U1"
    assert rows[0]["comment"] is None and rows[0]["created_at"].endswith("+00:00")
    assert store.counts() == {"up": 1, "down": 1}
    assert store.get(first) == rows[1] and store.get(10**9) is None
    assert [r["id"] for r in store.list(limit=1, offset=1)] == [first]


def test_a_slack_delivery_is_claimed_once_across_replicas(make_database: MakeDatabase) -> None:
    replicas = [SlackState(make_database()) for _ in range(4)]
    wins: list[bool] = []
    barrier = threading.Barrier(len(replicas) * 2)

    def claim(state: SlackState) -> None:
        barrier.wait()
        wins.append(state.claim_event("Ev-retried"))

    threads = [threading.Thread(target=claim, args=(s,)) for s in replicas for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(wins) == [False] * 7 + [True]
    replicas[0].finish_event("Ev-retried")
    assert not replicas[1].claim_event("Ev-retried")
    ref = replicas[2].save_answer("slack:T:C:1", "q", {"answer": "a"})
    assert replicas[3].load_answer(ref) == {
        "ref": ref,
        "conversation_id": "slack:T:C:1",
        "question": "q",
        "answer": {"answer": "a"},
    }
    assert replicas[3].load_answer("unknown") is None


def test_an_unfinished_claim_is_taken_over_after_its_lease(make_database: MakeDatabase) -> None:
    first = SlackState(make_database(), lease_seconds=0.0)
    assert first.claim_event("Ev-died")  # its handler died before finish_event
    assert SlackState(make_database(), lease_seconds=0.0).claim_event("Ev-died")
    held = SlackState(make_database(), lease_seconds=3600)
    assert not held.claim_event("Ev-died")


def test_replicas_starting_at_once_migrate_once(database_url: str) -> None:
    """Eight replicas (each with its own pool) open the stores of an empty database at the same moment."""
    databases = [PostgresDatabase(database_url, pool_size=2) for _ in range(8)]
    barrier = threading.Barrier(len(databases))
    found: list[int] = []
    errors: list[BaseException] = []

    def start(database: PostgresDatabase) -> None:
        barrier.wait()
        try:
            found.append(database.migrate("conversations", CONVERSATION_MIGRATIONS))
            FeedbackStore(database).counts()
            SlackState(database).claim_event("Ev-start")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(d,)) for d in databases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(found) == [0] + [1] * 7  # one replica migrated; the others found it done
    with psycopg.connect(database_url) as conn:
        rows = conn.execute("SELECT component, version FROM schema_versions ORDER BY component").fetchall()
    assert rows == [("conversations", 1), ("feedback", 1), ("slack", 1)]
    for database in databases:
        database.close()


def test_a_later_migration_step_is_applied_once_and_a_newer_schema_left_alone(
    make_database: MakeDatabase,
) -> None:
    database = make_database()
    assert database.migrate("conversations", CONVERSATION_MIGRATIONS) == 0
    added = ["CREATE TABLE IF NOT EXISTS later (x INTEGER)"]
    later = {dialect: [*steps, added] for dialect, steps in CONVERSATION_MIGRATIONS.items()}
    assert database.migrate("conversations", later) == 1
    assert database.migrate("conversations", later) == 2  # nothing left to do
    assert database.migrate("conversations", CONVERSATION_MIGRATIONS) == 2  # older code, newer schema: kept
    store = ConversationStore(database)
    store.append("c", Turn("q", None))
    assert store.history("c")[0].question == "q"


def test_the_setting_chooses_the_backend(tmp_path: Path, database_url: str) -> None:
    sqlite = database_for(Settings(data_dir=tmp_path), "x.sqlite3")
    assert isinstance(sqlite, SqliteDatabase) and sqlite.path == tmp_path / "x.sqlite3"
    settings = Settings(data_dir=tmp_path, database_url=database_url)
    shared = database_for(settings, "x.sqlite3")
    assert isinstance(shared, PostgresDatabase) and shared is database_for(settings, "y.sqlite3")
    assert ConversationStore.for_settings(settings).database is shared
    assert FeedbackStore.for_settings(settings).database is shared
    assert SlackState.for_settings(settings).database is shared
    assert not (tmp_path / "x.sqlite3").exists()
    shared_database.cache_clear()
    shared.close()


@pytest.mark.parametrize("url", ["mysql://u@h/db", "sqlite:///x.db", "127.0.0.1:5432", "postgresql:/nohost"])
def test_a_database_url_that_is_not_postgresql_is_refused(url: str) -> None:
    with pytest.raises(ValidationError, match="must be a PostgreSQL URL"):
        Settings(database_url=url)


def test_the_password_never_shows() -> None:
    url = "postgres://app:s3cret@db.internal:5433/assistant"
    assert Settings(database_url=url).database_url is not None
    assert "s3cret" not in repr(Settings(database_url=url))
    assert redacted(url) == "postgresql://app:***@db.internal:5433/assistant"
    assert Settings(database_url="").database_url is None
