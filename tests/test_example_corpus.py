"""The shipped example corpora answer their own blind question sets: the format and the engine carry over to
organisations the engine was not built for. Each corpus (under examples/) was written from docs/CORPUS.md alone,
as one source document and a roles.yaml, with a blind set committed before the engine was first run on it. A slower
test: it builds each corpus's index (real model, real Chroma) and answers its questions.

The figures each set is held to (README, "Another organisation"): the targets of the corpus format (top-1 ≥ 0.9,
declines ≥ 0.85) where the engine meets them, else the figure it reaches now (noted beside it, with the figure
measured once on first contact), so a change that loses ground on another organisation's corpus fails here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.eval import load_records, score
from assistant.service import AnswerService
from assistant.types import Answer, Turn
from tests.modes import SERVER_URL

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# words of the bundled sales corpus an answer about another organisation must not use unless its corpus does
FOREIGN = ("sales", "myynti", "myynnin", "finnish", "suomenkielinen", "article", "artikkeli", "artikkelin")
TOP1_TARGET, DECLINES_TARGET = 0.9, 0.85


@dataclass(frozen=True)
class Example:
    folder: str
    in_scope: int
    out_of_scope: int
    top1: float = TOP1_TARGET
    declines: float = DECLINES_TARGET


CORPORA = [
    Example("customer-success", 87, 21),  # 0.908 / 0.857 now (first contact: 0.897 / 0.905)
    # first contact 0.893 / 0.938; 0.905 / 0.812 after round 18; 0.905 / 0.875 after round 19; now 0.893 / 0.875
    # (top-1 below the target since round 20: "does the trade marketing manager report into sales or marketing?"
    # is read as an owner question)
    Example("marketing-en", 84, 16, top1=0.89),
    # first contact 0.583 / 1.000; 0.750 / 0.875 after round 16; 0.774 / 0.812 after round 19; 0.750 / 0.875 after
    # round 20; now 0.726 / 0.938 (the refusal threshold trained with the learned duty stage, 0.87, declines more:
    # English questions about a Finnish-only corpus)
    Example("restaurants-fi", 84, 16, top1=0.72),
    # first contact (round 17, once): 0.925 (English 0.985, Finnish questions 0.583) / 0.800; 0.975 / 0.900 after
    # round 20; now 0.950 / 0.950
    Example("engineering-en", 80, 20),
    # first contact (round 18, once): 0.875 (English 0.912, Finnish 0.667) / 0.650; 0.888 / 0.950 after round 20;
    # now 0.875 / 0.950 (top-1 below the target: Finnish questions about an English corpus ranked by the
    # embeddings alone; "kuka kirjoittaa sairauslomatodistukset?" declined at 0.80 under the threshold of 0.87)
    Example("clinic-en", 80, 20, top1=0.87),
    # first contact (round 19, once): 0.938 (English 0.928, Finnish 1.000) / 0.950; 0.950 / 0.950 after round 20;
    # now 0.938 / 0.950
    Example("logistics-en", 80, 20),
]


@pytest.fixture(scope="module", params=CORPORA, ids=lambda e: e.folder)
def example(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Example, AnswerService]:
    spec: Example = request.param
    extra = {"chroma_url": SERVER_URL, "chroma_namespace": spec.folder.replace("-", "")} if SERVER_URL else {}
    data = tmp_path_factory.mktemp(spec.folder) / "data"
    settings = Settings(data_dir=data, corpus_dir=EXAMPLES / spec.folder, **extra)  # type: ignore[arg-type]
    service = AnswerService(settings)
    service.build_index()
    service.load()
    return spec, service


def test_the_blind_set_holds_its_figures(example: tuple[Example, AnswerService]) -> None:
    spec, service = example
    answers: list[Answer] = []

    def ask(question: str, history: tuple[Turn, ...] = ()) -> Answer:
        answers.append(service.ask(question, history))
        return answers[-1]

    blind = EXAMPLES / spec.folder / "eval" / "blind" / "questions.jsonl"
    own = "\n".join(service.corpus.texts.values())
    metrics = score(load_records(blind), ask, own)["overall"]
    assert (metrics["n_in_scope"], metrics["n_out_of_scope"]) == (spec.in_scope, spec.out_of_scope)
    assert metrics["top1"] >= spec.top1, metrics
    assert metrics["declines"] >= spec.declines, metrics
    assert metrics["citations"] == 1.0, metrics
    # nothing in its answers speaks of sales, Finnish or an article unless its own corpus does
    foreign = [w for w in FOREIGN if not re.search(rf"\b{w}", own, re.I)]
    pattern = re.compile(rf"\b({'|'.join(foreign)})\w*", re.I)
    spoken = [a.answer for a in answers if pattern.search(a.answer)]
    assert not spoken, spoken[:3]
