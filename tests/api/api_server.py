"""Start the app in a real uvicorn process on a free loopback port and wait until /readyz says 200."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]


def private_index(real_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session index for another process (an embedded index is locked by its user)."""
    copy = tmp_path_factory.mktemp("served") / "data"
    shutil.copytree(real_data_dir, copy, ignore=shutil.ignore_patterns("*.lock"))
    return copy


def served_env(service: Any, data_dir: Path) -> dict[str, str]:
    """Environment for a server process over the same index as ``service`` (its settings: Chroma server and
    namespace included), with ``data_dir`` (a private copy) as the data folder."""
    from api.server import settings_env

    return {**settings_env(service.settings), "ASSISTANT_DATA_DIR": str(data_dir)}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class UvicornServer:
    def __init__(
        self,
        env: dict[str, str],
        log_path: Path,
        *,
        command: list[str] | None = None,
        ready_timeout: float = 180.0,
    ) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.ready_timeout = ready_timeout
        self.command = command or [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "api.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "warning",
        ]
        self.env = {**os.environ, **env}
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> UvicornServer:
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [part.replace("{port}", str(self.port)) for part in self.command],
            cwd=REPO,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"uvicorn exited early:\n{self.log()}")
            try:
                if httpx.get(self.base_url + "/readyz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"uvicorn not ready after {self.ready_timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self._log.close()
