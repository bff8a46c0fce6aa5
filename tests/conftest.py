"""Shared fixtures: data paths isolated in tmp_path; one real index (bundled model, real Chroma) per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.config import Settings
from assistant.service import AnswerService

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own ASSISTANT_DATA_DIR; nothing touches the user's real data folder."""
    data = tmp_path / "assistant-data"
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(data))
    monkeypatch.delenv("ASSISTANT_CHROMA_URL", raising=False)
    monkeypatch.delenv("ASSISTANT_API_KEYS", raising=False)
    return data


@pytest.fixture(scope="session")
def indexed_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with an index built once for the session (copy it before writing to it)."""
    data = tmp_path_factory.mktemp("indexed") / "data"
    AnswerService(Settings(data_dir=data, corpus_dir=CORPUS)).build_index()
    return data


@pytest.fixture
def indexed_copy(indexed_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the session index, set as ASSISTANT_DATA_DIR."""
    data = tmp_path / "indexed-copy"
    shutil.copytree(indexed_data_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(data))
    return data


@pytest.fixture(scope="session")
def service(indexed_data_dir: Path) -> Iterator[AnswerService]:
    """A loaded service over the session index (read-only use)."""
    svc = AnswerService(Settings(data_dir=indexed_data_dir, corpus_dir=CORPUS))
    svc.load()
    yield svc
    svc.close()
