"""Chroma, as the store uses it: the client settings, the server client, the embedding-function guard, and
what Chroma's and the HTTP client's exceptions mean. Chroma is imported only when one of these is called."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from index.errors import AssistantError, IndexUnavailable

__all__ = [
    "Guard",
    "chroma_settings",
    "chroma_version",
    "collection_vanished",
    "http_client",
    "server_unreachable",
]


def chroma_version() -> str:
    import chromadb

    return str(chromadb.__version__)


def chroma_settings() -> Any:
    """No telemetry, no reset."""
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def collection_vanished(exc: BaseException) -> bool:
    """True when ``exc`` is Chroma saying the collection queried no longer exists (dropped after a reindex)."""
    from chromadb.errors import NotFoundError

    return isinstance(exc, NotFoundError)


def server_unreachable(exc: BaseException) -> bool:
    """True when ``exc`` is the Chroma HTTP client failing to reach its server (refused, reset, timed out)."""
    import httpx

    return isinstance(exc, httpx.TransportError)


class Guard:
    """An embedding function that refuses: Chroma must never fall back to its downloading default."""

    def __call__(self, input: Any) -> Any:
        raise AssistantError("internal: Chroma asked to embed text itself; embeddings are always passed in")

    def name(self) -> str:
        return "role-assistant-guard"


def http_client(chroma_url: str) -> Any:
    """A client of the `chroma run` server at ``chroma_url`` (http://host:port), checked to speak this client's
    API: IndexUnavailable when it cannot be reached, AssistantError for a bad URL or another Chroma release."""
    import chromadb

    url = urlparse(chroma_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise AssistantError(f"ASSISTANT_CHROMA_URL must look like http://host:port, got {chroma_url!r}")
    try:
        client = chromadb.HttpClient(
            host=url.hostname,
            port=url.port or (443 if url.scheme == "https" else 80),
            ssl=url.scheme == "https",
            settings=chroma_settings(),
        )
        server_version = str(client.get_version())
    except Exception as exc:
        raise IndexUnavailable(f"cannot reach the Chroma server at {chroma_url}: {exc}") from exc
    if server_version.split(".")[0] != chroma_version().split(".")[0]:
        raise AssistantError(
            f"the Chroma server at {chroma_url} speaks API {server_version}, which the client "
            f"chromadb {chroma_version()} does not; run the server from the same chromadb release "
            f"(pip install 'chromadb=={chroma_version()}' && chroma run)"
        )
    return client
