"""What the bot does, as plain functions: testable with a fake ``say`` / ``respond`` / ``client``.

``register(app, deps)`` wires them to a bolt App. Each listener translates one Slack payload into one library
call (``service.ask``) and renders the answer object; there is no answering logic here. What they are handed is
in ``api.slack.deps``, how they answer in ``api.slack.replies``, which deliveries they handle in
``api.slack.deliveries``; the names of those modules the listeners' callers use are importable from here too.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_sdk.errors import SlackApiError

from api.slack.blocks import (
    ACTION_DOWN,
    ACTION_SHARE,
    ACTION_UP,
    COMMAND,
    empty_notice,
    fallback_text,
    question_from_slack,
    render_answer,
    render_help,
    render_notice,
)
from api.slack.deliveries import finished, first_delivery, foreign
from api.slack.deps import Conversations, Identity, Reply, Service, SlackDeps, conversation_id
from api.slack.replies import about, answer_blocks, ask_library, remember, reply
from assistant.errors import StorageUnavailable
from assistant.feedback import Vote

if TYPE_CHECKING:
    from assistant.reference_models import HierarchyNode

__all__ = [
    "COMMAND",
    "Conversations",
    "Identity",
    "Service",
    "SlackDeps",
    "answer_blocks",
    "conversation_id",
    "finished",
    "first_delivery",
    "foreign",
    "on_channel_message",
    "on_command",
    "on_direct_message",
    "on_feedback",
    "on_mention",
    "on_share",
    "register",
    "reply",
]

log = logging.getLogger("assistant.slack")
_LEADING_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>")


def _from_a_bot(event: Mapping[str, Any], bot_user_id: str | None) -> bool:
    """Messages of bots (this one, or others: two bots answering each other would loop)."""
    return bool(
        event.get("bot_id")
        or event.get("subtype") == "bot_message"
        or (bot_user_id and event.get("user") == bot_user_id)
    )


_FILES_ONLY = (
    "I can only read questions typed as text, not files. What would you like to know about the roles?"
)
_FILES_IGNORED = "I don't read attached files; here is the answer to your message's text."


def on_mention(
    deps: SlackDeps,
    event: Mapping[str, Any],
    team: str | None,
    bot_user_id: str | None,
    say: Reply,
    client: Any = None,
) -> None:
    """@mention in a channel → the answer in that message's thread (with an LLM and a ``client``, one
    message updated as the text comes; not for other bots' mentions)."""
    if _from_a_bot(event, bot_user_id):
        log.info("slack: ignoring a mention by a bot")
        return
    thread_ts = event.get("thread_ts") or event["ts"]
    text = str(event.get("text") or "")
    if bot_user_id is None:  # the mention that triggered the event leads the text
        text = _LEADING_MENTION.sub("", text, count=1)
    question = question_from_slack(text, bot_user_id)
    if not question:
        notice = empty_notice(about(deps))
        say(blocks=render_notice(notice), text=notice, thread_ts=thread_ts)
        return
    reply(deps, question, conversation_id(team, event["channel"], thread_ts), say, client, thread_ts)


def on_direct_message(
    deps: SlackDeps,
    event: Mapping[str, Any],
    team: str | None,
    bot_user_id: str | None,
    say: Reply,
    client: Any = None,
) -> None:
    """A user's message in a DM with the bot → the answer in the DM (in the thread if it was threaded). A
    message with files is answered from its text, and told that files are not read."""
    subtype = event.get("subtype")
    if event.get("channel_type") != "im" or subtype not in (None, "file_share"):
        return
    if _from_a_bot(event, bot_user_id):
        return
    thread_ts = event.get("thread_ts")
    question = question_from_slack(event.get("text", ""), bot_user_id)
    if subtype == "file_share" and not question:
        say(blocks=render_notice(_FILES_ONLY), text=_FILES_ONLY, thread_ts=thread_ts)
        return
    if not question:
        return
    notice = render_notice(_FILES_IGNORED) if subtype == "file_share" else []
    conv_id = conversation_id(team, event["channel"], thread_ts or "dm")
    reply(deps, question, conv_id, say, client, thread_ts, notice=notice)


def on_channel_message(
    deps: SlackDeps,
    event: Mapping[str, Any],
    team: str | None,
    bot_user_id: str | None,
    say: Reply,
    client: Any = None,
) -> None:
    """A message in one of ``deps.channels`` (ASSISTANT_SLACK_CHANNELS), no mention needed → the answer in
    its thread, only when the assistant can answer it (people also talk to each other there: a decline, an
    empty or an invalid question, or an error posts nothing). A reply inside a thread is answered only in a
    thread the bot already answers in (a follow-up); a message that mentions the bot is left to on_mention."""
    channel = event.get("channel")
    if channel not in deps.channels or event.get("channel_type") not in ("channel", "group"):
        return
    if event.get("subtype") or _from_a_bot(event, bot_user_id):
        return
    text = str(event.get("text") or "")
    if bot_user_id and f"<@{bot_user_id}" in text:
        return  # Slack sends the mention as app_mention too
    thread_ts = event.get("thread_ts") or event["ts"]
    conv_id = conversation_id(team, str(channel), thread_ts)
    if event.get("thread_ts") and not deps.conversations.history(conv_id):
        return  # someone else's thread
    question = question_from_slack(text, bot_user_id)
    if not question:
        return
    answer, _blocks, _text = ask_library(deps, question, conv_id)
    if answer is None or not answer.answered:
        return
    blocks, fallback = remember(deps, question, conv_id, deps.service.phrase(question, answer))
    say(blocks=blocks, text=fallback, thread_ts=thread_ts)


