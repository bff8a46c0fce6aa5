"""OpenAI-compatible POST /v1/chat/completions and GET /v1/models over the same ``ask`` call.

The answer text (with its sources appended) is the assistant message; the answer object rides along in an
extra ``answer`` field (on the message and on the response, or on the last chunk when streaming). History
comes from ``messages``: a user message followed by an assistant message is one earlier turn.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse

from api.deps import ReadyAsker
from api.errors import ApiError
from api.routes.common import INDEX_HEADER, errors, index_header
from api.routes.sse import EVENT_SCHEMA, SSE_HEADERS, event, pieces, stream
from api.schemas import MODEL_ID, ChatCompletion, ChatCompletionRequest, ChatMessage, ModelList
from assistant.types import Answer, Turn

router = APIRouter(tags=["openai"])
_CREATED = int(time.time())


@router.get("/v1/models", response_model=ModelList, summary="The one model", responses=errors(401, 429, 503))
def models() -> Any:
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": _CREATED, "owned_by": MODEL_ID}],
    }


@router.post(
    "/v1/chat/completions",
    response_model=ChatCompletion,
    summary="OpenAI-compatible chat completion",
    description=(
        "Point the official `openai` client at `base_url=http://host:port/v1`. The last message must be the "
        "user's question; earlier user/assistant pairs are the conversation. `model` may be anything; "
        "sampling parameters are ignored. With `stream: true`, chunks of `chat.completion.chunk` then "
        "`data: [DONE]`; the last chunk carries the answer object in `answer`."
    ),
    responses={
        200: {
            "description": "A chat completion (or, streaming, an event stream of chunks).",
            "headers": index_header(),
            "content": {"text/event-stream": {"schema": EVENT_SCHEMA}},
        },
        **errors(401, 413, 422, 429, 503, 504),
    },
)
async def chat_completions(body: ChatCompletionRequest, asker: ReadyAsker, response: Response) -> Any:
    question, history = _conversation(body.messages)
    asked = await asker.ask_within(question, history=history, adapter="openai")
    answer = asked.answer
    completion_id = "chatcmpl-" + uuid.uuid4().hex[:24]
    created = int(time.time())
    content = render_content(answer)
    if body.stream:
        events = _chunks(completion_id, created, content, answer)
        headers = {**SSE_HEADERS, INDEX_HEADER: asked.index}
        return StreamingResponse(stream(events), media_type="text/event-stream", headers=headers)
    response.headers[INDEX_HEADER] = asked.index
    data = answer.to_dict()
    prompt_tokens = sum(len(m.text().split()) for m in body.messages)
    completion_tokens = len(content.split())
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": MODEL_ID,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "answer": data},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
        "answer": data,
    }


def render_content(answer: Answer) -> str:
    """The answer text followed by its numbered sources (section, quote, chunk id)."""
    if not answer.citations:
        return answer.answer
    sources = [f"[{i}] {c.section}: “{c.quote}” ({c.chunk_id})" for i, c in enumerate(answer.citations, 1)]
    heading = "Lähteet" if answer.language == "fi" else "Sources"
    return f"{answer.answer}\n\n{heading}:\n" + "\n".join(sources)


def _conversation(messages: list[ChatMessage]) -> tuple[str, list[Turn]]:
    """The last user message is the question; earlier user turns (and their answers, if sent) the history."""
    chat = [m for m in messages if m.role in ("user", "assistant")]
    if not chat or chat[-1].role != "user":
        raise ApiError(422, "invalid_request", "the last message must be the user's question")
    history: list[Turn] = []
    for message in chat[:-1]:
        if message.role == "user":
            history.append(Turn(message.text()))
        elif history and history[-1].answer is None and message.answer is not None:
            history[-1] = Turn(history[-1].question, message.answer.to_answer())
    return chat[-1].text(), history


def _chunks(completion_id: str, created: int, content: str, answer: Answer) -> list[str]:
    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        body = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID}
        return event({**body, "choices": [choice], **extra})

    out = [chunk({"role": "assistant", "content": ""})]
    out += [chunk({"content": piece}) for piece in pieces(content)]
    out.append(chunk({}, "stop", answer=answer.to_dict()))
    out.append(event("[DONE]"))
    return out
