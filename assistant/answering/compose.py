"""Building the answer objects and their texts (owner, define, compare, reports_to, reports_from, acronym and
decline) from the role book, in the question's language (templates in assistant.lang)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answering.query import Query
from assistant.corpus import Corpus
from assistant.lang import listed, templates
from assistant.roles import Duty, Role, RoleBook
from assistant.types import Answer, Citation, RoleRef, as_language


def ref(book: RoleBook, role_id: str, share: str, lang: str) -> RoleRef:
    role = book.roles[role_id]
    return RoleRef(role.id, role.name(lang), "primary" if share == "primary" else "shared")


def citations(book: RoleBook, quotes: Sequence[str], limit: int = 4) -> list[Citation]:
    out: list[Citation] = []
    for quote in quotes:
        c = book.cite(quote)
        if all(c.quote != o.quote for o in out):
            out.append(c)
    return out[:limit]


def owner(book: RoleBook, q: Query, duty: Duty, confidence: float) -> Answer:
    lang, t = q.lang, templates(q.lang)
    # a role named as absent ("if we have no sales manager") or as the one it is done for ("who coaches
    # the team leads?") is not the answer
    owners = [o for o in duty.owners if o.role not in q.negated and o.role not in q.recipients] or list(
        duty.owners
    )
    if q.choice:  # "the AE or the SDR?": answer with the candidate the article names
        owners = [o for o in owners if o.role in q.choice] or owners
    only_shared = all(o.share == "shared" for o in owners)  # the primary owner was named as absent
    refs = [ref(book, o.role, "primary" if only_shared else o.share, lang) for o in owners]
    primary = [r.name for r in refs if r.share == "primary"]
    shared = [r.name for r in refs if r.share == "shared"]
    verdict = ""
    if q.confirm:  # yes when a named role is among the owners the article gives the duty
        verdict = t["yes"] if any(r.id in q.roles for r in refs) else t["no"]
    text = t["owner"].format(verdict=verdict, primary=listed(primary, lang), label=duty.label(lang))
    if shared:
        text += t["owner_shared"].format(shared=listed(shared, lang))
    text += t["owner_cited"]
    cites = citations(book, [o.evidence for o in owners])
    return Answer(text, as_language(lang), True, refs, cites, round(confidence, 3), "owner", duty.id)


def define(book: RoleBook, q: Query, role: Role) -> Answer:
    lang, t = q.lang, templates(q.lang)
    duties = [d for d, o in book.responsibilities(role.id) if o.share == "primary"]
    name = role.name(lang)
    summary = role.summary_fi if lang == "fi" else role.summary_en
    acronym = f" ({role.acronym})" if role.acronym and role.acronym not in name else ""
    text = t["define"].format(name=name, acronym=acronym, summary=summary)
    head = ", ".join(d.label(lang) for d in duties[:4])
    if head:
        text += t["define_duties"].format(duties=head)
    quotes = [role.evidence] + [next(o.evidence for o in d.owners if o.role == role.id) for d in duties[:3]]
    return Answer(
        text,
        as_language(lang),
        True,
        [ref(book, role.id, "primary", lang)],
        citations(book, quotes),
        0.95,
        "define",
        None,
    )


def compare(book: RoleBook, q: Query) -> Answer:
    lang, t = q.lang, templates(q.lang)
    roles = [book.roles[r] for r in q.roles[:4]]
    lines = []
    for role in roles:
        summary = role.summary_fi if lang == "fi" else role.summary_en
        lines.append(f"{role.name(lang)}: {summary}")
    rank = " > ".join(r.name(lang) for r in sorted(roles, key=lambda r: r.level))
    text = t["compare"].format(lines="\n".join(f"• {line}" for line in lines), rank=rank)
    quotes = [r.evidence for r in roles]
    for role in roles:
        duties = [d for d, o in book.responsibilities(role.id) if o.share == "primary"]
        if duties:
            quotes.append(next(o.evidence for o in duties[0].owners if o.role == role.id))
    refs = [ref(book, r.id, "primary", lang) for r in roles]
    return Answer(text, as_language(lang), True, refs, citations(book, quotes, limit=6), 0.9, "compare", None)


def subordinate(book: RoleBook, roles: list[str]) -> Role:
    """Of several named roles, the one whose manager is none of the others ("who supervises the sales
    managers and the VP?" asks about the VP's manager)."""
    named = set(roles)
    for r in roles:
        if not named.intersection(book.roles[r].reports_to):
            return book.roles[r]
    return book.roles[roles[0]]


def reports_to(book: RoleBook, q: Query, role: Role) -> Answer:
    lang, t = q.lang, templates(q.lang)
    bosses = [book.roles[r] for r in role.reports_to]
    # a named role is not its own answer, nor one the question says is absent ("if there is no CSO")
    left = [b for b in bosses if b.id not in q.subjects and b.id not in q.negated]
    bosses = left or bosses
    note = role.reports_to_note_fi if lang == "fi" else role.reports_to_note_en
    text = (
        t["reports_to"].format(
            role=role.name(lang), bosses=listed([b.name(lang) for b in bosses], lang, "or")
        )
        if bosses
        else t["reports_to_none"].format(role=role.name(lang))
    )
    if note:
        text += f" {note}"
    refs = [ref(book, b.id, "primary", lang) for b in bosses]
    return Answer(
        text,
        as_language(lang),
        True,
        refs,
        citations(book, [role.reports_to_evidence]),
        0.9,
        "reports_to",
        role.id,
    )


def reports_from(book: RoleBook, q: Query, role: Role) -> Answer:
    lang, t = q.lang, templates(q.lang)
    reports = [book.roles[r] for r in book.reports(role.id)]
    text = (
        t["reports_from"].format(role=role.name(lang), reports=", ".join(r.name(lang) for r in reports))
        if reports
        else t["reports_from_none"].format(role=role.name(lang))
    )
    refs = [ref(book, r.id, "primary", lang) for r in reports] or [ref(book, role.id, "primary", lang)]
    quotes = [r.reports_to_evidence for r in reports] or [role.evidence]
    return Answer(text, as_language(lang), True, refs, citations(book, quotes), 0.85, "reports_from", role.id)


def acronym(book: RoleBook, q: Query, role: Role) -> Answer:
    lang, t = q.lang, templates(q.lang)
    text = t["acronym"].format(acronym=role.acronym, expansion=role.expansion, name_fi=role.name_fi)
    return Answer(
        text,
        as_language(lang),
        True,
        [ref(book, role.id, "primary", lang)],
        citations(book, [role.evidence]),
        0.97,
        "acronym",
        role.id,
    )


def decline(corpus: Corpus, q: Query, *, confidence: float = 0.0, reason: str = "scope") -> Answer:
    lang = as_language(q.lang)
    t = templates(lang)
    names = ", ".join(r.name(lang) for r in corpus.book.roles.values() if r.level > 0)
    topic = corpus.uncovered.get(q.uncovered or "")
    if (reason == "uncovered" and topic is None) or f"decline_{reason}" not in t:
        reason = "scope"
    lead = t[f"decline_{reason}"].format(title=q.unknown_title, topic=getattr(topic, lang) if topic else "")
    text = f"{lead} {t['decline_offer'].format(names=names)}"
    return Answer(text, as_language(q.lang), False, [], [], round(confidence, 3), "out_of_scope", None)
