# SEND family portal. `make run` to set up and serve; `make test` to run every test.
.DEFAULT_GOAL := help
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORTAL := $(VENV)/bin/portal
PYTEST := $(VENV)/bin/pytest
export PYTHONDONTWRITEBYTECODE := 1

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@command -v python3 >/dev/null || { echo "Python 3.11 or newer is needed"; exit 1; }
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

bootstrap: $(VENV)/.installed assets translations ## Install Python and front-end dependencies, build assets

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20 and npm are needed"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

ASSETS := portal/static/css/portal.css portal/static/js/portal.js
assets: $(ASSETS) ## Build CSS and copy GOV.UK Frontend and htmx

$(ASSETS): node_modules/.installed assets/scss/portal.scss assets/js/portal.js assets/js/voice.js
	mkdir -p portal/static/css portal/static/js portal/static/govuk
	npm run --silent build
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js portal/static/js/
	cp node_modules/htmx.org/dist/htmx.min.js portal/static/js/
	cp assets/js/portal.js portal/static/js/portal.js
	cp assets/js/voice.js portal/static/js/voice.js
	rm -rf portal/static/govuk/assets && cp -r node_modules/govuk-frontend/dist/govuk/assets portal/static/govuk/assets

translations: $(VENV)/.installed ## Compile the Welsh and Urdu catalogues
	$(VENV)/bin/pybabel compile -d portal/translations --statistics

babel-extract: $(VENV)/.installed ## Extract interface text into messages.pot
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o portal/translations/messages.pot --no-location --sort-output .

babel-update: babel-extract ## Merge new text into the cy and ur catalogues
	$(VENV)/bin/pybabel update -i portal/translations/messages.pot -d portal/translations --no-fuzzy-matching --ignore-obsolete

setup: bootstrap ## Create the SQLite database, load content and demo data, build the search index
	$(PORTAL) setup

run: setup ## Set up everything and serve on http://127.0.0.1:5000
	@echo "Serving on http://127.0.0.1:5000 (Ctrl+C to stop)"
	$(PORTAL) run --host 127.0.0.1 --port 5000

lint: $(VENV)/.installed ## ruff, and the import-linter contracts in pyproject.toml (dependencies point one way)
	$(VENV)/bin/ruff check portal portal_demo tests bench
	$(VENV)/bin/ruff format --check portal portal_demo tests bench
	PYTHONPATH=$(CURDIR) $(VENV)/bin/lint-imports --no-cache

# Tests run in parallel with pytest-xdist, work-stealing (browser tests are long: no worker waits on a queue of them at
# the end); each worker that runs browser tests has its own server and browser. TEST_WORKERS=0 runs serially.
TEST_WORKERS ?= auto
XDIST := $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist worksteal)
# The PostgreSQL pass runs the tests on the shared app and its database (the rest, browser tests included, need no
# second database). It runs beside the SQLite pass, on one worker: the SQLite pass leaves about 40% of two cores idle
# while browser tests wait on the browser. TEST_PASSES=one-by-one runs it after the SQLite pass instead.
TEST_PASSES ?= together
PG_PASS := -m "not e2e" --database-tests-only
SQLITE_PASS := echo "== SQLite pass, pytest-xdist -n $(TEST_WORKERS) (each worker its own database file and search index)"; \
  PORTAL_TEST_DATABASE_URL= $(PYTEST) $(XDIST)

test: bootstrap lint ## Run the whole test suite (SQLite, and PostgreSQL beside it if PORTAL_TEST_DATABASE_URL is set)
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then \
	  echo "== Browser tests: on (Debian chromium)"; else \
	  echo "== Browser tests: SKIPPED (no /usr/bin/chromium; .ci/run installs it)"; fi
	@if [ -z "$$PORTAL_TEST_DATABASE_URL" ]; then \
	  $(SQLITE_PASS) || exit 1; \
	  echo "== PostgreSQL pass SKIPPED (set PORTAL_TEST_DATABASE_URL to run it)"; \
	elif [ "$(TEST_PASSES)" = "one-by-one" ]; then \
	  $(SQLITE_PASS) || exit 1; \
	  echo "== PostgreSQL pass ($$PORTAL_TEST_DATABASE_URL, a database per worker)"; \
	  $(PYTEST) $(XDIST) $(PG_PASS); \
	else \
	  log=$$(mktemp); \
	  echo "== PostgreSQL pass started beside the SQLite pass ($$PORTAL_TEST_DATABASE_URL, one worker); its report follows"; \
	  $(PYTEST) -n 1 $(PG_PASS) -p no:cacheprovider > $$log 2>&1 & postgres=$$!; \
	  $(SQLITE_PASS); sqlite=$$?; \
	  wait $$postgres; pg=$$?; \
	  echo "== PostgreSQL pass (ran beside the SQLite pass):"; cat $$log; rm -f $$log; \
	  [ $$sqlite -eq 0 ] && [ $$pg -eq 0 ]; \
	fi

DEV_SETS := $(wildcard ../shared/chat-eval/dev.tsv) bench/questions-dev-extra.tsv bench/questions-dev-facts.tsv bench/questions-dev2.tsv bench/questions-dev4.tsv bench/questions-dev5.tsv
INTENT_DEV_SETS := bench/intent-dev.tsv bench/intent-dev2.tsv bench/intent-dev3.tsv bench/intent-dev4.tsv
SCREENING_DEV_SETS := bench/screening-young-dev.tsv bench/screening-immediate-dev.tsv bench/screening-immediate-dev2.tsv bench/screening-immediate-dev3.tsv portal/safeguarding/candidates/train-writers-fifth-round.tsv
TEST_SET := bench/questions-test.tsv
eval: bootstrap ## Search and assistant quality: development sets (tuned on) and the frozen test set, reported apart
	$(PY) -m bench.eval_search --dev $(DEV_SETS) $(if $(wildcard $(TEST_SET)),--test $(TEST_SET),)
	$(PY) -m bench.eval_chat --dev $(DEV_SETS) $(if $(wildcard $(TEST_SET)),--test $(TEST_SET),)
	$(PY) -m bench.eval_intent $(INTENT_DEV_SETS)
	$(PY) -m bench.eval_screening $(SCREENING_DEV_SETS)

eval-dev: bootstrap ## The development sets only (tuned on): the loop while improving search, the assistant or screening
	$(PY) -m bench.eval_search --dev $(DEV_SETS)
	$(PY) -m bench.eval_chat --dev $(DEV_SETS)
	$(PY) -m bench.eval_intent $(INTENT_DEV_SETS)
	$(PY) -m bench.eval_screening --dev-only $(SCREENING_DEV_SETS)

bench: bootstrap ## Measure search and screening latency, index build time and requests per second
	$(PY) -m bench.search_latency
	$(PY) -m bench.chat_latency
	$(PY) -m bench.screening_latency
	$(PY) -m bench.http_load
	$(PY) -m bench.signin_burst

load: bootstrap ## Load test on a local PostgreSQL: 50 families and 20 officers for LOAD_SECONDS (default 60)
	$(PY) -m bench.load_cases

cluster-check: bootstrap ## Two web nodes and two workers on the local PostgreSQL and Redis behave as one service
	$(PY) deploy/cluster_check.py

clean: ## Remove generated files (keeps .venv and node_modules)
	rm -rf instance search_index/index-* search_index/CURRENT portal/static/css portal/static/js portal/static/govuk

.PHONY: help bootstrap assets translations babel-extract babel-update setup run lint test eval eval-dev bench load cluster-check clean
