"""Ranking duties and uncovered topics for a question (dense + BM25), the question's lexical support for a duty,
its coverage by the corpus vocabulary, and the readings of an owner question with their confidence."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from assistant.answering import calibration, duties
from assistant.answering.clauses import role_clauses
from assistant.answering.query import Query, mask, recipients
from assistant.corpus import Corpus
from assistant.lang import cue, words
from assistant.retrieval import HybridRetriever
from assistant.roles import RoleBook
from assistant.text import content_words, decompound, stem_tokens

# dense score (z) a duty needs, by how many question words its own texts share: 0, 1, 2 or more
SCORE_NEEDED = (5.3, 4.3, 2.5)
FULL_SUPPORT_BONUS = 1  # steps up SCORE_NEEDED when every telling word of the question is the duty's own
SPAN_BONUS = 3.0  # score added to a duty that spans a whole process, for a question about one
COMMON_DF = 0.04
SAME_OWNER_SPAN = 1.0  # how far below the first duty another duty of its owners may be to answer instead
ROLE_DEPTH = 3  # how far down the ranking a question about a named role looks for a duty of that role
DENSE_TOP = 3  # a duty's dense score: the mean similarity of its best DENSE_TOP texts

# a question about a whole process, from its first step to its last, and a duty whose label spans one
_SPAN = cue("span")
_ALTERNATIVES = cue("alternatives")
_SPAN_LABEL = cue("span_label")
# words that say nothing about which duty is meant ("manage", "hoitaa")
GENERIC = words("GENERIC")


@dataclass(frozen=True)
class Evidence:
    """What ranking needs from the corpus and the index, computed once per index (see build)."""

    book: RoleBook
    retriever: HybridRetriever
    chunk_index: dict[str, int]  # chunk id -> its row in the BM25 scores
    duty_chunks: dict[str, list[str]]  # duty id -> its article passages and its own texts
    topic_chunks: dict[str, list[str]]  # uncovered topic id -> its texts
    common: frozenset[str]  # stems found in many chunks
    in_scope_vocabulary: frozenset[str]  # every stem except those only the uncovered topics use
    uncovered_only: frozenset[str]  # stems an uncovered topic uses twice or more, the covered corpus never
    span_duties: frozenset[str]  # duties whose label spans a whole process
    duty_stems: dict[str, frozenset[str]]  # duty id -> the stems of its texts
    asked_duties: frozenset[str] = frozenset()  # duties with written example questions (asks.yaml)
    # duty id -> the roles its labels name as where its work comes from or goes to, in two maps: "managing the
    # leads that BDRs generate and passing qualified leads to Account Executives" -> ({bdr}, {ae})
    duty_roles: tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]] = ({}, {})
    learned: duties.DutyClassifier | None = None  # the duty classifier trained on the duties' texts (duties)
    # duty id -> role -> the stems its labels attribute to that role ("that BDRs generate"; clauses.role_clauses)
    clauses: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)


@dataclass
class Reading:
    ranked: list[tuple[str, float]]  # duties, best first
    topics: list[tuple[str, float]]  # uncovered topics, best first
    confidence: float
    signals: dict[str, float] | None = None  # what the confidence was learned from (calibration.SIGNALS)
    # the first ROLE_DEPTH duties before those only the roles a who-question names own were set aside
    near: tuple[str, ...] = ()


def build(
    corpus: Corpus, retriever: HybridRetriever, learned: duties.DutyClassifier | None = None
) -> Evidence:
    book = corpus.book
    duty_passages = _duty_passages(book)
    chunk_index = {c.id: i for i, c in enumerate(retriever.chunks)}
    duty_chunks: dict[str, list[str]] = {d: list(duty_passages[d]) for d in book.duties}
    topic_chunks: dict[str, list[str]] = {t: [] for t in corpus.uncovered}
    for c in retriever.chunks:
        topic = c.section.removeprefix("uncovered:")
        if c.duty in duty_chunks:
            duty_chunks[c.duty].append(c.id)
        elif c.kind == "uncovered" and topic in topic_chunks:
            topic_chunks[topic].append(c.id)
    stems = retriever.lexical.stems  # chunk id -> its stems, computed once by the BM25 index
    # stems found in many chunks ("asiakas", "myynti", "sales") say little about which duty is meant
    df: dict[str, int] = {}
    for chunk_stems in stems.values():
        for t in chunk_stems:
            df[t] = df.get(t, 0) + 1
    common = frozenset(t for t, n in df.items() if n > COMMON_DF * len(retriever.chunks))
    # what the corpus knows about: every stem except those only the uncovered topics use
    in_scope_vocabulary = frozenset(t for c in retriever.chunks if c.kind != "uncovered" for t in stems[c.id])
    # stems an uncovered topic uses in two or more of its texts and the covered corpus never uses
    per_topic: dict[tuple[str, str], int] = {}
    for c in retriever.chunks:
        if c.kind == "uncovered":
            for t in stems[c.id] - in_scope_vocabulary:
                per_topic[(c.section, t)] = per_topic.get((c.section, t), 0) + 1
    uncovered_only = frozenset(t for (_topic, t), n in per_topic.items() if n >= 2)
    span_duties = frozenset(
        d.id for d in book.duties.values() if _SPAN_LABEL.search(d.en) or _SPAN_LABEL.search(d.fi)
    )
    duty_stems = {
        d: frozenset(t for cid in ids if cid in stems for t in stems[cid]) for d, ids in duty_chunks.items()
    }
    return Evidence(
        book,
        retriever,
        chunk_index,
        duty_chunks,
        topic_chunks,
        common,
        in_scope_vocabulary,
        uncovered_only,
        span_duties,
        duty_stems,
        frozenset(c.duty for c in retriever.chunks if c.duty and c.id.startswith("q-")),
        _duty_roles(book),
        learned,
        role_clauses(book),
    )


def _duty_roles(book: RoleBook) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """(duty id -> the roles its labels name, except as the ones it goes to; duty id -> the roles it goes to)."""
    named: dict[str, frozenset[str]] = {}
    goes_to: dict[str, frozenset[str]] = {}
    for duty_id, duty in book.duties.items():
        roles: set[str] = set()
        to: set[str] = set()
        for label in (duty.en, duty.fi):
            roles |= {m.role for m in book.mentions(label)}
            to |= set(recipients(book, label))
        named[duty_id], goes_to[duty_id] = frozenset(roles - to), frozenset(to)
    return named, goes_to


def _duty_passages(book: RoleBook) -> dict[str, list[str]]:
    """Duty id -> the ids of the article passages its evidence quotes."""
    out: dict[str, list[str]] = {}
    for duty in book.duties.values():
        ids = []
        for quote in book.evidence(duty.id):
            pid = book.passage_for(quote).id
            if pid not in ids:
                ids.append(pid)
        out[duty.id] = ids
    return out


def rank(ev: Evidence, question: str) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """(duties, uncovered topics), each by evidence: dense similarity (z-scored) plus BM25, and for duties the
    learned duty classifier's decision score (`duties.DutyClassifier.bonus`)."""
    dense = ev.retriever.dense(question)
    lex = ev.retriever.lexical.scores(question)
    values = np.fromiter(dense.values(), dtype=np.float32)
    mu = float(values.mean()) if values.size else 0.0
    sd = float(values.std()) + 1e-6 if values.size else 1.0
    lex_max = float(lex.max()) if lex.size else 0.0

    def score(ids: list[str]) -> float:
        # the mean of a group's best few texts: one example question that merely mentions a
        # neighbouring duty must not outweigh several that are about this one
        best = sorted((dense.get(cid, mu - sd) for cid in ids), reverse=True)[:DENSE_TOP]
        d = sum(best) / len(best) if best else mu - sd
        lx = max((float(lex[ev.chunk_index[cid]]) for cid in ids if cid in ev.chunk_index), default=0.0)
        lex_part = (lx / lex_max) * min(1.0, lex_max / 4.0) if lex_max > 0 else 0.0
        return (d - mu) / sd + 2.0 * lex_part

    learned = ev.learned.bonus(question) if ev.learned is not None else {}
    by_duty = {duty_id: score(ids) + learned.get(duty_id, 0.0) for duty_id, ids in ev.duty_chunks.items()}
    topics = {topic_id: score(ids) for topic_id, ids in ev.topic_chunks.items()}
    return (
        sorted(by_duty.items(), key=lambda kv: -kv[1]),
        sorted(topics.items(), key=lambda kv: -kv[1]),
    )


