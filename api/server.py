"""Serve the app with uvicorn: ``run(settings, host, port, workers)`` (what ``assistant serve`` calls).

Two things are set on uvicorn itself, not the app: which proxies' ``X-Forwarded-For`` / ``-Proto`` are believed
(``ASSISTANT_FORWARDED_ALLOW_IPS``; none by default, where uvicorn would trust every loopback client, letting
any local caller pick its own rate-limit bucket), and the HTTP protocol, uvicorn's own with its one error it
writes itself — 400 for a request it cannot parse, such as a body longer than its Content-Length — in the API's
JSON error shape (``HTTP_PROTOCOL``, an import path: ``uvicorn --factory api.app:create_app --http
api.server:JsonErrorsHttpTools --forwarded-allow-ips ''`` does the same by hand).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import uvicorn
from pydantic import SecretStr
from uvicorn.protocols.http.h11_impl import H11Protocol

from api.app import create_app
from assistant.config import Settings, env_names

__all__ = ["FACTORY", "HTTP_PROTOCOL", "JsonErrorsH11", "run", "settings_env", "uvicorn_options"]

FACTORY = "api.app:create_app"
WORKER_STARTUP_WAIT_SECONDS = 120.0


def _bad_request(protocol: Any, msg: str) -> None:
    """Write a JSON 400 and close, where uvicorn writes text/plain (``send_400_response``)."""
    body = json.dumps(
        {"error": {"code": "bad_request", "message": f"invalid HTTP request: {msg.rstrip('.')}"}}
    ).encode()
    head = [b"HTTP/1.1 400 Bad Request\r\n"]
    for name, value in getattr(getattr(protocol, "server_state", None), "default_headers", []):
        head.append(name + b": " + value + b"\r\n")
    head.append(
        b"content-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n" % len(body)
    )
    transport = protocol.transport
    transport.write(b"".join(head) + body)
    transport.close()


class JsonErrorsH11(H11Protocol):
    """uvicorn's h11 protocol, its 400 in the JSON error shape."""

    def send_400_response(self, msg: str) -> None:
        _bad_request(self, msg)


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # pragma: no cover - httptools is optional for uvicorn
    HTTP_PROTOCOL = "api.server:JsonErrorsH11"
else:

    class JsonErrorsHttpTools(HttpToolsProtocol):
        """uvicorn's httptools protocol (its default when installed), its 400 in the JSON error shape."""

        def send_400_response(self, msg: str) -> None:
            _bad_request(self, msg)

    HTTP_PROTOCOL = "api.server:JsonErrorsHttpTools"


def log_config() -> dict[str, Any]:
    """uvicorn's logging, plus the library's and the adapters' own loggers (``assistant.*``: a store that
    cannot be reached, a Slack redelivery ignored, an index switched) at INFO on the same handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["assistant"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def uvicorn_options(settings: Settings) -> dict[str, object]:
    """What ``run`` sets on uvicorn from the settings: trusted proxies (none unless configured), the
    protocol with JSON errors, and logging that includes the ``assistant.*`` loggers."""
    trusted = settings.forwarded_allow_ips_list
    return {
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": ",".join(trusted),
        "http": HTTP_PROTOCOL,
        "log_config": log_config(),
    }


def settings_env(settings: Settings) -> dict[str, str]:
    """``ASSISTANT_*`` variables that rebuild ``settings`` in another process (a uvicorn worker); each the name
    that wins over the others a setting is read from (``ASSISTANT_SLACK_BOT_TOKEN`` over ``SLACK_BOT_TOKEN``).

    Secrets are unwrapped here, for the worker's environment only: ``settings`` itself keeps them masked."""
    env = {}
    for name, value in settings.model_dump().items():
        if isinstance(value, SecretStr):  # str() would give the mask, not the key
            value = value.get_secret_value()
        if value is not None:
            env[env_names(name)[0]] = str(value)
    return env


def run(
    settings: Settings, host: str = "127.0.0.1", port: int = 8000, workers: int = 1, **extra: object
) -> None:
    """Serve until interrupted. With ``workers > 1`` uvicorn spawns processes that build the app from the
    factory import string, with the settings passed in the environment; metrics are then aggregated through
    a ``PROMETHEUS_MULTIPROC_DIR`` (a temporary one unless set), and each worker takes requests only once it
    has loaded (``startup_wait_seconds``, 120 unless set), so one restarted after a crash never says 503."""
    options: dict[str, object] = {
        "host": host,
        "port": port,
        "log_level": "info",
        **uvicorn_options(settings),
        **extra,
    }
    if workers <= 1:
        uvicorn.run(create_app(settings), **options)  # type: ignore[arg-type]
        return
    if "startup_wait_seconds" not in settings.model_fields_set:
        # a worker that uvicorn restarts (after a crash) must not take requests before it has loaded: the
        # others answer meanwhile, where a loading worker would say 503
        settings = settings.model_copy(update={"startup_wait_seconds": WORKER_STARTUP_WAIT_SECONDS})
    for name, value in settings.model_dump().items():  # unset fields must not come back from the environment
        if value is None:
            for env_name in env_names(name):
                os.environ.pop(env_name, None)
    os.environ.update(settings_env(settings))
    own_dir = None
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        own_dir = tempfile.mkdtemp(prefix="assistant-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = own_dir
    Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)
    try:
        uvicorn.run(FACTORY, factory=True, workers=workers, **options)  # type: ignore[arg-type]
    finally:
        if own_dir is not None:
            os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
            shutil.rmtree(own_dir, ignore_errors=True)
