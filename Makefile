# Two commands on a fresh machine: `make run` (the portal with its demo school) and
# `make test` (the whole suite). Everything else here supports those two.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
FLASK  := $(BIN)/flask --app portal

export PORTAL_DEMO ?= 1

.PHONY: run test fuzz install translations browser-tools db demo lint clean check-python

check-python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: install it, or run make PYTHON=/path/to/python3.11"; exit 1; }

$(BIN)/activate: pyproject.toml | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/activate

install: $(BIN)/activate

translations: install
	$(BIN)/pybabel compile -d translations --statistics 2>&1 | tail -n 3

db: install translations
	$(FLASK) init-db

demo: db
	$(FLASK) seed-demo

run: demo
	PUBLIC_URL=$${PUBLIC_URL:-http://127.0.0.1:$(PORT)} $(FLASK) run --host 127.0.0.1 --port $(PORT)

# axe-core and the W3C HTML checker, pinned, from the npm registry (once; see the script).
browser-tools:
	bash tests/browser/fetch-tools.sh

# pytest-xdist: one worker per CPU; each browser role's crawl stays in one worker
# (tests/browser/conftest.py), other tests spread freely. WORKERS=0 runs in one process.
WORKERS ?= auto
test: install translations browser-tools
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup $(PYTEST_ARGS)

# The form fuzzer's long run (make test runs its short, fixed profile): the attacker's table,
# then FUZZ_EXAMPLES random examples a role (README "Security").
fuzz: install translations
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-100} FUZZ_SEED=random $(BIN)/python -m pytest tests/test_fuzz_forms.py -q

lint: install
	$(BIN)/ruff check portal tests benchmarks
	$(BIN)/ruff format --check portal tests benchmarks

clean:
	rm -rf $(VENV) instance *.egg-info .pytest_cache
