"""Role definitions: the validated role book (`roles.yaml` as data: `assistant.rolefile`), role names matched
in text, who owns what.

Text fields come per language (`name_en`, `name_fi`, `summary_en`, ...): those of the corpus's first language
(`corpus.languages`, `assistant.spec`) are required; a missing one of another corpus language is filled from the
first language's and reported (`RoleBook.missing_translations`, `assistant check`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import RoleDataError
from assistant.lang.fi import GRADATION, LOAN_ENDINGS, WEAK_GRADE_ENDINGS
from assistant.models import ROLE_ID, StrictModel, invalid_data
from assistant.rolefile import Duty, Owner, Role, RoleFile, read_role_file
from assistant.spec import SUPPORTED, CorpusSpec
from assistant.types import Citation
from index.ingest import Article, Passage

if TYPE_CHECKING:
    from assistant.overrides import Policy

__all__ = [
    "ROLE_ID",
    "Duty",
    "Mention",
    "Owner",
    "Role",
    "RoleBook",
    "RoleFile",
    "StrictModel",
    "invalid_data",
]


@dataclass(frozen=True)
class Mention:
    role: str
    start: int
    end: int


class RoleBook:
    """Validated roles and duties, with the source passages their evidence points at."""

    def __init__(
        self,
        data: RoleFile,
        article: Article,
        source: str = "roles.yaml",
        *,
        policies: Mapping[str, Policy] | None = None,
        absent: Mapping[str, str] | None = None,
    ) -> None:
        """``policies``: the duties an organisation's statement gave new owners (`assistant.overrides`);
        ``absent``: the roles the organisation says it does not have (role id -> its statement)."""
        self.spec: CorpusSpec = data.corpus
        self.policies: dict[str, Policy] = dict(policies or {})
        self.absent: dict[str, str] = dict(absent or {})
        self.languages = tuple(data.corpus.languages)
        self._source = source
        self.missing_translations: list[str] = []  # "roles[2].summary_fi": filled from the first language
        roles = [self._filled_role(i, r) for i, r in enumerate(data.roles)]
        duties = [self._filled_duty(i, d) for i, d in enumerate(data.duties)]
        self.roles = {r.id: r for r in roles}
        self.duties = {d.id: d for d in duties}
        self.article = article
        # a bare alias followed by a parenthesised name another alias spells out ("myyntijohtaja (CSO)") is
        # that alias's: "Myyntijohtaja (CSO)" is not decided by "myyntijohtaj*"
        bracketed = sorted({m for r in roles for a in r.aliases for m in re.findall(r"\(([^()]+)\)", a)})
        self._matchers = [(r.id, _alias_regex(a, bracketed)) for r in roles for a in r.aliases]
        self._validate(RoleFile(corpus=data.corpus, roles=roles, duties=duties))

    # ---- loading ------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path, article: Article) -> RoleBook:
        """Load and validate; errors name the file, the field and the fix."""
        return cls(read_role_file(path), article, str(path))

    def _fail(self, where: str, msg: str) -> RoleDataError:
        return RoleDataError(f"{self._source}: {where}: {msg}")

    def _translated(self, where: str, values: dict[str, str]) -> dict[str, str]:
        """Per-language texts of one field (``{"name_en": ..., "name_fi": ...}``) with the gaps filled: the
        corpus's first language must have it; another corpus language falls back to it (and is reported)."""
        first = next(k for k in values if k.endswith("_" + self.spec.primary) or k == self.spec.primary)
        if not values[first]:
            raise self._fail(
                f"{where}.{first}",
                f"missing; {self.spec.primary} is the corpus's first language (corpus.languages), so every "
                f"{first} must be given (or list another language first)",
            )
        out = {}
        for key, value in values.items():
            lang = key.rsplit("_", 1)[-1]
            if not value:
                if lang in self.languages:
                    self.missing_translations.append(f"{where}.{key}")
                value = values[first]
            out[key] = value
        return out

    def _filled_role(self, i: int, role: Role) -> Role:
        where = f"roles[{i}]"
        update: dict[str, object] = {}
        update |= self._translated(
            where, {f"name_{lang}": getattr(role, f"name_{lang}") for lang in SUPPORTED}
        )
        update |= self._translated(
            where, {f"summary_{lang}": getattr(role, f"summary_{lang}") for lang in SUPPORTED}
        )
        if not role.aliases:  # the names and the acronym are how people name it
            names = [str(update[f"name_{lang}"]) for lang in self.languages] + [role.acronym or ""]
            update["aliases"] = list(dict.fromkeys(n for n in names if n))
        if not role.reports_to_evidence:
            update["reports_to_evidence"] = role.evidence
        return role.model_copy(update=update)

    def _filled_duty(self, i: int, duty: Duty) -> Duty:
        return duty.model_copy(
            update=self._translated(f"duties[{i}]", {lang: getattr(duty, lang) for lang in SUPPORTED})
        )

    def _validate(self, data: RoleFile) -> None:
        seen: set[str] = set()
        for i, role in enumerate(data.roles):
            if role.id in seen:
                raise self._fail(
                    f"roles[{i}].id", f"duplicate role id {role.id!r}; give every role its own id"
                )
            seen.add(role.id)
        known = ", ".join(sorted(self.roles))
        for i, role in enumerate(data.roles):
            for fld in ("reports_to", "works_with"):
                for j, other in enumerate(getattr(role, fld)):
                    if other not in self.roles:
                        raise self._fail(
                            f"roles[{i}].{fld}[{j}]",
                            f"unknown role {other!r}; use one of the role ids: {known}",
                        )
                    if other == role.id:
                        raise self._fail(f"roles[{i}].{fld}[{j}]", "a role cannot name itself here")
            for fld in ("evidence", "reports_to_evidence"):
                self._check_quote(f"roles[{i}].{fld}", getattr(role, fld))
        self._check_cycles(data.roles)
        duty_ids: set[str] = set()
        for i, duty in enumerate(data.duties):
            if duty.id in duty_ids:
                raise self._fail(
                    f"duties[{i}].id", f"duplicate duty id {duty.id!r}; give every duty its own id"
                )
            duty_ids.add(duty.id)
            for j, owner in enumerate(duty.owners):
                if any(o.role == owner.role for o in duty.owners[:j]):
                    raise self._fail(
                        f"duties[{i}].owners[{j}].role",
                        f"{owner.role!r} is already an owner of this duty; list each role once (one evidence "
                        "quote each)",
                    )
                if owner.role not in self.roles:
                    raise self._fail(
                        f"duties[{i}].owners[{j}].role",
                        f"unknown role {owner.role!r}; use one of the role ids: {known}",
                    )
                self._check_quote(f"duties[{i}].owners[{j}].evidence", owner.evidence)

    def _check_cycles(self, roles: list[Role]) -> None:
        """Reporting lines form a tree (or several, with dotted lines): no role is above itself."""
        for i, role in enumerate(roles):
            todo, seen = list(role.reports_to), set()
            while todo:
                boss = todo.pop()
                if boss == role.id:
                    raise self._fail(
                        f"roles[{i}].reports_to",
                        f"{role.id!r} ends up reporting to itself; reporting lines must not form a loop",
                    )
                if boss not in seen:
                    seen.add(boss)
                    todo.extend(self.roles[boss].reports_to)

    def _check_quote(self, where: str, quote: str) -> None:
        if self.article.find(quote) is None:
            files = ", ".join(s.file for s in self.spec.sources)
            raise self._fail(
                where,
                f"quote not found in the sources ({files}): {quote[:80]!r}; copy the sentence verbatim from a "
                "source (whitespace may differ)",
            )

    # ---- queries ------------------------------------------------------------------------------
    def evidence(self, duty_id: str) -> list[str]:
        """The quotes a duty rests on: its owners' evidence and, where the organisation's statement overrides
        it, the sources' own quotes for it too (they still say what the duty is)."""
        quotes = [o.evidence for o in self.duties[duty_id].owners]
        policy = self.policies.get(duty_id)
        if policy is not None:
            quotes += [o.evidence for o in policy.original]
        return list(dict.fromkeys(quotes))

    def passage_for(self, quote: str) -> Passage:
        found = self.article.find(quote)
        assert found is not None  # validated at load time
        return found

    def cite(self, quote: str) -> Citation:
        """The citation of an evidence quote: the quote itself when verbatim in its passage, else the passage."""
        passage = self.passage_for(quote)
        text = quote if quote in passage.text else passage.text
        return Citation(passage.id, passage.section, text, self.source_name(passage.source))

    def source_name(self, source_id: str) -> str:
        """How citations name a source (its `name` in the corpus declaration)."""
        found = self.spec.source(source_id)
        return found.name if found is not None else source_id

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

    def above(self, role_id: str) -> set[str]:
        """Every role `role_id` reports to, directly or through others."""
        out: set[str] = set()
        todo = list(self.roles[role_id].reports_to)
        while todo:
            boss = todo.pop()
            if boss not in out:
                out.add(boss)
                todo.extend(self.roles[boss].reports_to)
        return out

    def name_words(self) -> frozenset[str]:
        """The words of the role names, acronyms, expansions and aliases, lower-case."""
        cached: frozenset[str] | None = self.__dict__.get("_name_words")
        if cached is None:
            known: set[str] = set()
            for role in self.roles.values():
                for text in (
                    role.name_en,
                    role.name_fi,
                    role.expansion or "",
                    role.acronym or "",
                    *role.aliases,
                ):
                    known.update(w.lower().rstrip("*") for w in re.findall(r"[\w*]+", text))
            cached = self.__dict__["_name_words"] = frozenset(known)
        return cached

    def ordered(self) -> list[Role]:
        """The roles for listings: by `level` where the source ranks them, else by depth in the reporting
        lines, then in the order of the file."""
        position = {r: n for n, r in enumerate(self.roles)}
        return sorted(
            self.roles.values(),
            key=lambda r: (r.level is None, r.level or 0, len(self.above(r.id)), position[r.id]),
        )

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


