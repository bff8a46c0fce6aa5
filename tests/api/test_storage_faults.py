"""Storage faults over HTTP (finding 4 of issue 13): a full disk and a read-only data folder, for real (a small
tmpfs), under the app. Before: 500 on every /v1/chat that stores a turn, and /readyz said ready.

Now answers are still given without storing (a new conversation comes back without an id), a follow-up that
cannot be stored is 507 (full) / 503 (read-only) ``storage_unavailable`` with Retry-After, stateless requests
never notice, and /readyz says ``degraded`` naming the store until a write succeeds again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from api_fakes import FakeService
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.config import Settings
from tests.storage_faults import Disk

ROI = {"message": "who owns marketing ROI?"}
COMPLETION = {"model": "m", "messages": [{"role": "user", "content": "who owns marketing ROI?"}]}


@contextmanager
def serving(data_dir: Path) -> Iterator[TestClient]:
    app = create_app(Settings(data_dir=data_dir), FakeService())
    with TestClient(app, raise_server_exceptions=False) as client:
        app.state.assistant.wait_loaded(10)
        yield client


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["error"]["code"] == "storage_unavailable", body
    assert int(response.headers["retry-after"]) > 0
    return body


def test_a_full_disk(small_disk: Disk) -> None:
    with serving(small_disk.path) as client:
        cid = client.post("/v1/chat", json=ROI).json()["conversation_id"]
        assert cid and client.get("/readyz").json()["status"] == "ready"
        small_disk.fill()
        # new conversations are still answered; once the WAL needs a page the disk has not, without an id
        new = [client.post("/v1/chat", json=ROI) for _ in range(40)]
        assert {r.status_code for r in new} == {200}
        assert new[-1].json()["conversation_id"] is None and new[-1].json()["roles"][0]["id"] == "cro"
        follow_up = client.post("/v1/chat", json={**ROI, "conversation_id": cid})
        assert "is full" in _error(follow_up, 507)["error"]["message"]
        with client.stream("POST", "/v1/chat", json={**ROI, "conversation_id": cid, "stream": True}) as r:
            text = "".join(r.iter_text())  # the answer streams; its turn cannot be stored: `error`, no `done`
        assert r.status_code == 200 and "event: delta" in text
        assert "event: error" in text and '"status": 507' in text and "event: done" not in text
        stateless = client.post("/v1/chat", json={**ROI, "history": [{"question": "what is a CRO?"}]})
        assert stateless.status_code == 200
        assert client.post("/v1/chat/completions", json=COMPLETION).status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["status"] == "degraded"
        assert "is full" in ready.json()["problems"]["conversations"]

        small_disk.free()
        again = client.post("/v1/chat", json={**ROI, "conversation_id": cid})
        assert again.status_code == 200 and again.json()["conversation_id"] == cid
        assert client.get("/readyz").json()["status"] == "ready"


def test_a_read_only_data_folder(small_disk: Disk, tmp_path: Path) -> None:
    with serving(small_disk.path) as client:
        cid = client.post("/v1/chat", json=ROI).json()["conversation_id"]
    with small_disk.read_only_view(tmp_path / "read-only") as folder, serving(folder) as client:
        new = client.post("/v1/chat", json=ROI)
        assert new.status_code == 200 and new.json()["conversation_id"] is None
        follow_up = client.post("/v1/chat", json={**ROI, "conversation_id": cid})
        assert "cannot be written" in _error(follow_up, 503)["error"]["message"]
        streamed = client.post("/v1/chat", json={**ROI, "conversation_id": cid, "stream": True})
        if streamed.status_code != 200:
            _error(streamed, 503)  # the stored turns cannot even be read: refused before the stream starts
        else:
            # SQLite could read the read-only copy (no WAL left to replay): the answer streams and its turn,
            # which cannot be written, ends in `error` with no `done` (as on a full disk)
            assert '"status": 503' in streamed.text and "event: done" not in streamed.text, streamed.text
        assert client.post("/v1/chat/completions", json=COMPLETION).status_code == 200
        _error(client.get("/v1/feedback"), 503)
        ready = client.get("/readyz").json()
        assert ready["status"] == "degraded" and set(ready["problems"]) >= {"conversations", "feedback"}
