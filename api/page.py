"""The web page's texts from the loaded corpus: its name, what the assistant answers, its sources and example
questions (`AnswerService.about`), put into `static/index.html` (escaped) when the page is served."""

from __future__ import annotations

import html
import logging

from api.asking import Service
from assistant.reference_models import About

log = logging.getLogger("assistant.api")
MAX_SUGGESTIONS = 4
_NEUTRAL = "Ask who owns what, what a role does, or who reports to whom."
_LANGUAGES = {"en": "English", "fi": "Finnish"}
_UNKNOWN = About(name="", languages=[], sources=[], roles=[], examples=[], summary={})  # the neutral texts


def corpus_about(service: Service) -> About | None:
    """What the corpus is about, or None while it cannot be read (the page then uses neutral texts)."""
    try:
        return service.about()
    except Exception:
        log.exception("web page: cannot read what the corpus is about")
        return None


def fill_page(page: str, about: About | None) -> str:
    """``page`` with its ``{{CORPUS_...}}`` fields filled from ``about`` (neutral texts without it)."""
    about = about or _UNKNOWN
    summary = about.summary.get("en") or next(iter(about.summary.values()), _NEUTRAL)
    sources = ", ".join(f"{s.name} ({_LANGUAGES.get(s.language, s.language)})" for s in about.sources)
    languages = " or ".join(_LANGUAGES.get(x, x) for x in about.languages or ["en"])
    intro = f"{summary} Sources: {sources}." if sources else summary
    intro += f" Ask in {languages}."
    chips = "\n          ".join(
        f'<button type="button" class="chip">{html.escape(q)}</button>'
        for q in about.examples[:MAX_SUGGESTIONS]
    )
    fields = {
        "{{CORPUS_NAME}}": html.escape(about.name or "Role Assistant"),
        "{{CORPUS_INTRO}}": html.escape(intro),
        "{{CORPUS_SUGGESTIONS}}": chips,
    }
    for key, value in fields.items():
        page = page.replace(key, value)
    return page
