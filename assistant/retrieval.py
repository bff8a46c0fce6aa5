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


class HybridRetriever:
    """Dense hits from a Chroma collection fused (reciprocal rank) with BM25 hits."""

    def __init__(self, collection: Any, chunks: Sequence[Chunk], embeddings: Any, dense_k: int = 100) -> None:
        self.collection = collection
        self.embeddings = embeddings
        self.chunks = list(chunks)
        self.by_id = {c.id: c for c in self.chunks}
        self.lexical = LexicalIndex(self.chunks)
        self.dense_k = min(dense_k, len(self.chunks))

    def dense(self, question: str) -> dict[str, float]:
        vector = self.embeddings.embed_query(question)
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
