"""The HTTP adapter: ``create_app(settings, service)`` builds the app; ``api.server.run`` serves it;
``api.commands`` adds ``assistant serve`` and ``assistant slack`` to the CLI (an entry point: the library never
imports this package)."""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # the app (and FastAPI) load when asked for, so the CLI's entry point into api.commands stays light
    if name == "create_app":
        from api.app import create_app

        return create_app
    raise AttributeError(name)
