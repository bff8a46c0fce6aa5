"""Fixtures for the HTTP adapter tests: apps over a fake service, a real indexed service, a real uvicorn."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))  # api_fakes / api_server, whatever the import mode

from api_fakes import FakeService
from api_server import UvicornServer, private_index, served_env

from api.app import create_app
from assistant.config import Settings


@pytest.fixture
def fake_service() -> FakeService:
    return FakeService()


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """make_client(service=None, **settings) -> a started TestClient whose service is loaded."""
    clients: list[TestClient] = []

    def make(service: Any = None, *, wait: bool = True, **overrides: Any) -> TestClient:
        settings = Settings(data_dir=tmp_path / "data", **overrides)
        app = create_app(settings, service if service is not None else FakeService())
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        if wait:
            app.state.assistant.wait_loaded(10)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient], fake_service: FakeService) -> TestClient:
    return make_client(fake_service)


@pytest.fixture(scope="session")
def real_data_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with a built index: the shared `indexed_data_dir` fixture when there is one."""
    try:
        return Path(request.getfixturevalue("indexed_data_dir"))
    except pytest.FixtureLookupError:
        from assistant.service import AnswerService

        data_dir = tmp_path_factory.mktemp("api-index")
        AnswerService(Settings(data_dir=data_dir)).build_index()
        return data_dir


@pytest.fixture(scope="session")
def real_service(request: pytest.FixtureRequest, real_data_dir: Path) -> Any:
    """A loaded AnswerService: the shared `service` fixture when there is one."""
    try:
        return request.getfixturevalue("service")
    except pytest.FixtureLookupError:
        from assistant.service import AnswerService

        service = AnswerService(Settings(data_dir=real_data_dir))
        service.load()
        return service


@pytest.fixture(scope="module")
def live_server(
    real_data_dir: Path, real_service: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[UvicornServer]:
    """A real uvicorn process (factory import string) on a free loopback port, with API keys on."""
    data = private_index(real_data_dir, tmp_path_factory)
    env = {
        **served_env(real_service, data),
        "ASSISTANT_API_KEYS": "test-key-1,test-key-2",
        "ASSISTANT_MAX_BODY_BYTES": "4096",
    }
    with UvicornServer(env=env, log_path=data.parent / "server.log") as server:
        yield server
