"""Authoring tools: `assistant check` validates a corpus and reports per role and duty whether its own phrasings
find it (and why not), colliding or unfound names, missing translations; the build's self-test reports instead
of blocking, and `--strict` keeps it a gate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from assistant.check import check, name_problems
from assistant.config import Settings
from assistant.corpus import load_corpus
from assistant.errors import SelfTestFailed
from assistant.service import AnswerService
from index.store import IndexStore
from tests.test_corpus_format import template

runner = CliRunner()
ENG = Path(__file__).resolve().parent / "data" / "eng"


def _edit(folder: Path, change: Any) -> Path:
    path = folder / "roles.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def _twin_duty(data: dict[str, Any]) -> None:
    """A second duty with the first one's label and another owner: one of them cannot be found by it."""
    data["duties"].append(
        {
            "id": "tickets_again",
            "en": data["duties"][1]["en"],
            "owners": [
                {
                    "role": "support_lead",
                    "share": "primary",
                    "evidence": "The Support Lead leads the support team.",
                }
            ],
        }
    )


def test_an_invalid_corpus_is_named_with_file_field_and_fix(tmp_path: Path) -> None:
    folder = _edit(template(tmp_path), lambda d: d["roles"][1].update(reports_to=["boss"]))
    result = runner.invoke(app_cli(), ["check", str(folder), "--no-self-test"])
    assert result.exit_code == 1
    # read without the line breaks the terminal's width puts in: a long folder path (under pytest-xdist, say)
    # is folded wherever it reaches the edge, "roles.yaml" included
    expected = "roles.yaml: roles[1].reports_to[0]: unknown role 'boss'; use one of the role ids"
    assert "".join(expected.split()) in "".join(result.stdout.split())


def test_names_and_translations_are_reported(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["corpus"]["languages"] = ["en", "fi"]
        data["roles"][1]["aliases"] = ["Support Agent", "support lead"]  # collides with the lead's name
        data["roles"].append(
            {
                "id": "trainer",
                "name_en": "Trainer",
                "summary_en": "Trains.",
                "evidence": "The Support Lead leads",
            }
        )

    report = check(Settings(), _edit(template(tmp_path), change), index=False)
    assert report.error is None and report.ok() and not report.ok(strict=True)
    assert any(
        "alias 'support lead' names both 'support_lead' and 'support_agent'" in n for n in report.names
    )
    assert any("support_lead: its name 'Support Lead' is also read as" in n for n in report.names) or any(
        "names both" in n for n in report.names
    )
    assert "roles[0].name_fi" in report.missing_translations and "duties[0].fi" in report.missing_translations
    assert [r.split(":")[0] for r in report.idle_roles] == ["trainer"]


def test_the_bundled_corpus_names_no_colliding_roles() -> None:
    problems = name_problems(load_corpus(Path(__file__).resolve().parent.parent / "corpus"))
    assert not [p for p in problems if "names both" in p or "is also read as" in p or "not found" in p]


def test_check_runs_the_self_test_per_duty_and_says_why(tmp_path: Path) -> None:
    folder = _edit(template(tmp_path / "corpus"), _twin_duty)
    result = runner.invoke(app_cli(), ["check", str(folder), "--json"])
    assert result.exit_code == 0, result.output  # warnings are not errors ...
    report = json.loads(result.stdout)
    checks = report["self_test"]["checks"]
    subjects = {c["subject"] for c in checks}
    assert {"role:support_lead", "duty:escalations", "duty:tickets", "duty:tickets_again"} <= subjects
    failed = [c for c in checks if not c["ok"]]
    assert failed and all(c["why"] for c in failed)
    assert any("ranks first" in c["why"] for c in failed)
    phrasings = [c["question"] for c in checks if c["subject"] == "duty:escalations"]
    assert "Who is responsible for urgent tickets?" in phrasings  # its terms are asked too
    strict = runner.invoke(app_cli(), ["check", str(folder), "--strict"])
    assert strict.exit_code == 1  # ... unless --strict
    assert "Self-test" in strict.stdout and "✗" in strict.stdout


def test_the_build_reports_a_failed_self_test_and_strict_refuses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = template(tmp_path / "corpus")
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(folder))
    first = runner.invoke(app_cli(), ["index"])
    assert first.exit_code == 0 and "Self-test:" in first.stdout
    before = IndexStore(Settings()).read_manifest()
    _edit(folder, _twin_duty)
    strict = runner.invoke(app_cli(), ["index", "--strict"])
    assert strict.exit_code == 1 and "failed its self-test" in " ".join(strict.output.split())
    assert IndexStore(Settings()).read_manifest() == before  # the old index is kept
    with pytest.raises(SelfTestFailed):
        AnswerService(Settings()).build_index(strict=True)
    reported = runner.invoke(app_cli(), ["index"])
    assert reported.exit_code == 0, reported.output  # reported, not blocking
    assert "✗ duty:tickets" in reported.stdout and "assistant check" in reported.stdout
    assert IndexStore(Settings()).read_manifest() != before


def test_the_example_corpora_check_clean_of_errors() -> None:
    assert check(Settings(), ENG, index=False).error is None


def app_cli() -> Any:
    from assistant.cli import app

    return app
