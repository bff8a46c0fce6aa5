"""Role Assistant: answers questions about sales leadership roles, with citations."""

from assistant.errors import (
    AssistantError,
    IndexBusy,
    IndexCorrupt,
    IndexMismatch,
    IndexNotFound,
    InvalidQuestion,
    RoleDataError,
)
from assistant.types import Answer, Citation, RoleRef, Turn

__all__ = [
    "Answer",
    "AssistantError",
    "Citation",
    "IndexBusy",
    "IndexCorrupt",
    "IndexMismatch",
    "IndexNotFound",
    "InvalidQuestion",
    "RoleDataError",
    "RoleRef",
    "Turn",
]
__version__ = "0.1.0"
