"""The shipped example corpus (examples/customer-success: an English customer-success organisation written as one
source document and roles.yaml) answers its own blind question set: the format and the engine carry over to an
organisation the engine was not built for. A slower test: it builds that corpus's index (real model, real
Chroma) and answers 108 questions.

The set was committed before the engine was first run on the corpus and measured once (README, "Another
organisation"): top-1 0.897 (78 of 87: one question short of the 0.9 target), declines 0.905 (19 of 21),
compare 1.0, citations 1.0. The test holds those figures, so a change that loses ground on another
organisation's corpus fails here, and it holds the declines target (0.85)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.eval import load_records, score
from assistant.service import AnswerService
from assistant.types import Answer, Turn
from tests.modes import SERVER_URL

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "customer-success"
BLIND = EXAMPLE / "eval" / "blind" / "questions.jsonl"
FOREIGN = re.compile(r"\b(sales|myyn\w*|finnish|suome\w*|article|artikkel\w*)\b", re.I)
TOP1_MEASURED = 0.89  # blind: 0.897 (target 0.9, missed by one question)
DECLINES_TARGET = 0.85


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    extra = {"chroma_url": SERVER_URL, "chroma_namespace": "example"} if SERVER_URL else {}
    settings = Settings(data_dir=tmp_path_factory.mktemp("example") / "data", corpus_dir=EXAMPLE, **extra)  # type: ignore[arg-type]
    service = AnswerService(settings)
    report = service.build_index()
    assert report.self_test is not None and report.self_test.passed, report.self_test.summary()
    service.load()
    return service


def test_the_blind_set_holds_its_figures(example: AnswerService) -> None:
    answers: list[Answer] = []

    def ask(question: str, history: tuple[Turn, ...] = ()) -> Answer:
        answers.append(example.ask(question, history))
        return answers[-1]

    metrics = score(load_records(BLIND), ask, "\n".join(example.corpus.texts.values()))["overall"]
    assert metrics["n_in_scope"] == 87 and metrics["n_out_of_scope"] == 21
    assert metrics["top1"] >= TOP1_MEASURED, metrics
    assert metrics["declines"] >= DECLINES_TARGET, metrics
    assert metrics["compare"] == 1.0 and metrics["citations"] == 1.0, metrics
    # nothing in its answers speaks of sales, Finnish or an article: its corpus does not
    spoken = [a.answer for a in answers if FOREIGN.search(a.answer)]
    assert not spoken, spoken[:3]
