"""Stage 3: the question kind, learned from labelled questions instead of enumerated in patterns.

A linear classifier over character and word n-grams of the *masked* question (every role name replaced by
ROLE, Finnish case endings kept: "Kenelle ROLE raportoi?", "Mikä ero on ROLE:lla ja ROLE:lla?"), so it learns
how a kind is asked, not which role is asked about. It is trained on

- questions generated from the role data with per-language templates (`assistant.lang.questions`): every
  role's define/acronym/reports questions, every duty's owner questions, compare questions for role pairs;
  these alone make a working classifier for any organisation's corpus;
- the corpus's example questions (owner questions, when the corpus has them);
- the labelled development sets in the corpus's `eval/` folder, when there are any (never the `blind/` sets).

Only structure stays a rule (`allowed`): a question naming no role asks who owns something, a comparison needs
two roles, an acronym question a role that has an acronym. Training is deterministic (fixed solver, sorted
data) and takes a fraction of a second; the trained model is exported to arrays scored without scikit-learn
(`linear`) and cached per training set, for the process and in the data folder.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answering import linear

VERSION = "13"  # bump when the features or the model change: cached models are then trained again
KINDS = ("owner", "define", "compare", "reports_to", "reports_from", "acronym")
# not a kind a question is answered as, but learned beside them: questions the corpus does not answer (the
# labelled out-of-scope questions and the corpus's uncovered topics). Its score is one of the signals the
# refusal calibration weighs (`calibration`), never a decision on its own.
OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Example:
    text: str  # masked
    kind: str


class KindClassifier:
    """A linear SVM over the masked question's character (2-4) and word (1-2) n-grams.

    `cache_dir`: where the trained model is kept (one file per training set, named by its fingerprint), so a
    process that starts again loads it instead of training."""

    def __init__(
        self,
        examples: Sequence[Example] | Callable[[], Sequence[Example]],
        cache_dir: Path | None = None,
        key: str | None = None,
        *,
        labelled: bool = True,
    ) -> None:
        """`examples` may be a function, called only when the model must be trained: with a `key` naming
        the inputs the examples are made from, a cached model is loaded without making them. `labelled`: the
        examples include labelled questions (else only questions made from the role data and the everyday
        topics, as for a new corpus): the calibration weighs the out-of-scope score of the two differently."""
        self.labelled = labelled
        if key is not None and cache_dir is not None:
            cached = linear.load(cache_dir / f"kind-{key}.npz")
            if cached is not None:
                self.fingerprint, self._model = key, cached
                self.classes: list[str] = cached.classes
                return
        made = examples() if callable(examples) else examples
        data = tuple(sorted({(e.text.lower(), e.kind) for e in made if e.kind in (*KINDS, OUT_OF_SCOPE)}))
        self.fingerprint = key or fingerprint(data)
        self._model = linear.load_or_train("kind", data, self.fingerprint, cache_dir)
        self.classes = self._model.classes

    def scores(self, masked: str) -> dict[str, float]:
        """Each kind's decision score (higher: more likely), rounded so the last bits decide nothing."""
        values = self._model.decision(masked.lower())
        return {k: round(float(x), 6) for k, x in zip(self.classes, values, strict=True)}

    def out_of_scope(self, masked: str) -> float:
        """How much the question reads like those the corpus does not answer (the decision score of the
        out-of-scope class; -1 when the training set had no out-of-scope questions)."""
        if OUT_OF_SCOPE not in self.classes:
            return -1.0
        return self.scores(masked)[OUT_OF_SCOPE]

    def predict(self, masked: str, allowed: Iterable[str]) -> tuple[str, float]:
        """The best-scoring kind among the allowed ones and its margin over the next; ties go to the earlier
        kind in KINDS."""
        scores = self.scores(masked)
        ok = sorted(
            (k for k in KINDS if k in allowed and k in scores), key=lambda k: (-scores[k], KINDS.index(k))
        )
        if not ok:
            return "owner", 0.0
        margin = scores[ok[0]] - scores[ok[1]] if len(ok) > 1 else 1.0
        return ok[0], round(margin, 6)


def allowed(n_roles: int, has_acronym: bool) -> set[str]:
    """Kinds the question's structure permits."""
    if n_roles == 0:
        return {"owner"}
    kinds = {"owner", "define", "reports_to", "reports_from"}
    if n_roles >= 2:
        kinds.add("compare")
    if has_acronym:
        kinds.add("acronym")
    return kinds


# Chat-style questions of every kind but out of scope, role names masked (ROLE), from the bundled corpus's
# development sets: how people ask who owns something, what a role does, whom it reports to, in English and
# Finnish, is the same in every organisation, so every corpus's classifier learns from them (a corpus's own
# out-of-scope questions are its own: "who runs payroll?" is in scope where a role owns payroll). Written by
# `scripts/general_questions.py`; `--check` (a test) says when the sets or the masking changed.
GENERAL_FILE = Path(__file__).resolve().parent.parent / "lang" / "general_questions.jsonl"


