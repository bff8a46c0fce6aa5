"""The shared database down, then back (a private PostgreSQL server, stopped and started for real): every
call that needs it fails at once with ``StorageUnavailable`` (HTTP 503 ``storage_unavailable``, ``/readyz``
not ready), answers that need no state are still given, and once it is back the same objects work again
with no error and no restart."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_fakes import FakeService
from fastapi.testclient import TestClient

from api.app import create_app
from api.slack.state import SlackState
from assistant.config import Settings
from assistant.conversations import ConversationStore
from assistant.errors import StorageUnavailable
from assistant.feedback import FeedbackStore
from assistant.postgres import PostgresDatabase, shared_database
from assistant.types import Answer, Turn
from tests.postgres_server import PostgresCluster, find_bin_dir

pytestmark = pytest.mark.skipif(find_bin_dir() is None, reason="PostgreSQL is not installed")
ANSWER = Answer("The CRO owns it.", "en", True)
ROI = {"message": "who owns marketing ROI?"}


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[PostgresCluster]:
    """A server of this test's own, to stop and start."""
    with PostgresCluster(tmp_path) as pg:
        yield pg


def _fails_fast(call: Any) -> str:
    started = time.monotonic()
    with pytest.raises(StorageUnavailable) as caught:
        call()
    assert time.monotonic() - started < 2.0  # no waiting on a pool while the server is down
    return str(caught.value)


def test_stores_fail_at_once_while_down_and_work_again_after(cluster: PostgresCluster) -> None:
    url = cluster.create_database("faults").replace("postgres@", "postgres:pw@")  # trust: any password
    database = PostgresDatabase(url, pool_size=3)
    conversations, feedback, slack = (
        ConversationStore(database),
        FeedbackStore(database),
        SlackState(database),
    )
    conversations.append("c", Turn("q1", ANSWER))
    feedback.add("http", "c", "q1", ANSWER.to_dict(), "up", None)
    assert slack.claim_event("Ev1")

    cluster.stop("immediate")
    message = _fails_fast(lambda: conversations.append("c", Turn("q2", ANSWER)))
    assert "cannot be reached" in message and f"127.0.0.1:{cluster.port}/faults" in message
    assert "pw" not in message.replace("postgres:***", "")  # the password never shows
    assert conversations.health.problem == message
    _fails_fast(lambda: conversations.find("c"))
    _fails_fast(feedback.list)
    _fails_fast(lambda: slack.claim_event("Ev2"))
    _fails_fast(database.ping)

    cluster.start()
    assert [t.question for t in conversations.history("c")] == ["q1"]  # the pooled connections were replaced
    conversations.append("c", Turn("q2", ANSWER))
    assert conversations.health.problem is None
    assert feedback.counts() == {"up": 1, "down": 0}
    assert slack.claim_event("Ev2") and not slack.claim_event("Ev1")
    database.close()


def test_a_replica_started_while_the_database_is_down_migrates_once_it_is_back(
    cluster: PostgresCluster,
) -> None:
    url = cluster.create_database("late")
    cluster.stop("fast")
    database = PostgresDatabase(url, pool_size=2)
    store = ConversationStore(database)  # constructing touches nothing
    assert "cannot be reached" in _fails_fast(lambda: store.append("c", Turn("q", ANSWER)))
    cluster.start()
    store.append("c", Turn("q", ANSWER))  # the schema is created now
    assert [t.question for t in store.history("c")] == ["q"]
    database.close()


def test_every_connection_busy_is_a_clear_error(database_url: str) -> None:
    database = PostgresDatabase(database_url, pool_size=1, pool_timeout=0.2)
    store = FeedbackStore(database)
    store.counts()
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with database.session():
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    try:
        with pytest.raises(StorageUnavailable, match=r"every connection .* is busy"):
            store.counts()
    finally:
        release.set()
        holder.join(10)
    assert store.counts() == {"up": 0, "down": 0}
    database.close()


def _error(response: Any, status: int = 503) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == "storage_unavailable"
    assert int(response.headers["retry-after"]) > 0
    return str(body["error"]["message"])


def test_the_http_api_with_the_database_down(cluster: PostgresCluster, tmp_path: Path) -> None:
    url = cluster.create_database("api")
    settings = Settings(data_dir=tmp_path / "data", database_url=url)
    app = create_app(settings, FakeService())
    with TestClient(app, raise_server_exceptions=False) as client:
        app.state.assistant.wait_loaded(10)
        assert client.get("/readyz").json()["status"] == "ready"
        first = client.post("/v1/chat", json=ROI).json()
        cid, answer_id = first["conversation_id"], first["answer_id"]
        assert cid and not (tmp_path / "data" / "conversations.sqlite3").exists()

        cluster.stop("immediate")
        assert "cannot be reached" in _error(client.get("/readyz"))  # out of the load balancer's rotation
        new = client.post("/v1/chat", json=ROI)  # needs no state: answered, without an id
        assert new.status_code == 200 and new.json()["conversation_id"] is None
        assert new.json()["roles"][0]["id"] == "cro"
        assert client.get("/v1/roles").status_code == 200
        assert client.get("/healthz").status_code == 200
        _error(client.post("/v1/chat", json={**ROI, "conversation_id": cid}))
        _error(client.post("/v1/feedback", json={"answer_id": answer_id, "rating": "up"}))
        _error(client.get("/v1/feedback"))

        cluster.start()
        assert client.get("/readyz").json()["status"] == "ready"
        again = client.post("/v1/chat", json={**ROI, "conversation_id": cid})
        assert again.status_code == 200 and again.json()["conversation_id"] == cid
        assert client.post("/v1/feedback", json={"answer_id": answer_id, "rating": "up"}).status_code == 201
        assert len(client.get("/v1/feedback").json()) == 1
    shared_database.cache_clear()
