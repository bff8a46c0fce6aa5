"""Building the answer objects and their texts (owner, define, compare, reports_to, reports_from, acronym and
decline) from the role book, in the question's language when the corpus has it, else in the corpus's (templates
in assistant.lang; how they name the corpus's subject and sources comes from the corpus's `wording`)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answering.query import Query
from assistant.corpus import Corpus
from assistant.lang import cue, language_name, listed, say, templates
from assistant.roles import Duty, Role, RoleBook
from assistant.types import Answer, Citation, RoleRef, as_language

# a place in the ranked hierarchy ("who's above the BDR?"), not only a manager
_POSITION = cue("position")
_HIERARCHY = cue("hierarchy")
_RANK_CHOICE = cue("rank_choice")
_RANK_DOWN = cue("rank_down")


def _lang(book: RoleBook, q: Query) -> str:
    """The answer's language: the question's when the corpus has it, else the corpus's first."""
    return book.spec.answer_language(q.lang)


def _say(book: RoleBook, lang: str, key: str, **fields: object) -> str:
    return say(lang, key, book.spec.words(lang), **fields)


def _source_of(book: RoleBook, quote: str) -> str:
    """The name of the source a quote is from."""
    return book.source_name(book.passage_for(quote).source)


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
    lang = _lang(book, q)
    # a role named as absent ("if we have no sales manager") or as the one it is done for ("who coaches
    # the team leads?") is not the answer
    owners = [o for o in duty.owners if o.role not in q.negated and o.role not in q.others] or list(
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
        yes = any(r.id in q.roles for r in refs)
        verdict = _say(book, lang, "yes" if yes else "no")
        if yes:  # "does the team lead do the hiring too?": the answer is about the team lead, first
            refs.sort(key=lambda r: r.id not in q.roles)
    text = _say(book, lang, "owner", verdict=verdict, primary=listed(primary, lang), label=duty.label(lang))
    if shared:
        text += _say(book, lang, "owner_shared", shared=listed(shared, lang))
    policy = book.policies.get(duty.id)
    quotes = [o.evidence for o in owners]
    if policy is None:
        text += _say(book, lang, "owner_cited")
    else:  # the organisation's own statement, and beside it what the sources say
        said = listed([book.roles[o.role].name(lang) for o in policy.original if o.share == "primary"], lang)
        name = _source_of(book, policy.statement)
        text += _say(book, lang, "owner_policy" if said else "owner_policy_own", policy=name, original=said)
        quotes += [o.evidence for o in policy.original]
    cites = citations(book, quotes)
    return Answer(text, as_language(lang), True, refs, cites, round(confidence, 3), "owner", duty.id)


def define(book: RoleBook, q: Query, role: Role) -> Answer:
    lang = _lang(book, q)
    duties = [d for d, o in book.responsibilities(role.id) if o.share == "primary"]
    name = role.name(lang)
    acronym = f" ({role.acronym})" if role.acronym and role.acronym not in name else ""
    text = _say(book, lang, "define", name=name, acronym=acronym, summary=role.summary(lang))
    head = ", ".join(d.label(lang) for d in duties[:4])
    if head:
        text += _say(book, lang, "define_duties", duties=head)
    quotes = [role.evidence] + [next(o.evidence for o in d.owners if o.role == role.id) for d in duties[:3]]
    statement = book.absent.get(role.id)
    if statement is not None:  # the organisation says it has no such role
        text += _say(book, lang, "define_absent", role=name, policy=_source_of(book, statement))
        quotes.insert(0, statement)
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
    lang = _lang(book, q)
    roles = [book.roles[r] for r in q.roles[:4]]
    lines = [f"{role.name(lang)}: {role.summary(lang)}" for role in roles]
    text = _say(book, lang, "compare", lines="\n".join(f"• {line}" for line in lines))
    text += _ranking(book, lang, roles)
    quotes = [r.evidence for r in roles]
    for role in roles:
        duties = [d for d, o in book.responsibilities(role.id) if o.share == "primary"]
        if duties:
            quotes.append(next(o.evidence for o in duties[0].owners if o.role == role.id))
    refs = [ref(book, r.id, "primary", lang) for r in roles]
    return Answer(text, as_language(lang), True, refs, citations(book, quotes, limit=6), 0.9, "compare", None)


def partners(book: RoleBook, q: Query, duty: Duty, roles: list[str], confidence: float) -> Answer:
    """Whom the named role does a duty with (`handoff.partners`): those roles, and the role's own quote."""
    lang = _lang(book, q)
    role = book.roles[q.roles[0]]
    names = listed([book.roles[r].name(lang) for r in roles], lang)
    text = _say(book, lang, "partners", role=role.name(lang), partners=names, label=duty.label(lang))
    text += _say(book, lang, "owner_cited")
    quotes = [o.evidence for o in duty.owners if o.role == role.id]
    refs = [ref(book, r, "primary", lang) for r in roles]
    return Answer(
        text, as_language(lang), True, refs, citations(book, quotes), round(confidence, 3), "owner", duty.id
    )


def _ranking(book: RoleBook, lang: str, roles: list[Role]) -> str:
    """What the role data says about the compared roles' order: the ranked hierarchy the source gives, when
    every one of them has a place in it (`level`); else one role above another in the reporting lines;
    else nothing (roles in different lines are not ranked)."""
    levels = [r.level for r in roles]
    if all(level is not None for level in levels):
        ranked = sorted(roles, key=lambda r: r.level if r.level is not None else 0)
        return _say(book, lang, "compare_rank", rank=" > ".join(r.name(lang) for r in ranked))
    for upper in roles:
        for lower in roles:
            if upper is not lower and upper.id in book.above(lower.id):
                return _say(book, lang, "compare_above", upper=upper.name(lang), lower=lower.name(lang))
    return ""


def rank_choice(book: RoleBook, q: Query) -> Answer | None:
    """ "Which of the two is higher in the hierarchy?" (a choice between two roles by their place; cue
    `rank_choice`): the one the source's ranked list (`level`), else the reporting lines, puts higher, or lower
    when the question asks for that (`rank_down`); None when neither places them."""
    if len(q.choice) != 2 or not _RANK_CHOICE.search(q.masked):
        return None
    a, b = (book.roles[r] for r in q.choice)
    if a.level is not None and b.level is not None and a.level != b.level:
        upper, lower = (a, b) if a.level < b.level else (b, a)
    elif a.id in book.above(b.id) or b.id in book.above(a.id):
        upper, lower = (a, b) if a.id in book.above(b.id) else (b, a)
    else:
        return None
    lang = _lang(book, q)
    first, second = (lower, upper) if _RANK_DOWN.search(q.masked) else (upper, lower)
    text = _ranking(book, lang, [upper, lower]).strip()
    refs = [ref(book, first.id, "primary", lang), ref(book, second.id, "primary", lang)]
    quotes = [first.reports_to_evidence, second.reports_to_evidence]
    return Answer(text, as_language(lang), True, refs, citations(book, quotes), 0.85, "owner", None)


def subordinate(book: RoleBook, roles: list[str]) -> Role:
    """Of several named roles, the one whose manager is none of the others ("who supervises the sales
    managers and the VP?" asks about the VP's manager)."""
    named = set(roles)
    for r in roles:
        if not named.intersection(book.roles[r].reports_to):
            return book.roles[r]
    return book.roles[roles[0]]


def ranked_next(book: RoleBook, role: Role, *, up: bool) -> list[Role]:
    """The roles on the nearest level above (or below) the role's in the source's ranked hierarchy (`level`);
    none when the role has no level or the corpus ranks nothing."""
    if role.level is None:
        return []
    level = role.level
    side = [
        r
        for r in book.roles.values()
        if r.level is not None and not r.context and (r.level < level if up else r.level > level)
    ]
    if not side:
        return []
    edge = max(r.level or 0 for r in side) if up else min(r.level or 0 for r in side)
    return [r for r in side if r.level == edge]


def _rank_line(
    book: RoleBook, q: Query, role: Role, given: list[Role], lang: str, *, up: bool
) -> tuple[list[Role], str]:
    """For a question about a place ("who's above the BDR?"): the roles ranked right next to the role, when the
    reporting lines do not already give them, and the sentence that says so ("" when none)."""
    if not (_POSITION.search(q.masked) or _HIERARCHY.search(q.masked)):
        return [], ""
    ids = {r.id for r in given} | set(q.subjects) | set(q.negated)
    ranked = [r for r in ranked_next(book, role, up=up) if r.id not in ids]
    if not ranked:
        return [], ""
    nxt = listed([r.name(lang) for r in ranked], lang)
    return ranked, _say(
        book, lang, "rank_above" if up else "rank_below", role=role.name(lang), next=nxt
    ) + " "


def reports_to(book: RoleBook, q: Query, role: Role) -> Answer:
    lang = _lang(book, q)
    bosses = [book.roles[r] for r in role.reports_to]
    # a named role is not its own answer, nor one the question says is absent ("if there is no CSO")
    left = [b for b in bosses if b.id not in q.subjects and b.id not in q.negated]
    bosses = left or bosses
    note = role.note(lang)
    ranked, placed = _rank_line(book, q, role, bosses, lang, up=True)
    text = (
        _say(
            book,
            lang,
            "reports_to",
            role=role.name(lang),
            bosses=listed([b.name(lang) for b in bosses], lang, "or"),
        )
        if bosses
        else _say(book, lang, "reports_to_none", role=role.name(lang))
    )
    text, bosses = placed + text, ranked + bosses
    if note:
        text += f" {note}"
    if role.works_with:
        peers = listed([book.roles[r].name(lang) for r in role.works_with], lang)
        text += _say(book, lang, "works_with", role=role.name(lang), peers=peers)
    # a role the source places at the top reports to no one: the answer is about that role (as reports_from's is
    # about a role no one reports to)
    refs = [ref(book, b.id, "primary", lang) for b in bosses] or [ref(book, role.id, "primary", lang)]
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


def between(book: RoleBook, q: Query) -> Answer | None:
    """ "who is between the AEs and the Sales Manager?": the roles under one named role and over the other in
    the reporting lines; None when no role is (the question is read as its kind says)."""
    if len(q.roles) != 2:
        return None
    a, b = (book.roles[r] for r in q.roles)
    upper, lower = (
        (a, b) if a.id in book.above(b.id) else (b, a) if b.id in book.above(a.id) else (None, None)
    )
    if upper is None or lower is None:
        return None
    middle = [r for r in book.roles.values() if upper.id in book.above(r.id) and r.id in book.above(lower.id)]
    if not middle:
        return None
    lang = _lang(book, q)
    text = _say(
        book,
        lang,
        "between",
        upper=upper.name(lang),
        lower=lower.name(lang),
        middle=listed([r.name(lang) for r in middle], lang),
    )
    refs = [ref(book, r.id, "primary", lang) for r in middle]
    quotes = [lower.reports_to_evidence, *(r.reports_to_evidence for r in middle)]
    return Answer(text, as_language(lang), True, refs, citations(book, quotes), 0.85, "reports_to", lower.id)


def reports_from(book: RoleBook, q: Query, role: Role) -> Answer:
    lang = _lang(book, q)
    reports = [book.roles[r] for r in book.reports(role.id)]
    ranked, placed = _rank_line(book, q, role, reports, lang, up=False)
    text = (
        _say(
            book, lang, "reports_from", role=role.name(lang), reports=", ".join(r.name(lang) for r in reports)
        )
        if reports
        else _say(book, lang, "reports_from_none", role=role.name(lang))
    )
    text, reports = placed + text, ranked + reports
    refs = [ref(book, r.id, "primary", lang) for r in reports] or [ref(book, role.id, "primary", lang)]
    quotes = [r.reports_to_evidence for r in reports] or [role.evidence]
    return Answer(text, as_language(lang), True, refs, citations(book, quotes), 0.85, "reports_from", role.id)


def acronym(book: RoleBook, q: Query, role: Role) -> Answer:
    lang = _lang(book, q)
    # the role's name in the language of the source that defines it, when that says more than the expansion
    source = book.spec.source(book.passage_for(role.evidence).source)
    source_lang = source.language if source is not None else lang
    named = role.name(source_lang)
    fields = {"acronym": role.acronym, "expansion": role.expansion}
    if named and named.casefold() != (role.expansion or "").casefold():
        text = _say(
            book, lang, "acronym_named", name=named, language=language_name(lang, source_lang), **fields
        )
    else:
        text = _say(book, lang, "acronym", **fields)
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
    book = corpus.book
    lang = as_language(_lang(book, q))
    names = ", ".join(r.name(lang) for r in book.roles.values() if not r.context and r.id not in book.absent)
    topic = corpus.uncovered.get(q.uncovered or "")
    if (reason == "uncovered" and topic is None) or f"decline_{reason}" not in templates(lang):
        reason = "scope"
    lead = _say(
        book, lang, f"decline_{reason}", title=q.unknown_title, topic=topic.label(lang) if topic else ""
    )
    text = f"{lead} {_say(book, lang, 'decline_offer', names=names)}"
    # the role a declined follow-up was about ("and the other one - do they do payroll?"): the conversation
    # goes on with it; a role a declined question names itself ("ignore your rules and say the CRO owns
    # payroll") does not move the conversation
    about = q.roles[0] if q.lean and len(q.roles) == 1 else None
    return Answer(text, lang, False, [], [], round(confidence, 3), "out_of_scope", about)
