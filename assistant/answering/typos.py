"""Stage 2a: typo tolerance. A misspelt role title or content word is put right before anything reads it.

Both lexicons come from the corpus, not from a list of known misspellings: role titles from the role
aliases (`roles.yaml`), content words from every text the corpus indexes (article, duties, example
questions, uncovered topics). Edit distances come from rapidfuzz (optimal string alignment: a swapped pair of
letters is one edit). Only words the corpus does not know are touched, so a correct word is never changed:

- role titles: a window of 1-3 words that holds an unknown word and lies within one edit (two for titles of
  nine letters or more) of an alias ("acount executive", "myyntipäälikkö", "vp of slaes"); an alias that
  ends in `*` is matched on its stem, so Finnish endings survive ("myyntitiimn vetäjän" -> "myyntitiimin
  vetäjän"). A short acronym is only corrected for swapped letters ("SRD" -> "SDR"), never for a replaced one
  ("CFO" stays: it is another title);
- content words: an unknown word of six letters or more, whose stem the corpus does not know either (so
  "kontaktit" or "lähetetään" are inflections, not typos), within one edit of a corpus word; among equally near
  words the more frequent wins, then the alphabetically first (deterministic).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from rapidfuzz.distance import OSA
from rapidfuzz.process import extract

from assistant.answering import cachefile
from assistant.text import stem_tokens

_TOKEN = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
MAX_WINDOW = 3  # words in a role title
MIN_CONTENT_WORD = 6  # shorter unknown words are left alone: too many real words lie one edit apart


@dataclass(frozen=True)
class _Title:
    text: str  # lower case, words separated by one space
    prefix: bool  # an alias ending in `*`: any ending may follow its last word
    words: int


def _edits_allowed(length: int) -> int:
    return 1 if length < 9 else 2


class TypoCorrector:
    def __init__(self, aliases: Iterable[str], vocabulary: Counter[str]) -> None:
        """``vocabulary``: the corpus's words (with counts); further words people use come in `with_chat`."""
        titles: dict[str, _Title] = {}
        for alias in aliases:
            prefix = alias.endswith("*")
            body = " ".join(alias.rstrip("*").lower().split())
            if not _TOKEN.fullmatch(body.replace(" ", "-")) and "(" in body:
                continue  # "myyntijohtaja (CSO)": matched literally elsewhere, no typo to fix
            titles.setdefault(body, _Title(body, prefix, len(body.split())))
        self._titles = sorted(titles.values(), key=lambda t: t.text)
        self._acronyms = frozenset(t.text for t in self._titles if len(t.text) <= 4 and " " not in t.text)
        self._corpus_known = frozenset(vocabulary) | frozenset(
            w for t in self._titles for w in t.text.split()
        )
        self._known = self._corpus_known
        # a word whose stem the corpus knows is another inflection of a known word ("kontaktit",
        # "lähetetään", "permissions"), not a misspelling
        self._known_stems = frozenset(stem for w in self._known for stem in stem_tokens(w))
        # candidates for content words: frequent first, then alphabetical, so ties resolve the same everywhere
        self._words = sorted(
            (w for w in vocabulary if len(w) >= MIN_CONTENT_WORD - 1), key=lambda w: (-vocabulary[w], w)
        )

    def known(self, word: str) -> bool:
        return word.lower() in self._known

    def with_chat(self, chat: Iterable[str]) -> TypoCorrector:
        """This corrector with `chat` words known as well: words people use that are not misspellings; they are
        never corrected as content words, but may still be part of a misspelt or abbreviated role title ("sales
        mgr"). The corpus's stems are not computed again."""
        words = frozenset(w.lower() for w in chat)
        new = copy.copy(self)
        new._known = self._known | words
        new._known_stems = self._known_stems | frozenset(stem for w in words for stem in stem_tokens(w))
        return new

    def correct(self, text: str) -> str:
        """The text with misspelt role titles and content words put right; the rest untouched."""
        tokens = list(_TOKEN.finditer(text))
        out: list[str] = []
        last = 0
        i = 0
        while i < len(tokens):
            fixed = self._title_at(text, tokens, i)
            if fixed is not None:
                n, replacement = fixed
                out.append(text[last : tokens[i].start()])
                out.append(replacement)
                last = tokens[i + n - 1].end()
                i += n
                continue
            word = tokens[i].group(0)
            better = self._content_word(word)
            if better is not None:
                out.append(text[last : tokens[i].start()])
                out.append(better)
                last = tokens[i].end()
            i += 1
        out.append(text[last:])
        return "".join(out)

    # ---- role titles ------------------------------------------------------------------------------
    def _title_at(self, text: str, tokens: list[re.Match[str]], i: int) -> tuple[int, str] | None:
        """(words used, corrected title) for the best title starting at token i, if one is near enough."""
        best: tuple[int, int, str] | None = None  # (edits, -words, replacement)
        for n in range(min(MAX_WINDOW, len(tokens) - i), 0, -1):
            window = tokens[i : i + n]
            if any(text[a.end() : b.start()].strip() for a, b in pairwise(window)):
                continue  # words must follow each other with only spaces between (a shorter window may)
            if all(t.group(0).lower() in self._corpus_known for t in window):
                continue  # only a window holding a word the corpus does not know can be a misspelling
            # words people use ("mgr", "laed", "talousjohtaja") may still be a title abbreviated or misspelt by
            # one edit ("team laed"); two edits apart they are another word ("talousjohtaja" is no tulosjohtaja)
            short_only = all(self.known(t.group(0)) for t in window)
            raw = " ".join(t.group(0) for t in window)
            for title in self._titles:
                if title.words != n:
                    continue
                found = _abbreviation(raw, title) or self._match(raw, title, 1 if short_only else None)
                if found is not None and (best is None or (found[0], -n) < best[:2]):
                    best = (found[0], -n, found[1])
        if best is None:
            return None
        return -best[1], best[2]

    def _match(self, raw: str, title: _Title, max_edits: int | None = None) -> tuple[int, str] | None:
        lower = raw.lower()
        if title.text in self._acronyms:
            # an acronym: swapped letters only, on a word written in capitals ("SRD", "BRDs")
            core = raw[:-1] if raw.endswith("s") and raw[:-1].isupper() else raw
            swapped = (
                sorted(core.lower()) == sorted(title.text) and OSA.distance(core.lower(), title.text) == 1
            )
            if core.isupper() and len(core) == len(title.text) and swapped:
                return 1, title.text.upper() + raw[len(core) :]
            return None
        allowed = _edits_allowed(len(title.text))
        if max_edits is not None:
            allowed = min(allowed, max_edits)
        if not title.prefix:
            for form in (lower, lower[:-1] if lower.endswith("s") else None):
                if form is None:
                    continue
                d = OSA.distance(form, title.text, score_cutoff=allowed)
                if d <= allowed and len(form) >= 4:
                    return d, _like(raw, title.text) + lower[len(form) :]
            return None
        # a stem alias: the words before the last compared whole, the last on its first len(stem) +- 1
        # letters (the ending that follows is kept); a short last word (<4 letters) must be exact
        raw_words, title_words = raw.split(" "), title.text.split(" ")
        head = sum(OSA.distance(a.lower(), b) for a, b in zip(raw_words[:-1], title_words[:-1], strict=True))
        last, stem = raw_words[-1], title_words[-1]
        choices = []
        for cut in (len(stem), len(stem) - 1, len(stem) + 1):
            if cut < 2 or cut > len(last):
                continue
            d = OSA.distance(last[:cut].lower(), stem)
            if d and len(stem) < 4:
                continue
            choices.append((head + d, cut))
        if not choices:
            return None
        d, cut = min(choices)
        if d > allowed:
            return None
        return d, _like(raw, title.text) + last[cut:]

    # ---- content words ----------------------------------------------------------------------------
    def _content_word(self, word: str) -> str | None:
        lower = word.lower()
        if len(lower) < MIN_CONTENT_WORD or self.known(lower) or not word[1:].islower():
            return None  # short, known, or a name written with capitals inside ("HubSpot", "SaaS")
        if any(stem in self._known_stems for stem in stem_tokens(lower)):
            return None  # an inflection of a known word
        found = extract(lower, self._words, scorer=OSA.distance, score_cutoff=1, limit=8)
        if not found:
            return None
        best = min(found, key=lambda m: (m[1], m[2]))  # nearest, then the earlier (more frequent) word
        return _like(word, best[0])


