"""The `assistant` commands that report rather than answer: `check` (a corpus), `roles` (who owns what), `eval`
(the answers against a questions file) and `feedback` (votes given on answers). ``assistant.cli`` adds them with
``register(app)``, as an adapter adds its own (``api.commands``)."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from assistant.cli_common import errors, local_service, progress, progress_build
from assistant.cli_output import err, out, owners, print_check, print_eval, roles_tree
from assistant.config import Settings
from assistant.errors import AssistantError

__all__ = ["Fmt", "check", "evaluate", "feedback", "register", "roles"]


def register(app: typer.Typer) -> None:
    """Add ``check``, ``roles``, ``eval`` and ``feedback`` to ``app``."""
    app.command()(check)
    app.command()(roles)
    app.command(name="eval")(evaluate)
    app.command()(feedback)


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

    with errors():
        settings = Settings()
        folder = corpus or settings.corpus_dir
        with progress("Embedding (self-test index)") as bar:
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


class Fmt(StrEnum):
    table = "table"
    markdown = "markdown"
    csv = "csv"
    json = "json"


def roles(fmt: Annotated[Fmt, typer.Option("--format", help="Output format.")] = Fmt.table) -> None:
    """The hierarchy as a tree and a who-owns-what table."""
    with errors():
        service = local_service()
        rows = service.ownership()
        roles = service.roles()
        names = {r.id: r.name for r in roles}
        if fmt is Fmt.json:
            data = {"hierarchy": service.hierarchy(), "roles": roles, "ownership": rows}
            dumped = {key: [item.model_dump(mode="json") for item in items] for key, items in data.items()}
            print(json.dumps(dumped, ensure_ascii=False, indent=2))
            return
        table_rows = [(r.en, owners(r, names), ", ".join(names[i] for i in r.shared)) for r in rows]
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

    with errors():
        service = local_service()
        if not examples:  # its own index beside the main one: the corpus differs
            settings = service.settings
            service = local_service(
                settings.model_copy(update={"examples": False, "data_dir": settings.data_dir / "no-examples"})
            )
            err.print("Scoring without the example questions (asks.yaml).")
        progress_build(service, False)  # the index of this corpus (a no-op when it is up to date)
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


def feedback(
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Feedback (👍/👎) given on answers, newest first."""
    with errors():
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
