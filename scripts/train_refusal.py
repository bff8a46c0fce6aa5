"""Train the owner-question calibration (assistant/answering/calibration.json) on the development sets.

    python scripts/train_refusal.py            # cross-validate by file, print the figures, write the weights
    python scripts/train_refusal.py --check    # exit 1 when the shipped weights differ from a fresh training

Every single question of `corpus/eval/*.jsonl` (never `eval/blind/`) that the engine reads as an owner question
gives one row per reading (as asked, and without the role names when it names one): its signals
(`ranking.reading_signals`) and whether to answer — 1 when the reading's best duty gives a right owner, 0 when
the question is out of scope. Owner questions whose best duty is wrong teach nothing about confidence and are
left out. A logistic regression over the standardised signals is the calibration; its threshold is the strictest
of those whose balanced accuracy (answerable kept, out-of-scope declined) in cross-validation by file is within
THRESHOLD_TOLERANCE of the best (the curve is flat near its top: where the development sets cannot tell the
thresholds apart, a new organisation's corpus is better served by declining).
The rows are read three ways: against the index as
shipped, without the example questions, and as a new organisation's corpus is (no example questions, and a kind
classifier that knows no labelled question: its out-of-scope score is the signal `reads_out_of_scope_made`).
Questions read as being about a named role (define, compare, reports, acronym) get one threshold on how much
their wording reads out of scope, chosen the same way. The out-of-scope reading of each file's questions
comes from a kind classifier trained without that file.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import LeaveOneGroupOut  # noqa: E402

from assistant.answering import calibration, classify, compose, query, ranking, refusal  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.eval import load_records  # noqa: E402
from assistant.service import AnswerService  # noqa: E402

C = 0.5  # regularisation: signals are few and correlated


ROLE_KINDS = ("define", "compare", "reports_to", "acronym")
THRESHOLD_TOLERANCE = 0.001  # balanced accuracy the strictest threshold may give up against the best
# most questions about a named role are in scope: a wording threshold may cost at most 1 % of them
ROLE_KEEP = 0.99


def unseen_classifiers(service: AnswerService, eval_dir: Path) -> dict[str, classify.KindClassifier]:
    """For each labelled file, a kind classifier trained without it: the out-of-scope reading of its questions'
    wording comes from a classifier that never saw them, as it will never have seen a user's question."""
    answerer = service.answerer
    return {
        path.name: classify.KindClassifier(answerer.kind_examples(eval_dir, exclude=frozenset({path.name})))
        for path in sorted(eval_dir.glob("*.jsonl"))
    }


def rows(
    service: AnswerService, eval_dir: Path, unseen_by_file: dict[str, classify.KindClassifier]
) -> tuple[list[list[float]], list[int], list[str], list[tuple[float, int]]]:
    """(signals of owner readings, their labels, their files, (out-of-scope score, label) of questions read
    as being about a named role)."""
    answerer = service.answerer
    ev = answerer.evidence
    x: list[list[float]] = []
    y: list[int] = []
    groups: list[str] = []
    about_roles: list[tuple[float, int]] = []
    for path in sorted(eval_dir.glob("*.jsonl")):
        unseen = unseen_by_file[path.name]
        for record in load_records(path):
            if len(record.turns) != 1:
                continue
            item = record.turns[0]
            q = answerer.analyse(answerer.prepare(item.q))
            q.scope = unseen.out_of_scope(query.asked(q.masked))
            q.scope_learned = unseen.labelled
            if q.kind != "owner" and item.kind in (*ROLE_KINDS, "out_of_scope") and q.roles:
                about_roles.append((q.scope, int(item.kind != "out_of_scope")))
            if item.kind not in ("owner", "out_of_scope"):
                continue
            if q.kind != "owner" or refusal.before_ranking(ev, q):
                continue
            texts = [q.masked if q.confirm else q.text]
            if q.roles and not q.confirm:
                texts.append(q.masked)
            for text in texts:
                r = ranking.reading(ev, q, text)
                if not r.ranked or r.signals is None:
                    continue
                if item.kind == "out_of_scope":
                    label = 0
                else:
                    answer = compose.owner(answerer.book, q, answerer.book.duties[r.ranked[0][0]], 1.0)
                    if not answer.roles or answer.roles[0].id not in item.accept:
                        continue
                    label = 1
                x.append([r.signals[name] for name in calibration.SIGNALS])
                y.append(label)
                groups.append(path.stem)
    return x, y, groups, about_roles


def role_threshold(about_roles: list[tuple[float, int]]) -> tuple[float, dict[str, float]]:
    """The out-of-scope score above which a question about a named role is declined: of the thresholds that
    keep at least ROLE_KEEP of the in-scope questions, the one that declines the most out-of-scope ones (then
    the highest). The scores are out-of-fold, as a user's question would be."""
    scores = np.asarray([s for s, _ in about_roles])
    labels = np.asarray([lab for _, lab in about_roles])
    if not (labels == 0).any():
        return 1e9, {}
    grid = np.round(np.arange(-1.0, 1.51, 0.05), 2)

    def accuracy(t: float) -> float:
        keep = scores < t
        return float(0.5 * (keep[labels == 1].mean() + (~keep[labels == 0]).mean()))

    def kept(t: float) -> float:
        return float((scores[labels == 1] < t).mean())

    def declined(t: float) -> float:
        return float((scores[labels == 0] >= t).mean())

    allowed = [float(t) for t in grid if kept(t) >= ROLE_KEEP] or [float(grid[-1])]
    best = max(allowed, key=lambda t: (round(declined(t), 4), t))
    return best, {
        "role_rows": float(len(labels)),
        "role_out_of_scope": float((labels == 0).sum()),
        "role_balanced_accuracy": accuracy(best),
        "role_in_scope_kept": float((scores[labels == 1] < best).mean()),
        "role_out_of_scope_declined": float((scores[labels == 0] >= best).mean()),
    }


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, LogisticRegression]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    model = LogisticRegression(C=C, max_iter=5000, random_state=0).fit((x - mean) / scale, y)
    return mean, scale, model


