"""What the commands of the `assistant` CLI share — the library's own (``assistant.cli``,
``assistant.cli_reports``) and those adapters register (``api.commands``): the service, library errors as clean
CLI errors, progress bars, the busy-index check."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from assistant.cli_output import err
from assistant.config import Settings
from assistant.errors import AssistantError, IndexBusy, IndexNotFound, InvalidQuestion

__all__ = [
    "ServerOption",
    "asking_service",
    "ensure_loaded",
    "errors",
    "index_free",
    "local_service",
    "progress",
    "progress_build",
]

ServerOption = Annotated[
    str | None,
    typer.Option(
        "--server",
        help="Ask a running `assistant serve` at this URL over HTTP instead of opening the index "
        "(ASSISTANT_SERVER_URL; its key: ASSISTANT_SERVER_API_KEY).",
    ),
]


def local_service(settings: Settings | None = None) -> Any:
    """An ``AnswerService`` (imported when a command runs: `assistant --help` loads nothing heavy)."""
    from assistant.service import AnswerService

    return AnswerService(settings or Settings())


def asking_service(server: str | None) -> Any:
    """The service `ask` and `chat` use: a running server over HTTP (``--server`` / ASSISTANT_SERVER_URL), or
    the index itself — refused at once, with what to do, when another process has the embedded index open."""
    settings = Settings()
    url = server or settings.server_url
    if url:
        from assistant.remote import RemoteService

        return RemoteService(url, settings.server_api_key)
    index_free(settings)
    return local_service(settings)


def index_free(settings: Settings) -> None:
    """IndexBusy, saying what to do, when another process has the embedded index open."""
    from index.store import IndexStore

    folder = IndexStore(settings).in_use()
    if folder is not None:
        raise IndexBusy(
            f"the index {folder} is open in another process (a running `assistant serve`?), and an embedded "
            "index serves one process at a time. Ask that server instead: `assistant ask --server "
            "http://127.0.0.1:8000 ...` (or set ASSISTANT_SERVER_URL); or stop it; or run a Chroma server "
            "(ASSISTANT_CHROMA_URL) that every process shares"
        )


@contextmanager
def errors() -> Iterator[None]:
    """Library errors become one red line and an exit code: 2 for bad input, 1 for the rest."""
    try:
        yield
    except InvalidQuestion as exc:
        err.print(f"[red]Error:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(2) from exc
    except AssistantError as exc:
        err.print(f"[red]Error:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(1) from exc


def progress(task_name: str = "Embedding") -> Any:
    """A progress bar on stderr that disappears when done."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn(task_name),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def progress_build(service: Any, rebuild: bool, strict: bool = False) -> Any:
    """``service.build_index`` with a progress bar; the build report."""
    with progress() as bar:
        task = bar.add_task("embed", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return service.build_index(rebuild=rebuild, progress=advance, strict=strict)


def ensure_loaded(service: Any) -> None:
    """Open the index, building it first (once, with a progress bar) when there is none."""
    try:
        service.load()
    except IndexNotFound:
        err.print("No index yet: building it first (one-time, a few seconds)...")
        progress_build(service, False)
        service.load()
