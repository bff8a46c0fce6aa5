"""kill -9 of one worker under load (chat clients and Slack 👍/👎 clicks): the other worker keeps answering,
uvicorn starts a replacement that takes requests only once loaded, and every conversation turn and feedback
vote that got a success response is still there after the whole service is restarted."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from harness import (
    Deployment,
    Load,
    Result,
    Task,
    chat_client,
    kill9,
    needs_chroma_server,
    report,
    summary,
    wait_all_workers_ready,
    worker_pids,
)
from slack_fakes import BOT_TOKEN, SIGNING_SECRET, action_body, action_payload, event_body, mention
from slack_standin import SlackStandin, sign

from api.asking import conversation_key
from api.deps import owner_of
from api.slack.blocks import ACTION_DOWN, ACTION_UP
from assistant.conversations import CONVERSATIONS_FILE, ConversationStore

pytestmark = [pytest.mark.slow, needs_chroma_server, pytest.mark.timeout(240)]

CHAT_CLIENTS = 20
VOTERS = 3
BEFORE_KILL_SECONDS = 3.0
AFTER_KILL_SECONDS = 6.0
KEYS = [f"reliability-kill-key-{i:02d}" for i in range(CHAT_CLIENTS)]  # one per client: rate limits stay on
KEY = KEYS[0]
FORM = "application/x-www-form-urlencoded"


def voter(base_url: str, standin: SlackStandin, ref: str, name: str) -> Task:
    """Clicks 👍/👎 on a posted answer, again and again; a vote counts as a success once Slack's
    ``response_url`` gets the "recorded" thanks (the listener stores the vote before it says so)."""

    async def run(stop: asyncio.Event, record: Callable[[Result], None]) -> None:
        n = 0
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
            while not stop.is_set():
                n += 1
                user = f"U{name}{n:05d}"
                reply = f"{name}-{n}"
                action = ACTION_UP if n % 2 else ACTION_DOWN
                body = action_body(action_payload(action, ref, standin.response_url(reply), user=user))
                headers = {"Content-Type": FORM, **sign(body, SIGNING_SECRET)}
                started = time.monotonic()
                try:
                    response = await http.post("/slack/events", content=body, headers=headers)
                except httpx.HTTPError as exc:
                    record(
                        Result(
                            name, started, time.monotonic() - started, False, error=repr(exc), question=user
                        )
                    )
                    continue
                thanks = None
                deadline = time.monotonic() + 10
                while response.status_code == 200 and time.monotonic() < deadline:
                    found = [c for c in standin.calls_to("response_url") if c.path.endswith("/" + reply)]
                    if found:
                        thanks = found[0]
                        break
                    await asyncio.sleep(0.05)
                ok = thanks is not None and "recorded" in str(thanks.params.get("text"))
                seconds = time.monotonic() - started
                record(
                    Result(
                        name,
                        started,
                        seconds,
                        ok,
                        response.status_code,
                        "" if ok else "no thanks",
                        question=user,
                    )
                )
                await asyncio.sleep(0.2)

    return run


def posted_answer_ref(base_url: str, standin: SlackStandin) -> str:
    """Ask in a channel (a signed app_mention); the posted answer's 👍 button carries its reference."""
    event = mention("who owns marketing ROI?", channel="C0RELIABLE", ts="1700000900.000100")
    body = event_body(event, "EvReliability-1")
    response = httpx.post(
        base_url + "/slack/events",
        content=body,
        headers={"Content-Type": "application/json", **sign(body, SIGNING_SECRET)},
        timeout=30,
    )
    assert response.status_code == 200
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        posts = [c for c in standin.calls_to("chat.postMessage") if c.params.get("channel") == "C0RELIABLE"]
        if posts:
            return str(posts[0].params["blocks"][-1]["elements"][0]["value"])
        time.sleep(0.05)
    raise TimeoutError("the answer was never posted")


