# Essor — two commands: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test messages check-messages lint format demo clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml requirements.lock
	$(PIP) install --quiet -c requirements.lock -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(PIP) install --quiet -c requirements.lock -e ".[test]"
	touch $@

install: $(STAMP)

install-test: $(TEST_STAMP)

# Compile translations with polib (pure Python: no gettext needed to run).
messages: $(STAMP)
	$(PY) manage.py compile_translations

# Absolute links (QR codes, calendars) and the printed address follow HOST and PORT.
run: export ESSOR_SITE_URL ?= http://$(HOST):$(PORT)
run: install messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_territories
	$(PY) manage.py load_method_templates
	$(PY) manage.py load_demo
	$(PY) manage.py load_observatory_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-test messages
	$(PY) -m pytest $(PYTEST_ARGS)

# Needs GNU gettext (makemessages); .ci/run installs it.
check-messages: install-test
	$(PY) manage.py check_translations

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles essor.sqlite3
