# Kota: `make run` serves the platform and the demo cities; `make test` runs the suite.
# Both need only Python 3.11+ and make: they create .venv and, when DATABASE_URL is unset,
# start an embedded PostgreSQL with its data in .kota/.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The theme packs, whose templates have translation catalogs of their own.
THEMES := $(or $(KOTA_HOME),.)/themes

.PHONY: run test lint bench migrate tenants messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m kota.translations $(THEMES)
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
	$(BIN)/python -m kota.translations $(THEMES)
	$(BIN)/python -m tests.bench

migrate: $(STAMP)
	$(BIN)/python -m kota migrate

tenants: $(STAMP)
	$(BIN)/python -m kota tenants apply tenants/

# Bring every catalog (each app's and theme's locale/ folder) up to date with the code,
# then translate what is new in locale/id/LC_MESSAGES/django.po. Needs GNU gettext.
messages: $(STAMP)
	$(BIN)/python -m kota.translations --extract $(THEMES)

clean:
	rm -rf $(VENV) .kota .bench .pytest_cache
