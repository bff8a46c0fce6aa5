"""The reliability harness: a deployment on the test Chroma server (`assistant serve --workers N` in a real
process), a load generator of concurrent chat clients, and the process plumbing for kill -9.

Everything talks to 127.0.0.1 only. Times are ``time.monotonic()`` of this process, so results can be set
against the moment a fault was injected.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import quantiles
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest
from api_server import UvicornServer

from assistant.config import Settings
from index.store import IndexStore, Manifest
from tests.modes import SERVER_URL

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "from assistant.cli import main; main()"]
QUESTIONS = [
    json.loads(line)["q"]
    for line in (REPO / "corpus" / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
needs_chroma_server = pytest.mark.skipif(
    not SERVER_URL,
    reason="reliability tests need a real Chroma server: run them under scripts/with-chroma-server "
    "(`make test` does), which sets ASSISTANT_TEST_CHROMA_URL",
)
FOLLOW_UPS = ["who do they report to?", "what about the SDR?", "kuka raportoi heille?", "and the CRO?"]


# ---- the deployment ---------------------------------------------------------------------------------------
@dataclass
class Deployment:
    """One deployment: a data folder (conversations, feedback, embedding cache) and a namespace on the server."""

    data_dir: Path
    chroma_url: str
    namespace: str = field(default_factory=lambda: "rel" + uuid.uuid4().hex[:10])
    env_extra: dict[str, str] = field(default_factory=dict)

    @property
    def settings(self) -> Settings:
        return Settings(data_dir=self.data_dir, chroma_url=self.chroma_url, chroma_namespace=self.namespace)

    def env(self) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "SLACK_"))}
        return {
            **base,
            "HF_HUB_OFFLINE": "1",
            "ANONYMIZED_TELEMETRY": "False",
            "PYTHONUNBUFFERED": "1",
            "ASSISTANT_DATA_DIR": str(self.data_dir),
            "ASSISTANT_CHROMA_URL": self.chroma_url,
            "ASSISTANT_CHROMA_NAMESPACE": self.namespace,
            **self.env_extra,
        }

    def serve(self, log_path: Path, workers: int = 2) -> UvicornServer:
        """`assistant serve --workers N` on a free loopback port (a context manager; ready on enter)."""
        command = [*CLI, "serve", "--workers", str(workers), "--port", "{port}"]
        server = UvicornServer(self.env(), log_path, command=command, ready_timeout=120)
        server.env = self.env()  # exactly this environment: nothing inherited from the test process
        return server

    def reindex(self, log_path: Path) -> subprocess.Popen[bytes]:
        """`assistant index --rebuild` in its own process (output to ``log_path``)."""
        with log_path.open("ab") as log:
            return subprocess.Popen(
                [*CLI, "index", "--rebuild"], cwd=REPO, env=self.env(), stdout=log, stderr=subprocess.STDOUT
            )

    def manifest(self) -> Manifest:
        manifest = IndexStore(self.settings).read_manifest()
        assert manifest is not None
        return manifest

    def collections(self) -> set[str]:
        """The names of this deployment's index versions on the server."""
        return {f"{self.namespace}-{v}" for v in IndexStore(self.settings).versions()}

    def documents(self, collection: str) -> dict[str, str]:
        """Chunk id -> text of every chunk in ``collection`` (read straight from the Chroma server)."""
        import chromadb

        url = urlparse(self.chroma_url)
        client = chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000)
        records = client.get_collection(collection).get(include=["documents"])
        return dict(zip(records["ids"], records["documents"] or [], strict=True))


def wait_all_workers_ready(server: UvicornServer, workers: int, timeout: float = 90.0) -> None:
    """Until ``workers`` worker processes exist and fresh connections keep finding a ready one."""
    deadline = time.monotonic() + timeout
    streak = 0
    while time.monotonic() < deadline:
        assert server.process is not None
        if len(worker_pids(server.process.pid)) == workers:
            try:
                ok = httpx.get(server.base_url + "/readyz", timeout=5).status_code == 200
            except httpx.HTTPError:
                ok = False
            streak = streak + 1 if ok else 0
            if streak >= 10:
                return
        time.sleep(0.05)
    raise TimeoutError(f"{workers} workers not ready after {timeout}s:\n{server.log()}")


# ---- processes ---------------------------------------------------------------------------------------------
def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return sorted(found)


