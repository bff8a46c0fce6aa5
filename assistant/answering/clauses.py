"""What a duty's labels say each role other than its owners does in it: "managing the leads that BDRs generate and
passing qualified leads to Account Executives" says the BDRs generate (the word after a role named as where the
work comes from: "that BDRs generate", "BDR:ien tuottamien liidien") and the Account Executives are passed
qualified leads (the words before a role the work goes to, in its clause). A who-question naming the owner that
uses those words asks about that role ("who generates the leads the SDRs work on?" -> the BDRs)."""

from __future__ import annotations

import re

from assistant.answering.query import recipients
from assistant.roles import RoleBook
from assistant.text import content_words, stem_tokens

# clause boundaries inside a label: a comma or semicolon, and words that join clauses in either language
_CLAUSE = re.compile(r"[,;]|\s(?:and|ja|sekä)\s", re.I)
# the shortest shared beginning of two stems that counts as the same word ("tuot" / "tuottam": Finnish stems of
# one verb's forms differ in their ends)
MIN_SHARED = 4


def role_clauses(book: RoleBook) -> dict[str, dict[str, frozenset[str]]]:
    """Duty id -> role -> the stems its labels attribute to that role (roles that own the duty left out; words the
    label uses outside that role's clause left out too: they say what the duty is about, not what the role does).
    """
    out: dict[str, dict[str, frozenset[str]]] = {}
    for duty_id, duty in book.duties.items():
        owners = {o.role for o in duty.owners}
        by_role: dict[str, set[str]] = {}
        for label in (duty.en, duty.fi):
            to = set(recipients(book, label))
            for m in book.mentions(label):
                if m.role in owners or label[m.end : m.end + 1] == "-":
                    continue  # an owner, or a compound of the name ("SDR-edustajien")
                start, end = _clause(label, m.start, m.end)
                if m.role in to:  # "passing qualified leads to Account Executives": the words before it
                    said = content_words(label[start : m.start])
                else:  # "the leads that BDRs generate": the first word after it
                    said = content_words(label[m.end : end])[:1]
                # ... but not a word the label uses outside the clause too: the duty's topic ("leads", "liidien")
                elsewhere = set(stem_tokens(label[:start] + " " + label[end:]))
                stems = {s for w in said if not set(stem_tokens(w)) & elsewhere for s in stem_tokens(w)}
                by_role.setdefault(m.role, set()).update(stems)
        kept = {role: frozenset(stems) for role, stems in by_role.items() if stems}
        if kept:
            out[duty_id] = kept
    return out


def _clause(label: str, start: int, end: int) -> tuple[int, int]:
    """The span of the clause around label[start:end]."""
    before = [m.end() for m in _CLAUSE.finditer(label, 0, start)]
    after = _CLAUSE.search(label, end)
    return (before[-1] if before else 0), (after.start() if after else len(label))


def same_word(stems: list[str], attributed: frozenset[str]) -> bool:
    """One of the stems is an attributed one, or they share their first MIN_SHARED letters and one begins the
    other ("tuot" and "tuottam")."""
    return any(
        s == a or (min(len(s), len(a)) >= MIN_SHARED and (s.startswith(a) or a.startswith(s)))
        for s in stems
        for a in attributed
    )
