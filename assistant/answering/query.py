"""The analysis of a question: the roles it names (as absent, in apposition, in lists), the question with role
names masked, the roles something goes to, follow-ups, and titles the article does not cover."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from assistant.lang import cue, words
from assistant.lang.chat import dialogue_words
from assistant.roles import Mention, RoleBook
from assistant.text import EN_STOP, detect_language
from assistant.types import QuestionKind

if TYPE_CHECKING:
    from assistant.answering.dialogue import Resolution

_COMPARE = cue("compare")
# "which of the AE or the SDR ...", "kumpi ..., SDR vai BDR?": the answer is one of the roles offered
_CHOICE = cue("choice")
# "does the AE ...", "onko SDR ...", "asettaako X ...": a yes-or-no question
_YES_NO = cue("yes_no")
# a role named first as the topic, then the question about it ("and the other one - do they recruit?", "entä se
# toinen, seuraako se KPI:tä?")
_TOPIC_FIRST = re.compile(r"^\W*(\w+\s+){0,2}ROLE(:\w+)?\s*[,:;\u2013\u2014-]+\s*")
# "do you know who ...", "tiedätkö kuka ...": a who-question inside a yes-or-no one
_EMBEDDED_WH = cue("embedded_wh")
# where a clause ends: a yes-or-no clause may follow a lead-in ("ok np. going back, does the SM crunch data?")
_CLAUSE_END = re.compile(r"[.,;:!?]+\s+")
# a role name as the one something goes to: "AE:ille", "myyntipäälliköille"; "to the AEs", "for the SDRs"
_ALLATIVE = cue("recipient_ending")
_TO_FOR = cue("recipient_before")
_DOER_FOR = cue("doer_for")
_HANDOFF = {"from": cue("handoff_from"), "to": cue("handoff_to")}
_HANDOFF_SOURCE = cue("handoff_source", 0)
_HANDOFF_GOES = cue("handoff_goes")
_PARTNER = cue("partner")
_NAMES_ANSWER = cue("names_answer")
OBJECT_PRONOUNS = dialogue_words("object_pronouns")
SUBJECT_PRONOUNS = dialogue_words("subject_pronouns")
PLURAL_PRONOUNS = dialogue_words("plural_pronouns")
_WHO = cue("who")
# "myyntijohtaja eli CSO", "the CRO, i.e. the revenue chief": two names of one role
_APPOSITION = cue("apposition")
# "if there is no CSO", "ei oo CSO:ta eikä CRO:ta": a role named as absent
_NEGATED = cue("negated")
_NEGATED_AFTER = cue("negated_after")
_LIST_JOIN = cue("list_join")
# a Finnish case ending on a role name ("CSO:lle", "myyntipäällikölle"), kept when the name is masked
_CASE_ENDING = cue("case_ending", 0)
# sentence ends, a dash between clauses, and a colon before what is asked ("quick q: who owns X?")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\s+[-–—]+\s+")

# titles of roles the corpus does not cover: C-level acronyms (in any language), title compounds
# ("markkinointijohtaja", "HR-johtaja") and title phrases ("chief marketing officer")
_C_LEVEL = re.compile(r"\bC[A-Z]{1,3}O\b")
_TITLE_COMPOUND = cue("title_compound")
_TITLE_PHRASE = cue("title_phrase")
# "regional managers", "new engineers": ranks and ordinary modifiers, no other title (the words of the corpus's
# own role names count too: see unknown_title)
_KNOWN_QUALIFIERS = words("KNOWN_QUALIFIERS")


@dataclass
class Query:
    text: str
    lang: str
    kind: QuestionKind
    roles: list[str] = field(default_factory=list)
    negated: list[str] = field(default_factory=list)  # roles named as absent ("if there is no CSO")
    subjects: list[str] = field(default_factory=list)  # the first role named and those listed with it
    unknown_title: str | None = None
    title_first: bool = False  # the unknown title is named before any known role: it is the subject
    uncovered: str | None = None
    followup: bool = False
    # how a follow-up leans on the conversation (dialogue.Resolution.reason: "else", "pronoun" ...)
    lean: str = ""
    scope: float = -1.0  # how much it reads like an out-of-scope question (classify.out_of_scope)
    scope_learned: bool = True  # that score comes from a classifier that learned from labelled questions
    # "which of the SDR or the BDR ...": the answer is one of them
    choice: list[str] = field(default_factory=list)
    confirm: bool = False  # "does the AE close deals?": yes or no about the named role
    recipients: list[str] = field(default_factory=list)  # "leads to the AEs": roles something goes to
    # the roles a who-question names but does not ask about ("who feeds the SDRs their leads?", "who coaches new
    # AEs?"): its recipients and every role it names, unless it proposes one or asks who is one (`settle`)
    others: list[str] = field(default_factory=list)
    # "where do the SDRs get their leads from?" ("from"), "whom do they pass them to?" ("to"): the role asked
    # about hands work over or receives it, and the answer is the role on the other side
    handoff: str = ""
    partner: bool = False  # "who does the CRO build growth strategy with?": whom the named role works with
    # the role a pronoun stands for as the object ("who helps them?", "kuka tuo niille liidit?"): not the doer
    object_of: list[str] = field(default_factory=list)
    masked: str = ""  # the text with every role name replaced by ROLE (see mask)
    # the text with the words that stand for a role earlier turns named put as its name ("kuka seuraa niiden
    # suoriutumista?" -> "kuka seuraa SDR suoriutumista?"): what an owner question is ranked by; "" when none
    resolved: str = ""
    onward: tuple[QuestionKind, str] | None = None  # dialogue.Resolution.onward


Resolve = Callable[[list[str], str], "Resolution | None"]  # (roles named, masked text) -> what it leans on


def read(
    book: RoleBook, question: str, resolve: Resolve | None = None
) -> tuple[Query, list[str], list[str] | None]:
    """The question read before its kind is decided: (the query, the roles it names, the roles it asks about).

    ``resolve`` is the dialogue stage: what a follow-up leans on (`dialogue.resolve`). The roles it asks about
    are None when the dialogue stage gave the kind too ("and the SDR?" keeps the previous kind)."""
    lang = detect_language(question)
    roles, negated, subjects = named_roles(book, question)
    q = Query(question, lang, "owner", roles, negated, subjects)
    q.masked = mask(book, question)
    q.unknown_title = unknown_title(book, asked(question))  # "Our CFO keeps asking ... Who owns that?"
    if q.unknown_title and roles:
        # "the CMO sits between the CRO and the VP, so what does the CMO handle?" is about the CMO
        at = question.find(q.unknown_title)
        q.title_first = 0 <= at < book.mentions(question)[0].start
    elif q.unknown_title:
        # no known role named: a pronoun after the title stands for it ("onks tässä mallissa hr-johtajaa ja mitä
        # se tekee"), not for the role in focus
        q.title_first = True
    resolution = resolve(roles, q.masked) if resolve is not None else None
    if resolution is not None:
        q.followup = True
        q.lean = resolution.reason
        if not roles and resolution.reason == "pronoun" and _object_pronoun(question):
            q.object_of = list(resolution.roles[:1])
        if not roles or set(resolution.roles) > set(roles):  # "how's that different from the CRO?"
            q.roles = list(resolution.roles)
            q.subjects = list(resolution.subjects or resolution.roles)
            q.masked = resolution.masked(q.masked)  # "who do they report to" -> "who do ROLE report to"
            q.onward = resolution.onward
            if (
                not roles
                and resolution.cue is not None
                and len(resolution.roles) == 1
                and _WHO.search(question)
                and question[slice(*resolution.cue)].lower() not in SUBJECT_PRONOUNS | {"ne"}
            ):
                # ... the role as the object or owner of what a who-question asks about ("kuka seuraa niiden
                # suoriutumista?"), not as its doer ("do they score leads?" is about the role's own duties)
                role = book.roles[resolution.roles[0]]
                a, b = resolution.cue
                q.resolved = f"{question[:a]}{role.acronym or role.name(lang)}{question[b:]}"
        if resolution.kind is not None:
            q.kind = resolution.kind
            return q, roles, None
    asked_about = q.roles
    # roles the corpus describes, not those it names only as context (whom others report to)
    described = [r for r in q.roles if not book.roles[r].context]
    if len(q.roles) >= 2 and len(described) == 1 and not _COMPARE.search(q.masked):
        # "our board is debating whether to hire a CSO ...": the one described role is the subject
        q.roles = described + [r for r in q.roles if r not in described]
        asked_about = described
    elif len(described) >= 2 and len(described) < len(q.roles) and _COMPARE.search(asked(q.masked)):
        # "the board wants a senior sales leader ... CRO, CSO or a VP of Sales. How do those three differ?"
        # compares the roles the corpus describes; the board is the scene
        q.roles = asked_about = described
    ask = asked(question)
    if len(q.roles) >= 2 and ask != question and not _COMPARE.search(q.masked):
        # a scene, then the question: "Olen uusi AE ... En tiedä mitä SDR tekee. Mitä se tekee?" asks about the
        # role its own sentences name, else (a pronoun) about the role named last before it
        in_ask = [r for r in named_roles(book, ask)[0] if r in q.roles]
        said = set(re.findall(r"\w+", ask.lower()))
        # ... a pronoun for one role ("are they the same?" may be about all of them)
        if not in_ask and said & (SUBJECT_PRONOUNS | OBJECT_PRONOUNS) and not said & PLURAL_PRONOUNS:
            in_ask = [m.role for m in book.mentions(question) if m.role in q.roles][-1:]
        if in_ask and in_ask[0] != q.roles[0]:
            q.roles = in_ask + [r for r in q.roles if r not in in_ask]
            asked_about = in_ask
    return q, roles, asked_about


def _object_pronoun(question: str) -> bool:
    """A who-question with the role as its object only ("who helps them?", "kuka tuo niille liidit?"); not "which
    of them", nor "do they score them?" (the role is the subject there, "them" something else)."""
    ws = re.findall(r"\w+", question.lower())
    objects = any(w in OBJECT_PRONOUNS and (i == 0 or ws[i - 1] != "of") for i, w in enumerate(ws))
    subject = bool(SUBJECT_PRONOUNS & set(ws))
    return objects and bool(_WHO.search(question)) and not _CHOICE.search(question) and not subject


