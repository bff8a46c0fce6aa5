"""The Answerer: a question goes through the stages in turn, each a module of this package:
analysis (query) -> kind (kinds) -> ranking -> refusal -> compose."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answering import compose, kinds, query, ranking, refusal
from assistant.answering.query import Query
from assistant.corpus import Corpus
from assistant.retrieval import HybridRetriever
from assistant.roles import RoleBook
from assistant.types import Answer, Turn


class Answerer:
    """Answers questions from the role book and the hybrid retriever; no LLM."""

    def __init__(self, corpus: Corpus, retriever: HybridRetriever) -> None:
        self.corpus = corpus
        self.book: RoleBook = corpus.book
        self.retriever = retriever
        self.evidence = ranking.build(corpus, retriever)
        self._role_words = kinds.role_words(self.book)

    def analyse(self, question: str, history: Sequence[Turn] = ()) -> Query:
        """The question's roles, kind and the rest of what it asks (stages: analysis, kind)."""
        q, named, asked_about = query.read(self.book, question, history)
        if asked_about is not None:  # None: an elliptic follow-up, which keeps the previous kind
            q.kind = kinds.decide(self.evidence, self._role_words, q.masked, asked_about)
            query.settle(self.book, q, named)
        return q

    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        q = self.analyse(question, history)
        declined = refusal.before_ranking(self.evidence, q)
        if declined:
            return self._decline(q, declined)
        if q.kind == "owner":
            return self._owner(q)
        role = self.book.roles[q.roles[0]]
        if q.kind == "compare":
            return compose.compare(self.book, q)
        if q.kind == "reports_to":
            return compose.reports_to(self.book, q, compose.subordinate(self.book, q.subjects or q.roles))
        if q.kind == "reports_from":
            return compose.reports_from(self.book, q, role)
        if q.kind == "acronym":
            return compose.acronym(self.book, q, role)
        if refusal.off_topic(self.evidence, q):
            return self._decline(q, refusal.Decline("uncovered" if q.uncovered else "scope"))
        return compose.define(self.book, q, role)

    def _owner(self, q: Query) -> Answer:
        best, readings = ranking.owner_readings(self.evidence, q)
        declined = refusal.owner(self.evidence, q, best, readings)
        if declined:
            return self._decline(q, declined)
        return compose.owner(self.book, q, self.book.duties[best.ranked[0][0]], best.confidence)

    def _decline(self, q: Query, declined: refusal.Decline) -> Answer:
        return compose.decline(self.corpus, q, confidence=declined.confidence, reason=declined.reason)

    # ---- the ranking, for tools and tests ----------------------------------------------------------
    def rank_duties(self, question: str) -> list[tuple[str, float]]:
        """Duties by evidence for the question: dense similarity (z-scored) plus BM25."""
        return ranking.rank(self.evidence, question)[0]

    def coverage(self, question: str) -> tuple[int, int]:
        """(content words the corpus knows, content words)."""
        return ranking.coverage(self.evidence, question)

    def duty_support(self, question: str, duty_id: str) -> tuple[int, int]:
        """(content words of the question found in this duty's own texts, content words that are not
        common across the corpus)."""
        return ranking.duty_support(self.evidence, question, duty_id)
