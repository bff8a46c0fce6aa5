"""``/docs`` (Swagger UI) and ``/redoc`` that work offline.

Their scripts and styles come from this server (``/static-docs/``, the assets the fastapi-offline package
ships), as FastAPI's docs describe for self-hosting them; ReDoc without web fonts, Swagger UI without the
validator badge (an image from swagger.io). Both pages are sent with a Content-Security-Policy that lets the
browser load nothing from anywhere else: ReDoc's bundle still holds one outside address (its footer logo on
a CDN), which the browser then refuses and ReDoc leaves out.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["DOCS_ASSETS_URL", "DOCS_HEADERS", "mount_docs"]

DOCS_ASSETS_URL = "/static-docs"
ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
DOCS_HEADERS = {
    # the inline parts are FastAPI's page templates (a <script> that starts Swagger UI) and the <style>
    # elements both UIs create; everything fetched must come from this origin
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def mount_docs(app: FastAPI, *, favicon_url: str) -> None:
    """Add ``/docs``, ``/redoc`` and their assets; the app must be built with ``docs_url=None, redoc_url=None``."""
    app.mount(DOCS_ASSETS_URL, StaticFiles(directory=ASSETS), name="docs-assets")

    def openapi_url(request: Request) -> str:
        return f"{request.scope.get('root_path', '')}{app.openapi_url}"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=openapi_url(request),
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{DOCS_ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=favicon_url,
            swagger_ui_parameters={"validatorUrl": None},
        )
        page.headers.update(DOCS_HEADERS)
        return page

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        page = get_redoc_html(
            openapi_url=openapi_url(request),
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{DOCS_ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=favicon_url,
            with_google_fonts=False,
        )
        page.headers.update(DOCS_HEADERS)
        return page
