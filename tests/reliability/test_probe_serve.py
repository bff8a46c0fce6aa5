"""The probe of a running `assistant serve` (issue 13), replayed against a real server process over a real
(embedded) index: findings 1, 2, 3, 5, 6, 7, 10 (mid-stream disconnect) and 12. Each test prints the figure
docs/RELIABILITY.md quotes (``pytest -s``)."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_server import UvicornServer
from harness import report
from probe import CLI, RawConnection, conversation_count, cpu_seconds, serve, turn_count, wait_until

from assistant.config import Settings
from tests.modes import embedded_only

pytestmark = pytest.mark.slow

KEYS = [f"probe-key-{i}" for i in range(1, 7)]
LIMIT = 5
ROI = "who owns marketing ROI?"
LONG = ("who owns marketing ROI and what does the CRO do about pricing and the sales process " * 30)[:1990]


def key(n: int) -> dict[str, str]:
    return {"Authorization": f"Bearer {KEYS[n - 1]}"}


class Probe:
    def __init__(self, server: UvicornServer, data: Path) -> None:
        self.server, self.data = server, data
        self.http = httpx.Client(base_url=server.base_url, timeout=60)

    @property
    def pid(self) -> int:
        assert self.server.process is not None
        return self.server.process.pid

    def chat(self, n: int, **body: Any) -> httpx.Response:
        return self.http.post("/v1/chat", json={"message": ROI, **body}, headers=key(n))


@pytest.fixture(scope="module")
def probe(
    indexed_data_dir: Path, session_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Probe]:
    env = {
        "ASSISTANT_API_KEYS": ",".join(KEYS),
        "ASSISTANT_CONVERSATION_LIMIT": str(LIMIT),
        "ASSISTANT_RATE_LIMIT_PER_MINUTE": "60",
        "ASSISTANT_RELOAD_CHECK_SECONDS": "0",
    }
    server, data = serve(indexed_data_dir, session_settings, tmp_path_factory.mktemp("probe"), env)
    with server:
        probe = Probe(server, data)
        yield probe
        probe.http.close()


def test_unanswered_history_is_bounded(probe: Probe) -> None:
    """Finding 1: 20 unanswered 2,000-character history questions (~42 KB) cost ~22 CPU-s and got 504."""
    body = {"message": "who do they report to?", "history": [{"question": f"{LONG} {i}"} for i in range(20)]}
    assert len(json.dumps(body)) > 40_000
    cpu, started = cpu_seconds(probe.pid), time.monotonic()
    r = probe.http.post("/v1/chat", json=body, headers=key(1))
    seconds, used = time.monotonic() - started, cpu_seconds(probe.pid) - cpu
    assert r.status_code == 200, r.text
    assert r.json()["kind"] == "reports_to"
    assert used < 5.0, used
    report("probe_history_cost", {"request_bytes": len(json.dumps(body)), "cpu_s": round(used, 2),
                                  "seconds": round(seconds, 2), "status": r.status_code})  # fmt: skip


def test_conversations_belong_to_their_key(probe: Probe) -> None:
    """Finding 2: key k2 sending k1's conversation_id got answers from it and added turns to it."""
    first = probe.chat(1).json()
    cid = first["conversation_id"]
    assert probe.chat(1, message="who do they report to?", conversation_id=cid).json()["topic"] == "cro"
    foreign = probe.chat(2, message="who do they report to?", conversation_id=cid)
    assert foreign.status_code == 404 and foreign.json()["error"]["code"] == "conversation_not_found"
    chosen = probe.chat(2, conversation_id="my-own-id-123")
    assert chosen.status_code == 404  # ids are the server's to issue
    assert turn_count(probe.data, cid) == 2
    report("probe_conversation_scope", {"foreign_id": foreign.status_code, "chosen_id": chosen.status_code,
                                        "turns_of_owner": turn_count(probe.data, cid)})  # fmt: skip


