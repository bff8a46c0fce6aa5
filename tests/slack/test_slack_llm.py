"""Slack with an LLM phrasing the answers: one message, posted at once and updated as the text comes.

The listeners run with slack_sdk's WebClient against the Web API stand-in (a real HTTP server); the phrasing is
the library's real PhraseStream over the real role data, fed by a scripted reply. The end-to-end test at the
bottom runs uvicorn with Slack on and the stand-in LLM server."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from slack_fakes import BOT_TOKEN, FakeConversations, FakeService, event_body, mention
from slack_sdk import WebClient
from slack_server import SlackServer
from slack_standin import BOT_USER_ID, TEAM_ID, SlackStandin

from api.slack.app import build_deps
from api.slack.listeners import SlackDeps, on_direct_message, on_mention
from assistant.config import Settings
from assistant.corpus import load_corpus
from assistant.phrasing import PhraseStream
from assistant.types import Answer, Turn
from tests.llm_standin import LLMStandin

ROI = "who owns marketing ROI?"
CORPUS = Path(__file__).resolve().parents[2] / "corpus"
FIRST = "Marketing ROI is the Chief Revenue Officer's job. "
REST = "The CRO makes sure advertising and marketing spend pays off."


@pytest.fixture(scope="module")
def book() -> Any:
    return load_corpus(CORPUS).book


class PhrasingService(FakeService):
    """The fake answers, phrased by a real PhraseStream over a scripted reply."""

    def __init__(self, book: Any, reply: Callable[[], Iterable[str]]) -> None:
        super().__init__()
        self.book = book
        self.reply = reply

    def phrase_stream(self, question: str, answer: Answer) -> PhraseStream | None:
        return PhraseStream(answer, self.reply, self.book, timeout=30) if answer.answered else None

    def phrase(self, question: str, answer: Answer) -> Answer:
        stream = self.phrase_stream(question, answer)
        if stream is None:
            return answer
        for _ in stream:
            pass
        return stream.answer


def make_deps(slack_settings: Settings, service: FakeService) -> SlackDeps:
    return build_deps(slack_settings, service, FakeConversations())


def web(standin: SlackStandin) -> WebClient:
    return WebClient(base_url=standin.api_url, token=BOT_TOKEN)


def say_in(client: WebClient, channel: str) -> Callable[..., Any]:
    def say(**kwargs: Any) -> Any:
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        return client.chat_postMessage(channel=channel, **kwargs)

    return say


def texts(blocks: Sequence[dict[str, Any]]) -> str:
    return " ".join(str(b.get("text", {}).get("text", "")) for b in blocks if b.get("type") == "section")


def test_a_mention_is_one_message_updated_as_the_text_comes(
    slack_settings: Settings, standin: SlackStandin, book: Any
) -> None:
    def reply() -> Iterator[str]:
        yield from re.findall(r"\S+\s*", FIRST)  # word pieces, as a model sends them
        standin.wait_for("chat.update")  # the first words are in Slack before the model goes on
        yield REST

    deps = make_deps(slack_settings, PhrasingService(book, reply))
    client = web(standin)
    on_mention(
        deps, mention(ROI, channel="C0LLM", ts="5.0"), TEAM_ID, BOT_USER_ID, say_in(client, "C0LLM"), client
    )
    [post] = standin.calls_to("chat.postMessage")
    assert post.params["thread_ts"] == "5.0" and post.params["text"] == "…"
    updates = standin.calls_to("chat.update")
    assert len(updates) >= 2 and all(u.params["ts"] == updates[0].params["ts"] for u in updates)
    partial = texts(updates[0].params["blocks"])
    assert partial.startswith("Marketing ROI is") and partial.endswith("…") and "pays off" not in partial
    final = updates[-1].params["blocks"]
    assert texts(final) == FIRST + REST
    assert any(b["type"] == "actions" for b in final)  # 👍/👎 on the finished answer
    turns = deps.conversations.history(f"slack:{TEAM_ID}:C0LLM:5.0")  # type: ignore[attr-defined]
    assert [t.answer.answer for t in turns if t.answer] == [FIRST + REST]


def test_a_reply_that_turns_wrong_ends_as_the_template(
    slack_settings: Settings, standin: SlackStandin, book: Any
) -> None:
    deps = make_deps(
        slack_settings, PhrasingService(book, lambda: [FIRST, "But the CSO ", "owns it ", "really."])
    )
    client = web(standin)
    on_direct_message(
        deps, {"type": "message", "channel_type": "im", "user": "U1", "text": ROI, "ts": "6.0",
               "channel": "D0LLM"}, TEAM_ID, BOT_USER_ID, say_in(client, "D0LLM"), client,
    )  # fmt: skip
    updates = standin.calls_to("chat.update")
    assert all("CSO" not in texts(u.params["blocks"]) for u in updates)
    assert texts(updates[-1].params["blocks"]).startswith(
        "The Chief Revenue Officer (CRO) owns marketing ROI"
    )


def test_without_a_client_the_phrased_answer_is_said_once(
    slack_settings: Settings, standin: SlackStandin, book: Any
) -> None:
    from slack_fakes import Recorder

    deps = make_deps(slack_settings, PhrasingService(book, lambda: [FIRST, REST]))
    say = Recorder()
    on_mention(deps, mention(ROI, ts="7.0"), TEAM_ID, BOT_USER_ID, say)
    [(_, kwargs)] = say.calls
    assert texts(kwargs["blocks"]) == FIRST + REST


def test_declined_and_invalid_questions_are_never_phrased(
    slack_settings: Settings, standin: SlackStandin, book: Any
) -> None:
    asked: list[str] = []

    def reply() -> list[str]:
        asked.append("x")
        return [FIRST]

    deps = make_deps(slack_settings, PhrasingService(book, reply))
    client = web(standin)
    say = say_in(client, "C0DECLINE")
    on_mention(
        deps,
        mention("what is the capital of France?", channel="C0DECLINE"),
        TEAM_ID,
        BOT_USER_ID,
        say,
        client,
    )
    on_mention(deps, mention("x" * 3000, channel="C0DECLINE", ts="8.0"), TEAM_ID, BOT_USER_ID, say, client)
    assert asked == [] and standin.calls_to("chat.update") == []
    assert len(standin.calls_to("chat.postMessage")) == 2


def test_history_is_kept_for_the_follow_up(
    slack_settings: Settings, standin: SlackStandin, book: Any
) -> None:
    service = PhrasingService(book, lambda: [FIRST, REST])
    deps = make_deps(slack_settings, service)
    client = web(standin)
    say = say_in(client, "C0FOLLOW")
    on_mention(deps, mention(ROI, channel="C0FOLLOW", ts="9.0"), TEAM_ID, BOT_USER_ID, say, client)
    follow = mention("who do they report to?", channel="C0FOLLOW", ts="9.1", thread_ts="9.0")
    on_mention(deps, follow, TEAM_ID, BOT_USER_ID, say, client)
    question, history = service.asked[-1]
    assert question == "who do they report to?" and isinstance(history[0], Turn)
    assert history[0].answer is not None and history[0].answer.roles[0].id == "cro"


@pytest.mark.slow
def test_end_to_end_uvicorn_slack_and_the_llm_server(
    indexed_data_dir: Path, tmp_path: Path, standin: SlackStandin
) -> None:
    data = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    with LLMStandin(mode="pause") as llm:
        server = SlackServer(
            data,
            standin.api_url,
            tmp_path / "server.log",
            ASSISTANT_LLM_BASE_URL=llm.base_url,
            ASSISTANT_LLM_MODEL="standin-model",
            ASSISTANT_LLM_TIMEOUT_SECONDS="20",
        ).start()
        try:
            event = mention(ROI, channel="C0E2ELLM", ts="1700000090.000100")
            assert server.post(event_body(event, "EvE2E-llm")).status_code == 200
            [first] = standin.wait_for("chat.update", 1, timeout=60)  # the first sentence, model still paused
            assert llm.paused.is_set() and "In short:" in texts(first.params["blocks"])
            llm.resume.set()
            count = 2
            while True:  # until the finished answer (with its buttons) replaced the text
                final = standin.wait_for("chat.update", count, timeout=60)[-1]
                if any(b["type"] == "actions" for b in final.params["blocks"]):
                    break
                count += 1
            assert texts(final.params["blocks"]).startswith("In short: The Chief Revenue Officer owns this")
            [post] = [
                c for c in standin.calls_to("chat.postMessage") if c.params.get("channel") == "C0E2ELLM"
            ]
            assert post.params["thread_ts"] == "1700000090.000100"
        finally:
            server.stop()
