"""The corpus format of docs/CORPUS.md: its template loads as written; an English-only corpus needs no Finnish
fields and may name its source files as it likes; every bad input is refused naming file, field and fix."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.corpus import load_corpus
from assistant.errors import RoleDataError
from assistant.reference import about, hierarchy
from index.ingest import ingest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "CORPUS.md").read_text(encoding="utf-8")


def template(tmp_path: Path) -> Path:
    """The template of docs/CORPUS.md written out as a corpus folder."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    for name, body in re.findall(r"<!-- template: (\S+) -->\n```\w*\n(.*?)```", GUIDE, re.S):
        (tmp_path / name).write_text(body, encoding="utf-8")
    return tmp_path


def test_the_guides_template_is_a_valid_corpus(tmp_path: Path) -> None:
    corpus = load_corpus(template(tmp_path))
    book = corpus.book
    assert set(book.roles) == {"support_lead", "support_agent"} and book.languages == ("en",)
    assert book.roles["support_agent"].aliases == ["Support Agent"]  # default aliases: the names
    assert book.mentioned_roles("who do support agents report to?") == ["support_agent"]
    assert {c.lang for c in corpus.chunks if c.kind != "uncovered"} == {"en"}
    assert corpus.uncovered  # the everyday topics, as it has no uncovered.yaml
    cite = book.cite(book.duties["escalations"].owners[0].evidence)
    assert cite.source == "Support team guide" and cite.section == "Support Lead"
    assert about(corpus).summary["en"].startswith("I answer questions about the support roles")
    assert [n.id for n in hierarchy(corpus)] == ["support_lead"]


def _mutated(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    folder = template(tmp_path)
    data = yaml.safe_load((folder / "roles.yaml").read_text(encoding="utf-8"))
    change(data)
    (folder / "roles.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        node: Any = data
        for p in parents:
            node = node[p]
        if value is None:
            del node[last]
        elif isinstance(node, list) and last == len(node):
            node.append(value)
        else:
            node[last] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set("corpus", None), r"roles\.yaml: corpus: missing; add a `corpus:` section"),
        (
            _set("corpus.languages", ["sv"]),
            r"corpus\.languages: 'sv' is not a supported language; use one of en, fi",
        ),
        (
            _set("corpus.sources.0.file", "nowhere.md"),
            r"corpus\.sources\[0\]\.file: 'nowhere\.md' not found in .*; put",
        ),
        (
            _set("corpus.wording", {"en": {"domian": "x"}}),
            r"unknown key 'domian'; the keys for en are domain, source",
        ),
        (
            _set("corpus.sources.0.language", "de"),
            r"corpus\.sources\.0\.language: 'de' is not a supported language",
        ),
        (
            _set("roles.0.summary_en", None),
            r"roles\[0\]\.summary_en: missing; en is the corpus's first language",
        ),
        (
            _set("roles.0.colour", "red"),
            r"roles\.0\.colour: Extra inputs are not permitted; remove it or correct",
        ),
        (_set("roles.1.id", "Support Agent"), r"roles\.1\.id: .*; use lower-case letters, digits and _"),
        (
            _set("roles.1.reports_to", ["boss"]),
            r"roles\[1\]\.reports_to\[0\]: unknown role 'boss'; use one of",
        ),
        (_set("roles.0.works_with", ["nobody"]), r"roles\[0\]\.works_with\[0\]: unknown role 'nobody'"),
        (
            _set("roles.0.reports_to", ["support_agent"]),
            r"reports_to: 'support_\w+' ends up reporting to itself",
        ),
        (
            _set("roles.0.evidence", "Not in the guide."),
            r"roles\[0\]\.evidence: quote not found in the sources \(guide\.md\)",
        ),
        (
            _set(
                "duties.0.owners.1",
                {"role": "support_lead", "share": "shared", "evidence": "Owns the escalation"},
            ),
            r"duties\[0\]\.owners\[1\]\.role: 'support_lead' is already an owner of this duty",
        ),
        (
            _set("duties.0.owners.0.share", "shared"),
            r"duties\.0\.owners: .*the first owner must be the primary one",
        ),
    ],
)
def test_bad_input_is_refused_naming_file_field_and_fix(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    with pytest.raises(RoleDataError, match=message):
        load_corpus(_mutated(tmp_path, change))


def test_a_source_that_is_not_text_is_refused(tmp_path: Path) -> None:
    folder = template(tmp_path)
    (folder / "guide.md").write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(RoleDataError, match=r"'guide\.md' is not a UTF-8 text file; save it as plain text"):
        load_corpus(folder)


def test_a_finnish_only_corpus_answers_in_finnish(tmp_path: Path) -> None:
    def finnish(data: dict[str, Any]) -> None:
        data["corpus"]["languages"] = ["fi"]
        for role in data["roles"]:
            role["name_fi"], role["summary_fi"] = role.pop("name_en"), role.pop("summary_en")
        for duty in data["duties"]:
            duty["fi"] = duty.pop("en")
        data["corpus"]["wording"] = {}

    book = load_corpus(_mutated(tmp_path, finnish)).book
    assert book.spec.answer_language("en") == "fi" and book.roles["support_lead"].name("en") == "Support Lead"


def test_markdown_headings_and_dash_bullets() -> None:
    article = ingest(
        "# Team guide\n\nIntro paragraph of the guide.\n\n## Lead\n\n- Owns escalations.\n* Runs standups.\n"
    )
    assert article.title == "Team guide"
    assert [(p.section, p.text) for p in article.passages] == [
        ("Team guide", "Intro paragraph of the guide."),
        ("Lead", "Owns escalations."),
        ("Lead", "Runs standups."),
    ]
