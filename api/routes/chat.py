"""POST /v1/chat: the answer object plus a conversation id; ``"stream": true`` for Server-Sent Events."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio
from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse

from api.asking import Asked, Asker
from api.deps import Caller, ReadyAsker
from api.errors import status_for
from api.routes.common import INDEX_HEADER, errors, index_header
from api.routes.sse import EVENT_SCHEMA, SSE_HEADERS, event, pieces
from api.schemas import ANSWER_EXAMPLE, ChatRequest, ChatResponse
from assistant.errors import AssistantError
from assistant.feedback import answer_id_for

router = APIRouter(tags=["chat"])

_SSE_EXAMPLE = (
    'event: start\ndata: {"conversation_id": "9f1c2b7e4d3a4b5c8e6f7a8b9c0d1e2f"}\n\n'
    'event: delta\ndata: {"text": "The Chief Revenue "}\n\n'
    'event: delta\ndata: {"text": "Officer owns this: "}\n\n'
    "...\n\n"
    'event: roles\ndata: {"roles": [{"id": "cro", "name": "Chief Revenue Officer", "share": "primary"}]}\n\n'
    'event: citations\ndata: {"citations": [{"chunk_id": "a-1120bb4edc50", "section": "..", "quote": ".."}]}'
    "\n\n"
    'event: done\ndata: {"answer": "...", "conversation_id": "9f1c2b7e4d3a4b5c8e6f7a8b9c0d1e2f", ...}\n\n'
)


@router.post(
    "/v1/chat",
    response_model=ChatResponse,
    summary="Ask a question",
    description=(
        "Answers one question with the roles and the article passages that support it. Follow-ups work "
        "within a conversation: send back the `conversation_id` the server issued (it belongs to the API key "
        "that started it; an unknown, expired or foreign id is 404 `conversation_not_found`), or send the "
        "prior turns yourself in `history`. The turn is stored once the answer is delivered; when the data "
        "folder cannot be written a new conversation is answered without an id, a follow-up gets 507 / 503 "
        '`storage_unavailable`. With `"stream": true` the answer comes as Server-Sent Events: `start` '
        "(conversation id), `delta` (text pieces), `roles`, `citations`, then `done` (the whole answer object "
        "and the conversation id as stored: null when it could not be), or `error` instead of `done`."
    ),
    responses={
        200: {
            "description": "The answer object and the conversation id (or an event stream).",
            "headers": index_header(),
            "content": {
                "application/json": {
                    "example": {**ANSWER_EXAMPLE, "conversation_id": "9f1c2b7e4d3a4b5c8e6f7a8b"}
                },
                "text/event-stream": {"schema": EVENT_SCHEMA, "example": _SSE_EXAMPLE},
            },
        },
        **errors(401, 404, 413, 422, 429, 503, 504, 507),
    },
)
async def chat(
    body: ChatRequest, asker: ReadyAsker, owner: Caller, request: Request, response: Response
) -> Any:
    history = [t.to_turn() for t in body.history] if body.history is not None else None
    asked = await asker.ask_within(
        body.message, owner=owner, conversation_id=body.conversation_id, history=history, stream=body.stream
    )
    if body.stream:
        headers = {**SSE_HEADERS, INDEX_HEADER: asked.index}
        events = _events(asker, asked, request) if asked.stream is None else _phrased_events(asker, asked)
        return StreamingResponse(events, media_type="text/event-stream", headers=headers)
    asked = await asker.record(asked, request.is_disconnected)
    response.headers[INDEX_HEADER] = asked.index
    return _with_ids(asked.answer.to_dict(), asked.conversation_id, asked.question)


def _with_ids(answer: dict[str, Any], cid: str | None, question: str) -> dict[str, Any]:
    """The answer object, its conversation id and (when the turn was stored) the answer id feedback names."""
    return {
        **answer,
        "conversation_id": cid,
        "answer_id": answer_id_for(cid, question, answer) if cid else None,
    }


async def _events(asker: Asker, asked: Asked, request: Request) -> AsyncIterator[str]:
    """The answer as events; the turn is stored after the last piece went out, before `done`, and only if
    the client is still there (a client that went away mid-stream has nothing stored)."""
    answer = asked.answer.to_dict()
    yield event({"conversation_id": asked.conversation_id}, "start")
    for piece in pieces(answer["answer"]):
        yield event({"text": piece}, "delta")
        await anyio.lowlevel.checkpoint()  # lets a disconnect be noticed (and the stream cancelled)
    yield event({"roles": answer["roles"]}, "roles")
    yield event({"citations": answer["citations"]}, "citations")
    try:
        asked = await asker.record(asked, request.is_disconnected)
    except AssistantError as exc:
        yield event({"error": {"code": exc.code, "message": str(exc)}, "status": status_for(exc)}, "error")
        return
    yield event(_with_ids(answer, asked.conversation_id, asked.question), "done")


def _phrased_events(asker: Asker, asked: Asked) -> Iterator[str]:
    """The LLM's checked text as it comes (a sync iterator: Starlette runs each step in a thread); when a
    reply fails its check after some of it was sent, ``replace`` carries the text to show instead. The turn
    is stored once the reply is complete (``Asker.finish``)."""
    assert asked.stream is not None
    yield event({"conversation_id": asked.conversation_id}, "start")
    for piece in asked.stream:
        yield event({"text": piece}, "delta")
    final = asker.finish(asked)
    if asked.stream.replaced:
        yield event({"text": final.answer}, "replace")
    answer = final.to_dict()
    yield event({"roles": answer["roles"]}, "roles")
    yield event({"citations": answer["citations"]}, "citations")
    yield event(_with_ids(answer, asked.conversation_id, asked.question), "done")
