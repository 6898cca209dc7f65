# Two commands on a fresh machine (README):  make demo   |   make test
PY ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test install install-test lint bench

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'

# the main job on the bundled corpus: records, comparison table and the HTML report in out/
demo: install
	mkdir -p out
	$(BIN)/policytext extract corpora/seeds --format jsonl > out/records.jsonl
	$(BIN)/policytext compare corpora/seeds --format json -o out/compare.json
	$(BIN)/policytext report corpora/seeds -o out/report.html
	$(BIN)/policytext evaluate --gold corpora/gold/seeds --docs corpora/seeds
	@echo "wrote out/records.jsonl out/compare.json out/report.html"

test: install-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check .

bench: install-test
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done
