"""The decisions to decline: a title the article does not cover, a question for figures or advice, a subject the
article never touches, a question closest to an uncovered topic, and too little confidence in any duty."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answering import calibration
from assistant.answering.dialogue import ELSE
from assistant.answering.kinds import DEFINE_WORDS
from assistant.answering.query import Query, asked
from assistant.answering.ranking import (
    GENERIC,
    Evidence,
    Reading,
    confidence_needed,
    coverage,
    names_uncovered,
    rank,
    sigmoid,
)
from assistant.lang import cue
from assistant.text import content_words

TOPIC_NEEDED = 3.0  # score an uncovered topic needs to decline a question about a known role
UNCOVERED_WORD_BONUS = 3.0  # how much closer a duty must be when the question uses an uncovered-only word
UNCOVERED_MARGIN = 0.0  # how much closer to an uncovered topic than to the best duty a question must be

# questions that ask who, for a figure (the article gives none) or for advice on how to organise something
_WHO = cue("who")
_COMPARE = cue("compare")
_FIGURE = cue("figure")
_ADVICE = cue("advice")


@dataclass(frozen=True)
class Decline:
    """Why a question is declined (see compose.decline) and the confidence to report."""

    reason: str = "scope"
    confidence: float = 0.0


def before_ranking(ev: Evidence, q: Query) -> Decline | None:
    """A title the article does not cover, with no known role named or named before them in a question about
    a role; a question for figures or advice."""
    if q.unknown_title and (not q.roles or (q.title_first and q.kind != "owner")):
        return Decline("title")  # no known role named, or a question about the unknown title itself
    if not q.followup and not _WHO.search(q.text) and not _COMPARE.search(q.text):
        # the article is qualitative and about who does what: it gives no figures and no how-to advice
        reason = (
            "figures"
            if _FIGURE.search(q.text)
            else "advice"
            if not q.roles and _ADVICE.search(q.text)
            else ""
        )
        if reason:
            q.uncovered = nearest_topic(ev, q)  # "how much does an SDR earn?" is about pay: say so
            return Decline("uncovered" if q.uncovered else reason)
    return None


def reads_out_of_scope(ev: Evidence, q: Query) -> Decline | None:
    """A question about a named role whose wording reads like those the corpus does not answer (an
    instruction to the assistant, a request for something else): the learned threshold (`calibration`).
    When it is about an uncovered topic ("what is the salary of an SDR?"), the decline names the topic."""
    # learned on questions that stand on their own: a follow-up's words ("what else is on their plate") are
    # read with its history, not alone
    if q.kind != "owner" and not q.followup and q.scope >= calibration.load().role_scope_threshold:
        q.uncovered = nearest_topic(ev, q)
        return Decline("uncovered" if q.uncovered else "scope")
    if q.kind in ("define", "acronym") and q.followup and _asks_subject(q):
        # ... while a follow-up about the role in focus that asks about a subject closer to a topic the corpus is
        # known not to cover than to any duty asks about that topic ("does he also run payroll?", "how much
        # commission should we pay them?"): as an owner question is declined (see owner)
        duties, topics = rank(ev, q.masked)
        uncovered_word = names_uncovered(ev, q.text)
        clear = uncovered_word or (topics and topics[0][1] >= TOPIC_NEEDED)
        if clear and duties and _closer_to_topic(duties, topics, uncovered_word):
            q.uncovered = topics[0][0]
            return Decline("uncovered")
    return None


def _closer_to_topic(
    duties: list[tuple[str, float]], topics: list[tuple[str, float]], uncovered_word: bool
) -> bool:
    """The best uncovered topic is closer than the best duty (by UNCOVERED_WORD_BONUS less when the question uses
    a word only an uncovered topic uses)."""
    margin = UNCOVERED_MARGIN - (UNCOVERED_WORD_BONUS if uncovered_word else 0.0)
    return bool(topics) and topics[0][1] > duties[0][1] + margin


def _asks_subject(q: Query) -> bool:
    """The question names a subject of its own: words beyond "what else", "what does she do", "main tasks"."""
    if q.lean == "else" or ELSE.search(q.text):
        return False
    return any(w not in GENERIC and w not in DEFINE_WORDS for w in content_words(asked(q.masked)))


def owner(ev: Evidence, q: Query, best: Reading, readings: list[Reading]) -> Decline | None:
    """Whether an owner question is declined, given its best reading and every reading tried."""
    if not best.ranked:
        return Decline()
    ranked, topics, confidence = best.ranked, best.topics, best.confidence
    if _closer_to_topic(ranked, topics, names_uncovered(ev, q.text)):
        # closer to a topic the article is known not to cover than to any duty it does
        q.uncovered = topics[0][0]
        return Decline("uncovered", sigmoid(topics[0][1] - ranked[0][1]))
    if confidence < confidence_needed() or q.unknown_title:
        if q.roles and not q.unknown_title:
            topics = readings[-1].topics  # without the role names: a name says nothing about the topic
        if topics and topics[0][1] >= TOPIC_NEEDED and not q.unknown_title:
            q.uncovered = topics[0][0]  # weak evidence for any duty, a clear match for an uncovered topic
            return Decline("uncovered", confidence)
        return Decline("scope", confidence)
    return None


def nearest_topic(ev: Evidence, q: Query) -> str | None:
    """The uncovered topic the question is clearly about, if any (role names masked)."""
    duties, topics = rank(ev, q.masked)
    if (
        topics
        and topics[0][1] >= TOPIC_NEEDED
        and topics[0][1] > (duties[0][1] if duties else 0.0) + UNCOVERED_MARGIN
    ):
        return topics[0][0]
    return None


def off_topic(ev: Evidence, q: Query) -> bool:
    """A question about a known role but on a subject the article never touches (salary, location ...).

    "what else is on their plate?", "what else does the CRO cover?" ask what else the role does: their words are
    no subject of their own."""
    if not _asks_subject(q):
        return False
    found = [w for w in content_words(asked(q.masked)) if w not in GENERIC and w not in DEFINE_WORDS]
    known, total = coverage(ev, " ".join(found))
    if known == total:
        return False
    # a subject the article does not know: name the uncovered topic it is close to, if any
    q.uncovered = nearest_topic(ev, q)
    if q.uncovered:
        return True
    return total >= 2 and known / total < 0.5
