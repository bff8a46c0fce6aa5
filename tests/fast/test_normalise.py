"""The chat-noise stage: mentions, links, emoji, greetings and fillers go; the question stays."""

from __future__ import annotations

import pytest

from assistant.answering.normalise import normalise


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (
            "<@U04XYZ789> how is a sales manager different from a team lead?",
            "how is a sales manager different from a team lead?",
        ),
        ("@roleassistant hey quick q: who owns quotas??? 🙏", "who owns quotas?"),
        ("hey, quick q - who sets quotas :pray:", "who sets quotas"),
        ("moi! kuka vastaa CSO:n tehtävistä?? kiitos", "kuka vastaa CSO:n tehtävistä?"),
        (
            "<@U07ABC123|roles> who trains the SDRs? see <https://example.com/x|this doc>",
            "who trains the SDRs? see this doc",
        ),
        ("who owns pipeline reviews https://example.com/a?b=1 thx!!", "who owns pipeline reviews"),
        ("<!here> kuka rekrytoi myyjät?!?", "kuka rekrytoi myyjät?"),
        # thanks for the last answer before the next question
        ("thx. and SDR?", "and SDR?"),
        ("kiitti! entä BDR?", "entä BDR?"),
        # chat shorthand written out
        ("do they recruit ppl too?", "do they recruit people too?"),
        ("who works w/ the board", "who works with the board"),
        # a change of subject: the question after it stands on its own
        ("ok toinen juttu, kuka käsittelee asiakasvalitukset?", "kuka käsittelee asiakasvalitukset?"),
        ("vaihdetaan aihetta: mitä SDR tekee?", "mitä SDR tekee?"),
        ("lol sorry. btw who sets quotas", "who sets quotas"),
        # back to a role talked about before: its words for the pronoun of the question after it
        ("ok back to the team lead thing, do they recruit too?", "do the team lead recruit too?"),
        (
            "back to the CRO — tekeekö se töitä hallituksen kanssa?",
            "tekeekö the CRO töitä hallituksen kanssa?",
        ),
        ("ok back to that role — do they also do recruiting?", "do they also do recruiting?"),
        ("back to my role - what am i supposed to do?", "back to my role - what am i supposed to do?"),
    ],
)
def test_chat_noise_is_removed(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


@pytest.mark.parametrize(
    "text",
    [
        "Kuka on CSO:n esihenkilö?",  # "CSO:n" is a case ending, not an emoji shortcode
        "no CSO here, who sets strategy?",  # a leading "no" is meaning, not a filler
        "Who owns marketing ROI?",
        "email me at jane@example.com: who owns renewals?",
    ],
)
def test_questions_without_noise_are_unchanged(text: str) -> None:
    assert normalise(text) == text


def test_a_message_that_is_only_noise_is_kept() -> None:
    assert normalise("🙏") == "🙏"
    assert normalise("hi") == "hi"


def test_a_name_of_the_corpus_is_never_shorthand() -> None:
    assert normalise("who do i ask rn") == "who do i ask right now"
    assert (
        normalise("What does RN stand for?", frozenset({"rn", "registered", "nurse"}))
        == "What does RN stand for?"
    )