def settle(book: RoleBook, q: Query, roles: list[str]) -> None:
    """What the kind of the question decides: the roles offered as a choice, the roles something goes to, and
    whether it asks yes or no about a named role. ``roles``: the roles it names (never the negated ones)."""
    # ... or the two roles "those two" stands for ("which of those two closes deals?")
    offered = q.subjects if q.lean == "pair" else roles if len(roles) >= 2 else []
    if q.kind == "owner" and len(offered) >= 2 and _CHOICE.search(q.masked):
        q.choice = list(offered)
    if q.onward is not None and q.kind == q.onward[0]:
        # "who's above them?" -> the Sales Manager; "and above that?" goes on from the Sales Manager
        q.roles = q.subjects = [q.onward[1]]
    q.recipients = recipients(book, q.text) if q.kind == "owner" else []
    q.recipients += [r for r in q.object_of if q.kind == "owner" and r not in q.recipients]
    q.confirm = (
        q.kind == "owner"
        # a role it names, or the one in focus ("does she also handle budgets?")
        and bool(roles or (q.followup and q.roles))
        and not q.choice
        and bool(
            _YES_NO.search(q.text)
            or _YES_NO.search(_TOPIC_FIRST.sub("", q.masked, count=1))
            # ... or a later clause ("ok np. going back, does the sales manager also crunch data?")
            or any(_YES_NO.search(c) for c in _CLAUSE_END.split(q.masked)[1:])
        )
        and not _EMBEDDED_WH.search(q.text)  # "do you know who sets the AEs' quotas?" asks who
    )
    if q.kind == "owner" and q.roles and not q.choice and not q.confirm:
        q.handoff = next((way for way, rx in _HANDOFF.items() if rx.search(q.text)), "")
        if q.handoff == "from" and _HANDOFF_SOURCE.search(q.masked):
            q.handoff = "to"  # the role named is where the work comes from: the question asks whom it goes to
        q.partner = not q.handoff and bool(_PARTNER.search(q.masked))
    elif q.kind == "owner" and not q.roles and not q.confirm and _HANDOFF_GOES.search(q.text):
        q.handoff = "to"  # "who do the qualified leads go to after that?": whom the best duty's work goes to
    q.others = list(q.recipients)
    if (
        q.kind == "owner"
        and len(roles) == 1
        and _WHO.search(q.text)
        and not (q.choice or q.confirm or q.partner)
        and not _NAMES_ANSWER.search(q.masked)
    ):
        # in the labelled sets (to round 27), 295 of the 296 who-questions naming one role that neither propose it
        # ("... or someone else?") nor ask who is one (no choice, no yes-or-no) asked about another role
        q.others += [r for r in roles if r not in q.others]


