"""Slack ack latency: how fast ``POST /slack/events`` answers Slack while answers are being produced.

Starts the Web API stand-in (tests/slack/slack_standin.py) and a real uvicorn serving ``api.app:create_app``
with Slack on, then sends signed @mentions from several concurrent clients. Each mention makes the bot answer
(retrieval + composition + chat.postMessage to the stand-in) on its thread pool after the ack, so the acks are
measured under that load. Prints ack p50/p95/p99 (target p95 ≤ 100 ms), errors, and how long the answers
took to arrive at the stand-in.

    python benchmarks/bench_slack.py [--requests 200] [--concurrency 8] [--max-seconds 120] [--data-dir DIR]

``--data-dir`` defaults to a temporary folder with a freshly built index (about half a minute).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "slack"))

from slack_standin import BOT_USER_ID, SlackStandin, sign  # noqa: E402

SECRET = "bench-signing-secret"
RUN = uuid.uuid4().hex[:8]  # event ids are deduplicated durably: unique per run
QUESTIONS = [
    "who owns marketing ROI?",
    "what does a CRO do?",
    "who does the VP of Sales report to?",
    "what is the difference between a CSO and a CRO?",
    "kuka vastaa myyntiennusteesta?",
    "what does an SDR do?",
]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ensure_index(data_dir: Path) -> None:
    from assistant.config import Settings
    from assistant.service import AnswerService

    report = AnswerService(Settings(data_dir=data_dir)).build_index()
    print(f"index: {report.manifest.count} chunks in {data_dir} ({report.seconds:.1f}s)", file=sys.stderr)


def start_server(data_dir: Path, api_url: str, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "SLACK_"))}
    env.update(ASSISTANT_DATA_DIR=str(data_dir), ASSISTANT_SLACK_API_URL=api_url, SLACK_BOT_TOKEN="xoxb-bench",
               SLACK_SIGNING_SECRET=SECRET, HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False")  # fmt: skip
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--host", "127.0.0.1",
               "--port", str(port), "--no-access-log", "--log-level", "warning"]  # fmt: skip
    proc = subprocess.Popen(command, env=env, stdout=log_path.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited:\n{log_path.read_text()}")
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("server not ready")


def mention_body(i: int) -> bytes:
    ts = f"{1_700_000_000 + i}.000100"
    event = {"type": "app_mention", "user": "U0BENCH", "channel": f"CBENCH{i}", "ts": ts, "event_ts": ts,
             "text": f"<@{BOT_USER_ID}> {QUESTIONS[i % len(QUESTIONS)]}"}  # fmt: skip
    body = {"type": "event_callback", "team_id": "T0BENCH", "event": event, "event_id": f"EvBench{RUN}-{i}",
            "event_time": int(time.time())}  # fmt: skip
    return json.dumps(body).encode()


def run(
    url: str, standin: SlackStandin, requests: int, concurrency: int, max_seconds: float, rate: float | None
) -> dict[str, object]:
    acks: list[float] = []
    sent_at: dict[str, float] = {}
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))
    start = time.monotonic()
    stop_at = start + max_seconds

    def worker() -> None:
        nonlocal errors
        with httpx.Client(timeout=10) as client:
            while time.monotonic() < stop_at:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                if rate:  # request i leaves at start + i / rate
                    time.sleep(max(0.0, start + i / rate - time.monotonic()))
                body = mention_body(i)
                headers = {"Content-Type": "application/json", **sign(body, SECRET)}
                started = time.perf_counter()
                sent_at[f"CBENCH{i}"] = time.time()
                try:
                    status = client.post(url + "/slack/events", content=body, headers=headers).status_code
                except httpx.HTTPError:
                    status = 0
                elapsed = time.perf_counter() - started
                with lock:
                    acks.append(elapsed)
                    errors += status != 200

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    send_seconds = time.perf_counter() - began
    deadline = time.monotonic() + max_seconds
    while len(standin.calls_to("chat.postMessage")) < len(acks) - errors and time.monotonic() < deadline:
        time.sleep(0.05)
    posts = standin.calls_to("chat.postMessage")
    answer_latency = [p.at - sent_at[p.params["channel"]] for p in posts if p.params["channel"] in sent_at]
    during = sum(1 for p in posts if p.at - min(sent_at.values()) <= send_seconds)
    return {
        "requests": len(acks),
        "concurrency": concurrency,
        "rate": rate,
        "errors": errors,
        "ack_p50_ms": 1000 * pct(acks, 50),
        "ack_p95_ms": 1000 * pct(acks, 95),
        "ack_p99_ms": 1000 * pct(acks, 99),
        "ack_max_ms": 1000 * max(acks),
        "ack_mean_ms": 1000 * statistics.fmean(acks),
        "send_seconds": send_seconds,
        "answers_posted": len(posts),
        "answers_posted_while_sending": during,
        "answer_p50_s": pct(answer_latency, 50) if answer_latency else None,
        "answer_p95_s": pct(answer_latency, 95) if answer_latency else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--rate", type=float, help="requests per second in total (default: as fast as possible)"
    )
    parser.add_argument("--max-seconds", type=float, default=120.0, help="bound on sending (and on draining)")
    parser.add_argument("--data-dir", type=Path, help="a data folder with an index (default: build one)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-slack-") as tmp:
        data_dir = args.data_dir or Path(tmp) / "data"
        if args.data_dir is None:
            ensure_index(data_dir)
        with SlackStandin() as standin:
            proc, url = start_server(data_dir, standin.api_url, Path(tmp) / "server.log")
            try:
                warm = mention_body(10_000_000)
                httpx.post(url + "/slack/events", content=warm, headers={"Content-Type": "application/json",
                           **sign(warm, SECRET)})  # fmt: skip
                standin.wait_for("chat.postMessage", 1, timeout=60)
                standin.clear()
                figures = run(url, standin, args.requests, args.concurrency, args.max_seconds, args.rate)
            finally:
                proc.terminate()
                proc.wait(20)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"/slack/events ack latency, {figures['requests']} signed mentions, {figures['concurrency']} clients, "
          f"rate {figures['rate'] or 'unpaced'} req/s, "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    print(
        f"  ack  p50 {figures['ack_p50_ms']:.1f} ms   p95 {figures['ack_p95_ms']:.1f} ms   "
        f"p99 {figures['ack_p99_ms']:.1f} ms   max {figures['ack_max_ms']:.1f} ms   errors {figures['errors']}"
    )
    print(f"  sent in {figures['send_seconds']:.1f} s; answers posted {figures['answers_posted']} "
          f"({figures['answers_posted_while_sending']} while sending); answer latency "
          f"p50 {figures['answer_p50_s']:.2f} s  p95 {figures['answer_p95_s']:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
