"""The one settings object: the Slack credentials are settings too, masked, and reach worker processes."""

from __future__ import annotations

import pytest

from assistant.config import Settings, env_names

SLACK_FIELDS = ("slack_bot_token", "slack_signing_secret", "slack_app_token")


@pytest.fixture(autouse=True)
def _no_slack_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for field in SLACK_FIELDS:
        for name in env_names(field):
            monkeypatch.delenv(name, raising=False)


def test_slack_credentials_come_from_slacks_names(monkeypatch: pytest.MonkeyPatch) -> None:
    assert env_names("slack_bot_token") == ("ASSISTANT_SLACK_BOT_TOKEN", "SLACK_BOT_TOKEN")
    assert env_names("data_dir") == ("ASSISTANT_DATA_DIR",)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-slack")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "  ")  # blank: unset
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-from-slack")
    settings = Settings()
    assert settings.slack_bot_token is not None and settings.slack_app_token is not None
    assert settings.slack_bot_token.get_secret_value() == "xoxb-from-slack"
    assert settings.slack_app_token.get_secret_value() == "xapp-from-slack"
    assert settings.slack_signing_secret is None
    monkeypatch.setenv("ASSISTANT_SLACK_BOT_TOKEN", "xoxb-assistant")  # the ASSISTANT_ name wins
    token = Settings().slack_bot_token
    assert token is not None and token.get_secret_value() == "xoxb-assistant"


def test_slack_credentials_are_masked_and_reach_workers_unmasked(monkeypatch: pytest.MonkeyPatch) -> None:
    from api.server import settings_env

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-inherited")  # a worker inherits the parent's environment
    settings = Settings(slack_bot_token="xoxb-secret", slack_signing_secret="shh-secret")
    assert "xoxb-secret" not in repr(settings) and "shh-secret" not in str(settings)
    env = settings_env(settings)
    assert env["ASSISTANT_SLACK_BOT_TOKEN"] == "xoxb-secret"
    assert env["ASSISTANT_SLACK_SIGNING_SECRET"] == "shh-secret"
    assert "ASSISTANT_SLACK_APP_TOKEN" not in env
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    worker = Settings()
    assert worker.slack_bot_token is not None and worker.slack_signing_secret is not None
    assert worker.slack_bot_token.get_secret_value() == "xoxb-secret"
    assert worker.slack_signing_secret.get_secret_value() == "shh-secret"


def test_the_slack_adapter_reads_its_tokens_from_the_settings() -> None:
    from api.slack.app import SlackTokens

    tokens = SlackTokens.of(Settings(slack_bot_token="xoxb-x", slack_app_token="xapp-x"))
    assert tokens.socket_enabled and not tokens.http_enabled
    assert tokens.missing("http") == ["SLACK_SIGNING_SECRET"] and tokens.missing("socket") == []
    assert "xoxb-x" not in repr(tokens)
    assert SlackTokens.of(Settings()).missing("socket") == ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"]
