"""``POST /slack/events`` on the FastAPI app: events, slash commands and interactivity through one route.

Every request is verified here *before* slack_bolt sees it (bolt verifies again): a missing, bad or stale
(over 5 minutes either way) signature is 401, a malformed timestamp or a body that is not UTF-8 is 400, and no
listener runs. Bolt then acks at once (``process_before_response=False``: listeners run on its thread pool
after the response), so Slack gets its answer well inside 3 seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from slack_bolt import App, BoltRequest
from slack_bolt.adapter.starlette.handler import to_starlette_response
from starlette.concurrency import run_in_threadpool

__all__ = ["EVENTS_PATH", "MAX_SKEW_SECONDS", "mount_events", "verify_signature"]

log = logging.getLogger("assistant.slack")
EVENTS_PATH = "/slack/events"
MAX_SKEW_SECONDS = 300


class Rejected(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def verify_signature(
    body: bytes, headers: Mapping[str, str], signing_secret: str, now: float | None = None
) -> str:
    """Check Slack's v0 signature; returns the body as text, or raises :class:`Rejected` (400 / 401)."""
    timestamp = headers.get("x-slack-request-timestamp")
    signature = headers.get("x-slack-signature")
    if not timestamp or not signature:
        raise Rejected(401, "missing signature headers")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        raise Rejected(400, "malformed timestamp")
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > MAX_SKEW_SECONDS:
        raise Rejected(401, "stale timestamp")
    if not signature.isascii():
        raise Rejected(401, "invalid signature")
    base = b"v0:" + timestamp.encode("ascii") + b":" + body
    expected = "v0=" + hmac.new(signing_secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii")):
        raise Rejected(401, "invalid signature")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise Rejected(400, "body is not UTF-8") from None


def _error(status: int, reason: str) -> JSONResponse:
    code = "unauthorized" if status == 401 else "bad_request"
    return JSONResponse({"error": {"code": code, "message": reason}}, status_code=status)


def mount_events(app: FastAPI, bolt_app: App, signing_secret: str, path: str = EVENTS_PATH) -> None:
    """Add ``POST <path>`` to ``app``, dispatching verified requests to ``bolt_app``."""

    async def slack_events(request: Request) -> Response:
        body = await request.body()
        try:
            text = verify_signature(body, request.headers, signing_secret)
        except Rejected as exc:
            log.info("slack: rejected request to %s: %s", path, exc.reason)
            return _error(exc.status, exc.reason)
        try:
            bolt_request = BoltRequest(body=text, query=request.url.query, headers=dict(request.headers))
        except Exception:  # signed, but not a JSON / form payload bolt can parse
            log.warning("slack: signed request with an unparseable payload")
            return _error(400, "unparseable payload")
        bolt_response = await run_in_threadpool(bolt_app.dispatch, bolt_request)
        return to_starlette_response(bolt_response)

    app.add_api_route(
        path,
        slack_events,
        methods=["POST"],
        tags=["slack"],
        summary="Slack Events API, slash commands and interactivity",
        description="Signed requests from Slack only (X-Slack-Signature, X-Slack-Request-Timestamp).",
        responses={
            400: {"description": "Malformed request"},
            401: {"description": "Bad or missing signature"},
        },
    )
