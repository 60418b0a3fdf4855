# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench demo clean

$(STAMP): requirements.txt
	@echo "Installing the pinned packages into $(VENV) (first start, or requirements.txt changed): about a minute…"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# On first start: builds the demo company and trains the credit model (visible progress); then serves the app.
run: $(STAMP)
	$(PY) -m lafa_core.generate --if-missing
	$(PY) -m lafa_core.migrate
	$(PY) -m lafa_core.credit train --if-missing --as credit_lead
	$(PY) -m lafa_core.users demo-passwords
	$(PY) serve.py

# Two workers on two cores (one test file per worker at a time: a file's fixtures stay together),
# files in collection order, the browser tests first (tests/conftest.py).
test: $(STAMP)
	$(PY) -m pytest -q -n auto --dist loadfile --no-loadscope-reorder

bench: $(STAMP)
	$(PY) -m lafa_core.bench

# Rebuild the demo company from scratch.
demo: $(STAMP)
	$(PY) -m lafa_core.generate --replace

clean:
	rm -rf $(VENV) data/lafa.db data/lafa.db-wal data/lafa.db-shm
