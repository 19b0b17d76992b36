# Quick start on a fresh machine: `make build`, then `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: build docs test test-full test-reversed fuzz lint bench serve check clean sysdeps

$(STAMP): pyproject.toml requirements.lock
	@scripts/system-packages.sh
	@$(PYTHON) scripts/check_system.py
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -c requirements.lock -e '.[dev]'
	@touch $@

build: $(STAMP)
	$(PY) -m publisher build

# docs/reference.md from the code (tests/test_reference.py fails when it differs).
docs: $(STAMP)
	$(PY) -m publisher.reference docs/reference.md

check: $(STAMP)
	$(PY) -m publisher check

# npm ci installs every test tool of tests/browser/package.json: axe-core, Lighthouse and Ace by DAISY
# (the stamp is newer than the lock file only once all of them are installed). Ace's Electron and
# Puppeteer's own Chromium are not downloaded: the tests drive Debian's Chromium.
NODE   := tests/browser/node_modules/.installed

$(NODE): tests/browser/package.json tests/browser/package-lock.json
	ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	@touch $@

# The suite in a new random order each run (pytest-randomly: SEED=n repeats the order it printed),
# in one process more than the machine has cores (pytest-xdist, one module per process at a time:
# many tests wait on Chromium, Java or a build's workers; JOBS=1 runs it in one).
JOBS ?= $(shell echo $$(( $$(nproc) + 1 )))
test: $(STAMP)
	@scripts/system-packages.sh --test
	@$(MAKE) --no-print-directory $(NODE)
	@seed=$${SEED:-$$(date +%s)}; echo "tests shuffled with SEED=$$seed"; \
	$(PY) -m pytest -q -p randomly --randomly-seed=$$seed -n $(JOBS) --dist loadfile

# The slow tests (marked `full`: the doc examples that build whole publications; Ace by DAISY on every
# sample e-book, where make test checks one left-to-right book and the Arabic one; every page kind in
# Lighthouse on the build with base_url; a worker killed mid-book), then the scripts fixture in all its
# 25 languages (tests/test_scripts.py; `make test` builds seven of them); after `make test` in CI.
test-full: $(STAMP)
	@scripts/system-packages.sh --test
	@$(MAKE) --no-print-directory $(NODE)
	$(PY) -m pytest -q -m full -n $(JOBS) --dist loadfile
	PUBLISHER_SCRIPTS=all $(PY) -m pytest -q -p no:randomly tests/test_scripts.py

# The suite in its written order reversed (pytest-reverse): what ran last runs first.
test-reversed: $(STAMP)
	@scripts/system-packages.sh --test
	@$(MAKE) --no-print-directory $(NODE)
	$(PY) -m pytest -q --reverse -n $(JOBS) --dist loadfile

# The fuzz tests with many more examples, shrinking failures (HYPOTHESIS_PROFILE=long, tests/conftest.py).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=long $(PY) -m pytest -q -n $(JOBS) tests/test_fuzz.py tests/test_internal_errors.py

lint: $(STAMP)
	$(VENV)/bin/ruff check publisher tests
	$(VENV)/bin/ruff format --check publisher tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# The build's speed and memory, the scripts' cost per page, and Lighthouse's performance score
# (a timing score: measured here, never by a test).
bench: $(STAMP)
	@scripts/system-packages.sh --test
	@$(MAKE) --no-print-directory $(NODE)
	$(PY) -m benchmarks.run
	$(PY) -m benchmarks.scripts
	$(PY) -m benchmarks.lighthouse

serve: $(STAMP)
	$(PY) -m publisher serve

clean:
	rm -rf build
