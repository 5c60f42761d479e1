# `make run` sets up and starts the dashboard; `make test` sets up and runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8050
WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help run serve bench export test unit browser lint check screenshots screens system-deps clean

help:
	@echo "make run          set up and start the dashboard at http://$(HOST):$(PORT)/ (PORT=... to change)"
	@echo "make serve        the same with gunicorn and WORKERS=$(WORKERS) processes, for many viewers"
	@echo "make test         set up (Python packages, Chromium, CJK fonts) and run every test"
	@echo "make check        validate the data tables against the report"
	@echo "make export       write every chart as PNG, SVG, PDF (+ CSV, captions, PDF deck) to exports/"
	@echo "make bench        measure pages, filters, throughput, load, scale and export against"
	@echo "                  their floors (BENCH_ARGS=--quick for short runs), into docs/performance.md"
	@echo "make screenshots  regenerate the README's pictures in docs/ (headless Chromium)"
	@echo "make screens      every page, slide and export preset, zh and en, at every"
	@echo "                  screen size, into artifacts/screens/ to look at"
	@echo "make clean        remove the virtual environment and caches"

$(VENV)/.run-installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.run-installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.run-installed
	$(PY) dashboard.py run --host $(HOST) --port $(PORT)

serve: $(VENV)/.run-installed
	WORKERS=$(WORKERS) $(VENV)/bin/gunicorn -c serving/gunicorn_conf.py \
		--bind $(HOST):$(PORT) --access-logfile -

check: $(VENV)/.run-installed
	$(PY) dashboard.py check

system-deps:
	@bash scripts/install-system-deps.sh

lint: $(VENV)/.dev-installed
	$(PY) -m ruff check .

# axe-core, for the accessibility audit in the browser tests (npm registry, pinned).
AXE_VERSION := 4.14.1
AXE := .cache/axe/node_modules/axe-core/axe.min.js
$(AXE):
	npm install --silent --no-audit --no-fund --prefix .cache/axe axe-core@$(AXE_VERSION)

# pytest exits 5 when it collected no test: that is a failure here, not a pass.
test: $(VENV)/.dev-installed system-deps lint $(AXE)
	@$(PY) -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; \
	exit $$rc

unit: $(VENV)/.dev-installed
	$(PY) -m pytest tests/unit

browser: $(VENV)/.dev-installed system-deps $(AXE)
	$(PY) -m pytest tests/browser

export: $(VENV)/.run-installed system-deps
	$(PY) dashboard.py export --out exports

BENCH_ARGS ?=
bench: $(VENV)/.dev-installed system-deps
	$(PY) -m bench.run $(BENCH_ARGS)

screenshots: $(VENV)/.dev-installed system-deps
	$(PY) scripts/screenshot.py --out docs

screens: $(VENV)/.dev-installed system-deps
	$(PY) scripts/screenshot.py --all --out artifacts/screens

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts .cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
