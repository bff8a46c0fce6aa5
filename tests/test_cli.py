"""The CLI through typer's runner: index, ask (text, --json, --json -), roles, eval, bad input."""

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app
from tests.modes import embedded_only
from tests.storage_faults import Disk

runner = CliRunner()


def test_ask_builds_the_index_when_missing_and_answers() -> None:
    result = runner.invoke(app, ["ask", "who owns marketing ROI?"])
    assert result.exit_code == 0, result.output
    assert "Chief Revenue Officer" in result.stdout
    assert "building it first" in result.stderr


def test_ask_json(indexed_copy: Path) -> None:
    result = runner.invoke(app, ["ask", "--json", "who owns marketing ROI?"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) >= {"answer", "language", "answered", "roles", "citations", "confidence"}
    assert data["roles"][0]["id"] == "cro" and data["citations"][0]["quote"]


def test_ask_json_stdin_one_line_per_question_in_order(indexed_copy: Path) -> None:
    questions = (
        "who owns marketing ROI?\nkuka asettaa myyntikiintiöt?\n\n"
        + "x" * 2001
        + "\nwhat does SDR stand for?\n"
    )
    result = runner.invoke(app, ["ask", "--json", "-"], input=questions)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("roles", [{}])[0].get("id") if "roles" in line else "error" for line in lines] == [
        "cro",
        "sales_manager",
        "error",
        "sdr",
    ]
    assert lines[2]["error"]["code"] == "invalid_question"


def test_empty_and_too_long_questions_exit_2(indexed_copy: Path) -> None:
    for bad in ["", "   ", "y" * 2001]:
        result = runner.invoke(app, ["ask", bad])
        assert result.exit_code == 2
        assert "Error" in result.stderr


@embedded_only
def test_missing_index_in_ask_is_built_but_corrupt_index_names_rebuild(indexed_copy: Path) -> None:
    (indexed_copy / "index" / "current.json").write_text("garbage")
    result = runner.invoke(app, ["ask", "who owns marketing ROI?"])
    assert result.exit_code == 1 and "--rebuild" in result.stderr
    assert runner.invoke(app, ["index", "--rebuild"]).exit_code == 0
    assert runner.invoke(app, ["ask", "who owns marketing ROI?"]).exit_code == 0


def test_index_twice_is_up_to_date(indexed_copy: Path) -> None:
    result = runner.invoke(app, ["index"])
    assert result.exit_code == 0 and "up to date" in result.stdout


def test_roles_formats(indexed_copy: Path) -> None:
    table = runner.invoke(app, ["roles"])
    assert table.exit_code == 0 and "Sales hierarchy" in table.stdout and "Who owns what" in table.stdout
    data = json.loads(runner.invoke(app, ["roles", "--format", "json"]).stdout)
    assert {r["id"] for r in data["roles"]} >= {"cso", "cro", "sdr"}
    csv_out = runner.invoke(app, ["roles", "--format", "csv"]).stdout
    assert csv_out.startswith("duty,primary,shared")
    md = runner.invoke(app, ["roles", "--format", "markdown"]).stdout
    assert md.startswith("| Duty | Primary | Shared |")


def test_chat_keeps_context(indexed_copy: Path) -> None:
    result = runner.invoke(
        app, ["chat"], input="who owns marketing ROI?\nwho do they report to?\nand what about the SDR?\n\n"
    )
    assert result.exit_code == 0, result.output
    assert "Chief Revenue Officer reports to" in result.stdout
    assert "Sales Development Representative reports to" in result.stdout


def test_serve_on_a_read_only_data_folder_says_so_in_one_line(small_disk: Disk, tmp_path: Path) -> None:
    """Issue 13, finding 10: a read-only ASSISTANT_DATA_DIR crashed startup with a 111-line traceback."""
    with small_disk.read_only_view(tmp_path / "read-only") as folder:
        env = {**os.environ, "ASSISTANT_DATA_DIR": str(folder), "COLUMNS": "80"}
        done = subprocess.run(
            [sys.executable, "-c", "from assistant.cli import main; main()", "serve", "--port", "9"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert str(folder) in lines[0] and "cannot be written" in lines[0] and "ASSISTANT_DATA_DIR" in lines[0]
