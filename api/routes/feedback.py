"""``POST /v1/feedback`` (rate an answer: 👍/👎 and an optional comment) and ``GET /v1/feedback`` (every vote,
the Slack buttons' too, newest first). Both are behind the /v1 API-key check."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from fastapi import APIRouter, Query, params
from pydantic import BaseModel, ConfigDict, Field

from api.asking import Conversations, conversation_key
from api.deps import Caller
from api.errors import ApiError
from api.routes.common import errors
from api.schemas import ANSWER_EXAMPLE, CONVERSATION_ID_PATTERN
from assistant.feedback import ANSWER_ID_PATTERN, MAX_COMMENT_CHARS, FeedbackStore, rate_answer

__all__ = ["FeedbackItem", "FeedbackRequest", "feedback_router"]

_CONVERSATION = "9f1c2b7e4d3a4b5c8e6f7a8b9c0d1e2f"
_ITEM_EXAMPLE: dict[str, Any] = {
    "id": 7,
    "created_at": "2025-01-01T12:00:00+00:00",
    "source": "http",
    "conversation_id": _CONVERSATION,
    "question": "who owns marketing ROI?",
    "answer": ANSWER_EXAMPLE,
    "vote": "down",
    "user": None,
    "comment": "I expected the CMO here.",
}


class FeedbackRequest(BaseModel):
    conversation_id: str | None = Field(
        default=None,
        pattern=CONVERSATION_ID_PATTERN,
        description="Rate the latest answer of this conversation (the id /v1/chat gave back).",
    )
    answer_id: str | None = Field(
        default=None,
        pattern=ANSWER_ID_PATTERN,
        description="Rate this answer (the `answer_id` of a /v1/chat answer); either this or conversation_id.",
    )
    rating: Literal["up", "down"] = Field(description="👍 `up` or 👎 `down`.")
    comment: str | None = Field(
        default=None, max_length=MAX_COMMENT_CHARS, description="Optional: what was good or wrong."
    )
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"answer_id": f"{_CONVERSATION}.3fa1c29b0e7d", "rating": "up"},
                {"conversation_id": _CONVERSATION, "rating": "down", "comment": "I expected the CMO here."},
            ]
        },
    )


class FeedbackItem(BaseModel):
    id: int
    created_at: str = Field(description="UTC, ISO 8601")
    source: str = Field(description="Where the vote came from: `http` (the API, the web page) or `slack`")
    conversation_id: str | None
    question: str
    answer: dict[str, Any] = Field(description="The answer object that was rated")
    vote: Literal["up", "down"]
    user: str | None = Field(description="Who voted, where known (the Slack user id)")
    comment: str | None = Field(default=None, description="The comment given with the vote, if any")
    model_config = ConfigDict(json_schema_extra={"examples": [_ITEM_EXAMPLE]})


def feedback_router(
    store: FeedbackStore, conversations: Conversations, dependencies: Sequence[params.Depends] = ()
) -> APIRouter:
    """The router; ``dependencies`` carries the app's API-key check."""
    router = APIRouter(dependencies=list(dependencies), tags=["feedback"])

    @router.post(
        "/v1/feedback",
        status_code=201,
        response_model=FeedbackItem,
        summary="Rate an answer",
        description=(
            "👍/👎 on an answer of a stored conversation, with an optional comment: name the answer by its "
            "`answer_id`, or give the `conversation_id` to rate its latest answer. Answers given without a "
            "stored conversation (client-kept `history` without an id, the OpenAI-compatible route) cannot be "
            "rated here. 404 `answer_not_found` when the conversation has no such answer (unknown, expired, "
            "or older than the kept turns)."
        ),
        responses={201: {"description": "The stored vote"}, **errors(401, 404, 413, 422, 429, 503)},
    )
    def add_feedback(body: FeedbackRequest, owner: Caller) -> dict[str, Any]:
        def history(conversation_id: str) -> Any:  # the caller's own conversations only (as /v1/chat)
            return conversations.history(conversation_key(owner, conversation_id))

        try:
            return rate_answer(
                store,
                history,
                body.rating,
                conversation_id=body.conversation_id,
                answer_id=body.answer_id,
                comment=body.comment,
                source="http",
            )
        except ValueError as exc:
            raise ApiError(422, "invalid_request", str(exc)) from exc

    @router.get(
        "/v1/feedback",
        response_model=list[FeedbackItem],
        summary="Feedback on answers, newest first",
        description="Every vote: from this API and the web page (`source` `http`) and Slack's buttons.",
        responses={
            200: {"content": {"application/json": {"example": [_ITEM_EXAMPLE]}}},
            **errors(401, 422, 429, 503),
        },
    )
    def list_feedback(
        limit: int = Query(100, ge=1, le=1000, description="How many votes to return"),
        offset: int = Query(0, ge=0, le=1_000_000_000, description="How many of the newest to skip"),
    ) -> list[dict[str, Any]]:
        return store.list(limit=limit, offset=offset)

    return router
