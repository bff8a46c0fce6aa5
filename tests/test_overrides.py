"""Organisation overrides (overrides.yaml): an organisation's own statements of who owns what change the
answer, the roles table and the citation; bad statements are refused naming file, field and fix."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import Settings
from assistant.corpus import load_corpus
from assistant.errors import RoleDataError
from assistant.reference import about, ownership, role
from assistant.service import AnswerService
from tests.modes import SERVER_URL

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
POLICY = "Acme sales policy"
OVERRIDES = f"""\
name: {POLICY}
statements:
  - duty: sales_planning_analysis
    owners: [{{role: vp_sales, share: primary}}]
    statement: In our company the VP of Sales owns sales forecasting and the analysis of sales data.
  - role: cro
    absent: true
    covered_by: [cso]
    statement: We have no CRO; the CSO covers the CRO's responsibilities.
  - duty: partner_programme
    en: running the partner programme
    fi: kumppaniohjelman pyörittäminen
    terms: [resellers, partner deals]
    owners: [{{role: bdr, share: primary}}]
    statement: Our BDRs run the partner programme with resellers.
"""


def _corpus(tmp_path: Path, overrides: str = OVERRIDES) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target, ignore=shutil.ignore_patterns("eval"))
    shutil.copytree(CORPUS / "eval", target / "eval", ignore=shutil.ignore_patterns("blind"))
    (target / "overrides.yaml").write_text(overrides, encoding="utf-8")
    return target


def test_statements_give_duties_new_owners_beside_what_the_source_says(tmp_path: Path) -> None:
    corpus = load_corpus(_corpus(tmp_path))
    rows = {r.duty: r for r in ownership(corpus)}
    forecast = rows["sales_planning_analysis"]
    assert forecast.primary == ["vp_sales"] and forecast.source_primary == ["sales_manager"]
    assert forecast.policy is not None and forecast.policy.startswith("In our company the VP of Sales")
    assert [c.source for c in forecast.citations][:1] == [POLICY]
    assert any(c.source != POLICY for c in forecast.citations)  # what the article says, beside it
    assert rows["marketing_roi"].primary == ["cso"] and rows["marketing_roi"].source_primary == ["cro"]
    assert rows["partner_programme"].primary == ["bdr"] and rows["partner_programme"].source_primary == []
    assert all("cro" not in r.primary + r.shared for r in rows.values())
    cro = role(corpus, "cro")
    assert cro is not None and cro.absent is not None and cro.absent.startswith("We have no CRO")
    assert "cro" not in {r.id for r in about(corpus).roles}
    passage = corpus.passage(forecast.citations[0].chunk_id)
    assert passage is not None and passage.text == forecast.policy


def test_the_roles_table_shows_the_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(_corpus(tmp_path)))
    runner = CliRunner()
    csv = runner.invoke(app, ["roles", "--format", "csv"])
    assert csv.exit_code == 0, csv.output
    assert "VP of Sales (own policy; sources: Sales Manager)" in csv.stdout
    table = runner.invoke(app, ["roles"], env={"COLUMNS": "250"})
    assert "own policy" in table.stdout and "Chief Revenue Officer / Tulosjohtaja (CRO)" in table.stdout
    assert "(not in this organisation)" in table.stdout
    data = json.loads(runner.invoke(app, ["roles", "--format", "json"]).stdout)
    assert any(r["policy"] for r in data["ownership"])


@pytest.fixture(scope="module")
def overridden(indexed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnswerService]:
    """The bundled corpus with the statements above, indexed once for the questions below, which only ask
    (a copy of the session's data folder: its embeddings reused)."""
    root = tmp_path_factory.mktemp("overridden")
    data = root / "data"
    shutil.copytree(indexed_data_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    extra = {"chroma_url": SERVER_URL, "chroma_namespace": "t" + uuid.uuid4().hex[:12]} if SERVER_URL else {}
    service = AnswerService(Settings(data_dir=data, corpus_dir=_corpus(root), **extra))  # type: ignore[arg-type]
    service.build_index()
    service.load()
    yield service
    service.close()


def test_an_override_changes_the_answer_and_its_citations(overridden: AnswerService) -> None:
    answer = overridden.ask("who owns sales forecasting?")
    assert [r.id for r in answer.roles][:1] == ["vp_sales"], answer.answer
    assert "own policy" in answer.answer and "the article gives it to the Sales Manager" in answer.answer
    assert answer.citations[0].source == POLICY and answer.citations[0].quote.startswith("In our company")
    assert any(c.source != POLICY for c in answer.citations)
    confirm = overridden.ask("Is the Sales Manager responsible for sales forecasting?")
    assert confirm.answer.startswith("No. The VP of Sales owns this")
    fi = overridden.ask("kuka vastaa myyntiennusteesta?")
    assert fi.roles[0].id == "vp_sales" and "organisaation oma linjaus" in fi.answer


def test_an_absent_role_is_covered_and_explained(overridden: AnswerService) -> None:
    roi = overridden.ask("who owns marketing ROI?")
    assert roi.roles[0].id == "cso" and "the article gives it to the Chief Revenue Officer" in roi.answer
    cro = overridden.ask("what does the CRO do?")
    assert cro.kind == "define" and "has no Chief Revenue Officer of its own" in cro.answer
    assert cro.citations[0].source == POLICY
    declined = overridden.ask("what is the best recipe for banana bread?")
    assert not declined.answered and "Chief Revenue Officer" not in declined.answer


def test_a_duty_of_the_organisations_own_is_answered(overridden: AnswerService) -> None:
    answer = overridden.ask("who runs the partner programme with resellers?")
    assert answer.roles[0].id == "bdr" and answer.citations[0].source == POLICY


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: P\nstatements: []\n", r"overrides\.yaml: statements: .*; give at least one"),
        (
            "name: P\nstatements:\n  - {duty: nope, owners: [{role: cso}], statement: x}\n",
            r"statements\[0\]\.duty: no duty 'nope' in roles\.yaml; use one of its duty ids, or give",
        ),
        (
            "name: P\nstatements:\n  - {duty: quotas, owners: [{role: cfo}], statement: x}\n",
            r"statements\[0\]\.owners\[0\]\.role: unknown role 'cfo'; use one of the role ids",
        ),
        (
            "name: P\nstatements:\n  - {role: sales_manager, absent: true, statement: x}\n",
            r"statements\[0\]: without 'sales_manager' the duty '\w+' has no primary owner; name who takes over",
        ),
        ("name: P\nstatements:\n  - {role: cro, statement: x}\n", r"statements\.0: .*add `absent: true`"),
        ("name: P\nstatements:\n  - {statement: x}\n", r"statements\.0: .*name either a `duty`"),
        (
            "name: P\nlanguage: sv\nstatements:\n  - {role: cro, absent: true, covered_by: [cso], statement: x}\n",
            r"overrides\.yaml: language: 'sv' is not a supported language",
        ),
        ("name: [broken\n", r"overrides\.yaml: not valid YAML"),
    ],
)
def test_bad_statements_are_refused_naming_file_field_and_fix(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(RoleDataError, match=message):
        load_corpus(_corpus(tmp_path, text))
