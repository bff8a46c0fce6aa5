"""POST /v1/search: the source passages that best match a query, with scores (no answer, never declined)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from api.deps import ReadyService
from api.routes.common import errors
from assistant.search import MAX_K

router = APIRouter(tags=["search"])

_PASSAGE_EXAMPLE: dict[str, Any] = {
    "chunk_id": "a-a71883e4ae80",
    "section": "Myyntipäällikkö",
    "text": "Kiintiöiden asettaminen: Realististen ja haastavien myyntitavoitteiden asettaminen.",
    "roles": ["sales_manager"],
    "score": 0.03252,
}


class SearchRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"query": "who sets the sales quotas?", "k": 3}]},
    )
    query: str = Field(description="What to look for (at most 2,000 characters by default).")
    k: int = Field(default=5, ge=1, le=MAX_K, description=f"How many passages (1–{MAX_K}).")


class SearchHit(BaseModel):
    chunk_id: str = Field(description="Open it with `GET /v1/passages/{chunk_id}`; what citations point at.")
    section: str
    text: str = Field(description="The passage, verbatim, in its source's language.")
    roles: list[str] = Field(description="Ids of the roles the passage is about, its subject first.")
    score: float = Field(
        description="Fused (reciprocal-rank) score of dense and BM25 retrieval; higher first."
    )
    source: str = Field(default="", description="The name of the source document the passage is from.")


class SearchResponse(BaseModel):
    query: str
    passages: list[SearchHit]
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"query": "who sets the sales quotas?", "passages": [_PASSAGE_EXAMPLE]}]
        }
    )


@router.post(
    "/v1/search",
    response_model=SearchResponse,
    summary="Search the source passages",
    description=(
        "The `k` source passages that best match `query`, best first: dense and BM25 retrieval over the "
        "sources and the role data, each role-data hit standing for the source passage it rests on. A search "
        "never declines (use `/v1/chat` to know whether the sources answer a question). The passages are "
        'what `RoleRetriever(mode="search")` returns in LangChain.'
    ),
    responses=errors(401, 413, 422, 429, 503),
)
def search(body: SearchRequest, service: ReadyService) -> Any:
    return {"query": body.query, "passages": [p.to_dict() for p in service.search(body.query, body.k)]}
