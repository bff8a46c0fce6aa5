"""The FastAPI application factory: ``create_app(settings, service)``.

Importable by any ASGI server: ``uvicorn --factory api.app:create_app`` (settings from ``ASSISTANT_*``).
Nothing heavy happens at import or in the factory: the model and index load in a background thread when the
app starts (lifespan), so ``/healthz`` answers at once and ``/readyz`` says 503 until they are loaded.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

import assistant
from api.asking import AnswerCache, Asker, Service
from api.deps import AppState, require_api_key
from api.docs_pages import mount_docs
from api.errors import install_error_handlers
from api.limits import ConcurrencyLimitMiddleware, InFlight, RateLimitMiddleware
from api.metrics import Metrics
from api.middleware import BodyLimitMiddleware, MetricsMiddleware, UnexpectedErrorMiddleware
from api.page import corpus_about, fill_page
from api.routes import chat, health, openai, roles, search
from api.routes.feedback import feedback_router
from assistant.config import Settings, get_settings
from assistant.conversations import ConversationStore
from assistant.feedback import FeedbackStore

__all__ = ["create_app"]

STATIC_DIR = Path(__file__).resolve().parent / "static"
ANSWER_CACHE_ENTRIES = 1024
PAGE_TIMEOUT_MARGIN_SECONDS = 5.0
NO_LIMIT_PAGE_TIMEOUT = 120.0
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_TAGS = [
    {"name": "chat", "description": "Ask questions; follow-ups within a conversation."},
    {"name": "openai", "description": "OpenAI-compatible endpoints for the official clients."},
    {"name": "roles", "description": "Role definitions, hierarchy, who owns what, cited passages."},
    {"name": "search", "description": "The article passages that best match a query (for retrieval)."},
    {"name": "feedback", "description": "👍/👎 and comments on answers, from every adapter."},
    {"name": "health", "description": "Liveness, readiness and Prometheus metrics (never need a key)."},
]


def create_app(settings: Settings | None = None, service: Service | None = None) -> FastAPI:
    """Build the app. ``service`` defaults to an ``AnswerService(settings)``, loaded when the app starts."""
    settings = settings if settings is not None else get_settings()
    if service is None:
        from assistant.service import AnswerService

        service = AnswerService(settings)
    conversations = ConversationStore.for_settings(settings)
    feedback = FeedbackStore.for_settings(settings)
    metrics = Metrics()
    in_flight = InFlight()
    state = AppState(
        settings=settings,
        service=service,
        conversations=conversations,
        metrics=metrics,
        asker=Asker(
            service,
            conversations,
            metrics,
            AnswerCache(ANSWER_CACHE_ENTRIES),
            timeout=settings.request_timeout_seconds,
            in_flight=in_flight,
        ),
        stores={"conversations": conversations, "feedback": feedback},
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.start_loading()
        # take no requests until ready (e.g. a worker restarted while the others answer)
        if settings.startup_wait_seconds > 0:
            await anyio.to_thread.run_sync(state.wait_loaded, settings.startup_wait_seconds)
        yield

    app = FastAPI(
        docs_url=None,  # served by mount_docs: offline, with their assets from this server
        redoc_url=None,
        title="Role Assistant",
        version=assistant.__version__,
        description=(
            "Answers questions about an organisation's roles (who owns what, what a role does, how roles "
            "differ, who reports to whom) from its source documents, with the roles and the quoted passages; "
            "`GET /v1/about` says which corpus is loaded. When `ASSISTANT_API_KEYS` is set, "
            "every `/v1` route needs `Authorization: Bearer <key>`. "
            'Errors are always `{"error": {"code", "message"}}`. `/v1` routes are limited per key (or '
            "client address): 429 with `Retry-After` over the rate limit, 503 `overloaded` when too many "
            "requests are in flight, 504 when an answer takes too long."
        ),
        openapi_tags=_TAGS,
        lifespan=lifespan,
        redirect_slashes=False,  # api.errors.slash_redirect: relative Location, never from the Host header
    )
    app.state.assistant = state
    install_error_handlers(app)

    v1 = [Depends(require_api_key)]
    for router in (chat.router, openai.router, roles.router, search.router):
        app.include_router(router, dependencies=v1)
    app.include_router(feedback_router(feedback, conversations, v1))
    app.include_router(health.router)
    _mount_optional_routers(app, settings, service, conversations)
    _mount_page(app, settings, service)
    mount_docs(app, favicon_url="/static/favicon.svg")

    # outermost last: unexpected errors -> metrics -> CORS -> rate limit -> body limit -> concurrency -> routes
    if settings.max_concurrent_requests > 0:
        app.add_middleware(
            ConcurrencyLimitMiddleware, max_in_flight=settings.max_concurrent_requests, in_flight=in_flight
        )
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    if settings.rate_limit_per_minute > 0:
        app.add_middleware(
            RateLimitMiddleware, per_minute=settings.rate_limit_per_minute, api_keys=settings.api_key_list
        )
    if settings.cors_origin_list:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origin_list,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(UnexpectedErrorMiddleware)
    return app


def _mount_optional_routers(
    app: FastAPI,
    settings: Settings,
    service: Service,
    conversations: ConversationStore,
) -> None:
    """Adapters that add their own routes (Slack: events) are mounted here, and only here.

    ``conversations`` is the store the HTTP API and the adapters share.
    """
    from api.slack import include_slack

    include_slack(app, settings, service, conversations=conversations)


def page_timeout_seconds(settings: Settings) -> float:
    """How long the web page waits without any progress before it gives up on an answer: the server's own
    answer timeout and a margin (a hung server or proxy), or NO_LIMIT_PAGE_TIMEOUT when the server has none."""
    seconds = settings.request_timeout_seconds
    return seconds + PAGE_TIMEOUT_MARGIN_SECONDS if seconds > 0 else NO_LIMIT_PAGE_TIMEOUT


def _mount_page(app: FastAPI, settings: Settings, service: Service) -> None:
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    html = html.replace("{{ANSWER_TIMEOUT_SECONDS}}", f"{page_timeout_seconds(settings):g}")
    filled: list[str] = []  # the page with the corpus's texts, made on the first request that can read them

    @app.get("/", include_in_schema=False)
    def page() -> HTMLResponse:
        if not filled:
            about = corpus_about(service)
            if about is not None:
                filled.append(fill_page(html, about))
        text = filled[0] if filled else fill_page(html, None)
        return HTMLResponse(text, headers={**PAGE_HEADERS, "Cache-Control": "no-cache"})
