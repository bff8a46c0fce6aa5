"""Stage 5b: the roles on either side of a duty, read from the duty labels. A question about a hand-off ("where do
the SDRs get their leads from?") is answered by a role on the other side of it; one about whom a named role works
with ("who does the CRO build growth strategy with?") by the roles its duty names beside it."""

from __future__ import annotations

from assistant.answering.query import Query
from assistant.answering.ranking import ROLE_DEPTH, Evidence, Reading


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
    ("where do the SDRs get their leads from?", `Query.handoff`) the best-ranked duty of a role on the other side
    of it, when the first is not one (whether the question is answered at all was decided on the reading as
    is)."""
    first = best.ranked[0][0]
    if not q.handoff or not q.roles:
        return first
    side = sorted(other_side(ev, q.roles[0], q.handoff))
    if not side or ev.book.duties[first].owned_by(side):
        return first
    return next((d for d, _ in best.ranked if ev.book.duties[d].owned_by(side)), first)


def other_side(ev: Evidence, role: str, way: str) -> set[str]:
    """The roles on the other side of a hand-off the role is part of, read from the duty labels: where its work
    comes from (``way`` "from": the owners of duties that go to it, and the roles its own duties name as their
    source) or whom it goes to ("to": the roles its own duties go to, and the owners of duties that name it as
    their source)."""
    named, goes_to = ev.duty_roles
    # its own duties' side of the hand-off, and the side on which other roles' duties name it
    own_side, its_side = (named, goes_to) if way == "from" else (goes_to, named)
    out: set[str] = set()
    for duty_id, duty in ev.book.duties.items():
        owners = {o.role for o in duty.owners}
        if role in owners:
            out |= own_side.get(duty_id, frozenset())
        elif role in its_side.get(duty_id, ()):
            out |= owners
    return out - {role}
