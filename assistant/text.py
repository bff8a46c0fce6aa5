"""Text helpers: language detection (en/fi), tokenising with Finnish and English stemming."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

from assistant.lang.en import HINTS as _EN_HINTS
from assistant.lang.en import STOP as EN_STOP
from assistant.lang.fi import HINTS as _FI_HINTS
from assistant.lang.fi import STOP as FI_STOP

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)  # "what's" -> "what", "s"


_local = threading.local()


def _stemmers() -> tuple[Stemmer.Stemmer, Stemmer.Stemmer]:
    pair = getattr(_local, "stemmers", None)
    if pair is None:
        pair = (Stemmer.Stemmer("finnish"), Stemmer.Stemmer("english"))
        _local.stemmers = pair
    return pair


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def detect_language(text: str) -> str:
    """'fi' or 'en': Finnish letters and function words against English ones."""
    ws = words(text)
    fi = sum(1 for w in ws if w in _FI_HINTS) + 2 * len(re.findall(r"[äöå]", text.lower()))
    fi += sum(1 for w in ws if re.search(r"(lle|lla|llä|sta|stä|ssa|ssä|ksi|tteja|ien)$", w) and len(w) > 5)
    fi += bool(ws) and len(ws[0]) > 5 and ws[0].endswith(("ko", "kö"))  # "kvalifioiko ..." asks yes or no
    en = sum(1 for w in ws if w in _EN_HINTS)
    return "fi" if fi > en else "en"


_COLON_ENDING = re.compile(r"(?<=\w):[a-zåäö]{1,5}\b", re.I)  # "ROI:sta", "CRM:ään": a case ending, no word


def content_words(text: str) -> list[str]:
    text = _COLON_ENDING.sub("", text)
    return [w for w in words(text) if w not in FI_STOP and w not in EN_STOP and len(w) > 1]


@lru_cache(maxsize=65536)
def _stems(word: str) -> tuple[str, ...]:
    fi, en = _stemmers()
    base = word.split(":")[0]
    fi_stem = fi.stemWord(base)
    parts = {fi_stem, en.stemWord(base)}
    for piece in re.split(r"[-/]", base):
        if piece and piece != base:
            parts.update({fi.stemWord(piece), en.stemWord(piece)})
    parts.update(_s_noun(base, fi_stem))
    return tuple(sorted(p for p in parts if len(p) > 1))


_KS_STEM = re.compile(r"(?<=[aeiouyäö])ks$")
_S_PARTITIVE = re.compile(r"(?<=[aeiouyäö]s)(ta|tä)$")
_S_GENITIVE_PLURAL = re.compile(r"(?<=[aeiouyäö]s)ten$")


def _s_noun(word: str, stem: str) -> set[str]:
    """The base form of a Finnish -s noun the stemmer splits in two: "tarjoukset" -> "tarjouks",
    "tarjousta" -> "tarjou", "tarjousten" -> "tarjoust"; all also give "tarjous"."""
    out = set()
    if _KS_STEM.search(stem):
        out.add(stem[:-2] + "s")
    if _S_PARTITIVE.search(word):
        out.add(word[:-2])
    if _S_GENITIVE_PLURAL.search(word):
        out.add(word[:-3])
    return out


def stem_tokens(text: str) -> list[str]:
    """Content words as Finnish and English stems (both: the corpus mixes the two languages)."""
    out: list[str] = []
    for w in content_words(text):
        out.extend(_stems(w))
    return out


def decompound(tokens: Iterable[str], vocabulary: frozenset[str], min_part: int = 5) -> list[str]:
    """Add the known parts of Finnish compounds: "myyntikiintiö" also yields "kiintiö" and "myynti" when those
    are words here (the longest known tail and the longest known head, each at least min_part letters)."""
    out = []
    for tok in tokens:
        out.append(tok)
        for i in range(1, len(tok) - min_part + 1):
            tail = tok[i:]
            if tail in vocabulary:
                out.append(tail)
                break
        for i in range(len(tok) - 3, min_part - 1, -1):
            if tok[:i] in vocabulary:
                if tok[:i] not in out:  # "kuukaudessa" -> "kuukaud", which its stem already gave
                    out.append(tok[:i])
                break
    return out
