"""Hand-offs between roles, read from the duty labels ("managing the leads that BDRs generate and passing
qualified leads to Account Executives"): "where do the SDRs get their leads from?" is answered by the role on the
other side (no model, no index)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.answering.query import Query, mask, settle
from assistant.answering.ranking import _duty_roles, other_side
from assistant.corpus import Corpus


def test_the_other_side_of_a_hand_off_comes_from_the_duty_labels(corpus: Corpus) -> None:
    ev = SimpleNamespace(book=corpus.book, duty_roles=_duty_roles(corpus.book))
    assert other_side(ev, "sdr", "from") == {"bdr"}  # type: ignore[arg-type]
    assert other_side(ev, "ae", "from") == {"sdr"}  # type: ignore[arg-type]
    assert other_side(ev, "bdr", "to") == {"sdr"}  # type: ignore[arg-type]
    assert "ae" in other_side(ev, "sdr", "to")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "way"),
    [
        ("where do SDRs get their leads from?", "from"),
        ("mistä SDR:t saa liidinsä?", "from"),
        ("kenen tuottamia liidejä SDR hallinnoi?", "from"),
        ("who do the SDRs pass qualified leads to?", "to"),
        ("kenelle SDR antaa pisteytetyt liidit?", "to"),
        # the role named is where the work comes from: whom does it go to
        ("who gets the qualified leads from the SDRs?", "to"),
        ("kuka saa liidit SDR:ltä?", "to"),
        # no hand-off
        ("who trains the SDRs?", ""),
        ("who passes leads to the SDRs?", ""),
    ],
)
def test_a_hand_off_question_is_told_by_its_words(corpus: Corpus, text: str, way: str) -> None:
    q = Query(text, "en", "owner", ["sdr"])
    q.masked = mask(corpus.book, text)
    settle(corpus.book, q, ["sdr"])
    assert q.handoff == way
