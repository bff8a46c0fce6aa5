"""Stage 3: the kind of a question (owner, define, compare, reports_to, reports_from, acronym).

The kind is learned (`classify`): the classifier scores the masked question, and the question's structure
limits the kinds it may have (no role named: owner; a comparison needs two roles; an acronym question a role
that has one). A place said before the role ("right under the ROLE", "ROLE:n alapuolella") says which way a
reporting question goes. Three more structural rules: a question about one role with no word beside its name and request
words ("CSO?", "tell me about the SDR", "who is the CSO?") asks what the role does, and a question naming two roles
with a word of comparison ("mikä ero kokilla ja keittiöpäälliköllä", "CSO vs CRO") compares them.
"""

from __future__ import annotations

import re

from assistant.answering.classify import KindClassifier, allowed
from assistant.lang import cue, words
from assistant.roles import RoleBook
from assistant.text import content_words
from assistant.types import QuestionKind

# "Is the VP of Sales ...", "Asettaako ROLE ...": a yes-or-no verb right before the role asks about the role
# itself; "Can you explain what the ROLE does?" does not (the role is not what the verb asks about)
_YES_NO = cue("yes_no")
_VERB_THEN_ROLE = re.compile(r"^\W*(\w+)\s+(?:the\s+|a\s+|an\s+|se\s+)?ROLE\b", re.I)
# words of a question about what a role does ("main", "daily", "tehtävät"), not about a duty
DEFINE_WORDS = words("DEFINE_WORDS")
_COMPARE = cue("compare")
_IDENTITY = cue("identity")  # "who is the ROLE?": which role it is, i.e. what it does
_PLACE_ABOVE = cue("place_above")  # "who is right above the ROLE?": whom the role reports to
_PLACE_BELOW = cue("place_below")  # "who is right under the ROLE?", "kuka on ROLE:n alapuolella?"


def decide(
    classifier: KindClassifier, book: RoleBook, role_words: frozenset[str], question: str, roles: list[str]
) -> QuestionKind:
    """The kind of a question (role names masked) about these roles; ``role_words``: see role_words."""
    if not roles:
        return "owner"
    if len(roles) >= 2 and _COMPARE.search(question):
        return "compare"
    has_acronym = any(book.roles[r].acronym for r in roles)
    kind, _margin = classifier.predict(question, allowed(len(roles), has_acronym))
    if len(roles) == 1 and _IDENTITY.match(question):
        return "define"  # "who is the CSO?", "kuka on CRO?": nothing but the role is asked about
    if kind in ("reports_to", "reports_from") and len(roles) == 1:
        # which way a reporting question goes is said by a place before the role, whatever else it says
        below, above = _PLACE_BELOW.search(question), _PLACE_ABOVE.search(question)
        if bool(below) != bool(above):
            return "reports_from" if below else "reports_to"
    if kind in ("owner", "define") and len(roles) == 1:
        duty_words = [w for w in _duty_words(question, role_words) if w not in DEFINE_WORDS]
        if not duty_words:
            return "define"
        verb = _VERB_THEN_ROLE.match(question)
        if verb and _YES_NO.match(verb.group(1)):
            return "owner"  # "Is the VP of Sales responsible for quotas?": yes or no, and who does
    return kind  # type: ignore[return-value]


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
