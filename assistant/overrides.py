"""Organisation overrides (`overrides.yaml`): an organisation's own statements of who owns what.

Each statement is the organisation's policy, in its own words: "In our company the VP of Sales owns forecasting"
gives a duty new owners; "We have no CRO; the CSO covers its duties" removes a role and hands its duties on; a
duty the sources do not have can be stated too. Every statement is a passage of its own source (named by the
file's `name`), so answers cite it like any source sentence, and show beside it what the sources say (the duty's
owners before the override). docs/CORPUS.md describes the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, ValidationError, model_validator

from assistant import yamlfile
from assistant.errors import RoleDataError
from assistant.models import ROLE_ID, StrictModel, invalid_data
from assistant.rolefile import Duty, Owner, RoleFile
from assistant.spec import SourceSpec, supported
from index.ingest import Article, Passage, passage_id

OVERRIDES_FILE = "overrides.yaml"
SOURCE_ID = "overrides"  # the source id of the statements (a declared source may not use it)


class StatedOwner(StrictModel):
    role: str = Field(pattern=ROLE_ID)
    share: Literal["primary", "shared"] = "primary"


class Statement(StrictModel):
    statement: str = Field(min_length=1)  # the organisation's own words: cited as its policy
    duty: str | None = Field(default=None, pattern=ROLE_ID)  # a duty it gives new owners (or states)
    owners: list[StatedOwner] = Field(default_factory=list)
    en: str = ""  # a duty of the organisation's own: its label, per language, and everyday words for it
    fi: str = ""
    terms: list[str] = Field(default_factory=list)
    role: str | None = Field(default=None, pattern=ROLE_ID)  # a role the organisation does not have
    absent: bool = False
    covered_by: list[str] = Field(default_factory=list)  # who takes over its duties

    @model_validator(mode="after")
    def _one_kind(self) -> Statement:
        if (self.duty is None) == (self.role is None):
            raise ValueError("name either a `duty` (with its `owners`) or a `role` (with `absent: true`)")
        if self.duty is not None and not self.owners:
            raise ValueError("a duty statement needs `owners`: [{role: ..., share: primary}]")
        if self.duty is not None and self.owners[0].share != "primary":
            raise ValueError("the first owner must be the primary one")
        if self.role is not None and not self.absent:
            raise ValueError("a role statement says the role is absent: add `absent: true`")
        return self


class OverridesFile(StrictModel):
    name: str = Field(min_length=1)  # how citations name the statements ("Acme's role policy")
    language: str | None = None  # the statements' language (default: the corpus's first)
    statements: list[Statement] = Field(min_length=1)


@dataclass(frozen=True)
class Policy:
    """An override of one duty: the organisation's statement and the owners the sources give it."""

    statement: str
    original: tuple[
        Owner, ...
    ]  # the owners roles.yaml gives the duty; () for a duty of the organisation's own


@dataclass(frozen=True)
class Overrides:
    file: OverridesFile
    path: Path

    @property
    def source(self) -> SourceSpec:
        language = self.file.language or "en"  # set by load_overrides
        return SourceSpec(id=SOURCE_ID, file=OVERRIDES_FILE, language=language, name=self.file.name)

    @property
    def text(self) -> str:
        return "\n".join(s.statement for s in self.file.statements)

    def article(self) -> Article:
        """The statements as passages of their own source (each one citable and openable)."""
        passages = [
            Passage(
                passage_id(self.file.name, s.statement),
                s.statement,
                self.file.name,
                "",
                _roles(s),
                n,
                SOURCE_ID,
            )
            for n, s in enumerate(self.file.statements, start=1)
        ]
        return Article(title=self.file.name, passages=passages)


def _roles(s: Statement) -> tuple[str, ...]:
    named = [o.role for o in s.owners] + ([s.role] if s.role else []) + list(s.covered_by)
    return tuple(dict.fromkeys(named))


