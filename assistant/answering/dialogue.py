"""Stage 4: dialogue state. Which roles a message leans on when it does not name them itself.

The state is rebuilt from the conversation's answered turns, newest last (no hidden server state, so the CLI
chat, `/v1/chat`, the OpenAI route with client history and Slack threads all behave the same):

- `subjects` of a turn: the roles it was *about* — the role asked about for define/acronym/reports
  questions (not the managers the answer names), the owners for an owner question, both roles of a compare;
- the roles *mentioned*, newest first: every role a question named or an answer gave;
- the speaker's own role ("new team lead here ... who do I report to?").

A message that names a role, or asks about a duty on its own, is complete and is not bent towards the earlier
turns; a turn that was declined (out of scope) is skipped, so the thread survives it. The cue words
(pronouns, "what else", "the other one", "those two", "and the BDR?") are per-language data in
`assistant.lang.chat`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from assistant.answering.pronouns import CASE_ENDING, first_pronoun, is_determiner
from assistant.lang import cue
from assistant.lang.chat import dialogue_cue, dialogue_words
from assistant.text import content_words
from assistant.types import Answer, QuestionKind, Turn

Mentions = Callable[[str], list[str]]  # text -> role ids named in it, in order


POINTER, SELF, ELSE, OTHER, PAIR, ELLIPSIS, DEMONSTRATIVE, FIRST, SECOND, BOSS = (
    dialogue_cue(n)
    for n in (
        "pointer",
        "self",
        "else",
        "other",
        "pair",
        "ellipsis",
        "demonstrative",
        "first",
        "second",
        "boss",
    )
)
COMPARE = cue("compare")  # "difference", "vs", "ero": a question comparing roles
CHOICE = cue("choice")  # "which of", "kumpi": the answer is one of the roles
POSITION = cue("position")  # "above", "yläpuolella": a place in the hierarchy
WHO = cue("who")  # "who", "kuka", "kenelle": a question asking for a role
WH = cue("question_word")  # "what", "who", "mitä", "kuka"
SUBJECT_AGAIN = re.compile(
    r"\b("
    + "|".join(sorted(dialogue_words("subject_pronouns") - dialogue_words("plural_pronouns")))
    + r")\b(?!\s+ROLE)",
    re.I,
)
WHO_OWN_WORDS = 2  # content words that make "and who ...?" a question of its own, not an ellipsis
ROLE_CENTRIC: frozenset[str] = frozenset({"define", "reports_to", "reports_from", "acronym"})


@dataclass
class State:
    focus: list[str] = field(default_factory=list)  # the subjects of the last answered turn
    kind: QuestionKind | None = None  # that turn's kind
    mentioned: list[str] = field(default_factory=list)  # newest first, no repeats
    pairs: list[list[str]] = field(default_factory=list)  # turns about two or more roles, newest first
    speaker: str | None = None  # the role the user said they hold
    # roles the last answered turn gave as its answer besides its subjects (who is below/above the role asked
    # about): "that one" points at them, "she" still means the role asked about
    given: list[str] = field(default_factory=list)
    # the roles the answered turns were about, newest first, no repeats ("those two" when no turn was about two)
    discussed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Resolution:
    roles: list[str]
    kind: QuestionKind | None = None  # None: the kind stage decides, with these roles
    reason: str = ""
    cue: tuple[int, int] | None = None  # the words that stand for the role ("they", "that manager", "I")
    subjects: list[str] | None = None  # the roles asked about, when not all of ``roles`` (default: roles)
    # (kind, role): when the message asks what the last turn asked ("who's above them?" -> the Sales Manager,
    # "and above that?"), it goes on from the role that turn's answer gave, up or down the chain
    onward: tuple[QuestionKind, str] | None = None
    # the words standing for the second of two roles ("what does the first one do that the second doesn't?")
    also: tuple[int, int] | None = None

    def masked(self, text: str) -> str:
        """The text with the words standing for the role replaced as a role name is (ROLE)."""
        if self.cue is None:
            return text
        if self.also is not None:
            (a, b), (c, d) = sorted((self.cue, self.also))
            return f"{text[:a]}ROLE{text[b:c]}ROLE{text[d:]}"
        a, b = self.cue
        # a pronoun in a case keeps it as a name does ("kuka raportoi sille?" -> "kuka raportoi ROLE:lle?")
        ending = CASE_ENDING.search(text[a:b])
        # the same role again as a subject later on ("entä se toinen, mihin se keskittyy?")
        rest = SUBJECT_AGAIN.sub("ROLE", text[b:]) if len(self.roles) == 1 else text[b:]
        return f"{text[:a]}ROLE{':' + ending.group(1) if ending else ''}{rest}"


def asks_who(text: str) -> bool:
    """A question asking for a role ("who", "kuka", "kenelle"; "whos their boss" too)."""
    return bool(WHO.search(text) or re.search(r"\bwho", text, re.I))


def subjects(answer: Answer) -> list[str]:
    """The roles an answered turn was about."""
    ids = [r.id for r in answer.roles]
    if answer.kind in ("reports_to", "reports_from", "acronym") and answer.topic:
        return [answer.topic]
    if answer.kind == "define":
        return ids[:1]
    if answer.kind == "owner":
        return [r.id for r in answer.roles if r.share == "primary"][:1] or ids[:1]
    return ids


def state_of(history: Sequence[Turn], mentions: Mentions) -> State:
    state = State()
    for turn in history:
        named = mentions(turn.question)
        a = turn.answer
        # "new team lead here ...", "mä aloitin just tiiminvetäjänä"; of several roles named, the one a define
        # answer was about ("I just started as VP of Sales ... Our CEO wants ... What does the role cover?")
        about_self = subjects(a)[:1] if a is not None and a.answered and a.kind == "define" else []
        if SELF.search(turn.question) and (len(named) == 1 or set(about_self) & set(named)):
            state.speaker = named[0] if len(named) == 1 else about_self[0]
        if a is not None and not a.answered and a.topic is not None:
            state.focus = [a.topic]  # a declined question about a role: the role it was about
            continue
        if a is not None and not a.answered and not state.focus and len(named) == 1:
            # ... or, before any role was in focus, the one role a declined question names ("paljonko
            # myyntipäällikkö tienaa?", then "mitä muita hommia sillä on?")
            state.focus = list(named)
            continue
        if a is None or not a.answered or not a.roles:
            continue
        about = subjects(a)
        state.focus, state.kind = about, a.kind
        state.given = (
            [r.id for r in a.roles if r.id not in about] if a.kind in ("reports_to", "reports_from") else []
        )
        for role in [*named, *about, *(r.id for r in a.roles)]:
            if role in state.mentioned:
                state.mentioned.remove(role)
            state.mentioned.insert(0, role)
        for role in reversed(about):
            if role in state.discussed:
                state.discussed.remove(role)
            state.discussed.insert(0, role)
        # an owner answer that names two owners alike is a pair too ("who owns forecasting?" -> "those two")
        owners = [r.id for r in a.roles if r.share == "primary"]
        group = [*about, *(r for r in named if r not in about)] if a.kind != "owner" else owners
        if len(group) >= 2:
            state.pairs.insert(0, group)
    return state


def resolve(
    text: str,
    named: list[str],
    history: Sequence[Turn],
    mentions: Mentions,
    names: dict[str, list[str]],
    masked: str | None = None,
    managers: dict[str, list[str]] | None = None,
) -> Resolution | None:
    """The roles (and perhaps the kind) a message means when it leans on the conversation; None when it
    stands on its own. `names` maps role ids to their names and aliases (for "that manager"); `masked`: the
    text with role names replaced by ROLE (one word however long the name); `managers`: each role's direct
    managers (for "their boss")."""
    if not history:
        return None
    state = state_of(history, mentions)
    found = _resolve(text, named, state, names, masked, managers)
    if (
        found is not None
        and not named
        and found.kind is None
        and POSITION.search(
            text
        )  # "and above that?"; "who do they report to?" stays with the role asked about
        and state.kind in ("reports_to", "reports_from")
        and state.given
        and found.roles[:1] != state.given[:1]
    ):
        # the kind stage decides whether it asks the same again (the answerer then takes the role given)
        return replace(found, onward=(state.kind, state.given[0]))
    return found


def _resolve(
    text: str,
    named: list[str],
    state: State,
    names: dict[str, list[str]],
    masked: str | None,
    managers: dict[str, list[str]] | None,
) -> Resolution | None:
    # ("... that the ROLE doesn't" is a comparison only with the name masked)
    compares = bool(COMPARE.search(text) or (masked is not None and COMPARE.search(masked)))
    if named:
        # "and the BDR?", "entä SDR?": the previous question's kind, about the role now named
        # "and what about the VP of Sales?" -> "the ROLE?"
        # ... only when nothing but the role is left: "ja mitä tarkoittaa BDR?", "ja kenelle VP raportoi?" ask
        # their own question
        rest = ELLIPSIS.sub("", masked if masked is not None else text, count=1).split()
        own = {w for r in named for n in [r, *names.get(r, [])] for w in content_words(n)}
        # ... and without a question word of its own ("entä mitä CRO tekee?" asks what the CRO does)
        bare = (
            len(rest) <= 3 + len(named)
            and not set(content_words(" ".join(rest))) - own
            and not WH.search(" ".join(rest))
        )
        # a message that is nothing but a name ("team lead?") continues the conversation the same way
        alone = (
            masked is not None and not content_words(masked.replace("ROLE", " ")) and len(rest) <= len(named)
        )
        if (ELLIPSIS.search(text) or alone) and state.kind is not None and bare:
            if (
                state.kind == "compare"
                and ELLIPSIS.search(text)
                and len(named) == 1
                and state.focus
                and named[0] not in state.focus
            ):
                # after "CSO vs CRO?", "and the VP?" compares the first role with the one now named
                return Resolution([state.focus[0], named[0]], "compare", "ellipsis")
            same: QuestionKind = state.kind if state.kind in ROLE_CENTRIC else "define"
            return Resolution(named, same, "ellipsis")
        pair = _pair(state) if PAIR.search(text) else []
        if pair and not set(named) & set(pair):
            # "those two" are the last pair, the roles named beside them are compared with them ("where does the
            # CRO fit compared to those two?") or what the pair's choice is about ("which of those two watches
            # over the VPs?")
            if compares:
                return Resolution([*pair, *named], "compare", "pair")
            if CHOICE.search(text):
                return Resolution([*pair, *named], None, "pair", subjects=pair)
        if compares and len(named) == 1 and state.focus:
            # "what does that manager do that the team lead doesn't?": the role "that manager" names
            by_name = _named_by_word(text, state, names)
            # ... or the one the last answer gave ("who's their boss?", then "how's that boss different from
            # the CRO?")
            pointed = state.given[0] if state.given and POINTER.search(text) else state.focus[0]
            partner = by_name[0] if by_name is not None and by_name[0] != named[0] else pointed
            m = first_pronoun(text) or DEMONSTRATIVE.search(text)
            if partner != named[0] and (m or len(text.split()) <= 6):
                # "how's that different from the CRO?", "mikä ero sillä on CRO:hon?": the role in focus
                return Resolution([partner, named[0]], "compare", "compare")
        m = first_pronoun(masked if masked is not None else text)
        first_role = (masked or "").find("ROLE")
        # ... but not a determiner of the name itself ("se SDR", "ne BDR:t"; "raportoiko se ROLE:lle" is the
        # pronoun)
        determiner = (
            m is not None
            and masked is not None
            and not masked[m.end() : first_role].strip()
            and is_determiner(m.group(0), masked[first_role:], next(iter(text[m.end() :].split()), ""))
        )
        if m and masked is not None and 0 <= m.start() < first_role and state.focus and not determiner:
            about = state.focus[0]
            if about not in named:
                # "does she report to the CSO or the CRO?", "raportoiko hän CSO:lle vai ...?": the pronoun
                # before any name is the subject (the role in focus); the roles named are what it asks about
                return Resolution([about, *named], None, "pronoun", m.span(), subjects=[about])
        return None
    if not state.focus and state.speaker is None:
        return None
    pair = _pair(state)
    if compares and first_pronoun(text) and pair:
        # "mikä niiden ero on?", "what's the difference between them?": the last two roles together
        return Resolution(pair, "compare", "pair")
    if PAIR.search(text) and pair:
        # "which of those two closes deals?" asks its own question of the two (the kind stage reads it)
        return Resolution(pair, None if CHOICE.search(text) else "compare", "pair")
    m = BOSS.search(text)
    who = asks_who(text)
    # after "who does the SDR report to?" -> the Team Lead, "and their boss?" walks up the chain from the role
    # just given
    below = (
        state.given[0]
        if state.kind == "reports_to" and state.given
        else state.focus[0]
        if state.focus
        else None
    )
    if m and below is not None:
        p = first_pronoun(text)
        if who and p:
            # "who is their boss?" asks whom that role reports to (the kind stage reads it)
            return Resolution([below], None, "boss", p.span())
        if not who and managers and managers.get(below):
            # "entä sen pomo, mitä se tekee?", "what does their boss do?": the role that one reports to
            return Resolution(managers[below][:1], None, "boss", m.span())
    ordinal = _ordinal(text, state)
    if ordinal is not None:
        return ordinal
    m = OTHER.search(text)
    if m:
        other = _other(state)
        if other:
            # "and the other one?" asks the previous question about it; "entä se toinen, mitä se tekee?" asks
            # its own (the kind stage reads it)
            left = ELLIPSIS.sub("", f"{text[: m.start()]} {text[m.end() :]}".strip(), count=1)
            kept: QuestionKind = state.kind if state.kind in ROLE_CENTRIC - {"acronym"} else "define"
            kind = None if re.search(r"\w", left) else kept
            return Resolution([other], kind, "other", m.span())
    by_name = _named_by_word(text, state, names)
    if by_name:
        return Resolution([by_name[0]], None, "demonstrative", by_name[1])
    m = SELF.search(text)
    if m and state.speaker and not first_pronoun(text):
        return Resolution([state.speaker], None, "speaker", m.span())
    if ELSE.search(text) and state.focus:
        return Resolution(state.focus[:1], "define", "else")
    m = POINTER.search(text)
    if m and state.given:
        # "who's below the VP?" -> the Sales Manager; "what does that one do?": the role just given ("what else
        # does that person do?" still asks about the role the conversation is about)
        return Resolution(state.given[:1], None, "pointer", m.span())
    m = first_pronoun(text)
    if m and state.focus:
        return Resolution(state.focus[:1], None, "pronoun", m.span())
    if ELLIPSIS.search(text) and state.focus and not (who and len(content_words(text)) >= WHO_OWN_WORDS):
        # "and above?" leans on the role in focus; "entä kuka etsii uusia prospekteja soittamalla?" asks who
        # does something, a question of its own
        return Resolution(state.focus[:1], None, "ellipsis")
    return None


def _pair(state: State) -> list[str]:
    """ "those two", "niiden ero": the last turn about two roles, else the last two roles discussed, else the last
    two mentioned; [] when fewer than two came up."""
    if state.pairs:
        return state.pairs[0][:2]
    two = state.discussed[:2] if len(state.discussed) >= 2 else state.mentioned[:2]
    return two if len(two) == 2 else []


def _ordinal(text: str, state: State) -> Resolution | None:
    """ "the second one", "se eka", "the latter": of the last two roles, in the order they were named; the
    ordinal said first is the one asked about ("does the second one report to the first one?"); both ordinals
    stand for both roles ("what does the first one do that the second doesn't?")."""
    found = sorted(
        ((m.start(), m, n) for n, cue in enumerate((FIRST, SECOND)) for m in [cue.search(text)] if m),
        key=lambda f: f[0],
    )
    pair = state.pairs[0] if state.pairs else list(reversed(state.mentioned[:2]))
    if not found or len(pair) < 2:
        return None
    (_, m, n), *more = found
    if more:
        _, m2, n2 = more[0]
        return Resolution([pair[n], pair[n2]], None, "ordinal", m.span(), subjects=[pair[n]], also=m2.span())
    return Resolution([pair[n]], None, "ordinal", m.span())


def _other(state: State) -> str | None:
    """ "the other one": the role beside the current focus in the last turn about two roles."""
    if len(state.focus) >= 2:
        return state.focus[-1]  # after "how is the CSO different from the CRO?": the one compared with
    for pair in state.pairs:
        if any(r in state.focus for r in pair):
            rest = [r for r in pair if r not in state.focus]
            if rest:
                return rest[0]
    rest = [r for r in state.mentioned if r not in state.focus]
    return rest[0] if rest else None


def _named_by_word(
    text: str, state: State, names: dict[str, list[str]]
) -> tuple[str, tuple[int, int]] | None:
    """ "that manager", "se vetäjä": a recent role one of whose names holds the word, and where it stands."""
    for m in DEMONSTRATIVE.finditer(text):
        group = m.lastindex or 0
        word = m.group(group).lower()
        if len(word) < 4:
            continue
        for role in state.mentioned:
            if any(re.search(rf"\b{re.escape(word[:5])}", n, re.I) for n in names.get(role, [])):
                return role, m.span()
    return None
