"""The kind of a question (owner, define, compare, reports_to, reports_from, acronym), from the roles it asks
about and its cue words."""

from __future__ import annotations

import re

from assistant.answering.ranking import Evidence, coverage
from assistant.lang import cue, words
from assistant.roles import RoleBook
from assistant.text import content_words
from assistant.types import QuestionKind

_ACRONYM = cue("acronym")
_COMPARE = cue("compare")
_REPORTS_FROM = cue("reports_from")
_REPORTS_TO = cue("reports_to")
_DEFINE = cue("define")
# a question that opens by asking who
_WHO_FIRST = cue("who_first")
_WHOSE = cue("whose")
# "someone who ...", "people who ...": a question word right after an indefinite is no cue
_OWNER_CUE = cue("owner", before="".join(f"(?<!{re.escape(w)} )" for w in sorted(words("INDEFINITES"))))
_EXPLICIT_ROLE_QUESTION = cue("explicit_role_question")
# words of a question about what a role does ("main", "daily", "tehtävät"), not about a duty
DEFINE_WORDS = words("DEFINE_WORDS")


def decide(ev: Evidence, role_words: frozenset[str], question: str, roles: list[str]) -> QuestionKind:
    """The kind of a question (role names masked) about these roles; ``role_words``: see role_words."""
    book = ev.book
    if len(roles) >= 2 and _COMPARE.search(question):
        return "compare"
    if not roles:
        return "owner"
    context_only = all(book.roles[r].level <= 0 for r in roles)
    if context_only and not _EXPLICIT_ROLE_QUESTION.search(question):
        return "owner"  # "who works with the board on growth?": the board is context, not the subject
    if _WHOSE.search(question) and _REPORTS_TO.search(question):
        return "reports_to"  # "kenen alaisena X toimii?": whose subordinate, i.e. X's manager
    if _REPORTS_FROM.search(question):
        return "reports_from"
    if _REPORTS_TO.search(question):
        return "reports_to"
    if len(roles) >= 2:
        if _DEFINE.search(question) and not _OWNER_CUE.search(question):
            return "compare"  # "break down the CSO, CRO and VP of Sales for me"
        return "owner" if _OWNER_CUE.search(question) and coverage(ev, question)[0] >= 2 else "compare"
    role = book.roles[roles[0]]
    if role.acronym and _ACRONYM.search(question):
        return "acronym"
    duty_words = [w for w in _duty_words(question, role_words) if w not in DEFINE_WORDS]
    if not duty_words or (_DEFINE.search(question) and not _WHO_FIRST.search(question)):
        return "define"
    return "owner"  # "kuka varmistaa, että AE:t saa laadukkaita liidejä eikä mitä tahansa?" asks who


def role_words(book: RoleBook) -> frozenset[str]:
    """The words of the role names, acronyms, expansions and aliases."""
    known: set[str] = set()
    for role in book.roles.values():
        for text in (role.name_en, role.name_fi, role.expansion or "", *role.aliases):
            known.update(w.lower().rstrip("*") for w in re.findall(r"[\w*]+", text))
    return frozenset(known)


def _duty_words(question: str, role_words: frozenset[str]) -> list[str]:
    """Content words that are not part of a role name."""
    return [
        w
        for w in content_words(question)
        if w not in role_words and not any(w.startswith(k) for k in role_words if len(k) > 5)
    ]
