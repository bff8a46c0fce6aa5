"""The role file (`roles.yaml`) as data: the corpus declaration, the roles, the duties and their owners.

Parsed and validated field by field here (unknown fields are errors; docs/CORPUS.md describes each); the quotes,
the role ids they use and the gaps between languages are checked by `assistant.roles.RoleBook`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, ValidationError, field_validator

from assistant import yamlfile
from assistant.errors import RoleDataError
from assistant.models import ROLE_ID, StrictModel, invalid_data
from assistant.spec import CorpusSpec

__all__ = ["Duty", "Owner", "Role", "RoleFile", "read_role_file"]


class Role(StrictModel):
    id: str = Field(pattern=ROLE_ID)
    name_en: str = ""
    name_fi: str = ""
    acronym: str | None = None
    expansion: str | None = None
    level: int | None = None  # place in an ordered hierarchy the source gives (smaller is higher)
    context: bool = False  # named by the source only as whom others report to or work with
    aliases: list[str] = Field(default_factory=list)  # none given: the names and the acronym
    summary_en: str = ""
    summary_fi: str = ""
    evidence: str = Field(min_length=1)
    reports_to: list[str] = Field(default_factory=list)
    works_with: list[str] = Field(default_factory=list)  # matrix / dotted lines: peers, no manager
    reports_to_note_en: str | None = None
    reports_to_note_fi: str | None = None
    reports_to_evidence: str = ""  # none given: the role's own evidence

    def name(self, lang: str) -> str:
        return self.name_fi if lang == "fi" else self.name_en

    def summary(self, lang: str) -> str:
        return self.summary_fi if lang == "fi" else self.summary_en

    def note(self, lang: str) -> str | None:
        return self.reports_to_note_fi if lang == "fi" else self.reports_to_note_en


class Owner(StrictModel):
    role: str = Field(pattern=ROLE_ID)
    share: Literal["primary", "shared"]
    evidence: str = Field(min_length=1)


class Duty(StrictModel):
    id: str = Field(pattern=ROLE_ID)
    en: str = ""
    fi: str = ""
    terms: list[str] = Field(default_factory=list)
    owners: list[Owner] = Field(min_length=1)

    @field_validator("owners")
    @classmethod
    def _one_primary_first(cls, owners: list[Owner]) -> list[Owner]:
        if owners[0].share != "primary":
            raise ValueError("the first owner must be the primary one")
        return owners

    def label(self, lang: str) -> str:
        return self.fi if lang == "fi" else self.en

    @property
    def primary(self) -> list[str]:
        return [o.role for o in self.owners if o.share == "primary"]

    @property
    def shared(self) -> list[str]:
        return [o.role for o in self.owners if o.share == "shared"]

    def owned_by(self, roles: Iterable[str]) -> bool:
        """One of these roles is among the duty's owners."""
        return not {o.role for o in self.owners}.isdisjoint(roles)

    def owned_only_by(self, roles: Iterable[str]) -> bool:
        """Every owner of the duty is one of these roles."""
        return {o.role for o in self.owners} <= set(roles)


class RoleFile(StrictModel):
    corpus: CorpusSpec
    roles: list[Role] = Field(min_length=1)
    duties: list[Duty] = Field(default_factory=list)


def read_role_file(path: Path) -> RoleFile:
    """Parse and validate `roles.yaml` (its fields, not yet its quotes); errors name file, field and fix."""
    try:
        raw = yamlfile.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RoleDataError(
            f"{path}: file not found; a corpus folder needs a roles.yaml (docs/CORPUS.md has a template)"
        ) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RoleDataError(f"{path}: not valid YAML: {exc}") from exc
    if isinstance(raw, dict) and "corpus" not in raw:
        raise RoleDataError(
            f"{path}: corpus: missing; add a `corpus:` section naming the corpus, its languages and its source "
            "documents (docs/CORPUS.md)"
        )
    try:
        return RoleFile.model_validate(raw)
    except ValidationError as exc:
        raise invalid_data(path, exc) from exc
