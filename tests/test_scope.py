"""Example questions per duty (asks.yaml) and topics the article does not cover (uncovered.yaml)."""

import shutil
from pathlib import Path

import pytest
import yaml

from assistant.corpus import load_corpus
from assistant.errors import RoleDataError
from assistant.service import AnswerService

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _corpus_with(tmp_path: Path, **files: str) -> Path:
    target = tmp_path / "corpus"
    target.mkdir(parents=True)
    for name in ("article.fi.txt", "roles.yaml", "asks.yaml", "uncovered.yaml"):
        shutil.copy(CORPUS / name, target / name)
    for name, text in files.items():
        (target / name.replace("_", ".", 1)).write_text(text, "utf-8")
    return target


def test_bundled_data_loads_and_is_indexed_but_never_cited() -> None:
    corpus = load_corpus(CORPUS)
    kinds = {c.kind for c in corpus.chunks}
    assert {"article", "duty", "role", "uncovered"} <= kinds
    asks = [c for c in corpus.chunks if c.id.startswith("q-")]
    assert len(asks) >= 10 * len(corpus.book.duties)  # several example questions per duty
    assert all(c.duty in corpus.book.duties and c.roles for c in asks)
    assert len(corpus.uncovered) >= 20
    topic_chunks = [c for c in corpus.chunks if c.kind == "uncovered"]
    assert all(c.roles == () and c.duty is None for c in topic_chunks)


def test_example_questions_do_not_name_the_duty_owner() -> None:
    """An example question naming its own owner would teach the index the answer, not the phrasing;
    other roles may appear as context ("after the BDRs find leads, who takes over?")."""
    corpus = load_corpus(CORPUS)
    named = [
        c.text
        for c in corpus.chunks
        if c.id.startswith("q-") and set(corpus.book.mentioned_roles(c.text)) & set(c.roles)
    ]
    assert named == []


def test_the_data_files_are_part_of_the_corpus_hash(tmp_path: Path) -> None:
    before = load_corpus(_corpus_with(tmp_path / "a")).sha256
    data = yaml.safe_load((CORPUS / "uncovered.yaml").read_text("utf-8"))
    data["topics"] = data["topics"][:-1]
    after = load_corpus(_corpus_with(tmp_path / "b", uncovered_yaml=yaml.safe_dump(data))).sha256
    assert before != after


def test_the_files_are_optional(tmp_path: Path) -> None:
    target = _corpus_with(tmp_path)
    (target / "asks.yaml").unlink()
    (target / "uncovered.yaml").unlink()
    corpus = load_corpus(target)
    assert not any(c.id.startswith("q-") for c in corpus.chunks)
    # without its own uncovered topics a corpus gets the everyday ones (assistant/lang/everyday.yaml) ...
    assert {"weather", "payroll", "cooking_recipes"} <= set(corpus.uncovered)
    # ... and an empty file turns off the workplace ones (payroll ...), not the everyday off-topic ones
    (target / "uncovered.yaml").write_text("topics: []\n", encoding="utf-8")
    kept = set(load_corpus(target).uncovered)
    assert "payroll" not in kept and {"weather", "sports", "programming_code"} <= kept
    # a corpus topic of the same id replaces an everyday one
    own = "topics:\n- id: sports\n  en: the club's matches\n  asks:\n    en:\n    - Who won our last match?\n"
    (target / "uncovered.yaml").write_text(own, encoding="utf-8")
    assert load_corpus(target).uncovered["sports"].en == "the club's matches"
    # `everyday: true` keeps the everyday workplace topics beside the corpus's own (its own still replace)
    (target / "uncovered.yaml").write_text("everyday: true\n" + own, encoding="utf-8")
    both = load_corpus(target)
    assert both.uncovered["sports"].en == "the club's matches" and "payroll" in both.uncovered
    assert both.sha256 != load_corpus(_corpus_with(tmp_path / "c", uncovered_yaml=own)).sha256


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("asks_yaml", "no_such_duty:\n  en: [Who]\n", r"asks\.yaml: no_such_duty: no duty with this id"),
        ("asks_yaml", "quotas:\n  en: Who sets quotas?\n", r"asks\.yaml: quotas\.en: "),
        ("asks_yaml", "quotas:\n  de: [Wer]\n", r"asks\.yaml: quotas\.de: "),
        ("asks_yaml", "- just a list\n", r"asks\.yaml: expected a mapping"),
        ("asks_yaml", "quotas: [unclosed\n", r"asks\.yaml: not valid YAML"),
        (
            "uncovered_yaml",
            "topics:\n  - {id: a, en: x, fi: y, asks: {en: [q]}}\n  - {id: a, en: x, fi: y, asks: {en: [q]}}\n",
            r"uncovered\.yaml: topics\.1\.id: duplicate topic id 'a'",
        ),
        (
            "uncovered_yaml",
            "topics:\n  - {id: a, asks: {en: [q]}}\n",
            r"uncovered\.yaml: topics\.0: no name in en or fi; add the topic's name",
        ),
        ("uncovered_yaml", "topics:\n  - {id: Bad Id, en: x, fi: y, asks: {}}\n", r"topics\.0\.id: "),
    ],
)
def test_malformed_files_fail_naming_file_and_field(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    with pytest.raises(RoleDataError, match=message):
        load_corpus(_corpus_with(tmp_path, **{name: text}))


def test_a_question_on_an_uncovered_topic_is_declined_naming_it(service: AnswerService) -> None:
    topic = service.corpus.uncovered["payroll"]
    a = service.ask("When are the monthly salaries paid into our bank accounts?")
    assert not a.answered and a.roles == [] and a.citations == []
    assert topic.en in a.answer
    fi = service.ask("Milloin kuukausipalkat maksetaan tilille?")
    assert not fi.answered and topic.fi in fi.answer


def test_covered_questions_near_uncovered_topics_still_answer(service: AnswerService) -> None:
    """Discounts and complaints sit beside invoicing and support; the article gives them to a role."""
    a = service.ask("Who approves discounts and handles customer complaints?")
    assert a.answered and a.roles[0].id == "sales_manager"
    b = service.ask("Who does the CRO work with on growth strategy?")
    assert b.answered


def test_words_only_uncovered_topics_use_do_not_count_as_covered(service: AnswerService) -> None:
    """uncovered.yaml talks about salaries; that must not make "salary" a subject the article covers."""
    assert any("salar" in c.text.lower() for c in service.corpus.chunks if c.kind == "uncovered")
    a = service.ask("How big is a Sales Manager's salary?")
    assert not a.answered and a.roles == []


@pytest.mark.parametrize(
    "question",
    ["What is the salary of an SDR?", "Does an AE get a company car?", "Paljonko SDR tienaa kuukaudessa?"],
)
def test_a_known_role_on_an_uncovered_subject_is_declined(service: AnswerService, question: str) -> None:
    a = service.ask(question)
    assert not a.answered and a.roles == []
    assert "does not cover" in a.answer or "ei käsittele aihetta" in a.answer


@pytest.mark.parametrize("question", ["Kerro, mitä SDR tekee.", "What's an AE's job, in plain terms?"])
def test_filler_words_do_not_make_a_define_question_off_topic(service: AnswerService, question: str) -> None:
    a = service.ask(question)
    assert a.answered and a.kind == "define"
