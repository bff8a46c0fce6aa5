"""The refusal calibration: learned weights over corpus-relative signals, shipped as data (no model, no index)."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
from pathlib import Path

import pytest

from assistant.answering import calibration
from assistant.answering.calibration import SIGNALS, Calibration

ROOT = Path(__file__).resolve().parents[2]


def typical() -> dict[str, float]:
    cal = calibration.load()
    return dict(zip(SIGNALS, cal.mean, strict=True))


def test_the_shipped_weights_are_for_the_current_signals() -> None:
    data = json.loads(calibration.WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert data["signals"] == list(SIGNALS)
    cal = calibration.load()
    assert len(cal.weights) == len(cal.mean) == len(cal.scale) == len(SIGNALS)
    assert 0.0 < cal.threshold < 1.0


def test_a_file_trained_on_other_signals_is_refused(tmp_path: Path) -> None:
    data = json.loads(calibration.WEIGHTS_FILE.read_text(encoding="utf-8"))
    data["signals"] = data["signals"][:-1]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="make calibration"):
        calibration.load(path)


@pytest.mark.parametrize(
    ("signal", "towards_answering"),
    [
        # the best duty scores higher, the next one staying where it was (its score alone is collinear with
        # the rule and the margin made from it, so its own weight may take either sign)
        (("top", "margin"), True),
        (("margin",), True),  # ... and stands further above the next one
        (("support",), True),  # more of the question's words are the duty's own
        (("topic_gap",), False),  # an uncovered topic comes closer
        (("reads_out_of_scope",), False),  # the wording reads like the questions the corpus does not answer
        (("reads_out_of_scope_made",), False),  # ... to a classifier that knows no labelled question
    ],
)
def test_the_learned_weights_point_the_way_the_evidence_does(
    signal: tuple[str, ...], towards_answering: bool
) -> None:
    cal = calibration.load()
    base = typical()
    step = cal.scale[SIGNALS.index(signal[0])]
    more = dict(base, **{name: base[name] + step for name in signal})
    assert (cal.confidence(more) > cal.confidence(base)) is towards_answering


def test_confidence_is_a_probability_even_for_extreme_signals() -> None:
    cal = calibration.load()
    huge = {name: 1e6 for name in SIGNALS}
    assert 0.0 <= cal.confidence(huge) <= 1.0
    assert 0.0 <= cal.confidence({name: -1e6 for name in SIGNALS}) <= 1.0


def _trainer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("train_refusal", ROOT / "scripts" / "train_refusal.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_training_separates_answerable_from_out_of_scope_rows() -> None:
    import numpy as np

    trainer = _trainer()
    rng = np.random.default_rng(0)
    n = 120
    y = np.asarray([1, 0] * (n // 2))
    x = rng.normal(size=(n, len(SIGNALS)))
    x[:, SIGNALS.index("top")] += 3.0 * y  # answerable rows score higher
    groups = [f"file{i % 6}" for i in range(n)]
    cal, figures = trainer.train(x, y, groups)
    assert isinstance(cal, Calibration)
    assert figures["cv_balanced_accuracy"] > 0.75
    assert cal.weights[SIGNALS.index("top")] > 0


def test_the_role_question_threshold_declines_what_reads_out_of_scope() -> None:
    trainer = _trainer()
    rows = [(-1.2, 1), (-1.0, 1), (-0.9, 1), (-0.8, 1), (0.3, 0), (0.6, 0)]
    threshold, figures = trainer.role_threshold(rows)
    assert -0.8 < threshold <= 0.3
    assert figures["role_balanced_accuracy"] == 1.0
    cal = dataclasses.replace(calibration.load(), role_scope_threshold=threshold)
    assert cal.role_scope_threshold == threshold
