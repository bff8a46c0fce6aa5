"""POST /v1/chat: the answer object plus a conversation id; ``"stream": true`` for Server-Sent Events."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse

from api.asking import Asked, Asker
from api.deps import ReadyAsker
from api.routes.common import INDEX_HEADER, errors, index_header
from api.routes.sse import EVENT_SCHEMA, SSE_HEADERS, event, pieces, stream
from api.schemas import ANSWER_EXAMPLE, ChatRequest, ChatResponse
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
        "within a conversation: send back the `conversation_id`, or send the prior turns yourself in "
        "`history`. With "
        '`"stream": true` the answer comes as Server-Sent Events: `start` (conversation id), `delta` (text '
        "pieces), `roles`, `citations`, then `done` (the whole answer object)."
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
        **errors(401, 413, 422, 429, 503, 504),
    },
)
async def chat(body: ChatRequest, asker: ReadyAsker, response: Response) -> Any:
    history = [t.to_turn() for t in body.history] if body.history is not None else None
    asked = await asker.ask_within(
        body.message, conversation_id=body.conversation_id, history=history, stream=body.stream
    )
    if body.stream:
        headers = {**SSE_HEADERS, INDEX_HEADER: asked.index}
        events = (
            stream(_events(_with_ids(asked.answer.to_dict(), asked.conversation_id, body.message)))
            if asked.stream is None
            else _phrased_events(asked, asker, body.message)
        )
        return StreamingResponse(events, media_type="text/event-stream", headers=headers)
    response.headers[INDEX_HEADER] = asked.index
    return _with_ids(asked.answer.to_dict(), asked.conversation_id, body.message)


def _with_ids(answer: dict[str, Any], cid: str | None, question: str) -> dict[str, Any]:
    """The answer object, its conversation id and (when the turn was stored) the answer id feedback names."""
    return {
        **answer,
        "conversation_id": cid,
        "answer_id": answer_id_for(cid, question, answer) if cid else None,
    }


def _events(answer: dict[str, Any]) -> list[str]:
    out = [event({"conversation_id": answer["conversation_id"]}, "start")]
    out += [event({"text": piece}, "delta") for piece in pieces(answer["answer"])]
    return out + _closing(answer)


def _closing(answer: dict[str, Any]) -> list[str]:
    return [
        event({"roles": answer["roles"]}, "roles"),
        event({"citations": answer["citations"]}, "citations"),
        event(answer, "done"),
    ]


def _phrased_events(asked: Asked, asker: Asker, question: str) -> Iterator[str]:
    """The LLM's checked text as it comes (a sync iterator: Starlette runs each step in a thread); when a
    reply fails its check after some of it was sent, ``replace`` carries the text to show instead."""
    assert asked.stream is not None
    yield event({"conversation_id": asked.conversation_id}, "start")
    for piece in asked.stream:
        yield event({"text": piece}, "delta")
    final = asker.finish(asked)
    if asked.stream.replaced:
        yield event({"text": final.answer}, "replace")
    yield from _closing(_with_ids(final.to_dict(), asked.conversation_id, question))
