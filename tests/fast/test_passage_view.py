"""The passage view: a passage among its section's neighbours, each with its English rendering."""

from __future__ import annotations

from assistant.corpus import Corpus
from assistant.passage_view import MAX_AROUND, passage_view

ROI = "a-1120bb4edc50"  # 2. Tulosjohtaja (CRO) > CRO:n keskeiset vastuut: the third of its five passages


def test_the_section_around_the_passage_with_the_cited_one_marked(corpus: Corpus) -> None:
    passages, translations = corpus.article.passages, corpus.translations
    view = passage_view(passages, translations, ROI)
    assert view is not None and view.chunk_id == ROI
    assert view.section == "2. Tulosjohtaja (CRO) > CRO:n keskeiset vastuut"
    assert view.translation == translations.passage(ROI) and view.translation
    section = [p for p in passages if p.section == view.section]
    assert [c.chunk_id for c in view.context] == [p.id for p in section]  # five passages, all within 3
    assert [c.cited for c in view.context] == [False, False, True, False, False]
    assert [c.text for c in view.context] == [p.text for p in section]
    assert all(c.translation == translations.passage(c.chunk_id) for c in view.context)
    data = view.model_dump(mode="json")
    assert data["source"] == "" and data["context"][2] == {
        "chunk_id": ROI,
        "text": view.text,
        "translation": view.translation,
        "cited": True,
    }


def test_around_bounds_the_window_and_never_crosses_the_section(corpus: Corpus) -> None:
    passages, translations = corpus.article.passages, corpus.translations
    one = passage_view(passages, translations, ROI, around=1)
    assert one is not None and [c.cited for c in one.context] == [False, True, False]
    alone = passage_view(passages, translations, ROI, around=0)
    assert alone is not None and [(c.chunk_id, c.cited) for c in alone.context] == [(ROI, True)]
    first = passages[0]  # the first passage: nothing before it
    view = passage_view(passages, translations, first.id, around=MAX_AROUND + 100)
    assert view is not None and view.context[0].cited
    assert {p.section for p in passages if p.id in {c.chunk_id for c in view.context}} == {first.section}
    assert len(view.context) == sum(p.section == first.section for p in passages)
    negative = passage_view(passages, translations, ROI, around=-5)
    assert negative is not None and len(negative.context) == 1


def test_the_view_names_its_source(corpus: Corpus) -> None:
    view = passage_view(corpus.article.passages, corpus.translations, ROI, source=corpus.source_of(ROI))
    assert view is not None and view.source == corpus.source_of(ROI) and view.source


def test_an_unknown_passage_has_no_view(corpus: Corpus) -> None:
    assert passage_view(corpus.article.passages, corpus.translations, "a-000000000000") is None
    assert passage_view(corpus.article.passages, corpus.translations, "d-marketing_roi-0") is None
