"""Per-language data of the question engine: cue-pattern fragments, word lists and answer templates.

One module per language (``en``, ``fi``) holds

- ``CUES``: name -> that language's fragment of a cue pattern; :func:`cue` compiles the union of every
  language's fragment, each wrapped in ``(?:...)``. A fragment may name a slot, ``%(slot)s``, which stands for
  that slot's words in every language (``SLOTS``), so a question mixing the languages ("tiedätkö who ...")
  reads the same as one in either.
- word lists (``GENERIC``, ``DEFINE_WORDS``, ``KNOWN_QUALIFIERS``): :func:`words` is their union;
- ``LISTS`` (how names are listed) and ``TEMPLATES`` (answer sentences, ``str.format`` fields);
- ``WORDING`` (how answers name the corpus's subject and sources when the corpus does not say: its keys are
  what a corpus's ``wording`` may give for the language), ``PHRASES`` (phrases made from the wording) and
  ``LANGUAGE_NAMES`` (how the language names each language in running text).

Adding a language is adding a module and naming it in ``LANGUAGES``; English is the fallback for answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import ModuleType

from assistant.lang import en, fi

LANGUAGES: dict[str, ModuleType] = {"en": en, "fi": fi}
FALLBACK = "en"


def _slots() -> dict[str, str]:
    names = {s for module in LANGUAGES.values() for s in getattr(module, "SLOTS", {})}
    return {
        s: "|".join(module.SLOTS[s] for module in LANGUAGES.values() if s in getattr(module, "SLOTS", {}))
        for s in names
    }


def cue(name: str, flags: int = re.I, *, before: str = "") -> re.Pattern[str]:
    """The cue pattern ``name``: every language's fragment, slots filled, each in ``(?:...)``, joined by ``|``.

    ``before`` is put in front of every fragment (a lookbehind that holds whatever the language)."""
    slots = _slots()
    fragments = [module.CUES[name] % slots for module in LANGUAGES.values() if name in module.CUES]
    if not fragments:
        raise KeyError(f"no language has a {name!r} cue")
    return re.compile("|".join(f"(?:{before}(?:{f}))" if before else f"(?:{f})" for f in fragments), flags)


def words(name: str) -> frozenset[str]:
    """The union of every language's word list ``name``."""
    return frozenset(w for module in LANGUAGES.values() for w in getattr(module, name, ()))


def _language(lang: str) -> ModuleType:
    return LANGUAGES.get(lang) or LANGUAGES[FALLBACK]


def templates(lang: str) -> dict[str, str]:
    """The answer templates of a language (the fallback's for a language without a module)."""
    texts: dict[str, str] = _language(lang).TEMPLATES
    return texts


def wording_keys(lang: str) -> frozenset[str]:
    """What a corpus's ``wording`` may give for ``lang`` (empty for a language without a module)."""
    module = LANGUAGES.get(lang)
    return frozenset(getattr(module, "WORDING", {})) if module is not None else frozenset()


def wording(lang: str, given: Mapping[str, str] | None = None) -> dict[str, str]:
    """The wording fields of a language's templates: the corpus's own (``given``) over the language's defaults,
    the phrases made from them, and a capitalised copy of each ("source" -> "Source")."""
    module = _language(lang)
    out: dict[str, str] = dict(module.WORDING)
    out.update({k: v for k, v in (given or {}).items() if v is not None})
    for name, (needs, with_field, without) in module.PHRASES.items():
        out[name] = with_field.format(**out) if out.get(needs) else without
    out.update({k[:1].upper() + k[1:]: v[:1].upper() + v[1:] for k, v in list(out.items())})
    return out


def say(lang: str, key: str, words: Mapping[str, str], **fields: object) -> str:
    """The template ``key`` of a language filled with the corpus's wording (see `wording`) and ``fields``."""
    return templates(lang)[key].format_map({**words, **fields})


def language_name(lang: str, of: str) -> str:
    """How ``lang`` names the language ``of`` in running text ("in Finnish", "suomeksi")."""
    names: dict[str, str] = _language(lang).LANGUAGE_NAMES
    return names.get(of, of)


def listed(names: Sequence[str], lang: str, style: str = "and") -> str:
    """Names as a list in running text: "A, B and C" (``style`` "and"), "A, the B or the C" ("or")."""
    if len(names) <= 1:
        return "".join(names)
    between, last = _language(lang).LISTS[style]
    return between.join(names[:-1]) + last + names[-1]


__all__ = [
    "FALLBACK",
    "LANGUAGES",
    "cue",
    "language_name",
    "listed",
    "say",
    "templates",
    "wording",
    "wording_keys",
    "words",
]
