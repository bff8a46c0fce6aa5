"""Errors the library raises; adapters translate them (exit codes, HTTP statuses, Slack messages)."""


class AssistantError(Exception):
    """Base class: every error here has a message meant for the user."""

    code = "assistant_error"


class InvalidQuestion(AssistantError):
    """The question is empty, whitespace only, or longer than the configured cap."""

    code = "invalid_question"


class IndexNotFound(AssistantError):
    """No index exists under the data directory yet."""

    code = "index_not_found"


class IndexCorrupt(AssistantError):
    """The index folder exists but cannot be read."""

    code = "index_corrupt"


class IndexMismatch(AssistantError):
    """The index was built with another embedding model, dimension or corpus than the one in use."""

    code = "index_mismatch"


class RoleDataError(AssistantError):
    """A corpus file is malformed or cites a passage its sources do not contain."""

    code = "role_data_error"


class SelfTestFailed(IndexCorrupt):
    """A strict build (`assistant index --strict`) whose self-test failed: the old index is kept."""

    code = "self_test_failed"


class IndexBusy(AssistantError):
    """Another process has this embedded index folder open."""

    code = "index_busy"


class IndexUnavailable(AssistantError):
    """The Chroma server holding the index cannot be reached (down, restarting, network): retry later."""

    code = "index_unavailable"


class StorageUnavailable(AssistantError):
    """A local store under the data folder cannot be used: read-only, unopenable, an I/O error, or locked."""

    code = "storage_unavailable"


class StorageFull(StorageUnavailable):
    """The disk holding the data folder (or the shared database) is full."""


class DatabaseUnreachable(StorageUnavailable):
    """The shared database (ASSISTANT_DATABASE_URL) cannot be reached: down, restarting, network. Retry later."""


class AnswerCancelled(AssistantError):
    """The caller stopped waiting (a timed-out request): the answer was abandoned part way."""

    code = "cancelled"
