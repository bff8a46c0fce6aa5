"""OpenAPI descriptions of the error responses the routes share."""

from __future__ import annotations

from typing import Any

from api.schemas import ErrorResponse

__all__ = ["errors"]

_DESCRIPTIONS = {
    401: (
        "unauthorized",
        "API keys are configured and the request has no valid `Authorization: Bearer` key.",
    ),
    404: ("not_found", "No such item."),
    413: ("payload_too_large", "The request body is over the limit (ASSISTANT_MAX_BODY_BYTES)."),
    422: ("invalid_question", "Invalid input: malformed JSON, wrong types, empty or too long question."),
    503: ("not_ready", "The model and index are still loading, or the index is missing or unusable."),
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
    return out
