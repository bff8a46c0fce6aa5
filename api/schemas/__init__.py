"""Request and response models of the HTTP API (they also make the OpenAPI document and its examples).

One module per part of the API: ``errors`` (the error body), ``answer`` (the answer object), ``chat``
(``POST /v1/chat``), ``reference`` (roles, ownership, passages, about: the library's
``assistant.reference_models`` with the OpenAPI examples added), ``health`` and ``openai`` (the OpenAI-compatible
routes). Every model is importable from ``api.schemas`` as well."""

from __future__ import annotations

from api.schemas.answer import ANSWER_EXAMPLE, AnswerModel, CitationModel, RoleRefModel
from api.schemas.chat import CONVERSATION_ID_PATTERN, MAX_HISTORY_TURNS, ChatRequest, ChatResponse, PriorTurn
from api.schemas.errors import ErrorBody, ErrorResponse
from api.schemas.health import HealthResponse, ReadyResponse
from api.schemas.openai import (
    MODEL_ID,
    ChatCompletion,
    ChatCompletionRequest,
    ChatMessage,
    CompletionChoice,
    CompletionMessage,
    ContentPart,
    ModelCard,
    ModelList,
    Usage,
)
from api.schemas.reference import (
    AboutResponse,
    ContextPassageModel,
    OwnershipResponse,
    PassageModel,
    RoleModel,
    RolesResponse,
)

__all__ = [
    "ANSWER_EXAMPLE",
    "CONVERSATION_ID_PATTERN",
    "MAX_HISTORY_TURNS",
    "MODEL_ID",
    "AboutResponse",
    "AnswerModel",
    "ChatCompletion",
    "ChatCompletionRequest",
    "ChatMessage",
    "ChatRequest",
    "ChatResponse",
    "CitationModel",
    "CompletionChoice",
    "CompletionMessage",
    "ContentPart",
    "ContextPassageModel",
    "ErrorBody",
    "ErrorResponse",
    "HealthResponse",
    "ModelCard",
    "ModelList",
    "OwnershipResponse",
    "PassageModel",
    "PriorTurn",
    "ReadyResponse",
    "RoleModel",
    "RoleRefModel",
    "RolesResponse",
    "Usage",
]
