# Pressmark: the two commands of the README, and their parts.
#   make serve   install what is missing, build the release app, serve it on 127.0.0.1:8080
#   make test    install what is missing, run every test layer (exits non-zero on failure)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT  := $(CURDIR)
TOOLS := $(ROOT)/.tools
export PATH := $(TOOLS)/bin:$(TOOLS)/node/node_modules/.bin:$(PATH)
export NODE_PATH := $(TOOLS)/node/node_modules
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner
PORT ?= 8080

.PHONY: help tools tools-build serve test test-lint test-native test-interop test-python test-browser test-e2e test-durability-50 gold bench clean-tools

# Everything the release build depends on: dist/ is rebuilt only when one
# of these is newer than dist/index.html.
APP_SOURCES := index.html Trunk.toml Cargo.toml Cargo.lock $(shell find src assets crates/engine/src crates/engine/data crates/engine/rules -type f 2>/dev/null)

help:
	@echo "make serve   build the app (release) and serve it on http://127.0.0.1:$(PORT)"
	@echo "make test    run fmt, clippy, native, interop, in-browser and end-to-end tests"
	@echo "make gold    score the engine on ../shared/gold and tests/fixtures"
	@echo "make bench   one table: engine, CLI, bundle and browser timings (target/bench/table.md)"

tools:
	@scripts/install-tools.sh all

tools-build:
	@scripts/install-tools.sh build

dist: dist/index.html

dist/index.html: $(APP_SOURCES) scripts/web/finish-dist.py | tools-build
	trunk build --release --cargo-profile wasm-release
	python3 scripts/web/finish-dist.py dist
	@touch $@

serve: dist
	@echo "Pressmark is being served on http://127.0.0.1:$(PORT)  (Ctrl+C to stop)"
	@python3 -m http.server $(PORT) --bind 127.0.0.1 --directory dist

test: tools test-lint test-native test-interop test-python test-browser dist test-e2e
	@echo "make test: all layers passed"

test-lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cargo clippy -p pressmark-app --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

test-native:
	cargo test --workspace --locked

# Real consumer tools (spaCy, seqeval, Label Studio's SDK, pybrat, PyLD) read
# the CLI's exports; they live in the venv .tools/py (scripts/install-tools.sh).
# Any pytest failure fails make, its exit code 5 (no test collected) too.
test-interop:
	@test -x $(TOOLS)/py/bin/python || { echo "no .tools/py: run make tools (scripts/install-tools.sh)"; exit 1; }
	cargo build -p pressmark-cli --locked
	PRESSMARK_BIN=$(ROOT)/target/debug/pressmark PYTHONDONTWRITEBYTECODE=1 \
		$(TOOLS)/py/bin/python -m pytest tests/interop -q

# The Python package (crates/python): maturin builds the abi3 wheel into
# .tools/wheels, pip installs it into .tools/py, pytest runs tests/python
# against it (annotate_json and export against the CLI, the spaCy pipe, a
# corpus through Dask byte for byte like `pressmark annotate --jsonl`).
test-python:
	@test -x $(TOOLS)/py/bin/maturin || { echo "no maturin in .tools/py: run make tools (scripts/install-tools.sh)"; exit 1; }
	cargo build -p pressmark-cli --locked
	rm -f $(TOOLS)/wheels/pressmark-*.whl
	$(TOOLS)/py/bin/maturin build --release -m crates/python/Cargo.toml -o $(TOOLS)/wheels -i $(TOOLS)/py/bin/python
	$(TOOLS)/py/bin/python -m pip install --quiet --disable-pip-version-check --no-input --force-reinstall --no-deps $(TOOLS)/wheels/pressmark-*.whl
	PRESSMARK_BIN=$(ROOT)/target/debug/pressmark PYTHONDONTWRITEBYTECODE=1 \
		$(TOOLS)/py/bin/python -m pytest tests/python -q

test-browser:
	cargo test -p pressmark-app --target wasm32-unknown-unknown --locked

test-e2e:
	PRESSMARK_DIST=$(ROOT)/dist node tests/e2e/e2e.mjs
	PRESSMARK_DIST=$(ROOT)/dist node tests/e2e/durability.mjs

# The same durability journey on a 50 MB article (minutes; not in make test).
test-durability-50: dist
	PRESSMARK_MB=50 PRESSMARK_DIST=$(ROOT)/dist node tests/e2e/durability.mjs

gold:
	scripts/score-gold.sh

# One table of every speed and size measure (engine, CLI, bundle, browser),
# also written to target/bench/table.md; BENCH_QUICK=1 for short criterion
# runs, BENCH_SKIP=browser,... to leave parts out. dist/ is used as it is.
bench:
	@scripts/bench.sh

clean-tools:
	rm -rf $(TOOLS)
