#!/usr/bin/env bash
# Installs every tool Pressmark's build and tests need, at pinned versions,
# into the git-ignored folder .tools/ (the interop tests' Python packages into
# the venv .tools/py), and Debian's Chromium (and python3-venv, if venv needs
# it) via apt when missing. Idempotent: each step checks first, so a second run
# is instant.
#
#   scripts/install-tools.sh            everything (build + tests)
#   scripts/install-tools.sh build      only what `make serve` needs
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
TOOLS="$ROOT/.tools"
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
WASM_OPT_VERSION=version_123
what=${1:-all}

mkdir -p "$TOOLS/bin" "$TOOLS/node"
export PATH="$TOOLS/bin:$TOOLS/node/node_modules/.bin:$PATH"

say() { printf '[tools] %s\n' "$*" >&2; }

# 1. The wasm target of the machine's one Rust toolchain.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding rustup target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
fi

# 2. Trunk, exactly 0.21.14 (0.22 needs a newer rustc).
if [ "$("$TOOLS/bin/trunk" --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION into .tools (cold: ~7 min on 2 cores)"
    cargo install --quiet --locked --force --root "$TOOLS" "trunk@$TRUNK_VERSION"
fi

# 3. wasm-bindgen-cli, exactly the version pinned in Cargo.toml. Not --locked:
#    one locked dependency of 0.2.130 is missing from the registry.
if [ "$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION into .tools (cold: ~2.5 min)"
    cargo install --quiet --force --root "$TOOLS" "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi

# 4. npm packages: binaryen (wasm-opt), playwright-core, axe-core, from the
#    committed lock file.
if ! cmp -s tests/e2e/package-lock.json "$TOOLS/node/package-lock.json" \
    || [ "$(wasm-opt --version 2>/dev/null | grep -o 'version_[0-9]*')" != "$WASM_OPT_VERSION" ]; then
    say "installing npm packages (binaryen, playwright-core, axe-core) into .tools/node"
    cp tests/e2e/package.json tests/e2e/package-lock.json "$TOOLS/node/"
    npm ci --prefix "$TOOLS/node" --no-audit --no-fund --loglevel=error >&2
fi

[ "$what" = build ] && exit 0

# 5. The Python tools the interop tests run on our exports (spaCy, seqeval,
#    label-studio-sdk, pybrat, PyLD, pytest), in the venv .tools/py, from the
#    pinned tests/interop/requirements.txt (reinstalled when it changes); then
#    maturin and Dask for the Python package's tests.
PY="$TOOLS/py"
if ! "$PY/bin/python" -c 'import sys' >/dev/null 2>&1; then
    if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
        # Debian's python3 has venv's pip bootstrap in a package of its own.
        say "installing Debian package python3-venv"
        if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
        export DEBIAN_FRONTEND=noninteractive
        $SUDO apt-get update -qq
        $SUDO apt-get install -y -qq python3-venv >/dev/null
    fi
    say "creating the Python venv .tools/py"
    rm -rf "$PY"
    if ! python3 -m venv "$PY" >&2; then
        say "python3 -m venv failed: the interop tests need Python 3 with venv and ensurepip (Debian: apt-get install python3-venv)"
        exit 1
    fi
fi
if ! cmp -s tests/interop/requirements.txt "$PY/requirements.txt"; then
    say "installing Python packages (spaCy, seqeval, label-studio-sdk, pybrat, PyLD, pytest) into .tools/py (cold: ~1 min)"
    "$PY/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --progress-bar off \
        -r tests/interop/requirements.txt >&2
    cp tests/interop/requirements.txt "$PY/requirements.txt"
fi
# The Python package's tests (maturin builds the wheel, Dask runs the corpus
# test): tests/python/requirements.txt on top, the interop pins as
# constraints so the packages both need are not moved.
if ! cmp -s tests/python/requirements.txt "$PY/requirements-python.txt"; then
    say "installing Python packages (maturin, dask[distributed]) into .tools/py"
    "$PY/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --progress-bar off \
        -r tests/python/requirements.txt -c tests/interop/requirements.txt >&2
    cp tests/python/requirements.txt "$PY/requirements-python.txt"
fi

# 6. Debian's Chromium and ChromeDriver, only when missing.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian packages chromium and chromium-driver"
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# ChromeDriver must match Chromium's major version, or wasm-bindgen-test fails
# with an obscure session error; say so clearly instead.
cv=$(chromium --version | grep -o '[0-9]\+' | head -1)
dv=$(chromedriver --version | grep -o '[0-9]\+' | head -1)
if [ "$cv" != "$dv" ]; then
    say "chromium $cv and chromedriver $dv differ: run apt-get install --only-upgrade chromium chromium-driver"
    exit 1
fi
