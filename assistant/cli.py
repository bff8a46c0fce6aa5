"""The `assistant` command: thin wrappers over the library that turn its errors into clean CLI errors."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from assistant import __version__
from assistant.cli_output import (
    err,
    out,
    owners,
    print_check,
    print_eval,
    print_self_test,
    render,
    roles_tree,
)
from assistant.config import Settings
from assistant.errors import AssistantError, IndexBusy, IndexMismatch, IndexNotFound, InvalidQuestion
from assistant.types import Answer, Turn

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
) -> None:
    """Role Assistant: who owns what in an organisation, from its role documents, with citations."""


def _service(settings: Settings | None = None) -> Any:
    from assistant.service import AnswerService

    return AnswerService(settings or Settings())


ServerOption = Annotated[
    str | None,
    typer.Option(
        "--server",
        help="Ask a running `assistant serve` at this URL over HTTP instead of opening the index "
        "(ASSISTANT_SERVER_URL; its key: ASSISTANT_SERVER_API_KEY).",
    ),
]


def _asking_service(server: str | None) -> Any:
    """The service `ask` and `chat` use: a running server over HTTP (``--server`` / ASSISTANT_SERVER_URL), or
    the index itself — refused at once, with what to do, when another process has the embedded index open."""
    settings = Settings()
    url = server or settings.server_url
    if url:
        from assistant.remote import RemoteService

        return RemoteService(url, settings.server_api_key)
    _index_free(settings)
    return _service(settings)


def _index_free(settings: Settings) -> None:
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
def _errors() -> Iterator[None]:
    """Library errors become one red line and an exit code: 2 for bad input, 1 for the rest."""
    try:
        yield
    except InvalidQuestion as exc:
        err.print(f"[red]Error:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(2) from exc
    except AssistantError as exc:
        err.print(f"[red]Error:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(1) from exc


def _progress(task_name: str = "Embedding") -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn(task_name),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def _progress_build(service: Any, rebuild: bool, strict: bool = False) -> Any:
    with _progress() as bar:
        task = bar.add_task("embed", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return service.build_index(rebuild=rebuild, progress=progress, strict=strict)


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
    with _errors():
        service = _service()
        report = _progress_build(service, rebuild, strict)
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
def check(
    corpus: Annotated[
        Path | None,
        typer.Argument(help="The corpus folder (default: ASSISTANT_CORPUS_DIR, the bundled one)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Exit 1 on any warning or failed self-test question, not only errors."),
    ] = False,
    self_test: Annotated[
        bool, typer.Option("--self-test/--no-self-test", help="--no-self-test: validate only (no index).")
    ] = True,
) -> None:
    """Validate a corpus and report, per role and duty, whether its own phrasings find it (and why not), names
    that collide or are not found, missing translations and roles without duties. Exit 1 when the corpus is not
    valid (with --strict: on any warning)."""
    from assistant.check import check as run_check

    with _errors():
        settings = Settings()
        folder = corpus or settings.corpus_dir
        with _progress("Embedding (self-test index)") as bar:
            task = bar.add_task("embed", total=None)
            report = run_check(
                settings,
                folder,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                index=self_test,
            )
        if as_json:
            print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            print_check(report, strict)
        if not report.ok(strict):
            raise typer.Exit(1)


def _ensure_loaded(service: Any) -> None:
    try:
        service.load()
    except IndexNotFound:
        err.print("No index yet: building it first (one-time, a few seconds)...")
        _progress_build(service, False)
        service.load()


@app.command()
def ask(
    question: Annotated[
        str, typer.Argument(help='The question, or "-" to read one question per line from stdin.')
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer object as JSON.")] = False,
    server: ServerOption = None,
) -> None:
    """Answer one question (or, with "-", each line of stdin)."""
    with _errors():
        if question != "-":
            from assistant.service import check_question

            check_question(question, Settings().max_question_chars)
        service = _asking_service(server)
        _ensure_loaded(service)
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
    with _errors():
        service = _asking_service(server)
        _ensure_loaded(service)
        history: list[Turn] = []
        about = service.about()
        out.print(f"[dim]{about['name']}: {about['summary'][about['languages'][0]]}[/dim]", highlight=False)
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


class Fmt(StrEnum):
    table = "table"
    markdown = "markdown"
    csv = "csv"
    json = "json"


@app.command()
def roles(fmt: Annotated[Fmt, typer.Option("--format", help="Output format.")] = Fmt.table) -> None:
    """The hierarchy as a tree and a who-owns-what table."""
    with _errors():
        service = _service()
        rows = service.ownership()
        names = {r["id"]: r["name"] for r in service.roles()}
        if fmt is Fmt.json:
            print(
                json.dumps(
                    {"hierarchy": service.hierarchy(), "roles": service.roles(), "ownership": rows},
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        table_rows = [(r["en"], owners(r, names), ", ".join(names[i] for i in r["shared"])) for r in rows]
        if fmt is Fmt.csv:
            buf = io.StringIO()
            writer = csv.writer(buf)
            writer.writerow(["duty", "primary", "shared"])
            writer.writerows(table_rows)
            print(buf.getvalue(), end="")
            return
        if fmt is Fmt.markdown:
            print("| Duty | Primary | Shared |\n| --- | --- | --- |")
            for duty, primary, shared in table_rows:
                print(f"| {duty} | {primary} | {shared} |")
            return
        out.print(roles_tree(service.about(), service.hierarchy(), names))
        table = Table("Duty", "Primary", "Shared", title="Who owns what")
        for row in table_rows:
            table.add_row(*row)
        out.print(table)


@app.command(name="eval")
def evaluate(
    file: Annotated[
        Path | None, typer.Argument(help="Questions file (JSONL). Default: the bundled set.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
    baseline: Annotated[bool, typer.Option(help="Also score the naive baseline.")] = True,
    failures: Annotated[bool, typer.Option("--failures", help="List the questions that failed.")] = False,
    perturb: Annotated[
        bool, typer.Option("--perturb", help="Also answer chat-style copies of every question (invariance).")
    ] = False,
    examples: Annotated[
        bool,
        typer.Option(
            "--examples/--no-examples",
            help="--no-examples: score an index built without the example questions of asks.yaml (ablation).",
        ),
    ] = True,
) -> None:
    """Evaluation report: top-1, compare, declines, verbatim citations, conversation turns; overall and per
    language; with --perturb, the share of answers that stay right under chat noise."""
    from assistant.eval import NaiveBaseline, load_records, score, score_perturbed, targets_missed

    with _errors():
        service = _service()
        if not examples:  # its own index beside the main one: the corpus differs
            settings = service.settings
            service = _service(
                settings.model_copy(update={"examples": False, "data_dir": settings.data_dir / "no-examples"})
            )
            err.print("Scoring without the example questions (asks.yaml).")
        _progress_build(service, False)  # the index of this corpus (a no-op when it is up to date)
        service.load()
        path = file or service.settings.corpus_dir / "eval" / "questions.jsonl"
        try:
            records = load_records(path)
        except (OSError, ValueError) as exc:
            raise AssistantError(str(exc)) from exc
        sources = "\n\n".join(service.corpus.texts.values())
        n = sum(len(c.turns) for c in records)
        report: dict[str, Any] = {
            "file": str(path),
            "questions": n,
            "examples": examples,
            "assistant": score(records, service.ask, sources),
        }
        if baseline:
            naive = NaiveBaseline(service.corpus, service.embeddings)
            report["baseline"] = score(records, naive.answer, sources)
        if perturb:
            book = service.corpus.book
            report["perturb"] = score_perturbed(
                records, service.ask, lambda text: [(m.start, m.end) for m in book.mentions(text)]
            )
        report["targets_missed"] = targets_missed(report["assistant"])
        if as_json:
            print(json.dumps(report, ensure_ascii=False, indent=2))
            return
        print_eval(report, path.name, n, baseline, failures)


@app.command()
def feedback(
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Feedback (👍/👎) given on answers, newest first."""
    with _errors():
        from assistant.feedback import FeedbackStore

        items = FeedbackStore.for_settings(Settings()).list(limit=limit)
        if as_json:
            print(json.dumps(items, ensure_ascii=False, indent=2))
            return
        if not items:
            out.print(
                "No feedback yet: votes from the web page, POST /v1/feedback and Slack's 👍/👎 show up here."
            )
            return
        table = Table("when", "vote", "source", "question", "comment", title="Feedback")
        for item in items:
            table.add_row(
                str(item.get("created_at", "")),
                str(item.get("vote", "")),
                str(item.get("source", "")),
                str(item.get("question", ""))[:80],
                str(item.get("comment") or "")[:80],
            )
        out.print(table)


# for the commands adapters register (api.commands): the same error handling and busy-index check
errors = _errors
index_free = _index_free

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


load_commands()


def main() -> None:
    app()


__all__ = ["IndexMismatch", "ServerOption", "app", "errors", "index_free", "load_commands", "main", "render"]
