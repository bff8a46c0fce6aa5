"""A role named by what it does ("the discounts person", "what does the revenue guy do?"): the owner of the duty
its words find, put in for the words so the later stages read a role's name.

The words are ranked as a question would be (`ranking.rank`: retrieval and the learned duty classifier); they
name a role only when the best duty shares one of them (`ranking.duty_support`), the duty classifier reads them
as that duty (a positive decision score), the duty has one primary owner and it is well ahead (MARGIN) of every
duty of other roles. Otherwise ("the right person", "that new guy", "the strategy guy": several roles' strategy)
the message is left as it is. The cue is per-language data (`described`).
"""

from __future__ import annotations

from assistant.answering import ranking
from assistant.lang import cue
from assistant.text import content_words

_DESCRIBED = cue("described")
MARGIN = 3.0  # how far the duty found must be ahead of the best duty of other owners


def name_described(ev: ranking.Evidence, text: str) -> str:
    """The message with a role named by what it does replaced by the role's name (unchanged when none is)."""
    m = _DESCRIBED.search(text)
    if m is None or ev.learned is None:
        return text
    what = m.group("what")
    if ev.book.mentions(what) or not content_words(what):
        return text
    ranked, _topics = ranking.rank(ev, what)
    duty_id = ranked[0][0] if ranked else None
    if duty_id is None or ranking.duty_support(ev, what, duty_id)[0] == 0:
        return text
    if ev.learned.scores(what).get(duty_id, -1.0) <= 0.0:
        return text
    owners = [o.role for o in ev.book.duties[duty_id].owners if o.share == "primary"]
    others = (x for d, x in ranked[1:] if not ev.book.duties[d].owned_by(owners))
    if len(owners) != 1 or ranked[0][1] - next(others, 0.0) < MARGIN:
        return text
    role = ev.book.roles[owners[0]]
    return f"{text[: m.start()]}the {role.acronym or role.name_en}{text[m.end() :]}"
