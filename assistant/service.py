"""AnswerService: the one entry point every adapter calls. Wires corpus, embeddings, index and answerer; the index
it answers from (built, opened, switched after a reindex) is ``assistant.serving.ServedIndex``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assistant import reference
from assistant.answering import Answerer
from assistant.config import Settings
from assistant.corpus import Corpus
from assistant.errors import (
    AnswerCancelled,
    AssistantError,
    IndexCorrupt,
    IndexUnavailable,
    InvalidQuestion,
)
from assistant.history import HistoryLimits, check_text, prepare
from assistant.passage_view import AROUND, passage_view
from assistant.phrasing import Phraser, PhraseStream
from assistant.reference_models import About, HierarchyNode, OwnershipRow, PassageView, Role
from assistant.search import Passage, cited_passages, search_passages
from assistant.serving import ServedIndex
from assistant.types import Answer, Turn
from index.chroma import collection_vanished, server_unreachable
from index.store import BuildReport, Progress

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
        self._index = ServedIndex(settings)
        self._phraser: Phraser | None = None

    # ---- lifecycle (the index: assistant.serving) -------------------------------------------------
    @property
    def corpus(self) -> Corpus:
        return self._index.corpus

    @property
    def embeddings(self) -> Any:
        return self._index.embeddings

    @property
    def ready(self) -> bool:
        return self._index.answerer is not None

    @property
    def answerer(self) -> Answerer:
        """The loaded answering pipeline (for tools: training, analysis); `load()` first."""
        if self._index.answerer is None:
            raise RuntimeError("no index loaded: call load() first")
        return self._index.answerer

    @property
    def problem(self) -> str | None:
        """Why a newer index version could not be switched to (the loaded one still answers), or why the served
        collection failed; None when all is well. ``/readyz`` reports it."""
        return self._index.problem

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
        self-test is reported, not fatal, unless ``strict``: then the old index is kept (SelfTestFailed).
        ``cache``: the embedding cache file (default: the one in the data folder)."""
        return self._index.build(rebuild=rebuild, progress=progress, strict=strict, cache=cache)

    def load(self, *, build_if_missing: bool = False, progress: Progress | None = None) -> None:
        """Load the model and open the index (IndexNotFound / IndexCorrupt / IndexMismatch); with
        ``build_if_missing``, build it first when there is none."""
        self._index.load(build_if_missing=build_if_missing, progress=progress)

    def reload(self, *, replacing: Answerer | None = None) -> None:
        """Open the index version the manifest points at now (after a reindex): new first, then swap.

        With ``replacing``, only if that answerer is still the one serving (another thread may have
        reloaded already)."""
        self._index.reload(replacing=replacing)

    def close(self) -> None:
        self._index.close()

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
        answerer = self._index.serving()
        for attempt in range(2):
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
                    self._index.noted(f"the index collection failed: {type(exc).__name__}: {exc}")
                    raise IndexCorrupt(
                        f"the index cannot be read ({type(exc).__name__}); run `assistant index --rebuild`"
                    ) from exc
                if attempt or not collection_vanished(exc):
                    raise
                log.warning("the index collection vanished (%s); opening the current one", exc)
                self.reload(replacing=answerer)
                answerer = self.answerer
        raise AssertionError("unreachable")

    # ---- passages and optional LLM phrasing (assistant.search, assistant.phrasing) -------------------
    def search(self, query: str, k: int = 5) -> list[Passage]:
        """The ``k`` article passages that best match ``query`` (raises InvalidQuestion like ``ask``)."""
        text = check_question(query, self.settings.max_question_chars)
        try:
            return search_passages(self.corpus, self._index.serving().retriever, text, k)
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

    # ---- reference data (assistant.reference; the models: assistant.reference_models) ----------------
    def roles(self) -> list[Role]:
        return reference.roles(self.corpus)

    def role(self, role_id: str) -> Role | None:
        return reference.role(self.corpus, role_id)

    def ownership(self) -> list[OwnershipRow]:
        return reference.ownership(self.corpus)

    def hierarchy(self) -> list[HierarchyNode]:
        """The reporting tree: each role under its first manager; roots have none."""
        return reference.hierarchy(self.corpus)

    def passage(self, chunk_id: str, around: int = AROUND) -> PassageView | None:
        """A passage, its English rendering and ``around`` neighbours of its section (assistant.passage_view)."""
        corpus = self.corpus
        return passage_view(
            corpus.article.passages, corpus.translations, chunk_id, around, source=corpus.source_of(chunk_id)
        )

    def about(self) -> About:
        """What the corpus is about: name, languages, sources, roles, example questions, a summary per language."""
        return reference.about(self.corpus)

    def stats(self) -> dict[str, Any]:
        """The served index; a newer version another process built is switched to first (as ``ask`` does),
        so readiness probes and cached answers follow a reindex too."""
        self._index.serving()
        m = self._index.manifest
        assert m is not None
        return {
            "chunks": m.count,
            "model": m.model,
            "dim": m.dim,
            "collection": m.collection,
            "corpus_hash": m.corpus_sha256,
        }
