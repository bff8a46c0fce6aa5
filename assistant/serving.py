"""The index a service answers from: built, opened, checked and switched to the version another process built.

:class:`ServedIndex` holds the corpus and the embeddings the index is built from, the index store, the manifest of
the version it opened and the answering pipeline made over that collection; `AnswerService` keeps one and asks it
for the answerer before every question.
Loading and switching happen one at a time (a lock); requests in flight keep the answerer they started with.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from assistant import selftest
from assistant.answering import Answerer
from assistant.config import Settings
from assistant.corpus import Corpus, load_corpus
from assistant.embeddings import make_embeddings
from assistant.errors import AssistantError, IndexCorrupt, IndexNotFound, IndexUnavailable, SelfTestFailed
from assistant.retrieval import HybridRetriever
from assistant.selftest import SelfTest
from assistant.types import Chunk
from index.chroma import server_unreachable
from index.chunks import chunk_from_record
from index.store import BuildReport, IndexStore, Manifest, Progress

__all__ = ["ServedIndex", "read_chunks"]

log = logging.getLogger("assistant.service")


def read_chunks(
    collection: Any, page: int = 5000, *, vectors: bool = True
) -> tuple[list[Chunk], np.ndarray | None]:
    """Every chunk of the collection (and its vector, when asked), sorted by chunk id so nothing depends on
    the order the store returns them in, read in pages (one read of over ~32k records fails in Chroma)."""
    include = ["documents", "metadatas", *(["embeddings"] if vectors else [])]
    rows: list[tuple[Chunk, Any]] = []
    offset = 0
    while True:
        records = collection.get(include=include, limit=page, offset=offset)
        embedded = records["embeddings"] if vectors else [None] * len(records["ids"])
        rows.extend(
            (chunk_from_record(cid, doc or "", meta or {}), vec)
            for cid, doc, meta, vec in zip(
                records["ids"], records["documents"], records["metadatas"], embedded, strict=True
            )
        )
        if len(records["ids"]) < page:
            break
        offset += page
    rows.sort(key=lambda row: row[0].id)
    matrix = np.asarray([vec for _, vec in rows], dtype=np.float32) if vectors else None
    return [chunk for chunk, _ in rows], matrix


class ServedIndex:
    """The served index version, the answerer over it, and what it is built from: the corpus and the embeddings
    (each loaded on first use). Nothing is opened until :meth:`load` (or :meth:`serving`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._corpus: Corpus | None = None
        self._embeddings: Any = None
        self._lock = threading.Lock()
        self.answerer: Answerer | None = None
        self.manifest: Manifest | None = None
        self._store: IndexStore | None = None
        self._checked_at = 0.0
        self.problem: str | None = None  # why a newer version could not be switched to (see AnswerService)
        self._problem_about = ""

    @property
    def corpus(self) -> Corpus:
        if self._corpus is None:
            self._corpus = load_corpus(self.settings.corpus_dir, examples=self.settings.examples)
        return self._corpus

    @property
    def embeddings(self) -> Any:
        if self._embeddings is None:
            self._embeddings = make_embeddings(self.settings)
        return self._embeddings

    def noted(self, problem: str | None, about: str = "") -> None:
        """Remember the index problem; logged once per thing it is ``about`` (the version that fails to open:
        Chroma words one fault in more than one way), and once when it is over."""
        about = about or (problem or "")
        if (problem is None) != (self.problem is None) or about != self._problem_about:
            if problem is not None:
                log.warning("index: %s", problem)
            elif self.problem is not None:
                log.info("index: the problem is over; serving %s", self.manifest and self.manifest.version)
        self.problem, self._problem_about = problem, about if problem is not None else ""

    # ---- building ---------------------------------------------------------------------------------
    def build(
        self,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        strict: bool = False,
        cache: Path | None = None,
    ) -> BuildReport:
        """Build or confirm the index (idempotent); see ``AnswerService.build_index``."""
        results: list[SelfTest] = []

        def validate(collection: Any, manifest: Manifest) -> None:
            test = self._self_test(collection)
            results.append(test)
            if strict and not test.passed:
                failed = "; ".join(f"{c.question} ({c.why})" for c in test.failed[:5])
                raise SelfTestFailed(
                    f"the new index {manifest.version} failed its self-test ({test.summary()}): {failed}; kept the "
                    "old one (`assistant check` says more; without --strict the build is switched to and reported)"
                )

        report = IndexStore(self.settings).build(
            self.corpus,
            self.embeddings,
            rebuild=rebuild,
            progress=progress,
            validate=validate,
            cache=cache,
        )
        if self.answerer is not None and self.manifest != report.manifest:
            self.reload()
        return replace(report, self_test=results[0] if results else None)

    def _self_test(self, collection: Any) -> SelfTest:
        """The canonical questions of the corpus, asked of a freshly built collection."""
        chunks, vectors = read_chunks(collection, vectors=self._exact())
        answerer = self._make_answerer(HybridRetriever(collection, chunks, self.embeddings, vectors=vectors))
        return selftest.canonical(answerer)

    # ---- opening and switching --------------------------------------------------------------------
    def load(self, *, build_if_missing: bool = False, progress: Progress | None = None) -> None:
        with self._lock:
            if self.answerer is not None:
                return
            try:
                self._open()
            except IndexNotFound:
                if not build_if_missing:
                    raise
                IndexStore(self.settings).build(self.corpus, self.embeddings, progress=progress)
                self._open()

    def reload(self, *, replacing: Answerer | None = None) -> None:
        """Open the index version the manifest points at now (after a reindex): new first, then swap.

        With ``replacing``, only if that answerer is still the one serving (another thread may have
        reloaded already)."""
        with self._lock:
            if replacing is not None and self.answerer is not replacing:
                return
            old_store, old_answerer, old_manifest = self._store, self.answerer, self.manifest
            try:
                self._open()
            except AssistantError:
                self._store, self.answerer, self.manifest = old_store, old_answerer, old_manifest
                raise
            if old_store is not None:
                old_store.release()
                if self.manifest is not None:
                    IndexStore(self.settings).drop_stale(
                        keep=self.manifest.version, previous=self.manifest.previous
                    )

    def _open(self) -> None:
        store = IndexStore(self.settings)
        embeddings = self.embeddings
        collection, manifest = store.open(embeddings.model_id)
        try:
            chunks, vectors = read_chunks(collection, vectors=self._exact())
            retriever = HybridRetriever(collection, chunks, embeddings, vectors=vectors)
        except Exception as exc:
            store.release()
            if server_unreachable(exc):
                raise IndexUnavailable(
                    f"cannot reach the Chroma server at {self.settings.chroma_url}: {exc}"
                ) from exc
            raise IndexCorrupt(
                f"the index {manifest.version} cannot be read ({type(exc).__name__}: {exc}); "
                "run `assistant index --rebuild`"
            ) from exc
        self.answerer = self._make_answerer(retriever)
        self.manifest = manifest
        self._store = store
        self._checked_at = time.monotonic()

    def _make_answerer(self, retriever: HybridRetriever) -> Answerer:
        return Answerer(
            self.corpus,
            retriever,
            labelled_dir=self.settings.corpus_dir / "eval",
            models_dir=self.settings.data_dir / "models",
            reuse=self.answerer,
        )

    def _exact(self) -> bool:
        """Dense search in process over the chunk vectors (embedded index), or by the Chroma server (which
        then also tells a running service that its collection was dropped or the server is down)."""
        return not self.settings.chroma_url

    def serving(self) -> Answerer:
        """The answerer, loaded (first use) or switched to a newer index version (reload check)."""
        if self.answerer is None:
            self.load()
        else:
            self._maybe_reload()
        assert self.answerer is not None
        return self.answerer

    def _maybe_reload(self) -> None:
        """Switch to a newer index version another process built; requests in flight keep the old one.

        Should the new version be missing, corrupt or unreadable (or the manifest unreadable), the loaded version
        keeps answering: the problem is logged once and reported (``problem``, in ``/readyz``) until a later
        check finds a version that opens."""
        if time.monotonic() - self._checked_at < self.settings.reload_check_seconds:
            return
        self._checked_at = time.monotonic()
        serving = self.answerer
        current: Manifest | None = None
        try:
            current = IndexStore(self.settings).read_manifest()
            if current is None:
                raise IndexNotFound("the index manifest is gone; run `assistant index`")
            if self.manifest is not None and current.version != self.manifest.version:
                self.reload(replacing=serving)  # unless another thread has switched meanwhile
        except Exception as exc:  # keep serving what we have
            served = self.manifest.version if self.manifest is not None else "?"
            self.noted(
                f"{exc} (still answering from {served})", current.version if current else type(exc).__name__
            )
            return
        self.noted(None)

    def close(self) -> None:
        if self._store is not None:
            self._store.release()
        self.answerer = None
