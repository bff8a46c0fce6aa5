"""Which Chroma mode this test run uses.

`.ci/run` sets ASSISTANT_TEST_CHROMA_URL to a real `chroma run` server for a second pass of the index, ask and
API suites; unset, everything runs on the embedded persistent client.
"""

import os

import pytest

from assistant.config import Settings
from assistant.service import AnswerService
from index.store import IndexStore

SERVER_URL = os.environ.get("ASSISTANT_TEST_CHROMA_URL")
embedded_only = pytest.mark.skipif(bool(SERVER_URL), reason="tests the embedded persist folder layout")


def build_copy(settings: Settings) -> None:
    """The session's index again, in another namespace of the test Chroma server, from the copied data folder's
    embedding cache: the same chunks and vectors as the session's index, whose build answered the self-test, so
    it is not asked again (tests that build an index themselves still do)."""
    service = AnswerService(settings)
    IndexStore(settings).build(service.corpus, service.embeddings)
