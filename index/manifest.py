"""What an index version is: its manifest (the pointer the served version is read from) and a build's report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["BuildReport", "Manifest"]


@dataclass(frozen=True)
class Manifest:
    version: str
    collection: str
    model: str
    dim: int
    corpus_sha256: str
    chromadb: str
    count: int
    created: float
    previous: str | None = None  # the version this one replaced (kept on a server until the next build)
    hnsw: dict[str, Any] | None = (
        None  # the HNSW settings it was built with (index.hnsw); None: Chroma's defaults
    )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True)
class BuildReport:
    manifest: Manifest
    embedded: int
    reused: int
    unchanged: bool
    seconds: float
    self_test: Any = None  # what the build's validation found (assistant.selftest.SelfTest), if it ran
