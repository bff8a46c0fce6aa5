from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from index.ingest import drop_repeated_runs, ingest, normalize, paragraphs

ARTICLE = (Path(__file__).resolve().parent.parent / "corpus" / "article.fi.txt").read_text(encoding="utf-8")


def test_second_copy_of_the_article_is_dropped() -> None:
    article = ingest(ARTICLE)
    texts = [normalize(p.text) for p in article.passages]
    assert article.dropped_duplicates > 150
    assert len(texts) == len(set(texts)) or article.dropped_duplicates > 0
    # each substantive paragraph appears once
    intro = "Myynnin maiseman navigointi voi olla monimutkaista"
    assert sum(t.startswith(intro) for t in texts) == 1


def test_short_repeated_headings_are_not_mistaken_for_a_copy() -> None:
    paras = paragraphs("A\n\nB b b.\n\nA\n\nC c c.\n")
    kept, dropped = drop_repeated_runs(paras)
    assert dropped == 0 and len(kept) == 4


def test_sections_and_stable_ids() -> None:
    a, b = ingest(ARTICLE), ingest(ARTICLE)
    assert [p.id for p in a.passages] == [p.id for p in b.passages]
    from assistant.corpus import load_corpus

    sections = {
        p.section for p in load_corpus(Path(__file__).resolve().parent.parent / "corpus").article.passages
    }
    assert "1. Myyntijohtaja (CSO) > Määritelmä ja päävastuut" in sections
    assert any(s.startswith("UKK") for s in sections)
    assert a.title.startswith("Navigointi myyntimaisemassa")


def test_quotes_are_verbatim_source_text() -> None:
    for p in ingest(ARTICLE).passages:
        assert p.text in ARTICLE


def test_bullets_lose_their_marker_and_keep_their_intro() -> None:
    p = next(p for p in ingest(ARTICLE).passages if p.text.startswith("Hallinnoi BDR:ien"))
    assert p.intro == "Sales Development Representatives (SDRs):"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_ingest_never_crashes_and_quotes_come_from_the_input(text: str) -> None:
    for p in ingest(text).passages:
        assert normalize(p.text) in normalize(text)
