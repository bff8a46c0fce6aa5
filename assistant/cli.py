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
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from assistant import __version__
from assistant.config import Settings
from assistant.errors import AssistantError, IndexMismatch, IndexNotFound, InvalidQuestion
from assistant.types import Answer, Turn

app = typer.Typer(
    help="Role Assistant: who owns what in a sales organisation, with citations.", no_args_is_help=True
)
out = Console()
err = Console(stderr=True)


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
    """Role Assistant: who owns what in a sales organisation, with citations."""


def _service(settings: Settings | None = None) -> Any:
    from assistant.service import AnswerService

    return AnswerService(settings or Settings())


@contextmanager
def _errors() -> Iterator[None]:
    """Library errors become one red line and an exit code: 2 for bad input, 1 for the rest."""
    try:
        yield
    except InvalidQuestion as exc:
        err.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(2) from exc
    except AssistantError as exc:
        err.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(1) from exc


def _progress_build(service: Any, rebuild: bool) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("Embedding"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("embed", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return service.build_index(rebuild=rebuild, progress=progress)


@app.command()
def index(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Build a fresh index even if nothing changed.")
    ] = False,
) -> None:
    """Build or update the persistent index (idempotent: nothing changed means no embedding work)."""
    with _errors():
        service = _service()
        report = _progress_build(service, rebuild)
        m = report.manifest
        if report.unchanged:
            out.print(f"Index is up to date: {m.count} chunks, {m.model} ({report.seconds:.2f}s).")
        else:
            out.print(
                f"Built index {m.version}: {m.count} chunks ({report.embedded} embedded, {report.reused} from cache), "
                f"model {m.model}, {m.dim} dimensions, in {report.seconds:.1f}s."
            )


def _ensure_loaded(service: Any) -> None:
    try:
        service.load()
    except IndexNotFound:
        err.print("No index yet: building it first (one-time, a few seconds)...")
        _progress_build(service, False)
        service.load()


def render(answer: Answer) -> None:
    """A readable answer: roles, the answer text, and numbered citations."""
    if answer.roles:
        badges = "  ".join(
            f"[bold white on blue] {r.name} [/]"
            if r.share == "primary"
            else f"[white on grey35] {r.name} [/]"
            for r in answer.roles
        )
        out.print(badges)
    out.print(answer.answer, style="" if answer.answered else "yellow", markup=False, highlight=False)
    for n, c in enumerate(answer.citations, start=1):
        out.print(f"  [dim][{n}] {c.section}[/dim]")
        out.print(f"      “{c.quote}”", markup=False, highlight=False)
        if c.translation:  # English answers: the quote's English rendering (corpus data), labelled as such
            out.print(
                f"      English translation: “{c.translation}”", style="italic", markup=False, highlight=False
            )
    if answer.answered:
        out.print(f"[dim]confidence {answer.confidence:.2f}[/dim]")


@app.command()
def ask(
    question: Annotated[
        str, typer.Argument(help='The question, or "-" to read one question per line from stdin.')
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer object as JSON.")] = False,
) -> None:
    """Answer one question (or, with "-", each line of stdin)."""
    with _errors():
        service = _service()
        if question != "-":
            from assistant.service import check_question

            check_question(question, service.settings.max_question_chars)
        _ensure_loaded(service)
        if question == "-":  # one result per input line, in order; a bad line is an error object
            from assistant.batch import answer_lines

            for result in answer_lines(service, sys.stdin.buffer, service.settings.max_question_chars):
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
def chat() -> None:
    """An interactive session that keeps context ("who do they report to?"). Ctrl-D or 'exit' to leave."""
    with _errors():
        service = _service()
        _ensure_loaded(service)
        history: list[Turn] = []
        out.print("[dim]Ask about sales roles in English or Finnish. Empty line or Ctrl-D to quit.[/dim]")
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
        table_rows = [
            (r["en"], ", ".join(names[i] for i in r["primary"]), ", ".join(names[i] for i in r["shared"]))
            for r in rows
        ]
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
        tree = Tree("[bold]Sales hierarchy[/bold]")

        def add(node: Tree, item: dict[str, Any]) -> None:
            extra = (
                f" [dim](also reports to {', '.join(names[i] for i in item['also_reports_to'])})[/dim]"
                if item["also_reports_to"]
                else ""
            )
            child = node.add(f"{item['name']} [dim]/ {item['name_fi']}[/dim]{extra}")
            for sub in item["children"]:
                add(child, sub)

        for root in service.hierarchy():
            add(tree, root)
        out.print(tree)
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
    from assistant.eval import NaiveBaseline, load_records, meets_targets, score, score_perturbed

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
        article = (service.settings.corpus_dir / "article.fi.txt").read_text(encoding="utf-8")
        n = sum(len(c.turns) for c in records)
        report: dict[str, Any] = {
            "file": str(path),
            "questions": n,
            "examples": examples,
            "assistant": score(records, service.ask, article),
        }
        if baseline:
            naive = NaiveBaseline(service.corpus, service.settings.corpus_dir, service.embeddings)
            report["baseline"] = score(records, naive.answer, article)
        if perturb:
            book = service.corpus.book
            report["perturb"] = score_perturbed(
                records, service.ask, lambda text: [(m.start, m.end) for m in book.mentions(text)]
            )
        report["targets_missed"] = meets_targets(report["assistant"])
        if as_json:
            print(json.dumps(report, ensure_ascii=False, indent=2))
            return
        _print_eval(report, path.name, n, baseline, failures)


def _print_eval(report: dict[str, Any], name: str, n: int, baseline: bool, failures: bool) -> None:
    table = Table(
        "metric",
        "scope",
        "assistant",
        *(("baseline",) if baseline else ()),
        title=f"Evaluation: {name} ({n} questions)",
    )
    for scope in ("overall", "en", "fi"):
        for metric in ("top1", "compare", "declines", "citations", "turns", "followups"):
            if metric in ("turns", "followups") and report["assistant"][scope]["followups"] is None:
                continue  # single questions: the turn figures say nothing new
            row = [metric, scope, _fmt(report["assistant"][scope][metric])]
            if baseline:
                row.append(_fmt(report["baseline"][scope][metric]))
            table.add_row(*row)
    out.print(table)
    out.print(f"p50 answer latency: {report['assistant']['latency_ms_p50']} ms")
    if "perturb" in report:
        inv = Table("perturbation", "copies", "stays right", "accuracy", title="Invariance")
        for kind, r in report["perturb"].items():
            inv.add_row(kind, str(r["copies"]), _fmt(r["stays_right"]), _fmt(r["accuracy"]))
        out.print(inv)
    if report["targets_missed"]:
        out.print("[yellow]Targets missed:[/yellow] " + "; ".join(report["targets_missed"]))
    else:
        out.print("[green]All targets met.[/green]")
    if failures:
        for f in report["assistant"]["failures"]:
            where = f" (conversation {f['conversation']}, turn {f['turn'] + 1})" if f["conversation"] else ""
            out.print(
                f"  ✗ {f['q']}{where}  expected {f['accept']}, got {f['got'] or 'declined'}", markup=False
            )
        for kind, r in report.get("perturb", {}).items():
            for lost in r["lost"]:
                out.print(
                    f"  ✗ {kind}: {lost['copy']}  expected {lost['accept']}, got {lost['got'] or 'declined'}",
                    markup=False,
                )


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (needs ASSISTANT_CHROMA_URL when > 1).")] = 1,
) -> None:
    """Run the HTTP API, the web page and (when configured) the Slack endpoint with uvicorn."""
    with _errors():
        from api.server import run

        run(Settings(), host=host, port=port, workers=workers)


@app.command()
def slack() -> None:
    """Run the Slack bot in Socket Mode (needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN)."""
    with _errors():
        from api.slack.socket import run

        run(Settings())


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


def main() -> None:
    app()


__all__ = ["IndexMismatch", "app", "main", "render"]
