"""``RemoteService``: the library's ``ask`` (and the role hierarchy) over HTTP, from a running ``assistant serve``.

An embedded index is opened by one process at a time. While ``assistant serve`` holds it, ``assistant ask``,
``assistant chat`` and ``assistant slack`` can ask that server instead (``--server URL`` or
``ASSISTANT_SERVER_URL``, with ``ASSISTANT_SERVER_API_KEY`` when it has API keys); the answer object is the
same. The server's errors come back as the library's: 422 is ``InvalidQuestion``, the rest ``AssistantError``
with the server's message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import httpx

from assistant.errors import AssistantError, IndexUnavailable, InvalidQuestion
from assistant.reference_models import About, HierarchyNode
from assistant.types import Answer, Turn

__all__ = ["RemoteService"]


class RemoteService:
    """What the CLI and the Slack listeners need from ``AnswerService``, answered by a server over HTTP."""

    def __init__(self, url: str, api_key: str | None = None, *, timeout: float = 60.0) -> None:
        self.url = url.rstrip("/")
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(base_url=self.url, headers=headers, timeout=timeout)

    @property
    def ready(self) -> bool:
        return True

    def load(self, *, build_if_missing: bool = False) -> None:
        """Fail at once when the server is not there or not ready."""
        self._call("GET", "/readyz")

    def ask(
        self, question: str, history: Sequence[Turn] = (), *, cancelled: Callable[[], bool] | None = None
    ) -> Answer:
        turns = [
            {"question": t.question, "answer": t.answer.to_dict() if t.answer else None} for t in history
        ]
        data = self._call("POST", "/v1/chat", json={"message": question, "history": turns})
        data.pop("conversation_id", None)
        return Answer.from_dict(data)

    def hierarchy(self) -> list[HierarchyNode]:
        return [HierarchyNode.model_validate(node) for node in self._call("GET", "/v1/roles")["hierarchy"]]

    def about(self) -> About:
        """What the server's corpus is about (GET /v1/about): the Slack help names its roles and examples."""
        return About.model_validate(self._call("GET", "/v1/about"))

    def phrase(self, question: str, answer: Answer) -> Answer:
        """The server phrases its answers itself (when it has an LLM): nothing more to do here."""
        return answer

    def phrase_stream(self, question: str, answer: Answer) -> None:
        return None

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise IndexUnavailable(f"cannot reach the server at {self.url} ({exc})") from exc
        try:
            data = response.json()
        except ValueError:
            data = {}
        if response.status_code == 200 and isinstance(data, dict):
            return data
        error = data.get("error") if isinstance(data, dict) else None
        message = error.get("message") if isinstance(error, dict) else None
        message = f"the server at {self.url} says {response.status_code}: {message or response.text[:200]}"
        if response.status_code == 422:
            raise InvalidQuestion(message)
        raise AssistantError(message)
