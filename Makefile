# Kota: `make run` serves the platform and the demo cities; `make test` runs the suite.
# Both need only Python 3.11+ and make: they create .venv and, when DATABASE_URL is unset,
# start an embedded PostgreSQL with its data in .kota/.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench migrate tenants clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m kota.translations
	$(BIN)/python -m kota dev

# The test plugin compiles the translation catalogs itself (kota.testing.pytest_plugin).
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports
	$(BIN)/python -m kota makemigrations --check --dry-run
	$(BIN)/hadolint Dockerfile

bench: $(STAMP)
	$(BIN)/python -m kota.translations
	$(BIN)/python -m tests.bench

migrate: $(STAMP)
	$(BIN)/python -m kota migrate

tenants: $(STAMP)
	$(BIN)/python -m kota tenants apply tenants/

clean:
	rm -rf $(VENV) .kota .bench .pytest_cache