def named_roles(book: RoleBook, question: str) -> tuple[list[str], list[str], list[str]]:
    """(roles the question names, roles it names as absent, its subjects), in order of mention.

    Two names joined as one ("myyntijohtaja eli CSO") count once, as the role of the acronym. The
    subjects are the first role named and those listed with it ("the sales managers and the VP").
    """
    mentions = book.mentions(question)
    kept: list[Mention] = []
    for m in mentions:
        if kept and _APPOSITION.match(question[kept[-1].end : m.start]):
            if is_acronym(question[m.start : m.end]) or not is_acronym(
                question[kept[-1].start : kept[-1].end]
            ):
                kept[-1] = m
            continue
        kept.append(m)
    # listed[i]: mention i is listed with the one before it ("the CSO or the CRO", "CSO:ta ja CRO:ta")
    listed = [False] + [bool(_LIST_JOIN.match(question[a.end : b.start])) for a, b in pairwise(kept)]
    absent = [
        bool(_NEGATED.search(question[: m.start]) or _NEGATED_AFTER.match(question[m.end :])) for m in kept
    ]
    # "no CSO or CRO", "CSO:ta ja CRO:ta ei ole": a negation reaches over a list of names
    for i in range(1, len(kept)):
        absent[i] = absent[i] or (listed[i] and absent[i - 1])
    for i in range(len(kept) - 2, -1, -1):
        if listed[i + 1] and _NEGATED_AFTER.match(question[kept[i + 1].end :]):
            absent[i] = True
    roles: list[str] = []
    negated: list[str] = []
    subjects: list[str] = []
    for i, (m, is_absent) in enumerate(zip(kept, absent, strict=True)):
        target = negated if is_absent else roles
        if m.role not in target:
            target.append(m.role)
        if not is_absent and (not subjects or (listed[i] and kept[i - 1].role in subjects)):
            subjects.append(m.role)
    return roles, [r for r in negated if r not in roles], subjects


