"""Passage search: the source passages that best match a query, and the passages an answer cites.

The index holds more than the sources (duty phrasings, example questions, role summaries, uncovered topics);
none of those is ever shown as a source. A hit on a duty's or a role's document stands for the source
passages that document rests on (the evidence quotes of ``roles.yaml``), so "who owns marketing ROI?" finds
the CRO's passage although the question shares few words with it. Hits on uncovered topics stand for nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from assistant.types import Answer, Chunk

if (
    TYPE_CHECKING
):  # light to import (the HTTP app reads MAX_K): the corpus and retrieval come with the service
    from assistant.corpus import Corpus
    from assistant.retrieval import Retriever

__all__ = ["MAX_K", "Passage", "cited_passages", "passages_text", "search_passages"]

MAX_K = 50
WIDE_K = 100  # hits read to find k distinct passages


@dataclass(frozen=True)
class Passage:
    """One source passage: verbatim text, its section, the roles it is about, how well it matched, and the
    name of its source document."""

    chunk_id: str
    section: str
    text: str
    roles: tuple[str, ...]
    score: float
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["roles"] = list(self.roles)
        return data


def _evidence(corpus: Corpus, chunk: Chunk) -> list[str]:
    """The article passage ids a retrieved chunk stands for."""
    book = corpus.book
    if chunk.kind == "article":
        return [chunk.id]
    quotes: list[str] = []
    if chunk.kind == "duty" and chunk.duty in book.duties:
        quotes = book.evidence(chunk.duty)
    elif chunk.kind == "role" and chunk.roles and chunk.roles[0] in book.roles:
        quotes = [book.roles[chunk.roles[0]].evidence]
    return [book.passage_for(q).id for q in quotes]


def _passage(corpus: Corpus, chunk_id: str, score: float) -> Passage | None:
    chunk = corpus.chunk(chunk_id)
    if chunk is None or chunk.kind != "article":
        return None
    return Passage(
        chunk.id, chunk.section, chunk.text, chunk.roles, round(score, 5), corpus.source_of(chunk.id)
    )


def search_passages(corpus: Corpus, retriever: Retriever, query: str, k: int) -> list[Passage]:
    """The ``k`` best article passages for ``query``, best first; ``score`` is the fused (reciprocal-rank)
    score of the best hit standing for the passage. A search never declines: out-of-scope queries get the
    nearest passages too (the answer object says whether the article covers a question)."""
    k = max(1, min(k, MAX_K))
    found: dict[str, float] = {}
    for hit in retriever.search(query, WIDE_K):
        for chunk_id in _evidence(corpus, hit.chunk):
            found.setdefault(chunk_id, hit.score)
        if len(found) >= k:
            break
    passages = (_passage(corpus, cid, score) for cid, score in found.items())
    return [p for p in passages if p is not None][:k]


def cited_passages(corpus: Corpus, answer: Answer, k: int | None = None) -> list[Passage]:
    """The whole passages an answer cites, in citation order; ``score`` is the answer's confidence."""
    out: list[Passage] = []
    seen: set[str] = set()
    for citation in answer.citations:
        if citation.chunk_id in seen:
            continue
        seen.add(citation.chunk_id)
        passage = _passage(corpus, citation.chunk_id, answer.confidence)
        if passage is not None:
            out.append(passage)
    return out[:k] if k is not None else out


def passages_text(passages: Sequence[Passage]) -> str:
    """Numbered passages as plain text (for a prompt)."""
    return "\n".join(f"[{i}] {p.section}: {p.text}" for i, p in enumerate(passages, 1))
