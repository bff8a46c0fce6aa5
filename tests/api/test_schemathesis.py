"""Property-based tests from the app's own OpenAPI schema (schemathesis, in-process ASGI, real service).

Valid inputs: no 5xx, and responses match the documented statuses, content types and schemas. Invalid inputs
(schemathesis' negative mode): no 5xx. (Operations are driven through hypothesis directly: the schemathesis
pytest plugin does not support this pytest version.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from api_fakes import FakeService
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from assistant.config import Settings

# the operations, listed at collection time from an app whose data folder is never touched (building an app
# writes nothing: test_feedback_http.py checks that); the tests themselves run on a tmp folder
_OPERATIONS = [
    (method.upper(), path)
    for path, item in create_app(Settings(data_dir=Path("never-written")), FakeService())
    .openapi()["paths"]
    .items()
    for method in item
]
_CHECKS = {
    GenerationMode.POSITIVE: [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ],
    GenerationMode.NEGATIVE: [not_a_server_error, status_code_conformance],
}


@pytest.fixture(scope="module")
def api_schema(real_service: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("schemathesis")), real_service)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_route_is_covered() -> None:
    paths = {path for _, path in _OPERATIONS}
    assert {
        "/v1/chat",
        "/v1/chat/completions",
        "/v1/models",
        "/v1/roles",
        "/v1/roles/{role_id}",
        "/v1/ownership",
        "/v1/passages/{chunk_id}",
        "/healthz",
        "/readyz",
        "/metrics",
    } <= paths


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
@pytest.mark.parametrize(("method", "path"), _OPERATIONS, ids=[f"{m} {p}" for m, p in _OPERATIONS])
def test_operation(api_schema: Any, method: str, path: str, mode: GenerationMode) -> None:
    operation = api_schema[path][method]
    if mode is GenerationMode.NEGATIVE and not list(operation.iter_parameters()) and method == "GET":
        pytest.skip("no input to get wrong")

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=30,
        deadline=None,
        database=None,
        derandomize=True,  # reproducible in CI: the same examples every run
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(checks=_CHECKS[mode])

    run()
