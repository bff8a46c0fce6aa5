"""The Slack adapter: a slack_bolt app over the same ``AnswerService.ask`` call and answer object.

``include_slack(app, settings, service)`` is the one call the FastAPI factory makes: when the settings have
the bot token and the signing secret (``SLACK_BOT_TOKEN``, ``SLACK_SIGNING_SECRET``), it adds
``POST /slack/events``. Votes go to the shared ``FeedbackStore``
(read by ``GET /v1/feedback``, a route of the HTTP API). Socket Mode is ``api.slack.socket.run(settings)``
(the ``assistant slack`` command).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from api.slack.app import SlackTokens, build_bolt_app, build_deps
from api.slack.deps import Conversations, Service
from api.slack.http import EVENTS_PATH, mount_events
from assistant.config import Settings

__all__ = ["SlackTokens", "include_slack"]

log = logging.getLogger("assistant.slack")


def include_slack(
    app: FastAPI,
    settings: Settings,
    service: Service,
    *,
    conversations: Conversations | None = None,
) -> bool:
    """Add the Slack events route when ``settings`` have its credentials. Returns True when Slack is on.

    The mode is logged when the app starts.
    """
    tokens = SlackTokens.of(settings)
    deps = build_deps(settings, service, conversations)
    state = getattr(app.state, "assistant", None)
    if state is not None:  # its storage faults show in /readyz
        state.stores["slack"] = deps.state
    if not tokens.http_enabled:
        missing = tokens.missing("http")
        level = logging.WARNING if tokens.bot_token or tokens.signing_secret else logging.INFO
        message = f"Slack: off ({' and '.join(missing)} not set); POST {EVENTS_PATH} is not mounted"
        _at_startup(app, lambda: _announce(level, message))
        return False
    bolt_app = build_bolt_app(settings, deps, mode="http")
    mount_events(app, bolt_app, tokens.signing_secret or "")
    message = (
        f"Slack: HTTP mode: POST {EVENTS_PATH} (Events API, /roles, interactivity), "
        f"Web API {settings.slack_api_url}"
    )
    executor = bolt_app.listener_runner.listener_executor
    _at_startup(app, lambda: _announce(logging.INFO, message), lambda: executor.shutdown(wait=False))
    return True


def _announce(level: int, message: str) -> None:
    """Log on ``assistant.slack``; when nothing handles that (plain uvicorn), beside uvicorn's own lines."""
    target = log if log.hasHandlers() else logging.getLogger("uvicorn.error")
    target.log(level, message)


def _at_startup(app: FastAPI, start: Callable[[], None], stop: Callable[[], None] | None = None) -> None:
    """Run ``start`` when the app starts (after the server set up logging) and ``stop`` when it stops."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(asgi_app: Any) -> AsyncIterator[Any]:
        start()
        try:
            async with inner(asgi_app) as state:
                yield state
        finally:
            if stop is not None:
                stop()

    app.router.lifespan_context = lifespan
