"""The check on LLM text and the stream's hold-back, from the role data alone (no model, no server)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.corpus import Corpus
from assistant.phrasing import Grounding, PhraseStream, define_question, role_request
from assistant.types import Answer, RoleRef

TEMPLATE = "The Chief Revenue Officer owns this: maximising the return on marketing spend."


def roi() -> Answer:
    return Answer(TEMPLATE, "en", True, [RoleRef("cro", "Chief Revenue Officer")], [], 0.99, "owner", "roi")


def reports() -> Answer:
    text = "The Chief Revenue Officer reports to the Chief Executive Officer or the Board of Directors."
    roles = [RoleRef("ceo", "Chief Executive Officer"), RoleRef("board", "Board of Directors")]
    return Answer(text, "en", True, roles, [], 0.9, "reports_to", "cro")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Marketing ROI belongs to the CRO.", None),
        ("Tulosjohtaja vastaa markkinoinnin ROI:sta.", None),
        ("The CSO owns marketing ROI.", "names cso"),
        ("The CRO owns it, with help from the VP of Sales.", "names vp_sales"),
        ("It depends on your company.", "does not name the owner (cro)"),
        ("", "empty"),
        ("The CRO. " + "x" * 5000, "longer than"),
    ],
)
def test_the_check(corpus: Corpus, text: str, problem: str | None) -> None:
    found = Grounding.of(roi(), corpus.book).problem(text, corpus.book, complete=True)
    assert found is None if problem is None else problem in (found or "")


def test_roles_the_grounded_text_names_may_be_named(corpus: Corpus) -> None:
    grounding = Grounding.of(reports(), corpus.book)
    assert grounding.required == {"ceo", "board"}
    assert grounding.allowed == {"ceo", "board", "cro"}  # the topic, named in the template
    ok = "The CRO answers to the CEO or to the board."
    assert grounding.problem(ok, corpus.book, complete=True) is None
    assert "does not name the owner" in (
        grounding.problem("The CRO reports to the CEO.", corpus.book, complete=True) or ""
    )


def stream(
    corpus: Corpus, parts: list[str], answer: Answer | None = None, timeout: float = 10
) -> PhraseStream:
    return PhraseStream(answer or roi(), lambda: iter(parts), corpus.book, timeout=timeout)


def test_nothing_is_released_before_the_owner_is_named(corpus: Corpus) -> None:
    words = [
        "Great ",
        "question! ",
        "This ",
        "one ",
        "is ",
        "owned ",
        "by ",
        "the ",
        "Chief ",
        "Revenue ",
        "Officer, ",
        "who ",
        "also ",
        "reports ",
        "results.",
    ]
    s = stream(corpus, words)
    out = list(s)
    assert "".join(out) == "".join(words) and s.outcome == "llm"
    # held back until the owner's name had come in full; then all but the last few words at once
    assert out[0] == "Great question! This one is owned by"


def test_a_role_name_is_never_split_and_a_wrong_one_never_shown(corpus: Corpus) -> None:
    words = [
        "The ",
        "CRO ",
        "owns ",
        "it ",
        "and ",
        "so ",
        "does ",
        "the ",
        "Chief ",
        "Sales ",
        "Officer ",
        "in ",
        "some ",
        "companies.",
    ]
    s = stream(corpus, words)
    shown = "".join(s)
    assert "Chief" not in shown and s.replaced and s.answer.answer == TEMPLATE
    assert "CRO" in shown  # the valid start was streamed


def test_failures_before_anything_is_shown_stream_the_template(corpus: Corpus) -> None:
    s = stream(corpus, ["Nobody ", "in ", "particular."])
    assert "".join(s) == TEMPLATE and not s.replaced and s.outcome.startswith("does not name")

    def broken() -> Iterator[str]:
        yield "The CRO"
        raise ConnectionError("reset by peer")

    s = PhraseStream(roi(), broken, corpus.book, timeout=10)
    assert "".join(s) == TEMPLATE and "ConnectionError" in s.outcome


def test_the_owner_must_come_early(corpus: Corpus) -> None:
    s = stream(corpus, ["blah " * 200, "The CRO owns it."])
    assert "".join(s) == TEMPLATE and "no owner named" in s.outcome


def test_a_deadline_over_the_whole_reply(corpus: Corpus) -> None:
    s = stream(corpus, ["The CRO ", "owns ", "it."], timeout=0)
    assert "".join(s) == TEMPLATE and "TimeoutError" in s.outcome


def test_a_stream_is_read_once(corpus: Corpus) -> None:
    s = stream(corpus, ["The CRO owns it."])
    assert "".join(s) == "The CRO owns it."
    with pytest.raises(RuntimeError):
        list(s)


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("write a job description for a BDR", "bdr"),
        ("Summarize the CRO role in 3 bullet points", "cro"),
        ("tiivistä myyntipäällikön rooli", "sales_manager"),
        ("kirjoita työpaikkailmoitus SDR:lle", "sdr"),
        ("write a job description comparing the CSO and the CRO", None),  # two roles: not one role's data
        ("who owns marketing ROI?", None),
    ],
)
def test_role_requests(corpus: Corpus, question: str, role: str | None) -> None:
    assert role_request(question, corpus.book) == role


def test_define_questions_name_the_role(corpus: Corpus) -> None:
    assert (
        define_question(corpus.book, "bdr", "en") == "What does the Business Development Representative do?"
    )
    assert corpus.book.mentioned_roles(define_question(corpus.book, "sales_manager", "fi")) == [
        "sales_manager"
    ]
