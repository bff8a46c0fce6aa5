"""Every chunk of a scaled corpus embedded with the real model (no derived vectors), kept in a folder so that the
HNSW measurements (``bench_scale.py --hnsw``) can be repeated without embedding again.

Run: python benchmarks/real_vectors.py --size 100000 --out /tmp/ra-real-vectors

The texts are the real corpus's chunks followed by ``scale_data``'s synthetic role documents (Finnish and English
sentences about made-up duties), the same for a seed. Embedding 100,000 of them takes tens of minutes on two CPUs,
so the work is saved in parts of ``PART`` vectors: an interrupted run goes on where it stopped. The first N rows
of a larger run are the vectors of size N.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import scale_data  # noqa: E402

PART = 2000
BATCH = 32


def texts_for(size: int, seed: int) -> tuple[list[str], int]:
    """The embedded texts of a corpus of ``size`` chunks: (texts, how many are real chunks)."""
    from assistant.config import Settings
    from assistant.corpus import load_corpus

    real = load_corpus(Settings().corpus_dir)
    synth = scale_data.generate(max(0, size - len(real.chunks)), seed)
    texts = [real.embed_texts[c.id] for c in real.chunks] + [s.chunk.text for s in synth]
    return texts[:size], len(real.chunks)


def embed(size: int, seed: int, out: Path) -> dict[str, float]:
    """Embed what is missing under ``out``; returns the throughput of this run."""
    from assistant.embeddings import E5Embeddings

    out.mkdir(parents=True, exist_ok=True)
    texts, n_real = texts_for(size, seed)
    model = E5Embeddings()
    done, seconds = 0, 0.0
    for start in range(0, len(texts), PART):
        part = out / f"part-{seed}-{start:07d}.npy"
        if part.exists():
            continue
        t = time.perf_counter()
        chunk = texts[start : start + PART]
        vectors = [
            v for i in range(0, len(chunk), BATCH) for v in model.embed_documents(chunk[i : i + BATCH])
        ]
        seconds += time.perf_counter() - t
        done += len(chunk)
        np.save(part, np.asarray(vectors, dtype=np.float32))
        print(f"[real-vectors] {start + len(chunk)}/{len(texts)} ({done / seconds:.1f} texts/s)", flush=True)
    meta = {"size": size, "seed": seed, "real_chunks": n_real, "model": model.model_id}
    if done:
        meta.update(embedded_now=done, seconds_now=round(seconds, 1), texts_per_s=round(done / seconds, 1))
    (out / f"meta-{seed}.json").write_text(json.dumps(meta, indent=2))
    return meta


def load(size: int, seed: int, folder: Path) -> np.ndarray:
    """The first ``size`` vectors (unit length), from the parts under ``folder``."""
    parts = sorted(folder.glob(f"part-{seed}-*.npy"))
    rows = np.concatenate([np.load(p) for p in parts]) if parts else np.empty((0, 0), dtype=np.float32)
    if len(rows) < size:
        raise SystemExit(f"{folder} holds {len(rows)} vectors; run benchmarks/real_vectors.py --size {size}")
    vectors = rows[:size].astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=scale_data.SEED)
    parser.add_argument("--out", type=Path, required=True)
    ns = parser.parse_args()
    print(json.dumps(embed(ns.size, ns.seed, ns.out)))


if __name__ == "__main__":
    main()
