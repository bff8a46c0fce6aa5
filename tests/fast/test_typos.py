"""Typo tolerance from the corpus's own lexicons (rapidfuzz edit distances), never touching known words."""

from __future__ import annotations

import pytest

from assistant.answering.typos import TypoCorrector, typo_corrector
from assistant.corpus import Corpus


@pytest.fixture(scope="module")
def fix(corpus: Corpus) -> TypoCorrector:
    return typo_corrector(corpus)


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("who oversees the vice presidnets?", "who oversees the vice presidents?"),
        ("what does an acount executive actually do", "what does an account executive actually do"),
        (
            "how is a sales manager different from a sales team leed?",
            "how is a sales manager different from a sales team lead?",
        ),
        ("mitä myyntipäälikkö tekee", "mitä myyntipäällikkö tekee"),
        ("kuka on myyntitiimn vetäjän esihenkilö?", "kuka on myyntitiimin vetäjän esihenkilö?"),
        ("what does a vp of slaes do all day", "what does a vp of sales do all day"),
        ("who trains the SRDs?", "who trains the SDRs?"),
        ("kenelle se vp of sales oikein raportio", "kenelle se vp of sales oikein raportoi"),
    ],
)
def test_misspelt_titles_and_words_are_put_right(fix: TypoCorrector, raw: str, fixed: str) -> None:
    assert fix.correct(raw) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "what does the CFO do?",  # another title, one letter from CSO/CRO/CEO: not a typo
        "should we buy Salesforce or HubSpot?",  # names are left alone
        "who sets quotas for the sales reps",
        "Kuka asettaa myyntikiintiöt?",
        "Mikä ero on CSO:lla ja CRO:lla?",
        "who owns the sales proces?",  # not "sales VP" + "roces": a short title word must match exactly
        "Kenen homma on hoitaa ne tarjoukset mitä asiakkaille lähetetään?",  # inflections are no typos
        "Voitko suositella hyvää dekkaria kesälomalle?",
    ],
)
def test_known_words_and_other_titles_are_untouched(fix: TypoCorrector, text: str) -> None:
    assert fix.correct(text) == text
