"""The fast layer: no embedding model, no index, no servers. The corpus is read once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus import Corpus, load_corpus

CORPUS = Path(__file__).resolve().parent.parent.parent / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus(CORPUS)