def _alias_regex(alias: str, bracketed: Sequence[str] = ()) -> re.Pattern[str]:
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
    if not prefix and not body.isupper() and re.search(r"[b-df-hj-np-tv-xz]$", body, re.IGNORECASE):
        tail = rf"(?::\w+|s|{LOAN_ENDINGS})?"  # "tech leadilla", "managerin" (assistant.lang.fi.LOAN_ENDINGS)
    weak = _weak_grade(body)
    if weak:  # "kokki" -> "kokilla", "kokit" (assistant.lang.fi.GRADATION)
        core = rf"(?:{core}{tail}|{weak})"
        tail = ""
    # a bare "myyntijohtaja" followed by "(CSO)" is the alias that spells out "(CSO)", not this one
    names = "|".join(re.escape(b) for b in bracketed)
    guard = rf"(?!\s*\((?:{names})\))" if prefix and names else ""
    # an acronym may open a Finnish hyphen compound ("BDR-paikka", "SDR-tiimi"); the mention is the acronym
    end = r"(?!\w)(?!-(?!\w))" if body.isupper() and len(body) <= 5 else r"(?![\w-])"
    flags = re.IGNORECASE
    return re.compile(rf"(?<![\w-]){core}{tail}{end}{guard}", flags)


def _weak_grade(body: str) -> str:
    """For a name whose last word ends in a double k, p or t and a vowel, a pattern of its weak-grade forms with
    a case ending ("kokki" -> "koki(n|lla|t|...)"); "" for any other name."""
    if not body.split():
        return ""
    *first, last = body.split()
    m = re.fullmatch(GRADATION, last, re.IGNORECASE)
    if not m:
        return ""
    stem = re.escape(m["stem"] + m["c"] + m["v"])
    lead = "".join(rf"{re.escape(w)}\s+" for w in first)
    return rf"{lead}{stem}(?:{'|'.join(WEAK_GRADE_ENDINGS)})"
