"""What the CLI prints: an answer (role badges, text, numbered citations) and the evaluation report."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from assistant.types import Answer

__all__ = ["err", "out", "print_eval", "render"]

out = Console()
err = Console(stderr=True)


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


def print_eval(report: dict[str, Any], name: str, n: int, baseline: bool, failures: bool) -> None:
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
