"""A who-question that names one role asks about another ("who coaches new AEs?", "kuka tuottaa ne liidit joita
SDR hallinnoi?"), unless it proposes that role or asks who is one; a yes-or-no clause after a lead-in proposes the
role (no model, no index)."""

from __future__ import annotations

import pytest

from assistant.answering.query import Query, mask, named_roles, settle
from assistant.corpus import Corpus


def _settled(corpus: Corpus, text: str, lang: str) -> Query:
    roles = named_roles(corpus.book, text)[0]
    q = Query(text, lang, "owner", roles)
    q.masked = mask(corpus.book, text)
    settle(corpus.book, q, roles)
    return q


@pytest.mark.parametrize(
    ("text", "lang", "others"),
    [
        ("who coaches new AEs?", "en", ["ae"]),
        ("who generates the leads the SDRs work on?", "en", ["sdr"]),
        ("kuka tuottaa ne liidit joita SDR hallinnoi?", "fi", ["sdr"]),
        ("who feeds the SDRs their leads?", "en", ["sdr"]),  # a recipient, as before
        # it proposes the role, or asks who is one: the role may be the answer
        ("who's in charge of keeping the reps motivated, the team lead or someone else?", "en", []),
        ("kuka asettaa myyntikiintiöt, myyntipäällikkö vai joku muu?", "fi", []),
        ("ok so who actually closes the deal, the ae?", "en", []),
        ("kuka on firman ylin myyntijohtaja?", "fi", []),
        # no who-word: "ja mitä AE sit tekee kun se saa liidin" asks what the AE does
        ("ja mitä AE sit tekee kun se saa liidin", "fi", []),
        # two roles named: either may be the answer ("we've got a VP of Sales and a CSO ... who spots ...?")
        ("we've got a VP of Sales and a CSO, who is supposed to spot new opportunities?", "en", []),
        # whom the role works with needs the role's own duty
        ("who does the CRO build growth strategy with?", "en", []),
    ],
)
def test_a_who_question_is_about_another_role_than_the_one_it_names(
    corpus: Corpus, text: str, lang: str, others: list[str]
) -> None:
    assert _settled(corpus, text, lang).others == others


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ok np. going back, does the sales manager also crunch data and stats?", "en"),
        ("okei, palataan siihen VP:hen. vetääkö VP myös suoritusarvioinnit?", "fi"),
        ("and who scores the leads the SDRs work on, is that them or marketing?", "en"),
    ],
)
def test_a_yes_or_no_clause_after_a_lead_in_proposes_the_role(corpus: Corpus, text: str, lang: str) -> None:
    q = _settled(corpus, text, lang)
    assert q.confirm
    assert q.others == []
