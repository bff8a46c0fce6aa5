"""Answer snapshot: every labelled question (single and conversation turns), before and after a change.

    python scripts/golden.py             # answer everything, print every answer that moved since the snapshot
    python scripts/golden.py --update    # ... and write the new snapshot (tests/golden/answers.jsonl)

A moved answer is one whose roles, kind, answered flag, topic or text changed. The snapshot is what the
engine answered when it was last updated, right or wrong: it shows what a change did, not what is correct
(`assistant eval` says that).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.config import Settings  # noqa: E402
from assistant.eval import load_records  # noqa: E402
from assistant.service import AnswerService  # noqa: E402
from assistant.types import Turn  # noqa: E402

SNAPSHOT = ROOT / "tests" / "golden" / "answers.jsonl"


def answer_all(service: AnswerService, eval_dir: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in sorted(eval_dir.glob("*.jsonl")):
        for n, record in enumerate(load_records(path)):
            history: list[Turn] = []
            for t, turn in enumerate(record.turns):
                a = service.ask(turn.q, history)
                history.append(Turn(turn.q, a))
                rows.append(
                    {
                        "key": f"{path.stem}:{n}:{t}",
                        "q": turn.q,
                        "kind": a.kind,
                        "answered": a.answered,
                        "roles": [r.id for r in a.roles],
                        "topic": a.topic,
                        "answer": a.answer,
                    }
                )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="write the new snapshot")
    parser.add_argument("--snapshot", type=Path, default=SNAPSHOT)
    args = parser.parse_args()
    settings = Settings()
    service = AnswerService(settings)
    service.load(build_if_missing=True)
    rows = answer_all(service, settings.corpus_dir / "eval")
    old = {}
    if args.snapshot.exists():
        old = {r["key"]: r for r in map(json.loads, args.snapshot.read_text(encoding="utf-8").splitlines())}
    moved = 0
    for row in rows:
        before = old.get(row["key"])
        if before is None or before["q"] != row["q"]:
            continue
        fields = ("kind", "answered", "roles", "topic", "answer")
        if any(before.get(f) != row[f] for f in fields):
            moved += 1
            print(f"{row['key']}  {row['q']}")
            for f in fields[:-1]:
                if before.get(f) != row[f]:
                    print(f"    {f}: {before.get(f)} -> {row[f]}")
            if before.get("answer") != row["answer"] and all(before.get(f) == row[f] for f in fields[:-1]):
                print("    answer text changed")
    print(f"{len(rows)} answers, {moved} moved since the snapshot ({len(old)} in it)")
    if args.update:
        args.snapshot.parent.mkdir(parents=True, exist_ok=True)
        with args.snapshot.open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"wrote {args.snapshot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