def owner_readings(ev: Evidence, q: Query) -> tuple[Reading, list[Reading]]:
    """The best reading of an owner question, and every reading tried (the last one without role names).

    A role the question names is mostly context ("who checks the SDRs' results?" is about SDR results) but can
    crowd out the duty ("who trains the SDRs?" is about training): when the question as asked finds no duty with
    confidence, read it again without the names. "Does the AE close deals?" asks about the named role itself:
    only the reading without it. A best duty that shares none of the question's own words was found by the
    role name alone ("who trains the SDRs?" finds the SDRs' performance): the reading without the names wins
    when it finds a duty that does share one."""
    best = reading(ev, q, q.masked if q.confirm else q.resolved or q.text)
    readings = [best]
    needed = confidence_needed()
    # a best duty that shares none of the question's own words was found by the role name alone
    by_name = best.signals is not None and best.signals["support"] == 0
    if q.roles and not q.confirm and (best.confidence < needed or by_name):
        bare = reading(ev, q, q.masked)
        readings.append(bare)
        if bare.confidence >= needed and (best.confidence < needed or _supported(bare)):
            best = bare
    return best, readings


def _supported(r: Reading) -> bool:
    return r.signals is not None and r.signals["support"] > 0


def reading(ev: Evidence, q: Query, text: str) -> Reading:
    """Duties and uncovered topics ranked for one reading of the question, and the confidence in its best
    duty."""
    ranked, topics = rank(ev, text)
    if ev.span_duties and _SPAN.search(text):
        # "the whole chain from the first lead to the closed deal" asks for a duty that spans the process
        ranked = sorted(
            ((d, x + SPAN_BONUS if d in ev.span_duties else x) for d, x in ranked),
            key=lambda kv: -kv[1],
        )
    if q.choice:  # the question offers the candidates: keep the duties one of them owns
        ranked = [(d, x) for d, x in ranked if ev.book.duties[d].owned_by(q.choice)] or ranked
    near = tuple(d for d, _ in ranked[:ROLE_DEPTH])
    # "who hands the AEs their leads?", "who coaches new AEs?": not a duty only the AEs own
    if q.others and not q.choice:
        ranked = [(d, x) for d, x in ranked if not ev.book.duties[d].owned_only_by(q.others)] or ranked
    if not ranked:
        return Reading(ranked, topics, 0.0, near=near)
    ranked = _proposed_first(ev, q, _best_supported_first(ev, q, ranked))
    # the confidence in the best duty: learned from labelled questions over these signals (calibration)
    signals = reading_signals(ev, q, text, ranked, topics)
    return Reading(ranked, topics, calibration.load().confidence(signals), signals, near)


