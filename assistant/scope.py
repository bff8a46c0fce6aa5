"""How users ask: example questions per duty (in scope), and near topics the article does not cover.

Both are data in `corpus/` and are indexed beside the article: a question close to a duty's example
questions points at that duty; one closer to an uncovered topic is declined, naming the topic.
Neither is ever cited: citations come from the article only.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError

from assistant import yamlfile
from assistant.errors import RoleDataError
from assistant.models import ROLE_ID, StrictModel, invalid_data

ASKS_FILE = "asks.yaml"
UNCOVERED_FILE = "uncovered.yaml"


class Asks(StrictModel):
    en: list[str] = Field(default_factory=list)
    fi: list[str] = Field(default_factory=list)

    def items(self) -> Iterable[tuple[str, str]]:
        yield from (("en", q) for q in self.en)
        yield from (("fi", q) for q in self.fi)


class UncoveredTopic(StrictModel):
    id: str = Field(pattern=ROLE_ID)
    en: str = ""
    fi: str = ""
    asks: Asks

    def label(self, lang: str) -> str:
        """The topic's name in ``lang`` (the other language's when it has none in this one)."""
        own = self.fi if lang == "fi" else self.en
        return own or self.en or self.fi


class UncoveredFile(StrictModel):
    topics: list[UncoveredTopic] = Field(default_factory=list)
    # keep the engine's everyday topics as well (payroll, leave, IT ...); a topic here with the same id replaces one
    everyday: bool = False


def _read(path: Path) -> Any:
    try:
        return yamlfile.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RoleDataError(f"{path}: not valid YAML: {exc}") from exc


def load_asks(path: Path, duty_ids: Iterable[str]) -> dict[str, Asks]:
    """Duty id -> example questions; an optional file. Unknown duty ids fail naming the file and key."""
    raw = _read(path)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RoleDataError(f"{path}: expected a mapping of duty id -> {{en: [...], fi: [...]}}")
    known = set(duty_ids)
    out: dict[str, Asks] = {}
    for key, value in raw.items():
        if key not in known:
            raise RoleDataError(
                f"{path}: {key}: no duty with this id in roles.yaml; use a duty id of roles.yaml or remove the entry"
            )
        try:
            out[key] = Asks.model_validate(value)
        except ValidationError as exc:
            raise invalid_data(path, exc, str(key)) from exc
    return out


def keeps_everyday(path: Path) -> bool:
    """Whether an uncovered-topics file asks for the everyday topics too (``everyday: true``)."""
    raw = _read(path)
    return isinstance(raw, dict) and raw.get("everyday") is True


def load_uncovered(path: Path, languages: Iterable[str] = ("en", "fi")) -> list[UncoveredTopic]:
    """Topics the sources do not cover; an optional file. Duplicate ids, or a topic named in none of the
    corpus's languages, fail naming the file."""
    raw = _read(path)
    if raw is None:
        return []
    try:
        data = UncoveredFile.model_validate(raw)
    except ValidationError as exc:
        raise invalid_data(path, exc) from exc
    seen: set[str] = set()
    for i, topic in enumerate(data.topics):
        if topic.id in seen:
            raise RoleDataError(
                f"{path}: topics.{i}.id: duplicate topic id {topic.id!r}; give each its own id"
            )
        seen.add(topic.id)
        if not any(getattr(topic, lang, "") for lang in languages):
            wanted = " or ".join(languages)
            raise RoleDataError(
                f"{path}: topics.{i}: no name in {wanted}; add the topic's name as `{wanted}`"
            )
    return list(data.topics)
