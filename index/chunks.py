"""What the index holds: the chunk (one indexed passage) and its record in a Chroma collection.

``assistant.types`` re-exports :class:`Chunk` and :data:`Language`: the library's public names are unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Chunk", "ChunkKind", "Language", "chunk_from_record", "chunk_metadata"]

Language = Literal["en", "fi"]
ChunkKind = Literal["article", "duty", "role", "uncovered"]


@dataclass(frozen=True)
class Chunk:
    """One indexed passage: article text (verbatim) or a role-data document."""

    id: str
    text: str
    section: str
    kind: ChunkKind
    roles: tuple[str, ...] = ()
    duty: str | None = None
    lang: Language = "fi"


def chunk_metadata(chunk: Chunk, key: str) -> dict[str, Any]:
    """The Chroma metadata of ``chunk``; ``key`` is the content hash of the text it was embedded from."""
    return {
        "kind": chunk.kind,
        "section": chunk.section,
        "roles": "," + ",".join(chunk.roles) + ",",
        "duty": chunk.duty or "",
        "lang": chunk.lang,
        "hash": key,
    }


def chunk_from_record(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    """The chunk a collection record (id, document, metadata) holds."""
    roles = tuple(r for r in str(meta.get("roles", "")).split(",") if r)
    return Chunk(
        id=chunk_id,
        text=text,
        section=str(meta.get("section", "")),
        kind=meta.get("kind", "article"),
        roles=roles,
        duty=str(meta.get("duty") or "") or None,
        lang=meta.get("lang", "fi"),
    )
