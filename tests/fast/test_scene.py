"""A message that sets a scene before its question ("I'm a new AE ... What does the SDR do?") asks about the
role its question sentences name, else, through a pronoun for one role, about the role named last before it
(no model, no index)."""

from __future__ import annotations

import pytest

from assistant.answering.answerer import _pronoun_for_role, _wording
from assistant.answering.query import asked, read
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


def test_a_colon_ends_a_scene_before_the_question() -> None:
    assert asked("vaihdetaan aihetta: mitä ROLE tekee?") == "mitä ROLE tekee?"
    assert asked("quick q: who owns ROI?") == "who owns ROI?"
    assert asked("who owns ROI?") == "who owns ROI?"


def test_a_context_role_in_the_scene_is_not_compared(corpus: Corpus) -> None:
    text = (
        "Our board wants a senior sales leader: CRO, CSO or VP of Sales? How do those three actually differ?"
    )
    q, _named, asked_about = read(corpus.book, text)
    assert set(q.roles) == {"cro", "cso", "vp_sales"} and asked_about == q.roles


@pytest.mark.parametrize(
    ("said", "roles", "wording"),
    [
        ("Mitä sen kuuluis normaalisti tehdä?", ["team_lead"], "Mitä ROLE kuuluis normaalisti tehdä?"),
        ("What should they do all day?", ["team_lead"], "What should ROLE do all day?"),
        ("who oversees them?", ["cso"], None),  # a who-question: the role is the object
        ("What is that role called?", ["sales_manager"], None),  # a phrase, not a pronoun for the role
        ("What do we do next?", ["sdr"], None),  # no pronoun for a role
    ],
)
def test_the_question_sentence_reads_its_pronoun_as_the_role_of_the_scene(
    said: str, roles: list[str], wording: str | None
) -> None:
    assert _pronoun_for_role(said, roles) == wording


@pytest.mark.parametrize(
    ("masked", "wording"),
    [
        # the scene names the role and so does the question: the question says what is asked
        (
            "im new in sales ops and our ROLE keeps talking about 'strategy effectiveness' in every meeting. "
            "what is a ROLE actually responsible for?",
            "what is a ROLE actually responsible for?",
        ),
        # the scene names no role, the question does: the question
        ("We're restructuring the whole team this spring. What does the ROLE do?", "What does the ROLE do?"),
        # a short scene is part of the question
        ("quick q. what does the ROLE do?", "quick q. what does the ROLE do?"),
        # neither names a role: the whole message
        (
            "We're restructuring the whole team this spring. Who owns the forecast?",
            "We're restructuring the whole team this spring. Who owns the forecast?",
        ),
    ],
)
def test_the_kind_is_read_from_the_question_sentence_that_names_the_role(masked: str, wording: str) -> None:
    assert _wording(masked, asked(masked), ["cso"]) == wording
