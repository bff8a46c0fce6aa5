"""The earlier turns a question is answered with: checked, bounded, and completed where a client sent only text.

What reaches the answering engine from a conversation is bounded, so that no request can cost more than a few
answers, however its history is made up:

- the newest ``conversation_turns`` turns, each question clipped to ``max_question_chars``;
- a turn that carries its answer is used as it is, after a check that it names only known roles (and kinds);
- a turn without its answer (a client that keeps only the text, as OpenAI-style clients do) is answered again
  for context, but only the newest ``history_reanswer_turns`` of them and each on at most
  ``history_reanswer_chars`` characters; older ones still count for the roles their questions name (the
  dialogue stage reads those from the text, which costs no embedding).

Between those answers, ``cancelled`` is asked: a caller that stopped waiting (a timed-out request) stops the
work at the next answer instead of running it to the end.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import get_args

from assistant.errors import AnswerCancelled, InvalidQuestion
from assistant.types import Answer, QuestionKind, Turn

__all__ = ["HistoryLimits", "check_text", "prepare"]

_KINDS = frozenset(get_args(QuestionKind))
_ROLE_TOPICS = frozenset({"reports_to", "reports_from", "acronym"})  # kinds whose topic is a role id


def check_text(text: str, what: str = "the question") -> None:
    """InvalidQuestion for text the engine cannot take: NUL characters and lone surrogates (not Unicode
    characters at all: no UTF-8 encoding exists for them)."""
    if "\x00" in text:
        raise InvalidQuestion(f"{what} contains a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidQuestion(
            f"{what} contains a lone surrogate (U+{ord(text[exc.start]):04X}) at position {exc.start}, "
            "which is not a character; send valid Unicode"
        ) from None


@dataclass(frozen=True)
class HistoryLimits:
    """The bounds above (from the settings)."""

    turns: int
    question_chars: int
    reanswer_turns: int
    reanswer_chars: int


def _check_answer(answer: Answer, position: int, roles: Collection[str]) -> None:
    where = f"history turn {position}"
    unknown = [r.id for r in answer.roles if r.id not in roles]
    if unknown:
        raise InvalidQuestion(
            f"{where}: its answer names unknown role ids {unknown}; GET /v1/roles lists them"
        )
    if answer.kind not in _KINDS:
        raise InvalidQuestion(f"{where}: its answer has an unknown kind {answer.kind!r}")
    if answer.kind in _ROLE_TOPICS and answer.topic is not None and answer.topic not in roles:
        raise InvalidQuestion(f"{where}: its answer's topic {answer.topic!r} is not a known role id")


def prepare(
    history: Sequence[Turn],
    limits: HistoryLimits,
    roles: Collection[str],
    answer: Callable[[str], Answer],
    cancelled: Callable[[], bool] | None = None,
) -> list[Turn]:
    """The turns to answer with: checked (InvalidQuestion for a lone surrogate or an answer naming an unknown
    role), bounded, the newest answerless ones answered again by ``answer``. AnswerCancelled once
    ``cancelled()`` says so."""
    kept = list(history[-limits.turns :]) if limits.turns > 0 else []
    first = len(history) - len(kept) + 1  # 1-based position of kept[0] in what the client sent
    turns: list[Turn] = []
    for offset, turn in enumerate(kept):
        check_text(turn.question, f"history turn {first + offset}")
        if turn.answer is not None:
            _check_answer(turn.answer, first + offset, roles)
        turns.append(Turn(turn.question[: limits.question_chars], turn.answer))
    budget = limits.reanswer_turns
    for i in range(len(turns) - 1, -1, -1):
        if budget <= 0:
            break
        turn = turns[i]
        if turn.answer is not None:
            continue
        text = turn.question[: limits.reanswer_chars].strip()
        if not text:
            continue
        budget -= 1
        if cancelled is not None and cancelled():
            raise AnswerCancelled("the caller stopped waiting")
        turns[i] = Turn(turn.question, answer(text))
    return turns