def test_stored_conversations_are_bounded_and_openai_stores_nothing(probe: Probe) -> None:
    """Finding 3: every request without an id stored a new conversation, bounded only by the 7-day expiry."""
    ids = [probe.chat(3).json()["conversation_id"] for _ in range(4 * LIMIT)]
    stored = conversation_count(probe.data)
    assert stored <= LIMIT
    assert probe.chat(3, conversation_id=ids[0]).status_code == 404  # the oldest were evicted first
    assert probe.chat(3, conversation_id=ids[-1]).status_code == 200
    completion = {"model": "m", "messages": [{"role": "user", "content": ROI}]}
    before = conversation_count(probe.data), _all_turns(probe.data)
    for _ in range(10):
        assert probe.http.post("/v1/chat/completions", json=completion, headers=key(4)).status_code == 200
    assert (conversation_count(probe.data), _all_turns(probe.data)) == before
    report("probe_storage_bound", {"requests_without_id": len(ids), "conversations_stored": stored,
                                   "limit": LIMIT, "openai_requests_stored": 0})  # fmt: skip


def _all_turns(data: Path) -> int:
    return turn_count(data, "")


def test_a_client_gone_mid_stream_has_no_turn_stored(probe: Probe) -> None:
    """Finding 10: a client that disconnected mid-stream still had its turn stored."""
    cid = probe.chat(5).json()["conversation_id"]
    requests = _chat_requests(probe)
    raw = RawConnection(probe.server.port)
    body = json.dumps({"message": LONG, "conversation_id": cid, "stream": True}).encode()
    raw.request("POST", "/v1/chat", body, key(5))
    raw.close()  # gone before the answer was ready
    wait_until(lambda: _chat_requests(probe) > requests, what="the server to finish the request")
    assert turn_count(probe.data, cid) == 1
    with probe.http.stream("POST", "/v1/chat", json={"message": ROI, "conversation_id": cid, "stream": True},
                           headers=key(5)) as r:  # fmt: skip
        assert r.status_code == 200 and "event: done" in "".join(r.iter_text())
    assert turn_count(probe.data, cid) == 2  # a stream read to the end is stored
    report("probe_disconnect", {"turns_stored_for_a_gone_client": 0})


def _chat_requests(probe: Probe) -> float:
    total = 0.0
    for line in probe.http.get("/metrics").text.splitlines():
        if line.startswith("assistant_http_requests_total{") and 'route="/v1/chat"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


BAD_INPUTS: dict[str, tuple[str, dict[str, Any]]] = {
    "surrogate in the question": ("/v1/chat", {"message": "who owns \ud800 ROI?"}),
    "surrogate, streaming": ("/v1/chat", {"message": "\ud800", "stream": True}),
    "surrogate in a history question": ("/v1/chat", {"message": ROI, "history": [{"question": "a\udc80"}]}),
    "surrogate on the OpenAI route": (
        "/v1/chat/completions",
        {"model": "m", "messages": [{"role": "user", "content": "who owns \udfff ROI?"}]},
    ),
    "surrogate on the OpenAI route, streaming": (
        "/v1/chat/completions",
        {"model": "m", "stream": True, "messages": [{"role": "user", "content": "\ud83d"}]},
    ),
    "unknown role id in a history answer": (
        "/v1/chat",
        {
            "message": "who do they report to?",
            "history": [
                {
                    "question": ROI,
                    "answer": {
                        "answer": "x",
                        "language": "en",
                        "answered": True,
                        "kind": "owner",
                        "roles": [{"id": "no_such_role", "name": "X"}],
                    },
                }
            ],
        },
    ),
}


