"""Errors the library raises; adapters translate them (exit codes, HTTP statuses, Slack messages).

The base class and the errors of the index and the local stores are defined in the lowest layer
(``index.errors``) and re-exported here under the same names: import every error from this module."""

from index.errors import (
    AssistantError,
    DatabaseUnreachable,
    IndexBusy,
    IndexCorrupt,
    IndexMismatch,
    IndexNotFound,
    IndexUnavailable,
    StorageFull,
    StorageUnavailable,
)

__all__ = [
    "AnswerCancelled",
    "AssistantError",
    "DatabaseUnreachable",
    "IndexBusy",
    "IndexCorrupt",
    "IndexMismatch",
    "IndexNotFound",
    "IndexUnavailable",
    "InvalidQuestion",
    "RoleDataError",
    "SelfTestFailed",
    "StorageFull",
    "StorageUnavailable",
]


class InvalidQuestion(AssistantError):
    """The question is empty, whitespace only, or longer than the configured cap."""

    code = "invalid_question"


class RoleDataError(AssistantError):
    """A corpus file is malformed or cites a passage its sources do not contain."""

    code = "role_data_error"


class SelfTestFailed(IndexCorrupt):
    """A strict build (`assistant index --strict`) whose self-test failed: the old index is kept."""

    code = "self_test_failed"


class AnswerCancelled(AssistantError):
    """The caller stopped waiting (a timed-out request): the answer was abandoned part way."""

    code = "cancelled"
