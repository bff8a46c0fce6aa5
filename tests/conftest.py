"""Shared fixtures: data paths isolated in tmp_path; one real index (bundled model, real Chroma) per session."""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from filelock import FileLock

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# (The embedding engine's OpenMP threads sleep while they wait: assistant.embeddings sets OMP_WAIT_POLICY=PASSIVE
# before the engine loads, in the test processes and in the servers they start alike.)

from assistant.config import Settings, env_names
from assistant.service import AnswerService
from index.store import CACHE_FILE

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
from tests.modes import SERVER_URL, build_copy  # noqa: E402
from tests.postgres_server import PostgresCluster, find_bin_dir  # noqa: E402
from tests.storage_faults import Disk  # noqa: E402
from tests.storage_faults import small_disk as mount_small_disk  # noqa: E402


def _namespace() -> str:
    return "t" + uuid.uuid4().hex[:12]


# The longest test first: with pytest-xdist (`make test`: -n 3 --dist loadfile) one worker takes it at the start
# and the others run the rest beside it, instead of it running alone at the end.
FIRST = ("tests/test_determinism.py",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in FIRST)  # stable: the rest keep their order


def _mode_settings(**kw: object) -> Settings:
    if SERVER_URL:
        kw.setdefault("chroma_url", SERVER_URL)
        kw.setdefault("chroma_namespace", _namespace())
    return Settings(**kw)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own ASSISTANT_DATA_DIR; nothing touches the user's real data folder."""
    data = tmp_path / "assistant-data"
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(data))
    monkeypatch.delenv("ASSISTANT_API_KEYS", raising=False)
    for field in ("slack_bot_token", "slack_signing_secret", "slack_app_token"):
        for name in env_names(field):  # a developer's own tokens must not switch Slack on in tests
            monkeypatch.delenv(name, raising=False)
    if SERVER_URL:
        monkeypatch.setenv("ASSISTANT_CHROMA_URL", SERVER_URL)
        monkeypatch.setenv("ASSISTANT_CHROMA_NAMESPACE", _namespace())
    else:
        monkeypatch.delenv("ASSISTANT_CHROMA_URL", raising=False)
    return data


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Disk]:
    """A 2 MB tmpfs under tmp_path (real ENOSPC when filled, real EROFS when remounted read-only)."""
    with mount_small_disk(tmp_path / "small-disk") as disk:
        yield disk


@pytest.fixture(scope="session")
def session_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of the session index (embedded folder, or a namespace on the test Chroma server)."""
    return _mode_settings(data_dir=tmp_path_factory.mktemp("indexed") / "data", corpus_dir=CORPUS)


@pytest.fixture(scope="session")
def indexed_data_dir(session_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with an index built once for the session (copy it before writing to it).

    Processes that test at the same time or one after another share what the first of them built, through a
    folder (`_shared_folder`), one at a time (a file lock): the bundled corpus's embeddings and the trained kind
    classifier (so the corpus is embedded once per `make test`), and the whole embedded index (another pytest-xdist
    worker takes a private copy of it instead of building one). On a Chroma server each process builds its own
    namespace, from the shared embeddings."""
    data = session_settings.data_dir
    shared = _shared_folder(tmp_path_factory)
    if shared is None:
        AnswerService(session_settings).build_index()
        return data
    shared.mkdir(parents=True, exist_ok=True)
    built = shared / "embedded-index"
    with FileLock(str(shared / "build.lock")):
        if not SERVER_URL and built.is_dir():
            shutil.copytree(built, data, ignore=shutil.ignore_patterns("*.lock"))
            return data
        cache, models = shared / CACHE_FILE, shared / "models"
        data.mkdir(parents=True, exist_ok=True)
        if cache.exists():
            _copy_database(cache, data / CACHE_FILE)
            if models.is_dir():
                shutil.copytree(models, data / "models")
        AnswerService(session_settings).build_index()
        if not cache.exists():
            if (data / "models").is_dir():
                shutil.copytree(data / "models", models)
            _copy_database(data / CACHE_FILE, cache)  # last: its presence says that both are there
        if not SERVER_URL:
            partial = shared / "embedded-index.partial"
            shutil.copytree(data, partial, ignore=shutil.ignore_patterns("*.lock"))
            partial.rename(built)
    return data


def _shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """``ASSISTANT_TEST_SHARED`` (`make test` names one temporary folder for both of its passes), or under
    pytest-xdist the run's own temporary folder, which all its workers share; else none."""
    named = os.environ.get("ASSISTANT_TEST_SHARED")
    if named:
        return Path(named)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return tmp_path_factory.getbasetemp().parent / "shared"
    return None


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite database (its WAL included)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@pytest.fixture
def indexed_copy(indexed_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the session index, set as ASSISTANT_DATA_DIR."""
    data = tmp_path / "indexed-copy"
    shutil.copytree(indexed_data_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(data))
    if SERVER_URL:  # a private namespace on the server, built from the copied embedding cache
        build_copy(Settings())
    return data


@pytest.fixture(scope="session")
def service(indexed_data_dir: Path, session_settings: Settings) -> Iterator[AnswerService]:
    """A loaded service over the session index (read-only use)."""
    svc = AnswerService(session_settings)
    svc.load()
    yield svc
    svc.close()


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresCluster]:
    """A throwaway PostgreSQL server for the session (tests/postgres_server.py). Skipped where PostgreSQL is
    not installed, except in CI (`.ci/run` installs it): there its absence fails."""
    if find_bin_dir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: .ci/run installs Debian's postgresql")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql, or set POSTGRES_BIN)")
    with PostgresCluster(tmp_path_factory.mktemp("postgres")) as cluster:
        yield cluster


@pytest.fixture
def database_url(postgres: PostgresCluster) -> str:
    """A fresh, empty database on the session's PostgreSQL server."""
    return postgres.create_database()
