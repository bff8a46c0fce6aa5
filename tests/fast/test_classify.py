"""The learned question-kind stage: trained from the role data alone it already tells kinds apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answering import kinds
from assistant.answering.classify import KindClassifier, allowed, generated_examples, labelled_examples
from assistant.corpus import Corpus


@pytest.fixture(scope="module")
def from_role_data(corpus: Corpus) -> KindClassifier:
    labels = [(lang, d.label(lang)) for d in corpus.book.duties.values() for lang in ("en", "fi")]
    return KindClassifier(generated_examples(labels))


@pytest.mark.parametrize(
    ("masked", "n_roles", "kind"),
    [
        ("whom does the ROLE answer to?", 1, "reports_to"),
        ("kuka on ROLE:n pomo", 1, "reports_to"),
        ("who works under the ROLE", 1, "reports_from"),
        ("what's the ROLE's job in a nutshell", 1, "define"),
        ("mitä ROLE oikein tekee", 1, "define"),
        ("ROLE vs ROLE - what's different", 2, "compare"),
        ("mikä ero ROLE:lla ja ROLE:lla on", 2, "compare"),
        ("what does ROLE stand for", 1, "acronym"),
        ("who is responsible for setting sales quotas?", 0, "owner"),
    ],
)
def test_kinds_from_role_data_alone(
    from_role_data: KindClassifier, masked: str, n_roles: int, kind: str
) -> None:
    assert from_role_data.predict(masked, allowed(n_roles, has_acronym=True))[0] == kind


def test_structure_limits_the_kinds() -> None:
    assert allowed(0, has_acronym=False) == {"owner"}
    assert "compare" not in allowed(1, has_acronym=True)
    assert "acronym" not in allowed(1, has_acronym=False)


def test_training_is_deterministic_and_cached(corpus: Corpus, tmp_path: Path) -> None:
    labels = [(lang, d.label(lang)) for d in corpus.book.duties.values() for lang in ("en", "fi")]
    examples = generated_examples(labels)
    a = KindClassifier(examples, cache_dir=tmp_path)
    assert list(tmp_path.glob("kind-*.npz"))
    b = KindClassifier(list(reversed(examples)), cache_dir=tmp_path)  # same set, other order
    assert a.fingerprint == b.fingerprint
    assert a.scores("who does ROLE report to?") == b.scores("who does ROLE report to?")


@pytest.mark.parametrize(
    ("masked", "kind"),
    [
        ("who is the ROLE?", "define"),
        ("kuka on ROLE", "define"),
        ("who is the ROLE's boss?", "reports_to"),
        ("Who is the ROLE accountable to?", "reports_to"),
    ],
)
def test_a_question_with_nothing_but_the_role_asks_what_it_is(
    from_role_data: KindClassifier, corpus: Corpus, masked: str, kind: str
) -> None:
    assert _decide(from_role_data, corpus, masked, "cso") == kind


@pytest.mark.parametrize(
    ("masked", "kind"),
    [
        ("in a typical setup who is right under the ROLE", "reports_from"),
        ("who sits right above the ROLE in the chain?", "reports_to"),
        ("kuka on ROLE:n alapuolella organisaatiossa", "reports_from"),
        ("kuka on heti ROLE:n yläpuolella", "reports_to"),
    ],
)
def test_a_place_said_before_the_role_says_which_way_a_reporting_question_goes(
    from_role_data: KindClassifier, corpus: Corpus, masked: str, kind: str
) -> None:
    assert _decide(from_role_data, corpus, masked, "vp_sales") == kind


def _decide(classifier: KindClassifier, corpus: Corpus, masked: str, role: str) -> str:
    """The kind stage's decision for a masked question about one role."""
    book = corpus.book
    return kinds.decide(classifier, book, kinds.role_words(book), masked, [role])


def test_a_labelled_reports_question_takes_its_kind_from_its_answer(tmp_path: Path) -> None:
    rows = [
        {"q": "who reports to the VP?", "expect": ["sm"], "kind": "reports_to"},
        {"q": "who is the VP's boss?", "expect": ["cso"], "kind": "reports_to"},
        # ranked right after the CSO, but reporting to the CEO: the next place in the hierarchy
        {"q": "who comes right after the CSO in the hierarchy?", "expect": ["cro"], "kind": "reports_to"},
        # ranked above the SM, but no manager of it: a duty's owner ("whose oversight are they under?")
        {"q": "whose oversight is the SM under?", "expect": ["cro"], "kind": "reports_to"},
    ]
    (tmp_path / "dev.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    reports = {"cso": ["vp"], "vp": ["sm"], "cro": [], "sm": []}
    managers = {"vp": ["cso"], "sm": ["vp"], "cro": ["ceo"], "cso": []}
    levels = {"cso": 1, "cro": 2, "vp": 3, "sm": 4}

    def mask(text: str) -> tuple[str, str]:
        named = next(r for r in ("cso", "vp", "sm") if r.upper() in text)
        return text.replace(named.upper(), "ROLE"), named

    found = labelled_examples(tmp_path, mask, reports.__getitem__, managers.__getitem__, levels=levels)
    assert [e.kind for e in found] == ["reports_from", "reports_to", "reports_from", "owner"]
    # without a ranked hierarchy, an answer outside the reporting lines is a duty's owner
    found = labelled_examples(tmp_path, mask, reports.__getitem__, managers.__getitem__)
    assert [e.kind for e in found] == ["reports_from", "reports_to", "owner", "owner"]
