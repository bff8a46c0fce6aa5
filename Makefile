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

# The second pass of `make test`, against a `chroma run` server: only the tests where the store backend matters —
# the index, its versions and HNSW settings (test_index, test_hnsw, `ask` and `index` building one), answers read
# through the server (test_answers), the HTTP API over the real index in-process (test_real_service, the real-index
# search) and in real uvicorn processes (test_e2e_uvicorn), reliability and the two replicas on PostgreSQL. The API
# tests over a fake service, the browser, schemathesis and the LLM wording never reach the store: they run once.
SERVER_TESTS := tests/test_index.py tests/test_hnsw.py tests/test_answers.py \
	tests/test_cli.py::test_ask_builds_the_index_when_missing_and_answers tests/test_cli.py::test_index_twice_is_up_to_date \
	tests/api/test_real_service.py tests/api/test_search.py::test_over_the_real_index tests/api/test_e2e_uvicorn.py \
	tests/reliability tests/postgres/test_pg_replicas.py

# The two passes run at the same time: the whole suite on three pytest-xdist workers (whole files; the first
# takes the determinism test, whose niced processes use the spare CPU, the other two the rest), and the server
# pass beside it, its report printed when the first pass is done. Both print their 15
# slowest tests and share one temporary folder (ASSISTANT_TEST_SHARED): the bundled corpus is embedded once, by
# whichever process gets there first, the others reuse its embeddings, trained classifier and index.
# PostgreSQL: a throwaway cluster the tests start.
test: setup-dev  ## the whole suite (embedded Chroma), and beside it the tests where the store matters against a `chroma run` server
	shared="$$(mktemp -d)" && trap '[ -z "$$server" ] || kill -- -$$server 2>/dev/null; rm -rf "$$shared"' EXIT && \
	export ASSISTANT_TEST_SHARED="$$shared" && \
	{ PATH="$(CURDIR)/$(BIN):$$PATH" setsid scripts/with-chroma-server $(BIN)/python -m pytest -q -p no:cacheprovider \
		--durations=15 $(SERVER_TESTS) >"$$shared/server-pass.log" 2>&1 & server=$$!; } && \
	{ $(BIN)/python -m pytest -q -n 3 --dist loadfile --no-loadscope-reorder --durations=15; first=$$?; } ; \
	wait $$server; second=$$?; server=; \
	echo; echo "Second pass: the tests where the store matters, against a \`chroma run\` server"; \
	cat "$$shared/server-pass.log"; \
	[ $$first -eq 0 ] && [ $$second -eq 0 ]

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
