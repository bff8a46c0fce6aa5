"""The HTTP adapter: ``create_app(settings, service)`` builds the app; ``api.server.run`` serves it."""

from api.app import create_app

__all__ = ["create_app"]
