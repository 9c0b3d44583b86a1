# The README's two commands are `make run` and `make test`. Both install what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint check assets lock system-packages system-packages-browser migrate-check clean-db help backup restore

help:
	@echo "make run    - run the portal on http://$(HOST):$(PORT) (SQLite, no Redis, demo data)"
	@echo "make test   - run the whole test suite (PostgreSQL and Redis from DATABASE_URL/REDIS_URL)"
	@echo "make lint   - ruff, bandit and the migrations check"
	@echo "make assets - rebuild static/govuk from npm's govuk-frontend (needs node/npm)"
	@echo "make backup - back up the database and uploads into backups/<timestamp>/"
	@echo "make restore BACKUP=backups/<timestamp> - restore one (replaces the database and uploads)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# WeasyPrint needs Pango; the browser tests need Debian's Chromium (never a downloaded one).
system-packages:
	@if ! ldconfig -p | grep -q libpangoft2-1.0; then \
		echo "Installing Pango for PDF rendering"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation >/dev/null; \
	fi

system-packages-browser: system-packages
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's Chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null; \
	fi

run: $(VENV)/.runtime system-packages
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.embedded $(BIN)/python manage.py migrate --noinput -v0
	DJANGO_SETTINGS_MODULE=config.settings.embedded $(BIN)/python manage.py seed_demo --if-empty
	DJANGO_SETTINGS_MODULE=config.settings.embedded $(BIN)/python manage.py run_embedded $(HOST):$(PORT)

# Two passes: everything that can share the machine on both cores (pytest-xdist, one test
# database and cache per worker), then what cannot (a real Celery queue, the fault tests that
# stop PostgreSQL and Redis) alone. TEST_WORKERS=1 runs the first pass in one process.
# Exit status 5 is pytest's "nothing collected", when PYTEST_ARGS picks tests of one kind only.
# The serial pass is one xdist worker too, so it reuses the first worker's test database.
TEST_WORKERS ?= 2
test: $(VENV)/.dev system-packages-browser
	$(BIN)/python -m pytest -m "not serial" -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(BIN)/python -m pytest -m serial -n 1 $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -c pyproject.toml -r config core partnership subgroups reviews audits scrutiny training engagement policies website
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

assets:
	cd frontend && npm ci && npm run build

lock:
	rm -rf /tmp/portal-lock && $(PYTHON) -m venv /tmp/portal-lock
	/tmp/portal-lock/bin/pip install -q -r requirements.txt
	@echo "Check the resolved set with: /tmp/portal-lock/bin/pip freeze"

# With write-ahead logging SQLite keeps two files beside the database: a stale one would be
# replayed into the next new database.
clean-db:
	rm -f var/portal.sqlite3 var/portal.sqlite3-wal var/portal.sqlite3-shm

# Back up / restore the database and uploads of the deployment described by the environment
# (DJANGO_SETTINGS_MODULE, DATABASE_URL, MEDIA_ROOT). BACKUP_DIR defaults to backups/.
BACKUP_DIR ?= backups
backup: $(VENV)/.runtime
	$(BIN)/python manage.py backup --to $(BACKUP_DIR)

restore: $(VENV)/.runtime
	@test -n "$(BACKUP)" || (echo "Usage: make restore BACKUP=backups/<timestamp>" && exit 2)
	$(BIN)/python manage.py restore $(BACKUP) --yes
