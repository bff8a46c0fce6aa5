"""The evaluation set's targets hold (top-1, compare, declines, verbatim citations; overall and per language)."""

from pathlib import Path

from assistant.eval import TARGETS, load_questions, score, targets_missed
from assistant.service import AnswerService

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_question_set_shape() -> None:
    questions = load_questions(CORPUS / "eval" / "questions.jsonl")
    assert len(questions) >= 80
    assert sum(q.lang == "fi" for q in questions) >= 20
    assert sum(not q.expect for q in questions) >= 10
    assert {q.kind for q in questions} >= {
        "owner",
        "define",
        "compare",
        "reports_to",
        "acronym",
        "out_of_scope",
    }


def test_targets_hold_on_the_bundled_set(service: AnswerService) -> None:
    questions = load_questions(CORPUS / "eval" / "questions.jsonl")
    article = (CORPUS / "article.fi.txt").read_text(encoding="utf-8")
    report = score(questions, service.ask, article)
    assert targets_missed(report) == [], (report["overall"], report["failures"])
    assert report["overall"]["citations"] == TARGETS["citations"]
