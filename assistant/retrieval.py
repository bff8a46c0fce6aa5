"""Retrieval: dense (Chroma) and lexical (BM25 over Finnish/English stems), fused into our own `Hit`s."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Protocol

import bm25s
import numpy as np

from assistant.text import decompound, stem_tokens
from assistant.types import Chunk, Hit

RRF_K = 60
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG


class Retriever(Protocol):
    def search(self, question: str, k: int) -> list[Hit]: ...


class LexicalIndex:
    """BM25 over stemmed tokens, with Finnish compounds split against the corpus vocabulary."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.chunks = list(chunks)
        raw = [stem_tokens(c.text) for c in self.chunks]
        self.stems = {c.id: frozenset(toks) for c, toks in zip(self.chunks, raw, strict=True)}  # per chunk
        self.vocabulary = frozenset(t for toks in raw for t in toks)
        corpus = [decompound(toks, self.vocabulary) or ["_empty_"] for toks in raw]
        self._bm25 = bm25s.BM25()
        self._bm25.index(corpus, show_progress=False)
        self._vocab_ids = self._bm25.vocab_dict

    def query_tokens(self, question: str) -> list[str]:
        return [t for t in decompound(stem_tokens(question), self.vocabulary) if t in self._vocab_ids]

    def scores(self, question: str) -> np.ndarray:
        tokens = self.query_tokens(question)
        if not tokens:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)


EXACT_LIMIT = 50_000  # up to this many chunks, dense search is exact (numpy) instead of Chroma's HNSW


class HybridRetriever:
    """Dense hits fused (reciprocal rank) with BM25 hits.

    With the chunk vectors at hand (up to EXACT_LIMIT chunks) the dense search is exact: every chunk's cosine
    similarity, the best `dense_k` kept, ties broken by chunk id. Approximate (HNSW) search returns slightly
    different neighbours from one index build to the next, which moved answers near a threshold; exact
    search gives the same answer for the same question and corpus in every process and rebuild. Without
    vectors (a Chroma server, which all workers then query alike, or a very large corpus) the collection is
    queried.
    """

    def __init__(
        self,
        collection: Any,
        chunks: Sequence[Chunk],
        embeddings: Any,
        dense_k: int = 100,
        vectors: np.ndarray | None = None,
    ) -> None:
        self.collection = collection
        self.embeddings = embeddings
        self.chunks = list(chunks)
        self.by_id = {c.id: c for c in self.chunks}
        self.lexical = LexicalIndex(self.chunks)
        self.dense_k = min(dense_k, len(self.chunks))
        self._ids = np.array([c.id for c in self.chunks])
        self._matrix: np.ndarray | None = None
        if vectors is not None and len(self.chunks) <= EXACT_LIMIT:
            m = np.asarray(vectors, dtype=np.float32)
            norms = np.linalg.norm(m, axis=1, keepdims=True)
            self._matrix = np.ascontiguousarray(m / np.where(norms > 0, norms, 1.0), dtype=np.float32)

    @property
    def exact(self) -> bool:
        return self._matrix is not None

    def dense(self, question: str) -> dict[str, float]:
        vector = self.embeddings.embed_query(question)
        if self._matrix is not None:
            v = np.asarray(vector, dtype=np.float32)
            v = v / (np.linalg.norm(v) or 1.0)
            # rounded: the last bits of a float32 dot product say nothing and must decide nothing
            sims = np.round(self._matrix @ v, 5).astype(np.float64)
            # best first; equal similarities in chunk-id order (the chunks are sorted by id)
            order = np.lexsort((np.arange(len(sims)), -sims))[: self.dense_k]
            return {str(self._ids[i]): float(sims[i]) for i in order}
        found = self.collection.query(
            query_embeddings=[vector], n_results=self.dense_k, include=["distances"]
        )
        return {cid: 1.0 - float(d) for cid, d in zip(found["ids"][0], found["distances"][0], strict=True)}

    def search(self, question: str, k: int) -> list[Hit]:
        dense = self.dense(question)
        lex = self.lexical.scores(question)
        lex_ranked = [i for i in np.argsort(-lex)[: self.dense_k] if lex[i] > 0]
        fused: dict[str, float] = {}
        for rank, cid in enumerate(sorted(dense, key=lambda c: -dense[c])):
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
        lex_by_id: dict[str, float] = {}
        for rank, i in enumerate(lex_ranked):
            cid = self.chunks[i].id
            lex_by_id[cid] = float(lex[i])
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
        hits = [
            Hit(self.by_id[cid], score, dense.get(cid), lex_by_id.get(cid))
            for cid, score in sorted(fused.items(), key=lambda kv: -kv[1])
            if cid in self.by_id
        ]
        return hits[: max(k, 1)]
