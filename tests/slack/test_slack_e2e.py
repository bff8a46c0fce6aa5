"""End to end: signed requests through a real uvicorn to /slack/events, the real service and index, and
slack_sdk posting to the Web API stand-in (a real HTTP server). Each test uses its own channel and event ids, and
checks that the server logged no traceback while it ran, so the tests hold in any order.

No test sleeps to show that something did not happen: it waits for what the app says — a post arriving at the
stand-in (its condition wakes the test), the event recorded as answered in the Slack state, each redelivery
logged as ignored, each refused request logged as refused — and then counts."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from slack_fakes import (
    BOT_TOKEN,
    action_body,
    action_payload,
    channel_message,
    command_body,
    direct_message,
    event_body,
    mention,
)
from slack_server import ProcessLog, SlackServer, clean_env, event_claimed, event_done, until
from slack_socket_standin import SocketModeLink
from slack_standin import Call, SlackStandin

from api.slack.blocks import ACTION_SHARE, ACTION_UP

pytestmark = pytest.mark.slow
ROI = "who owns marketing ROI?"
AUTO = "C0E2EAUTO"  # ASSISTANT_SLACK_CHANNELS of the module's server
FORM = "application/x-www-form-urlencoded"


def copy_index(indexed_data_dir: Path, target: Path) -> Path:
    shutil.copytree(indexed_data_dir, target, ignore=shutil.ignore_patterns("*.lock"))
    return target


@pytest.fixture(scope="module")
def standin() -> Iterator[SlackStandin]:
    with SlackStandin() as server:
        yield server


@pytest.fixture(scope="module")
def server(
    indexed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory, standin: SlackStandin
) -> Iterator[SlackServer]:
    root = tmp_path_factory.mktemp("slack-e2e")
    data = copy_index(indexed_data_dir, root / "data")
    running = SlackServer(data, standin.api_url, root / "server.log", ASSISTANT_SLACK_CHANNELS=AUTO).start()
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def _no_traceback_in_the_server_log(request: pytest.FixtureRequest) -> Iterator[None]:
    """What the module's server logged while a test ran holds no traceback (each test its own part of the log,
    so no test has to run last)."""
    if "server" not in request.fixturenames:
        yield
        return
    running: SlackServer = request.getfixturevalue("server")
    mark = running.log_mark()
    yield
    logged = running.log(mark)
    assert "Traceback" not in logged and "Exception" not in logged, logged


def _is_post_in(channel: str) -> Callable[[Call], bool]:
    return lambda c: c.method == "chat.postMessage" and c.params.get("channel") == channel


def posts_in(standin: SlackStandin, channel: str) -> list[Call]:
    return standin.matching(_is_post_in(channel))


def wait_posts(standin: SlackStandin, channel: str, count: int = 1, timeout: float = 20.0) -> list[Call]:
    return standin.wait_matching(_is_post_in(channel), count, timeout, f"posts in {channel}")


def wait_responses(standin: SlackStandin, name: str, count: int = 1, timeout: float = 20.0) -> list[Call]:
    def is_response(c: Call) -> bool:
        return c.method == "response_url" and c.path.endswith("/" + name)

    return standin.wait_matching(is_response, count, timeout, f"response_url posts to {name}")


def texts(blocks: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return found


def test_startup_log_names_the_mode(server: SlackServer) -> None:
    assert "Slack: HTTP mode" in server.log()


def test_url_verification(server: SlackServer) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc", "token": "x"}).encode()
    response = server.post(body)
    assert response.status_code == 200 and response.json() == {"challenge": "abc"}


def test_mention_gets_exactly_one_threaded_answer_naming_the_cro(
    server: SlackServer, standin: SlackStandin
) -> None:
    event = mention(ROI, channel="C0E2EMENTION", ts="1700000010.000100")
    started = time.perf_counter()
    response = server.post(event_body(event, "EvE2E-mention"))
    ack_seconds = time.perf_counter() - started
    assert response.status_code == 200 and ack_seconds < 3
    [post] = wait_posts(standin, "C0E2EMENTION")
    assert post.params["thread_ts"] == "1700000010.000100"
    blocks = post.params["blocks"]
    assert "Chief Revenue Officer" in blocks[0]["text"]["text"]
    citations = [b for b in blocks if b["type"] == "context" and "📄" in b["elements"][0]["text"]]
    assert citations and "ROI" in citations[0]["elements"][0]["text"]
    assert [e["action_id"] for e in blocks[-1]["elements"]] == ["feedback_up", "feedback_down"]
    server.wait_done("EvE2E-mention")
    assert len(posts_in(standin, "C0E2EMENTION")) == 1


def test_bad_stale_and_garbage_signatures_are_refused(server: SlackServer, standin: SlackStandin) -> None:
    mark = server.log_mark()
    body = event_body(mention(ROI, channel="C0E2EBAD"), "EvE2E-bad")
    now = str(int(time.time()))
    cases: list[tuple[dict[str, str | bytes], bytes, int]] = [
        ({"X-Slack-Request-Timestamp": now, "X-Slack-Signature": "v0=" + "0" * 64}, body, 401),
        ({"X-Slack-Request-Timestamp": now}, body, 401),
        ({}, body, 401),
        ({"X-Slack-Request-Timestamp": "not-a-time", "X-Slack-Signature": "v0=00"}, body, 400),
        ({"X-Slack-Request-Timestamp": now, "X-Slack-Signature": "v0=ü".encode()}, body, 401),
    ]
    for headers, payload, status in cases:
        response = server.post_raw(payload, {"Content-Type": "application/json", **headers})
        assert response.status_code == status, (headers, response.text)
    # a timestamp from the future must still be past the 300 s window when the server reads it, a moment (and
    # possibly a clock second) later: 301 s ahead was accepted once the request crossed a second boundary
    for skew in (-301, 310, -86_400):
        assert server.post(body, timestamp=int(time.time()) + skew).status_code == 401
    assert server.post(b"\xff\xfe not utf-8").status_code == 400
    assert server.post(b"{not json").status_code == 400
    # each was refused before bolt saw it (api/slack/http.py), so no listener ever runs for it: once the app has
    # logged every refusal, nothing is left that could post
    server.wait_logged("slack: rejected request", len(cases) + 3 + 1, since=mark)
    server.wait_logged("slack: signed request with an unparseable payload", since=mark)
    assert not event_claimed(server.data_dir, "EvE2E-bad")
    assert posts_in(standin, "C0E2EBAD") == []


def test_four_deliveries_of_one_event_give_one_answer(server: SlackServer, standin: SlackStandin) -> None:
    body = event_body(mention(ROI, channel="C0E2ERETRY", ts="1700000020.000100"), "EvE2E-retry")
    statuses = [server.post(body).status_code]
    for attempt in (1, 2, 3):
        statuses.append(server.post(body, **{"X-Slack-Retry-Num": str(attempt)}).status_code)
    assert statuses == [200] * 4
    wait_posts(standin, "C0E2ERETRY")
    server.wait_done("EvE2E-retry", redeliveries=3)  # one answered, three logged as ignored
    assert len(posts_in(standin, "C0E2ERETRY")) == 1


def test_direct_message_is_answered_in_the_dm(server: SlackServer, standin: SlackStandin) -> None:
    event = direct_message("mikä on CRO?", channel="D0E2EDM", ts="1700000030.000100")
    assert server.post(event_body(event, "EvE2E-dm")).status_code == 200
    [post] = wait_posts(standin, "D0E2EDM")
    assert "thread_ts" not in post.params
    assert "CRO" in post.params["blocks"][0]["text"]["text"]


def test_follow_up_in_the_thread_uses_the_context(server: SlackServer, standin: SlackStandin) -> None:
    first = mention(ROI, channel="C0E2EFOLLOW", ts="1700000040.000100")
    assert server.post(event_body(first, "EvE2E-follow-1")).status_code == 200
    wait_posts(standin, "C0E2EFOLLOW")
    follow = mention("who do they report to?", channel="C0E2EFOLLOW", ts="1700000041.000100",
                     thread_ts="1700000040.000100")  # fmt: skip
    assert server.post(event_body(follow, "EvE2E-follow-2")).status_code == 200
    _, second = wait_posts(standin, "C0E2EFOLLOW", 2)
    assert second.params["thread_ts"] == "1700000040.000100"
    answer = second.params["blocks"][0]["text"]["text"]
    assert "Chief Revenue Officer reports to" in answer and "Chief Executive Officer" in answer


def test_injection_is_escaped_in_answers_and_shared_messages(
    server: SlackServer, standin: SlackStandin
) -> None:
    # What Slack sends when someone types these characters literally, and when they use real markup.
    literal = "&lt;!channel&gt; who owns marketing ROI? &lt;https://x|y&gt; &lt;@U0VICTIM&gt;"
    marked = "<!channel> who owns marketing ROI? <https://x|y>"
    assert server.post(event_body(mention(marked, channel="C0E2EINJECT"), "EvE2E-inject")).status_code == 200
    body = command_body(literal, standin.response_url("inject"), channel="C0E2EINJECT", user="U0INJECT")
    assert server.post(body, FORM).status_code == 200
    [reply] = wait_responses(standin, "inject")
    ref = reply.params["blocks"][-1]["elements"][-1]["value"]
    click = action_payload(ACTION_SHARE, ref, standin.response_url("inject-share"), channel="C0E2EINJECT",
                           user="U0INJECT", ephemeral=True)  # fmt: skip
    assert server.post(action_body(click), FORM).status_code == 200
    posts = wait_posts(standin, "C0E2EINJECT", 2)
    shared = json.dumps([p.params for p in posts] + [reply.params], ensure_ascii=False)
    for raw in ("<!channel>", "<https://x|y>", "<@U0VICTIM>"):
        assert raw not in shared
    assert "&lt;!channel&gt;" in shared and "&lt;https://x|y&gt;" in shared
    for post in posts:
        for text in texts(post.params["blocks"]):
            assert "<" not in text.replace("<@U0INJECT>", "")


def test_slash_command_alone_shows_the_hierarchy(server: SlackServer, standin: SlackStandin) -> None:
    assert server.post(command_body("", standin.response_url("help")), FORM).status_code == 200
    [reply] = wait_responses(standin, "help")
    dumped = json.dumps(reply.params, ensure_ascii=False)
    assert reply.params["response_type"] == "ephemeral"
    assert "Chief Revenue Officer" in dumped and "VP of Sales" in dumped and "/roles" in dumped


def test_feedback_click_is_stored_and_survives_a_restart(
    indexed_data_dir: Path, tmp_path: Path, standin: SlackStandin
) -> None:
    data = copy_index(indexed_data_dir, tmp_path / "data")
    first = SlackServer(data, standin.api_url, tmp_path / "first.log").start()
    try:
        event = mention(ROI, channel="C0E2EVOTE", ts="1700000050.000100")
        body = event_body(event, "EvE2E-vote")
        assert first.post(body).status_code == 200
        [post] = wait_posts(standin, "C0E2EVOTE")
        first.wait_done("EvE2E-vote")  # answered, and recorded as answered
        ref = post.params["blocks"][-1]["elements"][0]["value"]
        click = action_payload(ACTION_UP, ref, standin.response_url("vote"), channel="C0E2EVOTE")
        assert first.post(action_body(click), FORM).status_code == 200
        [thanks] = wait_responses(standin, "vote")
        assert "Thanks" in thanks.params["text"]
    finally:
        first.stop()
    second = SlackServer(data, standin.api_url, tmp_path / "second.log", ASSISTANT_API_KEYS="k1").start()
    try:
        assert httpx.get(second.url + "/v1/feedback").status_code == 401
        items = httpx.get(second.url + "/v1/feedback", headers={"Authorization": "Bearer k1"}).json()
        assert [(i["vote"], i["question"], i["user"], i["source"]) for i in items] == [
            ("up", ROI, "U0VOTER", "slack")
        ]
        assert "Chief Revenue Officer" in items[0]["answer"]["answer"]
        assert second.post(body, **{"X-Slack-Retry-Num": "3"}).status_code == 200  # late retry, after restart
        second.wait_logged("EvE2E-vote was already handled")  # the claim outlived the process
        assert len(posts_in(standin, "C0E2EVOTE")) == 1
        assert "Traceback" not in second.log(), second.log()
    finally:
        second.stop()


def test_a_listed_channel_is_answered_without_a_mention_in_threads_only(
    server: SlackServer, standin: SlackStandin
) -> None:
    chatter = channel_message("thanks all, see you at lunch", channel=AUTO, ts="1700000060.000100")
    assert server.post(event_body(chatter, "EvE2E-auto-chatter")).status_code == 200
    elsewhere = channel_message(ROI, channel="C0E2ENOTLISTED", ts="1700000061.000100")
    assert server.post(event_body(elsewhere, "EvE2E-auto-elsewhere")).status_code == 200
    server.wait_done("EvE2E-auto-chatter")  # handled: it reads as chatter, so nothing is posted
    assert posts_in(standin, AUTO) == []

    question = channel_message(ROI, channel=AUTO, ts="1700000062.000100")
    assert server.post(event_body(question, "EvE2E-auto-q")).status_code == 200
    [post] = wait_posts(standin, AUTO)
    assert post.params["thread_ts"] == "1700000062.000100"
    assert "Chief Revenue Officer" in post.params["blocks"][0]["text"]["text"]

    follow = channel_message("who do they report to?", channel=AUTO, ts="1700000063.000100",
                             thread_ts="1700000062.000100")  # fmt: skip
    assert server.post(event_body(follow, "EvE2E-auto-follow")).status_code == 200
    _, second = wait_posts(standin, AUTO, 2)
    assert second.params["thread_ts"] == "1700000062.000100"
    assert "Chief Revenue Officer reports to" in second.params["blocks"][0]["text"]["text"]
    assert posts_in(standin, "C0E2ENOTLISTED") == []


def test_socket_mode_with_the_assistant_slack_command(indexed_data_dir: Path, tmp_path: Path) -> None:
    """`assistant slack` opens a Socket Mode connection (the stand-in's WebSocket), acks envelopes over it
    and answers through the Web API; a redelivered event is not answered twice."""
    data = copy_index(indexed_data_dir, tmp_path / "data")
    with SlackStandin() as standin, SocketModeLink(standin) as link:
        env = clean_env(ASSISTANT_DATA_DIR=str(data), ASSISTANT_SLACK_API_URL=standin.api_url,
                        SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN="xapp-1-test")  # fmt: skip
        command = [sys.executable, "-c", "from assistant.cli import main; main()", "slack"]
        proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        assert proc.stdout is not None
        output = ProcessLog(proc.stdout, tmp_path / "slack.log")
        try:
            link.wait_connected(120)
            event = mention(ROI, channel="C0SOCKET", ts="1700000060.000100")
            payload = json.loads(event_body(event, "EvSocket-1"))
            link.send({"envelope_id": "env-1", "type": "events_api", "payload": payload})
            link.send({"envelope_id": "env-2", "type": "events_api", "payload": payload, "retry_attempt": 1})
            [post] = wait_posts(standin, "C0SOCKET", timeout=60)
            assert post.params["thread_ts"] == "1700000060.000100"
            assert "Chief Revenue Officer" in post.params["blocks"][0]["text"]["text"]
            acks = {c.params.get("envelope_id") for c in standin.wait_for("socket_ack", 2)}
            assert acks == {"env-1", "env-2"}
            until(lambda: event_done(data, "EvSocket-1"), "EvSocket-1 recorded as answered")
            output.wait_for("EvSocket-1 was already handled")  # the redelivery, logged as ignored
            assert len(posts_in(standin, "C0SOCKET")) == 1
        finally:
            proc.terminate()
            proc.wait(20)
            output.close()
        logged = output.text()
        assert "Socket Mode" in logged and "Traceback" not in logged, logged
