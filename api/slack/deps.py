"""What the listeners are handed: the library calls they make (``Service``, ``Conversations``), the stores, who
the bot is (``Identity``), all in one ``SlackDeps``; and the conversation id of a Slack thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from api.slack.state import SlackState
from assistant.feedback import FeedbackStore
from assistant.types import Answer, Turn

if TYPE_CHECKING:
    from assistant.phrasing import PhraseStream
    from assistant.reference_models import About, HierarchyNode

__all__ = ["Conversations", "Identity", "Reply", "Service", "SlackDeps", "conversation_id"]

Reply = Callable[..., Any]


class Service(Protocol):
    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...
    def hierarchy(self) -> list[HierarchyNode]: ...
    def about(self) -> About: ...
    def phrase(self, question: str, answer: Answer) -> Answer: ...
    def phrase_stream(self, question: str, answer: Answer) -> PhraseStream | None: ...


class Conversations(Protocol):
    def history(self, conversation_id: str) -> list[Turn]: ...
    def append(self, conversation_id: str, turn: Turn) -> None: ...


class Identity:
    """Who the bot is (``auth.test``, asked once): its team and app. Events for another team or app — a
    misrouted or replayed delivery — are not answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[str, Any] | None = None

    def get(self, client: Any) -> dict[str, Any]:
        with self._lock:
            if self._known is None:
                result = client.auth_test()
                self._known = {k: result.get(k) for k in ("team_id", "app_id", "is_enterprise_install")}
            return self._known


@dataclass
class SlackDeps:
    service: Service
    conversations: Conversations
    feedback: FeedbackStore
    state: SlackState
    channels: frozenset[str] = frozenset()  # ASSISTANT_SLACK_CHANNELS: answered without a mention
    identity: Identity = field(default_factory=Identity)


def conversation_id(team: str | None, channel: str, thread: str) -> str:
    """``slack:<team>:<channel>:<thread_ts>``: one conversation per thread (or DM, or asker of /roles)."""
    return f"slack:{team or '-'}:{channel}:{thread}"
