"""OpenAI-compatible POST /v1/chat/completions and GET /v1/models over the same ``ask`` call.

The answer text (with its sources appended) is the assistant message; the answer object rides along in an
extra ``answer`` field (on the message and on the response, or on the last chunk when streaming). History
comes from ``messages``: a user message followed by an assistant message is one earlier turn.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Generator, Iterator
from contextlib import closing
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse

from api.asking import Asked
from api.deps import ReadyAsker
from api.errors import ApiError
from api.openai_params import check_supported, cut, token_limit, tokens
from api.routes.common import INDEX_HEADER, errors, index_header
from api.routes.sse import EVENT_SCHEMA, SSE_HEADERS, event, pieces
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
        "sampling parameters are ignored; `n` > 1, `tools`, `functions`, JSON `response_format` and "
        "`logprobs` get 400 (`type: invalid_request_error`, `param`) as from OpenAI; `max_tokens` cuts the "
        "content (`finish_reason: length`). With `stream: true`, chunks of `chat.completion.chunk` then "
        "`data: [DONE]`; the last choice chunk carries the answer object in `answer`; with "
        "`stream_options.include_usage` a final chunk has `usage` and no choices."
    ),
    responses={
        200: {
            "description": "A chat completion (or, streaming, an event stream of chunks).",
            "headers": index_header(),
            "content": {"text/event-stream": {"schema": EVENT_SCHEMA}},
        },
        **errors(400, 401, 413, 422, 429, 503, 504),
    },
)
async def chat_completions(body: ChatCompletionRequest, asker: ReadyAsker, response: Response) -> Any:
    check_supported(body, body.stream)
    question, history = _conversation(body.messages)
    asked = await asker.ask_within(question, history=history, adapter="openai", stream=body.stream)
    completion_id = "chatcmpl-" + uuid.uuid4().hex[:24]
    created = int(time.time())
    prompt_tokens = sum(tokens(m.text()) for m in body.messages)
    if body.stream:
        usage = bool(body.stream_options and body.stream_options.include_usage)
        chunks = _Chunks(completion_id, created, prompt_tokens, usage)
        events = chunks.events(asked, token_limit(body))
        headers = {**SSE_HEADERS, INDEX_HEADER: asked.index}
        return StreamingResponse(events, media_type="text/event-stream", headers=headers)
    response.headers[INDEX_HEADER] = asked.index
    answer = asked.answer
    data = answer.to_dict()
    full = render_content(answer)
    content = cut(full, token_limit(body))
    completion_tokens = tokens(content)
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": MODEL_ID,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "answer": data},
                "finish_reason": "stop" if content == full else "length",
            }
        ],
        "usage": _usage(prompt_tokens, completion_tokens),
        "answer": data,
    }


def _usage(prompt_tokens: int, completion_tokens: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


def render_sources(answer: Answer) -> str:
    """The numbered sources (section, quote, chunk id; an English answer's renderings of the quotes below them)
    under a heading, after a blank line; "" without any."""
    if not answer.citations:
        return ""
    sources = [
        f"[{i}] {c.section}: “{c.quote}” ({c.chunk_id})"
        + (f"\n    English translation: “{c.translation}”" if c.translation else "")
        for i, c in enumerate(answer.citations, 1)
    ]
    heading = "Lähteet" if answer.language == "fi" else "Sources"
    return f"\n\n{heading}:\n" + "\n".join(sources)


def render_content(answer: Answer) -> str:
    """The answer text followed by its numbered sources."""
    return answer.answer + render_sources(answer)


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


class _Chunks:
    """The ``chat.completion.chunk`` events of one streamed completion."""

    def __init__(self, completion_id: str, created: int, prompt_tokens: int, usage: bool) -> None:
        self.head = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL_ID,
        }
        self.prompt_tokens = prompt_tokens
        self.usage = usage  # stream_options.include_usage: `usage` null on every chunk, then a usage chunk

    def chunk(self, delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        usage = {"usage": None} if self.usage else {}
        return event({**self.head, "choices": [choice], **usage, **extra})

    def events(self, asked: Asked, limit: int | None) -> Iterator[str]:
        """A sync iterator (Starlette runs each step in a thread): the LLM's checked text as it comes, when
        one phrases the answer; the answer text in pieces otherwise; then the sources; cut at ``limit``."""
        yield self.chunk({"role": "assistant", "content": ""})
        sent, finish = "", "stop"
        with closing(_content(asked)) as content:
            for piece in content:
                allowed = cut(sent + piece, limit)
                if len(allowed) < len(sent) + len(piece):  # over max_tokens: the rest is not sent
                    if len(allowed) > len(sent):
                        yield self.chunk({"content": allowed[len(sent) :]})
                    sent, finish = allowed, "length"
                    break
                yield self.chunk({"content": piece})
                sent += piece
        final = asked.stream.answer if asked.stream is not None else asked.answer
        yield self.chunk({}, finish, answer=final.to_dict())
        if self.usage:
            yield event({**self.head, "choices": [], "usage": _usage(self.prompt_tokens, tokens(sent))})
        yield event("[DONE]")


def _content(asked: Asked) -> Generator[str, None, None]:
    """The message content in pieces. A phrased reply that failed its check after some of it was sent is
    followed by the template text (a stream cannot withdraw what it sent)."""
    stream = asked.stream
    if stream is None:
        yield from pieces(asked.answer.answer)
        final = asked.answer
    else:
        yield from stream
        if stream.replaced:
            yield "\n\n" + stream.answer.answer
        final = stream.answer
    sources = render_sources(final)
    if sources:
        yield from pieces(sources)
