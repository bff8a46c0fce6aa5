"""POST /v1/search: passages with scores; every bad input a JSON error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from api_fakes import FakeService
from fastapi.testclient import TestClient


def test_passages_with_scores(client: TestClient, fake_service: FakeService) -> None:
    r = client.post("/v1/search", json={"query": "who owns marketing ROI?", "k": 1})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == "who owns marketing ROI?"
    assert body["passages"] == [
        {
            "chunk_id": "a-1",
            "section": "2. Tulosjohtaja (CRO)",
            "text": "Mainonta- ja markkinointikulujen tehokkuuden optimointi.",
            "roles": ["cro"],
            "score": 0.03,
            "source": "Test article",
        }
    ]
    client.post("/v1/search", json={"query": "quotas"})
    assert fake_service.searches[-1] == ("quotas", 5)  # k defaults to 5


@pytest.mark.parametrize(
    ("payload", "code", "needle"),
    [
        ({"query": ""}, "invalid_question", "empty"),
        ({"query": "   "}, "invalid_question", "empty"),
        ({"query": "x" * 2001}, "invalid_question", "limit is 2000"),
        ({}, "invalid_request", "query"),
        ({"query": 3}, "invalid_request", "query"),
        ({"query": "quotas", "k": 0}, "invalid_request", "k"),
        ({"query": "quotas", "k": 51}, "invalid_request", "k"),
        ({"query": "quotas", "k": "many"}, "invalid_request", "k"),
        ({"query": "quotas", "top_k": 3}, "invalid_request", "top_k"),
        ([], "invalid_request", "body"),
    ],
)
def test_bad_input_is_a_clear_json_error(client: TestClient, payload: Any, code: str, needle: str) -> None:
    r = client.post("/v1/search", json=payload)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == code and needle in error["message"]


def test_malformed_json(client: TestClient) -> None:
    r = client.post("/v1/search", content=b"{nope", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


def test_needs_the_key_when_keys_are_set(make_client: Callable[..., TestClient]) -> None:
    client = make_client(api_keys="k1")
    r = client.post("/v1/search", json={"query": "quotas"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    ok = client.post("/v1/search", json={"query": "quotas"}, headers={"Authorization": "Bearer k1"})
    assert ok.status_code == 200


def test_503_until_ready(make_client: Callable[..., TestClient]) -> None:
    import threading

    gate = threading.Event()
    client = make_client(FakeService(gate=gate), wait=False)
    r = client.post("/v1/search", json={"query": "quotas"})
    assert r.status_code == 503 and r.json()["error"]["code"] == "not_ready"
    gate.set()


def test_documented_in_openapi(client: TestClient) -> None:
    op = client.get("/openapi.json").json()["paths"]["/v1/search"]["post"]
    assert {"200", "401", "413", "422", "429", "503"} <= set(op["responses"])
    assert op["tags"] == ["search"]


def test_over_the_real_index(make_client: Callable[..., TestClient], real_service: Any) -> None:
    client = make_client(real_service)
    body = client.post("/v1/search", json={"query": "kuka asettaa myyntikiintiöt?", "k": 3}).json()
    passages = body["passages"]
    assert len(passages) == 3 and "sales_manager" in passages[0]["roles"]
    assert [p["score"] for p in passages] == sorted((p["score"] for p in passages), reverse=True)
    for p in passages:  # the same passages GET /v1/passages opens (what citations point at)
        assert client.get(f"/v1/passages/{p['chunk_id']}").json()["text"] == p["text"]
    off = client.post("/v1/search", json={"query": "what is the capital of France?", "k": 2}).json()
    assert len(off["passages"]) == 2  # a search never declines
