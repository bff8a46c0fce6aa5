"""One import direction: the library (`assistant/`) never imports an adapter (`api/`); adapters add their CLI
commands through the `role_assistant.commands` entry point."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_library_imports_no_adapter() -> None:
    offenders = sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "assistant").rglob("*.py") if "api" in _imported(p)
    )
    assert offenders == []


def test_serve_and_slack_come_from_the_adapter_entry_point() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"]["role_assistant.commands"] == {"api": "api.commands:register"}
    import typer

    from api.commands import register

    app = typer.Typer()
    register(app)
    assert {c.callback.__name__ for c in app.registered_commands if c.callback} == {"serve", "slack"}
