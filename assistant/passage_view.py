"""The passage view: a cited passage in its section, between its neighbours, each with its English rendering.

What ``GET /v1/passages/{chunk_id}`` and the web page's passage view show: the passage (marked ``cited``)
with up to ``around`` passages of the same section before and after it, in article order, so a reader sees
the quoted sentence in its context rather than alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.reference_models import ContextPassage, PassageView
from assistant.translations import Translations
from index.ingest import Passage

__all__ = ["AROUND", "MAX_AROUND", "ContextPassage", "PassageView", "passage_view"]

AROUND = 3  # neighbours shown on each side by default
MAX_AROUND = 50


def passage_view(
    passages: Sequence[Passage],
    translations: Translations,
    chunk_id: str,
    around: int = AROUND,
    *,
    source: str = "",
) -> PassageView | None:
    """The view of passage ``chunk_id`` (None when there is no such passage); ``source`` names its document."""
    index = next((i for i, p in enumerate(passages) if p.id == chunk_id), None)
    if index is None:
        return None
    found = passages[index]
    around = max(0, min(around, MAX_AROUND))
    section = [i for i, p in enumerate(passages) if p.section == found.section]
    at = section.index(index)
    window = section[max(0, at - around) : at + around + 1]
    context = tuple(
        ContextPassage(
            chunk_id=passages[i].id,
            text=passages[i].text,
            translation=translations.passage(passages[i].id),
            cited=i == index,
        )
        for i in window
    )
    return PassageView(
        chunk_id=found.id,
        section=found.section,
        text=found.text,
        source=source,
        translation=translations.passage(found.id),
        context=context,
    )
