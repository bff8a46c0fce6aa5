"""``GET /v1/feedback``: the stored 👍/👎 votes, newest first (behind the /v1 API-key check)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from fastapi import APIRouter, Query, params
from pydantic import BaseModel, Field

from api.routes.common import errors
from assistant.feedback import FeedbackStore

__all__ = ["FeedbackItem", "feedback_router"]


class FeedbackItem(BaseModel):
    id: int
    created_at: str = Field(description="UTC, ISO 8601")
    source: str = Field(description="Where the vote came from, e.g. `slack`")
    conversation_id: str | None
    question: str
    answer: dict[str, Any] = Field(description="The answer object that was rated")
    vote: Literal["up", "down"]
    user: str | None

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": 1,
                    "created_at": "2025-01-01T12:00:00+00:00",
                    "source": "slack",
                    "conversation_id": "slack:T1:C1:1700000000.000100",
                    "question": "who owns marketing ROI?",
                    "answer": {
                        "answer": "The CRO …",
                        "roles": [{"id": "cro", "name": "CRO", "share": "primary"}],
                    },
                    "vote": "up",
                    "user": "U123",
                }
            ]
        }
    }


def feedback_router(store: FeedbackStore, dependencies: Sequence[params.Depends] = ()) -> APIRouter:
    """The router; ``dependencies`` carries the app's API-key check."""
    router = APIRouter(dependencies=list(dependencies), tags=["feedback"])

    @router.get(
        "/v1/feedback",
        response_model=list[FeedbackItem],
        summary="Feedback on answers, newest first",
        responses=errors(401, 429, 503),
    )
    def list_feedback(
        limit: int = Query(100, ge=1, le=1000, description="How many votes to return"),
        offset: int = Query(0, ge=0, le=1_000_000_000, description="How many of the newest to skip"),
    ) -> list[dict[str, Any]]:
        return store.list(limit=limit, offset=offset)

    return router
