"""Fixtures for the Slack adapter tests: the Web API stand-in, stores in a temp data dir, fake service."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # slack_standin / slack_fakes, whatever the import mode

from slack_fakes import BOT_TOKEN, SIGNING_SECRET, FakeConversations, FakeService
from slack_standin import SlackStandin

from api.slack.app import SlackConfig, build_deps
from api.slack.listeners import SlackDeps
from assistant.config import Settings


@pytest.fixture(autouse=True)
def _no_slack_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "ASSISTANT_SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def standin() -> Iterator[SlackStandin]:
    with SlackStandin() as server:
        yield server


@pytest.fixture
def slack_settings(tmp_path: Path, standin: SlackStandin) -> Settings:
    return Settings(data_dir=tmp_path / "data", slack_api_url=standin.api_url)


@pytest.fixture
def slack_config() -> SlackConfig:
    return SlackConfig(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, app_token="xapp-test")


@pytest.fixture
def fake_service() -> FakeService:
    return FakeService()


@pytest.fixture
def deps(slack_settings: Settings, fake_service: FakeService) -> SlackDeps:
    return build_deps(slack_settings, fake_service, FakeConversations())
