"""The CLI through typer's runner: index, ask (text, --json, --json -), roles, eval, bad input."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from tests.modes import embedded_only
from tests.storage_faults import Disk
from tests.test_corpus_format import template

runner = CliRunner()


def test_ask_builds_the_index_when_missing_and_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any corpus proves it: the small template of docs/CORPUS.md (embedding the bundled one from scratch
    would take a minute and prove nothing more)."""
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(template(tmp_path / "corpus")))
    result = runner.invoke(app, ["ask", "who owns the escalation of urgent tickets?"])
    assert result.exit_code == 0, result.output
    assert "Support Lead" in result.stdout
    assert "building it first" in result.stderr
    again = runner.invoke(app, ["ask", "who answers customer tickets?"])
    assert again.exit_code == 0 and "Support Agent" in again.stdout, again.output
    assert "building" not in again.stderr  # the index built by the first ask is the one used now


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
        "error",  # the blank line
        "error",
        "sdr",
    ]
    assert [lines[2]["error"]["code"], lines[3]["error"]["code"]] == ["invalid_question"] * 2
    assert [lines[2]["line"], lines[3]["line"]] == [3, 4]


def test_ask_json_stdin_bad_lines_become_error_objects_and_the_batch_goes_on(indexed_copy: Path) -> None:
    huge = "ä".encode() * 300_000  # 600 kB on one line: over the limit, skipped in chunks
    raw = (
        b"\xef\xbb\xbfwho owns marketing ROI?\r\n"  # a byte-order mark and CRLF
        b"caf\xe9 latin-1 question\n"  # not UTF-8
        b"   \n" + huge + b"\n\xff\xfe\n"
        b"what does SDR stand for?"  # the last line has no newline
    )
    result = runner.invoke(app, ["ask", "--json", "-"], input=raw)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 6  # exactly one output line per input line
    assert lines[0]["roles"][0]["id"] == "cro" and lines[5]["roles"][0]["id"] == "sdr"
    errors = [(line["line"], line["error"]["code"]) for line in lines[1:5]]
    assert errors == [(2, "invalid_encoding"), (3, "invalid_question"), (4, "invalid_question"),
                      (5, "invalid_encoding")]  # fmt: skip
    assert "0xe9" in lines[1]["error"]["message"] and "empty" in lines[2]["error"]["message"]
    assert "limit of 2000" in lines[3]["error"]["message"]


def test_ask_stdin_without_json_reports_bad_lines_on_stderr(indexed_copy: Path) -> None:
    result = runner.invoke(app, ["ask", "-"], input=b"\xff\n\nwho owns marketing ROI?\n")
    assert result.exit_code == 0, result.output
    assert (
        "line 1: the line is not UTF-8" in result.stderr and "line 2: the question is empty" in result.stderr
    )
    assert "Chief Revenue Officer" in result.stdout


def test_version() -> None:
    import tomllib

    from assistant import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"role-assistant {__version__}"
    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"]
    assert project["version"] == __version__


def test_feedback_says_when_there_is_none_then_lists_votes_with_comments() -> None:
    from assistant.config import Settings
    from assistant.feedback import FeedbackStore

    empty = runner.invoke(app, ["feedback"])
    assert empty.exit_code == 0 and "No feedback yet" in empty.stdout
    assert json.loads(runner.invoke(app, ["feedback", "--json"]).stdout) == []
    store = FeedbackStore.for_settings(Settings())
    store.add("slack", "slack:T:C:1.0", "who owns marketing ROI?", {"answer": "…"}, "up", "U1")
    store.add("http", "c1", "what is a CSO?", {"answer": "…"}, "down", None, "too vague")
    table = runner.invoke(app, ["feedback"], terminal_width=200)
    assert table.exit_code == 0 and "No feedback yet" not in table.stdout
    assert "too vague" in table.stdout and "slack" in table.stdout and "http" in table.stdout
    items = json.loads(runner.invoke(app, ["feedback", "--json", "--limit", "1"]).stdout)
    assert [(i["source"], i["comment"]) for i in items] == [("http", "too vague")]


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
    assert (
        table.exit_code == 0
        and "Sales leadership roles: reporting lines" in table.stdout
        and "Who owns what" in table.stdout
    )
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


def test_ask_shows_the_english_rendering_beside_a_finnish_quote_for_english_questions(
    indexed_copy: Path,
) -> None:
    english = runner.invoke(app, ["ask", "who owns marketing ROI?"])
    assert english.exit_code == 0, english.output
    flat = " ".join(english.stdout.split())  # lines wrap at the terminal's width
    quote = "“Mainonta- ja markkinointisijoitukset: Mainonta- ja markkinointikulujen tehokkuuden optimointi"
    assert (
        f"{quote} parhaan mahdollisen ROI:n varmistamiseksi.” English translation: “Advertising and" in flat
    )
    data = json.loads(runner.invoke(app, ["ask", "--json", "who owns marketing ROI?"]).stdout)
    assert data["citations"][0]["translation"].startswith("Advertising and marketing investments:")
    finnish = runner.invoke(app, ["ask", "kuka asettaa myyntikiintiöt?"])
    assert finnish.exit_code == 0 and "Kiintiöiden asettaminen" in finnish.stdout
    assert "English translation" not in finnish.stdout
    data = json.loads(runner.invoke(app, ["ask", "--json", "kuka asettaa myyntikiintiöt?"]).stdout)
    assert data["language"] == "fi" and data["citations"]
    assert [c["translation"] for c in data["citations"]] == [None] * len(data["citations"])
