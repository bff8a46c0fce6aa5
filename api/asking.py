"""The HTTP side of asking: conversation context in, one ``service.ask`` call, the turn stored, metrics.

Repeated history-free questions are served from a small LRU cache keyed by (whitespace-normalised question,
index collection): an answer depends only on those when there is no earlier turn.

``Asker.ask_within`` bounds the time an answer may take (``ASSISTANT_REQUEST_TIMEOUT_SECONDS``): the answer is
computed in a worker thread, and when it is late the request gets 504 while the thread is abandoned; an
abandoned answer stores nothing (no conversation turn the client never saw).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import anyio

from api.errors import ApiError
from api.metrics import Metrics
from assistant.types import Answer, Turn

if TYPE_CHECKING:  # the library's heavier modules load with the service, not with the app
    from assistant.phrasing import PhraseStream
    from assistant.search import Passage

__all__ = ["AnswerCache", "Asked", "Asker", "Conversations", "Service"]

HTTP_PREFIX = "http:"  # HTTP conversation ids are stored as http:<id> (Slack uses slack:...)


class Service(Protocol):
    """What the HTTP layer needs from ``assistant.service.AnswerService``."""

    @property
    def ready(self) -> bool: ...
    def load(self, *, build_if_missing: bool = False) -> None: ...
    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...
    def ask_traced(self, question: str, history: Sequence[Turn] = ()) -> tuple[Answer, str]: ...
    def roles(self) -> list[dict[str, Any]]: ...
    def role(self, role_id: str) -> dict[str, Any] | None: ...
    def ownership(self) -> list[dict[str, Any]]: ...
    def hierarchy(self) -> list[dict[str, Any]]: ...
    def passage(self, chunk_id: str) -> dict[str, Any] | None: ...
    def about(self) -> dict[str, Any]: ...
    def stats(self) -> dict[str, Any]: ...
    def search(self, query: str, k: int = 5) -> Sequence[Passage]: ...
    def phrase(self, question: str, answer: Answer) -> Answer: ...
    def phrase_stream(self, question: str, answer: Answer) -> PhraseStream | None: ...


class Conversations(Protocol):
    def new_id(self) -> str: ...
    def history(self, conversation_id: str) -> list[Turn]: ...
    def append(self, conversation_id: str, turn: Turn) -> None: ...


class AnswerCache:
    """A thread-safe LRU of answers to history-free questions."""

    def __init__(self, max_entries: int = 1024) -> None:
        self.max_entries = max_entries
        self._items: OrderedDict[tuple[str, str], Answer] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(question: str, context: str) -> tuple[str, str]:
        return " ".join(question.split()), context

    def get(self, key: tuple[str, str]) -> Answer | None:
        with self._lock:
            answer = self._items.get(key)
            if answer is not None:
                self._items.move_to_end(key)
            return answer

    def put(self, key: tuple[str, str], answer: Answer) -> None:
        if self.max_entries <= 0:
            return
        with self._lock:
            self._items[key] = answer
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True)
class Asked:
    answer: Answer
    conversation_id: str | None
    index: str = ""  # the index collection that produced the answer (the X-Index-Collection header)
    # streamed and an LLM phrases: its checked text, to pass through (``answer`` is then the grounded one; the
    # turn is stored by ``Asker.finish`` once the stream is read)
    stream: PhraseStream | None = None
    question: str = ""


class _Abandoned(Exception):
    """The request timed out before this answer was committed: store nothing."""


class _Attempt:
    """One answer computed in a thread, raced against the request's deadline: exactly one side wins."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = "running"
        self.done = threading.Event()
        self.result: Asked | None = None
        self.error: BaseException | None = None

    def commit(self) -> bool:
        """In the thread, before any side effect: False when the request has already given up."""
        with self._lock:
            if self._state == "abandoned":
                return False
            self._state = "committed"
            return True

    def abandon(self) -> bool:
        """On the event loop, at the deadline: False when the thread has already committed."""
        with self._lock:
            if self._state == "committed":
                return False
            self._state = "abandoned"
            return True