def worker_pids(master: int) -> list[int]:
    """uvicorn's worker processes under ``master`` (multiprocessing spawn children, not its resource tracker)."""
    workers = []
    for pid in _children(master):
        try:
            cmdline = (Path("/proc") / str(pid) / "cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            workers.append(pid)
    return workers


def kill9(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)


# ---- load ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Result:
    """One request: when it started (monotonic), how long it took, and what came back."""

    client: str
    started: float
    seconds: float
    ok: bool
    status: int | None = None  # None: no HTTP response at all (connection refused / reset)
    error: str = ""
    conversation_id: str | None = None
    question: str = ""
    index: str = ""
    citations: tuple[tuple[str, str], ...] = ()  # (chunk_id, quote)


Task = Callable[[asyncio.Event, Callable[[Result], None]], Awaitable[None]]


class Load:
    """Runs async client tasks in a background thread until ``stop()``; collects their results."""

    def __init__(self, tasks: list[Task]) -> None:
        self.tasks = tasks
        self.results: list[Result] = []
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)  # notified on every result
        self._loop = asyncio.new_event_loop()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="reliability-load", daemon=True)
        self._started = threading.Event()
        self.error: BaseException | None = None

    def _record(self, result: Result) -> None:
        with self._changed:
            self.results.append(result)
            self._changed.notify_all()

    def snapshot(self) -> list[Result]:
        with self._lock:
            return list(self.results)

    def wait_for(self, done: Callable[[list[Result]], bool], timeout: float) -> bool:
        """Waits until ``done(results so far)`` holds, woken by each new result; False after ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not done(list(self.results)):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
        return True

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def main() -> None:
            self._stop = asyncio.Event()
            self._started.set()
            await asyncio.gather(*(task(self._stop, self._record) for task in self.tasks))

        try:
            self._loop.run_until_complete(main())
        except BaseException as exc:  # surfaced by stop()
            self.error = exc
        finally:
            self._loop.close()

    def start(self) -> Load:
        self._thread.start()
        self._started.wait(10)
        return self

    def stop(self, timeout: float = 60.0) -> list[Result]:
        stop = self._stop
        if stop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(stop.set)
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise TimeoutError("the load clients did not stop")
        if self.error is not None:
            raise self.error
        return self.snapshot()


def chat_client(
    base_url: str, name: str, *, key: str | None = None, seed: int = 0, turns: int = 4, pause: float = 0.0
) -> Task:
    """A user chatting: a question, then follow-ups in the same conversation (``turns`` per conversation,
    under the server's 20-turn bound), then a new conversation; keep-alive connection, 30 s timeout."""
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {key}"} if key else {}

    async def run(stop: asyncio.Event, record: Callable[[Result], None]) -> None:
        async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=30) as http:
            while not stop.is_set():
                conversation_id: str | None = None
                for turn in range(turns):
                    if stop.is_set():
                        break
                    question = rng.choice(QUESTIONS) if turn == 0 else rng.choice(FOLLOW_UPS + QUESTIONS[:20])
                    body: dict[str, Any] = {"message": question}
                    if conversation_id:
                        body["conversation_id"] = conversation_id
                    started = time.monotonic()
                    try:
                        response = await http.post("/v1/chat", json=body)
                    except httpx.HTTPError as exc:
                        record(Result(name, started, time.monotonic() - started, False, error=repr(exc),
                                      conversation_id=conversation_id, question=question))  # fmt: skip
                        break
                    seconds = time.monotonic() - started
                    if response.status_code != 200:
                        record(Result(name, started, seconds, False, response.status_code, response.text[:300],
                                      conversation_id, question))  # fmt: skip
                        break
                    data = response.json()
                    conversation_id = data["conversation_id"]
                    citations = tuple((c["chunk_id"], c["quote"]) for c in data["citations"])
                    record(Result(name, started, seconds, True, 200, "", conversation_id, question,
                                  response.headers.get("x-index-collection", ""), citations))  # fmt: skip
                    if pause:
                        await asyncio.sleep(pause)

    return run


# ---- figures ---------------------------------------------------------------------------------------------------
def summary(results: list[Result], seconds: float) -> dict[str, Any]:
    ok = [r for r in results if r.ok]
    latencies = sorted(r.seconds * 1000 for r in ok)
    cuts = quantiles(latencies, n=100) if len(latencies) >= 2 else [0.0] * 99
    return {
        "requests": len(results),
        "ok": len(ok),
        "failed": len(results) - len(ok),
        "failure_kinds": dict(Counter(_kind(r) for r in results if not r.ok)),
        "seconds": round(seconds, 1),
        "req_per_s": round(len(results) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(cuts[49], 1),
        "p95_ms": round(cuts[94], 1),
        "max_ms": round(latencies[-1], 1) if latencies else 0.0,
    }


def _kind(result: Result) -> str:
    if result.status is None:
        return result.error.split("(", 1)[0] or "no response"
    return f"{result.status} {result.error[:40]}".strip()


def report(name: str, figures: dict[str, Any]) -> None:
    """Print one line of figures (``pytest -s`` shows it; docs/RELIABILITY.md quotes them)."""
    print(f"\nRELIABILITY {name}: {json.dumps(figures, sort_keys=True)}")
