# Role Assistant — every target creates .venv on first use.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1

.PHONY: run setup setup-dev test test-fast golden golden-update calibration calibration-check lint index eval eval-example check serve bench bench-scale clean

$(BIN)/assistant:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .

setup: $(BIN)/assistant  ## install the app (light: no torch)

$(VENV)/.dev: $(BIN)/assistant pyproject.toml
	$(BIN)/pip install -q torch==2.13.0   # pinned first: an unpinned torch pulls a multi-GB CUDA build
	$(BIN)/pip install -q -e '.[dev,st]'
	touch $@

setup-dev: $(VENV)/.dev  ## install test, lint and sentence-transformers extras

run: setup  ## the main job: build the index and answer a first question
	$(BIN)/assistant index
	$(BIN)/assistant ask "who owns marketing ROI?"

FAST_TESTS := tests/fast tests/test_text.py tests/test_roles.py tests/test_ingest.py tests/test_feedback.py tests/test_docs.py

test-fast: setup-dev  ## the inner loop: no embedding model, no index, no servers (well under a minute)
	$(BIN)/python -m pytest -q -p no:cacheprovider $(FAST_TESTS)

test: setup-dev  ## the whole suite (embedded Chroma), then the index/ask/API, reliability and two-replica suites against a `chroma run` server (PostgreSQL: a throwaway cluster the tests start)
	$(BIN)/python -m pytest -q --durations=15
	PATH="$(CURDIR)/$(BIN):$$PATH" scripts/with-chroma-server $(BIN)/python -m pytest -q tests/test_index.py tests/test_answers.py tests/test_cli.py tests/api tests/test_hnsw.py tests/reliability tests/postgres/test_pg_replicas.py

golden: setup-dev  ## answer every labelled question and list each answer that moved since tests/golden/answers.jsonl
	$(BIN)/python scripts/golden.py

golden-update: setup-dev  ## ... and write the new snapshot
	$(BIN)/python scripts/golden.py --update

calibration: setup-dev  ## train the refusal calibration on the development sets (assistant/answering/calibration.json)
	$(BIN)/python scripts/train_refusal.py

calibration-check: setup-dev  ## say whether the shipped calibration is what the development sets train now
	$(BIN)/python scripts/train_refusal.py --check

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

index: setup
	$(BIN)/assistant index

eval: setup
	$(BIN)/assistant eval

eval-example: setup  ## the example second corpus's blind set (examples/customer-success)
	ASSISTANT_CORPUS_DIR=examples/customer-success $(BIN)/assistant eval examples/customer-success/eval/blind/questions.jsonl

check: setup  ## validate the corpus and self-test every role and duty (assistant check)
	$(BIN)/assistant check

serve: setup
	$(BIN)/assistant serve

bench: setup-dev
	$(BIN)/python benchmarks/bench_core.py
	$(BIN)/python benchmarks/bench_http.py
	$(BIN)/python benchmarks/bench_slack.py

bench-scale: setup-dev  ## 1k/10k/100k chunks, embedded vs a Chroma server (about 4 minutes)
	$(BIN)/python benchmarks/bench_scale.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
