"""`assistant --corpus DIR --data-dir DIR <command>`: every command reads that corpus and keeps its data there (no
model: `roles` reads the corpus only)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    # the options set the process's environment: put back whatever the test changes
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(tmp_path / "unset"))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    return CliRunner()


def test_the_corpus_option_chooses_the_corpus(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["--corpus", str(EXAMPLES / "clinic-en"), "--data-dir", str(tmp_path / "d"), "roles"]
    )
    assert result.exit_code == 0, result.output
    assert "Medical Director" in result.output and "Sales" not in result.output


def test_a_corpus_folder_that_does_not_exist_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--corpus", str(tmp_path / "nowhere"), "roles"])
    # the error box wraps a long path (and the words after it) at the terminal's width
    words = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())
    assert result.exit_code == 2 and "does not exist" in words, result.output
