"""A real ``uvicorn`` process serving ``api.app:create_app`` with Slack on, pointed at the stand-in."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from slack_fakes import BOT_TOKEN, SIGNING_SECRET
from slack_standin import sign


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env(**extra: str) -> dict[str, str]:
    """The current environment without ASSISTANT_* / SLACK_* settings, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "SLACK_"))}
    env.update({"HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False", "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


class SlackServer:
    """``uvicorn --factory api.app:create_app`` on a free loopback port; its log goes to ``log_path``."""

    def __init__(self, data_dir: Path, api_url: str, log_path: Path, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.data_dir = data_dir
        self.env = clean_env(
            ASSISTANT_DATA_DIR=str(data_dir),
            ASSISTANT_SLACK_API_URL=api_url,
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            **env,
        )
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 180.0) -> SlackServer:
        command = [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--host", "127.0.0.1",
                   "--port", str(self.port), "--no-access-log"]  # fmt: skip
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited ({self.proc.returncode}):\n{self.log()}")
            try:
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"server not ready after {timeout}s:\n{self.log()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def post(
        self,
        body: bytes,
        content_type: str = "application/json",
        *,
        timestamp: int | None = None,
        **headers: str,
    ) -> httpx.Response:
        signed = {"Content-Type": content_type, **sign(body, SIGNING_SECRET, timestamp), **headers}
        return httpx.post(self.url + "/slack/events", content=body, headers=signed, timeout=10)

    def post_raw(self, body: bytes, headers: dict[str, str | bytes]) -> httpx.Response:
        raw = [(k.encode(), v if isinstance(v, bytes) else v.encode()) for k, v in headers.items()]
        return httpx.post(self.url + "/slack/events", content=body, headers=raw, timeout=10)