def _best_supported_first(ev: Evidence, q: Query, ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Of the first duty's owners' duties within SAME_OWNER_SPAN of it, the one that shares the most of the
    question's own words comes first ("kuka vastaa markkinoinnin ROI:sta?": the CRO's marketing ROI, not the
    CRO's work with marketing that edges ahead by the dense score); the owners answered do not change."""
    top_id, top = ranked[0]
    owners = _primary_owners(ev, top_id)
    group = [
        i
        for i, (duty_id, x) in enumerate(ranked)
        if top - x <= SAME_OWNER_SPAN and _primary_owners(ev, duty_id) == owners
    ]
    if len(group) < 2:
        return ranked
    best = max(group, key=lambda i: (duty_support(ev, q.text, ranked[i][0])[0], -i))
    return _to_front(ranked, best)


def _proposed_first(ev: Evidence, q: Query, ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """A yes-or-no question proposes its role ("does the AE also deal with customer objections?"): the best duty
    of that role comes first when it is within SAME_OWNER_SPAN of the first (in the labelled sets, a proposed
    role's duty that close was always the one asked about)."""
    if not q.confirm or not q.roles:
        return ranked
    top = ranked[0][1]
    # ... one that offers two things the role might do ("do they mostly do b2b or b2c?") is about the role:
    # its best duty among the first ROLE_DEPTH
    offers = bool(_ALTERNATIVES.search(q.masked))
    for i, (duty_id, x) in enumerate(ranked):
        if (i >= ROLE_DEPTH) if offers else (top - x > SAME_OWNER_SPAN):
            break
        if ev.book.duties[duty_id].owned_by(q.roles[:1]):
            return _to_front(ranked, i)
    return ranked


def _to_front(ranked: list[tuple[str, float]], i: int) -> list[tuple[str, float]]:
    """The ranking with its i-th duty first, the others in their order."""
    return ranked if i == 0 else [ranked[i], *ranked[:i], *ranked[i + 1 :]]


def reading_signals(
    ev: Evidence, q: Query, text: str, ranked: list[tuple[str, float]], topics: list[tuple[str, float]]
) -> dict[str, float]:
    """The corpus-relative signals of a reading that the calibration weighs (see calibration.SIGNALS)."""
    top_id, top = ranked[0]
    # the lead over the best duty of other owners: two duties of the same owner close together ("marketing ROI",
    # "working with marketing") leave no doubt about who owns it
    owners = _primary_owners(ev, top_id)
    second = next((score for duty, score in ranked[1:] if _primary_owners(ev, duty) != owners), 0.0)
    # Lexical support for the chosen duty is what separates in-scope from out-of-scope questions:
    # dense similarity alone does not (see README). The fewer of the question's words the duty's own
    # texts share, the stronger the dense evidence must be.
    hit, distinctive = duty_support(ev, q.text, top_id)
    full = bool(hit and hit == distinctive)
    needed = SCORE_NEEDED[min(hit + (FULL_SUPPORT_BONUS if full else 0), len(SCORE_NEEDED) - 1)]
    known, total = coverage(ev, q.text)
    return {
        "top": top,
        "margin": top - second,
        "rule": _logit(sigmoid(2.0 * (top - needed)) * sigmoid(3.0 * (top - second + 0.2)) ** 0.5),
        "support": float(min(hit, 3)),
        "distinctive": float(min(distinctive, 4)),
        "full_support": float(full),
        "unknown": float(min(total - known, 3)),
        "known_share": known / total if total else 1.0,
        "topic_gap": max(-6.0, topics[0][1] - top) if topics else -6.0,
        "uncovered_word": float(names_uncovered(ev, q.text)),
        "role_named": float(bool(q.roles)),
        "masked": float(text not in (q.text, q.resolved)),
        "words": float(min(total, 8)),
        "reads_out_of_scope": q.scope if q.scope_learned else 0.0,
        "reads_out_of_scope_made": 0.0 if q.scope_learned else q.scope,
        "written_examples": float(top_id in ev.asked_duties),
    }


def _primary_owners(ev: Evidence, duty_id: str) -> frozenset[str]:
    duty = ev.book.duties.get(duty_id)
    return frozenset(o.role for o in duty.owners if o.share == "primary") if duty is not None else frozenset()


def topic_words(book: RoleBook, question: str) -> list[str]:
    """The question's content words, generic verbs and role names left out."""
    return [w for w in content_words(mask(book, question)) if w not in GENERIC and w != "role"]


def coverage(ev: Evidence, question: str) -> tuple[int, int]:
    """(content words the corpus knows, content words)."""
    found = topic_words(ev.book, question)
    known = sum(1 for w in found if known_word(ev, w))
    return known, len(found)


def duty_support(ev: Evidence, question: str, duty_id: str) -> tuple[int, int]:
    """(content words of the question found in this duty's own texts, content words that are not
    common across the corpus)."""
    stems = ev.duty_stems[duty_id]
    hit = distinctive = 0
    for w in topic_words(ev.book, question):
        toks = stem_tokens(w)
        toks += decompound(toks, ev.retriever.lexical.vocabulary)[len(toks) :]
        distinctive += not any(t in ev.common for t in toks)
        hit += any(t in stems and t not in ev.common for t in toks)
    return hit, distinctive


def known_word(ev: Evidence, word: str) -> bool:
    """The corpus knows the word, or a compound part of it that is at least half of it."""
    vocab = ev.in_scope_vocabulary
    stems = stem_tokens(word)
    if any(t in vocab for t in stems):
        return True
    return any(len(t) * 2 >= len(stem) for stem in stems for t in decompound([stem], vocab)[1:])


def names_uncovered(ev: Evidence, question: str) -> bool:
    """The question uses a word that only the uncovered topics use ("payroll", "läppäri")."""
    return any(t in ev.uncovered_only for w in topic_words(ev.book, question) for t in stem_tokens(w))


def confidence_needed() -> float:
    """Below it the best duty is not evidence enough: decline (the calibration's threshold)."""
    return calibration.load().threshold


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1.0 - 1e-9)
    return math.log(p / (1.0 - p))


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))
