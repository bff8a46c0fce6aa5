"""POST /v1/chat: the answer object plus a conversation id; ``"stream": true`` for Server-Sent Events."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse

from api.asking import Asked
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
    asked = await asker.ask_within(body.message, conversation_id=body.conversation_id, history=history)
    answer = _with_ids(asked, body.message)
    if body.stream:
        headers = {**SSE_HEADERS, INDEX_HEADER: asked.index}
        return StreamingResponse(stream(_events(answer)), media_type="text/event-stream", headers=headers)
    response.headers[INDEX_HEADER] = asked.index
    return answer


def _with_ids(asked: Asked, question: str) -> dict[str, Any]:
    """The answer object, its conversation id and (when the turn was stored) the answer id feedback names."""
    answer = asked.answer.to_dict()
    cid = asked.conversation_id
    return {
        **answer,
        "conversation_id": cid,
        "answer_id": answer_id_for(cid, question, answer) if cid else None,
    }


def _events(answer: dict[str, Any]) -> list[str]:
    out = [event({"conversation_id": answer["conversation_id"]}, "start")]
    out += [event({"text": piece}, "delta") for piece in pieces(answer["answer"])]
    out.append(event({"roles": answer["roles"]}, "roles"))
    out.append(event({"citations": answer["citations"]}, "citations"))
    out.append(event(answer, "done"))
    return out
