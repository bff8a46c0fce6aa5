"""English renderings of the passages (corpus/translations.en.yaml): complete, never stale, bad files named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.corpus import Corpus, load_corpus
from assistant.errors import RoleDataError
from assistant.translations import TRANSLATIONS_FILE, load_translations
from assistant.types import Answer, Citation, RoleRef
from index.ingest import Passage

CORPUS = Path(__file__).resolve().parent.parent.parent / "corpus"
ENGLISH_ALREADY = {
    "Account Executives (AEs)",
    "Business Development Representatives (BDRs)",
    "Sales Development Representatives (SDRs)",
}


def cited_quotes(corpus: Corpus) -> list[str]:
    """Every quote a duty or a role cites (what answers and the roles pages show)."""
    book = corpus.book
    quotes = [q for r in book.roles.values() for q in (r.evidence, r.reports_to_evidence)]
    return quotes + [o.evidence for d in book.duties.values() for o in d.owners]


def test_every_passage_has_a_rendering_and_none_is_stale(corpus: Corpus) -> None:
    translations = corpus.translations
    assert translations.problems() == []
    passages = corpus.article.passages
    assert len(passages) > 150 and set(translations.by_id) == {p.id for p in passages}
    same = {p.text for p in passages if translations.by_id[p.id].text == p.text}
    assert {
        t.rstrip(":") for t in same
    } == ENGLISH_ALREADY  # written in English in the article too; everything else is rendered


def test_every_cited_passage_has_a_rendering(corpus: Corpus) -> None:
    for quote in cited_quotes(corpus):
        citation = corpus.translations.cite(corpus.book.cite(quote))
        assert citation.translation, quote


def test_a_quoted_sentence_gets_the_english_of_that_sentence(corpus: Corpus) -> None:
    """The CSO's evidence is the second sentence of its passage: its rendering is that sentence's English."""
    cite = corpus.translations.cite
    one = cite(corpus.book.cite("He ovat myyntihierarkian huipulla."))
    assert one.translation == "They are at the top of the sales hierarchy."
    whole = cite(corpus.book.cite("CRO keskittyy:"))
    assert whole.translation == "The CRO focuses on:"
    # a quote that is not whole sentences of its passage gets the whole passage's English
    roi = corpus.book.cite("Mainonta- ja markkinointisijoitukset")
    part = cite(Citation(roi.chunk_id, roi.section, "Mainonta- ja markkinointisijoitukset"))
    assert part.translation == corpus.translations.passage(roi.chunk_id)
    assert part.translation is not None and part.translation.startswith(
        "Advertising and marketing investments:"
    )


def test_english_answers_carry_translations_finnish_ones_do_not(corpus: Corpus) -> None:
    citation = corpus.book.cite(
        "Kiintiöiden asettaminen: Realististen ja haastavien myyntitavoitteiden asettaminen."
    )
    role = [RoleRef("sales_manager", "Sales Manager")]
    en = Answer("The Sales Manager owns this.", "en", True, role, [citation], 0.9, "owner", "quotas")
    fi = Answer("Myyntipäällikkö vastaa tästä.", "fi", True, role, [citation], 0.9, "owner", "quotas")
    translated = corpus.translations.answer(en)
    assert (
        translated.citations[0].translation
        == "Setting quotas: Setting realistic and challenging sales targets."
    )
    assert translated.citations[0].quote == citation.quote  # the Finnish quote stays the source
    assert translated.answer == en.answer and translated.roles == en.roles
    assert corpus.translations.answer(fi).citations[0].translation is None
    assert corpus.translations.answer(fi).to_dict()["citations"][0]["translation"] is None
    declined = Answer("I can't answer that.", "en", False)
    assert corpus.translations.answer(declined) == declined


def test_a_changed_passage_is_noticed_and_shows_no_stale_translation(tmp_path: Path) -> None:
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus_dir, ignore=shutil.ignore_patterns("eval"))
    article = corpus_dir / "article.fi.txt"
    article.write_text(
        article.read_text(encoding="utf-8").replace(
            "Käsitellyt avainroolit:", "Käsitellyt keskeiset roolit:"
        ),
        encoding="utf-8",
    )
    corpus = load_corpus(corpus_dir)
    changed = next(p for p in corpus.article.passages if p.text == "Käsitellyt keskeiset roolit:")
    assert corpus.translations.passage(changed.id) is None
    assert [p.id for p in corpus.translations.missing] == [changed.id]
    problems = corpus.translations.problems()
    assert len(problems) == 2
    assert f"passage {changed.id}" in problems[0] and "has no English rendering" in problems[0]
    assert "scripts/translations.py" in problems[0] and TRANSLATIONS_FILE in problems[0]
    assert "'Käsitellyt avainroolit:'" in problems[1] and "no passage has this text" in problems[1]
    assert "translate the passage again" in problems[1]


def test_a_corpus_without_the_file_has_no_translations(tmp_path: Path) -> None:
    passages = [Passage("a-1", "Teksti.", "Osio")]
    found = load_translations(tmp_path / TRANSLATIONS_FILE, passages)
    assert found.by_id == {} and found.problems() == []
    assert found.cite(Citation("a-1", "Osio", "Teksti.")).translation is None


HEADER = "language: en\ntranslation_of: article.fi.txt\nsource_language: fi\nnote: English renderings.\n"
PASSAGES = [Passage("a-1", "Yksi lause. Toinen lause.", "Osio"), Passage("a-2", "Kolmas.", "Osio")]


def test_a_well_formed_file(tmp_path: Path) -> None:
    path = tmp_path / TRANSLATIONS_FILE
    path.write_text(
        HEADER + "passages:\n"
        "  - fi: [Yksi lause., Toinen lause.]\n    en: [One sentence., Another sentence.]\n"
        "  - fi: '  Kolmas. '\n    en: Third.\n",
        encoding="utf-8",
    )
    found = load_translations(path, PASSAGES)
    assert found.problems() == []
    assert found.passage("a-1") == "One sentence. Another sentence."
    assert found.cite(Citation("a-1", "Osio", "Toinen lause.")).translation == "Another sentence."
    assert found.cite(Citation("a-2", "Osio", "Kolmas.")).translation == "Third."


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("passages: [\n", ["not valid YAML", "fix the syntax"]),
        ("- just a list\n", ["expected a mapping with `language`", "got list"]),
        (
            "translation_of: a.txt\nsource_language: fi\nnote: x\npassages: []\n",
            ["language: Field required", "`language: en`"],
        ),
        (
            HEADER.replace("language: en", "language: sv") + "passages: []\n",
            ["language: Input should be 'en'", "`language: en`"],
        ),
        (HEADER, ["passages: Field required", "`passages:` a list of entries"]),
        (
            HEADER + "passages:\n  - fi: Kolmas.\n",
            ["passages[0].en: Field required", "`fi:` (the passage, verbatim)"],
        ),
        (
            HEADER + "passages:\n  - fi: Kolmas.\n    en: null\n",
            ["passages[0].en: Input should be a valid string", "`en:` one string, or a list of strings"],
        ),
        (
            HEADER + "passages:\n  - fi: Kolmas.\n    en: Third.\n    id: a-2\n",
            ["passages[0].id: Extra inputs are not permitted"],
        ),
        (
            HEADER + "passages:\n  - fi: Kolmas.\n    en: '  '\n",
            ["passages[0].en: empty text", "write the en text"],
        ),
        (
            HEADER + "passages:\n  - fi: [Yksi lause., Toinen lause.]\n    en: [One sentence.]\n",
            ["passages[0].en: 1 part(s) for 2 Finnish part(s)", "one English sentence per Finnish sentence"],
        ),
        (
            HEADER + "passages:\n  - fi: Kolmas.\n    en: [Third.]\n",
            ["passages[0].en: 1 part(s) for 1 Finnish part(s)", "as one string each, or as lists"],
        ),
        (
            HEADER + "passages:\n  - fi: Kolmas.\n    en: Third.\n  - fi: ' Kolmas.'\n    en: The third.\n",
            ["passages[1].fi: the same passage as passages[0]", "keep one of the two entries"],
        ),
    ],
)
def test_a_malformed_file_names_file_field_and_fix(tmp_path: Path, content: str, expected: list[str]) -> None:
    path = tmp_path / TRANSLATIONS_FILE
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RoleDataError) as err:
        load_translations(path, PASSAGES)
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    for part in expected:
        assert part in message, message


def test_a_malformed_file_stops_the_corpus_loading(tmp_path: Path) -> None:
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus_dir, ignore=shutil.ignore_patterns("eval"))
    (corpus_dir / TRANSLATIONS_FILE).write_text(HEADER + "passages:\n  - fi: x\n", encoding="utf-8")
    with pytest.raises(RoleDataError, match=r"translations\.en\.yaml: passages\[0\]\.en: Field required"):
        load_corpus(corpus_dir)


def test_the_script_lists_problems_and_prints_entries_to_fill_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import yaml

    from scripts.translations import main

    assert main(["--corpus", str(CORPUS)]) == 0
    assert capsys.readouterr().err == ""
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus_dir, ignore=shutil.ignore_patterns("eval"))
    article = corpus_dir / "article.fi.txt"
    changed = "Kehitetään strategisia suunnitelmia. Ja uusi lause."
    article.write_text(
        article.read_text(encoding="utf-8").replace("Kehitetään strategisia suunnitelmia", changed),
        encoding="utf-8",
    )
    assert main(["--corpus", str(corpus_dir), "--stubs"]) == 1
    out, err = capsys.readouterr()
    assert "has no English rendering" in err and "no passage has this text" in err
    assert out.startswith("  # Roolit myyntitiimissä (line ")
    assert yaml.safe_load(out) == [
        {"fi": ["Kehitetään strategisia suunnitelmia.", "Ja uusi lause."], "en": [None, None]}
    ]
