"""The typed reference data the service returns: a role, a responsibility, a row of who owns what, a node of the
reporting tree, a cited passage in its section, and what the corpus is about.

Defined once, here: ``assistant.reference`` builds them from the loaded corpus, ``AnswerService`` returns them,
the HTTP API's response schemas are these models (``api/schemas/reference.py`` adds its examples), and JSON is
``model.model_dump(mode="json")``. A citation is the answer object's :class:`~assistant.types.Citation`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from assistant.types import Citation, Share

__all__ = [
    "About",
    "ContextPassage",
    "HierarchyNode",
    "OwnershipRow",
    "PassageView",
    "Responsibility",
    "Role",
    "RoleName",
    "SourceInfo",
]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Responsibility(_Model):
    """A duty a role owns, with the evidence."""

    duty: str = Field(description="The duty's id (`GET /v1/ownership` lists every duty).")
    en: str = Field(description="The duty in English.")
    fi: str = Field(description="The duty in Finnish.")
    share: Share = Field(description="`primary`: the role owns it; `shared`: it shares it with the owners.")
    citations: list[Citation] = Field(default_factory=list, description="Where the sources say so, verbatim.")


class Role(_Model):
    """One role: its names, place in the organisation, summary and responsibilities, each with citations."""

    id: str
    name: str = Field(description="Its English name.")
    name_en: str
    name_fi: str
    acronym: str | None = None
    expansion: str | None = Field(default=None, description="What the acronym stands for.")
    aliases: list[str] = Field(default_factory=list, description="Other names the role is asked about by.")
    level: int | None = Field(
        default=None, description="Its place in a ranking the sources give (smaller is higher), if any."
    )
    context: bool = Field(
        default=False, description="Named by the sources only as whom others report to or work with."
    )
    reports_to: list[str] = Field(default_factory=list, description="Ids of the roles it reports to.")
    works_with: list[str] = Field(default_factory=list, description="Ids of the roles it works beside.")
    reports_to_note: str | None = Field(default=None, description="What the sources add about its reporting.")
    summary_en: str = ""
    summary_fi: str = ""
    absent: str | None = Field(
        default=None, description="The organisation's own statement that it has no such role (else null)."
    )
    citations: list[Citation] = Field(default_factory=list, description="The evidence of the role itself.")
    responsibilities: list[Responsibility] = Field(default_factory=list)


class OwnershipRow(_Model):
    """Who owns a duty. A duty the organisation's own statement (overrides.yaml) gives new owners says so:
    ``policy`` is the statement, ``source_primary`` / ``source_shared`` the owners the sources give it."""

    duty: str
    en: str
    fi: str
    primary: list[str] = Field(description="Ids of the roles that own it.")
    shared: list[str] = Field(description="Ids of the roles that share it.")
    policy: str | None = Field(default=None, description="The organisation's statement giving it new owners.")
    source_primary: list[str] = Field(
        default_factory=list, description="With a `policy`: the owners the sources give it (else empty)."
    )
    source_shared: list[str] = Field(
        default_factory=list, description="With a `policy`: the roles the sources say share it (else empty)."
    )
    citations: list[Citation] = Field(
        default_factory=list, description="The evidence: the statement's, then the sources'."
    )


class HierarchyNode(_Model):
    """A role in the reporting tree, under its first manager; its reports below it."""

    id: str
    name: str
    name_fi: str = ""
    also_reports_to: list[str] = Field(default_factory=list, description="Its other managers' ids.")
    works_with: list[str] = Field(default_factory=list, description="Ids of the roles it works beside.")
    absent: bool = Field(default=False, description="The organisation says it has no such role.")
    children: list[HierarchyNode] = Field(default_factory=list)


class ContextPassage(_Model):
    """One passage of a section: verbatim text, its English rendering, and whether it is the one asked for."""

    chunk_id: str
    text: str = Field(description="Verbatim text of the source.")
    translation: str | None = Field(description="Its English rendering (a translation); null when none.")
    cited: bool = Field(description="True for the passage asked for.")


class PassageView(_Model):
    """A cited passage in its section: with up to ``around`` passages of the section before and after it."""

    chunk_id: str
    section: str
    text: str = Field(description="Verbatim text of the source document.")
    source: str = Field(default="", description="The name of the source document the passage is from.")
    translation: str | None = Field(
        default=None, description="Its English rendering: a translation (corpus data), not the source."
    )
    context: tuple[ContextPassage, ...] = Field(
        default=(),
        description="The passages of the same section around it, in document order, itself marked `cited`.",
    )


class SourceInfo(_Model):
    id: str
    name: str
    language: str


class RoleName(_Model):
    id: str
    name: str


class About(_Model):
    """What the corpus is about, for help texts and the web page."""

    name: str = Field(description="The corpus's name: what the assistant answers about.")
    languages: list[str] = Field(description="The languages of its role data; answers use the question's.")
    sources: list[SourceInfo] = Field(description="Its source documents: id, name and language.")
    roles: list[RoleName] = Field(description="The roles it describes (id, name).")
    examples: list[str] = Field(description="Example questions (the web page's suggestions).")
    summary: dict[str, str] = Field(description="What the assistant answers, one sentence per language.")
