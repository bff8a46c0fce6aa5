"""Core benchmark: index from scratch, no-op reindex, warm answer latency, cold CLI ask, peak RSS.

Run: python benchmarks/bench_core.py [--runs 5]   (prints medians over runs; uses a temporary data folder)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    json.loads(line)["q"]
    for line in (ROOT / "corpus/eval/questions.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def timed_cli(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one fresh `assistant` process."""
    code = (
        "import resource,sys,time;t=time.perf_counter();from assistant.cli import main;sys.argv=['assistant',*sys.argv[1:]];"
        "\ntry:\n main()\nexcept SystemExit: pass\n"
        "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - started
    rss = int(proc.stderr.strip().splitlines()[-1].split()[1])
    return wall, rss


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    ns = parser.parse_args()
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    builds, noops, colds, rss_all = [], [], [], []
    for _ in range(ns.runs):
        with tempfile.TemporaryDirectory() as tmp:
            env["ASSISTANT_DATA_DIR"] = tmp
            builds.append(timed_cli(["index"], env)[0])
            noops.append(timed_cli(["index"], env)[0])
            wall, rss = timed_cli(["ask", "who owns marketing ROI?"], env)
            colds.append(wall)
            rss_all.append(rss)

    from assistant.config import Settings
    from assistant.service import AnswerService

    with tempfile.TemporaryDirectory() as tmp:
        svc = AnswerService(Settings(data_dir=Path(tmp)))
        svc.build_index()
        svc.load()
        for q in QUESTIONS[:10]:
            svc.ask(q)  # warm-up
        lat = []
        for _ in range(3):
            for q in QUESTIONS:
                t = time.perf_counter()
                svc.ask(q)
                lat.append((time.perf_counter() - t) * 1000)
        lat.sort()
        warm_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        svc.close()

    def med(xs: list[float]) -> str:
        return f"{statistics.median(xs):.2f}"

    print(f"runs: {ns.runs} (medians)")
    print(f"index from scratch (new process, wall s):  {med(builds)}")
    print(f"index, nothing changed (new process, s):   {med(noops)}")
    print(f"cold `assistant ask` (new process, s):     {med(colds)}")
    print(f"cold ask peak RSS (MB):                    {statistics.median(rss_all) / 1024:.0f}")
    print(
        f"warm answer p50 / p95 / p99 (ms, n={len(lat)}): {lat[len(lat) // 2]:.1f} / {lat[int(len(lat) * 0.95)]:.1f} / {lat[int(len(lat) * 0.99)]:.1f}"
    )
    print(f"in-process peak RSS after warm runs (MB):  {warm_rss / 1024:.0f}")


if __name__ == "__main__":
    main()
