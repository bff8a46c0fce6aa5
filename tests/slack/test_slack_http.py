"""POST /slack/events in-process (TestClient) with slack_sdk talking to the real stand-in server."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from slack_fakes import (
    SIGNING_SECRET,
    FakeConversations,
    FakeService,
    action_body,
    action_payload,
    command_body,
    direct_message,
    event_body,
    mention,
    settle,
)
from slack_standin import BOT_USER_ID, SlackStandin, sign

import api.slack
from api.routes.feedback import feedback_router
from api.slack import include_slack
from api.slack.app import build_bolt_app
from api.slack.blocks import ACTION_DOWN
from api.slack.http import Rejected, verify_signature
from assistant.config import Settings
from assistant.feedback import FeedbackStore

ROI = "who owns marketing ROI?"
JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def client(
    slack_settings: Settings,
    fake_service: FakeService,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[TestClient]:
    app = FastAPI()
    conversations = FakeConversations()
    built = []

    def build(*args: Any, **kwargs: Any) -> Any:
        built.append(build_bolt_app(*args, **kwargs))
        return built[-1]

    monkeypatch.setattr(api.slack, "build_bolt_app", build)
    assert include_slack(app, slack_settings, fake_service, conversations=conversations)
    [app.state.slack_bolt] = built  # for _quiet: the bolt app whose listeners run the requests
    app.include_router(feedback_router(FeedbackStore.for_settings(slack_settings), conversations))
    with TestClient(app) as test_client:
        yield test_client


def _post(client: TestClient, body: bytes, headers: dict[str, str], **extra: str | bytes) -> int:
    return client.post("/slack/events", content=body, headers={**headers, **extra}).status_code


def _quiet(client: TestClient, standin: SlackStandin) -> list:
    """Everything posted, once every listener run queued so far has finished (``settle``): nothing more will."""
    settle(client.app.state.slack_bolt)  # type: ignore[attr-defined]
    return standin.posts()


# the signature check itself --------------------------------------------------------------------------------
def test_verify_signature_accepts_slack_signing() -> None:
    body = b'{"type":"event_callback"}'
    assert verify_signature(body, _lower(sign(body, "s")), "s") == body.decode()


def _lower(headers: dict[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"x-slack-request-timestamp": "{now}"}, 401),
        ({"x-slack-request-timestamp": "{now}", "x-slack-signature": "v0=deadbeef"}, 401),
        ({"x-slack-request-timestamp": "{now}", "x-slack-signature": "v0=é"}, 401),
        ({"x-slack-request-timestamp": "abc", "x-slack-signature": "v0=00"}, 400),
        ({"x-slack-request-timestamp": "-5", "x-slack-signature": "v0=00"}, 400),
        ({"x-slack-request-timestamp": "1e9", "x-slack-signature": "v0=00"}, 400),
        ({"x-slack-request-timestamp": "١٢٣", "x-slack-signature": "v0=00"}, 400),
        ({"x-slack-request-timestamp": "9" * 40, "x-slack-signature": "v0=00"}, 400),
    ],
)
def test_verify_signature_rejects(headers: dict[str, str], status: int) -> None:
    now = str(int(time.time()))
    filled = {k: v.replace("{now}", now) for k, v in headers.items()}
    with pytest.raises(Rejected) as info:
        verify_signature(b"{}", filled, "s")
    assert info.value.status == status


@pytest.mark.parametrize("skew", [-301, 301, -10_000])
def test_verify_signature_rejects_stale_either_way(skew: int) -> None:
    body = b"{}"
    headers = _lower(sign(body, "s", int(time.time()) + skew))
    with pytest.raises(Rejected) as info:
        verify_signature(body, headers, "s")
    assert info.value.status == 401
    assert verify_signature(body, _lower(sign(body, "s", int(time.time()) + skew // 2 // 100)), "s") == "{}"


def test_verify_signature_rejects_signed_non_utf8_body() -> None:
    body = b"\xff\xfe{}"
    with pytest.raises(Rejected) as info:
        verify_signature(body, _lower(sign(body, "s")), "s")
    assert info.value.status == 400


# through the FastAPI route -------------------------------------------------------------------------------
def test_url_verification_is_answered(client: TestClient) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "x"}).encode()
    response = client.post("/slack/events", content=body, headers={**JSON, **sign(body, SIGNING_SECRET)})
    assert response.status_code == 200 and response.json() == {"challenge": "c-123"}


def test_mention_is_acked_then_answered_once_in_the_thread(client: TestClient, standin: SlackStandin) -> None:
    body = event_body(mention(ROI, ts="1700000000.000100"), "Ev1")
    started = time.perf_counter()
    assert _post(client, body, JSON, **sign(body, SIGNING_SECRET)) == 200
    assert time.perf_counter() - started < 3.0  # Slack's deadline for the acknowledgement
    [post] = standin.wait_for("chat.postMessage")
    assert post.params["channel"] == "C0GENERAL" and post.params["thread_ts"] == "1700000000.000100"
    assert post.token == "xoxb-test-token"
    assert "Chief Revenue Officer" in json.dumps(post.params["blocks"])
    assert standin.calls_to("auth.test")
    assert len(_quiet(client, standin)) == 1


@pytest.mark.parametrize(
    "tamper",
    [
        lambda h: {**h, "X-Slack-Signature": "v0=" + "0" * 64},
        lambda h: {k: v for k, v in h.items() if k != "X-Slack-Signature"},
        lambda h: {},
        lambda h: {**h, "X-Slack-Request-Timestamp": str(int(h["X-Slack-Request-Timestamp"]) - 301)},
    ],
    ids=["bad", "missing-signature", "unsigned", "stale"],
)
def test_bad_signatures_get_401_and_nothing_runs(
    client: TestClient, standin: SlackStandin, fake_service: FakeService, tamper
) -> None:
    body = event_body(mention(ROI), "Ev-bad")
    assert _post(client, body, {**JSON, **tamper(sign(body, SIGNING_SECRET))}) == 401
    assert _quiet(client, standin) == [] and fake_service.asked == []


def test_stale_but_correctly_signed_request_is_refused(client: TestClient, standin: SlackStandin) -> None:
    body = event_body(mention(ROI), "Ev-old")
    for skew in (-400, 400):
        assert _post(client, body, JSON, **sign(body, SIGNING_SECRET, int(time.time()) + skew)) == 401
    assert _quiet(client, standin) == []


def test_garbage_never_gives_500(client: TestClient, standin: SlackStandin) -> None:
    body = event_body(mention(ROI), "Ev-garbage")
    good = sign(body, SIGNING_SECRET)
    assert _post(client, body, JSON, **{**good, "X-Slack-Request-Timestamp": "yesterday"}) == 400
    bad_sig = {
        "X-Slack-Request-Timestamp": good["X-Slack-Request-Timestamp"],
        "X-Slack-Signature": b"v0=\xc3\xa9",
    }
    assert _post(client, body, JSON, **bad_sig) == 401  # type: ignore[arg-type]
    raw = b"\xff\xfe\x00garbage"
    assert _post(client, raw, JSON, **sign(raw, SIGNING_SECRET)) == 400
    broken = b"{not json"
    assert _post(client, broken, JSON, **sign(broken, SIGNING_SECRET)) == 400
    not_object = b"[1, 2]"
    assert _post(client, not_object, JSON, **sign(not_object, SIGNING_SECRET)) == 400
    form = b"payload=%5B1%5D"
    assert _post(client, form, FORM, **sign(form, SIGNING_SECRET)) == 400
    assert _quiet(client, standin) == []


def test_retries_of_one_event_are_answered_once(
    client: TestClient, standin: SlackStandin, fake_service: FakeService
) -> None:
    body = event_body(mention(ROI, ts="1700000001.000100"), "Ev-retried")
    for attempt in range(4):
        retry = {"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_timeout"} if attempt else {}
        assert _post(client, body, {**JSON, **retry}, **sign(body, SIGNING_SECRET)) == 200
    standin.wait_for("chat.postMessage")
    assert len(_quiet(client, standin)) == 1 and len(fake_service.asked) == 1


def test_dm_is_answered_in_the_dm(client: TestClient, standin: SlackStandin) -> None:
    body = event_body(direct_message(ROI), "Ev-dm")
    assert _post(client, body, JSON, **sign(body, SIGNING_SECRET)) == 200
    [post] = standin.wait_for("chat.postMessage")
    assert post.params["channel"] == "D0DIRECT" and "thread_ts" not in post.params


def test_the_bot_ignores_its_own_messages(client: TestClient, standin: SlackStandin) -> None:
    body = event_body({**direct_message(ROI), "user": BOT_USER_ID}, "Ev-self")
    assert _post(client, body, JSON, **sign(body, SIGNING_SECRET)) == 200
    assert _quiet(client, standin) == []


def test_slash_command_then_feedback_through_http(
    client: TestClient, standin: SlackStandin, slack_settings: Settings
) -> None:
    body = command_body(ROI, standin.response_url("cmd"))
    assert _post(client, body, FORM, **sign(body, SIGNING_SECRET)) == 200
    [reply] = standin.wait_for("response_url")
    assert reply.params["response_type"] == "ephemeral"
    ref = reply.params["blocks"][-1]["elements"][0]["value"]
    click = action_body(action_payload(ACTION_DOWN, ref, standin.response_url("vote"), ephemeral=True))
    assert _post(client, click, FORM, **sign(click, SIGNING_SECRET)) == 200
    standin.wait_for("response_url", 2)
    feedback = client.get("/v1/feedback").json()
    assert [(f["vote"], f["question"], f["user"]) for f in feedback] == [("down", ROI, "U0VOTER")]


def test_without_tokens_the_events_route_is_not_mounted(tmp_path: Path, fake_service: FakeService) -> None:
    app = FastAPI()
    # a bot token alone, the signing secret blank (= unset)
    settings = Settings(data_dir=tmp_path, slack_bot_token="xoxb-only", slack_signing_secret="  ")
    assert not include_slack(app, settings, fake_service, conversations=FakeConversations())
    with TestClient(app) as test_client:
        assert test_client.post("/slack/events", content=b"{}").status_code in (404, 405)


# ---- issue 13, finding 9: replays, other teams and apps -----------------------------------------------------
def _claimed(settings: Settings, delivery: str) -> bool:
    import sqlite3

    with sqlite3.connect(settings.data_dir / "slack.sqlite3") as conn:
        row = conn.execute("SELECT done FROM slack_events WHERE event_id = ?", (delivery,)).fetchone()
    return row is not None


def test_events_for_another_team_or_app_are_acked_and_dropped(
    client: TestClient, standin: SlackStandin, slack_settings: Settings, fake_service: FakeService
) -> None:
    for n, change in enumerate(({"api_app_id": "A0OTHERAPP"}, {"team_id": "T0OTHERTEAM"})):
        body = json.dumps({**json.loads(event_body(mention(ROI, ts=f"9.{n}"), f"Ev-foreign-{n}")), **change})
        assert _post(client, body.encode(), JSON, **sign(body.encode(), SIGNING_SECRET)) == 200
    sentinel = event_body(mention(ROI, channel="C0SENTINEL", ts="9.9"), "Ev-sentinel")
    assert _post(client, sentinel, JSON, **sign(sentinel, SIGNING_SECRET)) == 200
    [post] = standin.wait_for("chat.postMessage")  # only the sentinel, handled after the others were queued
    assert post.params["channel"] == "C0SENTINEL" and len(fake_service.asked) == 1
    assert not _claimed(slack_settings, "Ev-foreign-0") and not _claimed(slack_settings, "Ev-foreign-1")


def test_a_replayed_click_counts_once_and_is_thanked_once(
    client: TestClient, standin: SlackStandin, slack_settings: Settings
) -> None:
    body = command_body(ROI, standin.response_url("cmd"))
    assert _post(client, body, FORM, **sign(body, SIGNING_SECRET)) == 200
    [reply] = standin.wait_for("response_url")
    ref = reply.params["blocks"][-1]["elements"][0]["value"]
    payload = action_payload(ACTION_DOWN, ref, standin.response_url("vote"))
    click = action_body(payload)
    for _ in range(5):  # the same signed request, five times
        assert _post(client, click, FORM, **sign(click, SIGNING_SECRET)) == 200
    other = action_body(action_payload(ACTION_DOWN, ref, standin.response_url("vote"), user="U0SECOND"))
    assert _post(client, other, FORM, **sign(other, SIGNING_SECRET)) == 200
    standin.wait_for("response_url", 3)  # the command's answer, one thanks per user
    assert _claimed(slack_settings, "trigger:" + payload["trigger_id"])
    feedback = client.get("/v1/feedback").json()
    assert sorted((f["user"], f["vote"]) for f in feedback) == [("U0SECOND", "down"), ("U0VOTER", "down")]
    thanks = [c for c in standin.calls_to("response_url") if "Thanks" in str(c.params.get("text"))]
    assert len(thanks) == 2
