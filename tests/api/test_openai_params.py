"""OpenAI parameters: those the assistant cannot honour get OpenAI's 400; max_tokens and include_usage work."""

from __future__ import annotations

from typing import Any

import openai
import pytest
from fastapi.testclient import TestClient
from sse import parse_sse

ROI = "who owns marketing ROI?"
MESSAGES: list[Any] = [{"role": "user", "content": ROI}]


@pytest.fixture
def oai(client: TestClient) -> openai.OpenAI:
    return openai.OpenAI(base_url="http://testserver/v1", api_key="unused", http_client=client, max_retries=0)


TOOL = {
    "type": "function",
    "function": {"name": "lookup", "parameters": {"type": "object", "properties": {}}},
}


@pytest.mark.parametrize(
    ("params", "param", "code"),
    [
        ({"n": 2}, "n", "unsupported_value"),
        ({"n": 0}, "n", "unsupported_value"),
        ({"tools": [TOOL]}, "tools", "unsupported_parameter"),
        ({"tools": [TOOL], "tool_choice": "required"}, "tools", "unsupported_parameter"),
        ({"tool_choice": "required"}, "tool_choice", "unsupported_value"),
        ({"response_format": {"type": "json_object"}}, "response_format", "unsupported_value"),
        (
            {"response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {}}}},
            "response_format",
            "unsupported_value",
        ),
        ({"logprobs": True}, "logprobs", "unsupported_value"),
        ({"top_logprobs": 3}, "top_logprobs", "unsupported_value"),
        ({"stream_options": {"include_usage": True}}, "stream_options", "invalid_value"),
    ],
)
def test_unsupported_parameters_get_openais_400(
    oai: openai.OpenAI, params: dict[str, Any], param: str, code: str
) -> None:
    with pytest.raises(openai.BadRequestError) as raised:
        oai.chat.completions.create(model="role-assistant", messages=MESSAGES, **params)
    error = raised.value
    assert error.status_code == 400 and error.param == param and error.code == code
    assert error.type == "invalid_request_error" and param in error.message


def test_functions_are_refused_too(client: TestClient) -> None:
    r = client.post(
        "/v1/chat/completions", json={"messages": MESSAGES, "functions": [{"name": "f", "parameters": {}}]}
    )
    assert r.status_code == 400
    assert r.json() == {
        "error": {
            "code": "unsupported_parameter",
            "message": "Unsupported parameter: 'functions': this model does not call tools.",
            "type": "invalid_request_error",
            "param": "functions",
        }
    }


@pytest.mark.parametrize(
    "params",
    [
        {"n": 1},
        {"tools": []},
        {"tool_choice": "none"},
        {"tool_choice": "auto"},
        {"response_format": {"type": "text"}},
        {"logprobs": False},
        {"temperature": 0.3, "top_p": 0.9, "seed": 7, "stop": ["x"], "user": "u1"},
    ],
)
def test_what_can_be_honoured_is_accepted(oai: openai.OpenAI, params: dict[str, Any]) -> None:
    resp = oai.chat.completions.create(model="role-assistant", messages=MESSAGES, **params)
    assert resp.choices[0].finish_reason == "stop"


def test_max_tokens_cuts_the_content(oai: openai.OpenAI) -> None:
    whole = oai.chat.completions.create(model="m", messages=MESSAGES)
    for key in ("max_tokens", "max_completion_tokens"):
        resp = oai.chat.completions.create(model="m", messages=MESSAGES, **{key: 5})
        choice = resp.choices[0]
        assert choice.finish_reason == "length"
        assert choice.message.content == "The Chief Revenue Officer owns"
        assert resp.usage is not None and resp.usage.completion_tokens == 5
        assert (resp.model_extra or {})["answer"] == (whole.model_extra or {})[
            "answer"
        ]  # the object stays whole
    big = oai.chat.completions.create(model="m", messages=MESSAGES, max_tokens=10_000)
    assert (
        big.choices[0].finish_reason == "stop"
        and big.choices[0].message.content == whole.choices[0].message.content
    )


def test_max_tokens_cuts_a_stream(oai: openai.OpenAI) -> None:
    chunks = list(oai.chat.completions.create(model="m", messages=MESSAGES, stream=True, max_tokens=4))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "The Chief Revenue Officer"
    assert chunks[-1].choices[0].finish_reason == "length"
    assert (chunks[-1].model_extra or {})["answer"]["roles"][0]["id"] == "cro"


def test_include_usage_adds_the_usage_chunk(oai: openai.OpenAI) -> None:
    chunks = list(
        oai.chat.completions.create(
            model="m", messages=MESSAGES, stream=True, stream_options={"include_usage": True}
        )
    )
    last = chunks[-1]
    assert last.choices == [] and last.usage is not None
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert last.usage.completion_tokens == len(text.split()) and last.usage.prompt_tokens == len(ROI.split())
    assert last.usage.total_tokens == last.usage.prompt_tokens + last.usage.completion_tokens
    assert all(c.usage is None for c in chunks[:-1])
    assert chunks[-2].choices[0].finish_reason == "stop"


def test_without_include_usage_no_usage_chunk(client: TestClient) -> None:
    for options in (None, {"include_usage": False}):
        body: dict[str, Any] = {"messages": MESSAGES, "stream": True}
        if options is not None:
            body["stream_options"] = options
        events = parse_sse(client.post("/v1/chat/completions", json=body).text)
        assert events[-1][1] == "[DONE]"
        assert all("usage" not in data for _, data in events[:-1])
        assert events[-2][1]["choices"][0]["finish_reason"] == "stop"


@pytest.mark.parametrize(
    "params", [{"n": "two"}, {"max_tokens": 0}, {"max_tokens": -1}, {"tools": "all"}, {"stream_options": 1}]
)
def test_malformed_values_are_invalid_requests(client: TestClient, params: dict[str, Any]) -> None:
    r = client.post("/v1/chat/completions", json={"messages": MESSAGES, **params})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


def test_documented(client: TestClient) -> None:
    op = client.get("/openapi.json").json()["paths"]["/v1/chat/completions"]["post"]
    assert "400" in op["responses"]
    assert "`n` > 1" in op["description"] and "include_usage" in op["description"]
