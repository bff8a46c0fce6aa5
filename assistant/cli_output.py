"""What the CLI prints (rich): an answer (role badges, text, numbered citations), the roles tree, an evaluation
report, a corpus check."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from assistant.types import Answer

if TYPE_CHECKING:
    from assistant.check import CheckReport
    from assistant.reference_models import About, HierarchyNode, OwnershipRow

__all__ = ["err", "out", "owners", "print_check", "print_eval", "print_self_test", "render", "roles_tree"]

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
        where = f"{c.source} › {c.section}" if c.source else c.section
        out.print(f"  [dim][{n}] {escape(where)}[/dim]")
        out.print(f"      “{c.quote}”", markup=False, highlight=False)
        if c.translation:  # English answers: the quote's English rendering (corpus data), labelled as such
            out.print(
                f"      English translation: “{c.translation}”", style="italic", markup=False, highlight=False
            )
    if answer.answered:
        out.print(f"[dim]confidence {answer.confidence:.2f}[/dim]")


def roles_tree(about: About, hierarchy: Sequence[HierarchyNode], names: Mapping[str, str]) -> Tree:
    """The reporting lines as a tree under the corpus's name; dotted lines and peers after a role's name."""
    tree = Tree(f"[bold]{escape(about.name)}: reporting lines[/bold]")

    def add(node: Tree, item: HierarchyNode) -> None:
        extra = "".join(
            f" [dim]({label} {', '.join(names.get(i, i) for i in ids)})[/dim]"
            for ids, label in ((item.also_reports_to, "also reports to"), (item.works_with, "works with"))
            if ids
        )
        other = f" [dim]/ {escape(item.name_fi)}[/dim]" if item.name_fi and item.name_fi != item.name else ""
        absent = " [dim](not in this organisation)[/dim]" if item.absent else ""
        child = node.add(f"{escape(item.name)}{other}{extra}{absent}")
        for sub in item.children:
            add(child, sub)

    for root in hierarchy:
        add(tree, root)
    return tree


def owners(row: OwnershipRow, names: dict[str, str]) -> str:
    """A duty's primary owners; for a duty the organisation's own statement overrides, marked so, with the owners
    the sources give it."""
    owners = ", ".join(names[i] for i in row.primary)
    if row.policy:
        said = ", ".join(names[i] for i in row.source_primary)
        owners += f" (own policy; sources: {said})" if said else " (own policy)"
    return owners


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
            row = [metric, scope, fmt(report["assistant"][scope][metric])]
            if baseline:
                row.append(fmt(report["baseline"][scope][metric]))
            table.add_row(*row)
    out.print(table)
    out.print(f"p50 answer latency: {report['assistant']['latency_ms_p50']} ms")
    if "perturb" in report:
        inv = Table("perturbation", "copies", "stays right", "accuracy", title="Invariance")
        for kind, r in report["perturb"].items():
            inv.add_row(kind, str(r["copies"]), fmt(r["stays_right"]), fmt(r["accuracy"]))
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


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def print_self_test(test: Any, limit: int = 20) -> None:
    """A build's or a check's failed self-test questions, each with why it failed."""
    out.print(
        f"[yellow]Self-test: {escape(test.summary())}.[/yellow]"
        if test.failed
        else f"[green]Self-test: {escape(test.summary())}.[/green]"
    )
    for c in test.failed[:limit]:
        got = ", ".join(c.got) or "declined"
        out.print(f"  ✗ {c.subject}: “{c.question}” → {got} (expected {', '.join(c.expected)})", markup=False)
        out.print(f"      {c.why}", markup=False, style="dim")
    if len(test.failed) > limit:
        out.print(f"  … and {len(test.failed) - limit} more (--json lists them all)")


def print_check(report: CheckReport, strict: bool) -> None:
    """What `assistant check` found: validity, names, translations, idle roles and the self-test per duty."""
    if report.error is not None:
        out.print(f"[red]✗ Not a valid corpus:[/red] {escape(report.error)}")
        return
    out.print(f"[green]✓ Valid:[/green] {escape(report.name)} — {escape(report.summary)}")
    sections = (
        ("Names", report.names),
        ("Missing translations (filled from the first language)", report.missing_translations),
        ("Roles without duties", report.idle_roles),
    )
    for title, items in sections:
        if not items:
            out.print(
                f"[green]✓ {title}: none[/green]"
                if title != "Names"
                else "[green]✓ Names: no problems[/green]"
            )
            continue
        out.print(f"[yellow]! {title}: {len(items)}[/yellow]")
        for item in items:
            out.print(f"  - {item}", markup=False)
    origins = {
        "own": "of your own (uncovered.yaml)",
        "everyday": "everyday workplace topics (no uncovered.yaml, or `everyday: true` in it)",
        "off-topic": "everyday off-topic topics (every corpus)",
    }
    declined = [f"{len(ids)} {origins[o]}: {', '.join(ids)}" for o, ids in report.topics.items() if ids]
    if declined:
        out.print(
            f"[green]✓ Declined by name: {sum(len(ids) for ids in report.topics.values())} topics[/green]"
        )
        for line in declined:
            out.print(f"  - {line}", markup=False)
    if report.self_test is None:
        return
    table = Table("subject", "phrasings", "found", title="Self-test per role and duty")
    for subject, checks in report.by_duty().items():
        found = sum(c.ok for c in checks)
        mark = "✓" if found == len(checks) else "✗"
        table.add_row(subject, str(len(checks)), f"{mark} {found}")
    out.print(table)
    print_self_test(report.self_test)
    if strict and not report.ok(strict=True):
        out.print("[red]--strict: warnings count as failures.[/red]")