def load_overrides(corpus_dir: Path, primary: str) -> Overrides | None:
    """The corpus's `overrides.yaml`, if it has one; errors name the file, the field and the fix."""
    path = corpus_dir / OVERRIDES_FILE
    try:
        raw = yamlfile.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RoleDataError(f"{path}: not valid YAML: {exc}") from exc
    try:
        data = OverridesFile.model_validate(raw)
    except ValidationError as exc:
        raise invalid_data(path, exc) from exc
    try:
        supported(data.language or primary)
    except ValueError as exc:
        raise RoleDataError(f"{path}: language: {exc}") from exc
    if data.language is None:
        data = data.model_copy(update={"language": primary})
    return Overrides(data, path)


def apply(overrides: Overrides, data: RoleFile) -> tuple[RoleFile, dict[str, Policy], dict[str, str]]:
    """The role file with the statements applied, the policy of every duty a statement changed, and the roles
    the organisation does not have (role id -> statement). The statements' source joins the declared ones."""
    path, primary = overrides.path, data.corpus.primary
    roles = {r.id for r in data.roles}
    known = ", ".join(sorted(roles))
    by_id = {d.id: d for d in data.duties}
    policies: dict[str, Policy] = {}
    absent: dict[str, str] = {}

    def fail(where: str, msg: str) -> RoleDataError:
        return RoleDataError(f"{path}: statements[{where}: {msg}")

    def check_role(where: str, role: str) -> None:
        if role not in roles:
            raise fail(where, f"unknown role {role!r}; use one of the role ids of roles.yaml: {known}")

    for i, s in enumerate(overrides.file.statements):
        if s.duty is None:
            continue
        for j, stated in enumerate(s.owners):
            check_role(f"{i}].owners[{j}].role", stated.role)
        if s.duty in policies:
            raise fail(f"{i}].duty", f"{s.duty!r} is stated twice; keep one statement per duty")
        owners = [Owner(role=o.role, share=o.share, evidence=s.statement) for o in s.owners]
        before = by_id.get(s.duty)
        if before is not None:
            by_id[s.duty] = before.model_copy(update={"owners": owners})
        elif not getattr(s, primary):
            raise fail(
                f"{i}].duty",
                f"no duty {s.duty!r} in roles.yaml; use one of its duty ids, or give this duty of your own a label "
                f"(`{primary}: ...`, the corpus's first language)",
            )
        else:
            by_id[s.duty] = Duty(id=s.duty, en=s.en, fi=s.fi, terms=list(s.terms), owners=owners)
        policies[s.duty] = Policy(s.statement, tuple(before.owners) if before is not None else ())
    for i, s in enumerate(overrides.file.statements):
        if s.role is None:
            continue
        check_role(f"{i}].role", s.role)
        for j, cover in enumerate(s.covered_by):
            check_role(f"{i}].covered_by[{j}]", cover)
            if cover == s.role:
                raise fail(
                    f"{i}].covered_by[{j}]", "a role cannot cover itself; name the role that takes over"
                )
        absent[s.role] = s.statement
        for duty_id, duty in list(by_id.items()):
            if not duty.owned_by([s.role]):
                continue
            new: list[Owner] = []
            for o in duty.owners:
                if o.role != s.role:
                    new.append(o)
                    continue
                new += [
                    Owner(role=cover, share=o.share, evidence=s.statement)
                    for cover in s.covered_by
                    if not duty.owned_by([cover])
                ]
            if not new or new[0].share != "primary":
                raise fail(
                    f"{i}]",
                    f"without {s.role!r} the duty {duty_id!r} has no primary owner; name who takes over "
                    "(`covered_by: [...]`) or state the duty's owners in a statement of its own",
                )
            policies.setdefault(duty_id, Policy(s.statement, tuple(duty.owners)))
            by_id[duty_id] = duty.model_copy(update={"owners": new})
    if overrides.source.id in {x.id for x in data.corpus.sources}:
        raise RoleDataError(
            f"{path}: the source id {SOURCE_ID!r} is the overrides' own; give the declared source another id"
        )
    corpus = data.corpus.model_copy(update={"sources": [*data.corpus.sources, overrides.source]})
    return RoleFile(corpus=corpus, roles=data.roles, duties=list(by_id.values())), policies, absent
