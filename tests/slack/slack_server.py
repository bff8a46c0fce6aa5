"""A real ``uvicorn`` process serving ``api.app:create_app`` with Slack on, pointed at the stand-in, and what
the tests read of a server process: its log, line by line as it is written (:class:`ProcessLog`), and its Slack
state (:func:`event_done`)."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

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


# The app's own INFO lines (a redelivery it ignored, a request it refused at the door) beside every warning and
# error of any library, uvicorn's included: what the tests wait for, and what must hold no traceback.
LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "out": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stdout"}
    },
    "root": {"level": "WARNING", "handlers": ["out"]},
    "loggers": {"assistant": {"level": "INFO"}, "uvicorn": {"level": "INFO"}},
}


class ProcessLog:
    """A child process's output, copied to ``path`` line by line by a thread that wakes whoever waits for a
    line (:meth:`wait_for`): a test waits for what the process says, never a fixed time."""

    def __init__(self, stream: IO[bytes], path: Path) -> None:
        self.path = path
        self._lines: list[str] = []
        self._closed = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._copy, args=(stream,), daemon=True, name="process-log")
        self._thread.start()

    def _copy(self, stream: IO[bytes]) -> None:
        with stream, open(self.path, "ab") as out:
            for raw in iter(stream.readline, b""):
                out.write(raw)
                out.flush()
                with self._cond:
                    self._lines.append(raw.decode(errors="replace"))
                    self._cond.notify_all()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def mark(self) -> int:
        """Where the log is now: :meth:`text` and :meth:`wait_for` can start from here."""
        with self._cond:
            return len(self._lines)

    def text(self, since: int = 0) -> str:
        with self._cond:
            return "".join(self._lines[since:])

    def wait_for(self, needle: str, count: int = 1, *, since: int = 0, timeout: float = 20.0) -> int:
        """Until ``count`` lines from ``since`` on contain ``needle``; how many do. TimeoutError otherwise, and
        at once when the process has ended without writing them."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = sum(needle in line for line in self._lines[since:])
                if found >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise TimeoutError(f"{found} of {count} log lines with {needle!r}:\n{self.text(since)}")
                self._cond.wait(left)

    def close(self) -> None:
        self._thread.join(10)


def event_done(data_dir: Path, event_id: str) -> bool:
    """Whether the app has recorded ``event_id`` as answered (its claim in ``slack.sqlite3`` marked done)."""
    path = data_dir / "slack.sqlite3"
    if not path.exists():
        return False
    with sqlite3.connect(path, timeout=10) as conn:
        try:
            row = conn.execute("SELECT done FROM slack_events WHERE event_id = ?", (event_id,)).fetchone()
        except sqlite3.OperationalError:  # no table yet: nothing claimed
            return False
    return row is not None and row[0] == 1


def event_claimed(data_dir: Path, event_id: str) -> bool:
    """Whether any listener of the app has claimed ``event_id`` (answered or not)."""
    path = data_dir / "slack.sqlite3"
    if not path.exists():
        return False
    with sqlite3.connect(path, timeout=10) as conn:
        try:
            row = conn.execute("SELECT 1 FROM slack_events WHERE event_id = ?", (event_id,)).fetchone()
        except sqlite3.OperationalError:
            return False
    return row is not None


def until(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Until ``condition()`` holds (read every 20 ms): for state the app writes but announces nowhere."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            raise TimeoutError(f"not within {timeout}s: {what}")
        time.sleep(0.02)


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
        self.output: ProcessLog | None = None

    def start(self, timeout: float = 180.0) -> SlackServer:
        log_config = self.log_path.with_suffix(".logging.json")
        log_config.write_text(json.dumps(LOG_CONFIG))
        command = [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--host", "127.0.0.1",
                   "--port", str(self.port), "--no-access-log", "--log-config", str(log_config)]  # fmt: skip
        self.proc = subprocess.Popen(command, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        assert self.proc.stdout is not None
        self.output = ProcessLog(self.proc.stdout, self.log_path)
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
        if self.output is not None:
            self.output.close()
        self.proc = None

    def log(self, since: int = 0) -> str:
        """What the server has written (from line ``since``: see ``output.mark()``)."""
        return self.output.text(since) if self.output is not None else ""

    def log_mark(self) -> int:
        return self.output.mark() if self.output is not None else 0

    def wait_logged(self, needle: str, count: int = 1, *, since: int = 0, timeout: float = 20.0) -> int:
        assert self.output is not None, "the server is not running"
        return self.output.wait_for(needle, count, since=since, timeout=timeout)

    def wait_done(
        self, event_id: str, *, redeliveries: int = 0, since: int = 0, timeout: float = 20.0
    ) -> None:
        """Until the app is done with every delivery of ``event_id``: the one it answered is recorded as done,
        and each of the ``redeliveries`` has been logged as ignored. A listener that lost the claim posts
        nothing; one that gets to claim after `done` cannot (only an unfinished claim can be taken over), so
        from here on the posts for this event are all there are."""
        until(lambda: event_done(self.data_dir, event_id), f"{event_id} recorded as answered", timeout)
        if redeliveries:
            self.wait_logged(f"{event_id} was already handled", redeliveries, since=since, timeout=timeout)

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
