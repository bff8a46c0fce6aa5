"""The OpenAI-compatible routes (``/v1/chat/completions``, ``/v1/models``): OpenAI's shapes, with the answer
object beside the text."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.openai_params import OpenAIParams
from api.schemas.answer import ANSWER_EXAMPLE, AnswerModel
from api.schemas.chat import MAX_HISTORY_TURNS

__all__ = [
    "MODEL_ID",
    "ChatCompletion",
    "ChatCompletionRequest",
    "ChatMessage",
    "CompletionChoice",
    "CompletionMessage",
    "ContentPart",
    "ModelCard",
    "ModelList",
    "Usage",
]

MODEL_ID = "role-assistant"


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None
    answer: AnswerModel | None = Field(
        default=None, description="The answer object, as returned on assistant messages; optional."
    )

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(p.text or "" for p in self.content if p.type == "text")
        return self.content or ""


class ChatCompletionRequest(OpenAIParams):
    """OpenAI's chat completion request; sampling fields (temperature, ...) are ignored, those the assistant
    cannot honour get 400 (``api.openai_params``)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {"model": MODEL_ID, "messages": [{"role": "user", "content": "who owns marketing ROI?"}]},
                {
                    "model": MODEL_ID,
                    "stream": True,
                    "messages": [
                        {"role": "user", "content": "who owns marketing ROI?"},
                        {"role": "assistant", "content": "The Chief Revenue Officer owns this ..."},
                        {"role": "user", "content": "who do they report to?"},
                    ],
                },
            ]
        },
    )
    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(min_length=1, max_length=2 * MAX_HISTORY_TURNS + 20)
    stream: bool = False


class CompletionMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str
    answer: AnswerModel


class CompletionChoice(BaseModel):
    index: int = 0
    message: CompletionMessage
    finish_reason: Literal["stop", "length"] = "stop"


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[CompletionChoice]
    usage: Usage
    answer: AnswerModel = Field(description="The answer object (also on the message).")
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "chatcmpl-3b9d0c1e5f7a4e8b",
                    "object": "chat.completion",
                    "created": 1767225600,
                    "model": MODEL_ID,
                    "choices": [
                        {
                            "index": 0,
                            "message": {
                                "role": "assistant",
                                "content": ANSWER_EXAMPLE["answer"] + "\n\nSources:\n[1] 2. Tulosjohtaja ...",
                                "answer": ANSWER_EXAMPLE,
                            },
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 4, "completion_tokens": 40, "total_tokens": 44},
                    "answer": ANSWER_EXAMPLE,
                }
            ]
        }
    )


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "object": "list",
                    "data": [
                        {
                            "id": MODEL_ID,
                            "object": "model",
                            "created": 1767225600,
                            "owned_by": "role-assistant",
                        }
                    ],
                }
            ]
        }
    )