def on_command(deps: SlackDeps, command: Mapping[str, Any], respond: Reply) -> None:
    """`/roles <question>` → an ephemeral answer with a Share button; `/roles` alone → help and hierarchy."""
    question = question_from_slack(command.get("text", ""))
    if not question:
        try:
            hierarchy: list[HierarchyNode] = deps.service.hierarchy()
        except Exception:
            log.exception("slack: cannot load the role hierarchy")
            hierarchy = []
        respond(
            blocks=render_help(hierarchy, about(deps)),
            text="Role Assistant: what I can answer",
            response_type="ephemeral",
        )
        return
    thread = f"slash-{command.get('user_id', '-')}"
    conv_id = conversation_id(command.get("team_id"), command.get("channel_id", "-"), thread)
    blocks, text = answer_blocks(deps, question, conv_id, share=True)
    respond(blocks=blocks, text=text, response_type="ephemeral")


def _action_ref(body: Mapping[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("value") or "")


def on_feedback(deps: SlackDeps, body: Mapping[str, Any], vote: Vote, respond: Reply) -> None:
    """👍/👎 → stored in the FeedbackStore (one vote per user and answer: clicking again replaces it),
    acknowledged to the clicker only."""
    ref = _action_ref(body)
    saved = deps.state.load_answer(ref)
    if saved is None:
        respond(
            text="I no longer have that answer, so the vote wasn't recorded.",
            replace_original=False,
            response_type="ephemeral",
        )
        return
    user = (body.get("user") or {}).get("id")
    try:
        deps.feedback.add(
            "slack", saved["conversation_id"], saved["question"], saved["answer"], vote, user, ref=ref
        )
    except StorageUnavailable as exc:
        log.error("slack: vote not stored: %s", exc)
        respond(
            text="Sorry, I couldn't record your vote right now; please try again later.",
            replace_original=False,
            response_type="ephemeral",
        )
        return
    thanks = (
        "Thanks! Your 👍 is recorded." if vote == "up" else "Thanks! Your 👎 is recorded; we'll look into it."
    )
    respond(text=thanks, replace_original=False, response_type="ephemeral")


def on_share(deps: SlackDeps, body: Mapping[str, Any], client: Any, respond: Reply) -> None:
    """ "Share in channel" on an ephemeral answer → the same answer posted to the channel for everyone."""
    ref = _action_ref(body)
    saved = deps.state.load_answer(ref)
    if saved is None:
        respond(text="I no longer have that answer; please ask again.", replace_original=False)
        return
    user = (body.get("user") or {}).get("id")
    channel = (body.get("channel") or {}).get("id")
    blocks = render_answer(saved["answer"], ref, shared_by=user, question=saved["question"])
    try:
        client.chat_postMessage(channel=channel, blocks=blocks, text=fallback_text(saved["answer"]))
    except SlackApiError as exc:
        error = exc.response.get("error", "error") if exc.response is not None else "error"
        log.warning("slack: share failed in %s: %s", channel, error)
        respond(
            text=f"I couldn't post in this channel ({error}). Invite me first with `/invite`.",
            replace_original=False,
        )
        return
    respond(delete_original=True)


def register(app: App, deps: SlackDeps) -> None:
    """Attach the listeners above to ``app`` (bolt injects the arguments by name). Requests for another
    app or team are acknowledged and dropped before any listener; replays are dropped by ``first_delivery``."""

    @app.middleware
    def _ours_only(
        body: dict[str, Any], client: Any, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        other = foreign(deps, body, client)
        if other is not None:
            log.warning("slack: dropping a request for %s, not this app", other)
            return BoltResponse(status=200, body="")
        return next()

    @app.event("app_mention")
    def _mention(
        body: dict[str, Any], event: dict[str, Any], context: BoltContext, say: Reply, client: Any
    ) -> None:
        if first_delivery(deps, body):
            on_mention(deps, event, context.team_id, context.bot_user_id, say, client)
            finished(deps, body)

    @app.event("message")
    def _message(
        body: dict[str, Any], event: dict[str, Any], context: BoltContext, say: Reply, client: Any
    ) -> None:
        if event.get("channel_type") != "im" and event.get("channel") not in deps.channels:
            return  # a channel message elsewhere: nothing to claim
        if first_delivery(deps, body):
            on_direct_message(deps, event, context.team_id, context.bot_user_id, say, client)
            on_channel_message(deps, event, context.team_id, context.bot_user_id, say, client)
            finished(deps, body)

    @app.command(COMMAND)
    def _command(ack: Reply, body: dict[str, Any], command: dict[str, Any], respond: Reply) -> None:
        ack()
        if first_delivery(deps, body):
            on_command(deps, command, respond)
            finished(deps, body)

    @app.action(ACTION_UP)
    def _up(ack: Reply, body: dict[str, Any], respond: Reply) -> None:
        ack()
        if first_delivery(deps, body):
            on_feedback(deps, body, "up", respond)
            finished(deps, body)

    @app.action(ACTION_DOWN)
    def _down(ack: Reply, body: dict[str, Any], respond: Reply) -> None:
        ack()
        if first_delivery(deps, body):
            on_feedback(deps, body, "down", respond)
            finished(deps, body)

    @app.action(ACTION_SHARE)
    def _share(ack: Reply, body: dict[str, Any], client: Any, respond: Reply) -> None:
        ack()
        if first_delivery(deps, body):
            on_share(deps, body, client, respond)
            finished(deps, body)
