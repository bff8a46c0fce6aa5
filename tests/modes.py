"""Which Chroma mode this test run uses.

`.ci/run` sets ASSISTANT_TEST_CHROMA_URL to a real `chroma run` server for a second pass of the index, ask and
API suites; unset, everything runs on the embedded persistent client.
"""

import os

import pytest

SERVER_URL = os.environ.get("ASSISTANT_TEST_CHROMA_URL")
embedded_only = pytest.mark.skipif(bool(SERVER_URL), reason="tests the embedded persist folder layout")
