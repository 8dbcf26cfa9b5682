# Two commands: `make run` (portal with demo data on SQLite) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := requirements.lock
PORT ?= 8000

.PHONY: run test install lock lock-upgrade migrate worker lint bench deploy-smoke messages clean

# Every install takes its versions from the lock, so a fresh machine and CI get the same set;
# a changed lock (or pyproject.toml) reinstalls.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -c $(LOCK) pip
	$(PY) -m pip install --quiet -c $(LOCK) -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Regenerate the lock from pyproject.toml, keeping every pin that still fits (an upgrade is the
# deliberate `make lock-upgrade`). It needs only pip-tools, not the project installed, so it works
# even when a new dependency conflicts with the old pins.
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --all-extras \
	--strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links --newline=lf \
	--output-file $(LOCK) pyproject.toml

lock lock-upgrade:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet $(if $(wildcard $(LOCK)),-c $(LOCK)) pip-tools
	$(PIP_COMPILE) $(if $(filter lock-upgrade,$@),--upgrade)

migrate: install
	$(PY) manage.py migrate --noinput

# Serve the portal with demo data; the background worker (PDF packages) runs beside it.
# The server and the worker each lead their own process group (setsid), and whatever stops this
# recipe (Ctrl-C, a closed terminal, `kill` of make) stops both groups whole: runserver's and
# db_worker's autoreloader children included.
run: export DEBUG = 1
run: migrate
	$(PY) manage.py load_reference_data
	$(PY) manage.py load_demo_data
	@echo "Portal: http://127.0.0.1:$(PORT)  (worker: manage.py db_worker runs in the background)"
	@setsid $(PY) manage.py db_worker --interval 1 & worker=$$!; \
	setsid $(PY) manage.py runserver 127.0.0.1:$(PORT) & server=$$!; \
	trap 'trap - EXIT INT TERM HUP; kill -TERM -$$server -$$worker 2>/dev/null; wait' EXIT INT TERM HUP; \
	wait $$server

worker: install
	$(PY) manage.py db_worker

# axe-core for the accessibility tests (tests/test_accessibility.py), pinned in package-lock.json:
# `npm ci` only when the lock changed. Without npm the tests skip (CI installs it and requires them).
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund && touch $(NODE_STAMP); \
	else echo "npm not found: the accessibility tests will be skipped (apt-get install nodejs npm)"; fi

test: install $(NODE_STAMP)
	$(PY) manage.py makemigrations --check --dry-run --settings=bangkok_network.settings_test
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

# The README's "Deploying" section, performed on a throwaway PostgreSQL database with DEBUG off,
# then the role journeys in Chromium against its gunicorn (see scripts/deploy_smoke.sh).
deploy-smoke: install
	scripts/deploy_smoke.sh

# Compile the translation catalogues (locale/*/LC_MESSAGES/django.po → .mo) after editing a .po;
# the .mo files are committed, so `make run` and a deployment need no gettext tools.
messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

bench: install
	@for script in benchmarks/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles var
