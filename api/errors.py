"""The one place where errors become HTTP responses: ``{"error": {"code", "message"}}``, no stack trace."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from assistant.errors import (
    AssistantError,
    IndexBusy,
    IndexCorrupt,
    IndexMismatch,
    IndexNotFound,
    IndexUnavailable,
    InvalidQuestion,
    RoleDataError,
    StorageFull,
    StorageUnavailable,
)
from assistant.feedback import AnswerNotFound

__all__ = [
    "ApiError",
    "ServiceNotReady",
    "error_response",
    "install_error_handlers",
    "slash_redirect",
    "status_for",
]

log = logging.getLogger("assistant.api")

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal_error",
    503: "not_ready",
    507: "storage_unavailable",
}
_STATUS: list[tuple[type[AssistantError], int]] = [
    (InvalidQuestion, 422),
    (AnswerNotFound, 404),
    (IndexNotFound, 503),
    (IndexCorrupt, 503),
    (IndexMismatch, 503),
    (RoleDataError, 503),
    (IndexBusy, 503),
    (IndexUnavailable, 503),
    (StorageFull, 507),
    (StorageUnavailable, 503),
]
STORAGE_RETRY_AFTER = "30"


class ApiError(Exception):
    """An error raised by the HTTP layer itself (unknown role, bad key, ...)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})  # more fields of the error object (the OpenAI route's type and param)


class ServiceNotReady(AssistantError):
    """The model and index are still loading."""

    code = "not_ready"


def status_for(exc: AssistantError) -> int:
    if isinstance(exc, ServiceNotReady):
        return 503
    for cls, status in _STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def error_response(
    status: int,
    code: str,
    message: str,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, **(extra or {})}}
    return JSONResponse(body, status_code=status, headers=headers)


def _describe(errors: Any) -> str:
    parts = []
    for err in list(errors)[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.headers, exc.extra)


async def _assistant_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AssistantError)
    status = status_for(exc)
    if status >= 500 and not isinstance(exc, ServiceNotReady):
        log.warning("%s on %s: %s", type(exc).__name__, request.url.path, exc)
    headers = {"Retry-After": "5"} if isinstance(exc, ServiceNotReady | IndexUnavailable) else None
    if isinstance(exc, StorageUnavailable):
        headers = {"Retry-After": STORAGE_RETRY_AFTER}
    return error_response(status, exc.code, str(exc), headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, "invalid_request", _describe(exc.errors()))


def slash_redirect(request: Request) -> Response | None:
    """``/v1/roles/`` → 307 to ``/v1/roles`` when that is a route: with a relative ``Location``, never one
    built from the request's Host header (Starlette's own slash redirect is switched off)."""
    path = request.url.path
    target = path.rstrip("/")
    if not target or target == path or target.startswith("//"):
        return None
    scope = {**request.scope, "path": target}
    if not any(route.matches(scope)[0] != Match.NONE for route in request.app.router.routes):
        return None
    query = request.url.query
    return RedirectResponse(target + (f"?{query}" if query else ""), status_code=307)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        redirect = slash_redirect(request)
        if redirect is not None:
            return redirect
    if exc.status_code == 400:  # an unparseable body (e.g. not UTF-8) is invalid input like any other
        return error_response(422, "invalid_request", "the request body could not be parsed as JSON")
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return error_response(exc.status_code, code, message, exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    """Handlers for the errors routes raise; anything else is ``api.middleware.UnexpectedErrorMiddleware``'s."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(AssistantError, _assistant_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
