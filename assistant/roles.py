"""Role definitions: load and validate `roles.yaml`, match role names in text, answer who-owns-what."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.errors import RoleDataError
from assistant.types import Citation
from index.ingest import Article, Passage

ROLE_ID = r"^[a-z][a-z0-9_]*$"


class StrictModel(BaseModel):
    """Base of the data-file models: unknown fields are errors, loaded data is immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def invalid_data(path: Path, exc: ValidationError, prefix: str = "") -> RoleDataError:
    """A data file's first validation error, naming the file and the field."""
    first = exc.errors()[0]
    where = ".".join([prefix, *map(str, first["loc"])] if prefix else map(str, first["loc"]))
    return RoleDataError(f"{path}: {where}: {first['msg']}")


class Role(StrictModel):
    id: str = Field(pattern=ROLE_ID)
    name_en: str = Field(min_length=1)
    name_fi: str = Field(min_length=1)
    acronym: str | None = None
    expansion: str | None = None
    level: int
    aliases: list[str] = Field(min_length=1)
    summary_en: str = Field(min_length=1)
    summary_fi: str = Field(min_length=1)
    evidence: str = Field(min_length=1)
    reports_to: list[str] = Field(default_factory=list)
    reports_to_note_en: str | None = None
    reports_to_note_fi: str | None = None
    reports_to_evidence: str = Field(min_length=1)

    def name(self, lang: str) -> str:
        return self.name_fi if lang == "fi" else self.name_en


class Owner(StrictModel):
    role: str = Field(pattern=ROLE_ID)
    share: Literal["primary", "shared"]
    evidence: str = Field(min_length=1)


class Duty(StrictModel):
    id: str = Field(pattern=ROLE_ID)
    en: str = Field(min_length=1)
    fi: str = Field(min_length=1)
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
    roles: list[Role] = Field(min_length=1)
    duties: list[Duty] = Field(default_factory=list)


@dataclass(frozen=True)
class Mention:
    role: str
    start: int
    end: int


