"""The errors of the lowest layer: the index store and the local stores (SQLite, PostgreSQL).

Each has a message meant for the user. ``assistant.errors`` re-exports every one under the same name beside the
library's own errors, so ``except AssistantError`` catches these too and adapters translate them the same way.
"""

__all__ = [
    "AssistantError",
    "DatabaseUnreachable",
    "IndexBusy",
    "IndexCorrupt",
    "IndexMismatch",
    "IndexNotFound",
    "IndexUnavailable",
    "StorageFull",
    "StorageUnavailable",
]


class AssistantError(Exception):
    """Base class: every error here has a message meant for the user."""

    code = "assistant_error"


class IndexNotFound(AssistantError):
    """No index exists under the data directory yet."""

    code = "index_not_found"


class IndexCorrupt(AssistantError):
    """The index folder exists but cannot be read."""

    code = "index_corrupt"


class IndexMismatch(AssistantError):
    """The index was built with another embedding model, dimension or corpus than the one in use."""

    code = "index_mismatch"


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
