"""Another organisation's corpus: an English-only software-engineering organisation (tests/data/eng) with two
source documents, loaded the way a new user would write it (docs/CORPUS.md). Its answers name its own sources
and roles and never speak of sales, Finnish or an article; its titles ("Chief Technology Officer", "Site
Reliability Engineer") are its roles, not unknown titles; its reporting lines are a tree, not one ranked list.
Real components: the bundled embedding model and a real index of that corpus."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.service import AnswerService
from assistant.types import Answer
from tests.modes import SERVER_URL

ENG = Path(__file__).resolve().parent / "data" / "eng"
FOREIGN = re.compile(r"\b(sales|myyn\w*|finnish|suome\w*|article|artikkel\w*)\b", re.I)


@pytest.fixture(scope="module")
def eng(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnswerService]:
    extra = {"chroma_url": SERVER_URL, "chroma_namespace": "eng"} if SERVER_URL else {}
    settings = Settings(data_dir=tmp_path_factory.mktemp("eng") / "data", corpus_dir=ENG, **extra)  # type: ignore[arg-type]
    service = AnswerService(settings)
    service.build_index()
    service.load()
    yield service
    service.close()


def _clean(answer: Answer) -> None:
    assert not FOREIGN.search(answer.answer), answer.answer


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("Who onboards new engineers?", "owner", "engineering_manager"),
        ("who takes care of onboarding new engineers in their first month?", "owner", "engineering_manager"),
        ("What does the Chief Technology Officer do?", "define", "cto"),
        ("who does the Site Reliability Engineer report to?", "reports_to", "vp_engineering"),
        ("who runs the on-call rotation?", "owner", "sre"),
        ("who gives the release sign-off?", "owner", "qa_engineer"),
        ("who reports to the VP of Engineering?", "reports_from", "engineering_manager"),
    ],
)
def test_natural_questions_find_the_organisations_roles(
    eng: AnswerService, question: str, kind: str, first: str
) -> None:
    answer = eng.ask(question)
    assert answer.answered and answer.kind == kind, (question, answer.answer)
    assert answer.roles[0].id == first, (question, [r.id for r in answer.roles])
    _clean(answer)


def test_an_unknown_title_is_still_declined_in_the_organisations_words(eng: AnswerService) -> None:
    answer = eng.ask("What does the Chief Marketing Officer do?")
    assert not answer.answered
    assert "Chief Marketing" in answer.answer and "Engineering Manager" in answer.answer
    _clean(answer)


def test_a_comparison_invents_no_hierarchy(eng: AnswerService) -> None:
    """The Product Manager and the Engineering Manager are in different reporting lines: no ranking."""
    across = eng.ask("What is the difference between the Product Manager and the Engineering Manager?")
    assert across.kind == "compare" and {"product_manager", "engineering_manager"} <= {
        r.id for r in across.roles
    }
    assert ">" not in across.answer and "above" not in across.answer
    within = eng.ask("What is the difference between the Tech Lead and the VP of Engineering?")
    assert within.kind == "compare"
    assert "the VP of Engineering is above the Tech Lead" in within.answer
    _clean(across)


def test_an_acronym_answer_speaks_of_no_other_language(eng: AnswerService) -> None:
    answer = eng.ask("What does SRE stand for?")
    assert answer.kind == "acronym" and answer.answer == "SRE stands for Site Reliability Engineer."


def test_a_dotted_line_is_said(eng: AnswerService) -> None:
    answer = eng.ask("Who does the Product Manager report to?")
    assert [r.id for r in answer.roles] == ["head_of_product"]
    assert "works with the Engineering Manager" in answer.answer


def test_declines_offer_the_organisations_roles_in_its_words(eng: AnswerService) -> None:
    answer = eng.ask("What is the best recipe for banana bread?")
    assert not answer.answered and answer.language == "en"
    assert "The source material does not cover cooking" in answer.answer
    assert "Chief Technology Officer" in answer.answer
    assert "Chief Executive Officer" not in answer.answer  # named only as context
    _clean(answer)


def test_a_question_in_a_language_the_corpus_lacks_is_answered_in_its_language(eng: AnswerService) -> None:
    answer = eng.ask("Kuka vastaa päivystysvuorolistasta ja tuotannon häiriöistä?")
    assert answer.language == "en"
    _clean(answer)


def test_citations_name_their_source(eng: AnswerService) -> None:
    answer = eng.ask("who gives the release sign-off?")
    assert [c.source for c in answer.citations] == ["Release policy"]
    view = eng.passage(answer.citations[0].chunk_id)
    assert view is not None and view.source == "Release policy"
    onboarding = eng.ask("Who onboards new engineers?")
    assert {c.source for c in onboarding.citations} == {"Engineering handbook"}
    hits = eng.search("release sign-off", k=3)
    assert "Release policy" in {p.source for p in hits}


def test_the_reference_data_is_the_organisations(eng: AnswerService) -> None:
    about = eng.about()
    assert about.name == "Northwind engineering roles" and about.languages == ["en"]
    assert [s.name for s in about.sources] == ["Engineering handbook", "Release policy"]
    assert about.examples and all(not FOREIGN.search(e) for e in about.examples)
    assert not FOREIGN.search(about.summary["en"])
    roots = {node.id for node in eng.hierarchy()}
    assert roots == {"ceo", "head_of_product"}  # two trees
    pm = eng.role("product_manager")
    assert pm is not None and pm.works_with == ["engineering_manager"]
