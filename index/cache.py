"""A content-addressed cache of embeddings (SQLite), so an unchanged text is never embedded twice."""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable
from pathlib import Path

from index.sqlite import guarded, open_database, write


def text_key(model_id: str, text: str) -> str:
    return hashlib.sha256(f"{model_id}\0{text}".encode()).hexdigest()


class EmbeddingCache:
    """One connection (``index.sqlite``: WAL, busy timeout, the locked WAL switch retried); a full disk or
    a read-only folder raises ``StorageFull`` / ``StorageUnavailable``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db = open_database(self.path)
        with guarded(self.path):
            self._db.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")

    def get_many(self, keys: Iterable[str]) -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        keys = list(keys)
        with guarded(self.path):
            for i in range(0, len(keys), 500):
                part = keys[i : i + 500]
                marks = ",".join("?" * len(part))
                for key, blob in self._db.execute(f"SELECT key, vec FROM emb WHERE key IN ({marks})", part):
                    out[key] = array("f", blob).tolist()
        return out

    def put_many(self, items: dict[str, list[float]]) -> None:
        with guarded(self.path, writing=True), write(self._db):
            self._db.executemany(
                "INSERT OR REPLACE INTO emb (key, vec) VALUES (?, ?)",
                [(k, array("f", v).tobytes()) for k, v in items.items()],
            )

    def close(self) -> None:
        self._db.close()
