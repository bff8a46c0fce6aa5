"""The passage view: a cited passage in its section, between its neighbours, each with its English rendering.

What ``GET /v1/passages/{chunk_id}`` and the web page's passage view show: the passage (marked ``cited``)
with up to ``around`` passages of the same section before and after it, in article order, so a reader sees
the quoted sentence in its context rather than alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from assistant.translations import Translations
from index.ingest import Passage

__all__ = ["AROUND", "MAX_AROUND", "ContextPassage", "PassageView", "passage_view"]

AROUND = 3  # neighbours shown on each side by default
MAX_AROUND = 50


@dataclass(frozen=True)
class ContextPassage:
    """One passage of the section: verbatim text, its English rendering (None: none written), and whether it
    is the passage asked for."""

    chunk_id: str
    text: str
    translation: str | None
    cited: bool


@dataclass(frozen=True)
class PassageView:
    """A passage with its section context."""

    chunk_id: str
    section: str
    text: str
    translation: str | None  # English rendering (a translation; the text is the source)
    context: tuple[ContextPassage, ...]  # the section's passages around it, itself included (cited=True)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["context"] = [asdict(c) for c in self.context]
        return data


def passage_view(
    passages: Sequence[Passage], translations: Translations, chunk_id: str, around: int = AROUND
) -> PassageView | None:
    """The view of passage ``chunk_id`` (None when there is no such passage)."""
    index = next((i for i, p in enumerate(passages) if p.id == chunk_id), None)
    if index is None:
        return None
    found = passages[index]
    around = max(0, min(around, MAX_AROUND))
    section = [i for i, p in enumerate(passages) if p.section == found.section]
    at = section.index(index)
    window = section[max(0, at - around) : at + around + 1]
    context = tuple(
        ContextPassage(passages[i].id, passages[i].text, translations.passage(passages[i].id), i == index)
        for i in window
    )
    return PassageView(found.id, found.section, found.text, translations.passage(found.id), context)
