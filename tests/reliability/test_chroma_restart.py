"""kill -9 of the Chroma server itself (a private one, on its own persist folder): a running service says
`index_unavailable` (HTTP 503, retry) while it is down, and answers again from the same index once it is back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from api_server import free_port
from harness import kill9, needs_chroma_server, report

from assistant.config import Settings
from assistant.errors import IndexUnavailable
from assistant.service import AnswerService

pytestmark = [pytest.mark.slow, needs_chroma_server, pytest.mark.timeout(180)]

CHROMA = os.environ.get("CHROMA_BIN") or str(Path(sys.executable).parent / "chroma")


@contextmanager
def chroma_server(path: Path, port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as out:
        process = subprocess.Popen(
            [CHROMA, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(15)


def test_a_killed_chroma_server_is_503_then_recovers(indexed_data_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    port = free_port()
    settings = Settings(data_dir=data, chroma_url=f"http://127.0.0.1:{port}", chroma_namespace="restart")
    with chroma_server(tmp_path / "chroma", port, tmp_path / "chroma.log") as first:
        service = AnswerService(settings)
        service.build_index()
        service.load()
        before = service.ask_traced("who owns marketing ROI?")
        assert before[0].roles[0].id == "cro"
        kill9(first.pid)
        first.wait(10)
        started = time.monotonic()
        with pytest.raises(IndexUnavailable, match="retry"):
            service.ask("who sets sales quotas?")
        refused_in = time.monotonic() - started
    with chroma_server(tmp_path / "chroma", port, tmp_path / "chroma.log"):
        again = service.ask_traced("who owns marketing ROI?")
        assert again[0].roles[0].id == "cro" and again[1] == before[1]  # the same index version, intact
        assert service.ask("who sets sales quotas?").roles[0].id == "sales_manager"
    service.close()
    report("kill-chroma-server", {"refused_in_ms": round(refused_in * 1000, 1), "recovered": True})
