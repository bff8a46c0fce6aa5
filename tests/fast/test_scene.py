"""A message that sets a scene before its question ("I'm a new AE ... What does the SDR do?") asks about the
role its question sentences name, else, through a pronoun for one role, about the role named last before it
(no model, no index)."""

from __future__ import annotations

import pytest

from assistant.answering.query import read
from assistant.corpus import Corpus


@pytest.mark.parametrize(
    ("text", "about"),
    [
        (
            "Olen uusi AE ja mun esihenkilö sanoi että saan liidit SDR:ltä. En tiedä mitä SDR tekee. Mitä se tekee?",
            ["sdr"],
        ),
        ("I'm an AE and my team lead keeps mentioning the BDR. What does the BDR do?", ["bdr"]),
        ("I'm an AE and my team lead keeps mentioning the BDR. What does she do all day?", ["bdr"]),
    ],
)
def test_the_question_is_about_the_role_its_own_sentence_points_at(
    corpus: Corpus, text: str, about: list[str]
) -> None:
    q, _named, asked_about = read(corpus.book, text)
    assert asked_about == about and q.roles[0] == about[0]


def test_a_pronoun_for_several_roles_keeps_them_all(corpus: Corpus) -> None:
    text = (
        "The recruiter keeps using VP of Sales and CSO like they're the same thing. Are they? what's the diff"
    )
    _q, _named, asked_about = read(corpus.book, text)
    assert set(asked_about or []) == {"vp_sales", "cso"}
