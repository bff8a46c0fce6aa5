"""Request limits: rate limit per key or client (429), answer timeout (504), requests in flight (503), and the
startup wait of a worker; all in-process with TestClient over the fake service."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from api_fakes import FakeService
from fastapi.testclient import TestClient

from api.limits import RateLimiter, client_key
from assistant.config import Settings
from assistant.errors import IndexUnavailable
from assistant.types import Answer, Turn

MakeClient = Callable[..., TestClient]
ROI = {"message": "who owns marketing ROI?"}


class SlowService(FakeService):
    """Questions containing "slow" take ``delay`` seconds; "hold" ones wait for ``release``."""

    def __init__(self, delay: float = 1.0) -> None:
        super().__init__()
        self.delay = delay
        self.release = threading.Event()
        self.holding = threading.Event()
        self.finished = threading.Event()

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        if "slow" in question:
            time.sleep(self.delay)
        if "hold" in question:
            self.holding.set()
            self.release.wait(10)
        try:
            return super().ask(question, history)
        finally:
            self.finished.set()


def _error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert body["error"]["code"] == code and body["error"]["message"]
    return body


# ---- rate limit -------------------------------------------------------------------------------------------
def test_rate_limit_gives_429_with_retry_after(make_client: MakeClient) -> None:
    client = make_client(rate_limit_per_minute=3)
    assert [client.get("/v1/roles").status_code for _ in range(3)] == [200] * 3
    limited = client.post("/v1/chat", json=ROI)
    _error(limited, 429, "rate_limited")
    assert int(limited.headers["retry-after"]) >= 1
    # health, readiness, metrics and the page are never limited
    for path in ("/healthz", "/readyz", "/metrics", "/"):
        assert client.get(path).status_code == 200
    assert 'status="429"' in client.get("/metrics").text


def test_rate_limit_is_per_api_key_and_unknown_keys_count_against_the_address(
    make_client: MakeClient,
) -> None:
    client = make_client(rate_limit_per_minute=2, api_keys="k1,k2")
    k1, k2 = ({"Authorization": f"Bearer {k}"} for k in ("k1", "k2"))
    assert [client.get("/v1/models", headers=k1).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/v1/models", headers=k2).status_code == 200  # another key: its own bucket
    # made-up keys and no key share the client address's bucket: rotating keys gains nothing
    statuses = [
        client.get("/v1/models", headers={"Authorization": f"Bearer fake{i}"}).status_code for i in range(2)
    ]
    assert statuses == [401, 401]
    _error(client.get("/v1/models"), 429, "rate_limited")
    assert client.get("/v1/models", headers=k2).status_code == 200


def test_rate_limit_zero_is_off(make_client: MakeClient) -> None:
    client = make_client(rate_limit_per_minute=0)
    assert {client.get("/v1/models").status_code for _ in range(50)} == {200}


def test_429_carries_cors_headers(make_client: MakeClient) -> None:
    """The limits sit inside CORS, so a browser can read the 429 (and its Retry-After)."""
    client = make_client(rate_limit_per_minute=1, cors_origins="https://app.example")
    origin = {"Origin": "https://app.example"}
    assert client.get("/v1/models", headers=origin).status_code == 200
    limited = client.get("/v1/models", headers=origin)
    assert limited.status_code == 429
    assert limited.headers["access-control-allow-origin"] == "https://app.example"


def test_token_bucket_refills_at_the_rate() -> None:
    now = [1000.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    assert [limiter.take("a") for _ in range(60)] == [0.0] * 60  # a minute's worth as a burst
    assert limiter.take("a") == pytest.approx(1.0)  # then one a second
    assert limiter.take("b") == 0.0  # keys are separate
    now[0] += 1.0
    assert limiter.take("a") == 0.0
    assert limiter.take("a") == pytest.approx(1.0)
    now[0] += 3600
    assert [limiter.take("a") for _ in range(60)] == [0.0] * 60  # never more than the burst
    assert limiter.take("a") > 0
    with pytest.raises(ValueError, match="at least 1"):
        RateLimiter(0)


def test_the_limiter_remembers_a_bounded_number_of_keys() -> None:
    limiter = RateLimiter(1, clock=lambda: 0.0, max_keys=2)
    for key in ("a", "b", "c"):
        assert limiter.take(key) == 0.0
    assert limiter.take("c") > 0 and limiter.take("b") > 0
    assert limiter.take("a") == 0.0  # forgotten: starts again with a full bucket


def test_client_key() -> None:
    def scope(auth: str | None) -> dict[str, Any]:
        headers = [(b"authorization", auth.encode())] if auth else []
        return {"type": "http", "headers": headers, "client": ("10.0.0.7", 5555)}

    assert client_key(scope("Bearer k1"), ["k1"]).startswith("key:")
    assert client_key(scope("Bearer k1"), ["k1"]) != client_key(scope("Bearer k2"), ["k1", "k2"])
    assert "k1" not in client_key(scope("Bearer k1"), ["k1"])  # the key itself is not kept
    assert client_key(scope("Bearer nope"), ["k1"]) == "ip:10.0.0.7"
    assert client_key(scope("Basic k1"), ["k1"]) == "ip:10.0.0.7"
    assert client_key(scope("Bearer k1"), []) == "ip:10.0.0.7"  # open API: a token means nothing
    assert client_key({"type": "http", "headers": []}, []) == "ip:unknown"


# ---- answer timeout ---------------------------------------------------------------------------------------
def test_a_late_answer_gets_504_and_stores_nothing(make_client: MakeClient) -> None:
    service = SlowService(delay=0.8)
    client = make_client(service, request_timeout_seconds=0.2)
    cid = client.post("/v1/chat", json=ROI).json()["conversation_id"]
    started = time.perf_counter()
    late = client.post("/v1/chat", json={"message": "slow: who owns ROI?", "conversation_id": cid})
    assert time.perf_counter() - started < 0.7
    _error(late, 504, "timeout")
    assert service.finished.wait(5)  # the abandoned thread ends on its own ...
    conversations = client.app.state.assistant.conversations  # type: ignore[attr-defined]
    assert [t.question for t in conversations.history("http:" + cid)] == [
        ROI["message"]
    ]  # ... stores nothing
    completion = {"model": "m", "messages": [{"role": "user", "content": "slow ROI"}]}
    _error(client.post("/v1/chat/completions", json=completion), 504, "timeout")
    # answers in time are untouched, and the conversation goes on
    ok = client.post("/v1/chat", json={**ROI, "conversation_id": cid})
    assert ok.status_code == 200 and ok.json()["roles"][0]["id"] == "cro"
    assert [t.question for t in conversations.history("http:" + cid)] == [ROI["message"]] * 2


def test_timeout_zero_waits_as_long_as_it_takes(make_client: MakeClient) -> None:
    client = make_client(SlowService(delay=0.3), request_timeout_seconds=0)
    assert client.post("/v1/chat", json={"message": "slow ROI"}).status_code == 200


# ---- requests in flight -------------------------------------------------------------------------------------
def test_over_the_concurrency_limit_gets_503_with_retry_after(make_client: MakeClient) -> None:
    service = SlowService()
    client = make_client(service, max_concurrent_requests=1)
    results: list[int] = []
    worker = threading.Thread(
        target=lambda: results.append(client.post("/v1/chat", json={"message": "hold ROI"}).status_code)
    )
    worker.start()
    try:
        assert service.holding.wait(5)
        busy = client.get("/v1/roles")
        _error(busy, 503, "overloaded")
        assert busy.headers["retry-after"] == "1"
        assert client.get("/healthz").status_code == 200  # probes still answer
        assert client.get("/readyz").status_code == 200
    finally:
        service.release.set()
        worker.join(10)
    assert results == [200]
    assert client.get("/v1/roles").status_code == 200  # the slot is free again


def test_streams_hold_their_slot_until_done(make_client: MakeClient) -> None:
    client = make_client(max_concurrent_requests=2)
    with client.stream("POST", "/v1/chat", json={**ROI, "stream": True}) as first:
        assert first.status_code == 200
        assert client.get("/v1/models").status_code == 200  # 2 in flight: the stream and this
        "".join(first.iter_text())
    assert [client.get("/v1/models").status_code for _ in range(3)] == [200] * 3


# ---- the index server away --------------------------------------------------------------------------------
class UnreachableIndexService(FakeService):
    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        raise IndexUnavailable("the Chroma server at http://127.0.0.1:9 cannot be reached; retry shortly")


def test_an_unreachable_index_server_is_503_with_retry_after(make_client: MakeClient) -> None:
    client = make_client(UnreachableIndexService())
    down = client.post("/v1/chat", json=ROI)
    _error(down, 503, "index_unavailable")
    assert down.headers["retry-after"] == "5"


# ---- what the API says about itself ---------------------------------------------------------------------
def test_openapi_documents_the_limit_statuses(make_client: MakeClient) -> None:
    paths = make_client().get("/openapi.json").json()["paths"]
    for path, item in paths.items():
        if not path.startswith("/v1/"):
            continue
        for method, operation in item.items():
            responses = operation["responses"]
            assert {"429", "503"} <= set(responses), (method, path)
            assert "Retry-After" in responses["429"]["headers"]
            assert "Retry-After" in responses["503"]["headers"]
    for path in ("/v1/chat", "/v1/chat/completions"):
        responses = paths[path]["post"]["responses"]
        assert "504" in responses
        assert "X-Index-Collection" in responses["200"]["headers"]


def test_answers_name_the_index_that_produced_them(client: TestClient) -> None:
    assert client.post("/v1/chat", json=ROI).headers["x-index-collection"] == "fake-1"
    assert client.post("/v1/chat", json=ROI).headers["x-index-collection"] == "fake-1"  # cached
    with client.stream("POST", "/v1/chat", json={**ROI, "stream": True}) as streamed:
        assert streamed.headers["x-index-collection"] == "fake-1"
    completion = {"model": "m", "messages": [{"role": "user", "content": ROI["message"]}]}
    assert client.post("/v1/chat/completions", json=completion).headers["x-index-collection"] == "fake-1"


# ---- starting workers ----------------------------------------------------------------------------------------
def test_startup_wait_takes_no_requests_before_loaded(make_client: MakeClient) -> None:
    gate = threading.Event()
    threading.Timer(0.3, gate.set).start()
    started = time.perf_counter()
    client = make_client(FakeService(gate=gate), wait=False, startup_wait_seconds=5)
    assert time.perf_counter() - started >= 0.25  # startup (and so serving) waited for the load
    assert client.get("/readyz").status_code == 200


def test_several_workers_wait_for_the_load_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import api.server

    monkeypatch.setattr(os, "environ", dict(os.environ))  # run() exports the settings for the workers
    monkeypatch.setattr(api.server.uvicorn, "run", lambda *a, **k: None)
    api.server.run(Settings(data_dir=tmp_path), workers=2)
    assert float(os.environ["ASSISTANT_STARTUP_WAIT_SECONDS"]) == api.server.WORKER_STARTUP_WAIT_SECONDS
    api.server.run(Settings(data_dir=tmp_path, startup_wait_seconds=0), workers=2)
    assert float(os.environ["ASSISTANT_STARTUP_WAIT_SECONDS"]) == 0


def test_serve_trusts_no_forwarding_proxy_unless_told(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Issue 13, finding 7: uvicorn believes X-Forwarded-For from loopback by default, so any local caller
    could pick its own rate-limit bucket; `assistant serve` now trusts no proxy unless configured."""
    import api.server

    seen: list[dict[str, Any]] = []
    monkeypatch.setattr(os, "environ", dict(os.environ))
    monkeypatch.setattr(api.server.uvicorn, "run", lambda app, **options: seen.append(options))
    api.server.run(Settings(data_dir=tmp_path))
    assert seen[-1]["proxy_headers"] is False and seen[-1]["forwarded_allow_ips"] == ""
    api.server.run(Settings(data_dir=tmp_path, forwarded_allow_ips="10.0.0.5, 10.0.1.0/24"))
    assert seen[-1]["proxy_headers"] is True and seen[-1]["forwarded_allow_ips"] == "10.0.0.5,10.0.1.0/24"
    api.server.run(Settings(data_dir=tmp_path), workers=2)
    assert seen[-1]["proxy_headers"] is False and seen[-1]["http"] == api.server.HTTP_PROTOCOL


