# Quick start on a fresh machine: `make build`, then `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: build test test-shuffled fuzz lint bench serve check clean sysdeps

$(STAMP): pyproject.toml requirements.lock
	@scripts/system-packages.sh
	@$(PYTHON) scripts/check_system.py
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -c requirements.lock -e '.[dev]'
	@touch $@

build: $(STAMP)
	$(PY) -m publisher build

check: $(STAMP)
	$(PY) -m publisher check

# npm ci installs every test tool of tests/browser/package.json: axe-core and Lighthouse
AXE    := tests/browser/node_modules/axe-core/axe.min.js
LHOUSE := tests/browser/node_modules/lighthouse/cli/index.js

# either missing (a node_modules with axe-core alone) or older than the lock file: install both
$(AXE) $(LHOUSE) &: tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	@touch $(AXE) $(LHOUSE)

test: $(STAMP)
	@scripts/system-packages.sh --test
	@$(MAKE) --no-print-directory $(AXE) $(LHOUSE)
	$(PY) -m pytest -q

# The same suite in a random order (pytest-randomly; SEED=n repeats an order it printed).
test-shuffled: $(STAMP)
	@scripts/system-packages.sh --test
	@$(MAKE) --no-print-directory $(AXE) $(LHOUSE)
	@seed=$${SEED:-$$(date +%s)}; echo "tests shuffled with SEED=$$seed"; \
	$(PY) -m pytest -q -p randomly --randomly-seed=$$seed

# The fuzz tests with many more examples, shrinking failures (HYPOTHESIS_PROFILE=long, tests/conftest.py).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=long $(PY) -m pytest -q tests/test_fuzz.py tests/test_internal_errors.py

lint: $(STAMP)
	$(VENV)/bin/ruff check publisher tests
	$(VENV)/bin/ruff format --check publisher tests
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) -m benchmarks.run

serve: $(STAMP)
	$(PY) -m publisher serve

clean:
	rm -rf build
