"""End to end against a real uvicorn process on a free loopback port, over a real index."""

from __future__ import annotations

import json
import socket
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from api_server import UvicornServer, private_index, served_env
from sse import parse_sse

pytestmark = pytest.mark.slow

KEY = {"Authorization": "Bearer test-key-1"}
ROI = "who owns marketing ROI?"


@pytest.fixture(scope="module")
def http(live_server: UvicornServer) -> httpx.Client:
    with httpx.Client(base_url=live_server.base_url, headers=KEY, timeout=30) as client:
        yield client


def test_health_routes_are_open(live_server: UvicornServer) -> None:
    assert httpx.get(live_server.base_url + "/healthz").json() == {"status": "ok"}
    ready = httpx.get(live_server.base_url + "/readyz").json()
    assert ready["status"] == "ready" and ready["chunks"] > 0 and ready["model"]


def test_chat_answers_the_cro_with_citations(http: httpx.Client) -> None:
    r = http.post("/v1/chat", json={"message": ROI})
    assert r.status_code == 200
    body = r.json()
    assert body["roles"][0]["id"] == "cro" and body["citations"]
    passage = http.get(f"/v1/passages/{body['citations'][0]['chunk_id']}").json()
    assert body["citations"][0]["quote"] in passage["text"]


def test_conversation_follow_up(http: httpx.Client) -> None:
    first = http.post("/v1/chat", json={"message": ROI}).json()
    follow = http.post(
        "/v1/chat", json={"message": "who do they report to?", "conversation_id": first["conversation_id"]}
    ).json()
    assert follow["kind"] == "reports_to" and follow["topic"] == "cro" and follow["answered"]
    assert {r["id"] for r in follow["roles"]} & {"ceo", "board"}


def test_sse_streams_events_as_they_come(http: httpx.Client) -> None:
    with http.stream("POST", "/v1/chat", json={"message": ROI, "stream": True}) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        text = "".join(r.iter_text())
    events = parse_sse(text)
    names = [n for n, _ in events]
    assert names[0] == "start" and names[-1] == "done" and "delta" in names
    assert events[-1][1]["roles"][0]["id"] == "cro"


def test_official_openai_client(live_server: UvicornServer) -> None:
    client = openai.OpenAI(base_url=live_server.base_url + "/v1", api_key="test-key-2", max_retries=0)
    assert [m.id for m in client.models.list()] == ["role-assistant"]
    resp = client.chat.completions.create(model="role-assistant", messages=[{"role": "user", "content": ROI}])
    assert "Chief Revenue Officer" in (resp.choices[0].message.content or "")
    assert "Sources:" in (resp.choices[0].message.content or "")
    assert (resp.choices[0].message.model_extra or {})["answer"]["roles"][0]["id"] == "cro"

    stream = client.chat.completions.create(
        model="role-assistant",
        messages=[
            {"role": "user", "content": ROI},
            {"role": "assistant", "content": resp.choices[0].message.content or ""},
            {"role": "user", "content": "who do they report to?"},
        ],
        stream=True,
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert "reports to" in text
    assert (chunks[-1].model_extra or {})["answer"]["kind"] == "reports_to"


def test_auth(live_server: UvicornServer) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        r = httpx.post(live_server.base_url + "/v1/chat", json={"message": ROI}, headers=headers)
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    bad = openai.OpenAI(base_url=live_server.base_url + "/v1", api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        bad.models.list()
    assert httpx.get(live_server.base_url + "/metrics").status_code == 200


def _raw(port: int, request: bytes) -> tuple[int, dict[str, object]]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def test_413_for_a_chunked_body_without_content_length(live_server: UvicornServer) -> None:
    chunk = b"x" * 1000
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(6)) + b"0\r\n\r\n"
    request = (
        b"POST /v1/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer test-key-1\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + body
    )
    status, payload = _raw(live_server.port, request)
    assert status == 413 and payload["error"]["code"] == "payload_too_large"


def test_422_over_the_wire(http: httpx.Client) -> None:
    r = http.post("/v1/chat", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    r = http.post("/v1/chat", json={"message": "x" * 2001})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_question"


def test_metrics_after_traffic(http: httpx.Client) -> None:
    http.post("/v1/chat", json={"message": "what is the capital of France?"})
    text = http.get("/metrics").text
    assert 'route="/v1/chat"' in text and "assistant_http_request_duration_seconds_bucket" in text
    assert "assistant_answers_declined_total" in text


def test_assistant_serve_cli(
    real_data_dir: Path, real_service: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`assistant serve` then the README's curl: the CRO with citations."""
    data = private_index(real_data_dir, tmp_path_factory)
    command = [sys.executable, "-c", "from assistant.cli import main; main()", "serve", "--port", "{port}"]
    with UvicornServer(served_env(real_service, data), data.parent / "serve.log", command=command) as server:
        r = httpx.post(server.base_url + "/v1/chat", json={"message": ROI}, timeout=30)
        assert r.json()["roles"][0]["id"] == "cro" and r.json()["citations"]
        assert httpx.get(server.base_url + "/").headers["content-type"].startswith("text/html")


def test_several_workers_share_conversations_and_metrics(
    real_data_dir: Path, real_service: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`api.server.run(workers=2)`: needs a Chroma server (an embedded index is one process's)."""
    if not getattr(real_service.settings, "chroma_url", None):
        pytest.skip("several workers need a Chroma server (the session index is embedded)")
    data = private_index(real_data_dir, tmp_path_factory)
    code = (
        "from api.server import run; from assistant.config import Settings; "
        "run(Settings(), port={port}, workers=2)"
    )
    server = UvicornServer(
        served_env(real_service, data), data.parent / "w2.log", command=[sys.executable, "-c", code]
    )
    with server, httpx.Client(base_url=server.base_url, timeout=30) as client:
        ready = 0
        while ready < 10:  # each worker loads on its own: wait until fresh connections all find one ready
            ready = ready + 1 if httpx.get(server.base_url + "/readyz").status_code == 200 else 0
            time.sleep(0.05)
        cid = client.post("/v1/chat", json={"message": ROI}).json()["conversation_id"]
        for _ in range(5):  # whichever worker answers, the conversation is in the shared store
            r = client.post("/v1/chat", json={"message": "who do they report to?", "conversation_id": cid})
            assert r.json()["kind"] == "reports_to"
        metrics = client.get("/metrics").text
    assert 'assistant_http_requests_total{method="POST",route="/v1/chat",status="200"} 6.0' in metrics
