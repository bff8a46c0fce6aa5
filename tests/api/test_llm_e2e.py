"""A real uvicorn process with an LLM configured (the stand-in server on loopback), over the real index:
phrased answers on /v1/chat (JSON and SSE) and the OpenAI route, the check, timeouts and errors; /v1/search."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from api_server import UvicornServer, private_index, served_env
from sse import parse_sse

from tests.llm_standin import LLMStandin

pytestmark = pytest.mark.slow

ROI = "who owns marketing ROI?"
LLM_TIMEOUT = 4.0


@pytest.fixture(scope="module")
def standin() -> Iterator[LLMStandin]:
    with LLMStandin() as server:
        yield server


@pytest.fixture(scope="module")
def server(
    real_data_dir: Path, real_service: Any, standin: LLMStandin, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[UvicornServer]:
    data = private_index(real_data_dir, tmp_path_factory)
    env = {
        **served_env(real_service, data),
        "ASSISTANT_LLM_BASE_URL": standin.base_url,
        "ASSISTANT_LLM_MODEL": "standin-model",
        "ASSISTANT_LLM_API_KEY": "sk-test-secret",
        "ASSISTANT_LLM_TIMEOUT_SECONDS": str(LLM_TIMEOUT),
    }
    with UvicornServer(env=env, log_path=data.parent / "llm-server.log") as uvicorn:
        yield uvicorn


@pytest.fixture
def llm(standin: LLMStandin) -> LLMStandin:
    standin.mode = "echo"
    standin.resume.clear()
    standin.paused.clear()
    return standin


@pytest.fixture
def http(server: UvicornServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        yield client


def test_chat_answers_in_the_llms_words_with_the_engines_roles(http: httpx.Client, llm: LLMStandin) -> None:
    before = len(llm.requests)
    body = http.post("/v1/chat", json={"message": ROI}).json()
    assert body["answer"].startswith("In short: The Chief Revenue Officer owns this")
    assert body["roles"][0]["id"] == "cro" and body["citations"] and body["kind"] == "owner"
    request = llm.wait_requests(before + 1)[-1]
    assert request["model"] == "standin-model"
    follow = http.post(
        "/v1/chat", json={"message": "who do they report to?", "conversation_id": body["conversation_id"]}
    ).json()
    assert follow["topic"] == "cro" and follow["answer"].startswith("In short: ")


@pytest.mark.parametrize("mode", ["wrong-owner", "drop-owner", "error", "slow"])
def test_a_bad_reply_leaves_the_template(http: httpx.Client, llm: LLMStandin, mode: str) -> None:
    llm.mode = mode
    started = time.monotonic()
    body = http.post("/v1/chat", json={"message": ROI}).json()
    assert body["answer"].startswith("The Chief Revenue Officer owns this")
    assert "Chief Sales Officer" not in body["answer"]
    assert body["roles"][0]["id"] == "cro"
    if mode == "slow":
        assert time.monotonic() - started < LLM_TIMEOUT + 10


def test_declined_questions_do_not_reach_the_llm(http: httpx.Client, llm: LLMStandin) -> None:
    before = len(llm.requests)
    body = http.post("/v1/chat", json={"message": "what is the capital of France?"}).json()
    assert body["answered"] is False
    assert len(llm.requests) == before


def test_summaries_come_from_one_roles_data(http: httpx.Client, llm: LLMStandin) -> None:
    body = http.post("/v1/chat", json={"message": "summarise the CRO role in three bullet points"}).json()
    assert body["answered"] and body["kind"] == "define" and [r["id"] for r in body["roles"]] == ["cro"]
    assert body["answer"].startswith("In short: ") and body["citations"]


def _events(response: httpx.Response) -> Iterator[tuple[str, Any]]:
    """Parse SSE events as they arrive."""
    block: list[str] = []
    for line in response.iter_lines():
        if line:
            block.append(line)
            continue
        if block:
            yield from parse_sse("\n".join(block) + "\n\n")
            block = []


def test_sse_passes_the_llms_text_through_as_it_comes(http: httpx.Client, llm: LLMStandin) -> None:
    llm.mode = "pause"
    seen: list[tuple[str, Any]] = []
    with http.stream("POST", "/v1/chat", json={"message": ROI, "stream": True}) as r:
        assert r.status_code == 200
        for name, data in _events(r):
            seen.append((name, data))
            if name == "delta" and not llm.resume.is_set():
                # the first words reached the client while the model is still paused mid-reply
                assert llm.paused.wait(10) and data["text"].startswith("In short:")
                llm.resume.set()
    names = [n for n, _ in seen]
    assert names[0] == "start" and names[-3:] == ["roles", "citations", "done"] and "replace" not in names
    text = "".join(d["text"] for n, d in seen if n == "delta")
    done = seen[-1][1]
    assert text.strip() == done["answer"] and done["answer"].startswith("In short: The Chief Revenue Officer")
    assert done["roles"][0]["id"] == "cro"
    follow = http.post(
        "/v1/chat", json={"message": "who do they report to?", "conversation_id": done["conversation_id"]}
    ).json()
    assert follow["topic"] == "cro"  # the streamed turn was stored


def test_sse_replaces_a_reply_that_turns_wrong(http: httpx.Client, llm: LLMStandin) -> None:
    llm.mode = "late-wrong"
    llm.resume.set()
    events = parse_sse(http.post("/v1/chat", json={"message": ROI, "stream": True}).text)
    names = [n for n, _ in events]
    deltas = "".join(d["text"] for n, d in events if n == "delta")
    assert "Chief Sales Officer" not in deltas and "CSO" not in deltas
    replaced = dict(events)["replace"]["text"]
    assert replaced.startswith("The Chief Revenue Officer owns this")
    assert names.index("replace") < names.index("done") and events[-1][1]["answer"] == replaced


def test_sse_of_a_wrong_owner_shows_only_the_template(http: httpx.Client, llm: LLMStandin) -> None:
    llm.mode = "wrong-owner"
    events = parse_sse(http.post("/v1/chat", json={"message": ROI, "stream": True}).text)
    deltas = "".join(d["text"] for n, d in events if n == "delta")
    assert deltas.startswith("The Chief Revenue Officer owns this") and "replace" not in dict(events)


def test_openai_client_gets_the_phrased_answer_and_its_sources(
    server: UvicornServer, llm: LLMStandin
) -> None:
    client = openai.OpenAI(base_url=server.base_url + "/v1", api_key="x", max_retries=0)
    resp = client.chat.completions.create(model="role-assistant", messages=[{"role": "user", "content": ROI}])
    content = resp.choices[0].message.content or ""
    assert content.startswith("In short: The Chief Revenue Officer") and "\n\nSources:\n[1] " in content
    llm.mode = "pause"
    stream = client.chat.completions.create(
        model="role-assistant",
        messages=[{"role": "user", "content": ROI}],
        stream=True,
        stream_options={"include_usage": True},
    )
    parts = []
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content and not llm.resume.is_set():
            assert llm.paused.wait(10)  # streamed while the model is paused
            llm.resume.set()
        parts.append(chunk)
    text = "".join(c.choices[0].delta.content or "" for c in parts if c.choices)
    assert text == content
    assert parts[-1].usage is not None and parts[-1].usage.completion_tokens == len(content.split())
    assert (parts[-2].model_extra or {})["answer"]["answer"].startswith("In short: ")


def test_openai_stream_that_turns_wrong_continues_with_the_template(
    server: UvicornServer, llm: LLMStandin
) -> None:
    llm.mode = "late-wrong"
    llm.resume.set()
    client = openai.OpenAI(base_url=server.base_url + "/v1", api_key="x", max_retries=0)
    chunks = list(
        client.chat.completions.create(
            model="role-assistant", messages=[{"role": "user", "content": ROI}], stream=True
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "Chief Sales Officer" not in text
    assert "\n\nThe Chief Revenue Officer owns this" in text and "Sources:" in text
    assert (chunks[-1].model_extra or {})["answer"]["answer"].startswith(
        "The Chief Revenue Officer owns this"
    )


def test_search_over_the_wire(http: httpx.Client, llm: LLMStandin) -> None:
    before = len(llm.requests)
    r = http.post("/v1/search", json={"query": "who sets the sales quotas?", "k": 2})
    assert r.status_code == 200
    passages = r.json()["passages"]
    assert len(passages) == 2 and "sales_manager" in passages[0]["roles"]
    assert len(llm.requests) == before  # search never calls the LLM
    bad = http.post("/v1/search", json={"query": "", "k": 2})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_question"


def test_the_api_key_reaches_the_llm_endpoint(
    http: httpx.Client, llm: LLMStandin, server: UvicornServer
) -> None:
    before = len(llm.requests)
    http.post("/v1/chat", json={"message": "what does a CSO do?"})
    llm.wait_requests(before + 1)
    assert llm.authorizations[-1] == "Bearer sk-test-secret"
    assert "sk-test-secret" not in server.log()  # never logged
