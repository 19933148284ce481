# lib1ref-bot: `make demo` runs the bot end to end on a local wiki, `make test` runs every check,
# `make check` the quick ones.
# demo and test install what they need: Debian packages (MediaWiki, PHP) and a virtualenv in .venv.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install packages check test lint demo demo-stop bench fuzz clean

install: $(STAMP)

# The install builds the walk's C module (bot/citations/_cwalk.c) in place; the build is
# optional (no compiler: the walk steps in Python), so a build that fails must not leave the
# module of an older source behind.
$(STAMP): pyproject.toml bot/citations/_cwalk.c
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	rm -f bot/citations/_cwalk.*.so
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian packages for the local MediaWiki (installed only when missing).
packages: $(STAMP)
	$(PY) -m scripts.devwiki packages

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

# The quick loop while editing (under 20 s): lint, types and the tests that need neither the
# local wiki nor a long run (markers `wiki` and `slow`, see pyproject.toml).
check: lint
	$(PY) -m pytest -q -m "not wiki and not slow"

test: packages lint
	$(PY) -m pytest -q

demo: packages
	$(PY) -m scripts.demo

demo-stop: $(STAMP)
	$(PY) -m scripts.devwiki stop --dir .demo/wiki

bench: packages
	$(PY) -m scripts.bench

fuzz: $(STAMP)
	$(PY) -m scripts.fuzz_citations

clean:
	rm -rf $(VENV) .demo .devwiki .pytest_cache .mypy_cache .ruff_cache bot/citations/_cwalk.*.so
