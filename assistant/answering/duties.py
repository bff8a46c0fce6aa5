"""Stage 5, learned: which duty a question is about, from a classifier trained on the corpus's own duty texts.

Retrieval scores each duty by how close the question is to its texts (dense similarity, BM25). That ranks a
question well among unrelated duties but poorly between neighbours that share most of their words: qualifying
leads and converting them, keeping key accounts and building early relationships. A linear classifier trained on
every duty's texts learns what *separates* one duty from the others (the words and character n-grams only its
texts use, weighed against those its neighbours use), and character n-grams carry it over typos and Finnish case
endings. Its training set is made from the corpus alone: each duty's labels in every language, its terms, the
source quotes it rests on, and its example questions (`asks.yaml`) or, where it has none, the questions
generated from its labels (`corpus.generated_questions`), so a new organisation's corpus gets one without any
labelled question.

Each duty's decision score, plus OFFSET and weighed by WEIGHT, is added to its retrieval score (`ranking.rank`);
the refusal calibration then learns from the combined scores. (The uncovered topics were tried as classes beside
the duties: their few example questions taught it phrasings, "how long does it take to ...", more than topics.) Trained with scikit-learn once per corpus (a second or two, cached in the
data folder by the fingerprint of its training set) and scored with the exported arrays (`linear`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from assistant.answering import linear
from assistant.answering.classify import fingerprint
from assistant.roles import RoleBook
from assistant.types import Chunk

VERSION = "3"  # bump when the features or the training set change: cached models are then trained again
# a linear SVM learns a decision of -1 for the classes a text is not (hinge loss): with OFFSET added, a duty the
# classifier does not read the question as gains about nothing, the one it does up to twice WEIGHT, and duties
# and uncovered topics (which get no bonus) stay comparable, as do the absolute thresholds of the retrieval score
# (ranking.SCORE_NEEDED, refusal.TOPIC_NEEDED)
OFFSET = 1.0
WEIGHT = 1.0  # the decision score's weight beside the retrieval score (z-scored dense similarity + BM25)


class DutyClassifier:
    """Each duty's decision score for a question (higher: more likely the duty it asks about)."""

    def __init__(self, model: linear.LinearText) -> None:
        self._model = model
        self.duties = model.classes

    def scores(self, text: str) -> dict[str, float]:
        """Duty id -> decision score, rounded so the last bits decide nothing."""
        values = self._model.decision(text.lower())
        return {d: round(float(x), 6) for d, x in zip(self.duties, values, strict=True)}

    def bonus(self, text: str) -> dict[str, float]:
        """What each duty adds to its retrieval score: WEIGHT * (decision + OFFSET)."""
        return {label: round(WEIGHT * (x + OFFSET), 6) for label, x in self.scores(text).items()}


def training_set(chunks: Iterable[Chunk], book: RoleBook) -> tuple[tuple[str, str], ...]:
    """(text, duty id) for every text of a duty in the index (labels, terms, example or generated questions)
    and the source's quotes it rests on, lower-cased, without repeats, sorted: the same corpus gives the same
    set in every process."""
    texts = {(c.text.lower(), c.duty) for c in chunks if c.kind == "duty" and c.duty}
    texts |= {(quote.lower(), duty_id) for duty_id in book.duties for quote in book.evidence(duty_id)}
    return tuple(sorted(texts))


def train(chunks: Iterable[Chunk], book: RoleBook, cache_dir: Path | None = None) -> DutyClassifier | None:
    """The duty classifier of the index's chunks (None for a corpus with fewer than two duties: nothing to
    separate)."""
    data = training_set(chunks, book)
    if len({duty for _, duty in data}) < 2:
        return None
    key = fingerprint((("duties", VERSION), *data))
    return DutyClassifier(linear.load_or_train("duty", data, key, cache_dir))
