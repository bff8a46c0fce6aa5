"""Two replicas for real: two `assistant serve` processes on different ports and data folders, against the same
PostgreSQL server (a throwaway cluster of this module's own) and the same `chroma run` server, as two machines
behind a load balancer would run them.

A conversation started on A continues on B; feedback given on A is listed on B; a Slack event delivered to A
and its retry delivered to B at the same moment is answered once; kill -9 of A under load loses no turn that
got its answer; PostgreSQL restarted under load gives errors only while it is down (503, or a new conversation
answered without an id), and both replicas recover without a restart.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_server import UvicornServer
from harness import QUESTIONS, Deployment, Load, Result, Task, kill9, needs_chroma_server, report, summary
from slack_fakes import BOT_TOKEN, SIGNING_SECRET, event_body, mention
from slack_standin import SlackStandin, sign

from api.asking import conversation_key
from assistant.conversations import ConversationStore
from assistant.postgres import PostgresDatabase
from assistant.service import AnswerService
from tests.modes import SERVER_URL
from tests.postgres_server import PostgresCluster, find_bin_dir

pytestmark = [pytest.mark.slow, needs_chroma_server, pytest.mark.timeout(300)]

ROI = "who owns marketing ROI?"
FOLLOW_UPS = ["who do they report to?", "what about the SDR?", "kuka raportoi heille?", "and the CRO?"]


@dataclass
class Pair:
    """Replicas "a" and "b": one namespace on the Chroma server, one database, a data folder each."""

    postgres: PostgresCluster
    database_url: str
    standin: SlackStandin
    base: Path
    deployments: dict[str, Deployment]
    servers: dict[str, UvicornServer] = field(default_factory=dict)
    alive: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, name: str) -> UvicornServer:
        log = self.base / f"{name}-{len(list(self.base.glob(name + '-*.log')))}.log"
        server = self.deployments[name].serve(log, workers=1).__enter__()
        self.servers[name] = server
        with self.lock:
            self.alive = sorted({*self.alive, name})
        return server

    def url(self, name: str) -> str:
        return self.servers[name].base_url

    def urls(self) -> list[tuple[str, str]]:
        """The replicas a load balancer would send to now: (name, base URL)."""
        with self.lock:
            return [(name, self.servers[name].base_url) for name in self.alive]

    def kill(self, name: str) -> None:
        with self.lock:
            self.alive.remove(name)  # the load balancer's health check takes it out ...
        server = self.servers[name]
        assert server.process is not None
        kill9(server.process.pid)  # ... as it dies
        server.process.wait(10)

    def log(self, name: str) -> str:
        return self.servers[name].log_path.read_text(errors="replace")

    def stop(self) -> None:
        for server in self.servers.values():
            server.__exit__(None, None, None)

    def conversations(self) -> ConversationStore:
        """The conversation store as the replicas see it (read straight from PostgreSQL)."""
        return ConversationStore(PostgresDatabase(self.database_url, pool_size=2))


@pytest.fixture(scope="module")
def pair(indexed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    if find_bin_dir() is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    assert SERVER_URL
    base = tmp_path_factory.mktemp("replicas")
    with PostgresCluster(base) as postgres, SlackStandin() as standin:
        url = postgres.create_database("assistant")
        namespace = "rep" + uuid.uuid4().hex[:10]
        deployments = {}
        for name in ("a", "b"):
            data = base / f"data-{name}"
            shutil.copytree(indexed_data_dir, data, ignore=shutil.ignore_patterns("*.lock"))
            deployments[name] = Deployment(
                data,
                SERVER_URL,
                namespace=namespace,
                env_extra={
                    "ASSISTANT_DATABASE_URL": url,
                    "ASSISTANT_SLACK_API_URL": standin.api_url,
                    "SLACK_BOT_TOKEN": BOT_TOKEN,
                    "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                },
            )
        AnswerService(deployments["a"].settings).build_index()  # once, for both (the deploy job's step)
        pair = Pair(postgres, url, standin, base, deployments)
        try:
            pair.start("a")
            pair.start("b")
            yield pair
        finally:
            pair.stop()


def _chat(url: str, message: str, conversation_id: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"message": message}
    if conversation_id:
        body["conversation_id"] = conversation_id
    response = httpx.post(url + "/v1/chat", json=body, timeout=30)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def test_a_conversation_started_on_a_continues_on_b(pair: Pair) -> None:
    first = _chat(pair.url("a"), ROI)
    assert first["roles"][0]["id"] == "cro" and first["conversation_id"]
    follow = _chat(pair.url("b"), "who do they report to?", first["conversation_id"])
    assert follow["conversation_id"] == first["conversation_id"]
    assert follow["kind"] == "reports_to" and {r["id"] for r in follow["roles"]} == {"ceo", "board"}
    third = _chat(pair.url("a"), "and what about the SDR?", first["conversation_id"])
    assert third["conversation_id"] == first["conversation_id"]
    stored = pair.conversations().find(conversation_key("", first["conversation_id"]))
    assert [t.question for t in stored or []] == [ROI, "who do they report to?", "and what about the SDR?"]
    for name in ("a", "b"):  # nothing in the data folders: the state is shared
        assert not (pair.deployments[name].data_dir / "conversations.sqlite3").exists()


def test_feedback_given_on_a_is_listed_on_b(pair: Pair) -> None:
    answer = _chat(pair.url("a"), "who sets the sales quotas?")
    given = httpx.post(
        pair.url("a") + "/v1/feedback",
        json={"answer_id": answer["answer_id"], "rating": "down", "comment": "seen on B?"},
        timeout=30,
    )
    assert given.status_code == 201, given.text
    listed = httpx.get(pair.url("b") + "/v1/feedback", timeout=30).json()
    mine = [item for item in listed if item["id"] == given.json()["id"]]
    assert [(i["vote"], i["comment"], i["question"]) for i in mine] == [
        ("down", "seen on B?", "who sets the sales quotas?")
    ]


def _wait_for_line(pair: Pair, text: str, timeout: float = 30.0) -> str:
    """Until a replica's log has ``text``; the replica's name."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name in pair.alive:
            if text in pair.log(name):
                return name
        time.sleep(0.05)
    raise TimeoutError(f"no replica logged {text!r}")


