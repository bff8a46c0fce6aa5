"""The learned duty stage: a classifier trained on the corpus's own duty texts tells neighbouring duties apart,
with and without the hand-written example questions, the same way in every process."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering import duties
from assistant.corpus import Corpus, load_corpus
from tests.fast.conftest import CORPUS

EXAMPLES = CORPUS.parent / "examples"


@pytest.fixture(scope="module")
def learned(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> duties.DutyClassifier:
    model = duties.train(corpus.chunks, corpus.book, tmp_path_factory.mktemp("models"))
    assert model is not None
    return model


def _first(model: duties.DutyClassifier, text: str) -> str:
    scores = model.scores(text)
    return max(scores, key=lambda d: (scores[d], d))


def test_the_training_set_is_made_from_the_corpus_alone(corpus: Corpus) -> None:
    data = duties.training_set(corpus.chunks, corpus.book)
    assert data == tuple(sorted(set(data)))  # no repeats, one order
    by_duty = {duty for _, duty in data}
    assert by_duty == set(corpus.book.duties)
    texts = {text for text, _ in data}
    for duty in corpus.book.duties.values():
        assert duty.en.lower() in texts and duty.fi.lower() in texts
        assert all(quote.lower() in texts for quote in corpus.book.evidence(duty.id))


def test_a_duty_it_does_not_read_the_question_as_gains_about_nothing(learned: duties.DutyClassifier) -> None:
    bonus = learned.bonus("who owns marketing ROI?")
    first = max(bonus, key=lambda d: (bonus[d], d))
    assert first == "marketing_roi" and bonus[first] > 0.5
    assert sorted(bonus.values())[len(bonus) // 2] == pytest.approx(0.0, abs=0.5)  # the median duty


def test_without_example_questions_the_generated_ones_stand_in() -> None:
    bare = load_corpus(CORPUS, examples=False)
    data = duties.training_set(bare.chunks, bare.book)
    generated = {c.text.lower() for c in bare.chunks if c.id.startswith("g-")}
    assert generated and generated <= {text for text, _ in data}
    assert not any(c.id.startswith("q-") for c in bare.chunks)


def test_each_duty_label_finds_its_duty(corpus: Corpus, learned: duties.DutyClassifier) -> None:
    wrong = [
        (duty.id, label)
        for duty in corpus.book.duties.values()
        for label in (duty.en, duty.fi)
        if _first(learned, label) != duty.id
    ]
    assert not wrong


@pytest.mark.parametrize("org", ["clinic-en", "restaurants-fi"])
def test_an_organisation_without_example_questions_gets_one(org: str, tmp_path: Path) -> None:
    other = load_corpus(EXAMPLES / org)
    model = duties.train(other.chunks, other.book, tmp_path)
    assert model is not None
    assert set(model.duties) == set(other.book.duties)
    duty = next(iter(other.book.duties.values()))
    assert _first(model, f"who is responsible for {duty.en.lower()}?") == duty.id


def test_training_is_deterministic_and_cached(corpus: Corpus, tmp_path: Path) -> None:
    a = duties.train(corpus.chunks, corpus.book, tmp_path)
    saved = list(tmp_path.glob("duty-*.npz"))
    assert len(saved) == 1
    b = duties.train(list(reversed(corpus.chunks)), corpus.book, tmp_path)  # same texts, other order
    assert a is not None and b is not None
    question = "kuka hoitaa tarjoukset asiakkaille?"
    assert a.scores(question) == b.scores(question)
    assert list(tmp_path.glob("duty-*.npz")) == saved


def test_a_corpus_with_one_duty_has_nothing_to_learn_and_two_duties_score_each(corpus: Corpus) -> None:
    one, two = "quotas", "discovery_demos"
    chunks = [c for c in corpus.chunks if c.duty in (None, one)]
    assert duties.train(chunks, _Duties(corpus, one)) is None  # type: ignore[arg-type]
    chunks = [c for c in corpus.chunks if c.duty in (None, one, two)]
    model = duties.train(chunks, _Duties(corpus, one, two))  # type: ignore[arg-type]
    assert model is not None and set(model.scores("who sets the quotas?")) == {one, two}
    assert _first(model, "who sets the quotas?") == one and _first(model, "who runs the demos?") == two


class _Duties:
    """The role book seen through some of its duties (only what `training_set` reads)."""

    def __init__(self, corpus: Corpus, *duty_ids: str) -> None:
        self.duties = {d: corpus.book.duties[d] for d in duty_ids}
        self._book = corpus.book

    def evidence(self, duty_id: str) -> list[str]:
        return self._book.evidence(duty_id)
