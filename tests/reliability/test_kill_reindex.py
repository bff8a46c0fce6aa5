"""kill -9 of `assistant index --rebuild` mid-build, twice (while it embeds, and once its new collection
exists): the old index keeps serving without a failed request; the next reindex succeeds, drops the orphan
and the service switches to it."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from harness import Deployment, Load, chat_client, kill9, needs_chroma_server, report, summary

pytestmark = [pytest.mark.slow, needs_chroma_server, pytest.mark.timeout(240)]

CLIENTS = 8
KEYS = [f"reliability-reindex-key-{i}" for i in range(CLIENTS)]  # one per client: rate limits stay on


def _cached_embeddings(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "embedding-cache.sqlite", timeout=10) as db:
        return int(db.execute("SELECT COUNT(*) FROM emb").fetchone()[0])


def _kill_when(process: subprocess.Popen[bytes], condition: Callable[[], bool], what: str) -> float:
    """kill -9 ``process`` as soon as ``condition`` holds; returns when. Fails if the build ends first."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the reindex ended (exit {process.returncode}) before {what}")
        if condition():
            kill9(process.pid)
            process.wait(10)
            return time.monotonic()
        time.sleep(0.02)
    process.kill()
    raise TimeoutError(f"the reindex never reached: {what}")


def _serving(base_url: str) -> str:
    return str(httpx.get(base_url + "/readyz", timeout=10).json()["collection"])


def test_kill_9_mid_reindex_keeps_the_old_index_serving(deployment: Deployment, tmp_path: Path) -> None:
    old = deployment.manifest()
    with sqlite3.connect(deployment.data_dir / "embedding-cache.sqlite") as db:  # real embedding work to kill
        db.execute("DELETE FROM emb WHERE rowid % 8 = 0")
    cached = _cached_embeddings(deployment.data_dir)
    log = tmp_path / "reindex.log"
    deployment.env_extra["ASSISTANT_API_KEYS"] = ",".join(KEYS)

    with deployment.serve(tmp_path / "serve.log", workers=1) as server:
        clients = [
            chat_client(server.base_url, f"c{i}", key=KEYS[i], seed=200 + i, pause=0.2)
            for i in range(CLIENTS)
        ]
        load = Load(clients).start()
        started = time.monotonic()
        try:
            # 1. killed while embedding (the embedding cache has grown, no collection yet)
            first = deployment.reindex(log)
            _kill_when(first, lambda: _cached_embeddings(deployment.data_dir) > cached, "embedding")
            assert deployment.manifest() == old and _serving(server.base_url) == old.collection

            # 2. killed once its new collection exists on the server (being filled or validated)
            second = deployment.reindex(log)
            _kill_when(
                second, lambda: deployment.collections() - {old.collection} != set(), "a new collection"
            )
            orphans = deployment.collections() - {old.collection}
            assert orphans, "the kill should have left a half-built collection behind"
            time.sleep(1.0)
            assert deployment.manifest() == old and _serving(server.base_url) == old.collection
            killed_phase_ended = time.monotonic()

            # 3. the next reindex succeeds, drops the orphan, and the service switches to it
            third = deployment.reindex(log)
            assert third.wait(120) == 0, log.read_text()
            new = deployment.manifest()
            assert new.version != old.version and new.previous == old.version
            assert deployment.collections() == {old.collection, new.collection}
            deadline = time.monotonic() + 15
            while _serving(server.base_url) != new.collection and time.monotonic() < deadline:
                time.sleep(0.1)
            assert _serving(server.base_url) == new.collection
            time.sleep(1.0)
        finally:
            results = load.stop()
        elapsed = time.monotonic() - started
        assert "Traceback" not in server.log(), server.log()

    assert [r for r in results if not r.ok] == []
    served = Counter(r.index for r in results)
    assert set(served) <= {old.collection, new.collection}, served
    assert {r.index for r in results if r.started < killed_phase_ended} == {old.collection}
    documents = {name: deployment.documents(name) for name in served}
    for r in results:
        for chunk_id, quote in r.citations:
            assert quote in documents[r.index][chunk_id]

    figures = summary(results, elapsed)
    figures.update(
        clients=CLIENTS,
        workers=1,
        kills=2,
        orphans_dropped=len(orphans),
        answers_old_index=served[old.collection],
        answers_new_index=served[new.collection],
    )
    report("kill-reindex", figures)
