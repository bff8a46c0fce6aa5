"""GET /v1/roles, /v1/roles/{role_id}, /v1/ownership, /v1/passages/{chunk_id} and /v1/about: the reference
data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Query

from api.deps import ReadyService
from api.errors import ApiError
from api.routes.common import errors
from api.schemas import AboutResponse, OwnershipResponse, PassageModel, RoleModel, RolesResponse
from assistant.passage_view import AROUND, MAX_AROUND

router = APIRouter(tags=["roles"])


@router.get(
    "/v1/roles",
    response_model=RolesResponse,
    summary="All roles and the reporting hierarchy",
    responses=errors(401, 429, 503),
)
def roles(service: ReadyService) -> Any:
    return {"roles": service.roles(), "hierarchy": service.hierarchy()}


@router.get(
    "/v1/roles/{role_id}",
    response_model=RoleModel,
    summary="One role: definition, responsibilities and their citations",
    responses=errors(401, 404, 429, 503),
)
def role(
    service: ReadyService,
    role_id: str = Path(max_length=100, description="A role id from /v1/roles", examples=["cro"]),
) -> Any:
    found = service.role(role_id)
    if found is None:
        raise ApiError(404, "role_not_found", f"no role with id {role_id!r}; GET /v1/roles lists them")
    return found


@router.get(
    "/v1/ownership",
    response_model=OwnershipResponse,
    summary="Who owns what: each duty with its primary and shared owners",
    responses=errors(401, 429, 503),
)
def ownership(service: ReadyService) -> Any:
    return {"ownership": service.ownership()}


@router.get(
    "/v1/passages/{chunk_id}",
    response_model=PassageModel,
    summary="The source passage a citation points at, in its section, with its English rendering",
    responses=errors(401, 404, 422, 429, 503),
)
def passage(
    service: ReadyService,
    chunk_id: str = Path(max_length=200, description="`chunk_id` of a citation", examples=["a-1120bb4edc50"]),
    around: int = Query(
        AROUND, ge=0, le=MAX_AROUND, description="Passages of the section shown on each side."
    ),
) -> Any:
    found = service.passage(chunk_id, around)
    if found is None:
        raise ApiError(404, "passage_not_found", f"no passage with id {chunk_id!r}")
    return found


@router.get(
    "/v1/about",
    response_model=AboutResponse,
    summary="What the loaded corpus is about: name, languages, sources, roles, example questions",
    responses=errors(401, 429, 503),
)
def about(service: ReadyService) -> Any:
    return service.about()
