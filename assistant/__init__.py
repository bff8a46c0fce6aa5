"""Role Assistant: who owns what in an organisation, answered from its own documents with verbatim citations.

The corpus decides the domain: its source documents, role definitions and organisation overrides (``corpus/``, or
``ASSISTANT_CORPUS_DIR``). The public API is this module's ``__all__``: :class:`AnswerService` (``ask`` a
question, with the earlier turns of a conversation), :class:`Settings`, the answer types, the reference data's
models (:class:`Role`, :class:`OwnershipRow`, :class:`HierarchyNode`, :class:`PassageView`, :class:`About`: what
``AnswerService.roles()`` and the like return) and every error the library raises. ``import assistant`` stays
light: the service, the settings and the reference models are imported when first used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from assistant.errors import (
    AnswerCancelled,
    AssistantError,
    DatabaseUnreachable,
    IndexBusy,
    IndexCorrupt,
    IndexMismatch,
    IndexNotFound,
    IndexUnavailable,
    InvalidQuestion,
    RoleDataError,
    SelfTestFailed,
    StorageFull,
    StorageUnavailable,
)
from assistant.types import Answer, Citation, RoleRef, Turn

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.reference_models import (
        About,
        ContextPassage,
        HierarchyNode,
        OwnershipRow,
        PassageView,
        Responsibility,
        Role,
    )
    from assistant.service import AnswerService

__all__ = [
    "About",
    "Answer",
    "AnswerCancelled",
    "AnswerService",
    "AssistantError",
    "Citation",
    "ContextPassage",
    "DatabaseUnreachable",
    "HierarchyNode",
    "IndexBusy",
    "IndexCorrupt",
    "IndexMismatch",
    "IndexNotFound",
    "IndexUnavailable",
    "InvalidQuestion",
    "OwnershipRow",
    "PassageView",
    "Responsibility",
    "Role",
    "RoleDataError",
    "RoleRef",
    "SelfTestFailed",
    "Settings",
    "StorageFull",
    "StorageUnavailable",
    "Turn",
]
__version__ = "0.1.0"

# imported on first use: the service pulls in numpy, the answering pipeline and (when it opens the index) Chroma;
# the settings, pydantic-settings; the reference models, pydantic
_REFERENCE = (
    "About",
    "ContextPassage",
    "HierarchyNode",
    "OwnershipRow",
    "PassageView",
    "Responsibility",
    "Role",
)
_LAZY = {
    "AnswerService": "assistant.service",
    "Settings": "assistant.config",
    **dict.fromkeys(_REFERENCE, "assistant.reference_models"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # once imported, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
