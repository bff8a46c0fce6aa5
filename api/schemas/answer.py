"""The answer object every adapter returns (``assistant.types.Answer``), as the HTTP API documents it, with the
example the OpenAPI document shows."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.types import Answer

__all__ = [
    "ANSWER_EXAMPLE",
    "CITATION_EXAMPLE",
    "SOURCE_EXAMPLE",
    "AnswerModel",
    "CitationModel",
    "RoleRefModel",
]

SOURCE_EXAMPLE = "Navigointi myyntimaisemassa: CSO, CRO ja myyntijohtaja selitettynä (article)"
CITATION_EXAMPLE: dict[str, Any] = {
    "chunk_id": "a-1120bb4edc50",
    "section": "2. Tulosjohtaja (CRO) > CRO:n keskeiset vastuut",
    "quote": "Mainonta- ja markkinointisijoitukset: Mainonta- ja markkinointikulujen tehokkuuden optimointi "
    "parhaan mahdollisen ROI:n varmistamiseksi.",
    "source": SOURCE_EXAMPLE,
    "translation": "Advertising and marketing investments: Optimising the effectiveness of advertising and "
    "marketing spend to ensure the best possible ROI.",
}
ANSWER_EXAMPLE: dict[str, Any] = {
    "answer": "The Chief Revenue Officer owns this: maximising the return on investment (ROI) of advertising "
    "and marketing spend. The article's wording is cited below.",
    "language": "en",
    "answered": True,
    "roles": [{"id": "cro", "name": "Chief Revenue Officer", "share": "primary"}],
    "citations": [CITATION_EXAMPLE],
    "confidence": 0.992,
    "kind": "owner",
    "topic": "marketing_roi",
}


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