def test_bad_input_is_422_not_500(probe: Probe) -> None:
    """Finding 6: a lone surrogate (UnicodeEncodeError in the embedder) and an unknown role id in a history
    answer (KeyError) were 500s."""
    statuses = {}
    for name, (path, body) in BAD_INPUTS.items():
        raw = json.dumps(body).encode()  # \ud800 as an escape: the JSON is valid, its string is not Unicode
        r = probe.http.post(path, content=raw, headers={**key(6), "Content-Type": "application/json"})
        assert r.status_code == 422, (name, r.status_code, r.text)
        assert r.json()["error"]["code"] in ("invalid_question", "invalid_request"), name
        statuses[name] = r.status_code
    report("probe_bad_input", statuses)


def test_spoofed_forwarded_for_gets_no_bucket_of_its_own(probe: Probe) -> None:
    """Finding 7: from loopback, each made-up X-Forwarded-For got its own rate-limit bucket."""
    statuses = [
        probe.http.get("/v1/models", headers={"X-Forwarded-For": f"203.0.113.{i % 250}.{i}"}).status_code
        for i in range(61)
    ]
    assert statuses[:60] == [401] * 60 and statuses[60] == 429  # one bucket: the real peer's
    report("probe_forwarded_for", {"spoofed_requests": 61, "limited_at": statuses.index(429) + 1})


@embedded_only  # a Chroma server is shared by every process: nothing is busy there
def test_the_cli_asks_the_running_server(probe: Probe) -> None:
    """Finding 12: `assistant ask` on the served embedded index waited and then failed, saying nothing useful."""
    env = {**probe.server.env, "ASSISTANT_SERVER_URL": ""}
    env.pop("ASSISTANT_SERVER_URL")
    started = time.monotonic()
    busy = subprocess.run([*CLI, "ask", ROI], env=env, capture_output=True, text=True, timeout=120)
    seconds = time.monotonic() - started
    assert busy.returncode == 1
    assert "--server" in busy.stderr and "ASSISTANT_SERVER_URL" in busy.stderr, busy.stderr
    assert len(busy.stderr.strip().splitlines()) == 1
    remote = subprocess.run(
        [*CLI, "ask", "--json", "--server", probe.server.base_url, ROI],
        env={**env, "ASSISTANT_SERVER_API_KEY": KEYS[0]},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert remote.returncode == 0, remote.stderr
    assert json.loads(remote.stdout)["roles"][0]["id"] == "cro"
    report("probe_cli_busy_index", {"seconds_to_refuse": round(seconds, 1), "over_http": "cro"})


@embedded_only
def test_index_faults_keep_the_loaded_version_answering(probe: Probe) -> None:
    """Finding 5 (last: it breaks the manifest): a manifest naming a missing or corrupt version gave 503 on
    every uncached question, and /readyz said ready, though the good version was loaded."""
    manifest_path = probe.data / "index" / "current.json"
    good = manifest_path.read_text()
    served = json.loads(good)["collection"]
    corrupt = "v1999999999999-badbad00"
    (probe.data / "index" / corrupt).mkdir()
    (probe.data / "index" / corrupt / "chroma.sqlite3").write_bytes(b"\xff" * 8192)
    results = {}
    for name, version in (("missing version", "v1999999999998-gone0000"), ("corrupt version", corrupt)):
        manifest_path.write_text(
            json.dumps({**json.loads(good), "version": version, "collection": f"x-{version}"})
        )
        answers = [probe.chat(1, message=f"what does the SDR do? {i}") for i in range(5)]
        assert [r.status_code for r in answers] == [200] * 5, answers[-1].text
        assert {r.headers["x-index-collection"] for r in answers} == {served}
        ready = probe.http.get("/readyz")
        assert ready.status_code == 200 and ready.json()["status"] == "degraded"
        assert "still answering" in ready.json()["problems"]["index"]
        results[name] = ready.json()["status"]
    manifest_path.write_text(good)
    assert probe.chat(1, message="what does the BDR do?").status_code == 200
    assert probe.http.get("/readyz").json()["status"] == "ready"
    log = probe.server.log_path.read_text(errors="replace")
    assert log.count("(still answering from") == 2  # logged once per problem: missing, corrupt
    report("probe_index_faults", results)
