#!/usr/bin/env bash
# make bench: every speed and size measure of Pressmark in ONE Markdown table,
# printed and written to target/bench/table.md (raw numbers: results.json).
#
#   scripts/bench.sh                     everything (criterion at full length)
#   BENCH_QUICK=1 scripts/bench.sh       short criterion runs, for development
#   BENCH_SKIP=browser scripts/bench.sh  leave parts out (engine,cli,bundle,browser)
#   BENCH_ONLY=bundle scripts/bench.sh   run only these parts
#
# Parts: the engine (criterion), the CLI on a 5 MB file, the bundle's gzip
# size and its estimated split, the app's journey in headless Chromium on a
# 20,000-word and a 5 MB article (dist/ as it is: it is not rebuilt). A part
# whose tool or input is missing is skipped and says why. See tests/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$ROOT/.tools/bin:$ROOT/.tools/node/node_modules/.bin:$PATH"
export NODE_PATH="${NODE_PATH:-$ROOT/.tools/node/node_modules}"
exec python3 "$ROOT/tests/bench/bench.py" "$@"
