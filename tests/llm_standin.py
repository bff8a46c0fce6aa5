"""An OpenAI-compatible chat-completions server on loopback, standing in for Ollama / vLLM / OpenAI.

No model ships with the project, so the LLM phrasing is tested against this: ``POST /v1/chat/completions``,
streamed (SSE chunks, a word at a time) or not. The reply depends on ``mode`` (set it between requests), or
on the requested ``model`` when that names a mode:

- ``echo``: a correct reply, "In short: " and the decided answer from the prompt;
- ``wrong-owner``: names the Chief Sales Officer as the owner (wrong for every question the tests ask);
- ``drop-owner``: names no role at all;
- ``slow``: holds the reply until the server stops (the client's timeout fires first);
- ``error``: HTTP 500 with an OpenAI-style error body;
- ``pause``: streams the first sentence of the correct reply, then waits for ``resume`` before the rest;
- ``late-wrong``: like ``pause``, but what follows names the wrong owner.

Every request body is recorded (``requests``; ``wait_requests`` waits for them without sleeping).
Run alone: ``python tests/llm_standin.py`` prints its base URL and serves until interrupted.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HOLD_SECONDS = 60.0  # the longest a held reply waits (the server's stop releases it sooner)
MODES = ("echo", "wrong-owner", "drop-owner", "slow", "error", "pause", "late-wrong")
WRONG = "The Chief Sales Officer (CSO) owns this, and nobody else."


def decided_answer(body: dict[str, Any]) -> str:
    """The decided answer the phrasing prompt carries ("Decided answer: ...\\nRoles:")."""
    text = "\n".join(str(m.get("content", "")) for m in body.get("messages", []) if m.get("role") == "user")
    found = re.search(r"Decided answer: (.*?)\nRoles:", text, re.DOTALL)
    return found.group(1).strip() if found else ""


class LLMStandin:
    def __init__(self, mode: str = "echo") -> None:
        self.mode = mode
        self.requests: list[dict[str, Any]] = []
        self.authorizations: list[str | None] = []  # the Authorization header of each request
        self.resume = threading.Event()  # lets a paused reply go on
        self.paused = threading.Event()  # set when a reply has paused
        self._stopping = threading.Event()
        self._cond = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="llm-standin", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> LLMStandin:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self.resume.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)

    def wait_requests(self, count: int = 1, timeout: float = 15.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.requests) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{len(self.requests)} of {count} LLM requests after {timeout}s")
                self._cond.wait(left)
            return list(self.requests)

    def _record(self, body: dict[str, Any], authorization: str | None) -> None:
        with self._cond:
            self.authorizations.append(authorization)
            self.requests.append(body)
            self._cond.notify_all()

    def mode_for(self, body: dict[str, Any]) -> str:
        model = body.get("model")
        return model if model in MODES else self.mode

    def reply(self, body: dict[str, Any]) -> list[str]:
        """The reply in parts; streamed, each part after the first waits for ``resume``."""
        model = self.mode_for(body)
        correct = "In short: " + decided_answer(body)
        if model == "wrong-owner":
            return [WRONG]
        if model == "drop-owner":
            return ["It depends on how your company is organised."]
        if model in ("pause", "late-wrong"):
            first, _, rest = correct.partition(". ")
            tail = WRONG if model == "late-wrong" else rest
            return [first + ". ", tail]
        return [correct]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def _json(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                standin._record(body, self.headers.get("Authorization"))
                if not self.path.endswith("/chat/completions"):
                    self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
                    return
                model = standin.mode_for(body)
                if model == "error":
                    self._json(500, {"error": {"message": "the model crashed", "type": "server_error"}})
                    return
                if model == "slow":
                    standin._stopping.wait(HOLD_SECONDS)
                parts = standin.reply(body)
                try:
                    if body.get("stream"):
                        self._stream(model, parts)
                    else:
                        text = "".join(parts)
                        self._json(200, completion(model, text))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (its timeout): fine

            def _stream(self, model: Any, parts: list[str]) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                self._event(chunk(model, {"role": "assistant", "content": ""}))
                for n, part in enumerate(parts):
                    if n:
                        standin.paused.set()
                        standin.resume.wait(HOLD_SECONDS)
                    for word in re.findall(r"\S+\s*|\s+", part):
                        self._event(chunk(model, {"content": word}))
                self._event(chunk(model, {}, "stop"))
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _event(self, payload: dict[str, Any]) -> None:
                self.wfile.write(b"data: " + json.dumps(payload).encode() + b"\n\n")
                self.wfile.flush()

        return Handler


def completion(model: Any, text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-standin",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {
            "prompt_tokens": 1,
            "completion_tokens": len(text.split()),
            "total_tokens": 1 + len(text.split()),
        },
    }


def chunk(model: Any, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-standin",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


if __name__ == "__main__":
    with LLMStandin() as server:
        print(server.base_url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