class Asker:
    def __init__(
        self,
        service: Service,
        conversations: Conversations,
        metrics: Metrics,
        cache: AnswerCache,
        timeout: float = 0.0,
    ) -> None:
        self.service = service
        self.conversations = conversations
        self.metrics = metrics
        self.cache = cache
        self.timeout = timeout  # seconds ask_within waits for an answer; 0 = no limit

    def ask(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        history: Sequence[Turn] | None = None,
        adapter: str = "chat",
        commit: Callable[[], bool] | None = None,
        stream: bool = False,
    ) -> Asked:
        """Answer ``question``. With ``history`` None, the stored conversation (a new one when no id) is the
        context; otherwise ``history`` is, and the turn is stored only when a conversation id is given.
        ``commit`` is asked once the answer is ready: False means nobody waits for it, so nothing is stored.
        With an LLM configured the answer is phrased (``service.phrase``), or with ``stream`` comes with a
        ``PhraseStream`` to read (``service.phrase_stream``; the turn is then stored by ``finish``)."""
        if history is None:
            if conversation_id is None:
                conversation_id = self.conversations.new_id()
                history = []
            else:
                history = self.conversations.history(HTTP_PREFIX + conversation_id)
        answer, index = self._answer(question, history)
        phrasing = self.service.phrase_stream(question, answer) if stream else None
        if phrasing is not None:
            answer = phrasing.grounded
        elif not stream:
            answer = self.service.phrase(question, answer)
        if commit is not None and not commit():
            raise _Abandoned
        if conversation_id is not None and phrasing is None:
            self.conversations.append(HTTP_PREFIX + conversation_id, Turn(question, answer))
        self.metrics.observe_answer(adapter, answer.answered)
        return Asked(answer, conversation_id, index, phrasing, question)

    def finish(self, asked: Asked) -> Answer:
        """After a phrased stream was read to its end: its final answer, stored as the conversation's turn."""
        answer = asked.stream.answer if asked.stream is not None else asked.answer
        if asked.stream is not None and asked.conversation_id is not None:
            self.conversations.append(HTTP_PREFIX + asked.conversation_id, Turn(asked.question, answer))
        return answer

    async def ask_within(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        history: Sequence[Turn] | None = None,
        adapter: str = "chat",
        stream: bool = False,
    ) -> Asked:
        """``ask`` in a worker thread, from async code; 504 ``timeout`` when not done in ``self.timeout``
        seconds. A late answer is abandoned: the thread finishes on its own and stores nothing."""
        seconds = self.timeout
        attempt = _Attempt()

        def work() -> None:
            try:
                attempt.result = self.ask(
                    question,
                    conversation_id=conversation_id,
                    history=history,
                    adapter=adapter,
                    commit=attempt.commit,
                    stream=stream,
                )
            except _Abandoned:
                pass
            except BaseException as exc:  # handed to the request, which re-raises it
                attempt.error = exc
            finally:
                attempt.done.set()

        try:
            with anyio.fail_after(seconds if seconds > 0 else None):
                await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        except TimeoutError:
            if attempt.abandon():
                raise ApiError(
                    504, "timeout", f"no answer within {seconds:g} s; the server is busy, retry later"
                ) from None
            await anyio.to_thread.run_sync(attempt.done.wait)  # committed: storing the turn, all but done
        if attempt.error is not None:
            raise attempt.error
        if attempt.result is None:
            raise RuntimeError("the answer thread ended without a result")
        return attempt.result

    def _answer(self, question: str, history: Sequence[Turn]) -> tuple[Answer, str]:
        """The answer and the collection that produced it (from the cache when that is the current one)."""
        if history:
            return self.service.ask_traced(question, history)
        current = str(self.service.stats().get("collection", ""))
        cached = self.cache.get(self.cache.key(question, current))
        if cached is not None:
            self.metrics.cache_hits.inc()
            return cached, current
        answer, index = self.service.ask_traced(question, history)
        self.cache.put(self.cache.key(question, index), answer)
        return answer, index
