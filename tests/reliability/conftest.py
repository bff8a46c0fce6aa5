"""Fixtures for the reliability tests: a deployment (data folder + namespace) on the test Chroma server.

These tests run in the Chroma-server pass (`scripts/with-chroma-server`, as `make test` does); without
ASSISTANT_TEST_CHROMA_URL they are skipped: several workers and a shared index need the server.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for helpers in (HERE, HERE.parent / "api", HERE.parent / "slack"):  # harness, api_server, slack stand-in
    if str(helpers) not in sys.path:
        sys.path.insert(0, str(helpers))

from harness import Deployment  # noqa: E402

from tests.modes import SERVER_URL, build_copy  # noqa: E402


@pytest.fixture
def deployment(indexed_data_dir: Path, tmp_path: Path) -> Deployment:
    """A private copy of the session data folder (its embedding cache: nothing to embed) and a fresh
    namespace on the Chroma server with the session's index built in it (`build_copy`)."""
    assert SERVER_URL
    data = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    deployment = Deployment(data, SERVER_URL)
    build_copy(deployment.settings)
    return deployment
