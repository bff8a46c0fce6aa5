"""Socket Mode: the same listeners over a WebSocket, against the stand-in's Socket Mode link."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from slack_fakes import FakeService, command_payload, mention, settle
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_socket_standin import SocketModeLink
from slack_standin import TEAM_ID, SlackStandin

from api.slack.socket import SlackNotConfigured, build_handler, run
from assistant.config import Settings

ROI = "who owns marketing ROI?"


def envelope(event: dict[str, Any], event_id: str, envelope_id: str, retry: int = 0) -> dict[str, Any]:
    payload = {"team_id": TEAM_ID, "type": "event_callback", "event": event, "event_id": event_id}
    envelope = {"envelope_id": envelope_id, "type": "events_api", "payload": payload}
    return {**envelope, "retry_attempt": retry, "retry_reason": "timeout" if retry else ""}


@pytest.fixture
def link(standin: SlackStandin) -> Iterator[SocketModeLink]:
    with SocketModeLink(standin) as socket_link:
        yield socket_link


def test_run_refuses_without_the_app_token(slack_settings: Settings) -> None:
    settings = slack_settings.model_copy(update={"slack_app_token": None})
    with pytest.raises(SlackNotConfigured, match=r"not set: SLACK_APP_TOKEN$"):
        run(settings, service=FakeService())


def test_handler_acks_the_envelope_and_answers(
    slack_settings: Settings, standin: SlackStandin, fake_service: FakeService
) -> None:
    handler = build_handler(slack_settings, fake_service)

    class Client:
        logger = handler.client.logger

        def __init__(self) -> None:
            self.sent: list[Any] = []

        def send_socket_mode_response(self, response: Any) -> None:
            self.sent.append(response)

    client = Client()
    env = envelope(mention(ROI, ts="9.0"), "EvS1", "env-1")
    request = SocketModeRequest.from_dict(env)
    assert request is not None
    handler.handle(client, request)  # type: ignore[arg-type]
    assert [r.envelope_id for r in client.sent] == ["env-1"]
    [post] = standin.wait_for("chat.postMessage")
    assert post.params["thread_ts"] == "9.0"


def test_over_a_real_websocket(
    slack_settings: Settings,
    standin: SlackStandin,
    link: SocketModeLink,
    fake_service: FakeService,
) -> None:
    handler = build_handler(slack_settings, fake_service)
    handler.connect()
    try:
        link.wait_connected(10)
        link.send(envelope(mention(ROI, ts="10.0"), "EvS2", "env-a"))
        link.send(envelope(mention(ROI, ts="10.0"), "EvS2", "env-b", retry=1))  # Slack's retry
        acks = standin.wait_for("socket_ack", 2)
        assert {a.params["envelope_id"] for a in acks} == {"env-a", "env-b"}
        [post] = standin.wait_for("chat.postMessage")
        assert post.params["thread_ts"] == "10.0" and "Chief Revenue Officer" in json.dumps(post.params)
        cmd = command_payload("", standin.response_url("c"))
        link.send({"envelope_id": "env-c", "type": "slash_commands", "payload": cmd})
        [reply] = standin.wait_for("response_url")
        assert "Role Assistant" in json.dumps(reply.params)
        settle(handler.app)  # every envelope was acked, so its listener run is queued: wait for them all
        assert len(standin.calls_to("chat.postMessage")) == 1 and len(fake_service.asked) == 1
    finally:
        handler.close()
