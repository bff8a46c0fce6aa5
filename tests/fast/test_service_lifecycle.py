"""The service is freed as soon as nobody holds it: an embedded index's lock is released with it, so the next
command in the same process (the CLI under test, a notebook) can open the index."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from assistant.config import Settings
from assistant.service import AnswerService


def test_nothing_keeps_a_dropped_service_alive(tmp_path: Path) -> None:
    service = AnswerService(Settings(data_dir=tmp_path))
    gone = weakref.ref(service)
    index = weakref.ref(service._index)
    gc.disable()  # freed by reference counting alone: no cycle between the service and its index
    try:
        del service
        assert gone() is None and index() is None
    finally:
        gc.enable()