def test_the_cli_option_sets_the_trusted_proxies(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    import api.server
    from assistant.cli import app

    runs: list[Settings] = []
    monkeypatch.setattr(api.server, "run", lambda settings, **kwargs: runs.append(settings))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    assert CliRunner().invoke(app, ["serve", "--forwarded-allow-ips", "127.0.0.1"]).exit_code == 0
    assert runs[-1].forwarded_allow_ips_list == ["127.0.0.1"]
    assert CliRunner().invoke(app, ["serve"]).exit_code == 0
    assert runs[-1].forwarded_allow_ips_list == []


def test_an_abandoned_answer_counts_until_its_thread_ends() -> None:
    from api.asking import _Attempt
    from api.limits import InFlight

    work = InFlight()
    running = _Attempt(work)
    assert running.start() and not running.cancelled()
    assert running.abandon() and running.cancelled()
    assert work.orphans == 1 and work.total == 1  # still computing: still counted
    running.finish()
    assert work.total == 0 and running.done.is_set()

    queued = _Attempt(work)  # the request gave up while it waited for a worker thread
    assert queued.abandon() and work.total == 0
    assert not queued.start()  # never runs, never counted
    queued.finish()
    assert work.total == 0

    finished = _Attempt(work)
    assert finished.start()
    finished.finish()
    assert not finished.abandon() and work.total == 0  # done in time after all: its result is used
