# Two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format bench messages worker prod-smoke lock clean

install: $(VENV)/.deps node_modules/.deps static/vendor/.built messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Exact versions with their hashes (requirements-dev.lock, made from pyproject.toml by `make lock`),
# then the project itself without resolving anything again.
$(VENV)/.deps: pyproject.toml requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

node_modules/.deps: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

static/vendor/.built: node_modules/.deps scripts/build_assets.py | $(VENV)/.deps
	$(BIN)/python scripts/build_assets.py

messages: | $(VENV)/.deps
	$(BIN)/python scripts/compile_messages.py

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy .
	$(BIN)/python scripts/check_module_size.py
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=ccsmm.settings.test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

worker: install
	$(BIN)/celery -A ccsmm worker --loglevel=info

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy .
	$(BIN)/python scripts/check_module_size.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m bench

# The production shape on this machine (gunicorn, a Celery worker, the scheduler) against the
# PostgreSQL of DATABASE_URL and the Redis of REDIS_URL: sign in, score, a PDF, stop.
prod-smoke: install
	$(BIN)/python scripts/prod_smoke.py

# After changing the dependencies in pyproject.toml: the lock files again, with hashes.
lock: install
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --extra dev -o requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles .test-media
