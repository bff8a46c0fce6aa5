"""An LLM's answer in Slack as it comes: one message, posted at once and updated (``chat.update``).

The text shown is what the library's check released (``assistant.phrasing.PhraseStream``); updates are at most
one a second (Slack rate-limits ``chat.update``); the last update is the whole answer (roles, citations,
buttons) — the grounded template text when the LLM's reply failed the check after some of it was shown.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from api.slack.blocks import Block, escape, render_notice

if TYPE_CHECKING:
    from assistant.phrasing import PhraseStream
    from assistant.types import Answer

__all__ = ["PENDING", "UPDATE_SECONDS", "post_streamed"]

log = logging.getLogger("assistant.slack")
UPDATE_SECONDS = 1.0
PENDING = "…"


def post_streamed(
    stream: PhraseStream,
    say: Callable[..., Any],
    client: Any,
    thread_ts: str | None,
    finish: Callable[[Answer], tuple[list[Block], str]],
    *,
    every: float = UPDATE_SECONDS,
) -> None:
    """Post a placeholder, update it with the text as it comes, then with ``finish(final answer)``."""
    posted = say(blocks=render_notice(PENDING), text=PENDING, thread_ts=thread_ts)
    channel, ts = _where(posted)
    shown, last = "", 0.0
    for piece in stream:
        shown += piece
        now = time.monotonic()
        if channel and ts and now - last >= every:
            last = now
            _update(client, channel, ts, render_notice(shown + " " + PENDING), escape(shown))
    blocks, text = finish(stream.answer)
    if channel and ts and _update(client, channel, ts, blocks, text):
        return
    say(blocks=blocks, text=text, thread_ts=thread_ts)  # the placeholder could not be updated


def _where(posted: Any) -> tuple[str | None, str | None]:
    try:
        return posted["channel"], posted["ts"]
    except (KeyError, TypeError):
        return None, None


def _update(client: Any, channel: str, ts: str, blocks: list[Block], text: str) -> bool:
    try:
        client.chat_update(channel=channel, ts=ts, blocks=blocks, text=text)
        return True
    except SlackApiError as exc:
        error = exc.response.get("error", "error") if exc.response is not None else "error"
        log.warning("slack: chat.update failed in %s: %s", channel, error)
        return False
