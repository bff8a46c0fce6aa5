"""The reference data's responses (``/v1/roles``, ``/v1/ownership``, ``/v1/passages/{chunk_id}``, ``/v1/about``).

The models are the library's (``assistant.reference_models``: what ``AnswerService.roles()`` and the like
return); the subclasses here add only the OpenAPI examples and names, and read the library's instances
(``from_attributes``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.answer import CITATION_EXAMPLE, SOURCE_EXAMPLE
from assistant.reference_models import About, ContextPassage, HierarchyNode, OwnershipRow, PassageView, Role

__all__ = [
    "AboutResponse",
    "ContextPassageModel",
    "OwnershipResponse",
    "PassageModel",
    "RoleModel",
    "RolesResponse",
]

_ROLE_EXAMPLE: dict[str, Any] = {
    "id": "cro",
    "name": "Chief Revenue Officer",
    "name_en": "Chief Revenue Officer",
    "name_fi": "Tulosjohtaja",
    "acronym": "CRO",
    "expansion": "Chief Revenue Officer",
    "aliases": ["CRO", "tulosjohtaja"],
    "reports_to": ["ceo"],
    "summary_en": "Owns all revenue-generating functions.",
    "summary_fi": "Vastaa kaikista tuloa tuottavista toiminnoista.",
    "citations": [CITATION_EXAMPLE],
    "responsibilities": [
        {
            "duty": "marketing_roi",
            "en": "Return on marketing investment",
            "fi": "Markkinointisijoitusten ROI",
            "share": "primary",
            "citations": [CITATION_EXAMPLE],
        }
    ],
}


class RoleModel(Role):
    """One role (`assistant.reference_models.Role`)."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_ROLE_EXAMPLE]})


class RolesResponse(BaseModel):
    roles: list[RoleModel]
    hierarchy: list[HierarchyNode] = Field(description="The reporting tree: each role under its manager.")
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "roles": [_ROLE_EXAMPLE],
                    "hierarchy": [
                        {
                            "id": "board",
                            "name": "Board of Directors",
                            "children": [
                                {
                                    "id": "ceo",
                                    "name": "Chief Executive Officer",
                                    "children": [
                                        {"id": "cro", "name": "Chief Revenue Officer", "children": []}
                                    ],
                                }
                            ],
                        }
                    ],
                }
            ]
        }
    )


class OwnershipResponse(BaseModel):
    ownership: list[OwnershipRow]
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "ownership": [
                        {
                            "duty": "marketing_roi",
                            "en": "Return on marketing investment",
                            "fi": "Markkinointisijoitusten ROI",
                            "primary": ["cro"],
                            "shared": [],
                            "citations": [CITATION_EXAMPLE],
                        }
                    ]
                }
            ]
        }
    )


class ContextPassageModel(ContextPassage):
    """A passage of the section (`assistant.reference_models.ContextPassage`)."""

    model_config = ConfigDict(from_attributes=True)


_ROI = "Mainonta- ja markkinointisijoitukset: Mainonta- ja markkinointikulujen ..."
_ROI_EN = "Advertising and marketing investments: Optimising the effectiveness of ..."


class PassageModel(PassageView):
    """A cited passage in its section (`assistant.reference_models.PassageView`)."""

    context: tuple[ContextPassageModel, ...] = Field(  # the same field, under the API's name for its items
        default=(), description=PassageView.model_fields["context"].description
    )
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "chunk_id": "a-1120bb4edc50",
                    "section": "2. Tulosjohtaja (CRO) > CRO:n keskeiset vastuut",
                    "text": _ROI,
                    "translation": _ROI_EN,
                    "source": SOURCE_EXAMPLE,
                    "context": [
                        {
                            "chunk_id": "a-83c3acb96c48",
                            "text": "CRO keskittyy:",
                            "translation": "The CRO focuses on:",
                            "cited": False,
                        },
                        {"chunk_id": "a-1120bb4edc50", "text": _ROI, "translation": _ROI_EN, "cited": True},
                    ],
                }
            ]
        },
    )


class AboutResponse(About):
    """What the loaded corpus is about (`AnswerService.about`, `assistant.reference_models.About`)."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "name": "Sales leadership roles",
                    "languages": ["fi", "en"],
                    "sources": [{"id": "article", "name": SOURCE_EXAMPLE, "language": "fi"}],
                    "roles": [{"id": "cro", "name": "Chief Revenue Officer"}],
                    "examples": ["who owns marketing ROI?"],
                    "summary": {"en": "I answer questions about the sales leadership roles."},
                }
            ]
        },
    )
