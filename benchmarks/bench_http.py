"""HTTP load benchmark: a real uvicorn on loopback, POST /v1/chat at 1, 8 and 32 concurrent clients.

Run: python benchmarks/bench_http.py [--runs 3] [--requests 400] [--max-seconds 15] [--data-dir DIR]

It starts the server itself (``uvicorn --factory api.app:create_app``) on a free port, over a copy of
``--data-dir`` (or a freshly built index in a temporary folder), and measures two workloads:

- cold: every request a distinct question (the eval questions, then numbered variants): no answer cache;
- repeated: the same question every time (served by the API's answer cache after the first).

Each cell is bounded by ``--requests`` and ``--max-seconds``; with ``--runs N`` the table shows the median of
N runs per cell. The load generator is a minimal asyncio HTTP/1.1 keep-alive client (one connection per
simulated client), so that it takes as little CPU from the server as possible.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATED = "who owns marketing ROI?"


@dataclass
class Result:
    workload: str
    clients: int
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def questions() -> list[str]:
    pool: list[str] = []
    for name in ("questions.jsonl", "dev4.jsonl"):
        path = ROOT / "corpus" / "eval" / name
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            pool += [json.loads(line)["q"] for line in lines if line.strip()]
    return list(dict.fromkeys(pool)) or [REPEATED]


class ColdQuestions:
    """Distinct questions: the eval sets first, then numbered variants of them."""

    def __init__(self) -> None:
        self.pool = questions()
        self.i = 0

    def __call__(self) -> str:
        n, self.i = self.i, self.i + 1
        base = self.pool[n % len(self.pool)]
        return base if n < len(self.pool) else f"{base} ({n // len(self.pool)})"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request_bytes(port: int, question: str) -> bytes:
    body = json.dumps({"message": question}).encode()
    head = (
        f"POST /v1/chat HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def run_cell(
    port: int, workload: str, clients: int, total: int, max_seconds: float, cold: ColdQuestions
) -> Result:
    next_question = cold if workload == "cold" else (lambda: REPEATED)
    latencies: list[float] = []
    errors = 0
    issued = 0
    deadline = time.perf_counter() + max_seconds

    async def client() -> None:
        nonlocal errors, issued
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while issued < total and time.perf_counter() < deadline:
                issued += 1
                payload = request_bytes(port, next_question())
                started = time.perf_counter()
                try:
                    writer.write(payload)
                    status = await read_response(reader)
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    continue
                if status == 200:
                    latencies.append(time.perf_counter() - started)
                else:
                    errors += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return Result(workload, clients, len(latencies), errors, time.perf_counter() - started, latencies)


def start_server(data_dir: Path, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--host", "127.0.0.1",
        "--port", str(port), "--log-level", "warning", "--no-access-log", "--workers", str(workers),
    ]  # fmt: skip
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"uvicorn exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("uvicorn not ready after 180 s")


def prepare_data(source: Path | None, tmp: Path) -> Path:
    data = tmp / "data"
    if source is not None:
        shutil.copytree(source, data, ignore=shutil.ignore_patterns("*.lock", "conversations.sqlite3*"))
        return data
    from assistant.config import Settings
    from assistant.service import AnswerService

    print("building an index in a temporary folder ...", file=sys.stderr)
    AnswerService(Settings(data_dir=data)).build_index()
    return data


def table(results: list[list[Result]]) -> str:
    rows = [
        "| workload | clients | requests | errors | req/s | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for runs in results:
        first = runs[0]
        med = statistics.median
        rows.append(
            f"| {first.workload} | {first.clients} | {med(r.requests for r in runs):.0f} | "
            f"{med(r.errors for r in runs):.0f} | {med(r.rps for r in runs):.1f} | "
            f"{med(r.pct(50) for r in runs):.1f} | {med(r.pct(95) for r in runs):.1f} | "
            f"{med(r.pct(99) for r in runs):.1f} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, help="a data folder with a built index (copied)")
    parser.add_argument("--clients", default="1,8,32", help="comma-separated concurrency levels")
    parser.add_argument("--requests", type=int, default=400, help="requests per cell (at most)")
    parser.add_argument("--max-seconds", type=float, default=15.0, help="time per cell (at most)")
    parser.add_argument("--runs", type=int, default=1, help="repeat the matrix; the table shows medians")
    parser.add_argument(
        "--workers", type=int, default=1, help="uvicorn workers (>1 needs ASSISTANT_CHROMA_URL)"
    )
    ns = parser.parse_args()
    levels = [int(c) for c in ns.clients.split(",")]
    cells = [(w, c) for w in ("cold", "repeated") for c in levels]
    results: list[list[Result]] = [[] for _ in cells]
    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        data = prepare_data(ns.data_dir, Path(tmp))
        for run in range(ns.runs):
            port = free_port()
            server = start_server(data, port, ns.workers, Path(tmp) / f"server-{run}.log")
            try:
                cold = ColdQuestions()  # one sequence per server: no cold question is ever asked twice
                asyncio.run(run_cell(port, "repeated", 4, 40, 10, cold))  # warm-up (fills the cache entry)
                for i, (workload, clients) in enumerate(cells):
                    result = asyncio.run(run_cell(port, workload, clients, ns.requests, ns.max_seconds, cold))
                    results[i].append(result)
                    print(
                        f"run {run + 1}/{ns.runs} {workload:>8} x{clients:<3} {result.rps:7.1f} req/s "
                        f"p50 {result.pct(50):6.1f} ms  errors {result.errors}",
                        file=sys.stderr,
                    )
            finally:
                server.terminate()
                server.wait(15)
    print(
        f"\nPOST /v1/chat, {ns.workers} uvicorn worker(s), {os.cpu_count()} CPUs, medians of {ns.runs} run(s)\n"
    )
    print(table(results))


if __name__ == "__main__":
    main()
