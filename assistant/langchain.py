"""LangChain integration: a retriever over the source passages and a Runnable that answers.

```python
from assistant.langchain import RoleRetriever, answer_chain

docs = RoleRetriever.from_settings().invoke("who owns marketing ROI?")   # the passages the answer cites
answer = answer_chain().invoke("who owns marketing ROI?")                # the answer object
```

``RoleRetriever`` is a ``BaseRetriever``: ``mode="cited"`` (the default) returns the passages the assistant's
answer cites (none when it declines: the sources do not cover the question), ``mode="search"`` the ``k``
best-matching passages whatever the question. Each ``Document`` is a verbatim source passage with metadata
``chunk_id``, ``section``, ``roles`` (the role ids it is about), ``source`` (the name of its source document)
and ``score``.

``answer_chain()`` is a ``Runnable`` from a question (or ``{"question", "history"}``) to the answer object
(``assistant.types.Answer``), phrased by the configured LLM when ``ASSISTANT_LLM_*`` is set. Both load the
model and index on first use, not when built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda

from assistant.config import Settings
from assistant.search import Passage
from assistant.types import Answer, Turn

__all__ = ["RoleRetriever", "answer_chain", "to_document"]


def _service(settings: Settings | None) -> Any:
    from assistant.service import AnswerService

    return AnswerService(settings if settings is not None else Settings())


def to_document(passage: Passage) -> Document:
    """A passage as a LangChain ``Document`` (its id the chunk id)."""
    return Document(
        id=passage.chunk_id,
        page_content=passage.text,
        metadata={
            "chunk_id": passage.chunk_id,
            "section": passage.section,
            "roles": list(passage.roles),
            "source": passage.source,
            "score": passage.score,
        },
    )


class RoleRetriever(BaseRetriever):
    """Source passages for a question: those the answer cites (``mode="cited"``) or the best matches."""

    service: Any
    """An ``AnswerService`` (``from_settings`` builds one)."""
    k: int = 4
    """At most this many passages."""
    mode: Literal["cited", "search"] = "cited"

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **kwargs: Any) -> RoleRetriever:
        """A retriever over the index of ``settings`` (default: the ``ASSISTANT_*`` environment)."""
        return cls(service=_service(settings), **kwargs)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        if self.mode == "search":
            passages = self.service.search(query, self.k)
        else:
            passages = self.service.cited(self.service.ask(query))[: self.k]
        return [to_document(p) for p in passages]


def _history(turns: Sequence[Any]) -> list[Turn]:
    out = []
    for turn in turns:
        if isinstance(turn, Turn):
            out.append(turn)
        elif isinstance(turn, Mapping):
            answer = turn.get("answer")
            known = Answer.from_dict(dict(answer)) if isinstance(answer, Mapping) else answer
            out.append(Turn(str(turn["question"]), known))
        else:
            out.append(Turn(str(turn)))
    return out


def answer_chain(
    settings: Settings | None = None, *, service: Any = None, phrase: bool = True
) -> Runnable[Any, Answer]:
    """A Runnable: ``"question"`` or ``{"question": ..., "history": [Turn | {"question", "answer"}]}`` → the
    answer object. ``phrase=False`` keeps the template text even when an LLM is configured."""
    svc = service if service is not None else _service(settings)

    def answer(inputs: Any) -> Answer:
        if isinstance(inputs, Mapping):
            question = str(inputs.get("question", inputs.get("input", "")))
            history = _history(inputs.get("history") or ())
        else:
            question, history = str(inputs), []
        result: Answer = svc.ask(question, history)
        return svc.phrase(question, result) if phrase else result

    return RunnableLambda(answer, name="role_assistant")
