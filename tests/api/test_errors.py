"""Every error path answers JSON `{"error": {"code", "message"}}` with the right status, never a traceback."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from api_fakes import FakeService
from fastapi.testclient import TestClient


def error_of(r: object, status: int) -> dict[str, str]:
    assert r.status_code == status, r.text  # type: ignore[attr-defined]
    assert r.headers["content-type"].startswith("application/json")  # type: ignore[attr-defined]
    body = r.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert "Traceback" not in r.text  # type: ignore[attr-defined]
    return body["error"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("message", ["", "   ", "\n\t"])
def test_empty_question_is_422(client: TestClient, message: str) -> None:
    assert error_of(client.post("/v1/chat", json={"message": message}), 422)["code"] == "invalid_question"


def test_question_cap_is_2000_characters(client: TestClient) -> None:
    err = error_of(client.post("/v1/chat", json={"message": "x" * 2001}), 422)
    assert err["code"] == "invalid_question" and "2000" in err["message"]
    assert client.post("/v1/chat", json={"message": "y" * 2000}).status_code == 200


def test_malformed_json_is_422(client: TestClient) -> None:
    r = client.post("/v1/chat", content=b'{"message": "hi"', headers={"content-type": "application/json"})
    assert error_of(r, 422)["code"] == "invalid_request"
    r = client.post(
        "/v1/chat", content=b"message=hi", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert error_of(r, 422)["code"] == "invalid_request"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"message": 123},
        {"message": None},
        {"message": ["who"]},
        {"message": "hi", "stream": "perhaps"},
        {"message": "hi", "conversation_id": "has spaces and :colons"},
        {"message": "hi", "conversation_id": 5},
        {"message": "hi", "history": "not a list"},
        {"message": "hi", "history": [{"answer": None}]},
        [1, 2, 3],
        "just a string",
    ],
)
def test_wrong_types_are_422(client: TestClient, body: object) -> None:
    err = error_of(client.post("/v1/chat", json=body), 422)
    assert err["code"] == "invalid_request" and err["message"]


def test_openai_errors(client: TestClient) -> None:
    assert (
        error_of(client.post("/v1/chat/completions", json={"messages": []}), 422)["code"] == "invalid_request"
    )
    r = client.post("/v1/chat/completions", json={"messages": [{"role": "assistant", "content": "hi"}]})
    assert "last message" in error_of(r, 422)["message"]
    r = client.post("/v1/chat/completions", json={"messages": [{"role": "wizard", "content": "hi"}]})
    error_of(r, 422)
    r = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": ""}]})
    assert error_of(r, 422)["code"] == "invalid_question"


def test_unknown_path_and_method(client: TestClient) -> None:
    assert error_of(client.get("/no/such/thing"), 404)["code"] == "not_found"
    r = client.get("/v1/chat")
    assert error_of(r, 405)["code"] == "method_not_allowed"
    assert "POST" in r.headers["allow"]


def test_uncaught_exception_is_500_without_details(client: TestClient) -> None:
    err = error_of(client.post("/v1/chat", json={"message": "boom"}), 500)
    assert err == {"code": "internal_error", "message": "internal error"}
    assert "secret" not in client.post("/v1/chat", json={"message": "boom"}).text


def _chunks(total: int, size: int = 1024) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        yield b" " * min(size, total - sent)
        sent += size


def test_413_counts_a_chunked_body_without_content_length(make_client: Callable[..., TestClient]) -> None:
    client = make_client(FakeService(), max_body_bytes=2048)
    r = client.post("/v1/chat", content=_chunks(5000), headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers
    assert error_of(r, 413)["code"] == "payload_too_large"


def test_413_on_declared_length_and_not_at_the_limit(make_client: Callable[..., TestClient]) -> None:
    client = make_client(FakeService(), max_body_bytes=2048)
    r = client.post("/v1/chat", content=b"x" * 2049, headers={"content-type": "application/json"})
    assert error_of(r, 413)["code"] == "payload_too_large"
    body = b'{"message": "who owns marketing ROI?"}'
    padded = body[:-1] + b" " * (2048 - len(body)) + b"}"
    assert len(padded) == 2048
    assert (
        client.post("/v1/chat", content=padded, headers={"content-type": "application/json"}).status_code
        == 200
    )


def test_small_declared_length_is_not_trusted(make_client: Callable[..., TestClient]) -> None:
    """The limit counts what arrives: an ASGI stream longer than its Content-Length still gets 413."""
    import anyio

    from api.middleware import BodyLimitMiddleware

    seen: list[int] = []

    async def app(scope: object, receive: Callable[..., object], send: Callable[..., object]) -> None:
        seen.append(1)

    sent: list[dict[str, object]] = []
    messages = [{"type": "http.request", "body": b"x" * 600, "more_body": True} for _ in range(4)]

    async def receive() -> dict[str, object]:
        return messages.pop(0)

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"content-length", b"10")]}
    anyio.run(BodyLimitMiddleware(app, max_bytes=2048), scope, receive, send)  # type: ignore[arg-type]
    assert seen == [] and sent[0]["status"] == 413


def test_api_keys(make_client: Callable[..., TestClient]) -> None:
    client = make_client(FakeService(), api_keys="k1, k2")
    for method, path in [
        ("get", "/v1/roles"),
        ("get", "/v1/models"),
        ("get", "/v1/passages/a-1"),
        ("post", "/v1/chat"),
        ("post", "/v1/chat/completions"),
    ]:
        r = getattr(client, method)(path)
        assert error_of(r, 401)["code"] == "unauthorized", path
        assert r.headers["www-authenticate"] == "Bearer"
    bad = {"Authorization": "Bearer nope"}
    assert error_of(client.get("/v1/roles", headers=bad), 401)["code"] == "unauthorized"
    assert error_of(client.get("/v1/roles", headers={"Authorization": "k1"}), 401)
    for key in ("k1", "k2"):
        assert client.get("/v1/roles", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    ok = client.post(
        "/v1/chat", json={"message": "who owns marketing ROI?"}, headers={"Authorization": "Bearer k2"}
    )
    assert ok.status_code == 200
    for open_path in ("/healthz", "/readyz", "/metrics", "/", "/static/js/app.js", "/openapi.json"):
        assert client.get(open_path).status_code == 200, open_path


def test_cors(make_client: Callable[..., TestClient]) -> None:
    client = make_client(FakeService(), cors_origins="https://app.example, https://other.example")
    r = client.get("/v1/roles", headers={"Origin": "https://app.example"})
    assert r.headers["access-control-allow-origin"] == "https://app.example"
    r = client.options(
        "/v1/chat",
        headers={
            "Origin": "https://other.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "https://other.example"
    r = client.get("/v1/roles", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


def test_no_cors_headers_by_default(client: TestClient) -> None:
    r = client.get("/v1/roles", headers={"Origin": "https://app.example"})
    assert "access-control-allow-origin" not in r.headers


def test_body_that_is_not_utf8_is_422(client: TestClient) -> None:
    r = client.post("/v1/chat", content=b"\x04\xff\xfe\x04", headers={"content-type": "application/json"})
    assert error_of(r, 422)["code"] == "invalid_request"
