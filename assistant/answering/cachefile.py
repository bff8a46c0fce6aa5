"""Files the answerer caches in the data folder (trained classifiers, the typo lexicon's choice of words)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def save(path: Path, write: Callable[[Path], object]) -> None:
    """`write` a file to a temporary name beside `path`, then move it there: a reader sees all of it or none. A
    read-only data folder is no error: the file is made again next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        write(tmp)
        os.replace(tmp, path)
    except OSError:
        pass
