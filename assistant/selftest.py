"""The self-test of a corpus: questions made from its own role data, asked of a built index, with why a
question that fails went wrong.

- `canonical` questions (what every build asks): for each role the corpus describes, "what does the X do?" and,
  with an acronym, "what does X stand for?"; for each duty, "who is responsible for <label>?".
- `phrasings` (what `assistant check` adds): each duty asked by every one of its own phrasings — its label in
  each of the corpus's languages, each term, each example question of asks.yaml.

A failed build self-test is reported, not fatal (`assistant index --strict` makes it a gate).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.answering import Answerer, ranking, refusal
from assistant.lang.questions import QUESTIONS
from assistant.text import detect_language


@dataclass(frozen=True)
class Check:
    subject: str  # "duty:quotas", "role:cso"
    question: str
    expected: tuple[str, ...]  # roles that are a right first answer
    got: tuple[str, ...]  # the roles answered, first the owner (empty: declined)
    ok: bool
    why: str = ""  # for a failed check: what went wrong and what to do


@dataclass
class SelfTest:
    checks: list[Check] = field(default_factory=list)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    @property
    def passed(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return (
            f"{len(self.checks) - len(self.failed)} of {len(self.checks)} self-test questions answered right"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "checks": [asdict(c) for c in self.checks],
            "failed": len(self.failed),
            "total": len(self.checks),
        }


def canonical(answerer: Answerer) -> SelfTest:
    """The build's self-test: one define (and acronym) question per described role, one owner question per
    duty, made from the role data itself."""
    book = answerer.book
    test = SelfTest()
    lang = book.spec.primary
    for role in book.roles.values():
        if role.context or role.id in book.absent:
            continue
        if role.acronym:
            test.checks.append(
                _ask(answerer, f"role:{role.id}", _question(lang, "acronym", role.acronym), (role.id,))
            )
        test.checks.append(
            _ask(answerer, f"role:{role.id}", _question(lang, "define", role.name(lang)), (role.id,))
        )
    for duty in book.duties.values():
        question = _question(lang, "owner", duty.label(lang))
        test.checks.append(_ask(answerer, f"duty:{duty.id}", question, tuple(duty.primary), duty.id))
    return test


def phrasings(answerer: Answerer) -> SelfTest:
    """Every duty asked by each of its own phrasings: its labels, its terms and its example questions."""
    book = answerer.book
    examples: dict[str, list[str]] = {}
    for chunk in answerer.retriever.chunks:
        if chunk.id.startswith("q-") and chunk.duty:
            examples.setdefault(chunk.duty, []).append(chunk.text)
    test = SelfTest()
    for duty in book.duties.values():
        asked: list[str] = [_question(lang, "owner", duty.label(lang)) for lang in book.languages]
        for term in duty.terms:
            for phrase in (p.strip() for p in term.split(",")):
                if phrase:
                    asked.append(_question(detect_language(phrase), "owner", phrase))
        asked += examples.get(duty.id, [])
        for question in dict.fromkeys(asked):
            test.checks.append(_ask(answerer, f"duty:{duty.id}", question, tuple(duty.primary), duty.id))
    return test


def _question(lang: str, kind: str, value: str) -> str:
    """The first template of a kind in the language (`assistant.lang.questions`), filled."""
    template = QUESTIONS.get(lang, QUESTIONS["en"])[kind][0]
    return template.replace("ROLE", value).replace("{duty}", value)


def _ask(
    answerer: Answerer, subject: str, question: str, expected: tuple[str, ...], duty: str | None = None
) -> Check:
    answer = answerer.answer(question)
    got = tuple(r.id for r in answer.roles) if answer.answered else ()
    ok = bool(got) and got[0] in expected
    why = "" if ok else explain(answerer, question, expected, duty)
    return Check(subject, question, expected, got, ok, why)


def explain(answerer: Answerer, question: str, expected: tuple[str, ...], duty: str | None) -> str:
    """Why a question about a duty (or a role) was not answered with the expected roles, and what helps."""
    ev = answerer.evidence
    q = answerer.analyse(answerer.prepare(question))
    if q.unknown_title:
        return (
            f"read {q.unknown_title!r} as a title the corpus does not have; if it is one of its roles, add it to "
            "that role's aliases"
        )
    early = refusal.before_ranking(ev, q) or refusal.reads_out_of_scope(ev, q)
    if early is not None:
        return f"declined before any duty was ranked ({early.reason}); reword the label or terms"
    if q.kind != "owner" or duty is None:
        answer = answerer.answer(question)
        named = ", ".join(r.id for r in answer.roles) or "nothing"
        return f"read as a {q.kind} question about {', '.join(q.roles) or 'no role'}; answered {named}"
    best, readings = ranking.owner_readings(ev, q)
    ranked = [d for d, _ in best.ranked]
    if not ranked:
        return "no duty ranked at all"
    scores = dict(best.ranked)
    if ranked[0] != duty:
        place = ranked.index(duty) + 1 if duty in ranked else len(ranked) + 1
        return (
            f"duty {ranked[0]!r} ranks first ({scores[ranked[0]]:.1f}), this one {place}. ({scores.get(duty, 0.0):.1f}); "
            "make the labels, terms or example questions of the two tell them apart"
        )
    declined = refusal.owner(ev, q, best, readings)
    if declined is not None and declined.reason == "uncovered":
        return f"closer to the uncovered topic {q.uncovered!r} than to this duty; narrow that topic or add terms here"
    if declined is not None:
        return (
            f"found this duty but with too little confidence ({best.confidence:.2f} < {ranking.confidence_needed():.2f}): "
            "its own texts share few of the question's words; add terms or example questions in the words people use"
        )
    answer = answerer.answer(question)
    return f"answered {', '.join(r.id for r in answer.roles) or 'nothing'}: a named role or choice narrowed the owners"
