"""What the engine takes from a conversation: bounded (finding 1 of issue 13), checked (finding 6), and
stoppable when the caller has gone (a timed-out request)."""

from __future__ import annotations

import resource
from collections.abc import Iterator
from typing import Any

import pytest

from assistant.answering import Answerer
from assistant.errors import AnswerCancelled, InvalidQuestion
from assistant.history import HistoryLimits, prepare
from assistant.service import AnswerService
from assistant.types import Answer, RoleRef, Turn

LONG = ("who owns marketing ROI and what does the CRO do about pricing and the sales process " * 30)[:2000]


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The text of every question the engine answers (re-answered history turns included)."""
    texts: list[str] = []
    real = Answerer.answer

    def counting(self: Answerer, question: str, history: Any = ()) -> Answer:
        texts.append(question)
        return real(self, question, history)

    monkeypatch.setattr(Answerer, "answer", counting)
    yield texts


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_THREAD)
    return usage.ru_utime + usage.ru_stime


def test_unanswered_history_costs_at_most_a_few_short_answers(
    service: AnswerService, answered: list[str]
) -> None:
    """The probe: 20 unanswered 2,000-character history questions were each answered again (~22 CPU-s)."""
    history = [Turn(f"{LONG[:1990]} {i}") for i in range(20)]
    started = _cpu()
    answer = service.ask("who do they report to?", history)
    cpu = _cpu() - started
    limits = service.settings
    assert len(answered) == 1 + limits.history_reanswer_turns  # the question and the newest 3 turns
    assert all(len(text) <= limits.history_reanswer_chars for text in answered[:-1])
    assert answered[-1] == "who do they report to?"
    assert answer.kind == "reports_to"
    assert cpu < 5.0, cpu  # was ~22 CPU-seconds
    print(f"\nRELIABILITY history_bound: {{'answers': {len(answered)}, 'cpu_s': {cpu:.2f}}}")


def test_the_newest_unanswered_turn_still_gives_the_context(service: AnswerService) -> None:
    history = [Turn("what does an SDR do?"), Turn("who owns marketing ROI?")]
    assert service.ask("who do they report to?", history).topic == "cro"


def test_answered_turns_are_never_answered_again(service: AnswerService, answered: list[str]) -> None:
    first = service.ask("who owns marketing ROI?")
    answered.clear()
    service.ask("who do they report to?", [Turn("who owns marketing ROI?", first)] * 20)
    assert answered == ["who do they report to?"]


def test_a_caller_that_stopped_waiting_stops_the_work(service: AnswerService, answered: list[str]) -> None:
    history = [Turn(f"what does the SDR do, part {i}?") for i in range(5)]
    asked = iter([False, True])  # still waiting before the first answer, gone before the second
    with pytest.raises(AnswerCancelled):
        service.ask("who do they report to?", history, cancelled=lambda: next(asked))
    assert len(answered) == 1


@pytest.mark.parametrize("text", ["who owns \ud800 ROI?", "\udfff", "a\udc80b"])
def test_lone_surrogates_are_invalid_questions(service: AnswerService, text: str) -> None:
    with pytest.raises(InvalidQuestion, match="surrogate"):
        service.ask(text)
    with pytest.raises(InvalidQuestion, match="history turn 1"):
        service.ask("who owns marketing ROI?", [Turn(text)])


def _answer(role: str, kind: str = "owner", topic: str | None = None) -> Answer:
    return Answer("x", "en", True, [RoleRef(role, role)], [], 0.9, kind, topic)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (_answer("nope"), "unknown role ids \\['nope'\\]"),
        (_answer("cro", kind="reports_to", topic="nope"), "topic 'nope'"),
        (_answer("cro", kind="banana"), "unknown kind"),
    ],
)
def test_history_answers_naming_unknown_roles_are_invalid(
    service: AnswerService, answer: Answer, message: str
) -> None:
    """The probe: a history answer naming an unknown role id was a KeyError deep in the engine (500)."""
    with pytest.raises(InvalidQuestion, match=message):
        service.ask("who do they report to?", [Turn("who owns marketing ROI?", answer)])


def test_prepare_bounds_and_clips() -> None:
    limits = HistoryLimits(turns=4, question_chars=10, reanswer_turns=2, reanswer_chars=3)
    seen: list[str] = []

    def answer(text: str) -> Answer:
        seen.append(text)
        return _answer("cro")

    turns = prepare([Turn(f"question {i} " * 5) for i in range(6)], limits, {"cro"}, answer)
    assert [t.question for t in turns] == [f"question {i}"[:10] for i in range(2, 6)]
    assert [t.answer is not None for t in turns] == [False, False, True, True]
    assert seen == ["que", "que"]
