# Concord: `make demo` serves the demo on the embedded default, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo test lint bench messages catalogs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --upgrade pip
	$(VENV)/bin/pip install --quiet --disable-pip-version-check ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Extract every marked string into the six catalogs (locale/<lang>/LC_MESSAGES/django.po).
messages: $(STAMP)
	$(PY) manage.py makemessages -l ar -l zh_Hans -l en -l fr -l ru -l es --add-location=file --ignore=.venv --ignore=tests --ignore=benchmarks --ignore=var --ignore='*/vendor/*' --ignore=node_modules

# Compile the catalogs to .mo files (not committed): GNU msgfmt, else polib (pure Python).
catalogs: $(STAMP)
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=var -v0; \
	else \
		$(PY) -m common.catalogs; \
	fi

demo: $(STAMP) catalogs
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py demo --host $(HOST) --port $(PORT)
	@echo "Concord is serving on http://$(HOST):$(PORT)/ (web interface) and http://$(HOST):$(PORT)/api/docs/ (API docs); Ctrl-C stops it"
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

test: $(STAMP) catalogs
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m benchmarks.run $(BENCH_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
