"""Ingest the article: paragraphs, headings and sections, the repeated copy removed, verbatim chunks.

A source is plain text, one paragraph per line. Bullets are indented and start with "•" or "N.", or start
with "- ", "* " or "• "; headings are short unindented lines without closing punctuation, or lines starting
with "#" (Markdown); a line ending in ":" introduces the bullets after it. A run of paragraphs that repeats an
earlier run (the article appears twice) is dropped. Each source is ingested on its own; `merge` joins them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

MIN_REPEAT_RUN = 6  # paragraphs in a row that must repeat before a run counts as a duplicate copy

_BULLET = re.compile(r"^\s+(?:•|\d{1,2}\.)\s*|^\s*[-*•]\s+")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_NUMBERED_HEADING = re.compile(r"^\d{1,2}\.\s+\S")
_DATE = re.compile(r"^\d{1,2}\.\s+\w+\s+\d{4}$")


@dataclass(frozen=True)
class Paragraph:
    """One non-empty line of the source, classified."""

    text: str  # verbatim, without leading indentation or bullet marker
    kind: str  # "heading" | "bullet" | "intro" | "text" | "question" | "meta"
    line: int  # 1-based line number in the source
    marked: bool = False  # a heading marked as one ("# Title"), not recognised by its shape


@dataclass(frozen=True)
class Passage:
    """A chunk of the article: verbatim text with its section path and the roles it is about."""

    id: str
    text: str
    section: str
    intro: str = ""
    roles: tuple[str, ...] = ()
    line: int = 0
    source: str = ""  # the id of the source document it is from

    @property
    def embed_text(self) -> str:
        """What the embedder sees: the section and intro give a bullet its context."""
        parts = [self.section.split(" > ")[-1], self.intro, self.text]
        return " — ".join(p for p in parts if p)


@dataclass
class Article:
    title: str
    source_sha256: str = ""
    passages: list[Passage] = field(default_factory=list)
    dropped_duplicates: int = 0

    def find(self, quote: str) -> Passage | None:
        """The passage whose text contains `quote` verbatim (whitespace-normalised), if any."""
        needle = normalize(quote)
        for p in self.passages:
            if needle and needle in normalize(p.text):
                return p
        return None


def normalize(text: str) -> str:
    """NFC, single spaces: used for comparisons only; quotes keep the source text."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _classify(raw: str, line: int) -> Paragraph:
    stripped = raw.strip()
    if _MD_HEADING.match(raw):
        return Paragraph(_MD_HEADING.sub("", raw).strip(), "heading", line, marked=True)
    if _BULLET.match(raw):
        return Paragraph(_BULLET.sub("", raw).strip(), "bullet", line)
    if stripped.endswith(":"):
        return Paragraph(stripped, "intro", line)
    if stripped.endswith("?") and len(stripped) < 160:
        return Paragraph(stripped, "question", line)
    if _DATE.match(stripped):
        return Paragraph(stripped, "meta", line)
    if len(stripped.split()) <= 12 and not stripped.endswith((".", "!", ";", ",")):
        return Paragraph(stripped, "heading", line)
    return Paragraph(stripped, "text", line)


def paragraphs(source: str) -> list[Paragraph]:
    """Every non-empty line, classified, in order."""
    out = []
    for n, raw in enumerate(source.splitlines(), start=1):
        if raw.strip():
            out.append(_classify(raw.rstrip(), n))
    return out


def drop_repeated_runs(paras: list[Paragraph], min_run: int = MIN_REPEAT_RUN) -> tuple[list[Paragraph], int]:
    """Remove every run of at least `min_run` paragraphs that repeats an earlier run verbatim.

    Short repeats (a heading such as "Kauppojen päättäminen" used twice) are kept: only a long run
    in the same order is a second copy.
    """
    keys = [normalize(p.text) for p in paras]
    first_at: dict[str, list[int]] = {}
    keep = [True] * len(paras)
    i = 0
    while i < len(paras):
        best = 0
        for j in first_at.get(keys[i], []):
            run = 0
            while i + run < len(paras) and j + run < i and keys[j + run] == keys[i + run]:
                run += 1
            best = max(best, run)
        if best >= min_run:
            for k in range(i, i + best):
                keep[k] = False
            i += best
            continue
        first_at.setdefault(keys[i], []).append(i)
        i += 1
    kept = [p for p, k in zip(paras, keep, strict=True) if k]
    return kept, len(paras) - len(kept)


