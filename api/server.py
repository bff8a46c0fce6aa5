"""Serve the app with uvicorn: ``run(settings, host, port, workers)`` (what ``assistant serve`` calls)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import uvicorn
from pydantic import SecretStr

from api.app import create_app
from assistant.config import Settings

__all__ = ["FACTORY", "run", "settings_env"]

FACTORY = "api.app:create_app"
WORKER_STARTUP_WAIT_SECONDS = 120.0


def settings_env(settings: Settings) -> dict[str, str]:
    """``ASSISTANT_*`` variables that rebuild ``settings`` in another process (a uvicorn worker)."""
    env = {}
    for name, value in settings.model_dump().items():
        if isinstance(value, SecretStr):  # str() would give the mask, not the key
            value = value.get_secret_value()
        if value is not None:
            env[f"ASSISTANT_{name.upper()}"] = str(value)
    return env


def run(
    settings: Settings, host: str = "127.0.0.1", port: int = 8000, workers: int = 1, **uvicorn_options: object
) -> None:
    """Serve until interrupted. With ``workers > 1`` uvicorn spawns processes that build the app from the
    factory import string, with the settings passed in the environment; metrics are then aggregated through
    a ``PROMETHEUS_MULTIPROC_DIR`` (a temporary one unless set), and each worker takes requests only once it
    has loaded (``startup_wait_seconds``, 120 unless set), so one restarted after a crash never says 503."""
    options: dict[str, object] = {"host": host, "port": port, "log_level": "info", **uvicorn_options}
    if workers <= 1:
        uvicorn.run(create_app(settings), **options)  # type: ignore[arg-type]
        return
    if "startup_wait_seconds" not in settings.model_fields_set:
        # a worker that uvicorn restarts (after a crash) must not take requests before it has loaded: the
        # others answer meanwhile, where a loading worker would say 503
        settings = settings.model_copy(update={"startup_wait_seconds": WORKER_STARTUP_WAIT_SECONDS})
    for name, value in settings.model_dump().items():  # unset fields must not come back from the environment
        if value is None:
            os.environ.pop(f"ASSISTANT_{name.upper()}", None)
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
