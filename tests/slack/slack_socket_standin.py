"""Socket Mode for the stand-in: a minimal WebSocket server on a free loopback port.

``apps.connections.open`` (on :class:`SlackStandin`) hands out its ``ws://`` URL; slack_sdk's built-in client
connects (plain TCP for ports other than 443), gets ``hello``, and then the test pushes envelopes with
:meth:`SocketModeLink.send`. The bot's acks come back as ``Call("socket_ack", ...)`` on the stand-in.
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import socketserver
import struct
import threading
import time
from typing import Any

from slack_standin import Call, SlackStandin

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def _frame(opcode: int, payload: bytes) -> bytes:
    size = len(payload)
    if size < 126:
        head = struct.pack("!BB", 0x80 | opcode, size)
    elif size < 1 << 16:
        head = struct.pack("!BBH", 0x80 | opcode, 126, size)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 127, size)
    return head + payload


def _read_exact(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def _read_frame(sock: socket.socket) -> tuple[int, bytes]:
    b0, b1 = _read_exact(sock, 2)
    size = b1 & 0x7F
    if size == 126:
        (size,) = struct.unpack("!H", _read_exact(sock, 2))
    elif size == 127:
        (size,) = struct.unpack("!Q", _read_exact(sock, 8))
    mask = _read_exact(sock, 4) if b1 & 0x80 else b"\0\0\0\0"
    data = _read_exact(sock, size)
    return b0 & 0x0F, bytes(c ^ mask[i % 4] for i, c in enumerate(data))


class SocketModeLink:
    """One WebSocket endpoint; the newest connection is the one :meth:`send` writes to."""

    def __init__(self, standin: SlackStandin) -> None:
        self.standin = standin
        self._conn: socket.socket | None = None
        self._lock = threading.Lock()
        self._connected = threading.Event()
        link = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                link._serve(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        standin.socket_url = f"ws://{host!s}:{port}/link/?ticket=standin"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> SocketModeLink:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._conn is not None:
            self._conn.close()

    def wait_connected(self, timeout: float = 60.0) -> None:
        if not self._connected.wait(timeout):
            raise TimeoutError("the bot did not open a Socket Mode connection")

    def send(self, envelope: dict[str, Any]) -> None:
        with self._lock:
            assert self._conn is not None, "no Socket Mode connection"
            self._conn.sendall(_frame(0x1, json.dumps(envelope).encode()))

    def _serve(self, sock: socket.socket) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = sock.recv(1024)
            if not chunk:
                return
            request += chunk
        headers = dict(line.split(": ", 1) for line in request.decode().split("\r\n")[1:] if ": " in line)
        key = {k.lower(): v for k, v in headers.items()}["sec-websocket-key"].strip()
        accept = base64.b64encode(hashlib.sha1(key.encode() + _GUID).digest()).decode()
        sock.sendall(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + f"Sec-WebSocket-Accept: {accept}\r\n\r\n".encode()
        )
        with self._lock:
            self._conn = sock
            hello = {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0STANDIN"}}
            sock.sendall(_frame(0x1, json.dumps(hello).encode()))
        self._connected.set()
        try:
            while True:
                opcode, payload = _read_frame(sock)
                if opcode == 0x9:  # ping → pong
                    with self._lock:
                        sock.sendall(_frame(0xA, payload))
                elif opcode == 0x1:
                    self.standin.record(Call("socket_ack", json.loads(payload), at=time.time()))
                elif opcode == 0x8:
                    with self._lock:
                        sock.sendall(_frame(0x8, b""))
                    return
        except (ConnectionError, OSError):
            return
