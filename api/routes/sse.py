"""Server-Sent Events framing and splitting an answer's text into streamed pieces."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterable
from typing import Any

__all__ = ["EVENT_SCHEMA", "SSE_HEADERS", "event", "pieces", "stream"]

SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
# OpenAPI schema of one event (what schemathesis validates each event against)
EVENT_SCHEMA = {
    "type": "object",
    "properties": {"event": {"type": "string"}, "data": {"type": "string", "description": "JSON, or [DONE]"}},
    "required": ["data"],
}
_PIECE = re.compile(r"\S+\s*|\s+")


def event(data: Any, name: str | None = None) -> str:
    """One SSE event; ``data`` is JSON-encoded unless it is already a string."""
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    head = f"event: {name}\n" if name else ""
    return head + "".join(f"data: {line}\n" for line in payload.split("\n")) + "\n"


def pieces(text: str, words: int = 3) -> list[str]:
    """The text in pieces of a few words each, whitespace kept, so that joining them gives it back."""
    tokens = _PIECE.findall(text)
    return ["".join(tokens[i : i + words]) for i in range(0, len(tokens), words)]


async def stream(events: Iterable[str]) -> AsyncIterator[str]:
    for item in events:
        yield item
