"""POST /v1/feedback and GET /v1/feedback in-process (TestClient over a fake service): rating by answer id or
conversation id, comments, every bad-input path, the shared store with Slack's votes, API keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sse import parse_sse

from assistant.feedback import FeedbackStore

ROI = "who owns marketing ROI?"


def _ask(client: TestClient, message: str = ROI, **extra: object) -> dict:
    response = client.post("/v1/chat", json={"message": message, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def test_an_answer_carries_its_answer_id_and_a_vote_on_it_is_stored(client: TestClient) -> None:
    first = _ask(client)
    assert first["answer_id"].startswith(first["conversation_id"] + ".")
    second = _ask(client, "who do they report to?", conversation_id=first["conversation_id"])
    assert second["answer_id"] != first["answer_id"]

    response = client.post(
        "/v1/feedback", json={"answer_id": first["answer_id"], "rating": "down", "comment": "  not the CMO? "}
    )
    assert response.status_code == 201, response.text
    item = response.json()
    assert item["question"] == ROI and item["vote"] == "down" and item["comment"] == "not the CMO?"
    assert item["source"] == "http" and item["conversation_id"] == first["conversation_id"]
    assert item["answer"]["roles"] == first["roles"]
    assert client.get("/v1/feedback").json() == [item]


def test_conversation_id_alone_rates_the_latest_answer(client: TestClient) -> None:
    first = _ask(client)
    _ask(client, "who do they report to?", conversation_id=first["conversation_id"])
    response = client.post("/v1/feedback", json={"conversation_id": first["conversation_id"], "rating": "up"})
    assert response.status_code == 201
    assert response.json()["question"] == "who do they report to?" and response.json()["comment"] is None


def test_the_streamed_answer_names_its_answer_id_in_done(client: TestClient) -> None:
    response = client.post("/v1/chat", json={"message": ROI, "stream": True})
    done = next(data for name, data in parse_sse(response.text) if name == "done")
    assert done["answer_id"].startswith(done["conversation_id"] + ".")
    assert (
        client.post("/v1/feedback", json={"answer_id": done["answer_id"], "rating": "up"}).status_code == 201
    )


def test_a_stateless_answer_has_no_answer_id(client: TestClient) -> None:
    answer = _ask(client, "who do they report to?", history=[{"question": ROI}])
    assert answer["conversation_id"] is None and answer["answer_id"] is None


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"rating": "up"}, 422, "invalid_request"),  # neither id
        ({"conversation_id": "abc", "rating": "sideways"}, 422, "invalid_request"),
        ({"conversation_id": "abc"}, 422, "invalid_request"),  # no rating
        ({"conversation_id": "a b", "rating": "up"}, 422, "invalid_request"),
        ({"answer_id": "abc", "rating": "up"}, 422, "invalid_request"),  # no digest
        ({"answer_id": "abc.XYZ", "rating": "up"}, 422, "invalid_request"),
        ({"conversation_id": "abc", "rating": "up", "comment": "x" * 2001}, 422, "invalid_request"),
        ({"conversation_id": "abc", "rating": "up", "extra": 1}, 422, "invalid_request"),
        ({"conversation_id": "never-seen", "rating": "up"}, 404, "answer_not_found"),
        ({"answer_id": "never-seen.0123456789ab", "rating": "up"}, 404, "answer_not_found"),
    ],
)
def test_bad_feedback_is_refused_with_a_clear_error(
    client: TestClient, body: dict, status: int, code: str
) -> None:
    response = client.post("/v1/feedback", json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code and response.json()["error"]["message"]
    assert client.get("/v1/feedback").json() == []


def test_an_answer_id_of_another_conversation_or_an_unknown_answer(client: TestClient) -> None:
    first = _ask(client)
    other = _ask(client, "what does a CSO do?")
    mixed = {"conversation_id": other["conversation_id"], "answer_id": first["answer_id"], "rating": "up"}
    assert client.post("/v1/feedback", json=mixed).status_code == 422
    forged = first["answer_id"][:-12] + "0" * 12
    response = client.post("/v1/feedback", json={"answer_id": forged, "rating": "up"})
    assert response.status_code == 404 and response.json()["error"]["code"] == "answer_not_found"
    not_json = client.post("/v1/feedback", content=b"\xff{", headers={"content-type": "application/json"})
    assert not_json.status_code == 422


def test_slack_votes_and_http_votes_share_one_store(client: TestClient, tmp_path: Path) -> None:
    FeedbackStore(tmp_path / "data" / "feedback.sqlite3").add(
        "slack", "slack:T:C:1.0", ROI, {"answer": "…"}, "up", "U1"
    )
    first = _ask(client)
    client.post("/v1/feedback", json={"answer_id": first["answer_id"], "rating": "down"})
    items = client.get("/v1/feedback").json()
    assert [(i["source"], i["vote"]) for i in items] == [("http", "down"), ("slack", "up")]
    assert client.get("/v1/feedback?limit=1").json() == items[:1]
    assert client.get("/v1/feedback?limit=0").status_code == 422


def test_feedback_needs_the_api_key_when_keys_are_set(make_client: Callable[..., TestClient]) -> None:
    client = make_client(api_keys="k1")
    assert client.post("/v1/feedback", json={"conversation_id": "x", "rating": "up"}).status_code == 401
    assert client.get("/v1/feedback").status_code == 401
    auth = {"Authorization": "Bearer k1"}
    answer = client.post("/v1/chat", json={"message": ROI}, headers=auth).json()
    body = {"answer_id": answer["answer_id"], "rating": "up"}
    assert client.post("/v1/feedback", json=body, headers=auth).status_code == 201


def test_building_the_app_writes_nothing(tmp_path: Path) -> None:
    """The factory only describes the app (schemathesis builds one at import): stores are made on first use."""
    from api_fakes import FakeService

    from api.app import create_app
    from assistant.config import Settings

    create_app(Settings(data_dir=tmp_path / "data"), FakeService()).openapi()
    assert not (tmp_path / "data").exists()
