"""Tokens for BM25 and for the lexical-support check: stems, Finnish -s nouns, compounds, language."""

import pytest

from assistant.text import decompound, detect_language, stem_tokens


@pytest.mark.parametrize(
    "form", ["tarjous", "tarjousta", "tarjoukset", "tarjouksia", "tarjouksen", "tarjousten"]
)
def test_every_form_of_a_finnish_s_noun_shares_its_base_form(form: str) -> None:
    """Snowball stems "tarjoukset" as "tarjouks" and "tarjousta" as "tarjou": both also yield "tarjous"."""
    assert "tarjous" in stem_tokens(form)


def test_s_noun_rule_leaves_other_words_alone() -> None:
    assert "myyn" in stem_tokens("myynnistä") and "myynti" not in stem_tokens("myynnistä")
    assert "lead" in stem_tokens("leads") and "leas" not in stem_tokens("leads")


def test_compound_tails_known_to_the_corpus_are_added() -> None:
    vocabulary = frozenset(["kiintiö"])
    assert decompound(["myyntikiintiö"], vocabulary) == ["myyntikiintiö", "kiintiö"]


def test_compound_heads_known_to_the_corpus_are_added() -> None:
    """A head counts too: "kasvutilanne" is about growth ("kasvu") although "tilanne" never occurs in the corpus."""
    assert decompound(["kasvutilann"], frozenset(["kasvu"])) == ["kasvutilann", "kasvu"]
    assert decompound(["myyntikiintiö"], frozenset(["kiintiö", "myynti"])) == [
        "myyntikiintiö",
        "kiintiö",
        "myynti",
    ]
    # a head the word's own stem already gave is not counted twice
    assert decompound(["kuukaud", "kuukaudessa"], frozenset(["kuukaud"])) == ["kuukaud", "kuukaudessa"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Kuka asettaa myyntikiintiöt?", "fi"),
        ("who owns marketing ROI?", "en"),
        ("kenelle AE raportoi", "fi"),
        ("kvalifioiko SDR liidit?", "fi"),  # a yes-or-no question by its -ko verb
    ],
)
def test_language_detection(text: str, lang: str) -> None:
    assert detect_language(text) == lang
