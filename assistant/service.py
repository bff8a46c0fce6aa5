"""AnswerService: the one entry point every adapter calls. Wires corpus, embeddings, index and answerer."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from assistant import reference, selftest
from assistant.answering import Answerer
from assistant.config import Settings
from assistant.corpus import Corpus, load_corpus
from assistant.embeddings import make_embeddings
from assistant.errors import (
    AnswerCancelled,
    AssistantError,
    IndexCorrupt,
    IndexNotFound,
    IndexUnavailable,
    InvalidQuestion,
    SelfTestFailed,
)
from assistant.history import HistoryLimits, check_text, prepare
from assistant.passage_view import AROUND, passage_view
from assistant.phrasing import Phraser, PhraseStream
from assistant.retrieval import HybridRetriever
from assistant.search import Passage, cited_passages, search_passages
from assistant.selftest import SelfTest
from assistant.types import Answer, Chunk, Turn
from index.chroma import collection_vanished, server_unreachable
from index.chunks import chunk_from_record
from index.store import BuildReport, IndexStore, Manifest

Progress = Callable[[int, int], None]
log = logging.getLogger("assistant.service")


def _chroma_error(exc: BaseException) -> bool:
    """True for an error Chroma raised about the collection (a corrupt or unreadable index)."""
    from chromadb.errors import ChromaError

    return isinstance(exc, ChromaError)


def check_question(question: Any, max_chars: int) -> str:
    """The question, stripped; InvalidQuestion when it is not text, empty, or too long."""
    if not isinstance(question, str):
        raise InvalidQuestion("the question must be text")
    text = question.strip()
    if not text:
        raise InvalidQuestion("the question is empty")
    if len(text) > max_chars:
        raise InvalidQuestion(f"the question is {len(text)} characters long; the limit is {max_chars}")
    check_text(text)
    return text


class AnswerService:
    """Cheap to construct; `load()` (or the first `ask`) loads the model and opens the index."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._corpus: Corpus | None = None
        self._embeddings: Any = None
        self._answerer: Answerer | None = None
        self._manifest: Manifest | None = None
        self._store: IndexStore | None = None
        self._checked_at = 0.0
        self._problem: str | None = None
        self._problem_about = ""
        self._phraser: Phraser | None = None

    # ---- lifecycle --------------------------------------------------------------------------------
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

    @property
    def ready(self) -> bool:
        return self._answerer is not None

    @property
    def answerer(self) -> Answerer:
        """The loaded answering pipeline (for tools: training, analysis); `load()` first."""
        if self._answerer is None:
            raise RuntimeError("no index loaded: call load() first")
        return self._answerer

    @property
    def problem(self) -> str | None:
        """Why a newer index version could not be switched to (the loaded one still answers), or why the served
        collection failed; None when all is well. ``/readyz`` reports it."""
        return self._problem

    def _noted(self, problem: str | None, about: str = "") -> None:
        """Remember the index problem; logged once per thing it is ``about`` (the version that fails to open:
        Chroma words one fault in more than one way), and once when it is over."""
        about = about or (problem or "")
        if (problem is None) != (self._problem is None) or about != self._problem_about:
            if problem is not None:
                log.warning("index: %s", problem)
            elif self._problem is not None:
                log.info("index: the problem is over; serving %s", self._manifest and self._manifest.version)
        self._problem, self._problem_about = problem, about if problem is not None else ""

    def build_index(
        self,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        strict: bool = False,
        cache: Path | None = None,
    ) -> BuildReport:
        """Build or confirm the index (idempotent). A new index answers its self-test (questions made from the
        role data, `assistant.selftest`) before it is switched to; the report carries the result. A failed
        self-test is reported, not fatal, unless ``strict``: then the old index is kept (SelfTestFailed)."""
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
            self.corpus, self.embeddings, rebuild=rebuild, progress=progress, validate=validate, cache=cache
        )
        if self._answerer is not None and self._manifest != report.manifest:
            self.reload()
        return replace(report, self_test=results[0] if results else None)

    def _self_test(self, collection: Any) -> SelfTest:
        """The canonical questions of the corpus, asked of a freshly built collection."""
        chunks, vectors = self._chunks(collection, vectors=self._exact())
        answerer = self._make_answerer(HybridRetriever(collection, chunks, self.embeddings, vectors=vectors))
        return selftest.canonical(answerer)

    def load(self, *, build_if_missing: bool = False, progress: Progress | None = None) -> None:
        with self._lock:
            if self._answerer is not None:
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
            if replacing is not None and self._answerer is not replacing:
                return
            old_store, old_answerer, old_manifest = self._store, self._answerer, self._manifest
            try:
                self._open()
            except AssistantError:
                self._store, self._answerer, self._manifest = old_store, old_answerer, old_manifest
                raise
            if old_store is not None:
                old_store.release()
                if self._manifest is not None:
                    IndexStore(self.settings).drop_stale(
                        keep=self._manifest.version, previous=self._manifest.previous
                    )

    def _open(self) -> None:
        store = IndexStore(self.settings)
        collection, manifest = store.open(self.embeddings.model_id)
        try:
            chunks, vectors = self._chunks(collection, vectors=self._exact())
            retriever = HybridRetriever(collection, chunks, self.embeddings, vectors=vectors)
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
        self._answerer = self._make_answerer(retriever)
        self._manifest = manifest
        self._store = store
        self._checked_at = time.monotonic()

    def _make_answerer(self, retriever: HybridRetriever) -> Answerer:
        return Answerer(
            self.corpus,
            retriever,
            labelled_dir=self.settings.corpus_dir / "eval",
            models_dir=self.settings.data_dir / "models",
            reuse=self._answerer,
        )

    @staticmethod
    def _chunks(
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

    def _exact(self) -> bool:
        """Dense search in process over the chunk vectors (embedded index), or by the Chroma server (which
        then also tells a running service that its collection was dropped or the server is down)."""
        return not self.settings.chroma_url

    def _maybe_reload(self) -> None:
        """Switch to a newer index version another process built; requests in flight keep the old one.

        Should the new version be missing, corrupt or unreadable (or the manifest unreadable), the loaded version
        keeps answering: the problem is logged once and reported (``problem``, in ``/readyz``) until a later
        check finds a version that opens."""
        if time.monotonic() - self._checked_at < self.settings.reload_check_seconds:
            return
        self._checked_at = time.monotonic()
        serving = self._answerer
        current: Manifest | None = None
        try:
            current = IndexStore(self.settings).read_manifest()
            if current is None:
                raise IndexNotFound("the index manifest is gone; run `assistant index`")
            if self._manifest is not None and current.version != self._manifest.version:
                self.reload(replacing=serving)  # unless another thread has switched meanwhile
        except Exception as exc:  # keep serving what we have
            served = self._manifest.version if self._manifest is not None else "?"
            self._noted(
                f"{exc} (still answering from {served})", current.version if current else type(exc).__name__
            )
            return
        self._noted(None)

    def close(self) -> None:
        if self._store is not None:
            self._store.release()
        self._answerer = None

    # ---- questions --------------------------------------------------------------------------------
    def ask(
        self, question: str, history: Sequence[Turn] = (), *, cancelled: Callable[[], bool] | None = None
    ) -> Answer:
        """Answer one question, with earlier turns of the conversation as context."""
        return self.ask_traced(question, history, cancelled=cancelled)[0]

    def ask_traced(
        self, question: str, history: Sequence[Turn] = (), *, cancelled: Callable[[], bool] | None = None
    ) -> tuple[Answer, str]:
        """``ask``, and the name of the index collection that answered (what the HTTP API reports).

        The history is checked and bounded (``assistant.history``: InvalidQuestion for a lone surrogate or an
        answer naming an unknown role; at most ``history_reanswer_turns`` answerless turns answered again).
        ``cancelled`` is asked before each answer: True stops the work with AnswerCancelled.

        Should the index collection vanish mid-request (a reindex dropped it before this process switched),
        the index the manifest points at now is opened and the question answered again, once. An unreachable
        Chroma server is ``IndexUnavailable`` (HTTP 503)."""
        text = check_question(question, self.settings.max_question_chars)
        self._serving()
        for attempt in range(2):
            answerer = self._answerer
            assert answerer is not None
            try:
                turns = prepare(
                    history, self._history_limits(), answerer.book.roles, answerer.answer, cancelled
                )
                if cancelled is not None and cancelled():
                    raise AnswerCancelled("the caller stopped waiting")
                answer = answerer.answer(text, turns)  # English answers: with the quotes' renderings
                return self.corpus.translations.answer(answer), str(answerer.retriever.collection.name)
            except AssistantError:
                raise
            except Exception as exc:
                if server_unreachable(exc):
                    raise IndexUnavailable(
                        f"the Chroma server at {self.settings.chroma_url} cannot be reached ({exc}); retry shortly"
                    ) from exc
                if not collection_vanished(exc) and _chroma_error(exc):
                    self._noted(f"the index collection failed: {type(exc).__name__}: {exc}")
                    raise IndexCorrupt(
                        f"the index cannot be read ({type(exc).__name__}); run `assistant index --rebuild`"
                    ) from exc
                if attempt or not collection_vanished(exc):
                    raise
                log.warning("the index collection vanished (%s); opening the current one", exc)
                self.reload(replacing=answerer)
        raise AssertionError("unreachable")

    def _serving(self) -> Answerer:
        """The answerer, loaded (first use) or switched to a newer index version (reload check)."""
        if self._answerer is None:
            self.load()
        else:
            self._maybe_reload()
        assert self._answerer is not None
        return self._answerer

    # ---- passages and optional LLM phrasing (assistant.search, assistant.phrasing) -------------------
    def search(self, query: str, k: int = 5) -> list[Passage]:
        """The ``k`` article passages that best match ``query`` (raises InvalidQuestion like ``ask``)."""
        text = check_question(query, self.settings.max_question_chars)
        try:
            return search_passages(self.corpus, self._serving().retriever, text, k)
        except Exception as exc:
            if server_unreachable(exc):
                raise IndexUnavailable(f"the Chroma server cannot be reached ({exc}); retry shortly") from exc
            raise

    def cited(self, answer: Answer) -> list[Passage]:
        """The whole article passages ``answer`` cites."""
        return cited_passages(self.corpus, answer)

    def phrase(self, question: str, answer: Answer) -> Answer:
        """With an LLM configured (``ASSISTANT_LLM_*``), ``answer`` with its text written by the LLM, checked
        (else the template text stands); without one, ``answer`` itself. Never raises for the LLM's errors."""
        phraser = self._llm()
        return answer if phraser is None else phraser.phrase(question, answer, self.ask, self.cited)

    def phrase_stream(self, question: str, answer: Answer) -> PhraseStream | None:
        """``phrase`` as a stream of checked text pieces (the LLM is called when it is read); None without an
        LLM or for a declined answer."""
        phraser = self._llm()
        return None if phraser is None else phraser.stream(question, answer, self.ask, self.cited)

    def _llm(self) -> Phraser | None:
        if self._phraser is None and self.settings.llm_enabled:
            self._phraser = Phraser.from_settings(self.settings, self.corpus.book)
        return self._phraser

    def _history_limits(self) -> HistoryLimits:
        s = self.settings
        return HistoryLimits(
            s.conversation_turns, s.max_question_chars, s.history_reanswer_turns, s.history_reanswer_chars
        )

    # ---- reference data (assistant.reference) ------------------------------------------------------
    def roles(self) -> list[dict[str, Any]]:
        return reference.roles(self.corpus)

    def role(self, role_id: str) -> dict[str, Any] | None:
        return reference.role(self.corpus, role_id)

    def ownership(self) -> list[dict[str, Any]]:
        return reference.ownership(self.corpus)

    def hierarchy(self) -> list[dict[str, Any]]:
        """The reporting tree: each role under its first manager; roots have none."""
        return reference.hierarchy(self.corpus)

    def passage(self, chunk_id: str, around: int = AROUND) -> dict[str, Any] | None:
        """A passage, its English rendering and ``around`` neighbours of its section (assistant.passage_view)."""
        view = passage_view(self.corpus.article.passages, self.corpus.translations, chunk_id, around)
        if view is None:
            return None
        return {**view.to_dict(), "source": self.corpus.source_of(chunk_id)}

    def about(self) -> dict[str, Any]:
        """What the corpus is about: name, languages, sources, roles, example questions, a summary per language."""
        return reference.about(self.corpus)

    def stats(self) -> dict[str, Any]:
        """The served index; a newer version another process built is switched to first (as ``ask`` does),
        so readiness probes and cached answers follow a reindex too."""
        if self._manifest is None:
            self.load()
        else:
            self._maybe_reload()
        assert self._manifest is not None
        m = self._manifest
        return {
            "chunks": m.count,
            "model": m.model,
            "dim": m.dim,
            "collection": m.collection,
            "corpus_hash": m.corpus_sha256,
        }
