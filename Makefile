# Two entry points: `make demo` and `make test` (see README). Everything else is a step of those.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PY_STAMP := $(VENV)/.installed
JS_STAMP := js/node_modules/.package-lock.json
DEMO_PORT ?= 8888

.PHONY: install build lint typecheck test test-js test-py demo chromium bench emulator soak clean

install: $(PY_STAMP) build

$(JS_STAMP): js/package.json js/package-lock.json
	cd js && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# esbuild is fast enough to run every time; this keeps static/ in step with js/src.
build: $(JS_STAMP)
	cd js && npm run --silent build

LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json

$(PY_STAMP): pyproject.toml $(JS_STAMP) jupyter-overrides.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	cd js && npm run --silent build
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@mkdir -p $(dir $(LAB_OVERRIDES)) && cp jupyter-overrides.json $(LAB_OVERRIDES)
	@touch $@

chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v chromium >/dev/null

lint: install
	$(BIN)/ruff check puffle_widgets tests bench tools
	$(BIN)/ruff format --check puffle_widgets tests bench tools
	$(BIN)/python tools/check_layers.py

typecheck: install
	$(BIN)/mypy --strict puffle_widgets tools bench
	cd js && npx --no-install tsc --noEmit

test-js: $(JS_STAMP)
	cd js && npx --no-install vitest run

# Two workers, one test file each at a time: most of the suite waits on kernels, servers and
# browsers, so this nearly halves it even on two cores (a file's fixtures stay in one process).
PYTEST_WORKERS ?= 2

test-py: install chromium
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

test: lint typecheck test-js test-py

# The quickstart starts the emulator in its kernel when PUFFLE_API_KEY is unset: no key needed.
demo: install
	env -u PUFFLE_API_KEY $(BIN)/jupyter lab --ServerApp.root_dir=notebooks \
		--ServerApp.port=$(DEMO_PORT) --ServerApp.allow_root=True \
		--LabApp.default_url=/lab/tree/quickstart.ipynb

emulator: install
	$(BIN)/python -m puffle_widgets.emulator --demo

# Issue 10's figures in a real kernel and real JupyterLab/Chromium (about 15 minutes); writes
# bench/RESULTS.md. `make test` runs the same harness once at tiny sizes (tests/bench).
bench: install chromium
	$(BIN)/python -m bench

# Issue 8's fault soak for ten minutes (SOAK_SECONDS, SOAK_SEED to change); prints its figures.
# `make test` runs the same soak for a minute (tests/soak, marker `soak`).
SOAK_SECONDS ?= 600
soak: install
	PUFFLE_SOAK_SECONDS=$(SOAK_SECONDS) $(if $(SOAK_SEED),PUFFLE_SOAK_SEED=$(SOAK_SEED)) \
		$(BIN)/python -m tests.soak

clean:
	rm -rf $(VENV) js/node_modules puffle_widgets/static .pytest_cache .mypy_cache .ruff_cache
