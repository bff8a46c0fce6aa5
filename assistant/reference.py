"""The reference data every adapter shows beside answers: roles, who owns what, the hierarchy, passages."""

from __future__ import annotations

from typing import Any

from assistant.corpus import Corpus

__all__ = ["hierarchy", "ownership", "role", "roles"]


def _citation(corpus: Corpus, quote: str) -> dict[str, str | None]:
    """A quote's citation, with its English rendering (corpus data)."""
    return corpus.translations.cite(corpus.book.cite(quote)).__dict__


def roles(corpus: Corpus) -> list[dict[str, Any]]:
    book = corpus.book
    return [role(corpus, r) or {} for r in sorted(book.roles, key=lambda r: book.roles[r].level)]


def role(corpus: Corpus, role_id: str) -> dict[str, Any] | None:
    book = corpus.book
    role = book.roles.get(role_id)
    if role is None:
        return None
    return {
        "id": role.id,
        "name": role.name_en,
        "name_en": role.name_en,
        "name_fi": role.name_fi,
        "acronym": role.acronym,
        "expansion": role.expansion,
        "aliases": [a.rstrip("*") for a in role.aliases],
        "level": role.level,
        "reports_to": list(role.reports_to),
        "reports_to_note": role.reports_to_note_en,
        "summary_en": role.summary_en,
        "summary_fi": role.summary_fi,
        "citations": [_citation(corpus, role.evidence)],
        "responsibilities": [
            {
                "duty": d.id,
                "en": d.en,
                "fi": d.fi,
                "share": o.share,
                "citations": [_citation(corpus, o.evidence)],
            }
            for d, o in book.responsibilities(role.id)
        ],
    }


def ownership(corpus: Corpus) -> list[dict[str, Any]]:
    return [
        {
            "duty": d.id,
            "en": d.en,
            "fi": d.fi,
            "primary": d.primary,
            "shared": d.shared,
            "citations": [_citation(corpus, o.evidence) for o in d.owners],
        }
        for d in corpus.book.duties.values()
    ]


def hierarchy(corpus: Corpus) -> list[dict[str, Any]]:
    """The reporting tree: each role under its first manager; roots have none."""
    book = corpus.book
    children: dict[str | None, list[str]] = {}
    for role in sorted(book.roles.values(), key=lambda r: r.level):
        parent = role.reports_to[0] if role.reports_to else None
        children.setdefault(parent, []).append(role.id)

    def node(role_id: str) -> dict[str, Any]:
        role = book.roles[role_id]
        return {
            "id": role.id,
            "name": role.name_en,
            "name_fi": role.name_fi,
            "also_reports_to": list(role.reports_to[1:]),
            "children": [node(c) for c in children.get(role_id, [])],
        }

    return [node(r) for r in children.get(None, [])]
