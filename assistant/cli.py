"""The `assistant` command: thin wrappers over the library that turn its errors into clean CLI errors.

Here: `index`, `ask` and `chat`; `check`, `roles`, `eval` and `feedback` come from ``assistant.cli_reports``,
`serve` and `slack` from the adapter (``api.commands``, through the ``role_assistant.commands`` entry point).
What the commands share (errors, progress, the service, the busy-index check) is ``assistant.cli_common``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant import __version__, cli_reports
from assistant.cli_common import (
    ServerOption,
    asking_service,
    ensure_loaded,
    errors,
    index_free,
    local_service,
    progress_build,
)
from assistant.cli_output import err, out, print_self_test, render
from assistant.config import Settings
from assistant.errors import IndexMismatch, InvalidQuestion
from assistant.types import Answer, Turn

if TYPE_CHECKING:
    from assistant.reference_models import About

app = typer.Typer(
    help="Role Assistant: who owns what in an organisation, from its role documents, with citations.",
    no_args_is_help=True,
)


def _print_version(value: bool) -> None:
    if value:
        print(f"role-assistant {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
    corpus: Annotated[
        Path | None,
        typer.Option(
            "--corpus",
            exists=True,
            file_okay=False,
            help="The corpus folder every command uses (default: ASSISTANT_CORPUS_DIR, else the bundled one).",
        ),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            file_okay=False,
            help="Where the index and the stores live (default: ASSISTANT_DATA_DIR, else the user data folder).",
        ),
    ] = None,
) -> None:
    """Role Assistant: who owns what in an organisation, from its role documents, with citations."""
    # the command's settings are read from the environment (Settings()), so the options go there, for this
    # process only: `assistant --corpus examples/clinic-en index` is ASSISTANT_CORPUS_DIR=examples/clinic-en
    if corpus is not None:
        os.environ["ASSISTANT_CORPUS_DIR"] = str(corpus.resolve())
    if data_dir is not None:
        os.environ["ASSISTANT_DATA_DIR"] = str(data_dir.resolve())


@app.command()
def index(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Build a fresh index even if nothing changed.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Keep the old index when the new one fails its self-test (a gate for CI)."
        ),
    ] = False,
) -> None:
    """Build or update the persistent index (idempotent: nothing changed means no embedding work). A new
    index answers questions made from the role data (its self-test); failures are reported, and with --strict
    the build is refused."""
    with errors():
        service = local_service()
        report = progress_build(service, rebuild, strict)
        m = report.manifest
        if report.unchanged:
            out.print(f"Index is up to date: {m.count} chunks, {m.model} ({report.seconds:.2f}s).")
        else:
            out.print(
                f"Built index {m.version}: {m.count} chunks ({report.embedded} embedded, {report.reused} from cache), "
                f"model {m.model}, {m.dim} dimensions, in {report.seconds:.1f}s."
            )
        if report.self_test is not None:
            print_self_test(report.self_test)
            if report.self_test.failed:
                out.print("`assistant check` says more; `assistant index --strict` refuses such a build.")


@app.command()
def ask(
    question: Annotated[
        str, typer.Argument(help='The question, or "-" to read one question per line from stdin.')
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer object as JSON.")] = False,
    server: ServerOption = None,
) -> None:
    """Answer one question (or, with "-", each line of stdin)."""
    with errors():
        if question != "-":
            from assistant.service import check_question

            check_question(question, Settings().max_question_chars)
        service = asking_service(server)
        ensure_loaded(service)
        if question == "-":  # one result per input line, in order; a bad line is an error object
            from assistant.batch import answer_lines

            for result in answer_lines(service, sys.stdin.buffer, Settings().max_question_chars):
                if as_json:
                    print(json.dumps(result, ensure_ascii=False), flush=True)
                elif "error" in result:
                    err.print(f"line {result['line']}: {result['error']['message']}", markup=False)
                else:
                    render(Answer.from_dict(result))
            return
        answer = service.ask(question)
        if as_json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        else:
            render(answer)


@app.command()
def chat(server: ServerOption = None) -> None:
    """An interactive session that keeps context ("who do they report to?"). Ctrl-D or 'exit' to leave."""
    with errors():
        service = asking_service(server)
        ensure_loaded(service)
        history: list[Turn] = []
        about: About = service.about()
        out.print(f"[dim]{about.name}: {about.summary[about.languages[0]]}[/dim]", highlight=False)
        out.print("[dim]Empty line or Ctrl-D to quit.[/dim]")
        while True:
            try:
                line = out.input("[bold green]?[/bold green] ")
            except (EOFError, KeyboardInterrupt):
                out.print()
                break
            if not line.strip() or line.strip().lower() in {"exit", "quit", "lopeta"}:
                break
            try:
                answer = service.ask(line, history)
            except InvalidQuestion as exc:
                err.print(f"[red]Error:[/red] {exc}")
                continue
            history.append(Turn(line, answer))
            render(answer)


COMMANDS_GROUP = "role_assistant.commands"


def load_commands() -> None:
    """Commands adapters add (``serve`` and ``slack`` from the HTTP/Slack adapter, ``api.commands``): each
    entry point of the ``role_assistant.commands`` group is a ``register(app)`` function. The library names
    no adapter; the adapters register themselves, as llm's plugins do."""
    from importlib.metadata import entry_points

    for entry in sorted(entry_points(group=COMMANDS_GROUP), key=lambda e: e.name):
        try:
            entry.load()(app)
        except Exception as exc:  # a broken adapter must not take the library's own commands down
            err.print(
                f"[yellow]Warning:[/yellow] commands from {entry.value} not loaded: {exc}", soft_wrap=True
            )


cli_reports.register(app)  # check, roles, eval, feedback
load_commands()


def main() -> None:
    app()


__all__ = ["IndexMismatch", "ServerOption", "app", "errors", "index_free", "load_commands", "main", "render"]
