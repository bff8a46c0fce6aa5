"""Request limits for the ``/v1`` API: a rate limit per key (429) and a cap on requests in flight (503).

Both are pure ASGI middleware, per process (with ``--workers N`` each worker counts on its own), and answer
with the API's JSON error shape and a ``Retry-After`` header. Health, metrics, the web page and the Slack
endpoint are never limited. The answer timeout (504) is in ``api.asking``: it needs the answering thread.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = [
    "LIMITED_PREFIX",
    "ConcurrencyLimitMiddleware",
    "InFlight",
    "RateLimitMiddleware",
    "RateLimiter",
    "client_key",
]

LIMITED_PREFIX = "/v1/"
# beyond this many keys, the least recently seen are forgotten (they start again with a full bucket)
MAX_TRACKED_KEYS = 100_000


def _limited(scope: Scope) -> bool:
    return scope["type"] == "http" and str(scope.get("path", "")).startswith(LIMITED_PREFIX)


async def _reject(send: Send, status: int, code: str, message: str, retry_after: int) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(retry_after).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RateLimiter:
    """Token buckets: each key may make ``per_minute`` requests in a burst, refilled at ``per_minute / 60``
    a second. Thread-safe; remembers at most ``max_keys`` keys."""

    def __init__(
        self,
        per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_TRACKED_KEYS,
    ) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1 (leave the limiter out to switch it off)")
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Spend one request for ``key``: 0.0 when allowed, else the seconds until one is available."""
        now = self.clock()
        with self._lock:
            tokens, at = self._buckets.pop(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - at) * self.rate)
            wait = 0.0
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = (1.0 - tokens) / self.rate
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
            return wait


def client_key(scope: Scope, api_keys: Sequence[str]) -> str:
    """Whom a request is counted against: a configured API key it presents, else its client address.

    An unknown or absent bearer token counts against the address, so rotating made-up keys gains nothing.
    Behind a proxy, the address is the one uvicorn derives (``--forwarded-allow-ips``)."""
    if api_keys:
        for name, value in scope.get("headers", ()):
            if name == b"authorization":
                scheme, _, token = value.decode("latin-1").partition(" ")
                token = token.strip()
                if scheme.lower() == "bearer" and any(
                    hmac.compare_digest(token.encode(), k.encode()) for k in api_keys
                ):
                    return "key:" + hashlib.sha256(token.encode()).hexdigest()[:16]
                break
    client = scope.get("client")
    return "ip:" + (str(client[0]) if client else "unknown")


class RateLimitMiddleware:
    """429 ``rate_limited`` with ``Retry-After`` once a key has used up its requests."""

    def __init__(self, app: ASGIApp, per_minute: int, api_keys: Sequence[str] = ()) -> None:
        self.app = app
        self.per_minute = per_minute
        self.api_keys = list(api_keys)
        self.limiter = RateLimiter(per_minute)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if _limited(scope):
            wait = self.limiter.take(client_key(scope, self.api_keys))
            if wait > 0:
                await _reject(
                    send,
                    429,
                    "rate_limited",
                    f"over {self.per_minute} requests a minute; retry after the Retry-After seconds",
                    max(1, math.ceil(wait)),
                )
                return
        await self.app(scope, receive, send)


class InFlight:
    """The work the concurrency limit counts: requests being served, and answers still being computed for
    requests that gave up on them (504), until their threads end. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests = 0
        self.orphans = 0

    @property
    def total(self) -> int:
        return self.requests + self.orphans

    def started(self) -> None:
        with self._lock:
            self.requests += 1

    def ended(self) -> None:
        with self._lock:
            self.requests -= 1

    def orphan(self) -> None:
        """A timed-out request leaves its answer thread behind: it still counts."""
        with self._lock:
            self.orphans += 1

    def orphan_done(self) -> None:
        with self._lock:
            self.orphans -= 1


class ConcurrencyLimitMiddleware:
    """503 ``overloaded`` with ``Retry-After`` while ``max_in_flight`` units of ``/v1`` work are under way.

    A request counts from when its body has arrived until its response is complete (streams included); an
    answer its request gave up on (504) counts until its thread has really ended (``InFlight``)."""

    def __init__(
        self, app: ASGIApp, max_in_flight: int, retry_after: int = 1, in_flight: InFlight | None = None
    ) -> None:
        self.app = app
        self.max_in_flight = max_in_flight
        self.retry_after = retry_after
        self.work = in_flight if in_flight is not None else InFlight()

    @property
    def in_flight(self) -> int:
        return self.work.total

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _limited(scope):
            await self.app(scope, receive, send)
            return
        busy = self.work.total
        if busy >= self.max_in_flight:
            orphans = f" ({self.work.orphans} of them answers still running after a timeout)" * bool(
                self.work.orphans
            )
            await _reject(
                send,
                503,
                "overloaded",
                f"{busy} requests are being served{orphans}, the limit; retry shortly",
                self.retry_after,
            )
            return
        self.work.started()
        try:
            await self.app(scope, receive, send)
        finally:
            self.work.ended()
