"""A small stand-in for AnswerService: canned answers, recorded calls, a gate to hold `load()`."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from assistant.errors import InvalidQuestion
from assistant.reference_models import About, ContextPassage, HierarchyNode, OwnershipRow, PassageView, Role
from assistant.search import Passage
from assistant.types import Answer, Citation, RoleRef, Turn

CITATION = Citation(
    "a-1", "2. Tulosjohtaja (CRO)", "Mainonta- ja markkinointikulujen tehokkuuden optimointi."
)
ROLES: list[Role] = [
    Role.model_validate(r)
    for r in (
        {
            "id": "cro",
            "name": "Chief Revenue Officer",
            "name_en": "Chief Revenue Officer",
            "name_fi": "Tulosjohtaja",
            "acronym": "CRO",
            "expansion": "Chief Revenue Officer",
            "aliases": ["CRO", "tulosjohtaja"],
            "level": 1,
            "reports_to": ["ceo"],
            "summary_en": "Owns revenue.",
            "summary_fi": "Vastaa tuloista.",
            "citations": [CITATION],
            "responsibilities": [
                {
                    "duty": "marketing_roi",
                    "en": "Marketing ROI",
                    "fi": "Markkinoinnin ROI",
                    "share": "primary",
                    "citations": [CITATION],
                }
            ],
        },
        {
            "id": "ceo",
            "name": "Chief Executive Officer",
            "name_en": "Chief Executive Officer",
            "name_fi": "Toimitusjohtaja",
            "acronym": "CEO",
            "expansion": None,
            "aliases": ["CEO"],
            "level": 0,
            "reports_to": [],
            "summary_en": "Runs the company.",
            "summary_fi": "Johtaa yritystä.",
            "citations": [],
            "responsibilities": [],
        },
    )
]


def roi_answer() -> Answer:
    return Answer(
        answer="The Chief Revenue Officer owns this: marketing ROI.",
        language="en",
        answered=True,
        roles=[RoleRef("cro", "Chief Revenue Officer", "primary")],
        citations=[CITATION],
        confidence=0.99,
        kind="owner",
        topic="marketing_roi",
    )


class FakeService:
    def __init__(self, *, gate: threading.Event | None = None, load_error: Exception | None = None) -> None:
        self.gate = gate
        self.load_error = load_error
        self._ready = False
        self.calls: list[tuple[str, list[Turn]]] = []
        self.passage_calls: list[tuple[str, int]] = []
        self.loads = 0
        self.max_chars = 2000
        self.searches: list[tuple[str, int]] = []

    @property
    def ready(self) -> bool:
        return self._ready

    def load(self, *, build_if_missing: bool = False) -> None:
        self.loads += 1
        if self.gate is not None:
            self.gate.wait(10)
        if self.load_error is not None:
            raise self.load_error
        self._ready = True

    def ask(
        self, question: str, history: Sequence[Turn] = (), *, cancelled: Callable[[], bool] | None = None
    ) -> Answer:
        text = question.strip()
        if not text:
            raise InvalidQuestion("the question is empty")
        if len(text) > self.max_chars:
            raise InvalidQuestion(
                f"the question is {len(text)} characters long; the limit is {self.max_chars}"
            )
        self.calls.append((question, list(history)))
        if text == "boom":
            raise RuntimeError("secret internal detail")
        if "report to" in text and history and history[-1].answer and history[-1].answer.roles:
            who = history[-1].answer.roles[0]
            return Answer(
                answer=f"The {who.name} reports to the Chief Executive Officer.",
                language="en",
                answered=True,
                roles=[RoleRef("ceo", "Chief Executive Officer")],
                citations=[CITATION],
                confidence=0.9,
                kind="reports_to",
                topic=who.id,
            )
        if "roi" in text.lower():
            return roi_answer()
        return Answer(answer="I can't find an answer to that in the article.", language="en", answered=False)

    def ask_traced(
        self, question: str, history: Sequence[Turn] = (), *, cancelled: Callable[[], bool] | None = None
    ) -> tuple[Answer, str]:
        return self.ask(question, history), self.stats()["collection"]

    def roles(self) -> list[Role]:
        return ROLES

    def role(self, role_id: str) -> Role | None:
        return next((r for r in ROLES if r.id == role_id), None)

    def ownership(self) -> list[OwnershipRow]:
        return [
            OwnershipRow(
                duty="marketing_roi",
                en="Marketing ROI",
                fi="Markkinoinnin ROI",
                primary=["cro"],
                shared=[],
                citations=[CITATION],
            )
        ]

    def hierarchy(self) -> list[HierarchyNode]:
        cro = HierarchyNode(id="cro", name="Chief Revenue Officer")
        return [HierarchyNode(id="ceo", name="Chief Executive Officer", children=[cro])]

    def passage(self, chunk_id: str, around: int = 3) -> PassageView | None:
        self.passage_calls.append((chunk_id, around))
        if chunk_id == CITATION.chunk_id:
            text = "Alku. " + CITATION.quote + " Loppu."
            return PassageView(
                chunk_id="a-1",
                section=CITATION.section,
                text=text,
                translation="Start. Optimising the effectiveness of marketing spend. End.",
                context=(ContextPassage(chunk_id="a-1", text=text, translation=None, cited=True),),
            )
        return None

    def about(self) -> About:
        return About.model_validate(
            {
                "name": "Test roles",
                "languages": ["en", "fi"],
                "sources": [{"id": "article", "name": "Test article", "language": "fi"}],
                "roles": [{"id": "cro", "name": "Chief Revenue Officer"}],
                "examples": ["who owns marketing ROI?", "what does a CRO do?"],
                "summary": {
                    "en": "I answer questions about the test roles.",
                    "fi": "Vastaan testirooleista.",
                },
            }
        )

    def stats(self) -> dict[str, Any]:
        return {"chunks": 3, "model": "fake", "dim": 4, "collection": "fake-1", "corpus_hash": "0" * 8}

    def search(self, query: str, k: int = 5) -> list[Passage]:
        if not query.strip():
            raise InvalidQuestion("the question is empty")
        if len(query.strip()) > self.max_chars:
            raise InvalidQuestion(
                f"the question is {len(query.strip())} characters long; the limit is {self.max_chars}"
            )
        self.searches.append((query, k))
        hits = [
            Passage("a-1", CITATION.section, CITATION.quote, ("cro",), 0.03, "Test article"),
            Passage("a-2", "2.", "Muuta.", (), 0.02),
        ]
        return hits[:k]

    def phrase(self, question: str, answer: Answer) -> Answer:
        return answer  # no LLM configured

    def phrase_stream(self, question: str, answer: Answer) -> Any:
        return None