def test_kill_9_of_a_worker_under_load_loses_nothing(deployment: Deployment, tmp_path: Path) -> None:
    with SlackStandin() as standin:
        deployment.env_extra.update(
            ASSISTANT_API_KEYS=",".join(KEYS),
            ASSISTANT_SLACK_API_URL=standin.api_url,
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
        )
        with deployment.serve(tmp_path / "serve.log", workers=2) as server:
            assert server.process is not None
            wait_all_workers_ready(server, 2)
            ref = posted_answer_ref(server.base_url, standin)
            tasks = [
                chat_client(server.base_url, f"c{i}", key=KEYS[i], seed=100 + i, pause=0.1)
                for i in range(CHAT_CLIENTS)
            ]
            tasks += [voter(server.base_url, standin, ref, f"V{i}") for i in range(VOTERS)]
            load = Load(tasks).start()
            started = time.monotonic()
            try:
                time.sleep(BEFORE_KILL_SECONDS)
                before = worker_pids(server.process.pid)
                assert len(before) == 2
                victim = before[0]
                kill9(victim)
                killed = time.monotonic()

                def served_on(results: list[Result]) -> bool:
                    # the load ran AFTER_KILL_SECONDS past the kill, a chat that started within 2 s of it was
                    # answered (by the other worker) and a vote cast after it was recorded
                    return (
                        time.monotonic() - killed >= AFTER_KILL_SECONDS
                        and any(
                            r.ok and r.client.startswith("c") and r.started < killed + 2.0
                            for r in after_kill(results)
                        )
                        and any(r.ok and r.client.startswith("V") for r in after_kill(results))
                    )

                def after_kill(results: list[Result]) -> list[Result]:
                    return [r for r in results if r.started > killed]

                load.wait_for(served_on, timeout=90)  # the asserts below say what did not happen
            finally:
                results = load.stop()
            elapsed = time.monotonic() - started
            after = worker_pids(server.process.pid)
            assert victim not in after and len(after) == 2  # uvicorn replaced it
            wait_all_workers_ready(server, 2)
            log = server.log_path.read_text(errors="replace")
        # the whole service stops (SIGTERM) here, and starts again below over the same data

        chats = [r for r in results if r.client.startswith("c")]
        votes = [r for r in results if r.client.startswith("V")]
        # the other worker kept answering while the victim was dead and its replacement loading
        assert [r for r in chats if r.ok and killed < r.started < killed + 2.0]
        assert sum(r.ok for r in votes if r.started > killed) > 0
        # only requests in flight on the killed worker failed: a dropped connection, or a vote acknowledged
        # just before the kill whose listener died with the worker (no "recorded" reply: not a success)
        failures = [r for r in results if not r.ok]
        assert all(r.started < killed + 0.5 for r in failures), failures[:5]
        assert all(r.status is None or (r.status == 200 and r.client.startswith("V")) for r in failures)
        assert len(failures) <= CHAT_CLIENTS + VOTERS
        assert "Child process" in log and "died" in log

        with deployment.serve(tmp_path / "restart.log", workers=2) as again:
            stored = ConversationStore(deployment.data_dir / CONVERSATIONS_FILE)
            turns = Counter((r.conversation_id, r.question) for r in chats if r.ok)
            found: Counter[tuple[str | None, str]] = Counter()
            owners = {r.conversation_id: KEYS[int(r.client[1:])] for r in chats if r.ok}
            for conversation_id in {cid for cid, _ in turns}:
                key = conversation_key(owner_of(owners[conversation_id]), conversation_id or "")
                found.update((conversation_id, t.question) for t in stored.history(key))
            lost_turns = sum((turns - found).values())
            feedback = httpx.get(
                again.base_url + "/v1/feedback",
                params={"limit": 1000},
                headers={"Authorization": f"Bearer {KEY}"},
                timeout=30,
            )
            assert feedback.status_code == 200
            stored_voters = {item["user"] for item in feedback.json()}
            lost_votes = [r.question for r in votes if r.ok and r.question not in stored_voters]
            # a conversation goes on after the restart, with its context
            some = next(r for r in chats if r.ok and r.conversation_id)
            follow = httpx.post(
                again.base_url + "/v1/chat",
                json={"message": "who do they report to?", "conversation_id": some.conversation_id},
                headers={"Authorization": f"Bearer {owners[some.conversation_id]}"},  # its own key
                timeout=30,
            )
            assert follow.status_code == 200
        assert lost_turns == 0
        assert lost_votes == []

    figures = summary(results, elapsed)
    figures.update(
        chat_clients=CHAT_CLIENTS,
        voters=VOTERS,
        workers=2,
        turns_ok=sum(r.ok for r in chats),
        turns_stored_checked=sum(turns.values()),
        votes_ok=sum(r.ok for r in votes),
        failed_in_flight=len(failures),
        answered_in_2s_after_kill=sum(r.ok for r in results if killed < r.started < killed + 2.0),
        lost_turns=lost_turns,
        lost_votes=len(lost_votes),
    )
    report("kill-worker", figures)
