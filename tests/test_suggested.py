"""Every question the product itself suggests (the corpus's examples: web page chips and Slack help; README and
docs examples) is
answered right. A suggestion with no label here fails the test: label it when you add it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.corpus import load_corpus
from assistant.reference import about
from assistant.service import AnswerService

REPO = Path(__file__).resolve().parent.parent

# question -> (kind, roles that are a right first answer)
LABELS: dict[str, tuple[str, set[str]]] = {
    "who owns marketing ROI?": ("owner", {"cro"}),
    "what does a CSO do?": ("define", {"cso"}),
    "what does a CRO do?": ("define", {"cro"}),
    "what is the difference between a CSO and a CRO?": ("compare", {"cso", "cro"}),
    "kuka vastaa myyntitiimin valmennuksesta?": ("owner", {"team_lead", "sales_manager"}),
    "who does the VP of Sales report to?": ("reports_to", {"cso", "cro", "ceo"}),
    "kuka vastaa myyntiennusteesta?": ("owner", {"sales_manager"}),
    "kuka asettaa myyntikiintiöt?": ("owner", {"sales_manager"}),
    "kuka asettaa kiintiöt?": ("owner", {"sales_manager"}),
}


def suggested() -> list[str]:
    found = list(about(load_corpus(REPO / "corpus")).examples)  # the web page's chips and the Slack help
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        found += re.findall(r'assistant ask (?:--json )?"([^"]+)"', text)
        asked = re.findall(r'"message":\s*"([^"]+\?)"', text)  # questions only, not error messages
        found += [m for m in asked if not m.startswith("who do they")]  # a follow-up: tested below
    return sorted(set(found))


def test_every_suggestion_is_labelled() -> None:
    missing = [q for q in suggested() if q not in LABELS]
    assert not missing, f"label these suggested questions in LABELS: {missing}"
    assert len(suggested()) >= 8


@pytest.mark.parametrize("question", suggested())
def test_suggested_questions_are_answered_right(service: AnswerService, question: str) -> None:
    kind, roles = LABELS[question]
    a = service.ask(question)
    assert a.answered and a.kind == kind, (question, a.kind, a.answer)
    got = [r.id for r in a.roles]
    if kind == "compare":
        assert roles <= set(got), (question, got)
    else:
        assert got[0] in roles, (question, got)


def test_the_readme_conversation_follows_up(service: AnswerService) -> None:
    """README: `assistant chat` keeps context: "who do they report to?", "and what about the SDR?"."""
    from assistant.types import Turn

    first = service.ask("who owns marketing ROI?")
    second = service.ask("who do they report to?", [Turn("who owns marketing ROI?", first)])
    assert second.kind == "reports_to" and second.topic == "cro"
    history = [Turn("who owns marketing ROI?", first), Turn("who do they report to?", second)]
    third = service.ask("and what about the SDR?", history)
    assert third.kind == "reports_to" and third.topic == "sdr"
    fourth = service.ask("who do they report to?", [*history, Turn("and what about the SDR?", third)])
    assert fourth.topic == "sdr", fourth.answer  # not the Team Lead the previous answer named
