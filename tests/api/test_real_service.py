"""The routes in-process over the real AnswerService and a real index."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import openai
import pytest
from fastapi.testclient import TestClient
from sse import parse_sse


@pytest.fixture
def real_client(make_client: Callable[..., TestClient], real_service: Any) -> TestClient:
    return make_client(real_service)


def test_marketing_roi_is_the_cro_with_citations(real_client: TestClient) -> None:
    body = real_client.post("/v1/chat", json={"message": "who owns marketing ROI?"}).json()
    assert body["answered"] is True
    assert body["roles"][0]["id"] == "cro"
    assert body["citations"]
    for citation in body["citations"]:
        passage = real_client.get(f"/v1/passages/{citation['chunk_id']}").json()
        assert citation["quote"] in passage["text"]


def test_follow_up_within_a_conversation(real_client: TestClient) -> None:
    first = real_client.post("/v1/chat", json={"message": "who owns marketing ROI?"}).json()
    follow = real_client.post(
        "/v1/chat", json={"message": "who do they report to?", "conversation_id": first["conversation_id"]}
    ).json()
    assert follow["answered"] is True and follow["kind"] == "reports_to"
    assert follow["topic"] == "cro"
    # the same follow-up with client-kept history, as text only
    stateless = real_client.post(
        "/v1/chat",
        json={"message": "who do they report to?", "history": [{"question": "who owns marketing ROI?"}]},
    ).json()
    assert stateless["topic"] == "cro" and stateless["conversation_id"] is None


def test_stream_matches_the_plain_answer(real_client: TestClient) -> None:
    plain = real_client.post("/v1/chat", json={"message": "what does a CSO do?"}).json()
    events = parse_sse(
        real_client.post("/v1/chat", json={"message": "what does a CSO do?", "stream": True}).text
    )
    done = events[-1][1]
    ids = {"conversation_id", "answer_id"}
    assert {k: v for k, v in done.items() if k not in ids} == {k: v for k, v in plain.items() if k not in ids}


def test_reference_data_is_consistent(real_client: TestClient) -> None:
    roles = real_client.get("/v1/roles").json()
    ids = {r["id"] for r in roles["roles"]}
    assert {"cro", "cso"} <= ids
    for role_id in ids:
        assert real_client.get(f"/v1/roles/{role_id}").json()["id"] == role_id
    ownership = real_client.get("/v1/ownership").json()["ownership"]
    assert any(row["duty"] == "marketing_roi" and row["primary"] == ["cro"] for row in ownership)
    cited = {c["chunk_id"] for row in ownership for c in row["citations"]}
    for chunk_id in cited:
        assert real_client.get(f"/v1/passages/{chunk_id}").status_code == 200


def test_openai_client_against_the_real_service(real_client: TestClient) -> None:
    oai = openai.OpenAI(base_url="http://testserver/v1", api_key="x", http_client=real_client, max_retries=0)
    resp = oai.chat.completions.create(
        model="role-assistant", messages=[{"role": "user", "content": "who owns marketing ROI?"}]
    )
    assert "Chief Revenue Officer" in (resp.choices[0].message.content or "")
    assert (resp.model_extra or {})["answer"]["roles"][0]["id"] == "cro"


def test_english_citations_carry_their_english_rendering_finnish_ones_do_not(real_client: TestClient) -> None:
    en = real_client.post("/v1/chat", json={"message": "who owns marketing ROI?"}).json()
    assert en["citations"][0]["translation"].startswith("Advertising and marketing investments: Optimising")
    fi = real_client.post("/v1/chat", json={"message": "kuka vastaa markkinoinnin ROI:sta?"}).json()
    assert fi["language"] == "fi" and fi["citations"]
    assert all("translation" in c and c["translation"] is None for c in fi["citations"])
    events = parse_sse(
        real_client.post("/v1/chat", json={"message": "what does a CSO do?", "stream": True}).text
    )
    cited = next(data for name, data in events if name == "citations")["citations"]
    assert cited and all(c["translation"] for c in cited)
    completion = real_client.post(
        "/v1/chat/completions",
        json={"model": "m", "messages": [{"role": "user", "content": "who owns marketing ROI?"}]},
    ).json()
    assert (
        "\n    English translation: “Advertising and marketing investments:"
        in completion["choices"][0]["message"]["content"]
    )
    cro = real_client.get("/v1/roles/cro").json()  # the roles pages' citations too
    assert all(c["translation"] for r in cro["responsibilities"] for c in r["citations"])


def test_the_passage_view_shows_the_section_around_the_passage(real_client: TestClient) -> None:
    roi = "a-1120bb4edc50"  # 2. Tulosjohtaja (CRO) > CRO:n keskeiset vastuut: the third of its five passages
    view = real_client.get(f"/v1/passages/{roi}").json()
    assert view["text"].startswith("Mainonta- ja markkinointisijoitukset:")
    assert view["translation"].startswith("Advertising and marketing investments:")
    assert [c["cited"] for c in view["context"]] == [False, False, True, False, False]
    assert view["context"][0] == {
        "chunk_id": "a-83c3acb96c48", "text": "CRO keskittyy:", "translation": "The CRO focuses on:", "cited": False
    }  # fmt: skip
    assert all(c["translation"] for c in view["context"])
    narrow = real_client.get(f"/v1/passages/{roi}?around=1").json()["context"]
    assert [c["chunk_id"] for c in narrow] == [c["chunk_id"] for c in view["context"][1:4]]
    alone = real_client.get(f"/v1/passages/{roi}?around=0").json()["context"]
    assert [(c["chunk_id"], c["cited"]) for c in alone] == [(roi, True)]