def passage_id(section: str, text: str) -> str:
    digest = hashlib.sha1(f"{normalize(section)}\n{normalize(text)}".encode()).hexdigest()
    return f"a-{digest[:12]}"


RoleTagger = Callable[[str, str, str], tuple[str, ...]]
HeadingRoles = Callable[[str], tuple[str, ...]]


def _no_roles(text: str, intro: str, context: str) -> tuple[str, ...]:
    return ()


def _no_heading_roles(heading: str) -> tuple[str, ...]:
    return ()


def ingest(
    source: str,
    tagger: RoleTagger = _no_roles,
    heading_roles: HeadingRoles = _no_heading_roles,
    source_id: str = "",
) -> Article:
    """Parse the article into passages with section paths; `tagger` names the roles each is about.

    The section of a passage is its nearest heading, under the numbered role section it belongs to
    ("1. Myyntijohtaja (CSO) > Määritelmä ja päävastuut"), or under the FAQ heading for an FAQ answer.
    A numbered heading that names one role stays the context of the headings below it until a heading
    names another role, another numbered heading comes, or a heading opens a new part (is followed
    directly by another heading).
    """
    paras, dropped = drop_repeated_runs(paragraphs(source))
    title = ""
    parent = ""  # numbered role heading (or the FAQ heading) that frames the nearest heading
    heading = ""
    intro = ""
    question = ""
    passages: list[Passage] = []
    seen_ids: set[str] = set()

    def emit(text: str, line: int) -> None:
        section = " > ".join(s for s in (parent, heading, question) if s) or title
        context = " ".join(s for s in (parent, heading, question) if s)
        pid = passage_id(section, text)
        if pid in seen_ids:
            return
        seen_ids.add(pid)
        passages.append(Passage(pid, text, section, intro, tagger(text, intro, context), line, source_id))

    for idx, p in enumerate(paras):
        nxt = paras[idx + 1] if idx + 1 < len(paras) else None
        if p.kind == "meta":
            continue
        if p.kind == "heading":
            if not title:
                if len(p.text.split()) >= 3 or p.marked:
                    title = p.text  # before it: the site's breadcrumb
                continue
            if normalize(p.text) == normalize(title) or (
                not passages and len(p.text.split()) < 3 and not p.marked
            ):
                continue  # the repeated title, the byline
            intro = question = ""
            roles = heading_roles(p.text)
            numbered = bool(_NUMBERED_HEADING.match(p.text))
            opens_part = nxt is not None and nxt.kind == "heading"
            if numbered and len(roles) == 1:
                parent, heading = p.text, ""
            elif parent and not numbered and not opens_part and (not roles or roles == heading_roles(parent)):
                heading = p.text
            else:
                parent, heading = "", p.text
            if nxt is not None and nxt.kind == "question":
                parent, heading = p.text, ""
            continue
        if p.kind == "question":
            question, intro = p.text, ""
            continue
        if p.kind == "intro":
            intro = p.text
            emit(p.text, p.line)
            continue
        if p.kind == "text":
            intro = ""
        emit(p.text, p.line)
    return Article(title=title, passages=passages, dropped_duplicates=dropped)


def merge(articles: Iterable[Article]) -> Article:
    """Several ingested sources as one: the first one's title, every passage in order. A passage whose id
    another source already has (the same text under the same heading) gets an id that names its source."""
    parts = list(articles)
    passages: list[Passage] = []
    seen: set[str] = set()
    for article in parts:
        for p in article.passages:
            if p.id in seen:
                p = replace(p, id=passage_id(f"{p.source}\n{p.section}", p.text))
            seen.add(p.id)
            passages.append(p)
    return Article(
        title=parts[0].title if parts else "",
        passages=passages,
        dropped_duplicates=sum(a.dropped_duplicates for a in parts),
    )


def iter_sentences(text: str) -> Iterable[str]:
    """Sentences of a paragraph (for quoting the part of a passage that matters)."""
    for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", text):
        if s.strip():
            yield s.strip()
