"""Typo tolerance from the corpus's own lexicons (rapidfuzz edit distances), never touching known words."""

from __future__ import annotations

import json
from pathlib import Path

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
        # a title before a comma: the window of the words after it is skipped, not the title
        ("myyntipäälikkö vs tiimivetäjä, mikä ero?", "myyntipäällikkö vs tiiminvetäjä, mikä ero?"),
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


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("tell me about the Sales Mgr job", "tell me about the Sales Manager job"),
        ("what does a sales mngr do", "what does a sales manager do"),
        ("is the acct executive on the call", "is the account executive on the call"),
    ],
)
def test_an_abbreviated_word_of_a_title_is_written_out(fix: TypoCorrector, raw: str, fixed: str) -> None:
    assert fix.correct(raw) == fixed


def test_a_misspelling_shared_by_chat_questions_is_still_corrected(corpus: Corpus) -> None:
    # chat words are known words, except those the corpus alone would correct: two question writers who
    # dropped the same letter do not make "myyntipäälikön" a word
    fix = typo_corrector(corpus, chat_words=["myyntipäälikön", "acount", "hommat", "ownaa", "mgr"])
    assert fix.correct("mitkä on myyntipäälikön hommat?") == "mitkä on myyntipäällikön hommat?"
    assert fix.correct("what's an acount executive?") == "what's an account executive?"
    assert fix.correct("kuka ownaa forecastin") == "kuka ownaa forecastin"
    assert fix.correct("the sales mgr") == "the sales manager"  # a known chat word inside a title


def test_the_choice_of_chat_words_is_cached_and_gives_the_same_corrector(
    corpus: Corpus, tmp_path: Path
) -> None:
    words = ["myyntipäälikön", "acount", "hommat", "ownaa", "mgr"]
    fresh = typo_corrector(corpus, chat_words=words, cache_dir=tmp_path)
    (cached_file,) = tmp_path.glob("chat-words-*.json")
    assert json.loads(cached_file.read_text(encoding="utf-8")) == ["hommat", "ownaa", "mgr"]
    cached = typo_corrector(corpus, chat_words=words, cache_dir=tmp_path)
    for text in ("mitkä on myyntipäälikön hommat?", "kuka ownaa forecastin", "the sales mgr"):
        assert cached.correct(text) == fresh.correct(text)
    # other words are another choice (another file); a damaged file is made again, not trusted
    typo_corrector(corpus, chat_words=["hommat"], cache_dir=tmp_path)
    assert len(list(tmp_path.glob("chat-words-*.json"))) == 2
    cached_file.write_text("{not json", encoding="utf-8")
    again = typo_corrector(corpus, chat_words=words, cache_dir=tmp_path)
    assert again.correct("mitkä on myyntipäälikön hommat?") == "mitkä on myyntipäällikön hommat?"
    assert json.loads(cached_file.read_text(encoding="utf-8")) == ["hommat", "ownaa", "mgr"]


def test_chat_words_from_a_named_source_are_read_only_when_the_choice_is_not_cached(
    corpus: Corpus, tmp_path: Path
) -> None:
    calls: list[int] = []

    def words() -> list[str]:
        calls.append(1)
        return ["myyntipäälikön", "hommat", "ownaa"]

    first = typo_corrector(corpus, chat_words=words, cache_dir=tmp_path, chat_source="sets-v1")
    again = typo_corrector(corpus, chat_words=words, cache_dir=tmp_path, chat_source="sets-v1")
    assert calls == [1]  # the second corrector took the cached choice
    assert first.correct("kuka ownaa myyntipäälikön hommat") == again.correct(
        "kuka ownaa myyntipäälikön hommat"
    )
    assert again.correct("kuka ownaa myyntipäälikön hommat") == "kuka ownaa myyntipäällikön hommat"
    typo_corrector(corpus, chat_words=words, cache_dir=tmp_path, chat_source="sets-v2")  # another source
    assert calls == [1, 1]
