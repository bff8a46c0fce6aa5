"""A question about a place in the ranked hierarchy ("who's above the BDR?") is answered from the source's ranked
list (`level`) as well as the reporting lines; a question about a manager only from the lines (no model, no index)."""

from __future__ import annotations

import pytest

from assistant.answering.compose import rank_choice, ranked_next, reports_from, reports_to
from assistant.answering.query import Query
from assistant.corpus import Corpus


def _query(text: str, kind: str, role: str, lang: str = "en") -> Query:
    return Query(text, lang, kind, [role], [], [role], masked=text.replace(role.upper(), "ROLE"))  # type: ignore[arg-type]


def test_the_next_ranked_roles(corpus: Corpus) -> None:
    book = corpus.book
    assert [r.id for r in ranked_next(book, book.roles["bdr"], up=True)] == ["ae"]
    assert [r.id for r in ranked_next(book, book.roles["ae"], up=False)] == ["bdr"]
    assert ranked_next(book, book.roles["cso"], up=True) == []  # the top (the CEO is only context)


@pytest.mark.parametrize(
    ("text", "lang"), [("who's above the BDR?", "en"), ("kuka on BDR:n yläpuolella?", "fi")]
)
def test_above_names_the_role_ranked_right_above_then_the_managers(
    corpus: Corpus, text: str, lang: str
) -> None:
    book = corpus.book
    answer = reports_to(book, _query(text, "reports_to", "bdr", lang), book.roles["bdr"])
    assert [r.id for r in answer.roles] == ["ae", "team_lead", "sales_manager"]
    assert answer.citations and answer.language == lang


def test_a_manager_question_is_answered_from_the_reporting_lines_only(corpus: Corpus) -> None:
    book = corpus.book
    answer = reports_to(book, _query("who does the BDR report to?", "reports_to", "bdr"), book.roles["bdr"])
    assert [r.id for r in answer.roles] == ["team_lead", "sales_manager"]
    # the ranked neighbour is a manager already: nothing is added
    answer = reports_to(
        book, _query("who's above the TEAM_LEAD?", "reports_to", "team_lead"), book.roles["team_lead"]
    )
    assert [r.id for r in answer.roles] == ["sales_manager"]


def test_below_a_role_nobody_reports_to_is_the_next_ranked_role(corpus: Corpus) -> None:
    book = corpus.book
    answer = reports_from(book, _query("who is right below the AE", "reports_from", "ae"), book.roles["ae"])
    assert [r.id for r in answer.roles] == ["bdr"] and "directly below" in answer.answer


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("who's directly under the CSO in the org chart?", "en"),
        ("in the typical sales hierarchy who comes right after the CSO", "en"),
        ("kuka tulee hierarkiassa heti CSO:n jälkeen?", "fi"),
    ],
)
def test_naming_the_hierarchy_asks_for_the_next_ranked_role(corpus: Corpus, text: str, lang: str) -> None:
    # the CRO is ranked right after the CSO but reports to the CEO and the board; the VP reports to the CSO
    book = corpus.book
    answer = reports_from(book, _query(text, "reports_from", "cso", lang), book.roles["cso"])
    assert [r.id for r in answer.roles] == ["cro", "vp_sales"]


def test_a_question_about_direct_reports_is_answered_from_the_reporting_lines(corpus: Corpus) -> None:
    book = corpus.book
    answer = reports_from(
        book, _query("which roles sit directly under the CSO?", "reports_from", "cso"), book.roles["cso"]
    )
    assert [r.id for r in answer.roles] == ["vp_sales"]


@pytest.mark.parametrize(
    ("text", "pair", "first"),
    [
        ("kumpi niistä on ylempänä hierarkiassa?", ["cso", "cro"], "cso"),
        ("which of them is lower in the org chart?", ["vp_sales", "sales_manager"], "sales_manager"),
        ("which one is at the very top?", ["cro", "cso"], "cso"),
        # a pair named the other way round
        ("which of the two is higher?", ["team_lead", "sales_manager"], "sales_manager"),
    ],
)
def test_a_choice_between_two_roles_by_their_place_is_read_off_the_hierarchy(
    corpus: Corpus, text: str, pair: list[str], first: str
) -> None:
    q = _query(text, "owner", pair[0])
    q.choice = pair
    answer = rank_choice(corpus.book, q)
    assert answer is not None and [r.id for r in answer.roles] == [first, *(r for r in pair if r != first)]
    assert answer.citations


def test_a_choice_by_anything_but_place_is_no_ranking_question(corpus: Corpus) -> None:
    q = _query("which of them closes the deals?", "owner", "ae")
    q.choice = ["ae", "sdr"]
    assert rank_choice(corpus.book, q) is None


def test_the_top_role_reports_to_no_one_and_the_answer_is_about_it(corpus: Corpus) -> None:
    book = corpus.book
    answer = reports_to(book, _query("who does the CSO report to?", "reports_to", "cso"), book.roles["cso"])
    assert [r.id for r in answer.roles] == ["cso"] and answer.citations
