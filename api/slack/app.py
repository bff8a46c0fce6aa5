"""Build the slack_bolt App from the settings and the answer service.

The credentials are settings like any other (``assistant.config.Settings``), read from Slack's own variable
names (``SLACK_BOT_TOKEN``, ``SLACK_SIGNING_SECRET``, ``SLACK_APP_TOKEN``) or ``ASSISTANT_SLACK_…``; with
``ASSISTANT_SLACK_API_URL`` for the Web API base URL (a stand-in in tests). HTTP mode needs the bot token and the
signing secret; Socket Mode needs the bot token and the app token. ``SlackTokens.of(settings)`` is the
adapter's view of them.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

from pydantic import SecretStr
from slack_bolt import App
from slack_sdk import WebClient

from api.slack.deps import Conversations, Service, SlackDeps
from api.slack.listeners import register
from api.slack.state import SlackState
from assistant.config import Settings
from assistant.feedback import FeedbackStore

__all__ = ["SlackTokens", "build_bolt_app", "build_deps"]

log = logging.getLogger("assistant.slack")
Mode = Literal["http", "socket"]


def _value(secret: SecretStr | None) -> str | None:
    return secret.get_secret_value() if secret is not None else None


@dataclass(frozen=True)
class SlackTokens:
    """The Slack credentials of the settings, unwrapped for bolt (left out of the repr)."""

    bot_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)

    @classmethod
    def of(cls, settings: Settings) -> SlackTokens:
        return cls(
            bot_token=_value(settings.slack_bot_token),
            signing_secret=_value(settings.slack_signing_secret),
            app_token=_value(settings.slack_app_token),
        )

    @property
    def http_enabled(self) -> bool:
        return bool(self.bot_token and self.signing_secret)

    @property
    def socket_enabled(self) -> bool:
        return bool(self.bot_token and self.app_token)

    def missing(self, mode: Mode) -> list[str]:
        """The variables a mode needs that are not set, by Slack's names."""
        needed = {"SLACK_BOT_TOKEN": self.bot_token}
        if mode == "http":
            needed["SLACK_SIGNING_SECRET"] = self.signing_secret
        else:
            needed["SLACK_APP_TOKEN"] = self.app_token
        return [name for name, value in needed.items() if not value]


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


def build_bolt_app(settings: Settings, deps: SlackDeps, *, mode: Mode = "http", workers: int = 8) -> App:
    """A bolt App whose Web API client talks to ``settings.slack_api_url``, with the settings' Slack
    credentials; listeners registered.

    The token is not checked at construction (no network at startup); the first request calls ``auth.test``.
    """
    tokens = SlackTokens.of(settings)
    if not tokens.bot_token:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    if mode == "http" and not tokens.signing_secret:
        raise ValueError("SLACK_SIGNING_SECRET is not set (needed for the HTTP Events API)")
    base_url = (
        settings.slack_api_url if settings.slack_api_url.endswith("/") else settings.slack_api_url + "/"
    )
    app = App(
        name="role-assistant",
        client=WebClient(base_url=base_url, token=tokens.bot_token),
        signing_secret=tokens.signing_secret or "",
        token_verification_enabled=False,
        request_verification_enabled=mode == "http",
        process_before_response=False,
        listener_executor=ThreadPoolExecutor(max_workers=workers, thread_name_prefix="slack-listener"),
        logger=_bolt_logger(),
    )
    register(app, deps)
    return app
