"""Stage 5b: the roles on either side of a duty, read from the duty labels. A question about a hand-off ("where do
the SDRs get their leads from?") is answered by a role on the other side of it; one about whom a named role works
with ("who does the CRO build growth strategy with?") by the roles its duty names beside it."""

from __future__ import annotations

from assistant.answering.clauses import same_word
from assistant.answering.query import Query, recipients
from assistant.answering.ranking import ROLE_DEPTH, Evidence, Reading, topic_words
from assistant.text import stem_tokens


def partners(ev: Evidence, q: Query, best: Reading) -> tuple[str, list[str]] | None:
    """For a question about whom a named role works with or acts on (`Query.partner`: "who does the CRO build
    growth strategy with?", "who do they supervise?"): the best-ranked duty of that role among the first
    ROLE_DEPTH, and the other roles its labels name ("... together with the board and the CEO", "overseeing the
    VPs of sales"); None when that duty names none."""
    role = q.roles[0] if q.roles else None
    if not q.partner or role is None:
        return None
    named, goes_to = ev.duty_roles
    for duty_id, _score in best.ranked[:ROLE_DEPTH]:
        duty = ev.book.duties[duty_id]
        if duty.owned_by([role]):
            owners = {o.role for o in duty.owners}
            others = (named.get(duty_id, frozenset()) | goes_to.get(duty_id, frozenset())) - owners
            order = list(ev.book.roles)
            return (duty_id, sorted(others, key=order.index)) if others else None
    return None


def across_handoff(ev: Evidence, q: Query, best: Reading) -> str:
    """The duty that answers an owner question: the best reading's first, or for a question about a hand-off
    ("where do the SDRs get their leads from?", `Query.handoff`) or about the role beside the one it names
    (`named_side`) the best-ranked duty of a role on the other side, when the first is not one; of those, first
    one whose labels use the words that told the side ("generate": the BDRs' "generating leads ..."). Whether the
    question is answered at all was decided on the reading as is."""
    first = best.ranked[0][0]
    words: frozenset[str] = frozenset()
    if q.handoff and q.roles:
        side = sorted(other_side(ev, q.roles[0], q.handoff))
    elif q.handoff == "to":
        # no role named: the roles the first duty's labels say its work goes to, else where its owners' work goes
        # ("kenelle ne pisteytetyt liidit menee?": the SDRs' scoring -> the AEs)
        owners = [o.role for o in ev.book.duties[first].owners]
        goes = ev.duty_roles[1].get(first, frozenset())
        side = sorted(goes or set().union(*(other_side(ev, o, "to") for o in owners)) - set(owners))
    else:
        told, words = named_side(ev, q, best)
        side = sorted(told)
    if not side or ev.book.duties[first].owned_by(side):
        return first
    theirs = [d for d, _ in best.ranked if ev.book.duties[d].owned_by(side)]
    said = (d for d in theirs if words and same_word(stem_tokens(_labels(ev, d)), words))
    return next(said, theirs[0] if theirs else first)


def _labels(ev: Evidence, duty_id: str) -> str:
    duty = ev.book.duties[duty_id]
    return f"{duty.en} {duty.fi}"


def named_side(ev: Evidence, q: Query, best: Reading) -> tuple[set[str], frozenset[str]]:
    """For a who-question about another role than the one it names (`Query.others`): the roles on the other side
    of a duty near the top that the named role takes part in (looking down while it takes part), when the
    question uses the words the duty's labels attribute to them ("who generates the leads the SDRs work on?":
    "managing the leads that BDRs generate" -> the BDRs); for one naming the role as where the work goes ("who
    feeds the SDRs their leads?"), the roles that role's own duty names as where its work comes from. With them,
    the words the labels attribute to them; nothing when neither."""
    if not q.others:
        return set(), frozenset()
    named, goes_to = ev.duty_roles
    asked = [stem_tokens(w) for w in topic_words(ev.book, q.text)]
    # named as where the work goes ("... to the SDRs"), or a pronoun standing for it ("who feeds them those leads?")
    receives = set(recipients(ev.book, q.resolved or q.text))
    for duty_id in best.near:
        owners = {o.role for o in ev.book.duties[duty_id].owners}
        clauses = ev.clauses.get(duty_id, {})
        to = goes_to.get(duty_id, frozenset())
        if not set(q.others) & (owners | named.get(duty_id, frozenset()) | to):
            break  # the named role takes no part in it: the question is about something else
        # ... not a role the question names ("the leads the BDRs generated" says who generated them)
        said = {r for r in clauses if r not in q.roles and any(same_word(w, clauses[r]) for w in asked)}
        # ... or the work goes to the named role: where its own duty says it comes from
        if not said and receives & owners:
            said = sources(ev, duty_id)
        if said:
            return said, frozenset().union(*(clauses[r] for r in said))
    return set(), frozenset()


def other_side(ev: Evidence, role: str, way: str) -> set[str]:
    """The roles on the other side of a hand-off the role is part of, read from the duty labels: where its work
    comes from (``way`` "from": the owners of duties that go to it, and the roles its own duties name as their
    source) or whom it goes to ("to": the roles its own duties go to, and the owners of duties that name it as
    their source). A source is a role the label says does something in the duty ("the leads that BDRs generate",
    `ev.clauses`), not one it names as what the duty is about ("the performance of the SDRs")."""
    _named, goes_to = ev.duty_roles
    out: set[str] = set()
    for duty_id, duty in ev.book.duties.items():
        owners = {o.role for o in duty.owners}
        to = goes_to.get(duty_id, frozenset())
        # its own duties' side of the hand-off, and the side on which other roles' duties name it
        own_side, its_side = (sources(ev, duty_id), to) if way == "from" else (to, sources(ev, duty_id))
        if role in owners:
            out |= own_side
        elif role in its_side:
            out |= owners
    return out - {role}


def sources(ev: Evidence, duty_id: str) -> set[str]:
    """The roles a duty's labels say its work comes from: those they attribute words to ("the leads that BDRs
    generate", `ev.clauses`) but not as where the work goes."""
    to = ev.duty_roles[1].get(duty_id, frozenset())
    return {r for r in ev.clauses.get(duty_id, {}) if r not in to}
