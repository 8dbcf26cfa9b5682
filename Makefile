# Two commands: `make run` (portal with demo data on SQLite) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install migrate worker lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

# Serve the portal with demo data; the background worker (PDF packages) runs beside it.
run: export DEBUG = 1
run: migrate
	$(PY) manage.py load_reference_data
	$(PY) manage.py load_demo_data
	@echo "Portal: http://127.0.0.1:8000  (worker: manage.py db_worker runs in the background)"
	$(PY) manage.py db_worker --interval 1 & WORKER=$$!; \
	trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

worker: install
	$(PY) manage.py db_worker

test: install
	$(PY) manage.py makemigrations --check --dry-run --settings=bangkok_network.settings_test
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install
	@for script in benchmarks/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles var
