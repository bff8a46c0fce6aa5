"""Chat-style copies for the invariance test: seeded by the question, one edit where asked."""

from __future__ import annotations

import pytest
from rapidfuzz.distance import OSA

from assistant.perturb import KINDS, perturb


def spans(text: str) -> list[tuple[int, int]]:
    i = text.find("Sales Manager")
    return [(i, i + len("Sales Manager"))] if i >= 0 else []


Q = "Who does the Sales Manager report to?"


@pytest.mark.parametrize("kind", KINDS)
def test_copies_are_the_same_in_every_run(kind: str) -> None:
    assert perturb(Q, kind, "en", spans) == perturb(Q, kind, "en", spans)


def test_a_role_typo_is_one_edit_inside_the_role_name() -> None:
    copy = perturb(Q, "typo_role", "en", spans)
    assert copy is not None and copy != Q
    assert copy.startswith("Who does the ") and copy.endswith(" report to?")
    assert OSA.distance(copy, Q) == 1


def test_kinds_that_do_not_apply_give_none() -> None:
    assert perturb("Who owns marketing ROI?", "typo_role", "en", spans) is None
    assert perturb(Q, "spoken_fi", "en", spans) is None
    assert perturb("Kenelle myyntipäällikkö raportoi? Onko se VP?", "spoken_fi", "fi", spans) == (
        "Kelle myyntipäällikkö raportoi? Onks se VP?"
    )


def test_lowercase_and_slack_and_emoji() -> None:
    assert perturb(Q, "lowercase", "en", spans) == "who does the sales manager report to"
    slack = perturb(Q, "slack", "en", spans)
    assert slack is not None and slack.endswith("who does the Sales Manager report to?")
    emoji = perturb(Q, "emoji", "en", spans)
    assert emoji is not None and emoji.startswith(Q) and len(emoji) > len(Q)


def test_unknown_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown perturbation"):
        perturb(Q, "shouting", "en", spans)
