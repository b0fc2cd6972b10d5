# `make site` and `make test` set up everything they need on a fresh Debian/Ubuntu machine.
SHELL := /bin/bash
.DEFAULT_GOAL := site

PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SYSTEM_PACKAGES := chromium fonts-ipaexfont-gothic

.PHONY: site test serve figures notebooks system-deps bench clean

$(VENV_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[site,test]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Chromium (browser tests, screenshots) and a Japanese font come from Debian's packages.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	dpkg -s fonts-ipaexfont-gothic >/dev/null 2>&1 || missing="$$missing fonts-ipaexfont-gothic"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "error: missing system packages:$$missing — run: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

figures: $(VENV_STAMP)
	$(PY) scripts/make_figures.py

notebooks: $(VENV_STAMP)
	$(PY) scripts/run_notebooks.py

site: $(VENV_STAMP) $(NODE_STAMP)
	$(PY) -m mkdocs build --strict --site-dir site

test: site system-deps
	$(PY) -m pytest

serve: $(VENV_STAMP) $(NODE_STAMP)
	$(PY) -m mkdocs serve

bench: $(VENV_STAMP) $(NODE_STAMP) system-deps
	$(PY) scripts/bench_gradient.py
	$(PY) scripts/bench_site.py

clean:
	rm -rf site .cache docs/figures docs/notebooks/*.ipynb screenshots
