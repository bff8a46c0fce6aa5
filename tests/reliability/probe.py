"""Helpers for the probe tests of issue 13: `assistant serve` in a real process over a private copy of the session
index, raw HTTP/1.1 on one keep-alive socket, the CPU time a server process has used, and SQLite counts.

These run on the embedded index (no Chroma server needed); each prints one ``RELIABILITY probe_...`` line.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from api_server import UvicornServer

CLI = [sys.executable, "-c", "from assistant.cli import main; main()"]

__all__ = [
    "CLI",
    "RawConnection",
    "conversation_count",
    "cpu_seconds",
    "cpu_when_idle",
    "serve",
    "turn_count",
    "wait_until",
]


def serve(
    indexed: Path, settings: Any, tmp: Path, env: dict[str, str], *args: str
) -> tuple[UvicornServer, Path]:
    """`assistant serve` (the CLI, as a deployment runs it) over a private copy of the session index; the
    server (not started: use it as a context manager) and its data folder."""
    from api.server import settings_env

    data = tmp / "data"
    shutil.copytree(indexed, data, ignore=shutil.ignore_patterns("*.lock"))
    server = UvicornServer(
        {**settings_env(settings), "ASSISTANT_DATA_DIR": str(data), **env},
        tmp / "serve.log",
        command=[*CLI, "serve", "--port", "{port}", *args],
    )
    return server, data


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_when_idle(pid: int, quiet: float = 0.5, timeout: float = 60.0) -> float:
    """The process's CPU time once it has stopped using any (no more than 20 ms over ``quiet`` seconds): the
    work of an abandoned request has then ended, whether or not anything told the client."""
    samples = [cpu_seconds(pid)]

    def idle() -> bool:
        time.sleep(quiet)
        samples.append(cpu_seconds(pid))
        return samples[-1] - samples[-2] < 0.02

    wait_until(idle, timeout, "the server to go idle")
    return samples[-1]


def wait_until(check: Callable[[], bool], timeout: float = 30.0, what: str = "the condition") -> None:
    """Poll ``check`` (a cheap request or file read) until it holds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def _db(data_dir: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{data_dir / 'conversations.sqlite3'}?mode=ro", uri=True)


def conversation_count(data_dir: Path) -> int:
    with _db(data_dir) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM conversations").fetchone()[0])


def turn_count(data_dir: Path, key_suffix: str) -> int:
    """Stored turns of the conversation whose key ends with ``:<id>`` (whatever its owner prefix)."""
    with _db(data_dir) as conn:
        row = conn.execute(
            "SELECT COUNT(*) FROM turns WHERE conversation_id LIKE ?", (f"%:{key_suffix}",)
        ).fetchone()
        return int(row[0])


class RawConnection:
    """One keep-alive TCP connection, speaking raw HTTP/1.1 (to see exactly what the server does with it)."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=15)
        self.buffer = b""

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> None:
        head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if body or method == "POST":
            head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        self.send(("\r\n".join(head) + "\r\n\r\n").encode() + body)

    def response(self) -> tuple[int, dict[str, str], bytes]:
        """The next response (Content-Length framed); raises ConnectionError when the server closed it."""
        while b"\r\n\r\n" not in self.buffer:
            self._read()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
        length = int(headers.get("content-length", "0"))
        while len(self.buffer) < length:
            self._read()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return int(lines[0].split()[1]), headers, body

    def closed_by_server(self) -> bool:
        try:
            self._read()
        except ConnectionError:
            return True
        return False

    def _read(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk

    def close(self) -> None:
        self.sock.close()


def json_body(body: bytes) -> Any:
    return json.loads(body)
