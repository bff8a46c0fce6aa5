"""The OpenAI request parameters the assistant honours, and those it answers with OpenAI's 400.

One answer is computed per question, from the article, as text: so ``n`` > 1, tools and function calling,
JSON output (``response_format``) and log probabilities cannot be honoured, and are refused as OpenAI refuses a
parameter a model does not support (400, ``type: invalid_request_error``, ``param``). ``max_tokens`` /
``max_completion_tokens`` cut the content (counted in the same whitespace-separated tokens as ``usage``;
``finish_reason: "length"``), and ``stream_options.include_usage`` adds the usage chunk at the end of a stream.
Sampling parameters (temperature, top_p, seed, stop, ...) are accepted and have no effect.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.errors import ApiError

__all__ = ["OpenAIParams", "StreamOptions", "check_supported", "cut", "token_limit"]

_TOKEN = re.compile(r"\S+")


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")
    include_usage: bool = Field(default=False, description="Send a last chunk with `usage` (and no choices).")


class OpenAIParams(BaseModel):
    """Fields of OpenAI's request that the assistant reads (the rest is accepted and ignored)."""

    n: int | None = Field(default=None, description="Only 1: other values get 400 `unsupported_value`.")
    max_tokens: int | None = Field(
        default=None, ge=1, description="Cut the content after this many tokens (`finish_reason: length`)."
    )
    max_completion_tokens: int | None = Field(default=None, ge=1, description="As `max_tokens` (preferred).")
    stream_options: StreamOptions | None = Field(default=None, description="Only with `stream: true`.")
    tools: list[dict[str, Any]] | None = Field(default=None, description="Not supported: 400 when given.")
    functions: list[dict[str, Any]] | None = Field(default=None, description="Not supported: 400 when given.")
    tool_choice: str | dict[str, Any] | None = Field(
        default=None, description='Only `"none"` or `"auto"` (with no tools, nothing is called).'
    )
    response_format: dict[str, Any] | None = Field(
        default=None, description='Only `{"type": "text"}`: JSON output gets 400 `unsupported_value`.'
    )
    logprobs: bool | None = Field(default=None, description="Not supported: `true` gets 400.")
    top_logprobs: int | None = Field(default=None, description="Not supported: above 0 gets 400.")


def _refuse(param: str, message: str, code: str = "unsupported_value") -> ApiError:
    return ApiError(400, code, message, extra={"type": "invalid_request_error", "param": param})


def check_supported(body: OpenAIParams, stream: bool) -> None:
    """400 (as OpenAI answers) for a parameter the assistant cannot honour."""
    if body.n is not None and body.n != 1:
        raise _refuse("n", f"Unsupported value: 'n' must be 1 here (got {body.n}): one answer per question.")
    for name in ("tools", "functions"):
        if getattr(body, name):
            raise _refuse(
                name,
                f"Unsupported parameter: '{name}': this model does not call tools.",
                "unsupported_parameter",
            )
    if body.tool_choice not in (None, "none", "auto"):
        raise _refuse("tool_choice", "Unsupported value: 'tool_choice': this model does not call tools.")
    kind = (body.response_format or {}).get("type", "text")
    if kind != "text":
        raise _refuse("response_format", f"Unsupported value: 'response_format' of type '{kind}': text only.")
    if body.logprobs or (body.top_logprobs or 0) > 0:
        param = "logprobs" if body.logprobs else "top_logprobs"
        raise _refuse(param, f"Unsupported value: '{param}': log probabilities are not available.")
    if body.stream_options is not None and not stream:
        raise _refuse(
            "stream_options",
            "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
            "invalid_value",
        )


def token_limit(body: OpenAIParams) -> int | None:
    return body.max_completion_tokens or body.max_tokens


def tokens(text: str) -> int:
    """What ``usage`` counts: whitespace-separated words."""
    return len(_TOKEN.findall(text))


def cut(text: str, limit: int | None) -> str:
    """``text`` up to its ``limit``-th token (all of it when shorter or no limit)."""
    if limit is None:
        return text
    found = list(_TOKEN.finditer(text))
    return text if len(found) <= limit else text[: found[limit - 1].end()]