def _abbreviation(raw: str, title: _Title) -> tuple[int, str] | None:
    """A title of two or more words with one word abbreviated the way people shorten words ("sales mgr",
    "acct executive"): the short form keeps the word's first letter and a subsequence of the rest, is at least
    two letters and two shorter than the word. One edit; every other word must be exact."""
    raw_words, title_words = raw.lower().split(" "), title.text.split(" ")
    if len(raw_words) < 2 or len(raw_words) != len(title_words):
        return None
    short = [
        i
        for i, (a, b) in enumerate(zip(raw_words, title_words, strict=True))
        if a != b and not (title.prefix and i == len(title_words) - 1 and a.startswith(b))
    ]
    if len(short) != 1:
        return None
    a, b = raw_words[short[0]], title_words[short[0]]
    rest = iter(b[1:])
    if not (2 <= len(a) <= len(b) - 2 and a[0] == b[0] and all(ch in rest for ch in a[1:])):
        return None
    words = raw.split(" ")
    words[short[0]] = _like(words[short[0]], b)
    return 1, " ".join(words)


def _like(raw: str, word: str) -> str:
    """`word` in the case style of `raw`: ALL CAPS, Capitalised or as it is."""
    if raw.isupper() and len(raw) > 1:
        return word.upper()
    if raw[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def vocabulary_of(texts: Iterable[str]) -> Counter[str]:
    """Word counts over the corpus texts (lower case)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(t.lower() for t in _TOKEN.findall(text))
    return counts


def typo_corrector(
    corpus: Any,
    extra_texts: Iterable[str] = (),
    chat_words: Iterable[str] | Callable[[], Iterable[str]] = (),
    cache_dir: Path | None = None,
    chat_source: str | None = None,
) -> TypoCorrector:
    """The corrector for a corpus: its role names and aliases, and the words of every text it indexes plus
    `extra_texts` (the engine's own cue words), which are all known words. `chat_words` (words of labelled
    questions: how people really write) become known words too, except those one edit from what the corpus
    alone would correct them to: a misspelling two question writers happened to share ("myyntipäälikön") is
    still a misspelling, while "talousjohtaja" (two edits from "tulosjohtaja") is another word. That choice
    (a few thousand corrections) is cached in `cache_dir` under a digest of everything it depends on; given
    `chat_source` (a digest of where the chat words come from), `chat_words` may be a function that gives them,
    called only when the choice is not cached."""
    from assistant.text import EN_STOP, FI_STOP

    aliases = [
        a
        for r in corpus.book.roles.values()
        for a in [*r.aliases, r.name_en, r.name_fi, r.expansion or ""]
        if a
    ]
    vocabulary = vocabulary_of([*(c.text for c in corpus.chunks), *extra_texts])
    vocabulary.update(EN_STOP | FI_STOP)
    core = TypoCorrector(aliases, vocabulary)
    words = None if callable(chat_words) else list(chat_words)
    if words is not None and not words:
        return core
    source: Any = chat_source if chat_source is not None else words
    digest = hashlib.sha256(
        json.dumps([_rules_digest(), sorted(aliases), sorted(vocabulary.items()), source]).encode()
    ).hexdigest()[:16]
    path = cache_dir / f"chat-words-{digest}.json" if cache_dir is not None else None
    chat = _read_words(path)
    if chat is None:
        given = words if words is not None else list(chat_words())  # type: ignore[operator]
        chat = [w for w in given if OSA.distance(core.correct(w).lower(), w.lower()) != 1]
        _write_words(path, chat)
    return core.with_chat(chat) if chat else core


def _rules_digest() -> str:
    """The correction rules' own code (this module and the stemmer): a change to them makes the choice again."""
    from assistant import text

    return hashlib.sha256(Path(__file__).read_bytes() + Path(text.__file__).read_bytes()).hexdigest()


def _read_words(path: Path | None) -> list[str] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path is not None else None
    except (OSError, ValueError):
        return None  # not cached yet, or a damaged file: computed again
    return data if isinstance(data, list) and all(isinstance(w, str) for w in data) else None


def _write_words(path: Path | None, words: list[str]) -> None:
    if path is not None:
        cachefile.save(
            path, lambda tmp: tmp.write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
        )
