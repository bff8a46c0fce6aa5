"""Which requests the listeners handle: a delivery once (Slack's retries and replayed clicks are dropped), and
only requests for this bot (its app and team, as ``auth.test`` names them)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from api.slack.deps import SlackDeps
from assistant.errors import StorageUnavailable

__all__ = ["finished", "first_delivery", "foreign"]

log = logging.getLogger("assistant.slack")


def _delivery_id(body: Mapping[str, Any]) -> str | None:
    """What identifies one delivery: an event's ``event_id``, or the ``trigger_id`` of a slash command or a
    button click (unique per invocation; a replayed request carries the same one)."""
    event_id = body.get("event_id")
    if isinstance(event_id, str) and event_id:
        return event_id
    trigger = body.get("trigger_id")
    if isinstance(trigger, str) and trigger:
        return "trigger:" + trigger
    return None


def first_delivery(deps: SlackDeps, body: Mapping[str, Any]) -> bool:
    """False for a redelivered event (Slack's retries, X-Slack-Retry-Num / retry_attempt, keep the event_id)
    and for a replayed slash command or button click (same ``trigger_id``).

    Checked after the ack, on the listener thread, so the durable SQLite claim costs Slack nothing; across
    processes and restarts the first claim wins, unless its handler died before `finished`: then a retry
    after the lease (Slack retries after about 1 and 5 minutes) answers it. When the state cannot be
    written (disk full), the delivery is answered rather than dropped.
    """
    delivery = _delivery_id(body)
    if delivery is None:
        return True
    try:
        claimed = deps.state.claim_event(delivery)
    except StorageUnavailable as exc:
        log.error("slack: cannot record delivery %s (%s); answering it", delivery, exc)
        return True
    if not claimed:
        log.info("slack: %s was already handled; ignoring the redelivery", delivery)
    return claimed


def finished(deps: SlackDeps, body: Mapping[str, Any]) -> None:
    """The delivery was answered: its redeliveries are never handled again."""
    delivery = _delivery_id(body)
    if delivery is not None:
        try:
            deps.state.finish_event(delivery)
        except StorageUnavailable as exc:
            log.error("slack: cannot record delivery %s as answered: %s", delivery, exc)


def foreign(deps: SlackDeps, body: Mapping[str, Any], client: Any) -> str | None:
    """Why a request is not for this bot (another app id or team than ``auth.test`` names), or None."""
    try:
        me = deps.identity.get(client)
    except Exception as exc:  # the Web API away: nothing to compare with; the listeners answer as before
        log.warning("slack: auth.test failed (%s); the app and team of requests are not checked", exc)
        return None
    app_id = body.get("api_app_id")
    if me.get("app_id") and app_id and app_id != me["app_id"]:
        return f"app {app_id}"
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    if me.get("team_id") and not me.get("is_enterprise_install") and team and team != me["team_id"]:
        return f"team {team}"
    return None