def recipients(book: RoleBook, question: str) -> list[str]:
    """Roles named as the ones something goes to ("liidit AE:ille", "leads to the AEs", "training for the
    SDRs"): in a who-question they are not who does it."""
    out = []
    for m in book.mentions(question):
        name = question[m.start : m.end]
        if (_ALLATIVE.search(name) or _TO_FOR.search(question[: m.start])) and m.role not in out:
            if _DOER_FOR.search(f"{question[: m.start]}ROLE{question[m.end :]}"):
                continue  # "for a team lead to do": the role does it
            out.append(m.role)
    return out


def mask(book: RoleBook, question: str) -> str:
    """The question with every role name replaced by ROLE, so a name ("team lead") is not read as a verb.

    A Finnish case ending stays ("CSO:lle" -> "ROLE:lle"): it says who reports to whom.
    """
    out, last = [], 0
    for m in book.mentions(question):
        out.append(question[last : m.start])
        ending = _CASE_ENDING.search(question[m.start : m.end])
        out.append("ROLE" + (":" + (ending.group(1) or ending.group(2)) if ending else ""))
        last = m.end
        if question[last : last + 1] == "-":  # "BDR-paikkaa" -> "ROLE paikkaa": the rest is a word
            out.append(" ")
            last += 1
    out.append(question[last:])
    return "".join(out)


def unknown_title(book: RoleBook, question: str) -> str | None:
    """The first title the question names that is no role of the corpus ("CFO", "markkinointijohtaja").

    A title inside a role name the question uses ("Chief Technology Officer", "Site Reliability Engineer") is
    that role's; a qualifier that is a word of the corpus's own role names ("sales managers") or a rank or an
    ordinary modifier ("regional managers", "new engineers") names no other title."""
    known_acronyms = {r.acronym.upper() for r in book.roles.values() if r.acronym}
    named = [(m.start, m.end) for m in book.mentions(question)]

    def inside_a_name(start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in named)

    for m in _C_LEVEL.finditer(question):
        if m.group(0) not in known_acronyms and not inside_a_name(m.start(), m.end()):
            return m.group(0)
    for m in _TITLE_COMPOUND.finditer(question):
        word = m.group(0)
        if not book.mentioned_roles(word) and not book.mentioned_roles(word.replace("-", "")):
            return word
    role_words = book.name_words()
    for m in _TITLE_PHRASE.finditer(question):
        phrase = m.group(0)
        if book.mentioned_roles(phrase) or inside_a_name(m.start(), m.end()):
            continue
        qualifier = (m.group(2) or m.group(3) or "").lower()
        if qualifier in EN_STOP or qualifier in _KNOWN_QUALIFIERS or qualifier in role_words:
            continue  # "the VPs and managers" names no title; "sales manager" is a known one
        return phrase
    return None


def asked(text: str) -> str:
    """The question sentences of a message that also sets a scene: "I keep hearing about SDRs at the standup.
    What is their job?" asks only the last sentence."""
    sentences = _SENTENCE_END.split(text.strip())
    questions = [x for x in sentences if x.endswith("?")]
    return " ".join(questions) if questions and len(questions) < len(sentences) else text


def is_acronym(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{2,4}s?(:\w+)?", name))