def _posts(pair: Pair, channel: str, timeout: float = 30.0) -> list[Any]:
    """The answers posted in ``channel``, once there is one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        posts = [c for c in pair.standin.calls_to("chat.postMessage") if c.params.get("channel") == channel]
        if posts:
            return posts
        time.sleep(0.05)
    raise TimeoutError(f"nothing posted in {channel}")


def test_a_slack_event_and_its_retry_on_two_replicas_are_answered_once(pair: Pair) -> None:
    channel, event_id = "C0REPLICAS", "EvReplicas-1"
    body = event_body(mention(ROI, channel=channel, ts="1700000700.000100"), event_id)
    barrier = threading.Barrier(2)
    statuses: dict[str, int] = {}

    def deliver(name: str, retry: int) -> None:
        headers = {"Content-Type": "application/json", **sign(body, SIGNING_SECRET)}
        if retry:
            headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
        barrier.wait()
        statuses[name] = httpx.post(
            pair.url(name) + "/slack/events", content=body, headers=headers
        ).status_code

    threads = [threading.Thread(target=deliver, args=args) for args in (("a", 0), ("b", 1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert statuses == {"a": 200, "b": 200}  # both acked at once
    ignored_by = _wait_for_line(pair, f"{event_id} was already handled")  # the other one's claim lost
    posts = _posts(pair, channel)
    assert len(posts) == 1 and "Chief Revenue Officer" in str(posts[0].params["blocks"])
    report("replicas-slack-retry", {"answered_by": "b" if ignored_by == "a" else "a", "posts": len(posts)})


def roaming_client(pair: Pair, name: str, seed: int, turns: int = 4) -> Task:
    """A user whose every turn may land on either replica (no sticky sessions): turn i goes to the i-th of
    the replicas in rotation, starting from the seed. A failed turn ends its conversation."""
    rng = random.Random(seed)

    async def run(stop: asyncio.Event, record: Callable[[Result], None]) -> None:
        async with httpx.AsyncClient(timeout=30) as http:
            while not stop.is_set():
                conversation_id: str | None = None
                for turn in range(turns):
                    if stop.is_set():
                        break
                    targets = pair.urls()
                    replica, url = targets[(seed + turn) % len(targets)]
                    question = rng.choice(QUESTIONS) if turn == 0 else rng.choice(FOLLOW_UPS)
                    body: dict[str, Any] = {"message": question}
                    if conversation_id:
                        body["conversation_id"] = conversation_id
                    started = time.monotonic()
                    try:
                        response = await http.post(url + "/v1/chat", json=body)
                    except httpx.HTTPError as exc:
                        record(Result(name, started, time.monotonic() - started, False, None, repr(exc),
                                      conversation_id, question, replica))  # fmt: skip
                        break
                    seconds = time.monotonic() - started
                    if response.status_code != 200:
                        record(Result(name, started, seconds, False, response.status_code, response.text[:200],
                                      conversation_id, question, replica))  # fmt: skip
                        break
                    conversation_id = response.json()["conversation_id"]
                    record(Result(name, started, seconds, True, 200, "", conversation_id, question, replica))
                    if conversation_id is None:  # answered without being stored (the database away)
                        break
                    await asyncio.sleep(0.05)

    return run


def _acknowledged(results: list[Result]) -> dict[str, list[str]]:
    turns: dict[str, list[str]] = defaultdict(list)
    for result in sorted(results, key=lambda r: r.started):
        if result.ok and result.conversation_id:
            turns[result.conversation_id].append(result.question)
    return turns


def _wait_results(load: Load, enough: Callable[[list[Result]], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not enough(load.snapshot()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the load did not get there: {summary(load.snapshot(), timeout)}")
        time.sleep(0.05)


def test_kill_9_of_one_replica_loses_no_acknowledged_turn(pair: Pair) -> None:
    clients = 8
    load = Load([roaming_client(pair, f"k{i}", seed=i) for i in range(clients)]).start()
    started = time.monotonic()
    try:
        _wait_results(load, lambda rs: sum(r.ok and r.index == "a" for r in rs) >= 30)
        pair.kill("a")
        killed = time.monotonic()
        _wait_results(load, lambda rs: sum(r.ok and r.started > killed for r in rs) >= 40)
    finally:
        results = load.stop()
    acknowledged = _acknowledged(results)
    store = pair.conversations()
    lost = []
    for conversation_id, questions in acknowledged.items():
        stored = [t.question for t in store.find(conversation_key("", conversation_id)) or []]
        # every turn that got its answer is there, in order; at most one more (stored, its answer lost in the kill)
        if stored[: len(questions)] != questions or len(stored) > len(questions) + 1:
            lost.append((conversation_id, questions, stored))
    assert lost == []
    failures = [r for r in results if not r.ok]
    assert all(r.index == "a" for r in failures), failures  # only requests that A had, or was sent as it died
    figures = summary(results, time.monotonic() - started)
    figures.update(conversations=len(acknowledged), turns_checked=sum(map(len, acknowledged.values())))
    report("replicas-kill-9", figures)
    pair.start("a")  # back for the next test; it finds everything
    assert pair.conversations().count() >= len(acknowledged)


def test_postgres_restarted_under_load_errors_only_while_down(pair: Pair) -> None:
    load = Load([roaming_client(pair, f"p{i}", seed=20 + i) for i in range(8)]).start()
    started = time.monotonic()
    try:
        _wait_results(load, lambda rs: sum(r.ok for r in rs) >= 30)
        pair.postgres.stop("immediate")
        down = time.monotonic()
        _wait_results(load, lambda rs: sum(r.started > down and r.conversation_id is None for r in rs) >= 10)
        for name in ("a", "b"):  # not ready while it is down: out of rotation at the load balancer
            ready = httpx.get(pair.url(name) + "/readyz", timeout=10)
            assert ready.status_code == 503 and ready.json()["error"]["code"] == "storage_unavailable"
        pair.postgres.start()
        up = time.monotonic()
        _wait_results(
            load, lambda rs: sum(r.ok and r.started > up and r.conversation_id is not None for r in rs) >= 40
        )
    finally:
        results = load.stop()
    failures = [r for r in results if not r.ok]
    assert {r.status for r in failures} <= {503}, failures  # never a 500, never a dropped connection
    assert all("storage_unavailable" in r.error for r in failures)
    late = [r for r in failures if r.started > up]
    assert late == []  # errors only while it was down
    during = [r for r in results if down <= r.started <= up]
    after = [r for r in results if r.started > up]
    assert after and all(r.ok for r in after)
    for name in ("a", "b"):
        assert httpx.get(pair.url(name) + "/readyz", timeout=10).json()["status"] == "ready"
    acknowledged = _acknowledged(results)
    store = pair.conversations()
    for conversation_id, questions in acknowledged.items():
        stored = [t.question for t in store.find(conversation_key("", conversation_id)) or []]
        assert stored[: len(questions)] == questions  # nothing acknowledged was lost in the restart
    figures = summary(results, time.monotonic() - started)
    figures.update(
        down_s=round(up - down, 2),
        during=len(during),
        during_answered_without_id=sum(r.ok and r.conversation_id is None for r in during),
        during_503=sum(r.status == 503 for r in during),
        after=len(after),
        first_ok_after_ms=round(min((r.started + r.seconds - up) * 1000 for r in after if r.ok), 1),
    )
    report("replicas-postgres-restart", figures)
