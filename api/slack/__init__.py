"""The Slack adapter: a slack_bolt app over the same ``AnswerService.ask`` call and answer object.

``include_slack(app, settings, service)`` is the one call the FastAPI factory makes: it adds
``GET /v1/feedback`` and, when ``SLACK_BOT_TOKEN`` and ``SLACK_SIGNING_SECRET`` are set,
``POST /slack/events``. Socket Mode is ``api.slack.socket.run(settings)`` (the ``assistant slack`` command).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from fastapi import Depends, FastAPI, params

from api.slack.app import SlackConfig, build_bolt_app, build_deps
from api.slack.feedback_route import feedback_router
from api.slack.http import EVENTS_PATH, mount_events
from api.slack.listeners import Conversations, Service
from assistant.config import Settings

__all__ = ["SlackConfig", "include_slack"]

log = logging.getLogger("assistant.slack")


def include_slack(
    app: FastAPI,
    settings: Settings,
    service: Service,
    *,
    dependencies: Sequence[params.Depends] | None = None,
    conversations: Conversations | None = None,
    config: SlackConfig | None = None,
) -> bool:
    """Add the feedback route and, if configured, the Slack events route. Returns True when Slack is on.

    ``dependencies`` guard ``GET /v1/feedback``; by default the app's API-key check (``api.deps``).
    """
    if dependencies is None:
        from api.deps import require_api_key

        dependencies = [Depends(require_api_key)]
    config = config if config is not None else SlackConfig()
    deps = build_deps(settings, service, conversations)
    app.include_router(feedback_router(deps.feedback, dependencies))
    if not config.http_enabled:
        missing = [
            n
            for n, v in (("SLACK_BOT_TOKEN", config.token), ("SLACK_SIGNING_SECRET", config.secret))
            if not v
        ]
        log.warning(
            "Slack: HTTP mode off (%s not set); POST %s is not mounted", " and ".join(missing), EVENTS_PATH
        )
        return False
    bolt_app = build_bolt_app(settings, config, deps, mode="http")
    mount_events(app, bolt_app, config.secret or "")
    log.warning(
        "Slack: HTTP mode on: POST %s (Events API, /roles, interactivity); Web API %s",
        EVENTS_PATH,
        settings.slack_api_url,
    )
    return True
