"""A role asked for by its place in the reporting lines: "who is between the AEs and the Sales Manager?" is
answered from the lines themselves, whichever order the two are named in (no model, no index)."""

from __future__ import annotations

import pytest

from assistant.answering.compose import between
from assistant.answering.query import Query
from assistant.corpus import Corpus


def _query(roles: list[str], lang: str = "en") -> Query:
    return Query("...", lang, "reports_to", roles, [], roles[:1])


@pytest.mark.parametrize(
    ("roles", "middle"),
    [
        (["sales_manager", "ae"], ["team_lead"]),
        (["ae", "sales_manager"], ["team_lead"]),
        (["cso", "team_lead"], ["vp_sales", "sales_manager"]),
    ],
)
def test_the_roles_between_two_named_roles(corpus: Corpus, roles: list[str], middle: list[str]) -> None:
    answer = between(corpus.book, _query(roles))
    assert answer is not None and [r.id for r in answer.roles] == middle
    assert answer.citations and all(c.quote for c in answer.citations)


def test_no_role_between_is_no_answer_of_this_kind(corpus: Corpus) -> None:
    # next to each other, or in no line with each other: the question is read as its kind says
    assert between(corpus.book, _query(["sales_manager", "team_lead"])) is None
    assert between(corpus.book, _query(["bdr", "sdr"])) is None


def test_the_answer_speaks_the_questions_language(corpus: Corpus) -> None:
    answer = between(corpus.book, _query(["ae", "sales_manager"], "fi"))
    assert answer is not None and answer.language == "fi" and "välissä" in answer.answer
