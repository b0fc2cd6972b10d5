# `make site` and `make test` set up everything they need on a fresh Debian/Ubuntu machine
# (Python >= 3.11, Node.js >= 20 with npm; see README.md). Each set-up step checks what is really
# installed, not a stamp alone, so a deleted package or a wrong interpreter is repaired by rerunning.
SHELL := /bin/bash
.DEFAULT_GOAL := site

PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
NODE_MAJOR_MIN := 20
NODE_MODULES_MATCH_LOCK := const lock = require("./package-lock.json"); \
  for (const [dir, info] of Object.entries(lock.packages)) { if (!dir) continue; let version; \
    try { version = require("./" + dir + "/package.json").version; } catch { process.exit(1); } \
    if (version !== info.version) process.exit(1); }

.PHONY: site test screenshots serve figures notebooks slides-pdf setup python-deps node-deps system-deps bench mutation clean

# SETUP=0 (`make site SETUP=0`, also test, serve, ...) uses .venv and node_modules as they are: the
# set-up's checks take seconds, and an edit of pyproject.toml (a comment too) reinstalls into .venv.
SETUP ?= 1
ifeq ($(SETUP),0)
python-deps node-deps:
	@[ -x $(PY) ] && [ -d node_modules ] || { echo "error: SETUP=0 needs $(VENV) and node_modules: run make $(MAKECMDGOALS) once without it" >&2; exit 1; }
else
# A venv whose interpreter is not $(PYTHON)'s version is made again; packages are installed when
# pyproject.toml changed or the project is not installed. pip's chatter goes to a log shown on failure.
python-deps:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "error: Python >= 3.11 is needed, but '$(PYTHON)' is: $$($(PYTHON) --version 2>&1 | head -1). Run e.g.: make $(MAKECMDGOALS) PYTHON=python3.11" >&2; exit 1; }
	@want=$$($(PYTHON) -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])'); \
	have=$$($(PY) -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null); \
	if [ "$$have" != "$$want" ]; then \
	  [ -z "$$have" ] || echo "$(VENV) has Python $$have, not $$want: making it again"; \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV) || exit 1; fi; \
	stamp="$$want $$(sha256sum pyproject.toml | cut -c1-16)"; \
	if [ "$$(cat $(VENV_STAMP) 2>/dev/null)" != "$$stamp" ] || ! $(PY) -c 'import importlib.metadata as m; m.version("dlcode")' 2>/dev/null; then \
	  echo "installing the Python packages into $(VENV) (about a minute on a fresh machine)"; \
	  { $(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip \
	    && $(PY) -m pip install --quiet --disable-pip-version-check -e '.[site,test,dev]'; } > $(VENV)/pip.log 2>&1 \
	    || { cat $(VENV)/pip.log >&2; echo "error: pip install failed (log above, also in $(VENV)/pip.log)" >&2; exit 1; }; \
	  echo "$$stamp" > $(VENV_STAMP); fi

# node_modules is checked against package-lock.json package by package.
node-deps:
	@command -v node >/dev/null && command -v npm >/dev/null || { \
	  echo "error: Node.js >= $(NODE_MAJOR_MIN) with npm is needed and was not found (Debian: apt-get install nodejs npm)" >&2; exit 1; }
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= $(NODE_MAJOR_MIN) ? 0 : 1)' || { \
	  echo "error: Node.js >= $(NODE_MAJOR_MIN) is needed, found $$(node --version)" >&2; exit 1; }
	@node -e '$(NODE_MODULES_MATCH_LOCK)' 2>/dev/null || { \
	  echo "installing the npm packages (npm ci)"; \
	  npm ci --no-audit --no-fund --loglevel=error > .npm-ci.log 2>&1 || { cat .npm-ci.log >&2; exit 1; }; }
endif

setup: python-deps node-deps

# Chromium (browser tests, screenshots, the PDF deck) and a Japanese font come from Debian's
# packages. $$CHROMIUM may name another Chromium binary.
system-deps:
	@missing=""; \
	if [ -n "$$CHROMIUM" ]; then [ -x "$$CHROMIUM" ] || { echo "error: CHROMIUM=$$CHROMIUM is not an executable" >&2; exit 1; }; \
	else command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing="$$missing chromium"; fi; \
	dpkg -s fonts-ipaexfont-gothic >/dev/null 2>&1 || fc-list 2>/dev/null | grep -q IPAexGothic || missing="$$missing fonts-ipaexfont-gothic"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing (apt-get)"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; } > /tmp/apt-dlcode.log 2>&1 \
	      || { cat /tmp/apt-dlcode.log >&2; exit 1; }; \
	  else \
	    echo "error: missing system packages:$$missing; run: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

figures: python-deps
	$(PY) scripts/build/runner.py sources --only figures

notebooks: python-deps
	$(PY) scripts/build/runner.py sources --only notebooks

site: setup
	@$(PY) scripts/build/build_site.py

# The corrected deck as a PDF hand-out (33 pages, text extractable), printed by Marp with Chromium.
SLIDES_PDF ?= .cache/slides/chapter4-slides.pdf
slides-pdf: site system-deps
	@$(PY) scripts/steps/make_slides.py --pdf $(SLIDES_PDF)

test: site system-deps
	$(PY) -m pytest

# Full-page screenshots of every page (1280 and 390 px, both palettes) and of every slide, for
# people to look at: screenshots/ (the page and deck tests, run with their pictures).
screenshots: site system-deps
	SCREENSHOTS=1 $(PY) -m pytest -q tests/test_browser.py tests/test_slides_browser.py -k "page_renders_cleanly or overflows"

serve: setup
	$(PY) -m mkdocs serve

bench: setup system-deps
	$(PY) scripts/bench/bench_gradient.py
	$(PY) scripts/bench/bench_site.py
	$(PY) scripts/bench/bench_pages.py

# Test strength: mutmut over dlcode (figures aside) with the fast tests in one process; config in
# pyproject.toml. Its output is shown; it fails, saying why, when mutmut fails or a mutant is not
# killed (an equivalent mutant is kept out where it arises, with `# pragma: no mutate` and the reason).
mutation: python-deps
	rm -rf mutants
	@$(VENV)/bin/mutmut run --max-children 2 \
	  || { echo "make mutation: FAILED: mutmut run stopped (its output is above)" >&2; exit 1; }
	@$(VENV)/bin/mutmut export-cicd-stats > /dev/null && test -f mutants/mutmut-cicd-stats.json \
	  || { echo "make mutation: FAILED: mutmut recorded no results" >&2; exit 1; }
	@$(VENV)/bin/mutmut results
	@$(PY) -c 'import json, sys; s = json.load(open("mutants/mutmut-cicd-stats.json")); k, t = s["killed"], s["total"]; \
	  print(f"mutation score: {k}/{t} = {k / t:.1%} killed;", "survived", s["survived"], "no tests", s["no_tests"], "timeout", s["timeout"]); \
	  left = s["survived"] + s["no_tests"] + s["suspicious"] + s["segfault"]; \
	  left and sys.exit(f"make mutation: FAILED: {left} mutants not killed (listed above; mutmut show NAME shows one)")'

clean:
	rm -rf site .site.next .site.published .cache docs/notebooks/*.ipynb docs/notebooks/.manifest.json screenshots mutants
