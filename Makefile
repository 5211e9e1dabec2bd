# The two commands of the README: `make run` sets up and runs the main job, `make test` sets up and tests.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

$(BIN)/claimledger: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

.PHONY: setup run test bench bench-cqe browser
setup: $(BIN)/claimledger

run: setup
	$(BIN)/claimledger run --out ledger

test: setup browser
	$(BIN)/ruff check claimledger bench tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# Headless Chromium for the fact-sheet rendering test, best effort (Debian package; the test skips without it).
browser:
	command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1 || true

bench: setup
	$(BIN)/python -m bench.bench

# claimledger, CQE and quantulum3 side by side (bench/README.md); builds CQE's own venv in bench/out/ the first time.
bench-cqe: setup
	$(BIN)/python -m bench.sidebyside
