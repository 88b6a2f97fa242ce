# Two commands: `make demo` and `make test`. Everything else is a step they share.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
QUZHI := $(BIN)/quzhi
HOST ?= 127.0.0.1:8000

.PHONY: demo test setup install frontend static bench lint format clean

# The settings refuse the public development key with DEBUG off. The demo, the test set-up and
# the benchmarks run on this machine only and bring their own key; a SECRET_KEY in the
# environment wins.
demo static bench: export SECRET_KEY ?= quzhi-local-demo-key-never-used-in-production

# The demo serves with DEBUG off, as in production: users see the site's own error pages, never
# a technical one. WhiteNoise serves the collected (hashed) static files; plain http on this
# machine, so the cookies are not marked Secure.
demo: setup
	$(QUZHI) migrate --no-input
	$(QUZHI) demo
	@echo "区治 is serving on http://$(HOST)/ — log in with a demo account listed above."
	DEBUG=$${DEBUG:-false} SECURE_HTTPS=$${SECURE_HTTPS:-false} $(QUZHI) runserver $(HOST)

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

setup: install frontend static

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

frontend: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

static: install frontend
	$(QUZHI) collectstatic --no-input --verbosity 0

bench: setup
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench $(BENCH)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules var
