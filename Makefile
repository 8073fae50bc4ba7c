# Ruamkid: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-slow bench lint format messages compilemessages migrate demo clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/activate

install: $(BIN)/activate

# The compiled catalogues are committed too, so a machine without gettext still runs.
compilemessages: install
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv -v 0; \
	else echo "msgfmt not found: using the committed .mo catalogues"; fi

migrate: install compilemessages
	$(PY) manage.py migrate --noinput -v 0

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(BIN)/daphne -b $(HOST) -p $(PORT) participation.asgi:application

test: install compilemessages
	$(PY) -m pytest -q

test-slow: install compilemessages
	$(PY) -m pytest -q -m slow

bench: install
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(PY) benchmarks/bench_counting.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	$(PY) manage.py makemessages -l th -l en --no-location --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=benchmarks
	$(PY) manage.py makemessages -d djangojs -l th -l en --no-location --no-obsolete --ignore=.venv --ignore=staticfiles

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
