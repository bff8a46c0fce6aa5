"""Test doubles for the Slack adapter: a small answer service, an in-memory conversation store, a recorder for
``say`` / ``respond`` / ``client``, and builders for the payloads Slack sends."""

from __future__ import annotations

import itertools
import json
import threading
import time
import uuid
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from slack_standin import APP_ID, BOT_USER_ID, TEAM_ID

from assistant.errors import InvalidQuestion
from assistant.reference_models import About, HierarchyNode
from assistant.types import Answer, Citation, RoleRef, Turn

_TRIGGERS = itertools.count(1)
SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
CRO_QUOTE = "CRO vastaa koko liikevaihdon kasvusta, myös markkinoinnin ROI:sta."


class FakeService:
    """Answers like the real one for a couple of questions; records what it was asked."""

    def __init__(self, delay: float = 0.0) -> None:
        self.asked: list[tuple[str, list[Turn]]] = []
        self.delay = delay

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        if not question.strip() or len(question) > 2000:
            raise InvalidQuestion("The question is empty or longer than 2000 characters.")
        self.asked.append((question, list(history)))
        if self.delay:
            time.sleep(self.delay)
        if "report" in question.lower() and history:
            prev = history[-1].answer
            who = prev.roles[0].name if prev and prev.roles else "That role"
            return Answer(
                f"{who} reports to the CEO.",
                "en",
                True,
                list(prev.roles if prev else []),
                [Citation("c9", "Organisaatio", "CRO raportoi toimitusjohtajalle.")],
                0.8,
                "reports_to",
            )
        if "roi" in question.lower():
            return Answer(
                f"The Chief Revenue Officer (CRO) owns marketing ROI. You asked: {question}",
                "en",
                True,
                [RoleRef("cro", "Chief Revenue Officer (CRO)")],
                [Citation("c1", "CRO – Chief Revenue Officer", CRO_QUOTE + " <!channel> <https://x|y>")],
                0.9,
                "owner",
                "marketing ROI",
            )
        return Answer(f"I can't answer that from the article: {question}", "en", False)

    def phrase(self, question: str, answer: Answer) -> Answer:
        return answer  # no LLM configured

    def phrase_stream(self, question: str, answer: Answer) -> Any:
        return None

    def about(self) -> About:
        return About.model_validate(
            {
                "name": "Test roles",
                "languages": ["en", "fi"],
                "sources": [{"id": "article", "name": "Test article", "language": "fi"}],
                "roles": [{"id": "cro", "name": "Chief Revenue Officer"}],
                "examples": ["who owns marketing ROI?", "what does a CRO do?"],
                "summary": {
                    "en": "I answer questions about the test roles.",
                    "fi": "Vastaan testirooleista.",
                },
            }
        )

    def hierarchy(self) -> list[HierarchyNode]:
        tree = [
            {
                "id": "ceo",
                "name": "CEO",
                "children": [
                    {
                        "id": "cro",
                        "name": "Chief Revenue Officer (CRO)",
                        "children": [{"id": "vp_sales", "name": "VP of Sales", "children": []}],
                    }
                ],
            }
        ]
        return [HierarchyNode.model_validate(node) for node in tree]


def settle(bolt_app: Any, timeout: float = 15.0) -> None:
    """Until every listener run ``bolt_app`` queued before this call has finished (what it posts is then all it
    posts): one task per worker of its listener pool, each waiting for all the others. The pool takes tasks in
    order and a worker takes a task only when done with the last one, so once every worker runs one of these,
    everything queued before has finished. No sleep, no guessing how long a listener takes."""
    executor = bolt_app.listener_runner.listener_executor
    workers = executor._max_workers
    barrier = threading.Barrier(workers + 1, timeout=timeout)
    for _ in range(workers):
        executor.submit(barrier.wait)
    barrier.wait()


class FakeConversations:
    def __init__(self) -> None:
        self.turns: dict[str, list[Turn]] = {}

    def history(self, conversation_id: str) -> list[Turn]:
        return list(self.turns.get(conversation_id, []))

    def append(self, conversation_id: str, turn: Turn) -> None:
        self.turns.setdefault(conversation_id, []).append(turn)


class Recorder:
    """Stands in for bolt's ``say`` / ``respond`` (call it) and ``client`` (any method)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        if args:
            kwargs["text"] = args[0]
        self.calls.append(("call", kwargs))

    def __getattr__(self, name: str) -> Any:
        def method(**kwargs: Any) -> dict[str, Any]:
            self.calls.append((name, kwargs))
            return {"ok": True}

        return method


# payloads ----------------------------------------------------------------------------------------------
def event_body(event: dict[str, Any], event_id: str) -> bytes:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": TEAM_ID,
            "api_app_id": APP_ID,
            "type": "event_callback",
            "event": event,
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        }
    ).encode()


def _trigger() -> str:
    """A fresh trigger_id, as Slack gives every slash command and click (a replay repeats it)."""
    return f"{next(_TRIGGERS)}.{int(time.time())}.{uuid.uuid4().hex[:12]}"


def mention(
    text: str,
    *,
    channel: str = "C0GENERAL",
    ts: str = "1700000000.000100",
    thread_ts: str | None = None,
    user: str = "U0ASKER",
) -> dict[str, Any]:
    event = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": TEAM_ID,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(
    text: str, *, channel: str = "D0DIRECT", ts: str = "1700000100.000100", user: str = "U0ASKER"
) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": TEAM_ID,
    }


def channel_message(
    text: str,
    *,
    channel: str = "C0AUTO",
    ts: str = "1700000200.000100",
    thread_ts: str | None = None,
    user: str = "U0ASKER",
    channel_type: str = "channel",
) -> dict[str, Any]:
    """A plain message in a channel (message.channels / message.groups), no mention."""
    event = {**direct_message(text, channel=channel, ts=ts, user=user), "channel_type": channel_type}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def command_payload(
    text: str, response_url: str, *, channel: str = "C0GENERAL", user: str = "U0ASKER"
) -> dict[str, str]:
    return {
        "token": "legacy",
        "team_id": TEAM_ID,
        "channel_id": channel,
        "user_id": user,
        "command": "/roles",
        "text": text,
        "response_url": response_url,
        "trigger_id": _trigger(),
        "api_app_id": APP_ID,
    }


def command_body(text: str, response_url: str, **kwargs: str) -> bytes:
    return urlencode(command_payload(text, response_url, **kwargs)).encode()


def action_payload(
    action_id: str,
    value: str,
    response_url: str,
    *,
    channel: str = "C0GENERAL",
    user: str = "U0VOTER",
    ephemeral: bool = False,
) -> dict[str, Any]:
    container: dict[str, Any] = {"type": "message", "channel_id": channel, "is_ephemeral": ephemeral}
    return {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": user, "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "container": container,
        "channel": {"id": channel},
        "trigger_id": _trigger(),
        "response_url": response_url,
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "answer_actions",
                "value": value,
                "action_ts": str(time.time()),
            }
        ],
    }


def action_body(payload: dict[str, Any]) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()
