"""The HTTP side of asking: conversation context in, one ``service.ask`` call, the turn stored, metrics.

Repeated history-free questions are served from a small LRU cache keyed by (whitespace-normalised question,
index collection): an answer depends only on those when there is no earlier turn.

Conversations belong to their caller: ids are issued by the server, and stored under the caller's API key
(``http:<owner>:<id>``; ``http:<id>`` when the API is open), so an id sent with another key is unknown (404).

``Asker.ask_within`` bounds the time an answer may take (``ASSISTANT_REQUEST_TIMEOUT_SECONDS``): the answer is
computed in a worker thread; when it is late the request gets 504, the thread is told to stop (it stops at its
next answer: ``cancelled``) and, until it has really ended, it still counts against the concurrency limit
(``InFlight``). ``Asker.record`` stores the turn only once the answer is delivered: not for a late answer, nor
for a client that has gone away. A conversation that cannot be stored (disk full, read-only folder) is
``StorageUnavailable``; a new one is then answered without being stored (``conversation_id`` null).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import anyio

from api.errors import ApiError
from api.limits import InFlight
from api.metrics import Metrics
from assistant.errors import AnswerCancelled, StorageUnavailable
from assistant.types import Answer, Turn

if TYPE_CHECKING:  # the library's heavier modules load with the service, not with the app
    from assistant.phrasing import PhraseStream
    from assistant.reference_models import About, HierarchyNode, OwnershipRow, PassageView, Role
    from assistant.search import Passage

__all__ = ["AnswerCache", "Asked", "Asker", "Conversations", "Service", "conversation_key"]

log = logging.getLogger("assistant.api")
HTTP_PREFIX = "http:"  # HTTP conversation ids are stored as http:[<owner>:]<id> (Slack uses slack:...)


def conversation_key(owner: str, conversation_id: str) -> str:
    """Where a caller's conversation is stored: its owner (a hash of the API key; "" for an open API) is part
    of the key, so no other key can reach it."""
    return f"{HTTP_PREFIX}{owner}:{conversation_id}" if owner else HTTP_PREFIX + conversation_id


class Service(Protocol):
    """What the HTTP layer needs from ``assistant.service.AnswerService``."""

    @property
    def ready(self) -> bool: ...
    def load(self, *, build_if_missing: bool = False) -> None: ...
    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...
    def ask_traced(
        self, question: str, history: Sequence[Turn] = (), *, cancelled: Callable[[], bool] | None = None
    ) -> tuple[Answer, str]: ...
    def roles(self) -> list[Role]: ...
    def role(self, role_id: str) -> Role | None: ...
    def ownership(self) -> list[OwnershipRow]: ...
    def hierarchy(self) -> list[HierarchyNode]: ...
    def passage(self, chunk_id: str, around: int = ...) -> PassageView | None: ...
    def about(self) -> About: ...
    def stats(self) -> dict[str, Any]: ...
    def search(self, query: str, k: int = 5) -> Sequence[Passage]: ...
    def phrase(self, question: str, answer: Answer) -> Answer: ...
    def phrase_stream(self, question: str, answer: Answer) -> PhraseStream | None: ...


class Conversations(Protocol):
    def new_id(self) -> str: ...
    def find(self, conversation_id: str) -> list[Turn] | None: ...
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
    question: str = ""
    key: str | None = None  # where the turn is to be stored; None: nothing to store (stateless)
    new: bool = False  # a conversation this request starts
    # streamed and an LLM phrases: its checked text, to pass through (``answer`` is then the grounded one; the
    # turn is stored by ``Asker.finish`` once the stream is read)
    stream: PhraseStream | None = None


class _Attempt:
    """One answer computed in a thread, raced against the request's deadline: exactly one side wins. An
    attempt abandoned while its thread runs counts in ``in_flight`` until the thread ends (one abandoned before
    its thread started — waiting for a worker thread — never runs)."""

    def __init__(self, in_flight: InFlight) -> None:
        self._lock = threading.Lock()
        self._state = "queued"  # -> running -> finished
        self._abandoned = False
        self._counted = False
        self._in_flight = in_flight
        self.done = threading.Event()
        self.result: tuple[Answer, str] | None = None
        self.phrasing: PhraseStream | None = None
        self.error: BaseException | None = None

    def cancelled(self) -> bool:
        """Asked by the thread between answers: True once the request has given up."""
        return self._abandoned

    def start(self) -> bool:
        """In the thread, first: False when the request gave up before the thread got to run."""
        with self._lock:
            if self._abandoned:
                return False
            self._state = "running"
            return True

    def finish(self) -> None:
        """In the thread, at its very end."""
        with self._lock:
            if self._counted:
                self._in_flight.orphan_done()
            self._state = "finished"
        self.done.set()

    def abandon(self) -> bool:
        """On the event loop, at the deadline: False when the thread has already finished."""
        with self._lock:
            if self._state == "finished":
                return False
            self._abandoned = True
            if self._state == "running":
                self._in_flight.orphan()
                self._counted = True
            return True


class Asker:
    def __init__(
        self,
        service: Service,
        conversations: Conversations,
        metrics: Metrics,
        cache: AnswerCache,
        timeout: float = 0.0,
        in_flight: InFlight | None = None,
    ) -> None:
        self.service = service
        self.conversations = conversations
        self.metrics = metrics
        self.cache = cache
        self.timeout = timeout  # seconds ask_within waits for an answer; 0 = no limit
        self.in_flight = in_flight if in_flight is not None else InFlight()

    def context(
        self, owner: str, conversation_id: str | None, history: Sequence[Turn] | None
    ) -> tuple[str | None, list[Turn], bool]:
        """(storage key, the turns to answer with, whether the conversation is new). With ``history`` the
        client's turns are the context (stored only under a ``conversation_id`` it sends); else the stored
        conversation, which must exist (404 ``conversation_not_found``), or a new one."""
        if conversation_id is None:
            if history is not None:
                return None, list(history), False
            return conversation_key(owner, self.conversations.new_id()), [], True
        key = conversation_key(owner, conversation_id)
        stored = self.conversations.find(key)
        if stored is None:
            raise ApiError(
                404,
                "conversation_not_found",
                "no such conversation for this API key (unknown, expired or evicted): omit conversation_id "
                "to start a new one",
            )
        return key, (list(history) if history is not None else stored), False

    async def ask_within(
        self,
        question: str,
        *,
        owner: str = "",
        conversation_id: str | None = None,
        history: Sequence[Turn] | None = None,
        adapter: str = "chat",
        stream: bool = False,
    ) -> Asked:
        """The answer, computed in a worker thread; 504 ``timeout`` when not done in ``self.timeout`` seconds
        (the thread is told to stop and counts in ``in_flight`` until it ends). Nothing is stored here: see
        ``record``. With an LLM configured the answer is phrased (``service.phrase``), or with ``stream`` comes
        with a ``PhraseStream`` to read (``service.phrase_stream``; the turn is then stored by ``finish``)."""
        key, turns, new = await anyio.to_thread.run_sync(self.context, owner, conversation_id, history)
        seconds = self.timeout
        attempt = _Attempt(self.in_flight)

        def work() -> None:
            if not attempt.start():
                attempt.finish()
                return
            try:
                answer, index = self._answer(question, turns, attempt.cancelled)
                phrasing = self.service.phrase_stream(question, answer) if stream else None
                if phrasing is not None:
                    answer = phrasing.grounded
                elif not stream and not attempt.cancelled():
                    answer = self.service.phrase(question, answer)
                attempt.result = (answer, index)
                attempt.phrasing = phrasing
            except AnswerCancelled:
                pass
            except BaseException as exc:  # handed to the request, which re-raises it
                attempt.error = exc
            finally:
                attempt.finish()

        try:
            with anyio.fail_after(seconds if seconds > 0 else None):
                await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        except TimeoutError:
            if attempt.abandon():
                raise ApiError(
                    504, "timeout", f"no answer within {seconds:g} s; the server is busy, retry later"
                ) from None
            await anyio.to_thread.run_sync(attempt.done.wait)  # finished just now: use it
        if attempt.error is not None:
            raise attempt.error
        if attempt.result is None:
            raise RuntimeError("the answer thread ended without a result")
        answer, index = attempt.result
        self.metrics.observe_answer(adapter, answer.answered)
        public_id = key.rsplit(":", 1)[-1] if key is not None else None
        return Asked(answer, public_id, index, question, key, new, attempt.phrasing)

    async def record(self, asked: Asked, disconnected: Callable[[], Awaitable[bool]] | None = None) -> Asked:
        """Store the turn, once the answer is about to be delivered; not when the client has gone away. A
        new conversation that cannot be stored is answered anyway, without an id; an existing one raises
        ``StorageUnavailable`` (507 / 503)."""
        if asked.key is None or asked.stream is not None:
            return asked  # nothing to store, or stored by ``finish`` once the phrased stream is read
        if disconnected is not None and await disconnected():
            log.info("client gone before its answer was delivered: the turn is not stored")
            return dataclasses.replace(asked, key=None)
        try:
            await anyio.to_thread.run_sync(
                self.conversations.append, asked.key, Turn(asked.question, asked.answer)
            )
        except StorageUnavailable as exc:
            if not asked.new:
                raise
            log.warning("answered without storing the new conversation: %s", exc)
            return dataclasses.replace(asked, conversation_id=None, key=None)
        return asked

    def finish(self, asked: Asked) -> Answer:
        """After a phrased stream was read to its end: its final answer, stored as the conversation's turn (a
        storage fault is logged: the client has its answer)."""
        answer = asked.stream.answer if asked.stream is not None else asked.answer
        if asked.stream is not None and asked.key is not None:
            try:
                self.conversations.append(asked.key, Turn(asked.question, answer))
            except StorageUnavailable as exc:
                log.warning("answered without storing the turn: %s", exc)
        return answer

    def _answer(
        self, question: str, history: Sequence[Turn], cancelled: Callable[[], bool]
    ) -> tuple[Answer, str]:
        """The answer and the collection that produced it (from the cache when that is the current one)."""
        if history:
            return self.service.ask_traced(question, history, cancelled=cancelled)
        current = str(self.service.stats().get("collection", ""))
        cached = self.cache.get(self.cache.key(question, current))
        if cached is not None:
            self.metrics.cache_hits.inc()
            return cached, current
        answer, index = self.service.ask_traced(question, history, cancelled=cancelled)
        self.cache.put(self.cache.key(question, index), answer)
        return answer, index
