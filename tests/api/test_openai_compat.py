"""OpenAI-compatible endpoints, exercised with the official `openai` client (in-process transport)."""

from __future__ import annotations

from collections.abc import Callable

import openai
import pytest
from api_fakes import FakeService
from fastapi.testclient import TestClient
from sse import parse_sse

ROI = "who owns marketing ROI?"


@pytest.fixture
def oai(client: TestClient) -> openai.OpenAI:
    return openai.OpenAI(base_url="http://testserver/v1", api_key="unused", http_client=client, max_retries=0)


def test_models(oai: openai.OpenAI) -> None:
    assert [m.id for m in oai.models.list()] == ["role-assistant"]


def test_completion_carries_text_sources_and_the_answer_object(oai: openai.OpenAI) -> None:
    resp = oai.chat.completions.create(model="role-assistant", messages=[{"role": "user", "content": ROI}])
    message = resp.choices[0].message
    assert message.role == "assistant" and resp.choices[0].finish_reason == "stop"
    assert message.content is not None
    assert message.content.startswith("The Chief Revenue Officer owns this")
    assert "Sources:\n[1] 2. Tulosjohtaja (CRO): “Mainonta" in message.content
    extra = message.model_extra or {}
    assert extra["answer"]["roles"][0]["id"] == "cro"
    assert (resp.model_extra or {})["answer"] == extra["answer"]
    assert resp.usage is not None and resp.usage.total_tokens > 0


def test_streaming_completion(oai: openai.OpenAI) -> None:
    stream = oai.chat.completions.create(
        model="anything", messages=[{"role": "user", "content": ROI}], stream=True
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text.startswith("The Chief Revenue Officer owns this") and "Sources:" in text
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert (chunks[-1].model_extra or {})["answer"]["roles"][0]["id"] == "cro"


def test_history_comes_from_messages(oai: openai.OpenAI, fake_service: FakeService) -> None:
    first = oai.chat.completions.create(model="m", messages=[{"role": "user", "content": ROI}])
    echoed = first.choices[0].message.model_dump(exclude_none=True)  # keeps the extra `answer`
    resp = oai.chat.completions.create(
        model="m",
        messages=[
            {"role": "system", "content": "be brief"},
            {"role": "user", "content": ROI},
            echoed,  # type: ignore[list-item]
            {"role": "user", "content": "who do they report to?"},
        ],
    )
    assert "reports to the Chief Executive Officer" in (resp.choices[0].message.content or "")
    question, history = fake_service.calls[-1]
    assert question == "who do they report to?" and [t.question for t in history] == [ROI]
    # plain text assistant messages: the earlier question is passed on without an answer
    oai.chat.completions.create(
        model="m",
        messages=[
            {"role": "user", "content": ROI},
            {"role": "assistant", "content": "The CRO."},
            {"role": "user", "content": [{"type": "text", "text": "who do they report to?"}]},
        ],
    )
    question, history = fake_service.calls[-1]
    assert question == "who do they report to?" and history[0].answer is None


def test_raw_stream_ends_with_done(client: TestClient) -> None:
    r = client.post(
        "/v1/chat/completions", json={"messages": [{"role": "user", "content": ROI}], "stream": True}
    )
    events = parse_sse(r.text)
    assert events[-1] == ("message", "[DONE]")
    assert all(data["object"] == "chat.completion.chunk" for _, data in events[:-1])


def test_client_errors_are_raised_as_openai_errors(make_client: Callable[..., TestClient]) -> None:
    client = make_client(FakeService(), api_keys="secret")
    bad = openai.OpenAI(base_url="http://testserver/v1", api_key="wrong", http_client=client, max_retries=0)
    with pytest.raises(openai.AuthenticationError) as info:
        bad.models.list()
    assert info.value.status_code == 401
    good = openai.OpenAI(base_url="http://testserver/v1", api_key="secret", http_client=client, max_retries=0)
    with pytest.raises(openai.UnprocessableEntityError):
        good.chat.completions.create(model="m", messages=[{"role": "user", "content": "x" * 2001}])


def test_sources_heading_follows_the_answer_language() -> None:
    from api_fakes import roi_answer

    from api.routes.openai import render_content

    answer = roi_answer()
    assert "\n\nSources:\n[1] " in render_content(answer)
    answer.language = "fi"
    assert "\n\nLähteet:\n[1] " in render_content(answer)
    answer.citations = []
    assert render_content(answer) == answer.answer


def test_sources_carry_the_english_rendering_under_the_quote() -> None:
    from dataclasses import replace

    from api_fakes import CITATION, roi_answer

    from api.routes.openai import render_sources

    answer = roi_answer()
    answer.citations = [replace(CITATION, translation="Optimising the effectiveness of marketing spend.")]
    lines = render_sources(answer).splitlines()
    assert lines[-2].startswith("[1] 2. Tulosjohtaja (CRO): “Mainonta")
    assert lines[-1] == "    English translation: “Optimising the effectiveness of marketing spend.”"
