"""Build the slack_bolt App from the settings and the answer service.

The bot is configured by Slack's own variable names (``SLACK_BOT_TOKEN``, ``SLACK_SIGNING_SECRET``,
``SLACK_APP_TOKEN``) plus ``ASSISTANT_SLACK_API_URL`` for the Web API base URL (a stand-in in tests).
HTTP mode needs the bot token and the signing secret; Socket Mode needs the bot token and the app token.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from slack_bolt import App
from slack_sdk import WebClient

from api.slack.listeners import Conversations, Service, SlackDeps, register
from api.slack.state import SlackState
from assistant.config import Settings
from assistant.feedback import FeedbackStore

__all__ = ["SlackConfig", "build_bolt_app", "build_deps"]

log = logging.getLogger("assistant.slack")
Mode = Literal["http", "socket"]


class SlackConfig(BaseSettings):
    """Slack credentials, read from ``SLACK_*`` (Slack's conventional names, hence no ASSISTANT_ prefix)."""

    model_config = SettingsConfigDict(env_prefix="SLACK_", env_file=None, extra="ignore")

    bot_token: SecretStr | None = Field(
        default=None, description="Bot token (xoxb-…): required in both modes."
    )
    signing_secret: SecretStr | None = Field(default=None, description="Verifies HTTP requests from Slack.")
    app_token: SecretStr | None = Field(default=None, description="App-level token (xapp-…) for Socket Mode.")

    @staticmethod
    def _value(secret: SecretStr | None) -> str | None:
        value = secret.get_secret_value().strip() if secret is not None else ""
        return value or None

    @property
    def token(self) -> str | None:
        return self._value(self.bot_token)

    @property
    def secret(self) -> str | None:
        return self._value(self.signing_secret)

    @property
    def app_level_token(self) -> str | None:
        return self._value(self.app_token)

    @property
    def http_enabled(self) -> bool:
        return bool(self.token and self.secret)

    @property
    def socket_enabled(self) -> bool:
        return bool(self.token and self.app_level_token)


def _conversations(settings: Settings) -> Conversations:
    from assistant.conversations import ConversationStore

    return ConversationStore.for_settings(settings)


def build_deps(settings: Settings, service: Service, conversations: Conversations | None = None) -> SlackDeps:
    """The stores the listeners use: under ``settings.data_dir``, or in ``ASSISTANT_DATABASE_URL``."""
    return SlackDeps(
        service=service,
        conversations=conversations if conversations is not None else _conversations(settings),
        feedback=FeedbackStore.for_settings(settings),
        state=SlackState.for_settings(settings),
        channels=frozenset(settings.slack_channel_list),
    )


def _bolt_logger() -> logging.Logger:
    logger = logging.getLogger("assistant.slack.bolt")
    if not any(isinstance(f, _NoTokenNotice) for f in logger.filters):
        logger.addFilter(_NoTokenNotice())
    return logger


class _NoTokenNotice(logging.Filter):
    """bolt notes that SLACK_BOT_TOKEN (read from the environment) is unused when a client is given; it is
    the same token, so the notice is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def build_bolt_app(
    settings: Settings, config: SlackConfig, deps: SlackDeps, *, mode: Mode = "http", workers: int = 8
) -> App:
    """A bolt App whose Web API client talks to ``settings.slack_api_url``; listeners registered.

    The token is not checked at construction (no network at startup); the first request calls ``auth.test``.
    """
    if not config.token:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    if mode == "http" and not config.secret:
        raise ValueError("SLACK_SIGNING_SECRET is not set (needed for the HTTP Events API)")
    base_url = (
        settings.slack_api_url if settings.slack_api_url.endswith("/") else settings.slack_api_url + "/"
    )
    app = App(
        name="role-assistant",
        client=WebClient(base_url=base_url, token=config.token),
        signing_secret=config.secret or "",
        token_verification_enabled=False,
        request_verification_enabled=mode == "http",
        process_before_response=False,
        listener_executor=ThreadPoolExecutor(max_workers=workers, thread_name_prefix="slack-listener"),
        logger=_bolt_logger(),
    )
    register(app, deps)
    return app
