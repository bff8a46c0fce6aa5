"""The web page's texts from the loaded corpus: its name, what the assistant answers, its sources and example
questions (`AnswerService.about`), put into `static/index.html` (escaped) when the page is served."""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping
from typing import Any

from api.asking import Service

log = logging.getLogger("assistant.api")
MAX_SUGGESTIONS = 4
_NEUTRAL = "Ask who owns what, what a role does, or who reports to whom."
_LANGUAGES = {"en": "English", "fi": "Finnish"}


def corpus_about(service: Service) -> Mapping[str, Any] | None:
    """What the corpus is about, or None while it cannot be read (the page then uses neutral texts)."""
    try:
        return service.about()
    except Exception:
        log.exception("web page: cannot read what the corpus is about")
        return None


def fill_page(page: str, about: Mapping[str, Any] | None) -> str:
    """``page`` with its ``{{CORPUS_...}}`` fields filled from ``about`` (neutral texts without it)."""
    about = about or {}
    summaries: Mapping[str, str] = about.get("summary") or {}
    summary = summaries.get("en") or next(iter(summaries.values()), _NEUTRAL)
    sources = ", ".join(
        f"{s['name']} ({_LANGUAGES.get(s['language'], s['language'])})" for s in about.get("sources") or []
    )
    languages = " or ".join(_LANGUAGES.get(x, x) for x in about.get("languages") or ["en"])
    intro = f"{summary} Sources: {sources}." if sources else summary
    intro += f" Ask in {languages}."
    chips = "\n          ".join(
        f'<button type="button" class="chip">{html.escape(q)}</button>'
        for q in list(about.get("examples") or [])[:MAX_SUGGESTIONS]
    )
    fields = {
        "{{CORPUS_NAME}}": html.escape(str(about.get("name") or "Role Assistant")),
        "{{CORPUS_INTRO}}": html.escape(intro),
        "{{CORPUS_SUGGESTIONS}}": chips,
    }
    for key, value in fields.items():
        page = page.replace(key, value)
    return page
