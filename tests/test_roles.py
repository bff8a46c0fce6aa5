from pathlib import Path

import pytest
import yaml

from assistant.corpus import load_corpus
from assistant.errors import RoleDataError

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
IDS = {"cso", "cro", "vp_sales", "sales_manager", "team_lead", "ae", "bdr", "sdr"}


def _copy_corpus(tmp_path: Path, mutate) -> Path:  # type: ignore[no-untyped-def]
    target = tmp_path / "corpus"
    target.mkdir()
    (target / "article.fi.txt").write_text(
        (CORPUS / "article.fi.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    data = yaml.safe_load((CORPUS / "roles.yaml").read_text(encoding="utf-8"))
    mutate(data)
    (target / "roles.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def test_bundled_roles_load_and_cover_every_role() -> None:
    book = load_corpus(CORPUS).book
    assert set(book.roles) >= IDS
    for role_id in IDS:
        assert book.responsibilities(role_id), role_id
    assert book.roles["vp_sales"].reports_to == ["cso", "cro", "ceo"]


def test_myyntijohtaja_is_resolved_by_the_acronym() -> None:
    book = load_corpus(CORPUS).book
    assert book.mentioned_roles("Myyntijohtaja (CSO)") == ["cso"]
    assert book.mentioned_roles("Myyntijohtaja (VP of Sales)") == ["vp_sales"]
    assert book.mentioned_roles("mitä eroa on CSO:lla ja myyntijohtajalla?") == ["cso", "vp_sales"]


def test_an_acronym_opening_a_hyphen_compound_is_a_mention() -> None:
    book = load_corpus(CORPUS).book
    assert book.mentioned_roles("Haen BDR-paikkaa") == ["bdr"]
    assert book.mentioned_roles("SDR-tiimin tulokset") == ["sdr"]
    assert book.mentioned_roles("HR-johtaja") == []
    assert book.mentioned_roles("asiakkuuspäälliköille") == ["ae"]  # the usual Finnish title for an AE


def test_article_chunks_are_tagged_with_their_subject() -> None:
    article = load_corpus(CORPUS).article
    by_text = {p.text: p for p in article.passages}
    assert by_text["Hallinnoi BDR:ien tuottamia liidejä"].roles[0] == "sdr"
    assert by_text["Asettaa kiintiöt ja seuraa trendejä"].roles == ("sales_manager",)
    cso_part = [p for p in article.passages if p.section.startswith("1. Myyntijohtaja (CSO)")]
    assert cso_part and all(p.roles and p.roles[0] in {"cso", "vp_sales"} for p in cso_part)


def test_quote_not_in_article_is_refused_with_file_and_field(tmp_path: Path) -> None:
    def mutate(d):  # type: ignore[no-untyped-def]
        d["duties"][2]["owners"][0]["evidence"] = "Tätä lausetta ei ole artikkelissa."

    with pytest.raises(
        RoleDataError, match=r"roles\.yaml: duties\[2\]\.owners\[0\]\.evidence: quote not found"
    ):
        load_corpus(_copy_corpus(tmp_path, mutate))


def test_unknown_role_reference_is_refused(tmp_path: Path) -> None:
    def mutate(d):  # type: ignore[no-untyped-def]
        d["roles"][2]["reports_to"] = ["cfo"]

    with pytest.raises(RoleDataError, match=r"roles\[2\]\.reports_to\[0\]: unknown role 'cfo'"):
        load_corpus(_copy_corpus(tmp_path, mutate))


def test_missing_field_is_named(tmp_path: Path) -> None:
    def mutate(d):  # type: ignore[no-untyped-def]
        del d["roles"][0]["evidence"]

    with pytest.raises(RoleDataError, match=r"roles\.0\.evidence: Field required; add it"):
        load_corpus(_copy_corpus(tmp_path, mutate))


def test_a_missing_translation_is_filled_and_reported(tmp_path: Path) -> None:
    def mutate(d):  # type: ignore[no-untyped-def]
        del d["roles"][0]["name_fi"]

    book = load_corpus(_copy_corpus(tmp_path, mutate)).book
    assert book.missing_translations == ["roles[0].name_fi"]
    assert book.roles["cso"].name("fi") == book.roles["cso"].name_en


def test_the_first_language_is_required(tmp_path: Path) -> None:
    def mutate(d):  # type: ignore[no-untyped-def]
        del d["roles"][0]["name_en"]

    with pytest.raises(
        RoleDataError, match=r"roles\[0\]\.name_en: missing; en is the corpus's first language"
    ):
        load_corpus(_copy_corpus(tmp_path, mutate))


def test_duplicate_ids_and_bad_yaml(tmp_path: Path) -> None:
    def mutate(d):  # type: ignore[no-untyped-def]
        d["roles"][1]["id"] = d["roles"][0]["id"]

    with pytest.raises(RoleDataError, match="duplicate role id"):
        load_corpus(_copy_corpus(tmp_path, mutate))
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "article.fi.txt").write_text("x", encoding="utf-8")
    (broken / "roles.yaml").write_text("roles: [unclosed", encoding="utf-8")
    with pytest.raises(RoleDataError, match="not valid YAML"):
        load_corpus(broken)


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(["id", "aliases", "level", "reports_to", "evidence", "name_en"]), value=_yaml_values
)
def test_any_malformed_role_field_is_a_role_data_error(tmp_path: Path, field: str, value: object) -> None:
    def mutate(d):  # type: ignore[no-untyped-def]
        d["roles"][0][field] = value

    import shutil

    shutil.rmtree(tmp_path / "corpus", ignore_errors=True)
    try:
        load_corpus(_copy_corpus(tmp_path, mutate))
    except RoleDataError as exc:
        assert "roles.yaml" in str(exc)
