"""The reference data every adapter shows: roles, who owns what, the reporting tree, a cited passage, and what the
corpus is about (its name, languages, sources and example questions, for help texts and the web page).

Typed models (``assistant.reference_models``; ``model_dump(mode="json")`` is what the HTTP API returns), made from
the loaded corpus; nothing here needs the index."""

from __future__ import annotations

from assistant.corpus import Corpus
from assistant.lang import say
from assistant.reference_models import (
    About,
    HierarchyNode,
    OwnershipRow,
    Responsibility,
    Role,
    RoleName,
    SourceInfo,
)
from assistant.types import Citation

__all__ = ["about", "default_examples", "hierarchy", "ownership", "role", "roles"]


def _citation(corpus: Corpus, quote: str) -> Citation:
    """A quote's citation, with its English rendering (corpus data)."""
    return corpus.translations.cite(corpus.book.cite(quote))


def roles(corpus: Corpus) -> list[Role]:
    return [_role(corpus, r.id) for r in corpus.book.ordered()]


def role(corpus: Corpus, role_id: str) -> Role | None:
    return _role(corpus, role_id) if role_id in corpus.book.roles else None


def _role(corpus: Corpus, role_id: str) -> Role:
    book = corpus.book
    found = book.roles[role_id]
    return Role(
        id=found.id,
        name=found.name_en,
        name_en=found.name_en,
        name_fi=found.name_fi,
        acronym=found.acronym,
        expansion=found.expansion,
        aliases=[a.rstrip("*") for a in found.aliases],
        level=found.level,
        context=found.context,
        reports_to=list(found.reports_to),
        works_with=list(found.works_with),
        reports_to_note=found.reports_to_note_en,
        summary_en=found.summary_en,
        summary_fi=found.summary_fi,
        absent=book.absent.get(found.id),  # the organisation's statement that it has no such role
        citations=[_citation(corpus, q) for q in (book.absent.get(found.id), found.evidence) if q],
        responsibilities=[
            Responsibility(
                duty=d.id, en=d.en, fi=d.fi, share=o.share, citations=[_citation(corpus, o.evidence)]
            )
            for d, o in book.responsibilities(found.id)
        ],
    )


def ownership(corpus: Corpus) -> list[OwnershipRow]:
    """Who owns what. A duty the organisation's own statement (overrides.yaml) gives new owners also says so:
    ``policy`` is the statement, ``source_primary`` / ``source_shared`` the owners the sources give it, and its
    citations are the statement's, then the sources' (both otherwise null and empty)."""
    book = corpus.book
    rows = []
    for d in book.duties.values():
        policy = book.policies.get(d.id)
        original = policy.original if policy is not None else ()
        quotes = [o.evidence for o in original if o.evidence not in {x.evidence for x in d.owners}]
        rows.append(
            OwnershipRow(
                duty=d.id,
                en=d.en,
                fi=d.fi,
                primary=d.primary,
                shared=d.shared,
                policy=policy.statement if policy is not None else None,
                source_primary=[o.role for o in original if o.share == "primary"],
                source_shared=[o.role for o in original if o.share == "shared"],
                citations=[_citation(corpus, q) for q in [*(o.evidence for o in d.owners), *quotes]],
            )
        )
    return rows


def hierarchy(corpus: Corpus) -> list[HierarchyNode]:
    """The reporting tree: each role under its first manager (its other managers and the roles it works with
    beside it); roots have none. Several roots are several trees."""
    book = corpus.book
    children: dict[str | None, list[str]] = {}
    for r in book.ordered():
        parent = r.reports_to[0] if r.reports_to else None
        children.setdefault(parent, []).append(r.id)

    def node(role_id: str) -> HierarchyNode:
        found = book.roles[role_id]
        return HierarchyNode(
            id=found.id,
            name=found.name_en,
            name_fi=found.name_fi,
            also_reports_to=list(found.reports_to[1:]),
            works_with=list(found.works_with),
            absent=found.id in book.absent,
            children=[node(c) for c in children.get(role_id, [])],
        )

    return [node(r) for r in children.get(None, [])]


def about(corpus: Corpus) -> About:
    """What the corpus is about, for help texts and the web page: its name, languages, sources, the roles it
    describes, example questions, and one sentence per language saying what the assistant answers."""
    spec = corpus.spec
    book = corpus.book
    described = [r for r in book.ordered() if not r.context and r.id not in book.absent]
    summary = {}
    for lang in spec.languages:
        names = ", ".join(r.name(lang) for r in described[:4]) + (", …" if len(described) > 4 else "")
        summary[lang] = say(lang, "about", spec.words(lang), names=names)
    return About(
        name=spec.name,
        languages=list(spec.languages),
        sources=[SourceInfo(id=s.id, name=s.name, language=s.language) for s in spec.sources],
        roles=[RoleName(id=r.id, name=r.name_en) for r in described],
        examples=list(spec.examples) or default_examples(corpus),
        summary=summary,
    )


def default_examples(corpus: Corpus) -> list[str]:
    """Example questions made from the role data, for a corpus that lists none of its own."""
    book = corpus.book
    lang = book.spec.primary
    described = [r for r in book.ordered() if not r.context]
    words = book.spec.words(lang)
    out = []
    duties = list(book.duties.values())
    if duties:
        out.append(say(lang, "example_owner", words, duty=duties[0].label(lang)))
    if described:
        out.append(say(lang, "example_define", words, role=described[0].name(lang)))
    if len(described) >= 2:
        out.append(say(lang, "example_compare", words, a=described[0].name(lang), b=described[1].name(lang)))
    managed = [r for r in described if r.reports_to]
    if managed:
        out.append(say(lang, "example_reports_to", words, role=managed[0].name(lang)))
    return out
