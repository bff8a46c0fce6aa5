"""The Chroma index: versioned builds, a manifest, an atomic switch and a lock per embedded folder.

Every build writes a new version (an embedded persist folder, or a collection on a `chroma run` server),
validates it, then switches the pointer atomically; the version being served is never written to.
Embeddings come from a content-addressed cache, so a build with nothing changed embeds nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, Protocol

from filelock import FileLock, Timeout

from index.cache import EmbeddingCache, text_key
from index.chroma import Guard, chroma_settings, chroma_version, http_client, server_unreachable
from index.chunks import Chunk, chunk_metadata
from index.errors import (
    AssistantError,
    IndexBusy,
    IndexCorrupt,
    IndexMismatch,
    IndexNotFound,
    IndexUnavailable,
)
from index.hnsw import HNSW, configuration
from index.manifest import BuildReport, Manifest

__all__ = [
    "CACHE_FILE",
    "BuildReport",
    "Embedder",
    "IndexStore",
    "IndexedCorpus",
    "Manifest",
    "Progress",
    "StoreSettings",
]

BATCH = 32
CACHE_FILE = "embedding-cache.sqlite"  # in the data folder: embeddings by text and model
Progress = Callable[[int, int], None]


class StoreSettings(Protocol):
    """What the store reads of its settings: ``assistant.config.Settings`` has these fields, so the library
    passes its settings as they are."""

    @property
    def data_dir(self) -> Path: ...  # embedded versions under data_dir/index; the embedding cache beside

    @property
    def chroma_url(self) -> str | None: ...  # a `chroma run` server (http://host:port); None: embedded

    @property
    def chroma_namespace(self) -> str: ...  # the prefix of the collections on a server


class IndexedCorpus(Protocol):
    """What the store indexes (``assistant.corpus.Corpus`` is one)."""

    @property
    def chunks(self) -> Sequence[Chunk]: ...

    @property
    def embed_texts(self) -> Mapping[str, str]: ...  # chunk id -> the text the embedder sees

    @property
    def sha256(self) -> str: ...  # of everything the chunks are made from: a new value means a new build


class Embedder(Protocol):
    """What the store asks of the embeddings (``assistant.embeddings``: LangChain ``Embeddings``)."""

    @property
    def model_id(self) -> str: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


class IndexStore:
    """Where the index lives: embedded folders under `data_dir/index`, or a Chroma server."""

    def __init__(self, settings: StoreSettings) -> None:
        self.settings = settings
        self.root = settings.data_dir / "index"
        self._server: Any = None
        self._locks: list[FileLock] = []
        self.ns = settings.chroma_namespace

    def _name(self, version: str) -> str:
        return f"{self.ns}-{version}"

    # ---- backend ------------------------------------------------------------------------------
    @property
    def server_mode(self) -> bool:
        return bool(self.settings.chroma_url)

    def _http(self) -> Any:
        if self._server is None:
            self._server = http_client(self.settings.chroma_url or "")
        return self._server

    def _embedded(self, version: str) -> Any:
        import chromadb

        return chromadb.PersistentClient(path=str(self.root / version), settings=chroma_settings())

    def _lock(self, version: str) -> FileLock:
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.root / f"{version}.lock"))
        try:
            lock.acquire(timeout=0)
        except Timeout as exc:
            raise IndexBusy(
                f"the index folder {self.root / version} is open in another process; stop it, or run a Chroma "
                "server and set ASSISTANT_CHROMA_URL so several processes can share the index"
            ) from exc
        self._locks.append(lock)
        return lock

    def in_use(self) -> Path | None:
        """The embedded index folder when another process has it open (e.g. a running ``assistant serve``),
        found without opening anything; None when it is free, on a Chroma server, or when there is none."""
        if self.server_mode:
            return None
        try:
            manifest = self.read_manifest()
        except AssistantError:
            return None
        if manifest is None or not (self.root / manifest.version).is_dir():
            return None
        lock = FileLock(str(self.root / f"{manifest.version}.lock"))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            return self.root / manifest.version
        except OSError:  # a read-only folder: nobody can hold a lock in it either
            return None
        lock.release()
        return None

    def release(self) -> None:
        for lock in self._locks:
            lock.release()
        self._locks.clear()

    def _collection(self, version: str, create: bool) -> Any:
        name = self._name(version)
        if self.server_mode:
            client = self._http()
        else:
            self._lock(version)
            client = self._embedded(version)
        if create:
            return client.create_collection(name, embedding_function=Guard(), configuration=configuration())
        return client.get_collection(name, embedding_function=Guard())

    # ---- pointer ------------------------------------------------------------------------------
    def read_manifest(self) -> Manifest | None:
        try:
            if self.server_mode:
                meta = self._pointer().metadata or {}
                if "manifest" not in meta:
                    return None
                return Manifest.from_dict(json.loads(meta["manifest"]))
            path = self.root / "current.json"
            if not path.exists():
                return None
            return Manifest.from_dict(json.loads(path.read_text()))
        except (ValueError, KeyError, TypeError) as exc:
            raise IndexCorrupt(
                f"the index manifest is unreadable ({exc}); run `assistant index --rebuild`"
            ) from exc
        except Exception as exc:
            if server_unreachable(exc):
                raise IndexUnavailable(
                    f"cannot reach the Chroma server at {self.settings.chroma_url}: {exc}"
                ) from exc
            raise

    def _pointer(self) -> Any:
        return self._http().get_or_create_collection(f"{self.ns}-pointer", embedding_function=Guard())

    def _write_manifest(self, manifest: Manifest) -> None:
        text = json.dumps(asdict(manifest), indent=2)
        if self.server_mode:
            self._pointer().modify(metadata={"manifest": text})
            return
        tmp = self.root / f"current.json.{os.getpid()}.tmp"
        tmp.write_text(text)
        os.replace(tmp, self.root / "current.json")

    def versions(self) -> list[str]:
        if self.server_mode:
            prefix = f"{self.ns}-v"
            return [
                c.name[len(self.ns) + 1 :]
                for c in self._http().list_collections()
                if c.name.startswith(prefix)
            ]
        if not self.root.exists():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and p.name.startswith("v"))

    def drop_stale(self, keep: str, previous: str | None = None) -> list[str]:
        """Remove versions other than `keep` that no process has open.

        An embedded folder is open while its lock is held. On a Chroma server nothing tells whether a worker
        (on this machine or another) still reads a version, so `previous`, the version `keep` replaced, is
        kept too: workers switch within ASSISTANT_RELOAD_CHECK_SECONDS, and the next build drops it."""
        dropped = []
        for version in self.versions():
            if version == keep or (self.server_mode and version == previous):
                continue
            if self.server_mode:
                self._http().delete_collection(self._name(version))
                dropped.append(version)
                continue
            lock = FileLock(str(self.root / f"{version}.lock"))
            try:
                lock.acquire(timeout=0)
            except Timeout:
                continue
            try:
                shutil.rmtree(self.root / version, ignore_errors=True)
                dropped.append(version)
            finally:
                lock.release()
                (self.root / f"{version}.lock").unlink(missing_ok=True)
        return dropped

    # ---- build --------------------------------------------------------------------------------
    def build(
        self,
        corpus: IndexedCorpus,
        embeddings: Embedder,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        validate: Callable[[Any, Manifest], None] | None = None,
        cache: Path | None = None,
    ) -> BuildReport:
        """Build (or confirm) the index for `corpus`; the served version is switched only when valid.
        ``cache``: the embedding cache to use (default: the one in the data folder)."""
        started = time.perf_counter()
        self.root.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.root / "build.lock")):
            model_id = embeddings.model_id
            current = None if rebuild else self._current_or_none()
            same = current and current.model == model_id and current.corpus_sha256 == corpus.sha256
            if current and same and current.hnsw == HNSW:  # other HNSW settings: built again with these
                return BuildReport(current, 0, 0, True, time.perf_counter() - started)
            vectors, embedded, reused = self._vectors(corpus, embeddings, progress, cache)
            version = f"v{int(time.time() * 1000)}-{corpus.sha256[:8]}"
            collection = self._collection(version, create=True)
            ids = [c.id for c in corpus.chunks]
            for i in range(0, len(ids), 1000):
                part = corpus.chunks[i : i + 1000]
                collection.add(
                    ids=[c.id for c in part],
                    embeddings=[vectors[c.id] for c in part],
                    documents=[c.text for c in part],
                    metadatas=[chunk_metadata(c, text_key(model_id, corpus.embed_texts[c.id])) for c in part],
                )
            dim = len(next(iter(vectors.values())))
            replaced = self._current_or_none()
            manifest = Manifest(
                version,
                self._name(version),
                model_id,
                dim,
                corpus.sha256,
                chroma_version(),
                len(ids),
                time.time(),
                replaced.version if replaced is not None else None,
                dict(HNSW),
            )
            self._validate(collection, manifest, corpus, vectors)
            self.release()
            if validate is not None:
                fresh = IndexStore(self.settings)
                try:
                    reopened = fresh._collection(version, create=False)  # opened fresh, as a server would
                    validate(reopened, manifest)
                finally:
                    fresh.release()
            self._write_manifest(manifest)
            self.drop_stale(keep=version, previous=manifest.previous)
            return BuildReport(manifest, embedded, reused, False, time.perf_counter() - started)

    def _current_or_none(self) -> Manifest | None:
        try:
            manifest = self.read_manifest()
        except IndexCorrupt:
            return None
        if manifest is None:
            return None
        if not self.server_mode and not (self.root / manifest.version).is_dir():
            return None
        return manifest

    def _vectors(
        self, corpus: IndexedCorpus, embeddings: Embedder, progress: Progress | None, path: Path | None = None
    ) -> tuple[dict[str, list[float]], int, int]:
        cache = EmbeddingCache(path or self.settings.data_dir / CACHE_FILE)
        try:
            model_id = embeddings.model_id
            keys = {c.id: text_key(model_id, corpus.embed_texts[c.id]) for c in corpus.chunks}
            cached = cache.get_many(set(keys.values()))
            todo = [c for c in corpus.chunks if keys[c.id] not in cached]
            total = len(todo)
            if progress:
                progress(0, total)
            for i in range(0, total, BATCH):
                part = todo[i : i + BATCH]
                fresh = embeddings.embed_documents([corpus.embed_texts[c.id] for c in part])
                new = {keys[c.id]: v for c, v in zip(part, fresh, strict=True)}
                cache.put_many(new)
                cached.update(new)
                if progress:
                    progress(min(i + BATCH, total), total)
            return {cid: cached[key] for cid, key in keys.items()}, total, len(corpus.chunks) - total
        finally:
            cache.close()

    def _validate(
        self, collection: Any, manifest: Manifest, corpus: IndexedCorpus, vectors: dict[str, list[float]]
    ) -> None:
        if collection.count() != manifest.count:
            raise IndexCorrupt(f"new index has {collection.count()} chunks, expected {manifest.count}")
        probe = corpus.chunks[0]
        found = collection.query(query_embeddings=[vectors[probe.id]], n_results=1)
        if not found["ids"] or found["ids"][0][:1] != [probe.id]:
            raise IndexCorrupt("new index failed its self-check (a chunk does not retrieve itself)")

    # ---- open ---------------------------------------------------------------------------------
    def open(self, model_id: str) -> tuple[Any, Manifest]:
        """The served collection and its manifest; clear errors when missing, corrupt or mismatched."""
        manifest = self.read_manifest()
        if manifest is None:
            raise IndexNotFound(
                f"no index under {self.root if not self.server_mode else self.settings.chroma_url}; run `assistant index`"
            )
        if manifest.model != model_id:
            raise IndexMismatch(
                f"the index was built with {manifest.model} ({manifest.dim} dimensions) but the configured model is "
                f"{model_id}; run `assistant index --rebuild`"
            )
        if not self.server_mode and not (self.root / manifest.version).is_dir():
            raise IndexCorrupt(
                f"the index folder {self.root / manifest.version} is missing; run `assistant index --rebuild`"
            )
        try:
            collection = self._collection(manifest.version, create=False)
            count = collection.count()
        except IndexBusy:
            raise
        except Exception as exc:
            self.release()
            raise IndexCorrupt(
                f"the index cannot be opened ({exc.__class__.__name__}: {exc}); run `assistant index --rebuild`"
            ) from exc
        if count != manifest.count:
            self.release()
            raise IndexCorrupt(
                f"the index holds {count} chunks, its manifest says {manifest.count}; run `assistant index --rebuild`"
            )
        return collection, manifest
