"""/docs and /redoc work offline: every script, style, font and image they reference is served by this app."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

# src="..." / href="..." attributes, CSS url(...) and @import, and the openapi / spec URL the page loads
_REFERENCE = re.compile(
    r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+)|@import\s+["']([^"']+)"""
)


def references(html: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in _REFERENCE.finditer(html)]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_reference_only_this_server(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    html = response.text
    refs = references(html)
    assert refs, html
    for ref in refs:
        assert ref.startswith("/") and not ref.startswith("//"), f"{page} references {ref}"
        assert client.get(ref).status_code == 200, ref
    for outside in ("http://", "https://", "fonts.googleapis", "cdn.jsdelivr", "unpkg.com"):
        assert outside not in html, f"{page} mentions {outside}"
    assert "'/openapi.json'" in html or '"/openapi.json"' in html


def test_the_docs_assets_ship_with_the_app_and_load_no_web_fonts(client: TestClient) -> None:
    html = client.get("/docs").text + client.get("/redoc").text
    scripts = [r for r in references(html) if r.endswith(".js")]
    styles = [r for r in references(html) if r.endswith(".css")]
    assert any("swagger-ui-bundle" in s for s in scripts) and any("redoc" in s for s in scripts)
    for css in styles:
        body = client.get(css).text
        for ref in references(body):
            assert ref.startswith("data:"), f"{css} loads {ref[:60]}"
        assert "@font-face" not in body
    assert '"validatorUrl": null' in client.get("/docs").text  # no validator badge from swagger.io


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_let_the_browser_load_nothing_from_elsewhere(client: TestClient, page: str) -> None:
    policy = client.get(page).headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    for name in ("script-src", "style-src", "img-src", "font-src", "connect-src"):
        sources = set(directives[name].split())
        assert sources <= {"'self'", "'unsafe-inline'", "data:"}, (name, sources)
