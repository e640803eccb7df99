# Each target does its own set-up: `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install browser data run test lint

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Migrate, then load the reference data and the documents (both idempotent).
data: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data
	$(PY) manage.py import_documents fixtures/documents

run: data
	$(PY) manage.py runserver $(HOST):$(PORT)

# The browser tests drive the distribution's Chromium, not a browser build that
# Playwright downloads. As root it is installed when missing; otherwise say how.
browser:
	@command -v chromium >/dev/null 2>&1 || [ -x "$${CHROMIUM_PATH:-}" ] || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium for the browser tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	      chromium fonts-liberation; \
	  else \
	    echo "The browser tests need Chromium: run 'sudo apt-get install chromium fonts-liberation'" \
	      "or set CHROMIUM_PATH to a Chromium binary." >&2; \
	    exit 1; \
	  fi; }

test: install browser
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .

# Back up the database (the embedded one, or DATABASE_URL's) to BACKUP, by
# default a dated file in var/backups/; restore asks before replacing anything.
.PHONY: backup restore
backup: install
	$(PY) manage.py backup $(BACKUP)

restore: install
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=path/to/file.dump" >&2; exit 2; }
	$(PY) manage.py restore "$(BACKUP)"

# The benchmark (bench/run.py): a 100,000-document synthetic corpus in its own
# database on BENCH_DATABASE_URL's server (default gpgkb_bench at 127.0.0.1:5432),
# the site under gunicorn, load from wrk; writes BENCHMARKS.md. BENCH_ARGS passes options.
.PHONY: bench
bench: install
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk" >&2; exit 2; }
	$(PY) -m pip install --quiet -e '.[prod]'
	$(PY) bench/run.py $(BENCH_ARGS)

# The load check (bench/load.py): the same database and server as `make bench`,
# 100 wrk connections for 30 s on a mix of pages; fails on any error. LOAD_ARGS passes options.
.PHONY: load
load: install
	@command -v wrk >/dev/null || { echo "make load needs wrk: apt-get install wrk" >&2; exit 2; }
	$(PY) -m pip install --quiet -e '.[prod]'
	$(PY) bench/load.py $(LOAD_ARGS)
