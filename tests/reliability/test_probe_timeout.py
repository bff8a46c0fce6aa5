"""Finding 1 of issue 13, its second half: a 504 freed the request's concurrency slot while its answer kept
running (~110 s more), so a few such requests a minute kept cores busy behind the limit's back.

Now a timed-out answer counts against ASSISTANT_MAX_CONCURRENT_REQUESTS until its thread has really ended, and
it is told to stop: it stops before its next answer instead of running to the end."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_server import UvicornServer
from harness import report
from probe import cpu_seconds, cpu_when_idle, serve, wait_until

from assistant.config import Settings

pytestmark = pytest.mark.slow
KEY = {"Authorization": "Bearer probe-timeout"}
LONG = ("who owns marketing ROI and what does the CRO do about pricing and the sales process " * 30)[:2000]


@pytest.fixture(scope="module")
def server(
    indexed_data_dir: Path, session_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[UvicornServer]:
    env = {
        "ASSISTANT_API_KEYS": "probe-timeout",
        "ASSISTANT_MAX_CONCURRENT_REQUESTS": "1",
        "ASSISTANT_REQUEST_TIMEOUT_SECONDS": "0.3",
    }
    running, _ = serve(indexed_data_dir, session_settings, tmp_path_factory.mktemp("timeout"), env)
    with running:
        yield running


def _roles(http: httpx.Client) -> int:
    return http.get("/v1/roles", headers=KEY).status_code


def test_a_timed_out_answer_holds_its_slot_until_it_ends(server: UvicornServer) -> None:
    with httpx.Client(base_url=server.base_url, timeout=60) as http:
        assert _roles(http) == 200
        late = http.post("/v1/chat", json={"message": LONG}, headers=KEY)  # ~1.5 CPU-s of embedding
        assert late.status_code == 504
        busy = http.get("/v1/roles", headers=KEY)
        assert busy.status_code == 503 and busy.json()["error"]["code"] == "overloaded"
        assert "after a timeout" in busy.json()["error"]["message"]
        started = time.monotonic()
        wait_until(lambda: _roles(http) == 200, what="the abandoned answer to end")
    report(
        "probe_timeout_slot",
        {"after_504": busy.status_code, "slot_free_after_s": round(time.monotonic() - started, 2)},
    )


def test_a_timed_out_answer_stops_before_its_next_answer(server: UvicornServer) -> None:
    assert server.process is not None
    history = [
        {"question": f"{LONG[:480]} {i}"} for i in range(3)
    ]  # three answers to make before the question
    with httpx.Client(base_url=server.base_url, timeout=60) as http:
        cpu = cpu_seconds(server.process.pid)
        late = http.post("/v1/chat", json={"message": LONG, "history": history}, headers=KEY)
        assert late.status_code == 504
        wait_until(lambda: _roles(http) == 200, what="the abandoned answer to end")
        used = cpu_when_idle(server.process.pid) - cpu
    assert used < 1.2, used  # the whole work (3 short answers and the long question) is ~2 CPU-s
    report("probe_timeout_cancel", {"cpu_s_after_a_504": round(used, 2)})
