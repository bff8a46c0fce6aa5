"""Per-app state and the FastAPI dependencies that hand it to routes (no module globals)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.asking import Asker, Conversations, Service
from api.errors import ApiError, ServiceNotReady
from api.metrics import Metrics
from assistant.config import Settings
from assistant.errors import AssistantError

__all__ = [
    "AppState",
    "Caller",
    "ReadyService",
    "caller",
    "get_asker",
    "get_state",
    "owner_of",
    "ready_service",
    "require_api_key",
]

log = logging.getLogger("assistant.api")
RETRY_LOAD_SECONDS = 10.0  # after a failed load, a request retries it at most this often


@dataclass
class AppState:
    settings: Settings
    service: Service
    conversations: Conversations
    metrics: Metrics
    asker: Asker
    load_error: BaseException | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    stores: dict[str, Any] = field(default_factory=dict)  # name -> a store with ``health.problem``
    _loader: threading.Thread | None = None

    _failed_at: float = 0.0

    def start_loading(self) -> None:
        """Load the model and index in a thread, so /healthz answers (and /readyz says 503) meanwhile."""
        if self._loader is not None and (self._loader.is_alive() or self.load_error is None):
            return
        self._loader = threading.Thread(target=self._load, name="assistant-load", daemon=True)
        self._loader.start()

    def wait_loaded(self, timeout: float | None = None) -> bool:
        if self._loader is not None:
            self._loader.join(timeout)
        return self.service.ready

    def _load(self) -> None:
        try:
            self.service.load()
            self.stats = dict(self.service.stats())
            self.load_error = None
            log.info("ready: %s", self.stats)
        except Exception as exc:  # kept for /readyz and the 503s; the service stays not ready
            self.load_error = exc
            self._failed_at = time.monotonic()
            log.error("loading the model and index failed: %s", exc)

    def check_ready(self) -> None:
        if self.service.ready:
            return
        error = self.load_error
        if error is not None:
            if time.monotonic() - self._failed_at > RETRY_LOAD_SECONDS:
                self.start_loading()  # e.g. the index was built since: try again, in the background
            if isinstance(error, AssistantError):
                raise type(error)(str(error))
            raise ServiceNotReady("loading the model and index failed; see the server log")
        raise ServiceNotReady("the model and index are still loading; retry shortly")

    def check_databases(self) -> None:
        """Raise ``StorageUnavailable`` (503) when a shared database the stores use (PostgreSQL) does not
        answer: a replica that cannot keep conversations is not ready. Local SQLite files are reported by
        ``problems`` instead (a full disk degrades, answers are still given)."""
        answered: set[int] = set()
        for store in self.stores.values():
            database = getattr(store, "database", None)
            if database is None or getattr(database, "dialect", "sqlite") == "sqlite":
                continue
            if id(database) not in answered:
                database.ping()  # raises while it is away
                answered.add(id(database))
            store.health.reached()  # the faults that were only its being away are over

    def problems(self) -> dict[str, str]:
        """What works only in part, for /readyz: the index (a newer version that cannot be opened, while the
        loaded one still answers) and each store (the last storage fault, until it works again)."""
        found: dict[str, str] = {}
        index_problem = getattr(self.service, "problem", None)
        if index_problem:
            found["index"] = str(index_problem)
        for name, store in self.stores.items():
            problem = getattr(getattr(store, "health", None), "problem", None)
            if problem:
                found[name] = str(problem)
        return found


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.assistant
    return state


StateDep = Annotated[AppState, Depends(get_state)]
_bearer = HTTPBearer(auto_error=False, description="Needed only when ASSISTANT_API_KEYS is set.")


def require_api_key(
    state: StateDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    keys = state.settings.api_key_list
    if not keys:
        return
    given = credentials.credentials.encode() if credentials is not None else b""
    if not any(hmac.compare_digest(given, key.encode()) for key in keys):
        raise ApiError(
            401,
            "unauthorized",
            "a valid API key is required: send `Authorization: Bearer <key>`",
            {"WWW-Authenticate": "Bearer"},
        )


def caller(
    state: StateDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> str:
    """Whose request this is: a hash of its API key ("" when the API is open). Conversations are kept per
    caller. The key itself was checked by ``require_api_key``."""
    if not state.settings.api_key_list or credentials is None:
        return ""
    return owner_of(credentials.credentials)


def owner_of(api_key: str) -> str:
    """The owner a key's conversations are stored under: a hash, never the key itself."""
    return "k" + hashlib.sha256(api_key.encode()).hexdigest()[:16]


Caller = Annotated[str, Depends(caller)]


def ready_service(state: StateDep) -> Service:
    state.check_ready()
    return state.service


def get_asker(state: StateDep) -> Asker:
    state.check_ready()
    return state.asker


ReadyService = Annotated[Service, Depends(ready_service)]
ReadyAsker = Annotated[Asker, Depends(get_asker)]
