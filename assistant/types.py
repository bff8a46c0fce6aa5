"""The data every interface shares: chunks, hits, citations, role references and the answer object.

``Chunk`` and ``Language`` are defined by the index (``index.chunks``, the lowest layer) and re-exported here."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from index.chunks import Chunk, Language

Share = Literal["primary", "shared"]
QuestionKind = Literal["owner", "define", "compare", "reports_to", "reports_from", "acronym", "out_of_scope"]


def as_language(code: str) -> Language:
    """ "fi" for Finnish, "en" for anything else (English is the fallback language)."""
    return "fi" if code == "fi" else "en"


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the ranks that produced it."""

    chunk: Chunk
    score: float
    dense: float | None = None
    lexical: float | None = None


@dataclass(frozen=True)
class Citation:
    """Verbatim evidence: a quote of a source passage, where it is, and (English answers) its English rendering."""

    chunk_id: str
    section: str
    quote: str
    source: str = ""  # the name of the source document the passage is from
    translation: str | None = None  # English rendering of the quote (corpus data), English answers only


@dataclass(frozen=True)
class RoleRef:
    id: str
    name: str
    share: Share = "primary"


@dataclass
class Answer:
    """The one answer object: every adapter renders or serialises this."""

    answer: str
    language: Language
    answered: bool
    roles: list[RoleRef] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    confidence: float = 0.0
    kind: QuestionKind = "out_of_scope"
    topic: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        return cls(
            answer=data["answer"],
            language=data["language"],
            answered=data["answered"],
            roles=[RoleRef(**r) for r in data.get("roles", [])],
            citations=[Citation(**c) for c in data.get("citations", [])],
            confidence=float(data.get("confidence", 0.0)),
            kind=data.get("kind", "out_of_scope"),
            topic=data.get("topic"),
        )


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a conversation; `answer` may be None when only the question is known."""

    question: str
    answer: Answer | None = None
