#!/usr/bin/env bash
# Installs every tool Pressmark's build and tests need, at pinned versions,
# into the git-ignored folder .tools/ (and Debian's Chromium via apt when it
# is missing). Idempotent: each step checks first, so a second run is instant.
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

# 5. Debian's Chromium and ChromeDriver, only when missing.
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
