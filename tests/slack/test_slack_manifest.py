"""The app manifest and the Slack docs agree with the code."""

from __future__ import annotations

from pathlib import Path

import yaml

from api.slack.http import EVENTS_PATH
from api.slack.listeners import COMMAND
from assistant.config import env_names

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = yaml.safe_load((ROOT / "slack" / "manifest.yaml").read_text())
DOCS = (ROOT / "docs" / "SLACK.md").read_text()


def test_manifest_subscribes_to_what_the_listeners_handle() -> None:
    settings = MANIFEST["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_mention",
        "message.im",
        "message.channels",  # ASSISTANT_SLACK_CHANNELS
        "message.groups",
    }
    assert settings["interactivity"]["is_enabled"] is True
    [command] = MANIFEST["features"]["slash_commands"]
    assert command["command"] == COMMAND
    urls = [
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
        command["url"],
    ]
    assert all(url.endswith(EVENTS_PATH) for url in urls)
    assert MANIFEST["features"]["app_home"]["messages_tab_enabled"] is True


def test_manifest_asks_for_the_scopes_the_bot_uses() -> None:
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "commands", "im:history"} <= scopes
    assert {"channels:history", "groups:history"} <= scopes  # messages in ASSISTANT_SLACK_CHANNELS


def test_docs_cover_every_variable_and_both_modes() -> None:
    for field in ("slack_bot_token", "slack_signing_secret", "slack_app_token"):
        for name in env_names(field):  # Slack's own name and ASSISTANT_SLACK_…
            assert f"`{name}`" in DOCS
    for needle in ("ASSISTANT_SLACK_API_URL", "ASSISTANT_SLACK_CHANNELS", "assistant serve", "assistant slack", "socket_mode_enabled",
                   "X-Slack-Signature", "p95"):  # fmt: skip
        assert needle in DOCS
