"""A Slack Web API stand-in: a real HTTP server on a free loopback port; records calls, answers like Slack.

Point slack_sdk at ``standin.api_url`` (``ASSISTANT_SLACK_API_URL``). It answers ``auth.test``,
``chat.postMessage``, ``chat.postEphemeral``, ``chat.update``, ``views.*`` and ``response_url`` posts
(``standin.response_url(...)``), and records every call for the test to inspect.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_USER_ID = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM_ID = "T0STANDIN"
APP_ID = "A0STANDIN"


@dataclass
class Call:
    method: str  # Web API method ("chat.postMessage") or "response_url"
    params: dict[str, Any]
    token: str | None = None
    path: str = ""
    at: float = field(default_factory=time.time)


class SlackStandin:
    def __init__(self, *, not_in_channel: set[str] | None = None, port: int = 0) -> None:
        self.calls: list[Call] = []
        self.not_in_channel = not_in_channel or set()
        self._cond = threading.Condition()
        self._ts = itertools.count(1)
        self.socket_url: str | None = None  # set by SocketModeLink: what apps.connections.open hands out
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True, name="slack-standin"
        )

    # lifecycle -------------------------------------------------------------------------------------------
    def start(self) -> SlackStandin:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SlackStandin:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        return self.base + "/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base}/response/{name}"

    # inspection ------------------------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def posts(self) -> list[Call]:
        """Everything that would be visible to someone: messages, ephemerals, response_url replies."""
        visible = {"chat.postMessage", "chat.postEphemeral", "chat.update", "response_url"}
        with self._cond:
            return [c for c in self.calls if c.method in visible]

    def matching(self, wanted: Callable[[Call], bool]) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if wanted(c)]

    def wait_matching(
        self, wanted: Callable[[Call], bool], count: int = 1, timeout: float = 15.0, what: str = "calls"
    ) -> list[Call]:
        """Until ``count`` calls are ``wanted``; woken by each call as it arrives (no polling)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if wanted(c)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{what}: {len(found)} of {count} after {timeout}s")
                self._cond.wait(left)

    def wait_for(self, method: str, count: int = 1, timeout: float = 15.0) -> list[Call]:
        return self.wait_matching(lambda c: c.method == method, count, timeout, method)

    def clear(self) -> None:
        with self._cond:
            self.calls.clear()

    # the server ------------------------------------------------------------------------------------------
    def record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def _answer(self, call: Call) -> dict[str, Any]:
        if call.method == "auth.test":
            return {
                "ok": True,
                "url": "https://standin.slack.test/",
                "team": "Stand-in",
                "user": "roles",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "app_id": APP_ID,
            }
        channel = call.params.get("channel")
        if call.method == "chat.postMessage":
            if channel in self.not_in_channel:
                return {"ok": False, "error": "not_in_channel"}
            ts = f"{int(time.time())}.{next(self._ts):06d}"
            return {"ok": True, "channel": channel, "ts": ts, "message": {**call.params, "ts": ts}}
        if call.method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{int(time.time())}.{next(self._ts):06d}"}
        if call.method == "chat.update":
            return {"ok": True, "channel": channel, "ts": call.params.get("ts")}
        if call.method == "apps.connections.open":
            if not str(call.token).startswith("xapp-") or not self.socket_url:
                return {"ok": False, "error": "invalid_auth"}
            return {"ok": True, "url": self.socket_url}
        if call.method.startswith("views."):
            return {"ok": True, "view": {"id": "V0STANDIN", **(call.params.get("view") or {})}}
        return {"ok": False, "error": "unknown_method"}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                params = _parse(raw, self.headers.get("Content-Type") or "")
                auth = self.headers.get("Authorization") or ""
                token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else params.get("token")
                if self.path.startswith("/response/"):
                    standin.record(Call("response_url", params, None, self.path))
                    self._send(200, b"ok", "text/plain")
                    return
                method = self.path.removeprefix("/api/").split("?")[0]
                call = Call(method, params, token, self.path)
                standin.record(call)
                if not token or not str(token).startswith(("xox", "xapp-")):
                    answer: dict[str, Any] = {"ok": False, "error": "not_authed"}
                else:
                    answer = standin._answer(call)
                self._send(200, json.dumps(answer).encode(), "application/json; charset=utf-8")

        return Handler


def _parse(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        loaded = json.loads(raw)
        return loaded if isinstance(loaded, dict) else {"_": loaded}
    params: dict[str, Any] = dict(parse_qsl(raw.decode(), keep_blank_values=True))
    for key in ("blocks", "attachments", "view"):
        if isinstance(params.get(key), str):
            with contextlib.suppress(ValueError):
                params[key] = json.loads(params[key])
    return params


def sign(body: bytes, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """The two headers Slack sends with a request."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=" + digest}


def main() -> None:
    """Run the stand-in by hand (docs/SLACK.md): prints every call it receives."""
    import argparse

    parser = argparse.ArgumentParser(description="Slack Web API stand-in for trying the bot offline.")
    parser.add_argument("--port", type=int, default=8931)
    port = parser.parse_args().port
    standin = SlackStandin(port=port)
    printed = 0
    with standin:
        print(f"Slack stand-in: ASSISTANT_SLACK_API_URL={standin.api_url}", flush=True)
        try:
            while True:
                with standin._cond:
                    standin._cond.wait(1.0)
                    new = standin.calls[printed:]
                    printed = len(standin.calls)
                for call in new:
                    print(
                        json.dumps({"method": call.method, "params": call.params}, ensure_ascii=False),
                        flush=True,
                    )
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
