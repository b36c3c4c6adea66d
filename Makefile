# Quét — the commands a newcomer needs. `make run` serves, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# The newest Python >= 3.12 on this machine: PATH first, then pyenv's installs.
PYTHON ?= $(shell for c in python3.14 python3.13 python3.12 $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] 2>/dev/null | sort -rV) python3; do \
	"$$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1 && { echo "$$c"; break; }; done)
export FLASK_APP := wsgi.py
# `make run PORT=5001` when 5000 is taken (macOS AirPlay uses it).
PORT ?= 5000

.PHONY: run test bench lint install migrate demo clean help translations

help:
	@echo "make run    - create .venv, install, migrate, load demo data (its accounts are printed),"
	@echo "              serve on http://127.0.0.1:5000 (make run PORT=5001 for another port)"
	@echo "make test   - the whole test suite (SQLite; PostgreSQL too when QUET_TEST_POSTGRES_URL is set)"
	@echo "make bench  - the benchmarks"
	@echo "make lint   - ruff + mypy"
	@echo "make translations - refresh and compile the English catalogue"

$(BIN)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (none found on PATH or in pyenv)"; exit 1; }
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

migrate: install
	mkdir -p instance
	$(BIN)/flask db upgrade

demo: migrate
	$(BIN)/flask demo load

run: demo
	@echo "Serving http://127.0.0.1:$(PORT) (log in with a demo account above)"
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# The suite runs on SQLite; when QUET_TEST_POSTGRES_URL names a server it runs again on
# PostgreSQL (in a fresh database it creates and drops). Fails if either run fails.
# pytest-xdist spreads the test files over one worker per core (each worker has its own
# database); `make test TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= auto
XDIST := $(if $(filter 0,$(TEST_WORKERS)),-p no:xdist,-n $(TEST_WORKERS) --dist loadfile)
test: install
	@echo "== test suite on SQLite =="
	QUET_TEST_DB=sqlite $(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)
	@if [ -n "$$QUET_TEST_POSTGRES_URL" ]; then \
		echo "== test suite on PostgreSQL ($$QUET_TEST_POSTGRES_URL) =="; \
		QUET_TEST_DB=postgres $(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS); \
	else echo "QUET_TEST_POSTGRES_URL is not set: the PostgreSQL run is skipped"; fi

bench: install
	$(BIN)/python -m bench

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy app

# Vietnamese is the source language; this refreshes the English catalogue and compiles it.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k _l --no-location --sort-output \
		-o app/translations/messages.pot app
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations -l en --no-fuzzy-matching
	$(BIN)/pybabel compile -d app/translations -l en

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
