"""English renderings of the article's Finnish passages (`corpus/translations.en.yaml`), for English readers.

A person writes each rendering once, as corpus data beside the article, and it stays a translation: the
Finnish passage is the source every citation quotes, its rendering is only shown beside it — in the
citations of English answers (``Citation.translation``; Finnish answers get none) and in the passage view.

An entry holds the passage verbatim (``fi``) and its English (``en``): one string each, or lists of the same
length, sentence by sentence, so a citation quoting one sentence of a passage gets the English of that
sentence. Entries are found by the passage text (whitespace-normalised), not by an id: a passage whose text
changed matches no entry, so it shows no translation rather than a stale one, and ``problems`` names both
the passage without a rendering and the entry that no longer matches anything (a test asserts there are none;
``python scripts/translations.py`` prints the entries still to write).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, ValidationError

from assistant import yamlfile
from assistant.errors import RoleDataError
from assistant.roles import StrictModel
from assistant.types import Answer, Citation
from index.ingest import Passage, normalize

__all__ = ["TRANSLATIONS_FILE", "Rendering", "Translations", "load_translations"]

TRANSLATIONS_FILE = "translations.en.yaml"
log = logging.getLogger("assistant.translations")

Text = str | list[str]


class _Entry(StrictModel):
    fi: Text = Field(description="the passage, verbatim: one string, or its sentences in order")
    en: Text = Field(description="its English rendering: one string, or one string per sentence of `fi`")


class _File(StrictModel):
    language: Literal["en"]
    translation_of: str = Field(min_length=1)
    source_language: Literal["fi"]
    note: str = Field(min_length=1)
    passages: list[_Entry]


_FIX = {
    "language": "`language: en` (this file holds English renderings)",
    "translation_of": "`translation_of:` the source document's file name, e.g. article.fi.txt",
    "source_language": "`source_language: fi` (the language of the passages translated)",
    "note": "`note:` one line saying these are translations, not the source",
    "passages": "`passages:` a list of entries, each `fi:` (the passage, verbatim) and `en:` (its English)",
}


@dataclass(frozen=True)
class Rendering:
    """One passage and its English, sentence by sentence when written that way."""

    fi: tuple[str, ...]
    en: tuple[str, ...]

    @property
    def text(self) -> str:
        """The English of the whole passage."""
        return " ".join(self.en)

    def of(self, quote: str) -> str:
        """The English of ``quote``: of the sentences it is made of, else of the whole passage."""
        wanted = normalize(quote)
        n = len(self.fi)
        for start in range(n):
            for end in range(start + 1, n + 1):
                if (start, end) != (0, n) and normalize(" ".join(self.fi[start:end])) == wanted:
                    return " ".join(self.en[start:end])
        return self.text


@dataclass(frozen=True)
class Translations:
    """The renderings of one corpus's passages, by passage id, and what is missing or stale."""

    by_id: dict[str, Rendering]
    missing: tuple[Passage, ...] = ()  # passages without a rendering
    stale: tuple[tuple[int, str], ...] = ()  # (entry index, its `fi`) of entries matching no passage
    path: Path | None = None

    @classmethod
    def empty(cls) -> Translations:
        return cls({})

    def passage(self, chunk_id: str) -> str | None:
        """The English of a whole passage, if it has one."""
        found = self.by_id.get(chunk_id)
        return found.text if found else None

    def cite(self, citation: Citation) -> Citation:
        """``citation`` with the English of its quote (None when its passage has no rendering)."""
        found = self.by_id.get(citation.chunk_id)
        return replace(citation, translation=found.of(citation.quote) if found else None)

    def answer(self, answer: Answer) -> Answer:
        """An English answer's citations with their renderings; a Finnish answer as it is (no translations)."""
        if answer.language != "en" or not answer.citations:
            return answer
        return replace(answer, citations=[self.cite(c) for c in answer.citations])

    def problems(self) -> list[str]:
        """Every passage without a rendering and every entry whose passage changed, each with its fix."""
        where = self.path or TRANSLATIONS_FILE
        out = [
            f"{where}: passage {p.id} (line {p.line}, section {p.section!r}) has no English rendering: add an "
            f"entry whose `fi` is its text ({_start(p.text)}) and whose `en` is its English "
            f"(python scripts/translations.py prints it)"
            for p in self.missing
        ]
        out += [
            f"{where}: passages[{i}].fi: no passage has this text any more ({_start(fi)}): the article "
            f"changed; translate the passage again (new `fi` and `en`) or remove the entry"
            for i, fi in self.stale
        ]
        return out


