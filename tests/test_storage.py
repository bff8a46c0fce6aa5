"""One SQLite helper for every store (finding 11 of issue 13), and storage faults on a real disk (finding 4).

Every store — conversations, feedback, the Slack state, the embedding cache — opens its file through
``assistant.storage``: WAL, a busy timeout, and a retry of the WAL switch, which SQLite refuses at once
("database is locked", without calling the busy handler) while another process is writing the new file.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import assistant.errors
from api.slack.state import SlackState
from assistant.conversations import ConversationStore
from assistant.feedback import FeedbackStore
from assistant.types import Answer, Turn
from index.cache import EmbeddingCache
from tests.storage_faults import Disk

# the errors storage faults become (getattr: this file also runs, and fails, against the code before them)
StorageUnavailable = getattr(assistant.errors, "StorageUnavailable", type("Missing", (Exception,), {}))
StorageFull = getattr(assistant.errors, "StorageFull", StorageUnavailable)

ANSWER = Answer("The CRO owns it.", "en", True)


def _use_conversations(path: Path) -> None:
    store = ConversationStore(path)
    store.append("x", Turn("q", ANSWER))
    assert store.history("x")[0].answer == ANSWER


def _use_feedback(path: Path) -> None:
    store = FeedbackStore(path)
    store.add("slack", None, "q", {}, "up", "U1")
    assert store.counts() == {"up": 1, "down": 0}


def _use_slack_state(path: Path) -> None:
    state = SlackState(path)
    assert state.claim_event("Ev1") and not state.claim_event("Ev1")


def _use_embedding_cache(path: Path) -> None:
    cache = EmbeddingCache(path)
    cache.put_many({"k": [0.5, 0.25]})
    assert cache.get_many(["k"]) == {"k": [0.5, 0.25]}
    cache.close()


STORES: dict[str, Callable[[Path], None]] = {
    "conversations": _use_conversations,
    "feedback": _use_feedback,
    "slack": _use_slack_state,
    "embedding_cache": _use_embedding_cache,
}


@pytest.fixture
def writer_holding_a_new_file(tmp_path: Path) -> Iterator[Path]:
    """A new database file (rollback journal, as SQLite creates it) with another connection in the middle of
    a write, as when another process is creating the same store; it commits a moment later."""
    path = tmp_path / "store.sqlite3"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE other (x)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO other VALUES (1)")
    done = threading.Timer(0.3, other.execute, ("COMMIT",))
    done.start()
    yield path
    done.join()
    other.close()


@pytest.mark.parametrize("store", sorted(STORES))
def test_every_store_waits_out_a_locked_wal_switch(writer_holding_a_new_file: Path, store: str) -> None:
    """Before: only the conversation store retried; the others failed at once with "database is locked"."""
    STORES[store](writer_holding_a_new_file)
    with sqlite3.connect(writer_holding_a_new_file) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("store", sorted(STORES))
def test_every_store_uses_wal_and_a_busy_timeout(tmp_path: Path, store: str) -> None:
    from assistant.storage import open_database

    path = tmp_path / f"{store}.sqlite3"
    STORES[store](path)
    conn = open_database(path, timeout=2.5)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 2500
    conn.close()


@pytest.mark.parametrize("store", sorted(STORES))
def test_a_full_disk_is_storage_full_and_recovers(small_disk: Disk, store: str) -> None:
    path = small_disk.path / f"{store}.sqlite3"
    STORES[store](path)  # created while there was room
    small_disk.fill()
    with pytest.raises(StorageFull, match="is full"):
        for i in range(50):  # the WAL reuses its pages for a while; new turns soon need new ones
            _write_more(store, path, i)
    small_disk.free()
    _write_more(store, path, 999)


def _write_more(store: str, path: Path, i: int) -> None:
    if store == "conversations":
        ConversationStore(path).append(f"c{i}", Turn("q" * 2000, ANSWER))
    elif store == "feedback":
        FeedbackStore(path).add("slack", None, "q" * 2000, {}, "up", f"U{i}")
    elif store == "slack":
        SlackState(path).save_answer(None, "q" * 2000, {"a": "x" * 2000})
    else:
        cache = EmbeddingCache(path)
        try:
            cache.put_many({f"k{i}-{j}": [0.1] * 384 for j in range(20)})
        finally:
            cache.close()


def test_a_read_only_folder_is_storage_unavailable(small_disk: Disk, tmp_path: Path) -> None:
    from assistant.storage import check_writable

    store = ConversationStore(small_disk.path / "conversations.sqlite3")
    store.append("x", Turn("q", ANSWER))
    store.close()
    with small_disk.read_only_view(tmp_path / "read-only") as folder:
        reader = ConversationStore(folder / "conversations.sqlite3")
        with pytest.raises(StorageUnavailable, match="cannot be written"):
            reader.append("y", Turn("q", ANSWER))
        with pytest.raises(StorageUnavailable, match="cannot be written"):
            check_writable(folder)
        with pytest.raises(StorageUnavailable, match="cannot be written"):
            FeedbackStore(folder / "feedback.sqlite3").add("slack", None, "q", {}, "up", None)


def test_check_writable_creates_the_folder(tmp_path: Path) -> None:
    from assistant.storage import check_writable

    check_writable(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir() and list((tmp_path / "a" / "b").iterdir()) == []
