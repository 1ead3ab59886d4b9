# Two commands for a new user: `make demo` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  := .demo-store
CCC    := $(BIN)/ccc --store $(STORE)

.PHONY: demo test lint bench bench-shared reliability clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	rm -rf $(STORE)
	$(CCC) register load
	$(CCC) import examples/2025-activities.yaml
	$(CCC) status
	$(CCC) history ukraine-art1-2025
	$(CCC) history cambodia-thailand-2025
	$(CCC) report activities --from 2025-01-01 --to 2025-12-31 --public

test: $(VENV)/.installed-test
	$(MAKE) --no-print-directory lint
	$(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check ccc tests bench
	$(BIN)/ruff format --check ccc tests bench
	$(BIN)/mypy ccc
	$(BIN)/lint-imports --no-cache

# The reliability suite with many trials; writes its figures to docs/reliability.md.
reliability: $(VENV)/.installed-test
	CCC_RELIABILITY_FULL=1 CCC_RELIABILITY_ALL=1 $(BIN)/pytest tests/reliability

bench: $(VENV)/.installed
	$(BIN)/python -m bench --against HEAD~1

# Several officers on one log, SQLite and PostgreSQL (CCC_TEST_POSTGRES): bench/shared-results.md
bench-shared: $(VENV)/.installed
	$(BIN)/python -m compileall -q ccc
	$(BIN)/python bench/shared.py

clean:
	rm -rf $(VENV) $(STORE) bench/.work
