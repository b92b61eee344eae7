# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
# Tests and `make run` use the production settings (DEBUG off) over plain HTTP on 127.0.0.1.
LOCAL_HTTP := SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 \
	SECURE_HSTS_SECONDS=0
TEST_ENV := DEBUG=0 SECRET_KEY=test-only-not-secret $(LOCAL_HTTP)
# `make run` is the site as residents and staff get it (the Chinese error pages, hashed static
# files), as a demonstration site (the demo accounts open), with uploads served by Django and
# links in e-mails to http://127.0.0.1:$(PORT). `make dev` is the same with DEBUG on.
RUN_ENV := DEBUG=0 SECRET_KEY=local-only-not-secret $(LOCAL_HTTP) DEMO_SITE=1 SERVE_MEDIA=1 \
	SITE_URL=http://127.0.0.1:$(PORT)
DEV_ENV := DEBUG=1 SITE_URL=http://127.0.0.1:$(PORT)

.PHONY: install run dev manage test lint format check wheel-check coverage bench docs clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: install
	@$(RUN_ENV) $(BIN)/python manage.py migrate --noinput -v0
	@$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	@$(RUN_ENV) $(BIN)/python manage.py seed_demo
	@$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

dev: install
	@$(DEV_ENV) $(BIN)/python manage.py migrate --noinput -v0
	@$(DEV_ENV) $(BIN)/python manage.py seed_demo
	@$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Any management command on the checkout `make run` serves (its settings and database):
# make manage ARGS="import_articles export/ --column gzdt --by zhuangao --dry-run".
manage: install
	@$(RUN_ENV) $(BIN)/python manage.py $(ARGS)

test: install
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# What CI checks before the tests: lint, the layers of the apps (import-linter, pyproject.toml),
# and no model change without its migration.
check: lint
	$(BIN)/lint-imports --no-cache
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Builds the wheel, installs it in a throwaway virtualenv outside the checkout and serves the home
# page from it with the production settings: what `pip install .` gives a server. Needs no .venv.
wheel-check:
	$(PYTHON) .ci/check_wheel.py

coverage: install
	$(TEST_ENV) $(BIN)/coverage run -m pytest $(PYTEST_ARGS)
	$(BIN)/coverage report

bench: install
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
	$(BIN)/python bench/run.py --scale 1000,100000

# The documentation site (mkdocs.yml, docs/), built into .site/ to read locally; --strict makes
# every warning, such as a broken link between pages, an error.
docs: install
	$(BIN)/mkdocs build --strict --site-dir .site

clean:
	rm -rf $(VENV) .test-db-*.sqlite3* .coverage htmlcov .site
