"""Route tests in-process (TestClient) over a fake service: the happy paths and the conversation logic."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from api_fakes import FakeService
from fastapi.testclient import TestClient
from sse import parse_sse

from assistant.errors import IndexNotFound

ROI = "who owns marketing ROI?"
STATIC = Path(__file__).resolve().parents[2] / "api" / "static"


def test_health_and_ready(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready" and ready.json()["chunks"] == 3


def test_not_ready_until_loaded(make_client: Callable[..., TestClient]) -> None:
    gate = threading.Event()
    service = FakeService(gate=gate)
    client = make_client(service, wait=False)
    assert client.get("/healthz").status_code == 200  # answers while loading
    for path in ("/readyz", "/v1/roles"):
        r = client.get(path)
        assert r.status_code == 503
        assert r.json()["error"]["code"] == "not_ready"
        assert r.headers["retry-after"]
    r = client.post("/v1/chat", json={"message": ROI})
    assert r.status_code == 503 and r.json()["error"]["code"] == "not_ready"
    gate.set()
    client.app.state.assistant.wait_loaded(5)  # type: ignore[attr-defined]
    assert client.get("/readyz").status_code == 200
    assert client.post("/v1/chat", json={"message": ROI}).status_code == 200
    assert service.loads == 1


def test_index_errors_are_503_with_their_code(make_client: Callable[..., TestClient]) -> None:
    client = make_client(FakeService(load_error=IndexNotFound("no index: run `assistant index`")))
    r = client.get("/readyz")
    assert r.status_code == 503
    assert r.json() == {"error": {"code": "index_not_found", "message": "no index: run `assistant index`"}}
    r = client.post("/v1/chat", json={"message": ROI})
    assert r.status_code == 503 and r.json()["error"]["code"] == "index_not_found"


def test_unexpected_load_failure_is_503_without_details(make_client: Callable[..., TestClient]) -> None:
    client = make_client(FakeService(load_error=RuntimeError("/secret/path exploded")))
    r = client.get("/readyz")
    assert r.status_code == 503 and "secret" not in r.text


def test_chat_answers_with_a_new_conversation(client: TestClient) -> None:
    r = client.post("/v1/chat", json={"message": ROI})
    assert r.status_code == 200
    body = r.json()
    assert body["answered"] is True
    assert body["roles"] == [{"id": "cro", "name": "Chief Revenue Officer", "share": "primary"}]
    assert body["citations"][0]["chunk_id"] == "a-1"
    assert len(body["conversation_id"]) == 32
    assert set(body) == {
        "answer",
        "language",
        "answered",
        "roles",
        "citations",
        "confidence",
        "kind",
        "topic",
        "conversation_id",
        "answer_id",
    }
    assert body["answer_id"].startswith(body["conversation_id"] + ".")


def test_follow_up_uses_the_stored_conversation(client: TestClient, fake_service: FakeService) -> None:
    cid = client.post("/v1/chat", json={"message": ROI}).json()["conversation_id"]
    r = client.post("/v1/chat", json={"message": "who do they report to?", "conversation_id": cid})
    assert r.json()["conversation_id"] == cid
    assert r.json()["kind"] == "reports_to" and "Chief Revenue Officer" in r.json()["answer"]
    _, history = fake_service.calls[-1]
    assert [t.question for t in history] == [ROI]
    assert history[0].answer is not None and history[0].answer.roles[0].id == "cro"
    # a fresh conversation has no context
    r = client.post("/v1/chat", json={"message": "who do they report to?"})
    assert r.json()["answered"] is False


def test_client_may_send_prior_turns(client: TestClient, fake_service: FakeService) -> None:
    first = client.post("/v1/chat", json={"message": ROI}).json()
    answer = {k: v for k, v in first.items() if k != "conversation_id"}
    r = client.post(
        "/v1/chat",
        json={"message": "who do they report to?", "history": [{"question": ROI, "answer": answer}]},
    )
    assert r.status_code == 200
    assert r.json()["kind"] == "reports_to"
    assert r.json()["conversation_id"] is None  # stateless: nothing stored
    # answer as text or null: the question alone is passed on, for the service to resolve
    for prior in ("The CRO owns it.", None):
        client.post("/v1/chat", json={"message": "and?", "history": [{"question": ROI, "answer": prior}]})
        assert fake_service.calls[-1][1][0].question == ROI
        assert fake_service.calls[-1][1][0].answer is None


def test_chat_stream_is_server_sent_events(client: TestClient) -> None:
    r = client.post("/v1/chat", json={"message": ROI, "stream": True})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(r.text)
    names = [name for name, _ in events]
    assert names[0] == "start" and names[-3:] == ["roles", "citations", "done"]
    assert set(names[1:-3]) == {"delta"} and len(names) > 5
    done = events[-1][1]
    assert "".join(data["text"] for name, data in events if name == "delta") == done["answer"]
    assert done["conversation_id"] == events[0][1]["conversation_id"]
    assert events[-3][1]["roles"][0]["id"] == "cro"
    assert events[-2][1]["citations"][0]["chunk_id"] == "a-1"


def test_repeated_history_free_questions_come_from_the_cache(
    client: TestClient, fake_service: FakeService
) -> None:
    for message in (ROI, ROI, "  who owns   marketing ROI? "):
        assert client.post("/v1/chat", json={"message": message}).json()["roles"][0]["id"] == "cro"
    assert len(fake_service.calls) == 1
    cid = client.post("/v1/chat", json={"message": ROI}).json()["conversation_id"]
    client.post("/v1/chat", json={"message": ROI, "conversation_id": cid})  # has history: not cached
    assert len(fake_service.calls) == 2
    assert "assistant_answer_cache_hits_total 3.0" in client.get("/metrics").text


def test_roles_ownership_and_passages(client: TestClient) -> None:
    roles = client.get("/v1/roles").json()
    assert [r["id"] for r in roles["roles"]] == ["cro", "ceo"]
    assert roles["hierarchy"][0]["children"][0]["id"] == "cro"
    cro = client.get("/v1/roles/cro").json()
    assert cro["acronym"] == "CRO" and cro["responsibilities"][0]["duty"] == "marketing_roi"
    assert cro["level"] == 1  # extra fields of the library pass through
    assert client.get("/v1/ownership").json()["ownership"][0]["primary"] == ["cro"]
    passage = client.get("/v1/passages/a-1").json()
    assert passage["section"].startswith("2.") and "Loppu" in passage["text"]


def test_unknown_role_and_passage_are_404(client: TestClient) -> None:
    r = client.get("/v1/roles/nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "role_not_found"
    r = client.get("/v1/passages/nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "passage_not_found"


def test_metrics_count_requests_latency_and_declined(client: TestClient) -> None:
    client.post("/v1/chat", json={"message": ROI})
    client.post("/v1/chat", json={"message": "what is the weather?"})
    client.get("/v1/roles/nope")
    text = client.get("/metrics").text
    assert 'assistant_http_requests_total{method="POST",route="/v1/chat",status="200"} 2.0' in text
    assert 'assistant_http_requests_total{method="GET",route="/v1/roles/{role_id}",status="404"} 1.0' in text
    assert 'assistant_http_request_duration_seconds_bucket{le="0.04",method="POST",route="/v1/chat"}' in text
    assert 'assistant_answers_declined_total{adapter="chat"} 1.0' in text
    assert 'assistant_answers_total{adapter="chat",outcome="answered"} 1.0' in text


def test_page_is_served_with_its_assets_and_a_strict_policy(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    modules = sorted(p.name for p in (STATIC / "js").glob("*.js"))
    assert "app.js" in modules
    for asset in ["/static/style.css", "/static/favicon.svg", *(f"/static/js/{m}" for m in modules)]:
        a = client.get(asset)
        assert a.status_code == 200, asset
        text = a.text.replace("http://www.w3.org/2000/svg", "")  # the SVG namespace is not a fetch
        assert "http://" not in text and "https://" not in text
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text, asset
        for imported in re.findall(r'from "\./([a-z]+\.js)"', text):  # every module import is served
            assert imported in modules, (asset, imported)
    assert "http" not in r.text.split("<body>")[0].replace("http-equiv", "")  # no CDN in <head>


def test_the_page_speaks_of_the_loaded_corpus(client: TestClient, fake_service: FakeService) -> None:
    """Its name, what the assistant answers, its sources and example questions come from the corpus (escaped)."""
    about = fake_service.about()
    html = client.get("/").text
    assert "{{" not in html and about.name in html and "Test article (Finnish)" in html
    chips = re.findall(r'<button type="button" class="chip">([^<]+)</button>', html)
    assert chips == about.examples
    assert "sales" not in html.lower()
    assert client.get("/v1/about").json() == about.model_dump(mode="json")


def test_the_page_is_neutral_when_the_corpus_cannot_be_read(
    make_client: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    service = FakeService()

    def broken() -> dict[str, object]:
        raise RuntimeError("no corpus")

    monkeypatch.setattr(service, "about", broken)
    html = make_client(service).get("/").text
    assert "{{" not in html and "Ask who owns what" in html and 'class="chip"' not in html


def test_the_page_waits_for_an_answer_the_server_timeout_and_a_margin(
    make_client: Callable[..., TestClient],
) -> None:
    def timeout(**settings: float) -> float:
        html = make_client(**settings).get("/").text
        return float(re.search(r'name="answer-timeout-seconds" content="([0-9.]+)"', html).group(1))  # type: ignore[union-attr]

    assert timeout() == 35  # ASSISTANT_REQUEST_TIMEOUT_SECONDS 30 + 5
    assert timeout(request_timeout_seconds=2) == 7
    assert timeout(request_timeout_seconds=0) == 120  # the server has no limit: the page still has one


def test_a_failed_load_is_retried_later(
    make_client: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    import api.deps

    monkeypatch.setattr(api.deps, "RETRY_LOAD_SECONDS", 0.0)
    service = FakeService(load_error=IndexNotFound("no index: run `assistant index`"))
    client = make_client(service)
    assert client.get("/readyz").json()["error"]["code"] == "index_not_found"
    service.load_error = None  # e.g. `assistant index` ran meanwhile
    client.get("/readyz")  # starts a new load in the background
    client.app.state.assistant.wait_loaded(5)  # type: ignore[attr-defined]
    assert client.get("/readyz").status_code == 200
    assert service.loads >= 2


# ---- issue 13: conversations belong to their caller; readiness tells what is degraded ------------------
def test_conversation_ids_are_the_servers_and_belong_to_a_key(make_client: Callable[..., TestClient]) -> None:
    client = make_client(api_keys="k1,k2")
    k1, k2 = ({"Authorization": f"Bearer {k}"} for k in ("k1", "k2"))
    cid = client.post("/v1/chat", json={"message": ROI}, headers=k1).json()["conversation_id"]
    follow = {"message": "who do they report to?", "conversation_id": cid}
    assert client.post("/v1/chat", json=follow, headers=k1).json()["kind"] == "reports_to"
    for headers, conversation in ((k2, cid), (k1, "made-up-by-the-client")):
        r = client.post("/v1/chat", json={**follow, "conversation_id": conversation}, headers=headers)
        assert r.status_code == 404 and r.json()["error"]["code"] == "conversation_not_found"
    streamed = client.post("/v1/chat", json={**follow, "stream": True}, headers=k2)
    assert streamed.status_code == 404  # refused before the stream starts
    store = client.app.state.assistant.conversations  # type: ignore[attr-defined]
    assert store.find("http:" + cid) is None  # stored under the key's owner, not the bare id
    assert len([t for t in store.history(_key_of(client, "k1", cid))]) == 2


def _key_of(client: TestClient, key: str, cid: str) -> str:
    from api.asking import conversation_key
    from api.deps import owner_of

    return conversation_key(owner_of(key), cid)


def test_readyz_names_what_is_degraded(client: TestClient, fake_service: FakeService) -> None:
    assert client.get("/readyz").json()["status"] == "ready"
    fake_service.problem = "the index v2 cannot be opened (still answering from v1)"  # type: ignore[attr-defined]
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded" and "v2" in ready.json()["problems"]["index"]


def test_a_trailing_slash_redirects_relatively(client: TestClient) -> None:
    r = client.get("/v1/roles/?a=1", headers={"Host": "evil.example"}, follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/v1/roles?a=1"
    assert client.get("/v1/roles/", follow_redirects=True).json()["roles"]
    assert client.get("/no/such/", follow_redirects=False).status_code == 404


def test_a_passage_in_its_section_with_its_english_rendering(
    client: TestClient, fake_service: FakeService
) -> None:
    passage = client.get("/v1/passages/a-1").json()
    assert passage["translation"].startswith("Start.")
    assert passage["context"] == [
        {"chunk_id": "a-1", "text": passage["text"], "translation": None, "cited": True}
    ]
    assert client.get("/v1/passages/a-1?around=0").status_code == 200
    assert fake_service.passage_calls == [("a-1", 3), ("a-1", 0)]
    for bad in ("-1", "51", "many"):
        r = client.get(f"/v1/passages/a-1?around={bad}")
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request", bad
