"""The shape of the code, read from the source with ``ast`` (nothing is imported):

- one import direction between the packages: ``index`` (the lowest layer) imports no other package of ours, the
  library (``assistant``) imports ``index`` and never an adapter (``api``), and no package reaches back into one
  that imports it, so there is no cycle between packages;
- small modules: none in the index, the library or the adapters (``api``) over ``MAX_LINES`` lines;
- adapters add their CLI commands through the ``role_assistant.commands`` entry point.

Every import counts, wherever it is: at the top, inside a function, or under ``TYPE_CHECKING``."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("index", "assistant", "api")  # lowest first
MAX_LINES = 400

Arrow = tuple[str, str, str]  # (from package, to package, "file:line imports module")


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in ``path``; relative ones stay in the file's package."""
    package = path.relative_to(ROOT).parts[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                yield node.lineno, package
            elif node.module:
                yield node.lineno, node.module


def _arrows() -> list[Arrow]:
    """Every import of one of our packages from a module of another."""
    arrows = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for line, module in _imports(path):
                target = module.split(".")[0]
                if target in PACKAGES and target != package:
                    where = f"{path.relative_to(ROOT)}:{line} imports {module}"
                    arrows.append((package, target, where))
    return arrows


def _offending(source: str, target: str) -> list[str]:
    return [where for a, b, where in _arrows() if (a, b) == (source, target)]


def _cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """Every cycle of the package graph, each as the path that closes it (a, b, ..., a)."""
    found: list[list[str]] = []

    def walk(path: list[str]) -> None:
        for a, b in sorted(edges):
            if a != path[-1]:
                continue
            if b == path[0]:
                if path[0] == min(path):  # each cycle once, from its smallest package
                    found.append([*path, b])
            elif b not in path:
                walk([*path, b])

    for package in sorted({a for a, _ in edges}):
        walk([package])
    return found


def test_the_scan_sees_the_arrows_that_exist() -> None:
    """The checks below are only as good as the scan: it finds the library's imports of the index."""
    assert _offending("assistant", "index")
    assert _offending("api", "assistant")


def test_the_index_imports_nothing_of_the_library() -> None:
    assert _offending("index", "assistant") == []
    assert _offending("index", "api") == []


def test_the_library_imports_no_adapter() -> None:
    assert _offending("assistant", "api") == []


def test_no_cycle_between_packages() -> None:
    arrows = _arrows()
    cycles = _cycles({(a, b) for a, b, _ in arrows})
    why = []
    for cycle in cycles:
        edges = set(pairwise(cycle))
        why.append(" -> ".join(cycle) + ": " + "; ".join(w for a, b, w in arrows if (a, b) in edges))
    assert why == []


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycles({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")}) == [["a", "b", "c", "a"]]
    assert _cycles({("a", "b"), ("b", "a")}) == [["a", "b", "a"]]
    assert _cycles({("a", "b"), ("b", "c"), ("a", "c")}) == []


def test_no_module_of_ours_is_over_the_size_limit() -> None:
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
    }
    # the scan reads the modules of every package
    assert len(sizes) > 40 and sizes["assistant/service.py"] > 100 and sizes["api/slack/listeners.py"] > 100
    assert {name.split("/")[0] for name in sizes} == set(PACKAGES)
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_serve_and_slack_come_from_the_adapter_entry_point() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"]["role_assistant.commands"] == {"api": "api.commands:register"}
    import typer

    from api.commands import register

    app = typer.Typer()
    register(app)
    assert {c.callback.__name__ for c in app.registered_commands if c.callback} == {"serve", "slack"}
