"""ConversationStore: round trips, bounds, expiry, threads and processes sharing one SQLite file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from assistant.conversations import ConversationStore
from assistant.types import Answer, Citation, RoleRef, Turn


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def answer(text: str = "The CRO owns it.") -> Answer:
    return Answer(
        answer=text,
        language="en",
        answered=True,
        roles=[RoleRef("cro", "Chief Revenue Officer", "primary")],
        citations=[Citation("a-1", "2. CRO", "lainaus äöå")],
        confidence=0.9,
        kind="owner",
        topic="marketing_roi",
    )


def test_new_ids_are_distinct_hex(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path / "c.sqlite3")
    ids = {store.new_id() for _ in range(100)}
    assert len(ids) == 100
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)


def test_round_trip_keeps_answer_objects_and_order(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path / "c.sqlite3")
    store.append("x", Turn("who owns marketing ROI?", answer()))
    store.append("x", Turn("only a question"))
    store.append("y", Turn("other conversation", answer("other")))
    history = store.history("x")
    assert [t.question for t in history] == ["who owns marketing ROI?", "only a question"]
    assert history[0].answer == answer()
    assert history[1].answer is None
    assert store.history("unknown") == []


def test_history_is_bounded_to_the_newest_turns(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path / "c.sqlite3", max_turns=3)
    for i in range(7):
        store.append("x", Turn(f"q{i}"))
    assert [t.question for t in store.history("x")] == ["q4", "q5", "q6"]
    with sqlite3.connect(tmp_path / "c.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM turns").fetchone()[0] == 3


def test_conversations_expire_after_last_activity(tmp_path: Path) -> None:
    clock = Clock()
    store = ConversationStore(tmp_path / "c.sqlite3", ttl_seconds=100, clock=clock)
    store.append("x", Turn("q1", answer()))
    clock.now += 90
    store.append("x", Turn("q2"))  # activity extends the conversation
    clock.now += 90
    assert [t.question for t in store.history("x")] == ["q1", "q2"]
    clock.now += 11
    assert store.history("x") == []
    store.append("x", Turn("q3"))  # an expired conversation starts afresh
    assert [t.question for t in store.history("x")] == ["q3"]


def test_purge_expired_deletes_rows(tmp_path: Path) -> None:
    clock = Clock()
    store = ConversationStore(tmp_path / "c.sqlite3", ttl_seconds=60, clock=clock)
    store.append("old", Turn("q"))
    clock.now += 30
    store.append("new", Turn("q"))
    clock.now += 31
    assert store.purge_expired() == 1
    with sqlite3.connect(tmp_path / "c.sqlite3") as conn:
        assert conn.execute("SELECT conversation_id FROM turns").fetchall() == [("new",)]


def test_delete_forgets_a_conversation(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path / "c.sqlite3")
    store.append("x", Turn("q"))
    store.delete("x")
    store.delete("never-existed")
    assert store.history("x") == []


def test_touches_nothing_until_used_then_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "c.sqlite3"
    store = ConversationStore(path)
    assert not path.parent.exists()
    assert store.history("x") == []
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_unreadable_stored_answer_becomes_none(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path / "c.sqlite3")
    store.append("x", Turn("q", answer()))
    with sqlite3.connect(tmp_path / "c.sqlite3") as conn:
        conn.execute("UPDATE turns SET answer = '{not json'")
    assert store.history("x") == [Turn("q", None)]


@pytest.mark.parametrize("kwargs", [{"max_turns": 0}, {"ttl_seconds": 0}])
def test_rejects_nonsense_limits(tmp_path: Path, kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        ConversationStore(tmp_path / "c.sqlite3", **kwargs)


def test_threads_share_one_store(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path / "c.sqlite3", max_turns=1000)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(40):
                store.append("shared", Turn(f"t{n}-{i}"))
                store.append(f"own-{n}", Turn(f"t{i}"))
                store.history("shared")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(store.history("shared")) == 8 * 40
    assert all(len(store.history(f"own-{n}")) == 40 for n in range(8))


_WRITER = """
import sys
from assistant.conversations import ConversationStore
from assistant.types import Turn
store = ConversationStore(sys.argv[1], max_turns=1000)
for i in range(50):
    store.append("shared", Turn(f"{sys.argv[2]}-{i}"))
    store.history("shared")
"""


def test_processes_share_one_store(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), f"p{n}"]) for n in range(4)]
    assert [p.wait(60) for p in procs] == [0, 0, 0, 0]
    history = ConversationStore(path, max_turns=1000).history("shared")
    assert len(history) == 200
    for n in range(4):  # each writer's turns stay in its own order
        mine = [t.question for t in history if t.question.startswith(f"p{n}-")]
        assert mine == [f"p{n}-{i}" for i in range(50)]


# ---- issue 13: known ids only, and a bound on how many are kept -------------------------------------------
def test_find_tells_an_unknown_conversation_from_an_empty_one(tmp_path: Path) -> None:
    clock = Clock()
    store = ConversationStore(tmp_path / "c.sqlite3", ttl_seconds=100, clock=clock)
    assert store.find("never") is None
    store.append("x", Turn("q", answer()))
    assert store.find("x") == [Turn("q", answer())]
    clock.now += 101
    assert store.find("x") is None  # expired


def test_stored_conversations_are_bounded_oldest_evicted_first(tmp_path: Path) -> None:
    clock = Clock()
    store = ConversationStore(tmp_path / "c.sqlite3", max_conversations=3, clock=clock)
    for name in ("a", "b", "c"):
        store.append(name, Turn("q"))
        clock.now += 1
    store.append("a", Turn("q again"))  # activity: "a" is now the newest
    clock.now += 1
    store.append("d", Turn("q"))  # a fourth: the least recently active ("b") goes
    assert store.count() == 3
    assert [n for n in "abcd" if store.find(n) is not None] == ["a", "c", "d"]
    with sqlite3.connect(tmp_path / "c.sqlite3") as conn:  # its turns went with it
        assert conn.execute("SELECT COUNT(*) FROM turns WHERE conversation_id = 'b'").fetchone()[0] == 0
    with pytest.raises(ValueError):
        ConversationStore(tmp_path / "d.sqlite3", max_conversations=0)
