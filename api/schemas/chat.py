"""``POST /v1/chat``: the question with a server-side conversation or the client's own history, and the answer
with the ids to continue and to rate it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.answer import ANSWER_EXAMPLE, AnswerModel
from assistant.types import Turn

__all__ = ["CONVERSATION_ID_PATTERN", "MAX_HISTORY_TURNS", "ChatRequest", "ChatResponse", "PriorTurn"]

CONVERSATION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
MAX_HISTORY_TURNS = 100


class PriorTurn(BaseModel):
    """One earlier exchange sent by the client. `answer` may be the answer object, its text, or null."""

    question: str = Field(max_length=20_000)
    answer: AnswerModel | str | None = None

    def to_turn(self) -> Turn:
        answer = self.answer.to_answer() if isinstance(self.answer, AnswerModel) else None
        return Turn(question=self.question, answer=answer)


class ChatRequest(BaseModel):
    message: str = Field(description="The question (at most 2,000 characters by default).")
    conversation_id: str | None = Field(
        default=None,
        pattern=CONVERSATION_ID_PATTERN,
        description="Continue a server-side conversation; omit to start one (its id comes back).",
    )
    history: list[PriorTurn] | None = Field(
        default=None,
        max_length=MAX_HISTORY_TURNS,
        description="Prior turns kept by the client, oldest first; when sent, used instead of stored ones.",
    )
    stream: bool = Field(default=False, description="Answer as Server-Sent Events (text/event-stream).")
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"message": "who owns marketing ROI?"},
                {"message": "who do they report to?", "conversation_id": "9f1c2b7e4d3a4b5c8e6f7a8b9c0d1e2f"},
                {"message": "who owns marketing ROI?", "stream": True},
                {
                    "message": "who do they report to?",
                    "history": [{"question": "who owns marketing ROI?", "answer": None}],
                },
            ]
        }
    )


_CID = "9f1c2b7e4d3a4b5c8e6f7a8b9c0d1e2f"


class ChatResponse(AnswerModel):
    conversation_id: str | None = Field(description="Send it back to ask a follow-up.")
    answer_id: str | None = Field(
        default=None, description="Names this answer for POST /v1/feedback (null when nothing was stored)."
    )
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{**ANSWER_EXAMPLE, "conversation_id": _CID, "answer_id": f"{_CID}.3fa1c29b0e7d"}]
        }
    )
