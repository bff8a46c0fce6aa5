"""The listeners as plain functions, with a fake say / respond / client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError
from slack_fakes import (
    FakeService,
    Recorder,
    action_payload,
    channel_message,
    command_payload,
    direct_message,
    event_body,
    mention,
)
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse
from slack_standin import BOT_USER_ID, TEAM_ID

from api.slack.app import build_deps
from api.slack.blocks import ACTION_SHARE, ACTION_UP
from api.slack.listeners import (
    SlackDeps,
    conversation_id,
    first_delivery,
    on_channel_message,
    on_command,
    on_direct_message,
    on_feedback,
    on_mention,
    on_share,
)
from assistant.config import Settings
from assistant.errors import DatabaseUnreachable, IndexNotFound

ROI = "who owns marketing ROI?"


def _only(rec: Recorder) -> dict:
    assert len(rec.calls) == 1, rec.calls
    return rec.calls[0][1]


def _ref(blocks: list[dict]) -> str:
    return blocks[-1]["elements"][0]["value"]


def test_mention_answers_in_the_thread_of_the_message(deps: SlackDeps, fake_service: FakeService) -> None:
    say = Recorder()
    on_mention(deps, mention(ROI, ts="111.000"), TEAM_ID, BOT_USER_ID, say)
    sent = _only(say)
    assert sent["thread_ts"] == "111.000"
    assert "Chief Revenue Officer" in sent["blocks"][0]["text"]["text"]
    assert any("📄" in json.dumps(b, ensure_ascii=False) for b in sent["blocks"] if b["type"] == "context")
    assert fake_service.asked == [(ROI, [])]
    conv = conversation_id(TEAM_ID, "C0GENERAL", "111.000")
    assert conv == f"slack:{TEAM_ID}:C0GENERAL:111.000"
    assert len(deps.conversations.history(conv)) == 1


def test_follow_up_in_the_thread_keeps_the_conversation(deps: SlackDeps, fake_service: FakeService) -> None:
    first, second = Recorder(), Recorder()
    on_mention(deps, mention(ROI, ts="111.000"), TEAM_ID, BOT_USER_ID, first)
    follow_up = mention("who do they report to?", ts="112.000", thread_ts="111.000")
    on_mention(deps, follow_up, TEAM_ID, None, second)  # bot id unknown: the leading mention still goes
    sent = _only(second)
    assert sent["thread_ts"] == "111.000"
    assert "Chief Revenue Officer (CRO) reports to the CEO" in sent["blocks"][0]["text"]["text"]
    question, history = fake_service.asked[-1]
    assert question == "who do they report to?" and [t.question for t in history] == [ROI]


def test_other_threads_do_not_share_context(deps: SlackDeps, fake_service: FakeService) -> None:
    on_mention(deps, mention(ROI, ts="111.000"), TEAM_ID, BOT_USER_ID, Recorder())
    on_mention(deps, mention("who do they report to?", ts="200.000"), TEAM_ID, BOT_USER_ID, Recorder())
    assert fake_service.asked[-1][1] == []


def test_bare_mention_gets_a_hint_and_no_question(deps: SlackDeps, fake_service: FakeService) -> None:
    say = Recorder()
    on_mention(deps, mention("", ts="1.0"), TEAM_ID, BOT_USER_ID, say)
    assert "/roles" in _only(say)["text"] and fake_service.asked == []


def test_direct_message_is_answered_in_the_dm(deps: SlackDeps, fake_service: FakeService) -> None:
    say = Recorder()
    on_direct_message(deps, direct_message(ROI), TEAM_ID, BOT_USER_ID, say)
    assert _only(say)["thread_ts"] is None
    follow = Recorder()
    on_direct_message(deps, direct_message("who do they report to?", ts="2.0"), TEAM_ID, BOT_USER_ID, follow)
    assert "reports to the CEO" in _only(follow)["blocks"][0]["text"]["text"]
    assert len(deps.conversations.history(conversation_id(TEAM_ID, "D0DIRECT", "dm"))) == 2


def test_direct_message_ignores_bots_edits_and_channels(deps: SlackDeps, fake_service: FakeService) -> None:
    say = Recorder()
    ignored = [
        {**direct_message(ROI), "subtype": "message_changed"},
        {**direct_message(ROI), "bot_id": "B1"},
        {**direct_message(ROI), "user": BOT_USER_ID},
        {**direct_message(ROI), "channel_type": "channel"},
        direct_message("   "),
    ]
    for event in ignored:
        on_direct_message(deps, event, TEAM_ID, BOT_USER_ID, say)
    assert say.calls == [] and fake_service.asked == []


def test_slash_command_answers_ephemerally_with_a_share_button(deps: SlackDeps) -> None:
    respond = Recorder()
    on_command(deps, {"text": ROI, "team_id": TEAM_ID, "channel_id": "C1", "user_id": "U1"}, respond)
    sent = _only(respond)
    assert sent["response_type"] == "ephemeral"
    assert [e["action_id"] for e in sent["blocks"][-1]["elements"]][-1] == ACTION_SHARE
    assert deps.conversations.history(conversation_id(TEAM_ID, "C1", "slash-U1"))


def test_bare_slash_command_shows_help_and_hierarchy(deps: SlackDeps, fake_service: FakeService) -> None:
    respond = Recorder()
    on_command(deps, {"text": "  ", "team_id": TEAM_ID, "channel_id": "C1", "user_id": "U1"}, respond)
    sent = _only(respond)
    dumped = json.dumps(sent["blocks"])
    assert sent["response_type"] == "ephemeral"
    assert "VP of Sales" in dumped and "Chief Revenue Officer (CRO)" in dumped and "/roles" in dumped
    assert fake_service.asked == []


def test_feedback_button_stores_the_vote_and_thanks_the_user(deps: SlackDeps) -> None:
    say = Recorder()
    on_mention(deps, mention(ROI, ts="5.0"), TEAM_ID, BOT_USER_ID, say)
    ref = _ref(_only(say)["blocks"])
    respond = Recorder()
    on_feedback(deps, action_payload(ACTION_UP, ref, "http://unused"), "up", respond)
    assert "Thanks" in _only(respond)["text"] and _only(respond)["replace_original"] is False
    [row] = deps.feedback.list()
    assert row["vote"] == "up" and row["user"] == "U0VOTER" and row["source"] == "slack"
    assert row["question"] == ROI and row["conversation_id"] == conversation_id(TEAM_ID, "C0GENERAL", "5.0")
    assert "Chief Revenue Officer" in row["answer"]["answer"]


def test_feedback_on_an_unknown_answer_is_not_stored(deps: SlackDeps) -> None:
    respond = Recorder()
    on_feedback(deps, action_payload(ACTION_UP, "nope", "http://unused"), "down", respond)
    assert "wasn't recorded" in _only(respond)["text"] and deps.feedback.list() == []


def test_share_posts_the_answer_to_the_channel(deps: SlackDeps) -> None:
    respond = Recorder()
    on_command(deps, {"text": ROI, "team_id": TEAM_ID, "channel_id": "C1", "user_id": "U1"}, respond)
    ref = _ref(_only(respond)["blocks"])
    client, after = Recorder(), Recorder()
    on_share(
        deps, action_payload(ACTION_SHARE, ref, "http://unused", channel="C1", user="U0SHARER"), client, after
    )
    name, posted = _only(client) and client.calls[0]
    assert name == "chat_postMessage" and posted["channel"] == "C1"
    assert "Shared by <@U0SHARER>" in json.dumps(posted["blocks"])
    assert _only(after) == {"delete_original": True}


def test_share_failure_is_reported_to_the_user(deps: SlackDeps) -> None:
    respond = Recorder()
    on_command(deps, {"text": ROI, "team_id": TEAM_ID, "channel_id": "C1", "user_id": "U1"}, respond)
    ref = _ref(_only(respond)["blocks"])

    class Failing:
        def chat_postMessage(self, **kwargs: object) -> None:
            data = {"ok": False, "error": "not_in_channel"}
            response = SlackResponse(client=None, http_verb="POST", api_url="", req_args={}, data=data,
                                     headers={}, status_code=200)  # fmt: skip
            raise SlackApiError("not_in_channel", response)

    after = Recorder()
    on_share(deps, action_payload(ACTION_SHARE, ref, "http://unused", channel="C1"), Failing(), after)
    assert "not_in_channel" in _only(after)["text"]


def test_library_errors_become_messages(deps: SlackDeps, fake_service: FakeService) -> None:
    say = Recorder()
    on_mention(deps, mention("x" * 3000, ts="1.0"), TEAM_ID, BOT_USER_ID, say)
    assert "2000" in _only(say)["text"]

    def not_ready(question: str, history: object = ()) -> None:
        raise IndexNotFound("no index")

    fake_service.ask = not_ready  # type: ignore[method-assign,assignment]
    say = Recorder()
    on_mention(deps, mention(ROI, ts="2.0"), TEAM_ID, BOT_USER_ID, say)
    assert "assistant index" in _only(say)["text"]

    def broken(question: str, history: object = ()) -> None:
        raise RuntimeError("boom")

    fake_service.ask = broken  # type: ignore[method-assign,assignment]
    say = Recorder()
    on_mention(deps, mention(ROI, ts="3.0"), TEAM_ID, BOT_USER_ID, say)
    assert "went wrong" in _only(say)["text"] and "boom" not in json.dumps(say.calls)


def test_a_conversation_store_out_of_reach_is_said_so(deps: SlackDeps) -> None:
    """The shared database away (issue 16): not "the index isn't available", and no answer out of context."""

    def away(conversation_id: str) -> list[object]:
        raise DatabaseUnreachable("the PostgreSQL database postgresql://db/x cannot be reached")

    deps.conversations.history = away  # type: ignore[method-assign,assignment]
    say = Recorder()
    on_mention(deps, mention("who do they report to?", ts="4.0"), TEAM_ID, BOT_USER_ID, say)
    text = _only(say)["text"]
    assert "conversation's history" in text and "try again" in text and "index" not in text


def test_first_delivery_claims_each_event_id_once(deps: SlackDeps, slack_settings: Settings) -> None:
    body = {"type": "event_callback", "event_id": "Ev-once"}
    assert first_delivery(deps, body) is True
    assert first_delivery(deps, body) is False
    assert first_delivery(deps, {"type": "event_callback"}) is True  # nothing to dedupe on
    again = build_deps(slack_settings, FakeService(), deps.conversations)  # e.g. after a restart
    assert first_delivery(again, body) is False


def test_a_claim_whose_handler_died_is_taken_over_after_the_lease(tmp_path: Path) -> None:
    from api.slack.state import SlackState

    now = [1_700_000_000.0]  # the clock the state reads: the test moves it
    state = SlackState(tmp_path / "slack.sqlite3", lease_seconds=30, clock=lambda: now[0])
    assert state.claim_event("Ev-died") is True  # the process handling it is then killed
    now[0] += 29
    assert state.claim_event("Ev-died") is False  # a retry within the lease: maybe still running
    now[0] += 2
    assert state.claim_event("Ev-died") is True  # Slack's later retry is answered
    state.finish_event("Ev-died")
    now[0] += 3600
    assert state.claim_event("Ev-died") is False  # answered once, never again


# channels answered without a mention (ASSISTANT_SLACK_CHANNELS) --------------------------------------------
def _auto(deps: SlackDeps) -> SlackDeps:
    deps.channels = frozenset({"C0AUTO", "G0PRIVATE"})
    return deps


def test_a_question_in_an_auto_channel_is_answered_in_its_thread(
    deps: SlackDeps, fake_service: FakeService
) -> None:
    say = Recorder()
    on_channel_message(_auto(deps), channel_message(ROI, ts="300.000"), TEAM_ID, BOT_USER_ID, say)
    sent = _only(say)
    assert sent["thread_ts"] == "300.000" and "Chief Revenue Officer" in sent["blocks"][0]["text"]["text"]
    private = Recorder()
    event = channel_message(ROI, channel="G0PRIVATE", ts="301.000", channel_type="group")
    on_channel_message(deps, event, TEAM_ID, BOT_USER_ID, private)
    assert _only(private)["thread_ts"] == "301.000"
    follow = Recorder()  # a reply in the bot's thread is a follow-up, no mention needed
    reply = channel_message("who do they report to?", ts="302.000", thread_ts="300.000")
    on_channel_message(deps, reply, TEAM_ID, BOT_USER_ID, follow)
    assert _only(follow)["thread_ts"] == "300.000"
    assert [t.question for t in fake_service.asked[-1][1]] == [ROI]


def test_an_auto_channel_stays_quiet_on_chatter_and_elsewhere(
    deps: SlackDeps, fake_service: FakeService
) -> None:
    say = Recorder()
    quiet = [
        channel_message("thanks all, see you at lunch"),  # declined: not posted, not stored
        channel_message(ROI, channel="C0ELSEWHERE"),  # not a listed channel
        channel_message(f"<@{BOT_USER_ID}> {ROI}"),  # a mention: answered by on_mention
        channel_message(ROI, thread_ts="1.000"),  # someone else's thread
        {**channel_message(ROI), "subtype": "message_changed"},
        {**channel_message(ROI), "bot_id": "B1"},
        channel_message(ROI, user=BOT_USER_ID),
        channel_message("   "),
        channel_message("x" * 3000),  # invalid: no notice in a channel nobody addressed the bot in
        direct_message(ROI),  # a DM is on_direct_message's
    ]
    for event in quiet:
        on_channel_message(_auto(deps), event, TEAM_ID, BOT_USER_ID, say)
    assert say.calls == []
    assert [q for q, _ in fake_service.asked] == ["thanks all, see you at lunch"]
    assert deps.conversations.history(conversation_id(TEAM_ID, "C0AUTO", "1700000200.000100")) == []


def test_without_the_setting_no_channel_is_answered(deps: SlackDeps, fake_service: FakeService) -> None:
    say = Recorder()
    on_channel_message(deps, channel_message(ROI), TEAM_ID, BOT_USER_ID, say)
    assert say.calls == [] and fake_service.asked == []


def test_the_channels_setting_takes_ids_and_refuses_names(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, slack_channels=" C0AUTO, G0PRIVATE ,")
    assert settings.slack_channel_list == ["C0AUTO", "G0PRIVATE"]
    assert build_deps(settings, FakeService()).channels == {"C0AUTO", "G0PRIVATE"}
    for bad in ("#sales", "general", "C0AUTO,sales-help", "D0DIRECT", "c0lower"):
        with pytest.raises(ValidationError, match="not a Slack channel id"):
            Settings(data_dir=tmp_path, slack_channels=bad)


# ---- issue 13, finding 9 ------------------------------------------------------------------------------------
def test_replayed_clicks_and_commands_are_handled_once(deps: SlackDeps) -> None:
    """A signed click or slash command sent again (a replay) carries the same trigger_id: handled once."""
    click = action_payload(ACTION_UP, "ref", "http://unused")
    assert [first_delivery(deps, click) for _ in range(5)] == [True, False, False, False, False]
    command = command_payload(ROI, "http://unused")
    assert [first_delivery(deps, command) for _ in range(3)] == [True, False, False]
    assert first_delivery(deps, action_payload(ACTION_UP, "ref", "http://unused")) is True  # a new click


def test_one_vote_per_user_and_answer_the_latest_wins(deps: SlackDeps) -> None:
    say = Recorder()
    on_mention(deps, mention(ROI, ts="6.0"), TEAM_ID, BOT_USER_ID, say)
    ref = _ref(_only(say)["blocks"])
    for vote in ("up", "up", "up", "down"):
        on_feedback(deps, action_payload(ACTION_UP, ref, "http://unused"), vote, Recorder())  # type: ignore[arg-type]
    on_feedback(deps, action_payload(ACTION_UP, ref, "http://unused", user="U0OTHER"), "up", Recorder())
    assert sorted((r["user"], r["vote"]) for r in deps.feedback.list()) == [
        ("U0OTHER", "up"),
        ("U0VOTER", "down"),
    ]


def test_mentions_by_bots_are_not_answered(deps: SlackDeps, fake_service: FakeService) -> None:
    """Two bots mentioning each other would answer each other for ever."""
    say = Recorder()
    for event in (
        {**mention(ROI, ts="7.0"), "bot_id": "B0OTHER"},
        {**mention(ROI, ts="7.1"), "subtype": "bot_message"},
        {**mention(ROI, ts="7.2"), "user": BOT_USER_ID},
    ):
        on_mention(deps, event, TEAM_ID, BOT_USER_ID, say)
    assert say.calls == [] and fake_service.asked == []


def test_a_direct_message_with_a_file_is_answered_or_told_why_not(
    deps: SlackDeps, fake_service: FakeService
) -> None:
    with_text, only_file = Recorder(), Recorder()
    on_direct_message(deps, {**direct_message(ROI), "subtype": "file_share"}, TEAM_ID, BOT_USER_ID, with_text)
    blocks = _only(with_text)["blocks"]
    assert "don't read attached files" in blocks[0]["text"]["text"]
    assert "Chief Revenue Officer" in json.dumps(blocks)
    on_direct_message(deps, {**direct_message(""), "subtype": "file_share"}, TEAM_ID, BOT_USER_ID, only_file)
    assert "not files" in _only(only_file)["text"]
    assert [q for q, _ in fake_service.asked] == [ROI]


def test_requests_for_another_team_or_app_are_recognised(deps: SlackDeps) -> None:
    from api.slack.listeners import foreign

    class Client:
        calls = 0

        def auth_test(self) -> dict[str, object]:
            Client.calls += 1
            return {"ok": True, "team_id": TEAM_ID, "app_id": "A0STANDIN", "is_enterprise_install": False}

    client = Client()
    ours = json.loads(event_body(mention(ROI), "Ev-ours"))
    assert foreign(deps, ours, client) is None
    assert foreign(deps, {**ours, "api_app_id": "A0OTHER"}, client) == "app A0OTHER"
    assert foreign(deps, {**ours, "team_id": "T0OTHER"}, client) == "team T0OTHER"
    click = action_payload(ACTION_UP, "ref", "http://unused")
    assert foreign(deps, {**click, "team": {"id": "T0OTHER"}}, client) == "team T0OTHER"
    assert foreign(deps, command_payload(ROI, "http://unused"), client) is None
    assert Client.calls == 1  # auth.test once
