"""FeedbackStore: durable votes in SQLite, newest first, safe across processes."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.feedback import FEEDBACK_FILE, AnswerNotFound, FeedbackStore, answer_id_for, rate_answer
from assistant.types import Answer, Turn

ANSWER = {
    "answer": "The CRO owns marketing ROI.",
    "roles": [{"id": "cro", "name": "CRO", "share": "primary"}],
}


def test_add_and_list_round_trip(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    first = store.add("slack", "slack:T:C:1.0", "who owns marketing ROI?", ANSWER, "up", "U1")
    second = store.add("http", None, "what is a CSO?", {"answer": "…"}, "down", None)
    assert second > first
    rows = store.list()
    assert [r["id"] for r in rows] == [second, first]  # newest first
    assert rows[1] == {
        "id": first,
        "created_at": rows[1]["created_at"],
        "source": "slack",
        "conversation_id": "slack:T:C:1.0",
        "question": "who owns marketing ROI?",
        "answer": ANSWER,
        "vote": "up",
        "user": "U1",
        "comment": None,
    }
    assert rows[1]["created_at"].endswith("+00:00")
    assert store.counts() == {"up": 1, "down": 1}


def test_limit_and_offset(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    ids = [store.add("slack", None, f"q{i}", {}, "up", None) for i in range(5)]
    assert [r["id"] for r in store.list(limit=2)] == ids[::-1][:2]
    assert [r["id"] for r in store.list(limit=2, offset=2)] == ids[::-1][2:4]
    assert store.list(limit=0) == []


def test_rejects_unknown_vote(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    with pytest.raises(ValueError):
        store.add("slack", None, "q", {}, "sideways", None)  # type: ignore[arg-type]
    assert store.list() == []


def test_survives_reopening_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "fb.sqlite3"
    FeedbackStore(path).add("slack", None, "q", ANSWER, "down", "U2")
    again = FeedbackStore(path)
    assert [r["vote"] for r in again.list()] == ["down"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_for_settings_lives_under_data_dir(tmp_path: Path) -> None:
    store = FeedbackStore.for_settings(Settings(data_dir=tmp_path / "d"))
    assert store.path == tmp_path / "d" / FEEDBACK_FILE
    assert (
        not store.path.exists()
    )  # constructing touches nothing (an app factory builds one; a read-only folder cannot stop startup)
    assert store.list() == [] and store.path.exists()


def test_one_vote_per_user_and_answer_the_latest_wins(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    first = store.add("slack", "c", "q", ANSWER, "up", "U1", ref="r1")
    assert store.add("slack", "c", "q", ANSWER, "up", "U1", ref="r1") == first  # a replay: still one vote
    assert store.add("slack", "c", "q", ANSWER, "down", "U1", ref="r1") == first  # changed mind: replaced
    store.add("slack", "c", "q", ANSWER, "up", "U2", ref="r1")  # another user
    store.add("slack", "c", "q2", ANSWER, "up", "U1", ref="r2")  # another answer
    store.add("slack", "c", "q", ANSWER, "up", None, ref="r1")  # no user: nothing to count it against
    store.add("slack", "c", "q", ANSWER, "up", None, ref="r1")
    assert [(r["user"], r["vote"]) for r in store.list() if r["id"] == first] == [("U1", "down")]
    assert store.counts() == {"up": 4, "down": 1}


def test_an_older_file_gains_the_one_vote_rule(tmp_path: Path) -> None:
    path = tmp_path / "fb.sqlite3"
    with sqlite3.connect(path) as conn:  # the schema before answer references were kept
        conn.execute(
            "CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at REAL NOT NULL, source TEXT"
            " NOT NULL, conversation_id TEXT, question TEXT NOT NULL, answer_json TEXT NOT NULL, vote TEXT"
            " NOT NULL, user TEXT)"
        )
        conn.execute("INSERT INTO feedback VALUES (1, 0, 'slack', NULL, 'q', '{}', 'up', 'U1')")
    store = FeedbackStore(path)
    store.add("slack", None, "q", {}, "down", "U1", ref="r")
    store.add("slack", None, "q", {}, "up", "U1", ref="r")
    assert [(r["id"], r["vote"]) for r in store.list()] == [(2, "up"), (1, "up")]


def _writer(path: str, n: int, tag: int) -> None:
    store = FeedbackStore(Path(path))
    for i in range(n):
        store.add("proc", f"c{tag}", f"q{tag}-{i}", {"i": i}, "up" if i % 2 else "down", str(tag))


def test_concurrent_writers_in_several_processes(tmp_path: Path) -> None:
    path = tmp_path / "fb.sqlite3"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(path), 25, t)) for t in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    rows = FeedbackStore(path).list(limit=1000)
    assert len(rows) == 100
    assert len({r["id"] for r in rows}) == 100
    assert FeedbackStore(path).counts() == {"up": 48, "down": 52}


def test_a_comment_is_kept_stripped_and_a_blank_one_is_none(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    store.add("http", "c1", "q", ANSWER, "down", None, "  the CMO owns it  ")
    store.add("http", "c1", "q", ANSWER, "up", None, "   ")
    assert [r["comment"] for r in store.list()] == [None, "the CMO owns it"]
    with pytest.raises(ValueError, match="limit"):
        store.add("http", "c1", "q", ANSWER, "up", None, "x" * 2001)


def test_a_file_from_before_comments_gets_the_column(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at REAL NOT NULL,"
            " source TEXT NOT NULL, conversation_id TEXT, question TEXT NOT NULL, answer_json TEXT NOT NULL,"
            " vote TEXT NOT NULL, user TEXT)"
        )
        conn.execute(
            "INSERT INTO feedback (created_at, source, question, answer_json, vote) VALUES (1, 'slack', 'q', '{}', 'up')"
        )
    store = FeedbackStore(path)
    assert FeedbackStore(path).list()[0]["comment"] is None  # this opener adds the column, the next finds it
    store.add("http", None, "q2", {}, "down", None, "why")
    assert [(r["question"], r["comment"]) for r in store.list()] == [("q2", "why"), ("q", None)]


def _turns() -> list[Turn]:
    roi = Answer.from_dict({**ANSWER, "language": "en", "answered": True, "citations": [], "confidence": 1.0})
    return [Turn("who owns marketing ROI?", roi), Turn("unanswered", None), Turn("and then?", roi)]


def test_rate_answer_by_id_or_latest_and_its_errors(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    turns = _turns()
    history = {"c1": turns}.get
    first = answer_id_for("c1", turns[0].question, turns[0].answer.to_dict())  # type: ignore[union-attr]
    item = rate_answer(store, lambda c: history(c) or [], "up", answer_id=first, comment="good")
    assert (item["question"], item["comment"], item["source"]) == ("who owns marketing ROI?", "good", "http")
    latest = rate_answer(store, lambda c: history(c) or [], "down", conversation_id="c1")
    assert latest["question"] == "and then?"
    for bad in (
        {"conversation_id": None},
        {"answer_id": "c1"},
        {"answer_id": first, "conversation_id": "c2"},
        {"conversation_id": "c1", "comment": "x" * 2001},
    ):
        with pytest.raises(ValueError):
            rate_answer(store, lambda c: history(c) or [], "up", **bad)  # type: ignore[arg-type]
    with pytest.raises(AnswerNotFound):
        rate_answer(store, lambda c: history(c) or [], "up", conversation_id="c2")
    with pytest.raises(AnswerNotFound):
        rate_answer(store, lambda c: history(c) or [], "up", answer_id="c1.000000000000")
    assert len(store.list()) == 2
