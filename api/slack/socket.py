"""Socket Mode: the bot for workspaces without a public URL (``assistant slack``).

Slack pushes events over a WebSocket the bot opens (``apps.connections.open`` with the ``xapp-`` token), so no
request signing or inbound port is involved; the listeners, dedupe and stores are the same as in HTTP mode.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_bolt.adapter.socket_mode import SocketModeHandler

from api.slack.app import SlackTokens, build_bolt_app, build_deps
from assistant.errors import AssistantError

if TYPE_CHECKING:
    from api.slack.deps import Service
    from assistant.config import Settings

__all__ = ["SlackNotConfigured", "build_handler", "run"]

log = logging.getLogger("assistant.slack")


class SlackNotConfigured(AssistantError):
    """The Slack tokens a mode needs are not set."""

    code = "slack_not_configured"


def _require_tokens(settings: Settings) -> SlackTokens:
    tokens = SlackTokens.of(settings)
    if not tokens.socket_enabled:
        raise SlackNotConfigured(
            "Socket Mode needs SLACK_BOT_TOKEN (xoxb-…) and SLACK_APP_TOKEN (xapp-…, scope connections:write); "
            f"not set: {', '.join(tokens.missing('socket'))}"
        )
    return tokens


def build_handler(settings: Settings, service: Service) -> SocketModeHandler:
    """The Socket Mode handler around the bolt App (not connected yet), with the settings' Slack tokens."""
    tokens = _require_tokens(settings)
    app = build_bolt_app(settings, build_deps(settings, service), mode="socket")
    return SocketModeHandler(app, app_token=tokens.app_token)


def run(settings: Settings, *, service: Service | None = None) -> None:
    """Load the index, connect to Slack over Socket Mode and serve until interrupted (blocks)."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    _require_tokens(settings)  # fail before loading the model
    if service is None:
        from assistant.service import AnswerService

        real = AnswerService(settings)
        real.load()
        service = real
    handler = build_handler(settings, service)
    log.info("Slack: Socket Mode (no public URL needed); Web API at %s", settings.slack_api_url)
    try:
        handler.start()
    finally:
        handler.close()