def general_examples(exclude: frozenset[str] = frozenset()) -> list[Example]:
    """The questions of GENERAL_FILE, in the file's order, but those from the sets named in ``exclude``
    (cross-validation by file)."""
    out = []
    for line in GENERAL_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if row["set"] not in exclude:
                out.append(Example(row["q"], row["kind"]))
    return out


def labelled_examples(
    eval_dir: Path,
    mask: Any,
    reports_of: Any,
    managers_of: Any,
    exclude: frozenset[str] = frozenset(),
    levels: Mapping[str, int | None] | None = None,
) -> list[Example]:
    """Masked, labelled questions of the development sets (`eval/*.jsonl`, not `eval/blind/`).

    The kind of a reports question is read from its answer: expected roles that all stand below the named
    role (report to it, directly or through others) make it a reports_from question, roles above it a
    reports_to question, roles the source's ranked hierarchy (`levels`: role -> level) places all below it a
    reports_from question ("who comes right after the CSO in the hierarchy?" -> the CRO, who does not report to
    the CSO; a role ranked above that is no manager is a duty's owner: "whose oversight are the SDRs under?" ->
    the CRO, who tracks their performance), and other roles (who "keeps tabs on the SDRs' performance" is a
    duty's owner) an owner question. Out-of-scope questions (and turns) are examples of the out-of-scope class.
    `mask(text) -> (masked, first named role)`; `reports_of(role)` / `managers_of(role)`: the roles directly
    below / above it. `exclude`: file names left out (cross-validation)."""
    out: list[Example] = []
    for path in sorted(eval_dir.glob("*.jsonl")):
        if path.name in exclude:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            for q in record.get("turns", [record]):
                kind = q.get("kind")
                if kind == OUT_OF_SCOPE:
                    out.append(Example(mask(q["q"])[0], kind))
                    continue
                if kind not in KINDS or (record.get("turns") and kind != "owner"):
                    continue  # a follow-up's kind may come from its history, not its words
                masked, first = mask(q["q"])
                if kind == "reports_to" and first:
                    expect = set(q["expect"])
                    if expect <= _below(first, reports_of):
                        kind = "reports_from"
                    elif not expect & set(managers_of(first)):
                        kind = _ranked(first, expect, levels or {})
                out.append(Example(masked, kind))
    return out


def _ranked(role: str, expect: set[str], levels: Mapping[str, int | None]) -> str:
    """The kind of a question whose answer is not in the role's reporting lines: reports_from when the ranked
    hierarchy places every expected role below it, else owner."""
    own = levels.get(role)
    placed = [levels.get(r) for r in expect]
    if own is not None and placed and all(p is not None and p > own for p in placed):
        return "reports_from"
    return "owner"


def _below(role: str, reports_of: Any) -> set[str]:
    out: set[str] = set()
    todo = [role]
    while todo:
        for r in reports_of(todo.pop()):
            if r not in out:
                out.add(r)
                todo.append(r)
    return out


def fingerprint(data: Sequence[tuple[str, str]]) -> str:
    h = hashlib.sha256()
    for text, kind in data:
        h.update(f"{kind}\0{text}\n".encode())
    return h.hexdigest()[:16]


def _fill(template: str, label: str) -> str:
    """A template filled with a duty label: `{duty}` the whole label, `{object}` the label without its first word
    (what the duty acts on: "setting sales quotas" -> "sales quotas", for "does the ROLE set {object}?")."""
    return template.format(duty=label, object=label.split(" ", 1)[-1])


def generated_examples(
    duty_labels: Iterable[tuple[str, str]], extra_owner: Iterable[str] = ()
) -> list[Example]:
    """Questions made from the role data with the per-language templates: every kind about `ROLE`, owner
    questions for every duty label (`(language, label)`), and the corpus's own example questions."""
    from assistant.lang.questions import QUESTIONS

    out: list[Example] = []
    labels = sorted(set(duty_labels))
    for lang in sorted(QUESTIONS):
        for kind, templates in sorted(QUESTIONS[lang].items()):
            if not kind.startswith("owner"):
                out.extend(Example(t, kind) for t in templates)
                continue
            mine = [label for label_lang, label in labels if label_lang == lang]
            for n, label in enumerate(mine):
                out.append(Example(_fill(templates[n % len(templates)], label), "owner"))
            if kind == "owner_named":  # every template at least once, whatever the number of duties
                out.extend(
                    Example(_fill(t, mine[n % len(mine)] if mine else ""), "owner")
                    for n, t in enumerate(templates)
                )
    out.extend(Example(text, "owner") for text in extra_owner)
    return out
