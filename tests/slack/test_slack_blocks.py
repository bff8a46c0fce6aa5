"""Block Kit rendering and mrkdwn safety."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from api.slack.blocks import (
    ACTION_DOWN,
    ACTION_SHARE,
    ACTION_UP,
    escape,
    fallback_text,
    question_from_slack,
    render_answer,
    render_help,
    render_notice,
)
from assistant.reference_models import About, HierarchyNode
from assistant.types import Answer, Citation, RoleRef

EVIL = "<!channel> <@U0VICTIM> <https://evil.example|click me> <!subteam^S1|@admins> & @here"


def _texts(blocks: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text"):
                out.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return out


def _mrkdwn_objects(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return found


def _answer(text: str = "The CRO owns marketing ROI.", quote: str = "CRO vastaa ROI:sta.") -> Answer:
    return Answer(
        answer=text,
        language="en",
        answered=True,
        roles=[RoleRef("cro", "Chief Revenue Officer (CRO)"), RoleRef("cmo", "CMO", "shared")],
        citations=[Citation("c1", "CRO", quote), Citation("c2", "Markkinointi", "CMO tukee.")],
        confidence=0.9,
        kind="owner",
        topic="marketing ROI",
    )


def test_escape_control_characters_and_broadcasts() -> None:
    assert escape("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert "<" not in escape("<!channel>") and ">" not in escape("<!channel>")
    assert escape("ping @channel @here @everyone") == "ping @\u2060channel @\u2060here @\u2060everyone"
    assert escape("mail me@example.com") == "mail me@example.com"


def test_answer_layout() -> None:
    blocks = render_answer(_answer(), "ref123", share=True)
    assert blocks[0]["type"] == "section"
    assert blocks[0]["text"]["text"] == "The CRO owns marketing ROI."
    badges = blocks[1]
    assert badges["type"] == "context"
    assert "Chief Revenue Officer (CRO)" in badges["elements"][0]["text"]
    assert "(shared)" in badges["elements"][1]["text"]
    citations = [b for b in blocks[2:] if b["type"] == "context"]
    assert len(citations) == 2
    assert "CRO vastaa ROI:sta." in citations[0]["elements"][0]["text"]
    assert "*CRO*" in citations[0]["elements"][0]["text"]
    actions = blocks[-1]
    assert actions["type"] == "actions"
    assert [e["action_id"] for e in actions["elements"]] == [ACTION_UP, ACTION_DOWN, ACTION_SHARE]
    assert {e["value"] for e in actions["elements"]} == {"ref123"}


def test_no_buttons_without_ref_and_no_share_by_default() -> None:
    assert all(b["type"] != "actions" for b in render_answer(_answer()))
    actions = render_answer(_answer(), "r")[-1]
    assert [e["action_id"] for e in actions["elements"]] == [ACTION_UP, ACTION_DOWN]


def test_renders_from_the_answer_dict_too() -> None:
    assert render_answer(_answer().to_dict(), "r") == render_answer(_answer(), "r")


def test_injection_through_answer_and_quote_is_escaped() -> None:
    blocks = render_answer(_answer(text=f"You asked: {EVIL}", quote=f"Lainaus {EVIL}"), "r", share=True)
    dumped = json.dumps(blocks)
    for needle in ("<!channel>", "<@U0VICTIM>", "<https://evil.example|click me>", "<!subteam", "@here"):
        assert needle not in dumped
    for text in _texts(blocks):
        assert "<" not in text and ">" not in text
    assert "&lt;!channel&gt;" in blocks[0]["text"]["text"]
    assert "&lt;https://evil.example|click me&gt;" in json.dumps(blocks[2])
    assert all(obj.get("verbatim") is True for obj in _mrkdwn_objects(blocks))
    assert "<" not in fallback_text(_answer(text=EVIL))


def test_shared_by_only_accepts_real_user_ids() -> None:
    blocks = render_answer(_answer(), "r", shared_by="U0ASKER", question=f"who? {EVIL}")
    line = blocks[-2]["elements"][0]["text"]
    assert line.startswith("Shared by <@U0ASKER>")
    assert "<!channel>" not in line and "&lt;!channel&gt;" in line
    spoofed = render_answer(_answer(), "r", shared_by="U1> <!channel")
    assert "<!channel" not in json.dumps(spoofed)


def test_limits_are_respected() -> None:
    many = Answer(
        answer="&" * 5000,
        language="fi",
        answered=True,
        roles=[RoleRef(f"r{i}", f"Role {i}") for i in range(30)],
        citations=[Citation(f"c{i}", "S" * 500, "<" * 2000) for i in range(30)],
    )
    blocks = render_answer(many, "r", share=True)
    assert len(blocks) <= 50
    assert len(blocks[1]["elements"]) <= 10
    for text in _texts(blocks):
        assert len(text) <= 3000
        assert not re.search(r"&(?!amp;|lt;|gt;)", text)  # no entity cut in half
    assert blocks[0]["text"]["text"].endswith("…")


def test_question_from_slack_markup() -> None:
    assert question_from_slack("<@UBOT> who owns marketing ROI?", "UBOT") == "who owns marketing ROI?"
    assert question_from_slack("<@UBOT>   ", "UBOT") == ""
    text = "<@UBOT> does <@U2|anna> in <#C1|sales> see <https://x.example|this> &amp; <!here> &lt;3"
    assert question_from_slack(text, "UBOT") == "does @anna in #sales see this & @here <3"
    assert question_from_slack("<https://x.example>") == "https://x.example"
    assert question_from_slack("<!subteam^S1|@admins> hi") == "@admins hi"


def test_notice_and_help_escape() -> None:
    assert render_notice("bad <!channel>")[0]["text"]["text"] == "bad &lt;!channel&gt;"
    cro = {"id": "cro", "name": "CRO", "also_reports_to": ["board"]}
    board = {
        "id": "board",
        "name": "Board",
        "children": [{"id": "ceo", "name": "CEO <!here>", "children": [cro]}],
    }
    about = {
        "name": "Ops <!channel> roles",
        "languages": ["en"],
        "sources": [],
        "roles": [],
        "summary": {"en": "I answer questions about the ops roles."},
        "examples": ["who owns the <!here> runbook?"],
    }
    help_blocks = render_help([HierarchyNode.model_validate(board)], About.model_validate(about))
    dumped = json.dumps(help_blocks)
    assert "CEO &lt;!here&gt;" in dumped and "<!here>" not in dumped and "<!channel>" not in dumped
    assert "CRO (also reports to Board)" in dumped and "/roles who owns the &lt;!here&gt; runbook?" in dumped
    assert "Ops &lt;!channel&gt; roles" in dumped and "the ops roles" in dumped
    assert "no roles loaded" in json.dumps(render_help([]))


def test_the_help_names_nothing_the_corpus_does_not() -> None:
    """Without a corpus the help is neutral: no domain, roles or questions of any particular corpus."""
    dumped = json.dumps(render_help([])).lower()
    assert "sales" not in dumped and "article" not in dumped and "finnish" not in dumped


@settings(max_examples=200, deadline=None)
@given(text=st.text(), quote=st.text(), section=st.text(), name=st.text())
def test_no_raw_markup_survives(text: str, quote: str, section: str, name: str) -> None:
    answer = Answer(text, "en", True, [RoleRef("x", name)], [Citation("c", section, quote)])
    for piece in _texts(render_answer(answer, "ref", share=True)):
        assert "<" not in piece and ">" not in piece
        assert not re.search(r"@(channel|here|everyone)\b", piece, re.IGNORECASE)


def test_an_english_answer_shows_each_quotes_english_rendering_beside_it() -> None:
    quote = "Mainonta- ja markkinointisijoitukset: Mainonta- ja markkinointikulujen tehokkuuden optimointi."
    english = "Advertising and marketing investments: Optimising <the> effectiveness & @here " + "x" * 400
    cited = Citation("a-1", "2. Tulosjohtaja (CRO)", quote, translation=english)
    roles = [RoleRef("cro", "Chief Revenue Officer")]
    en = Answer("The Chief Revenue Officer owns this.", "en", True, roles, [cited], 0.9, "owner", "roi")
    line = next(t for t in _texts(render_answer(en)) if t.startswith("📄"))
    assert line.splitlines()[1] == f"“{quote}”"
    rendering = line.splitlines()[2]
    assert rendering.startswith(
        "_English translation:_ “Advertising and marketing investments: Optimising &lt;the&gt;"
    )
    assert "&amp; @\u2060here" in rendering and rendering.endswith("…”") and len(rendering) < 360
    fi = Answer("Tulosjohtaja vastaa tästä.", "fi", True, roles, [Citation("a-1", "2.", quote)], 0.9, "owner")
    assert not any("translation" in t for t in _texts(render_answer(fi)))
    # an answer stored before translations existed (no key) renders as before
    stored = en.to_dict()
    del stored["citations"][0]["translation"]
    assert not any("English translation" in t for t in _texts(render_answer(stored)))
