"""SQLite for every local store: ``index.sqlite`` (the lowest layer, which the embedding cache uses too),
re-exported under the library's name. See that module for the details."""

from index.sqlite import (
    DEFAULT_TIMEOUT,
    Health,
    check_writable,
    connection,
    guarded,
    open_database,
    translate,
    write,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "Health",
    "check_writable",
    "connection",
    "guarded",
    "open_database",
    "translate",
    "write",
]
