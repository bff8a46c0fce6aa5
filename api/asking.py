"""The HTTP side of asking: conversation context in, one ``service.ask`` call, the turn stored, metrics.

Repeated history-free questions are served from a small LRU cache keyed by (whitespace-normalised question,
index collection): an answer depends only on those when there is no earlier turn.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from api.metrics import Metrics
from assistant.types import Answer, Turn

__all__ = ["AnswerCache", "Asked", "Asker", "Conversations", "Service"]

HTTP_PREFIX = "http:"  # HTTP conversation ids are stored as http:<id> (Slack uses slack:...)


class Service(Protocol):
    """What the HTTP layer needs from ``assistant.service.AnswerService``."""

    @property
    def ready(self) -> bool: ...
    def load(self, *, build_if_missing: bool = False) -> None: ...
    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...
    def roles(self) -> list[dict[str, Any]]: ...
    def role(self, role_id: str) -> dict[str, Any] | None: ...
    def ownership(self) -> list[dict[str, Any]]: ...
    def hierarchy(self) -> list[dict[str, Any]]: ...
    def passage(self, chunk_id: str) -> dict[str, Any] | None: ...
    def stats(self) -> dict[str, Any]: ...


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


class Asker:
    def __init__(
        self, service: Service, conversations: Conversations, metrics: Metrics, cache: AnswerCache
    ) -> None:
        self.service = service
        self.conversations = conversations
        self.metrics = metrics
        self.cache = cache

    def ask(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        history: Sequence[Turn] | None = None,
        adapter: str = "chat",
    ) -> Asked:
        """Answer ``question``. With ``history`` None, the stored conversation (a new one when no id) is the
        context; otherwise ``history`` is, and the turn is stored only when a conversation id is given."""
        if history is None:
            if conversation_id is None:
                conversation_id = self.conversations.new_id()
                history = []
            else:
                history = self.conversations.history(HTTP_PREFIX + conversation_id)
        answer = self._answer(question, history)
        if conversation_id is not None:
            self.conversations.append(HTTP_PREFIX + conversation_id, Turn(question, answer))
        self.metrics.observe_answer(adapter, answer.answered)
        return Asked(answer, conversation_id)

    def _answer(self, question: str, history: Sequence[Turn]) -> Answer:
        if history:
            return self.service.ask(question, history)
        key = self.cache.key(question, str(self.service.stats().get("collection", "")))
        cached = self.cache.get(key)
        if cached is not None:
            self.metrics.cache_hits.inc()
            return cached
        answer = self.service.ask(question, history)
        self.cache.put(key, answer)
        return answer
