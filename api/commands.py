"""``assistant serve`` and ``assistant slack``: the commands this adapter adds to the library's CLI.

Registered through the ``role_assistant.commands`` entry point (pyproject.toml), so the library's CLI never
imports ``api``; everything heavy is imported when a command runs."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli_common import ServerOption, errors, index_free
from assistant.config import Settings

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``slack`` to ``app``."""

    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port.")] = 8000,
        workers: Annotated[
            int, typer.Option(help="Worker processes (needs ASSISTANT_CHROMA_URL when > 1).")
        ] = 1,
        forwarded_allow_ips: Annotated[
            str | None,
            typer.Option(
                help="Comma-separated addresses of reverse proxies whose X-Forwarded-For is believed "
                "(ASSISTANT_FORWARDED_ALLOW_IPS); default: none."
            ),
        ] = None,
    ) -> None:
        """Run the HTTP API, the web page and (when configured) the Slack endpoint with uvicorn."""
        with errors():
            from api.server import run
            from assistant.storage import check_writable

            settings = Settings()
            if forwarded_allow_ips is not None:
                settings = settings.model_copy(update={"forwarded_allow_ips": forwarded_allow_ips})
            check_writable(settings.data_dir)  # one clear line, not a traceback from deep inside the startup
            run(settings, host=host, port=port, workers=workers)

    @app.command()
    def slack(server: ServerOption = None) -> None:
        """Run the Slack bot in Socket Mode (needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN)."""
        with errors():
            from api.slack.socket import run
            from assistant.storage import check_writable

            settings = Settings()
            check_writable(settings.data_dir)
            url = server or settings.server_url
            if url:
                from assistant.remote import RemoteService

                run(settings, service=RemoteService(url, settings.server_api_key))
                return
            index_free(settings)
            run(settings)
