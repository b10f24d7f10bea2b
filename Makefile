# The two commands of the README: `make demo` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test install lint bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/pmbot demo --db sqlite:///pmbot-demo.db

# ruff on the whole repository, mypy on domain/ intents/ knowledge/ (see [tool.mypy]), and the
# import-linter contracts between the packages.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# pytest's own addopts hold -q; its closing line ("N passed in …") is the result.
test: lint
	$(PY) -m pytest

bench: install
	$(PY) benchmarks/run_all.py
