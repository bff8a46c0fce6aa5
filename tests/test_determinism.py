"""Same question, same corpus -> the same answer in every process, hash seed and index build.

Every labelled question (single questions and conversation turns, in order) is answered in three fresh
processes with different PYTHONHASHSEEDs, two of them on a second index built from scratch; the answers
(roles, kind, topic, text, confidence) must be identical. The first process answers on the session's index while
the second index is built, and keeps the query vectors the model gave it; the other two then run side by side
(one thread each, at a lower priority) and take those vectors instead of running the model again (a vector they
lack, they compute). The model is a pure function of the text, which PYTHONHASHSEED and the index build do not
reach; everything after it (readings, ranking, refusal, dialogue, wording) runs in full in each process. That
saves two thirds of the test's model time, the most of its CPU."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from assistant.service import AnswerService
from tests.modes import embedded_only

REPO = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import hashlib, json, sys
from pathlib import Path
from assistant.config import Settings
from assistant.embeddings import E5Embeddings
from assistant.eval import load_records
from assistant.service import AnswerService
from assistant.types import Turn

corpus, vectors_file, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
vectors = json.loads(vectors_file.read_text()) if mode == "replay" else {}
computed = 0
model_query = E5Embeddings.embed_query


def embed_query(self, text):
    global computed
    if text not in vectors:
        vectors[text] = model_query(self, text)
        computed += 1
    return vectors[text]


E5Embeddings.embed_query = embed_query
service = AnswerService(Settings())
service.load()
digest = hashlib.sha256()
count = 0
for path in sorted((corpus / "eval").glob("*.jsonl")):
    for record in load_records(path):
        history = []
        for turn in record.turns:
            a = service.ask(turn.q, history)
            history.append(Turn(turn.q, a))
            row = [a.kind, a.answered, [r.id for r in a.roles], a.topic, a.answer, a.confidence]
            digest.update(json.dumps(row, ensure_ascii=False).encode())
            count += 1
if mode == "record":
    vectors_file.write_text(json.dumps(vectors))  # floats round-trip exactly through JSON
print(json.dumps({"count": count, "digest": digest.hexdigest(), "computed": computed}))
"""


def _start(data_dir: Path, seed: str, vectors: Path, mode: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "ASSISTANT_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    env["ASSISTANT_CORPUS_DIR"] = str(REPO / "corpus")
    env["OMP_NUM_THREADS"] = "1"  # three processes share the cores: one thread each, no oversubscription
    # at a lower priority: they only need the machine's spare time, and the timed tests running beside them in
    # `make test` (the other pytest-xdist worker, the Chroma-server pass) keep theirs
    return subprocess.Popen(
        ["nice", "-n", "10", sys.executable, "-c", SCRIPT, str(REPO / "corpus"), str(vectors), mode],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _result(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = process.communicate(timeout=1800)
    assert process.returncode == 0, err[-2000:]
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


@pytest.mark.slow
@embedded_only  # the server mode runs the same code on the same vectors
def test_same_answers_across_hash_seeds_and_index_builds(indexed_data_dir: Path, tmp_path: Path) -> None:
    # one data folder per process: an embedded index is locked by the process that reads it
    first = tmp_path / "first"
    shutil.copytree(indexed_data_dir, first)
    vectors = tmp_path / "query-vectors.json"
    processes = [
        _start(first, "1", vectors, "record")
    ]  # answering on the session's index while the second is built
    try:
        second = tmp_path / "second"
        shutil.copytree(indexed_data_dir, second)
        settings = Settings(data_dir=second, corpus_dir=REPO / "corpus")
        report = AnswerService(settings).build_index(rebuild=True)
        assert not report.unchanged  # a new build, its own collection
        third = tmp_path / "third"
        shutil.copytree(second, third)
        runs = [_result(processes[0])]
        processes += [_start(second, "2", vectors, "replay"), _start(third, "3", vectors, "replay")]
        runs += [_result(p) for p in processes[1:]]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert runs[0]["count"] > 2000 and runs[0]["computed"] > 1000
    answers = [{k: run[k] for k in ("count", "digest")} for run in runs]
    assert answers[0] == answers[1] == answers[2]
