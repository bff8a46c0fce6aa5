"""Send one request to ``POST /slack/events`` signed the way Slack signs it (standard library only).

    python scripts/slack_signed_request.py "who owns marketing ROI?"            # an @mention in a channel
    python scripts/slack_signed_request.py --thread 1700000000.000100 "who do they report to?"
    python scripts/slack_signed_request.py --dm "mikä on CRO?"                   # a direct message
    python scripts/slack_signed_request.py --command "who owns marketing ROI?"  # /roles <question>
    python scripts/slack_signed_request.py --url-verification                   # the setup handshake
    python scripts/slack_signed_request.py --retries 3 "who owns pricing?"     # + 3 retries, same event

The signing secret comes from ``--secret`` or ``SLACK_SIGNING_SECRET``; the answer itself goes to the Web API
(``ASSISTANT_SLACK_API_URL``, e.g. the stand-in: ``python tests/slack/slack_standin.py``).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlencode


def sign(body: bytes, secret: str, timestamp: int) -> dict[str, str]:
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


def build(args: argparse.Namespace) -> tuple[bytes, str]:
    now = f"{time.time():.6f}"
    if args.url_verification:
        challenge = {"type": "url_verification", "token": "x", "challenge": uuid.uuid4().hex}
        return json.dumps(challenge).encode(), "application/json"
    if args.command is not None:
        form = {"team_id": args.team, "channel_id": args.channel, "user_id": args.user, "command": "/roles",
                "text": args.command, "response_url": args.response_url, "trigger_id": "0.0.0"}  # fmt: skip
        return urlencode(form).encode(), "application/x-www-form-urlencoded"
    text = " ".join(args.question)
    if args.dm:
        event = {"type": "message", "channel_type": "im", "channel": "D0DIRECT", "user": args.user,
                 "text": text, "ts": now, "event_ts": now}  # fmt: skip
    else:
        event = {"type": "app_mention", "channel": args.channel, "user": args.user, "ts": now,
                 "text": f"<@{args.bot_user}> {text}", "event_ts": now}  # fmt: skip
        if args.thread:
            event["thread_ts"] = args.thread
    event_id = args.event_id or f"Ev{uuid.uuid4().hex[:12]}"
    body: dict[str, object] = {"type": "event_callback", "team_id": args.team, "api_app_id": "A0LOCAL", "event": event,
            "event_id": event_id, "event_time": int(time.time())}  # fmt: skip
    return json.dumps(body).encode(), "application/json"


def send(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("question", nargs="*", help="the question (mention or DM)")
    parser.add_argument("--url", default="http://127.0.0.1:8000/slack/events")
    parser.add_argument("--secret", default=os.environ.get("SLACK_SIGNING_SECRET"))
    parser.add_argument("--team", default="T0LOCAL")
    parser.add_argument("--channel", default="C0GENERAL")
    parser.add_argument("--user", default="U0ASKER")
    parser.add_argument(
        "--bot-user", default="UBOT0001", help="the bot's user id (the stand-in's by default)"
    )
    parser.add_argument("--thread", help="thread_ts: ask a follow-up in that thread")
    parser.add_argument("--event-id")
    parser.add_argument("--dm", action="store_true", help="send a direct message instead of a mention")
    parser.add_argument("--command", metavar="TEXT", help="send `/roles TEXT` instead")
    parser.add_argument("--response-url", default="http://127.0.0.1:8931/response/cli")
    parser.add_argument("--url-verification", action="store_true")
    parser.add_argument("--retries", type=int, default=0, help="resend with X-Slack-Retry-Num 1..N")
    args = parser.parse_args(argv)
    if not args.secret:
        parser.error("set SLACK_SIGNING_SECRET or pass --secret")
    if not (args.question or args.command is not None or args.url_verification):
        parser.error("give a question, --command or --url-verification")
    if not args.event_id:
        args.event_id = f"Ev{uuid.uuid4().hex[:12]}"
    body, content_type = build(args)
    for attempt in range(args.retries + 1):
        headers = {"Content-Type": content_type, **sign(body, args.secret, int(time.time()))}
        if attempt:
            headers.update({"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_timeout"})
        status, text = send(args.url, body, headers)
        print(f"{status} {text}".rstrip())
        if status >= 400:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
