"""The trained kind classifier's arithmetic, kept without scikit-learn for answering.

scikit-learn trains the classifiers (`train`: TF-IDF over character and word n-grams, a linear SVM: the
question kind in `classify`, the duty in `duties`); answering needs only its arithmetic: the n-grams of one question, their TF-IDF weights and a dot product with
the SVM's coefficients. Importing scikit-learn (and the SciPy it loads) takes longer than everything else a
cold `assistant ask` does, so the fitted pipeline is exported once into a few arrays (`LinearText.of`), cached
as one `.npz` file, and scored here with NumPy alone. `tests/fast/test_linear.py` checks the scores equal
scikit-learn's `decision_function` on every labelled question.
"""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answering import cachefile

_WHITE_SPACES = re.compile(r"\s\s+")  # as scikit-learn's vectorisers normalise white space


@dataclass(frozen=True)
class _Vectoriser:
    """One fitted TfidfVectorizer: its analyser, its vocabulary (n-gram -> column) and idf."""

    analyzer: str  # "char_wb" or "word"
    ngram_range: tuple[int, int]
    token_pattern: str
    sublinear_tf: bool
    vocabulary: dict[str, int]
    idf: np.ndarray
    offset: int  # its first column in the joined feature vector

    def grams(self, text: str) -> list[str]:
        low, high = self.ngram_range
        if self.analyzer == "char_wb":
            out = []
            for w in _WHITE_SPACES.sub(" ", text).split():
                w = f" {w} "
                for n in range(low, high + 1):
                    offset = 0
                    out.append(w[:n])
                    while offset + n < len(w):
                        offset += 1
                        out.append(w[offset : offset + n])
                    if offset == 0:  # a short word counts once
                        break
            return out
        tokens = re.findall(self.token_pattern, text)
        out = list(tokens) if low == 1 else []
        for n in range(max(low, 2), min(high, len(tokens)) + 1):
            out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        return out

    def features(self, text: str) -> dict[int, float]:
        """Column -> the l2-normalised TF-IDF weight of each known n-gram of `text` (lower-cased)."""
        counts: dict[int, int] = {}
        for gram in self.grams(text.lower()):
            col = self.vocabulary.get(gram)
            if col is not None:
                counts[col] = counts.get(col, 0) + 1
        weights = {
            col: ((1.0 + math.log(tf)) if self.sublinear_tf else float(tf)) * float(self.idf[col])
            for col, tf in counts.items()
        }
        norm = math.sqrt(sum(v * v for v in weights.values()))
        return {self.offset + col: v / norm for col, v in sorted(weights.items())} if norm else {}


class LinearText:
    """Decision scores of the fitted text classifier (one per class), from its exported arrays."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self._arrays = arrays
        self.classes = [str(c) for c in arrays["classes"]]
        self._coef = arrays["coef"]
        self._intercept = arrays["intercept"]
        self._parts: list[_Vectoriser] = []
        for n in range(int(arrays["parts"])):
            terms, cols = arrays[f"terms{n}"], arrays[f"cols{n}"]
            self._parts.append(
                _Vectoriser(
                    str(arrays[f"analyzer{n}"]),
                    (int(arrays[f"ngram{n}"][0]), int(arrays[f"ngram{n}"][1])),
                    str(arrays[f"pattern{n}"]),
                    bool(arrays[f"sublinear{n}"]),
                    dict(zip(terms.tolist(), cols.tolist(), strict=True)),
                    arrays[f"idf{n}"],
                    int(arrays[f"offset{n}"]),
                )
            )

    @classmethod
    def of(cls, model: Any) -> LinearText:
        """The arrays of a fitted `make_pipeline(FeatureUnion([TfidfVectorizer ...]), LinearSVC)`."""
        union, svm = model.steps[0][1], model.steps[-1][1]
        arrays: dict[str, np.ndarray] = {
            "classes": np.array([str(c) for c in svm.classes_]),
            "coef": np.asarray(svm.coef_, dtype=np.float64),
            "intercept": np.asarray(svm.intercept_, dtype=np.float64),
            "parts": np.array(len(union.transformer_list)),
        }
        offset = 0
        for n, (_name, vec) in enumerate(union.transformer_list):
            terms = sorted(vec.vocabulary_)
            arrays |= {
                f"terms{n}": np.array(terms),
                f"cols{n}": np.array([vec.vocabulary_[t] for t in terms], dtype=np.int64),
                f"idf{n}": np.asarray(vec.idf_, dtype=np.float64),
                f"analyzer{n}": np.array(vec.analyzer),
                f"ngram{n}": np.array(vec.ngram_range),
                f"pattern{n}": np.array(vec.token_pattern),
                f"sublinear{n}": np.array(vec.sublinear_tf),
                f"offset{n}": np.array(offset),
            }
            offset += len(vec.vocabulary_)
        return cls(arrays)

    def arrays(self) -> dict[str, np.ndarray]:
        return dict(self._arrays)

    def save(self, path: Path) -> None:
        with path.open("wb") as f:
            np.savez(f, **self.arrays())  # type: ignore[arg-type]  # (numpy's stub types allow_pickle first)

    @classmethod
    def load(cls, path: Path) -> LinearText:
        with np.load(path, allow_pickle=False) as data:
            return cls({k: data[k] for k in data.files})

    def decision(self, text: str) -> np.ndarray:
        """One score per class, as the fitted pipeline's `decision_function([text])[0]`; for two classes, where
        scikit-learn gives one score (the second class's), the first class's is its negative."""
        features: dict[int, float] = {}
        for part in self._parts:
            features |= part.features(text)
        if not features:
            scores = self._intercept.copy()
        else:
            cols = np.fromiter(features, dtype=np.int64, count=len(features))
            values = np.fromiter(features.values(), dtype=np.float64, count=len(features))
            scores = self._coef[:, cols] @ values + self._intercept
        return np.concatenate([-scores, scores]) if len(self.classes) == 2 and len(scores) == 1 else scores


def load(path: Path) -> LinearText | None:
    """The model saved at `path`, or None when it is not there or unreadable (another format: train again)."""
    try:
        return LinearText.load(path)
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile):
        return None


@lru_cache(maxsize=8)
def load_or_train(
    name: str, data: tuple[tuple[str, str], ...], key: str, cache_dir: Path | None
) -> LinearText:
    """The classifier of `data` ((text, label) pairs, sorted): loaded from `cache_dir/{name}-{key}.npz` when
    trained before, else trained and saved there (atomically: a reader sees all of it or none)."""
    if cache_dir is not None:
        cached = load(cache_dir / f"{name}-{key}.npz")
        if cached is not None:
            return cached
    model = LinearText.of(train(data))
    if cache_dir is not None:
        cachefile.save(cache_dir / f"{name}-{key}.npz", model.save)
    return model


def train(data: tuple[tuple[str, str], ...]) -> Any:
    """A linear SVM over TF-IDF character (2-4, within words) and word (1-2) n-grams, fitted deterministically
    (fixed solver and seed, the data in a fixed order)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.svm import LinearSVC

    features = FeatureUnion(
        [
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=2, sublinear_tf=True)),
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"[\w:]+")),
        ]
    )
    model = make_pipeline(features, LinearSVC(C=1.0, class_weight="balanced", random_state=0))
    model.fit([t for t, _ in data], [k for _, k in data])
    return model
