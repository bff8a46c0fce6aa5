"""The HNSW settings of every index collection, embedded or on a `chroma run` server.

Chroma's defaults (M 16, ef_construction 100, ef_search 100) returned only 0.60–0.74 of the true dense top-60 at
100,000 chunks of derived vectors, and 0.77 at 50,000 chunks of really embedded text (one question 0.00). These
were chosen from measurements on really embedded text (``python benchmarks/bench_scale.py --hnsw``,
docs/SCALE.md): recall@60 at or above 0.99 with the worst question's near 1, with the dense query's p50 well
under 15 ms (M 32 / ef_search 400, the first choice, gave 0.98 and a worst question of 0.30 at 50k). They are given to Chroma when a
version is created (the collection keeps them, so every process that opens it, embedded or through the server,
searches with them) and recorded in the index manifest; an index built with other settings is rebuilt by the next
``assistant index``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["HNSW", "configuration"]

HNSW: dict[str, Any] = {"space": "cosine", "max_neighbors": 64, "ef_construction": 400, "ef_search": 800}


def configuration(hnsw: dict[str, Any] | None = None) -> dict[str, Any]:
    """The ``configuration`` Chroma's ``create_collection`` takes for these settings."""
    return {"hnsw": dict(hnsw if hnsw is not None else HNSW)}
