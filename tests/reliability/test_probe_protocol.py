"""The probe's HTTP-level findings (8 of issue 13) against a real uvicorn with the options `assistant serve`
uses, over the fake answer service (the findings are about the server, not the answers).

Before: after a 500 the server dropped the keep-alive connection without `Connection: close`, so the client's
next request on it failed; a body longer than its Content-Length got uvicorn's text/plain 400; `GET
/v1/roles/` with a forged Host header redirected to that host."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_server import UvicornServer
from harness import report
from probe import RawConnection

pytestmark = pytest.mark.slow
SCRIPT = Path(__file__).resolve().parent / "fake_server.py"
ROI = json.dumps({"message": "who owns marketing ROI?"}).encode()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UvicornServer]:
    tmp = tmp_path_factory.mktemp("protocol")
    command = [sys.executable, str(SCRIPT), "{port}", str(tmp / "data")]
    with UvicornServer({}, tmp / "server.log", command=command, ready_timeout=60) as running:
        yield running


def test_a_500_keeps_the_connection_usable(server: UvicornServer) -> None:
    conn = RawConnection(server.port)
    try:
        conn.request("POST", "/v1/chat", json.dumps({"message": "boom"}).encode())
        status, headers, body = conn.response()
        assert status == 500 and headers["content-type"] == "application/json"
        assert json.loads(body) == {"error": {"code": "internal_error", "message": "internal error"}}
        conn.request("POST", "/v1/chat", ROI)  # the same connection
        status, _, body = conn.response()
        assert status == 200 and json.loads(body)["roles"][0]["id"] == "cro"
    finally:
        conn.close()
    report("probe_500_keep_alive", {"after_500_same_connection": status})


def test_a_body_longer_than_its_content_length_gets_json(server: UvicornServer) -> None:
    conn = RawConnection(server.port)
    try:
        head = b"POST /v1/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        conn.send(
            head + b"Content-Length: %d\r\n\r\n" % len(ROI) + ROI + b"trailing garbage, not a request\r\n\r\n"
        )
        responses = []
        while not responses or responses[-1][0] != 400:  # the bytes after the body are no request
            responses.append(conn.response())
        status, headers, body = responses[-1]
        assert headers["content-type"] == "application/json" and headers["connection"] == "close"
        assert json.loads(body)["error"]["code"] == "bad_request"
        assert conn.closed_by_server()
    finally:
        conn.close()
    report("probe_content_length", {"extra_bytes": status, "content_type": headers["content-type"]})


def test_trailing_slash_redirects_are_relative(server: UvicornServer) -> None:
    conn = RawConnection(server.port)
    try:
        conn.send(b"GET /v1/roles/?x=1 HTTP/1.1\r\nHost: evil.example\r\n\r\n")
        status, headers, _ = conn.response()
        assert status == 307 and headers["location"] == "/v1/roles?x=1"
        conn.send(b"GET //evil.example/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert conn.response()[0] == 404  # never a redirect to another host
    finally:
        conn.close()
    report("probe_redirect", {"location": headers["location"]})
