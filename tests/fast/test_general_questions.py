"""The general questions every corpus's kind classifier learns from (assistant/lang/general_questions.jsonl) are
what the bundled corpus's development sets give now, and a corpus's classifier has them (no model)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from assistant.answering import classify

ROOT = Path(__file__).resolve().parents[2]


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "general_questions", ROOT / "scripts" / "general_questions.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_file_is_what_the_sets_give_now() -> None:
    rows = _script().rows(ROOT / "corpus")
    shipped = [json.loads(line) for line in classify.GENERAL_FILE.read_text(encoding="utf-8").splitlines()]
    assert rows == shipped, "run python scripts/general_questions.py"
    assert {r["kind"] for r in rows} == {
        "owner",
        "define",
        "compare",
        "reports_to",
        "reports_from",
        "acronym",
    }
    assert not any(r["set"].startswith("blind") or "/" in r["set"] for r in rows)


def test_a_set_left_out_leaves_its_questions_out() -> None:
    every = classify.general_examples()
    some = classify.general_examples(frozenset({"dev.jsonl"}))
    assert len(some) < len(every) and {e.text for e in some} < {e.text for e in every}
