"""The HNSW settings (index/hnsw.py, chosen in docs/SCALE.md): given to Chroma when a version is created, kept by
the collection that every process opens (embedded, or through a `chroma run` server in the server pass), recorded
in the manifest; an index built with other settings (Chroma's defaults, before) is built again by `assistant
index`."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assistant.config import Settings
from assistant.service import AnswerService
from index.hnsw import HNSW, configuration
from index.store import IndexStore


def test_a_new_version_is_built_with_the_settings_and_records_them(indexed_copy: Path) -> None:
    settings = Settings()
    manifest = IndexStore(settings).read_manifest()
    assert manifest is not None and manifest.hnsw == HNSW
    store = IndexStore(settings)
    try:
        collection, _ = store.open(manifest.model)
        kept = collection.configuration["hnsw"]
    finally:
        store.release()
    assert {key: kept[key] for key in HNSW} == HNSW  # what a serving process searches with
    assert HNSW["max_neighbors"] > 16 and HNSW["ef_search"] >= 100  # not Chroma's defaults (M 16, ef 100)


def test_an_index_built_with_other_settings_is_built_again(indexed_copy: Path) -> None:
    settings = Settings()
    store = IndexStore(settings)
    before = store.read_manifest()
    assert before is not None
    store._write_manifest(dataclasses.replace(before, hnsw=None))  # as written before the settings existed
    report = AnswerService(settings).build_index()
    assert not report.unchanged and report.embedded == 0  # built again from the embedding cache
    assert report.manifest.hnsw == HNSW and report.manifest.version != before.version
    assert AnswerService(settings).build_index().unchanged


def test_the_configuration_chroma_is_given() -> None:
    assert configuration() == {"hnsw": HNSW} and configuration()["hnsw"] is not HNSW
    custom = {"space": "cosine", "max_neighbors": 8, "ef_construction": 50, "ef_search": 60}
    assert configuration(custom) == {"hnsw": custom}