def balanced(y: np.ndarray, p: np.ndarray, threshold: float) -> float:
    keep = p >= threshold
    return float(0.5 * (keep[y == 1].mean() + (~keep[y == 0]).mean()))


def train(
    x: np.ndarray, y: np.ndarray, groups: list[str]
) -> tuple[calibration.Calibration, dict[str, float]]:
    cv = np.zeros(len(y))
    for tr, te in LeaveOneGroupOut().split(x, y, groups):
        mean, scale, model = fit(x[tr], y[tr])
        cv[te] = model.predict_proba((x[te] - mean) / scale)[:, 1]
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    best = max(balanced(y, cv, t) for t in grid)
    # of the thresholds as good as the best within THRESHOLD_TOLERANCE, the strictest: where the development
    # sets cannot tell them apart, a new organisation's corpus (read with less certainty) is better served by
    # declining than by answering a question it does not cover
    plateau = [float(t) for t in grid if balanced(y, cv, t) >= best - THRESHOLD_TOLERANCE]
    threshold = max(plateau)
    rule = np.asarray([1.0 / (1.0 + np.exp(-v)) for v in x[:, calibration.SIGNALS.index("rule")]])
    figures = {
        "rows": float(len(y)),
        "answerable": float(y.sum()),
        "cv_balanced_accuracy": balanced(y, cv, threshold),
        "cv_plateau_low": min(plateau),
        "cv_plateau_high": max(plateau),
        "cv_answerable_kept": float((cv[y == 1] >= threshold).mean()),
        "cv_out_of_scope_declined": float((cv[y == 0] < threshold).mean()),
        "rule_balanced_accuracy": balanced(y, rule, 0.35),
        "rule_answerable_kept": float((rule[y == 1] >= 0.35).mean()),
        "rule_out_of_scope_declined": float((rule[y == 0] < 0.35).mean()),
    }
    mean, scale, model = fit(x, y)
    cal = calibration.Calibration(
        tuple(round(float(v), 6) for v in mean),
        tuple(round(float(v), 6) for v in scale),
        tuple(round(float(v), 6) for v in model.coef_[0]),
        round(float(model.intercept_[0]), 6),
        threshold,
    )
    return cal, figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only say whether the shipped weights are current"
    )
    parser.add_argument("--eval-dir", type=Path, default=ROOT / "corpus" / "eval")
    args = parser.parse_args()
    settings = Settings()
    service = AnswerService(settings)
    service.load(build_if_missing=True)
    unseen = unseen_classifiers(service, args.eval_dir)
    x, y, groups, about_roles = rows(service, args.eval_dir, unseen)
    # the same questions against an index without the example questions (`eval --no-examples` uses it too)
    bare = AnswerService(
        settings.model_copy(update={"examples": False, "data_dir": settings.data_dir / "no-examples"})
    )
    bare.load(build_if_missing=True)
    x2, y2, groups2, _ = rows(bare, args.eval_dir, unseen)
    # ... and as a new organisation's corpus is read: no example questions, and a kind classifier that knows
    # only the questions made from the role data, the everyday topics and the general questions every corpus
    # learns from (but those of the file read: classify.GENERAL_FILE comes from these sets); its out-of-scope
    # score is a signal of its own, weighed apart from the score of a classifier that learned from labelled
    # questions of its own corpus
    made = {
        p.name: classify.KindClassifier(
            bare.answerer.kind_examples(None, exclude=frozenset({p.name})), labelled=False
        )
        for p in sorted(args.eval_dir.glob("*.jsonl"))
    }
    x3, y3, groups3, _ = rows(bare, args.eval_dir, made)
    cal, figures = train(
        np.asarray(x + x2 + x3, dtype=np.float64), np.asarray(y + y2 + y3), groups + groups2 + groups3
    )
    threshold, role_figures = role_threshold(about_roles)
    cal = dataclasses.replace(cal, role_scope_threshold=threshold)
    figures.update(role_figures)
    for name, value in figures.items():
        print(f"{name:28} {value:.3f}")
    for name, w in zip(calibration.SIGNALS, cal.weights, strict=True):
        print(f"  weight {name:16} {w:+.3f}")
    print(
        f"  bias {cal.bias:+.3f}  threshold {cal.threshold:.2f}  role_scope_threshold {cal.role_scope_threshold}"
    )
    text = json.dumps(cal.to_dict(), indent=1) + "\n"
    if args.check:
        current = calibration.WEIGHTS_FILE.read_text(encoding="utf-8")
        if current != text:
            print("calibration.json is not current: run `make calibration`", file=sys.stderr)
            return 1
        print("calibration.json is current")
        return 0
    calibration.WEIGHTS_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {calibration.WEIGHTS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
