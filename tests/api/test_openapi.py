"""The OpenAPI document: every route described, with examples, and the error shape documented."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

# this adapter's routes (other adapters, e.g. Slack's, mount their own and test them)
OURS = {
    "/v1/chat", "/v1/chat/completions", "/v1/models", "/v1/roles", "/v1/roles/{role_id}", "/v1/ownership",
    "/v1/passages/{chunk_id}", "/v1/feedback", "/healthz", "/readyz", "/metrics",
}  # fmt: skip


def _has_example(node: Any, components: dict[str, Any], seen: frozenset[str] = frozenset()) -> bool:
    if not isinstance(node, dict):
        return False
    if "example" in node or "examples" in node:
        return True
    ref = node.get("$ref")
    if isinstance(ref, str) and ref not in seen:
        return _has_example(components[ref.rsplit("/", 1)[1]], components, seen | {ref})
    return any(_has_example(node.get(k), components, seen) for k in ("schema",))


def test_every_operation_has_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    components = spec["components"]["schemas"]
    missing = []
    assert set(spec["paths"]) >= OURS
    for path in OURS:
        for method, op in spec["paths"][path].items():
            assert op.get("summary"), f"{method} {path} has no summary"
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body is not None and not _has_example(body, components):
                missing.append(f"{method} {path} request")
            ok = (op["responses"].get("200") or op["responses"]["201"])["content"]
            if not any(_has_example(c, components) for c in ok.values()):
                missing.append(f"{method} {path} response")
            for status, response in op["responses"].items():
                if status.startswith(("4", "5")) and status != "422":
                    assert _has_example(response["content"]["application/json"], components), (path, status)
    assert missing == []


def test_v1_routes_declare_the_bearer_scheme_and_errors(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    for path in OURS:
        for op in spec["paths"][path].values():
            if path.startswith("/v1/"):
                assert op.get("security"), path
                assert "401" in op["responses"], path
            else:
                assert not op.get("security"), path


def test_docs_page_is_served(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200 and "swagger" in r.text.lower()


def test_citations_and_passages_document_the_english_rendering(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    translation = schemas["CitationModel"]["properties"]["translation"]
    assert {"type": "null"} in translation["anyOf"] and "translation" in translation["description"]
    assert "translation" not in schemas["CitationModel"].get("required", [])
    passage = schemas["PassageModel"]["properties"]
    assert {"translation", "context"} <= set(passage)
    assert set(schemas["ContextPassageModel"]["required"]) == {"chunk_id", "text", "translation", "cited"}
