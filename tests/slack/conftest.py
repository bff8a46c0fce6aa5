"""Fixtures for the Slack adapter tests: the Web API stand-in, stores in a temp data dir, fake service."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # slack_standin / slack_fakes, whatever the import mode

from slack_fakes import BOT_TOKEN, SIGNING_SECRET, FakeConversations, FakeService
from slack_standin import SlackStandin

from api.slack.app import build_deps
from api.slack.listeners import SlackDeps
from assistant.config import Settings, env_names


@pytest.fixture(autouse=True)
def _no_slack_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for field in ("slack_bot_token", "slack_signing_secret", "slack_app_token", "slack_api_url"):
        for name in env_names(field):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture
def standin() -> Iterator[SlackStandin]:
    with SlackStandin() as server:
        yield server


@pytest.fixture
def slack_settings(tmp_path: Path, standin: SlackStandin) -> Settings:
    """Settings with the Slack credentials (both modes) and the stand-in's Web API."""
    return Settings(
        data_dir=tmp_path / "data",
        slack_api_url=standin.api_url,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_app_token="xapp-test",
    )


@pytest.fixture
def fake_service() -> FakeService:
    return FakeService()


@pytest.fixture
def deps(slack_settings: Settings, fake_service: FakeService) -> SlackDeps:
    return build_deps(slack_settings, fake_service, FakeConversations())
