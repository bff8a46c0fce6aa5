"""The kind classifier is scored without scikit-learn (assistant.answering.linear): its scores equal the fitted
pipeline's on every labelled question, before and after the arrays are saved and loaded."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from assistant.answering.classify import generated_examples
from assistant.answering.linear import LinearText, train
from assistant.corpus import Corpus

EVAL = Path(__file__).resolve().parent.parent.parent / "corpus" / "eval"


def _questions() -> list[str]:
    out = []
    for path in sorted(EVAL.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            out += [t["q"] for t in record.get("turns", [record])]
    return out


def test_the_exported_arrays_score_as_the_fitted_pipeline(corpus: Corpus, tmp_path: Path) -> None:
    labels = [(lang, d.label(lang)) for d in corpus.book.duties.values() for lang in ("en", "fi")]
    data = sorted({(e.text.lower(), e.kind) for e in generated_examples(labels)})
    model = train(tuple(data))
    linear = LinearText.of(model)
    linear.save(tmp_path / "kind.npz")
    loaded = LinearText.load(tmp_path / "kind.npz")
    questions = [q.lower() for q in _questions()] + ["", "   ", "ROLE?", "🙏"]
    assert len(questions) > 3000
    expected = model.decision_function(questions)
    assert loaded.classes == linear.classes == [str(c) for c in model.classes_]
    for text, want in zip(questions, expected, strict=True):
        np.testing.assert_allclose(linear.decision(text), want, rtol=0, atol=1e-12, err_msg=text)
        np.testing.assert_array_equal(loaded.decision(text), linear.decision(text))


def test_two_classes_score_one_against_the_other(tmp_path: Path) -> None:
    data = tuple(
        sorted(
            {
                ("who sets the quotas", "quotas"),
                ("quota setting", "quotas"),
                ("who runs demos", "demos"),
                ("product demos", "demos"),
            }
        )
    )
    model = train(data)
    linear = LinearText.of(model)
    for text in ("quotas please", "a demo", ""):
        want = float(model.decision_function([text])[0])  # the second class's score
        np.testing.assert_allclose(linear.decision(text), [-want, want], rtol=0, atol=1e-12)
