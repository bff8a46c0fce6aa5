"""How a listener answers: the library's answer with the conversation so far, stored for the buttons and
rendered as Block Kit (streamed into one message when an LLM phrases it). Nothing here raises: an error becomes
a notice for the asker."""

from __future__ import annotations

import logging
from typing import Any

from api.slack.blocks import NEUTRAL_ABOUT, Block, fallback_text, render_answer, render_notice
from api.slack.deps import Reply, SlackDeps
from api.slack.streaming import post_streamed
from assistant.errors import AssistantError, InvalidQuestion, StorageUnavailable
from assistant.reference_models import About
from assistant.types import Answer, Turn

__all__ = ["about", "answer_blocks", "ask_library", "remember", "reply"]

log = logging.getLogger("assistant.slack")


def ask_library(deps: SlackDeps, question: str, conv_id: str) -> tuple[Answer | None, list[Block], str]:
    """The library's answer with the conversation so far, or (None, notice blocks, text). Never raises."""
    try:
        history = deps.conversations.history(conv_id)
        return deps.service.ask(question, history), [], ""
    except InvalidQuestion as exc:
        return None, render_notice(str(exc)), str(exc)
    except StorageUnavailable as exc:  # the conversation so far cannot be read: no answer out of context
        log.error("slack: cannot read the conversation: %s", exc)
        text = "I can't reach this conversation's history right now. Please try again in a minute."
        return None, render_notice(text), text
    except AssistantError as exc:
        log.error("slack: cannot answer (%s): %s", exc.code, exc)
        text = "I can't answer right now: the index isn't available. An admin can run `assistant index`."
        return None, render_notice(text), text
    except Exception:
        log.exception("slack: unexpected error while answering")
        text = "Sorry, something went wrong while answering. Please try again."
        return None, render_notice(text), text


def remember(
    deps: SlackDeps, question: str, conv_id: str, answer: Answer, *, share: bool = False
) -> tuple[list[Block], str]:
    """Store the turn and the answer (for the buttons); the answer's blocks and fallback text."""
    try:
        deps.conversations.append(conv_id, Turn(question=question, answer=answer))
        ref = deps.state.save_answer(conv_id, question, answer.to_dict())
    except StorageUnavailable as exc:  # answer anyway; without a stored answer the buttons cannot work
        log.error("slack: answered without storing it: %s", exc)
        return render_answer(answer, "", share=share), fallback_text(answer)
    return render_answer(answer, ref, share=share), fallback_text(answer)


def answer_blocks(
    deps: SlackDeps, question: str, conv_id: str, *, share: bool = False
) -> tuple[list[Block], str]:
    """Ask the library with the conversation so far (phrased when an LLM is configured); returns (blocks,
    fallback text). Never raises."""
    answer, blocks, text = ask_library(deps, question, conv_id)
    if answer is None:
        return blocks, text
    return remember(deps, question, conv_id, deps.service.phrase(question, answer), share=share)


def reply(
    deps: SlackDeps,
    question: str,
    conv_id: str,
    say: Reply,
    client: Any,
    thread_ts: str | None,
    *,
    notice: list[Block] | None = None,
) -> None:
    """The answer as one message (after the ``notice`` blocks, if any). With an LLM configured and a
    ``client``, the message is posted at once and updated as the LLM's checked text comes
    (``api.slack.streaming``)."""
    notice = notice or []
    answer, blocks, text = ask_library(deps, question, conv_id)
    if answer is None:
        say(blocks=[*notice, *blocks], text=text, thread_ts=thread_ts)
        return
    stream = None
    if client is not None:
        try:
            stream = deps.service.phrase_stream(question, answer)
        except Exception:
            log.exception("slack: cannot phrase the answer; the template text stands")
    if stream is None:
        blocks, text = remember(deps, question, conv_id, deps.service.phrase(question, answer))
        say(blocks=[*notice, *blocks], text=text, thread_ts=thread_ts)
        return
    post_streamed(stream, say, client, thread_ts, lambda final: remember(deps, question, conv_id, final))


def about(deps: SlackDeps) -> About:
    """What the corpus is about (help texts); a neutral text when it cannot be read."""
    try:
        return deps.service.about()
    except Exception:
        log.exception("slack: cannot read what the corpus is about")
        return NEUTRAL_ABOUT
