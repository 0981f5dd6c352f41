# Quickstart: `make demo` and `make test` on a fresh machine with Python 3.11+ and git.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/phrasetrack scan examples/
	@echo
	@echo "--- phrasetrack check: the example release pair (a garbled title, a deprecated rendering, a changed number, a dropped sentence)"
	$(BIN)/phrasetrack check --config examples/phrasetrack.toml --exit-zero

lint: $(STAMP)
	$(BIN)/ruff check phrasetrack tests benchmarks
	$(BIN)/ruff format --check phrasetrack tests benchmarks
	$(BIN)/mypy phrasetrack

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/scan_speed.py
	$(BIN)/python benchmarks/planted.py
	$(BIN)/python benchmarks/memory.py
	$(BIN)/python benchmarks/bitext_coverage.py
	$(BIN)/python benchmarks/diff.py
	$(BIN)/python benchmarks/compare.py
	$(BIN)/python benchmarks/track.py

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .pytest_cache .ruff_cache
