# The one task runner. CI runs `make test` (see .ci/run); the README's two commands are `make run`
# and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

.PHONY: run test install install-dev system-deps lint typecheck test-sqlite test-postgres check-content bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Install and start the app on SQLite at http://127.0.0.1:8000 (migrations and content sync run by themselves).
run: install
	$(BIN)/sysdojo serve

system-deps:
	scripts/system-deps.sh

lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: install-dev
	$(BIN)/mypy

check-content: install
	$(BIN)/sysdojo content check

test-sqlite: install-dev
	$(BIN)/pytest -p no:cacheprovider

test-postgres: install-dev
	DATABASE_URL=$$(scripts/postgres.sh) $(BIN)/pytest -p no:cacheprovider -m "not browser" tests/web

## Install everything the tests need and run the whole suite: lint, types, content, SQLite, PostgreSQL, browser.
test: system-deps install-dev
	$(MAKE) lint typecheck check-content
	SYSDOJO_TEST_POSTGRES_URL=$$(scripts/postgres.sh) $(MAKE) test-sqlite
	$(MAKE) test-postgres

bench: install-dev
	for script in bench/bench_*.py; do $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) .sysdojo .mypy_cache .ruff_cache
