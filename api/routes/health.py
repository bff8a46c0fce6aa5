"""GET /healthz (alive), /readyz (model and index loaded) and /metrics (Prometheus); never behind a key."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from api.deps import StateDep
from api.metrics import CONTENT_TYPE_LATEST
from api.routes.common import errors
from api.schemas import HealthResponse, ReadyResponse

router = APIRouter(tags=["health"])
_METRICS = (
    "# TYPE assistant_http_requests_total counter\n"
    'assistant_http_requests_total{method="POST",route="/v1/chat",status="200"} 42.0\n'
    '# TYPE assistant_answers_declined_total counter\nassistant_answers_declined_total{adapter="chat"} 3.0\n'
)


@router.get("/healthz", response_model=HealthResponse, summary="Liveness: the process answers")
def healthz() -> Any:
    return {"status": "ok"}


@router.get(
    "/readyz",
    response_model=ReadyResponse,
    summary="Readiness: 503 until the model and index are loaded (and the shared database answers)",
    description=(
        "200 once answers can be given. 503 `storage_unavailable` while the PostgreSQL database of "
        "`ASSISTANT_DATABASE_URL` cannot be reached (take the replica out of rotation; answers that need no "
        "stored state are still given). `status` is `degraded` when a part works only in part, named in "
        "`problems`: `index` (a newer index version cannot be opened; the loaded one still answers), "
        "`conversations`, `feedback`, `slack` (the last storage fault of that store, e.g. a full disk or a "
        "read-only data folder, until a write succeeds again: answers are still given, not stored)."
    ),
    responses=errors(503),
)
def readyz(state: StateDep) -> Any:
    state.check_ready()
    state.check_databases()
    stats = state.service.stats()  # live: the service may have switched index
    problems = state.problems()
    if problems:
        return {"status": "degraded", **stats, "problems": problems}
    return {"status": "ready", **stats}


@router.get(
    "/metrics",
    summary="Prometheus metrics: requests, latency histogram, answers declined",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}, "example": _METRICS}}}},
)
def metrics(state: StateDep) -> Response:
    return Response(state.metrics.render(), media_type=CONTENT_TYPE_LATEST)
