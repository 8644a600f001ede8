# smeup: `make run` serves the app with demo data; `make test` sets up and runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := smeup
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
PYTEST_WORKERS ?= 2

.PHONY: run test test-fast lint format bench setup setup-test browser-deps clean

## run: virtualenv, dependencies, schema, demo data + accounts, then gunicorn on :8000
run: $(VENV)/.runtime instance/config.py
	SMEUP_ENV=$${SMEUP_ENV:-development} $(BIN)/flask db upgrade
	SMEUP_ENV=$${SMEUP_ENV:-development} $(BIN)/flask seed-demo
	@echo "smeup 服務中：http://$(HOST):$(PORT)/  （Ctrl+C 結束）；寄信工作（flask mail run）同時執行"
	SMEUP_ENV=$${SMEUP_ENV:-development} $(BIN)/flask mail run & MAIL_PID=$$!; \
	trap 'kill $$MAIL_PID 2>/dev/null' EXIT INT TERM; \
	SMEUP_ENV=$${SMEUP_ENV:-development} $(BIN)/gunicorn --workers $(WORKERS) --threads 4 \
		--timeout 300 --bind $(HOST):$(PORT) --access-logfile - wsgi:app

## instance/config.py (only when missing): marks this checkout as a development one, so the README's
## `flask --app smeup ...` commands work as written; the environment still overrides it.
instance/config.py:
	mkdir -p instance
	printf '%s\n' \
		'# Written by `make run` because it was missing: this checkout runs in development.' \
		'# A production host sets SMEUP_ENV=production and SECRET_KEY in its environment instead.' \
		'SMEUP_ENV = "development"' > $@

## test: lint, then the whole suite on SQLite, and again on PostgreSQL when SMEUP_TEST_POSTGRES_URL is set
test: setup-test lint
	$(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider tests
	@if [ -n "$$SMEUP_TEST_POSTGRES_URL" ]; then \
		echo "== again on PostgreSQL ($$SMEUP_TEST_POSTGRES_URL)"; \
		SMEUP_TEST_DATABASE=postgres $(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider tests; \
	else echo "SMEUP_TEST_POSTGRES_URL is not set: PostgreSQL run skipped"; fi

## test-fast: the suite without the long load and fault tests, SQLite only
test-fast: setup-test
	$(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider -m "not slow" tests

## lint: ruff, then the import layers of architecture.md (pyproject.toml, [tool.importlinter])
lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup-test
	$(BIN)/python -m bench

setup: $(VENV)/.runtime
setup-test: $(VENV)/.dev node_modules/.installed browser-deps

$(VENV)/.runtime: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

## Debian's chromium and CJK fonts for the browser tests, java for the Nu Html Checker, wrk and sqlite3 for bench,
## nginx for the deploy example's two-host test (run by the test in its own folder, never as a service)
browser-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "noto.*cjk" || missing="$$missing fonts-noto-cjk"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	command -v sqlite3 >/dev/null || missing="$$missing sqlite3"; \
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing (apt)"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache artifacts
