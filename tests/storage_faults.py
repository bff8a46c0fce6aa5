"""Real storage faults for tests: a small tmpfs that can be filled up, and remounted read-only.

Mounting needs root (the development machine's tests run as root); elsewhere the tests that need it are skipped.
Every mount is undone when the test ends.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

__all__ = ["Disk", "small_disk"]


class Disk:
    """A mounted tmpfs: ``fill()`` it to the last byte, ``free()`` it again, or see it ``read_only_view()``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fillers: list[Path] = []

    def fill(self) -> None:
        """Write filler files until the disk is full (ENOSPC), down to the last block."""
        for size in (1 << 20, 1 << 12, 1):
            filler = self.path / f".filler-{len(self._fillers)}"
            self._fillers.append(filler)
            fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
            finally:
                os.close(fd)

    def free(self) -> None:
        for filler in self._fillers:
            filler.unlink(missing_ok=True)
        self._fillers.clear()

    @contextmanager
    def read_only_view(self, where: Path) -> Iterator[Path]:
        """The disk's folder again at ``where``, read-only (a read-only bind mount: files open for writing
        through ``path`` do not stand in its way)."""
        where.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "--bind", str(self.path), str(where)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(where)], check=True)
            yield where
        finally:
            subprocess.run(["umount", "-l", str(where)], check=False)


@contextmanager
def small_disk(path: Path, size: str = "2m") -> Iterator[Disk]:
    """A tmpfs of ``size`` mounted at ``path`` for the duration (skipped when mounting is not allowed)."""
    if os.geteuid() != 0:
        pytest.skip("a real full or read-only disk needs root to mount a tmpfs")
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield Disk(path)
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)
