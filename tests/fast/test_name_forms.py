"""A role's name in Finnish chat takes Finnish case endings: an acronym after a colon ("CSO:lle"), a Finnish name
with consonant gradation ("kokki" -> "kokilla"), an English title after an added vowel ("tech leadilla",
"engineering managerin"); other words that merely begin with a name are no mention of it."""

from __future__ import annotations

import pytest

from assistant.roles import _alias_regex


@pytest.mark.parametrize(
    ("alias", "text", "found"),
    [
        ("tech lead", "mikä ero on engineering managerilla ja tech leadilla?", "tech leadilla"),
        (
            "engineering manager",
            "mikä ero on engineering managerilla ja tech leadilla?",
            "engineering managerilla",
        ),
        ("engineering manager", "kuka on engineering managerin pomo", "engineering managerin"),
        ("sales engineer", "kuuluuks se sales engineereille", "sales engineereille"),
        ("tech lead", "who are the tech leads", "tech leads"),
        ("CSO", "kenelle CSO:n pitää raportoida", "CSO:n"),
        ("kokki", "mitä kokilla on tehtävänä", "kokilla"),
    ],
)
def test_a_name_with_a_finnish_ending_is_a_mention(alias: str, text: str, found: str) -> None:
    hit = _alias_regex(alias).search(text)
    assert hit is not None and hit.group(0) == found


@pytest.mark.parametrize(
    ("alias", "text"),
    [
        ("tech lead", "tech leadership matters"),
        ("sales manager", "sales managerial work"),
        ("CSO", "the CSOx team"),
    ],
)
def test_a_longer_word_is_no_mention(alias: str, text: str) -> None:
    assert _alias_regex(alias).search(text) is None
