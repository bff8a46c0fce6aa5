"""OpenAPI descriptions of the error responses the routes share, and of the headers they send."""

from __future__ import annotations

from typing import Any

from api.schemas import ErrorResponse

__all__ = ["INDEX_HEADER", "errors", "index_header"]

INDEX_HEADER = "X-Index-Collection"

_DESCRIPTIONS = {
    400: (
        "unsupported_value",
        "An OpenAI parameter the assistant cannot honour (`n` > 1, `tools`, JSON `response_format`, ...): "
        "`type` is `invalid_request_error` and `param` names it.",
    ),
    401: (
        "unauthorized",
        "API keys are configured and the request has no valid `Authorization: Bearer` key.",
    ),
    404: (
        "not_found",
        "No such item (on /v1/chat: `conversation_not_found`, an unknown, expired or foreign id).",
    ),
    413: ("payload_too_large", "The request body is over the limit (ASSISTANT_MAX_BODY_BYTES)."),
    422: ("invalid_question", "Invalid input: malformed JSON, wrong types, empty or too long question."),
    429: (
        "rate_limited",
        "Over ASSISTANT_RATE_LIMIT_PER_MINUTE requests a minute for this API key (or client address); "
        "retry after `Retry-After` seconds.",
    ),
    503: (
        "not_ready",
        "The model and index are still loading, the index is missing or unusable, "
        "ASSISTANT_MAX_CONCURRENT_REQUESTS requests are in flight (`overloaded`), or the data folder cannot "
        "be used (`storage_unavailable`); see `Retry-After`.",
    ),
    504: ("timeout", "No answer within ASSISTANT_REQUEST_TIMEOUT_SECONDS; retry later."),
    507: (
        "storage_unavailable",
        "The conversation cannot be stored: the disk holding the data folder is full (a read-only or "
        "unusable folder is 503 `storage_unavailable`); see `Retry-After`.",
    ),
}
_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before retrying (on 429, on overload, and while loading).",
        "schema": {"type": "integer"},
    }
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: each status with the JSON error shape and an example."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        code, description = _DESCRIPTIONS[status]
        out[status] = {
            "model": ErrorResponse,
            "description": description,
            "content": {"application/json": {"example": {"error": {"code": code, "message": description}}}},
        }
        if status in (429, 503, 507):
            out[status]["headers"] = _RETRY_AFTER
    return out


def index_header() -> dict[str, Any]:
    """The ``headers`` of an answer's 200 response: which index collection produced it."""
    return {
        INDEX_HEADER: {
            "description": "The index collection (version) whose passages produced this answer.",
            "schema": {"type": "string"},
        }
    }
