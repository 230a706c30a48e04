#!/usr/bin/env bash
# Scores the engine (through the CLI) on the shared gold set and on our own
# dev set in tests/fixtures, with ../shared/eval/score.py.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo build --quiet --release -p pressmark-cli
score() { # NAME GOLD_DIR
    local name=$1 gold=$2 dir="$out/$1"
    mkdir -p "$dir/txt" "$dir/pred"
    for f in "$gold"/*.json; do
        python3 -c 'import json,sys; sys.stdout.write(json.load(open(sys.argv[1]))["text"])' "$f" > "$dir/txt/$(basename "$f" .json).txt"
    done
    target/release/pressmark annotate "$dir"/txt/*.txt --out-dir "$dir/pred"
    echo "== $name ($gold)"
    python3 "$shared/eval/score.py" "$gold" "$dir/pred"
}
[ -d "$shared/gold" ] && score gold "$shared/gold"
[ -d tests/fixtures ] && ls tests/fixtures/*.json >/dev/null 2>&1 && score fixtures tests/fixtures
[ -d tests/fixtures/held-out ] && ls tests/fixtures/held-out/*.json >/dev/null 2>&1 && score held-out tests/fixtures/held-out