class RoleBook:
    """Validated roles and duties, with the article passages their evidence points at."""

    def __init__(self, data: RoleFile, article: Article, source: str = "roles.yaml") -> None:
        self.roles = {r.id: r for r in data.roles}
        self.duties = {d.id: d for d in data.duties}
        self.article = article
        self._source = source
        self._matchers = [(r.id, _alias_regex(a)) for r in data.roles for a in r.aliases]
        self._validate(data)

    # ---- loading ------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path, article: Article) -> RoleBook:
        """Load and validate; errors name the file and the field."""
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise RoleDataError(f"{path}: file not found") from exc
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise RoleDataError(f"{path}: not valid YAML: {exc}") from exc
        try:
            data = RoleFile.model_validate(raw)
        except ValidationError as exc:
            raise invalid_data(path, exc) from exc
        return cls(data, article, str(path))

    def _fail(self, where: str, msg: str) -> RoleDataError:
        return RoleDataError(f"{self._source}: {where}: {msg}")

    def _validate(self, data: RoleFile) -> None:
        seen: set[str] = set()
        for i, role in enumerate(data.roles):
            if role.id in seen:
                raise self._fail(f"roles[{i}].id", f"duplicate role id {role.id!r}")
            seen.add(role.id)
        for i, role in enumerate(data.roles):
            for j, boss in enumerate(role.reports_to):
                if boss not in self.roles:
                    raise self._fail(f"roles[{i}].reports_to[{j}]", f"unknown role {boss!r}")
            for fld in ("evidence", "reports_to_evidence"):
                self._check_quote(f"roles[{i}].{fld}", getattr(role, fld))
        duty_ids: set[str] = set()
        for i, duty in enumerate(data.duties):
            if duty.id in duty_ids:
                raise self._fail(f"duties[{i}].id", f"duplicate duty id {duty.id!r}")
            duty_ids.add(duty.id)
            for j, owner in enumerate(duty.owners):
                if owner.role not in self.roles:
                    raise self._fail(f"duties[{i}].owners[{j}].role", f"unknown role {owner.role!r}")
                self._check_quote(f"duties[{i}].owners[{j}].evidence", owner.evidence)

    def _check_quote(self, where: str, quote: str) -> None:
        if self.article.find(quote) is None:
            raise self._fail(where, f"quote not found in the article: {quote[:80]!r}")

    # ---- queries ------------------------------------------------------------------------------
    def passage_for(self, quote: str) -> Passage:
        found = self.article.find(quote)
        assert found is not None  # validated at load time
        return found

    def cite(self, quote: str) -> Citation:
        """The citation of an evidence quote: the quote itself when verbatim in its passage, else the passage."""
        passage = self.passage_for(quote)
        return Citation(passage.id, passage.section, quote if quote in passage.text else passage.text)

    def mentions(self, text: str) -> list[Mention]:
        """Role names in `text`, in order; "Myyntijohtaja (CSO)" is decided by the acronym in parentheses."""
        found: list[Mention] = []
        for role_id, rx in self._matchers:
            found.extend(Mention(role_id, hit.start(), hit.end()) for hit in rx.finditer(text))
        # longest match wins where matches overlap
        found.sort(key=lambda x: (x.start, -(x.end - x.start)))
        kept: list[Mention] = []
        for mention in found:
            if kept and mention.start < kept[-1].end:
                continue
            kept.append(mention)
        return kept

    def mentioned_roles(self, text: str) -> list[str]:
        out: list[str] = []
        for m in self.mentions(text):
            if m.role not in out:
                out.append(m.role)
        return out

    def responsibilities(self, role_id: str) -> list[tuple[Duty, Owner]]:
        out = []
        for duty in self.duties.values():
            for owner in duty.owners:
                if owner.role == role_id:
                    out.append((duty, owner))
        out.sort(key=lambda pair: pair[1].share != "primary")
        return out

    def reports(self, role_id: str) -> list[str]:
        """Roles that report to `role_id`."""
        return [r.id for r in self.roles.values() if role_id in r.reports_to]

    def tag_passage(self, text: str, intro: str, context: str) -> tuple[str, ...]:
        """The roles a passage is about: its subject first, then every other role it names.

        The subject is, in order: a role that is the whole label of a "Label: text" bullet, a role named
        by the intro line above a bullet, a role the passage opens with, or the one role its heading names.
        """
        subject: list[str] = []
        label = text.split(": ", 1)[0] if ": " in text[:60] else ""
        label_roles = self.mentions(label)
        if label_roles and len(label[label_roles[0].end :].split()) <= 1:
            subject = [label_roles[0].role]
        if not subject and intro:
            subject = self.mentioned_roles(intro)[:1]
        if not subject and not label:
            opening = self.mentions(text[:80])
            if opening and opening[0].start == 0:
                subject = [opening[0].role]
        if not subject:
            named = self.mentioned_roles(context)
            if len(named) == 1:
                subject = named
        others = [r for r in self.mentioned_roles(text) if r not in subject]
        return tuple(subject + others)

    def heading_roles(self, heading: str) -> tuple[str, ...]:
        return tuple(self.mentioned_roles(heading))


def _alias_regex(alias: str) -> re.Pattern[str]:
    """A pattern for one alias: case-insensitive, Finnish case endings allowed after it.

    "CSO" also matches "CSO:lle", "CSO:n"; "myyntipäällik*" matches any word starting so;
    "Myyntijohtaja (CSO)" style aliases match literally. Short upper-case acronyms match whole words and the
    first part of a hyphen compound ("BDR-paikka").
    """
    prefix = alias.endswith("*")
    body = alias[:-1] if prefix else alias
    parts = [re.escape(p) for p in body.split()]
    core = r"\s+".join(parts)
    tail = r"\w*" if prefix else r"(?::\w+|s)?"
    # a bare "myyntijohtaja" followed by "(CSO)" is the acronym's, not the alias's
    guard = r"(?!\s*\((?:CSO|VP of Sales)\))" if prefix else ""
    # an acronym may open a Finnish hyphen compound ("BDR-paikka", "SDR-tiimi"); the mention is the acronym
    end = r"(?!\w)(?!-(?!\w))" if body.isupper() and len(body) <= 5 else r"(?![\w-])"
    flags = re.IGNORECASE
    return re.compile(rf"(?<![\w-]){core}{tail}{end}{guard}", flags)
