# Two commands matter: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app tracker
INSTANCE := instance

.PHONY: run test test-fast lint format test-postgres setup setup-runtime db seed clean bench translations

## `make run PORT=8080` serves on another port.
PORT ?= 5000

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall whenever a requirements file changes. `make run` needs only the runtime
# packages; `make test` adds the test tools (pytest, schemathesis, playwright, ...).
$(VENV)/.installed-runtime: $(BIN)/activate requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed: $(VENV)/.installed-runtime requirements-test.txt
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

# Message catalogs are compiled here (the .mo files are not committed): see "Languages" in README.md.
CATALOGS := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(VENV)/.installed-runtime
	$(BIN)/pybabel compile --statistics -l $* -i $< -o $@

setup-runtime: $(VENV)/.installed-runtime $(CATALOGS)

setup: setup-runtime $(VENV)/.installed

## Re-extract the interface strings and merge them into every language's catalog.
translations: setup
	PYTHONPATH=. $(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --no-location --sort-output -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -w 100 --no-fuzzy-matching --ignore-obsolete

$(INSTANCE)/secret_key:
	mkdir -p $(INSTANCE)
	$(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > $@
	chmod 600 $@

db: setup-runtime $(INSTANCE)/secret_key
	$(FLASK) db upgrade

seed: db
	$(FLASK) seed

## Serve the app at http://127.0.0.1:$(PORT) with the SQLite database in instance/, and a
## background worker (e-mails, digests, imports); Ctrl-C stops both.
run: seed
	$(FLASK) users bootstrap
	@echo "\nThe tracker is at http://127.0.0.1:$(PORT)/  (press Ctrl+C to stop it and its worker)\n"
	$(BIN)/python -m tracker.jobs.run_all --host 127.0.0.1 --port $(PORT)

## Run the whole suite (SQLite; set TEST_DATABASE_URL for PostgreSQL).
test: setup
	$(BIN)/python -m pytest

## The everyday loop: everything but the browser suite and the slow property-based runs.
test-fast: setup
	$(BIN)/python -m pytest -m "not browser and not slow"

## Ruff (lint and format check) and mypy, configured in pyproject.toml; CI runs it first.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## Reformat the code and apply ruff's safe fixes.
format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Run the whole suite against a fresh PostgreSQL database on 127.0.0.1:5432.
test-postgres: setup
	dropdb --if-exists -h 127.0.0.1 -U postgres tracker_test
	createdb -h 127.0.0.1 -U postgres tracker_test
	TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/tracker_test $(BIN)/python -m pytest

# Datasette, for the benchmark's comparison, lives in a virtualenv of its own.
bench/.venv/.installed: bench/requirements.txt
	$(PYTHON) -m venv bench/.venv
	bench/.venv/bin/pip install --quiet -r bench/requirements.txt
	touch $@

## Benchmark SQLite and PostgreSQL at 300,000 recommendations (not part of the tests);
## writes bench/results.md (docs/performance.md). Quick run: make bench BENCH_ARGS="--recommendations 30000".
bench: setup bench/.venv/.installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
