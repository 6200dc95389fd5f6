# Two entry points for a fresh machine: `make run` (dashboard on the demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# Only this machine by default: serving a team is a choice (README "Serving a team").
ADDRESS ?= 127.0.0.1

.PHONY: run test setup setup-dev browser demo bench lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt

setup-dev: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt

# Debian's chromium for the browser tests and chart image export (never a downloaded browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

demo: setup
	$(BIN)/python -m analytics.ingest demo

run: setup demo
	$(BIN)/streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT)

test: setup-dev browser
	$(BIN)/python -m pytest -q

bench: setup-dev
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

lint: setup-dev
	$(BIN)/ruff check .
