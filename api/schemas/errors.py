"""The error body every route sends, whatever the status (``{"error": {"code", "message"}}``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ErrorBody", "ErrorResponse"]


class ErrorBody(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. `invalid_question`, `not_ready`.")
    message: str = Field(description="Human-readable explanation.")
    type: str | None = Field(default=None, description="OpenAI route, 400 only: `invalid_request_error`.")
    param: str | None = Field(default=None, description="OpenAI route, 400 only: the parameter at fault.")


class ErrorResponse(BaseModel):
    """Every error, whatever the route or status."""

    error: ErrorBody
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"error": {"code": "invalid_question", "message": "the question is empty"}}]
        }
    )
