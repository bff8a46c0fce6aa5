"""The corpus declaration: the `corpus:` section of `roles.yaml` (docs/CORPUS.md).

It names what the assistant answers about, the languages the role data is written in (answers are given in the
question's language when the corpus has it, else in the corpus's first language), the source documents the role
data rests on, how answers name the corpus's subject and sources (`wording`), and a few example questions shown
by the web page and the Slack help. No name, domain word or file name of any corpus is written in the code.
"""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from assistant.lang import LANGUAGES, wording, wording_keys
from assistant.models import ROLE_ID, StrictModel

SUPPORTED = tuple(LANGUAGES)  # the languages the engine reads: stemming, cue words, templates


def supported(lang: str) -> str:
    if lang not in SUPPORTED:
        raise ValueError(f"{lang!r} is not a supported language; use one of {', '.join(SUPPORTED)}")
    return lang


class SourceSpec(StrictModel):
    """One source document: a plain-text file of the corpus folder (docs/CORPUS.md: the text format)."""

    id: str = Field(pattern=ROLE_ID)
    file: str = Field(min_length=1)
    language: str
    name: str = Field(min_length=1)  # how citations name it ("Sales roles article", "Our role handbook")

    @field_validator("language")
    @classmethod
    def _language(cls, lang: str) -> str:
        return supported(lang)


class CorpusSpec(StrictModel):
    name: str = Field(min_length=1)  # what the assistant answers about: headings, the web page, help texts
    languages: list[str] = Field(min_length=1)
    sources: list[SourceSpec] = Field(min_length=1)
    wording: dict[str, dict[str, str]] = Field(default_factory=dict)
    examples: list[str] = Field(default_factory=list)

    @field_validator("languages")
    @classmethod
    def _languages(cls, langs: list[str]) -> list[str]:
        for lang in langs:
            supported(lang)
        if len(set(langs)) != len(langs):
            raise ValueError("a language is listed twice")
        return langs

    @model_validator(mode="after")
    def _consistent(self) -> CorpusSpec:
        ids = [s.id for s in self.sources]
        for sid in ids:
            if ids.count(sid) > 1:
                raise ValueError(f"sources: the id {sid!r} is used twice; give every source its own id")
        for lang, given in self.wording.items():
            supported(lang)
            unknown = sorted(set(given) - wording_keys(lang))
            if unknown:
                raise ValueError(
                    f"wording.{lang}: unknown key {unknown[0]!r}; the keys for {lang} are "
                    f"{', '.join(sorted(wording_keys(lang)))}"
                )
        return self

    # ---- queries ------------------------------------------------------------------------------
    @property
    def primary(self) -> str:
        """The corpus's own language: answers to questions in a language it does not have are in this one."""
        return self.languages[0]

    def answer_language(self, lang: str) -> str:
        """The language an answer is given in: the question's when the corpus has it, else the corpus's."""
        return lang if lang in self.languages else self.primary

    def words(self, lang: str) -> dict[str, str]:
        """The wording fields of ``lang``'s templates for this corpus (`assistant.lang.wording`)."""
        return wording(lang, self.wording.get(lang))

    def source(self, source_id: str) -> SourceSpec | None:
        return next((s for s in self.sources if s.id == source_id), None)
