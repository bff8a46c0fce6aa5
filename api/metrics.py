"""Prometheus metrics, one registry per app (so tests can build many apps).

With several uvicorn workers, set ``PROMETHEUS_MULTIPROC_DIR`` (``api.server.run`` does) and ``/metrics``
aggregates every worker's figures.
"""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]

_BUCKETS = (0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "assistant_http_requests",
            "HTTP requests by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "assistant_http_request_duration_seconds",
            "HTTP request latency (to the last byte) by method and route template.",
            ["method", "route"],
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.answers = Counter(
            "assistant_answers",
            "Answers given, by adapter and outcome (answered / declined).",
            ["adapter", "outcome"],
            registry=self.registry,
        )
        self.declined = Counter(
            "assistant_answers_declined",
            "Answers where the assistant declined (out of scope or nothing found).",
            ["adapter"],
            registry=self.registry,
        )
        self.cache_hits = Counter(
            "assistant_answer_cache_hits", "Answers served from the answer cache.", registry=self.registry
        )

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    def observe_answer(self, adapter: str, answered: bool) -> None:
        self.answers.labels(adapter, "answered" if answered else "declined").inc()
        if not answered:
            self.declined.labels(adapter).inc()

    def render(self) -> bytes:
        multiproc_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        if multiproc_dir:
            registry = CollectorRegistry()
            MultiProcessCollector(registry, path=multiproc_dir)
            return generate_latest(registry)
        return generate_latest(self.registry)