def _start(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _read(path: Path) -> _File | None:
    try:
        raw = yamlfile.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RoleDataError(f"{path}: not valid YAML ({exc}); fix the syntax (UTF-8 text)") from exc
    if not isinstance(raw, dict):
        raise RoleDataError(
            f"{path}: expected a mapping with `language`, `translation_of`, `source_language`, `note` and "
            f"`passages`, got {type(raw).__name__}"
        )
    try:
        return _File.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(x) for x in first["loc"] if x not in ("str", "list[str]")]
        field = ".".join(loc[:1] + [f"[{x}]" if x.isdigit() else x for x in loc[1:]]).replace(".[", "[")
        if len(loc) == 1:
            hint = _FIX.get(loc[0], "")
        elif len(loc) == 3 and loc[2] in ("fi", "en") and first["type"] != "missing":
            hint = f"`{loc[2]}:` one string, or a list of strings (one per sentence)"
        else:
            hint = _FIX["passages"]
        raise RoleDataError(f"{path}: {field}: {first['msg']}; expected {hint}") from exc


def _sentences(path: Path, i: int, entry: _Entry) -> Rendering:
    fi = (entry.fi,) if isinstance(entry.fi, str) else tuple(entry.fi)
    en = (entry.en,) if isinstance(entry.en, str) else tuple(entry.en)
    for name, parts in (("fi", fi), ("en", en)):
        if not parts or any(not p.strip() for p in parts):
            raise RoleDataError(
                f"{path}: passages[{i}].{name}: empty text; write the {name} text, or drop the entry"
            )
    if isinstance(entry.fi, str) != isinstance(entry.en, str) or len(fi) != len(en):
        raise RoleDataError(
            f"{path}: passages[{i}].en: {len(en)} part(s) for {len(fi)} Finnish part(s); give `fi` and `en` as one "
            f"string each, or as lists with one English sentence per Finnish sentence"
        )
    return Rendering(fi, en)


def load_translations(path: Path, passages: Iterable[Passage]) -> Translations:
    """The renderings in ``path`` for ``passages``; an absent file means none (an English corpus needs none).

    A malformed file raises RoleDataError naming the file, the field and the fix; passages without a
    rendering and entries matching no passage are not errors here but ``problems()`` (shown without one)."""
    data = _read(path)
    if data is None:
        return Translations({}, missing=(), path=path)
    renderings: dict[str, tuple[int, Rendering]] = {}
    for i, entry in enumerate(data.passages):
        rendering = _sentences(path, i, entry)
        key = normalize(" ".join(rendering.fi))
        if key in renderings:
            first = renderings[key][0]
            raise RoleDataError(
                f"{path}: passages[{i}].fi: the same passage as passages[{first}]; keep one of the two entries"
            )
        renderings[key] = (i, rendering)
    by_id: dict[str, Rendering] = {}
    missing: list[Passage] = []
    used: set[str] = set()
    for p in passages:
        key = normalize(p.text)
        if key in renderings:
            by_id[p.id] = renderings[key][1]
            used.add(key)
        else:
            missing.append(p)
    stale = tuple((i, " ".join(r.fi)) for key, (i, r) in renderings.items() if key not in used)
    found = Translations(by_id, tuple(missing), stale, path)
    if found.problems():
        log.warning("%d translation problem(s), first: %s", len(found.problems()), found.problems()[0])
    return found
