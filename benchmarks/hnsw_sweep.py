"""HNSW settings measured on really embedded text: recall of Chroma's approximate dense top-k against the exact
one, and the dense query's latency, for each (M, ef_construction) build and each ef_search, embedded and through a
`chroma run` server. Run through ``python benchmarks/bench_scale.py --hnsw [options]`` (docs/SCALE.md).

Vectors: every chunk embedded with the real model (``benchmarks/real_vectors.py``; nothing derived), the first N
of them for size N. Queries: eval questions embedded as queries, the same set on every run. Truth: exact cosine
top-k by numpy over the same vectors. Each query asks Chroma for ``--served-k`` (100: what the service's dense
search asks for) and recall@k counts the exact top-k found among the first k returned.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import real_vectors  # noqa: E402

DEFAULT_BUILDS = "16:100:100,16:100:400,32:200:100,32:200:200,32:200:400"


def log(msg: str) -> None:
    print(f"[hnsw {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


TIE = (
    1e-4  # cosine: a returned chunk at most this much less similar than the k-th true neighbour counts as one
)


def exact_top(vectors: np.ndarray, queries: np.ndarray, k: int) -> tuple[list[set[int]], np.ndarray]:
    """The exact top-k ids of each query, and the k-th best similarity (for the tie-aware recall)."""
    sims = queries @ vectors.T
    top = np.argpartition(-sims, k, axis=1)[:, :k]
    kth = np.take_along_axis(sims, top, axis=1).min(axis=1)
    return [set(map(int, row)) for row in top], kth


def measure(
    client: Any, vectors: np.ndarray, queries: np.ndarray, truth: tuple[list[set[int]], np.ndarray],
    build: tuple[int, int, int], k: int, served_k: int,
) -> dict[str, Any]:  # fmt: skip
    """Build one collection with (M, ef_construction, ef_search) and query it. ef_search is given at creation:
    changing it later (``collection.modify``) does not reach an index already loaded (measured: no change)."""
    from index.hnsw import configuration

    m, ef_construction, ef = build
    name = "hnsw-" + uuid.uuid4().hex[:10]
    hnsw = {"space": "cosine", "max_neighbors": m, "ef_construction": ef_construction, "ef_search": ef}
    collection = client.create_collection(name, configuration=configuration(hnsw), embedding_function=None)
    started = time.perf_counter()
    for i in range(0, len(vectors), 1000):
        part = vectors[i : i + 1000]
        collection.add(ids=[str(j) for j in range(i, i + len(part))], embeddings=part.tolist())
    build_s = time.perf_counter() - started
    for q in queries[:5]:  # warm-up
        collection.query(query_embeddings=[q.tolist()], n_results=served_k, include=["distances"])
    seconds, found, close = [], [], []
    for q, kth in zip(queries, truth[1], strict=True):
        t = time.perf_counter()
        result = collection.query(query_embeddings=[q.tolist()], n_results=served_k, include=["distances"])
        seconds.append(time.perf_counter() - t)
        found.append({int(i) for i in result["ids"][0][:k]})
        close.append(sum(1.0 - d >= kth - TIE for d in result["distances"][0][:k]) / k)
    shares = [len(f & t) / k for f, t in zip(found, truth[0], strict=True)]
    ms = sorted(s * 1000 for s in seconds)
    row = {
        "size": len(vectors), "M": m, "ef_construction": ef_construction, "ef_search": ef,
        "build_s": round(build_s, 1), f"recall@{k}": round(float(np.mean(shares)), 4),
        "worst_query_recall": round(min(shares), 3), f"tie_recall@{k}": round(float(np.mean(close)), 4),
        "dense_p50_ms": round(ms[len(ms) // 2], 2), "dense_p95_ms": round(ms[int(len(ms) * 0.95)], 2),
    }  # fmt: skip
    log(json.dumps(row))
    client.delete_collection(name)
    return row


def query_vectors(n: int) -> np.ndarray:
    from bench_scale import load_questions

    from assistant.embeddings import E5Embeddings

    model = E5Embeddings()
    vectors = np.asarray([model.embed_query(q) for q in load_questions(n)], dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def run(ns: argparse.Namespace) -> list[dict[str, Any]]:
    import chromadb
    from bench_scale import ChromaServer

    builds = [tuple(int(x) for x in b.split(":")) for b in ns.builds.split(",")]
    queries = query_vectors(ns.queries)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="hnsw-sweep-") as tmp:
        for mode in ns.modes.split(","):
            server = ChromaServer(Path(tmp) / f"server-{mode}") if mode == "server" else None
            if server is not None:
                server.start()
                host, port = "127.0.0.1", server.port
                client: Any = chromadb.HttpClient(host=host, port=port)
            else:
                client = chromadb.PersistentClient(path=str(Path(tmp) / "embedded"))
            try:
                for size in (int(s) for s in ns.sizes.split(",")):
                    vectors = real_vectors.load(size, ns.seed, ns.vectors)
                    truth = exact_top(vectors, queries, ns.k)
                    for build in builds:
                        log(f"{mode} {size}: M, ef_construction, ef_search {build} ...")
                        row = measure(client, vectors, queries, truth, build, ns.k, ns.served_k)  # type: ignore[arg-type]
                        rows.append({"mode": mode, **row})
            finally:
                if server is not None:
                    server.stop()
    return rows


def table(rows: list[dict[str, Any]], k: int) -> str:
    lines = [
        f"| size | mode | M | ef_construction | ef_search | build s | recall@{k} | worst query | with ties | dense p50 / p95 ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['size']:,} | {r['mode']} | {r['M']} | {r['ef_construction']} | {r['ef_search']} | {r['build_s']} "
            f"| {r[f'recall@{k}']:.3f} | {r['worst_query_recall']:.2f} | {r.get(f'tie_recall@{k}', float('nan')):.3f} "
            f"| {r['dense_p50_ms']} / {r['dense_p95_ms']} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    import scale_data

    parser = argparse.ArgumentParser(prog="bench_scale.py --hnsw", description=__doc__)
    parser.add_argument("--vectors", type=Path, required=True, help="folder of benchmarks/real_vectors.py")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--modes", default="embedded,server")
    parser.add_argument(
        "--builds", default=DEFAULT_BUILDS, help="M:ef_construction:ef_search,... (default %(default)s)"
    )
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--k", type=int, default=60)
    parser.add_argument("--served-k", type=int, default=100)
    parser.add_argument("--seed", type=int, default=scale_data.SEED)
    parser.add_argument("--json", type=Path)
    ns = parser.parse_args(argv)
    rows = run(ns)
    print(table(rows, ns.k))
    if ns.json:
        ns.json.write_text(json.dumps(rows, indent=2))
