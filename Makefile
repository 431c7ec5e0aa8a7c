# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test test-e2e api-fuzz lint bench bench-reporting bench-library install translations messages migrate load worker openapi clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) translations

# The interface catalogues (naptrack/locale/*/LC_MESSAGES/django.po) compiled to .mo with
# Babel, so no system gettext is needed; .mo files are build products (docs/i18n.md).
translations: $(STAMP)
	$(BIN)/python manage.py compile_translations --verbosity 0

# Extract new interface strings into every catalogue; needs GNU gettext (apt install gettext).
LOCALES := ar zh_Hans fr ru es
messages: install
	$(BIN)/python manage.py makemessages $(addprefix -l ,$(LOCALES)) --no-obsolete \
		--ignore='.venv/*' --ignore='var/*' --ignore='staticfiles/*' --ignore='tests/*' \
		--ignore='bench/*' --ignore='scripts/*'

migrate: install
	$(BIN)/python manage.py migrate --noinput

load: migrate
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py load_twinning_examples
	$(BIN)/python manage.py recompute_report_cards

run: load
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The background worker: document ingestion, report-card recomputation (docs/operations.md).
worker: migrate
	$(BIN)/python manage.py db_worker

test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -q -n auto

test-e2e: install
	$(BIN)/pytest -q -p no:xdist -m e2e

# schemathesis against a throwaway server on 127.0.0.1 (docs/api.md#fuzzing); a few minutes.
api-fuzz: install
	BIN=$(BIN) scripts/api_fuzz.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

openapi: install
	$(BIN)/python manage.py export_openapi > docs/openapi.json

bench: install
	command -v ab >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends apache2-utils; }
	$(BIN)/python bench/run.py

# The reporting outputs on the synthetic scale dataset (docs/benchmarks.md); about 15 minutes.
bench-reporting: install
	$(BIN)/python bench/reporting_bench.py

# The document library: ingestion, index build and search over a SYNTHETIC corpus
# (bench/library_bench.py; results appended to docs/benchmarks.md).
bench-library: install
	$(BIN)/python bench/library_bench.py

# Recompute every report card on the synthetic scale dataset (docs/benchmarks.md).
bench-report-cards: install
	$(BIN)/python bench/report_cards_bench.py

clean:
	rm -rf $(VENV) var
