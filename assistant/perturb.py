"""Chat-style copies of labelled questions, for invariance testing in the manner of CheckList.

Each kind of perturbation turns a tidy question into one people really type; the answer must stay right.
Copies are seeded by the question text itself, so every run (and every machine) makes the same copies.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable

from assistant.lang.chat import SPOKEN

Spans = Callable[[str], list[tuple[int, int]]]  # text -> the (start, end) of each role name in it

KINDS = ("typo_role", "typo_word", "lowercase", "slack", "emoji", "spoken_fi")
_WORD = re.compile(r"[^\W\d_]{6,}")
_SLACK_OPENERS = ("<@U07ABC123> hey quick q, ", "@roleassistant hi! ", "<@U0R0LEBOT> ", "hey @bot, ")
_EMOJI = (" 🙏", " 👀", " 😅", " 🤔", " :pray:")


def _rng(question: str, kind: str) -> random.Random:
    return random.Random(zlib.crc32(f"{kind}\0{question}".encode()))


def _typo(word: str, rng: random.Random) -> str:
    """One edit inside a word: a dropped, doubled or swapped letter (never the first letter)."""
    i = rng.randrange(1, len(word) - 1)
    edit = rng.choice(("drop", "double", "swap"))
    if edit == "drop":
        return word[:i] + word[i + 1 :]
    if edit == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def perturb(question: str, kind: str, lang: str, role_spans: Spans) -> str | None:
    """The perturbed copy, or None when the kind does not apply (no role named, not Finnish, ...)."""
    rng = _rng(question, kind)
    if kind == "typo_role":
        # a typo in the longest word of a role name written out (acronyms are left alone: "CSO" -> "CS")
        words = [
            (m.start() + a, m.end() + a)
            for a, b in role_spans(question)
            for m in re.finditer(r"[^\W\d_]{5,}", question[a:b])
            if not m.group(0).isupper()
        ]
        if not words:
            return None
        a, b = max(words, key=lambda span: (span[1] - span[0], -span[0]))
        return question[:a] + _typo(question[a:b], rng) + question[b:]
    if kind == "typo_word":
        inside = role_spans(question)
        candidates = [
            m
            for m in _WORD.finditer(question)
            if not any(a <= m.start() < b for a, b in inside) and not m.group(0).isupper()
        ]
        if not candidates:
            return None
        m = rng.choice(candidates)
        return question[: m.start()] + _typo(m.group(0), rng) + question[m.end() :]
    if kind == "lowercase":
        return re.sub(r"[?!.,;]+", "", question).lower().strip()
    if kind == "slack":
        return rng.choice(_SLACK_OPENERS) + question[:1].lower() + question[1:]
    if kind == "emoji":
        return question.rstrip() + rng.choice(_EMOJI)
    if kind == "spoken_fi":
        if lang != "fi":
            return None
        out, n = question, 0
        for standard, spoken in SPOKEN["fi"]:

            def casing(m: re.Match[str], spoken: str = spoken) -> str:
                return spoken.capitalize() if m.group(0)[:1].isupper() else spoken

            out, k = re.subn(rf"\b{standard}\b", casing, out, flags=re.I)
            n += k
        return out if n else None
    raise ValueError(f"unknown perturbation {kind!r}; one of {', '.join(KINDS)}")
