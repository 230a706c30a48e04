#!/usr/bin/env bash
# Coverage-guided fuzzing of the engine on stable Rust (no cargo-fuzz, which
# needs nightly): builds fuzz/ with libFuzzer's instrumentation flags and runs
# one target on its committed corpus. See fuzz/README.md.
#
#   scripts/fuzz.sh TARGET [SECONDS] [-- extra libFuzzer flags]
#   scripts/fuzz.sh build            # only build every target
#
# TARGET: annotate | from_json | rules | import. New inputs that add
# coverage go to fuzz/out/TARGET (not committed; merge them into the corpus
# with `-merge=1`, see the README); crashes go to fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS] [-- libFuzzer flags]}
shift
secs=${1:-60}
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares \
-Cdebug-assertions -Coverflow-checks --cfg fuzzing"
# The host triple: RUSTFLAGS then apply to the targets only, not to build
# scripts and proc macros.
host=$(rustc -vV | sed -n 's/^host: //p')
nice -n 19 cargo build --release --target "$host" --bins
[ "$target" = build ] && exit 0

bin="$CARGO_TARGET_DIR/$host/release/$target"
[ -x "$bin" ] || { echo "no fuzz target $target" >&2; exit 2; }
mkdir -p "corpus/$target" "out/$target" "artifacts/$target"
exec nice -n 19 "$bin" "out/$target" "corpus/$target" \
  -artifact_prefix="artifacts/$target/" \
  -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
  -max_total_time="$secs" -print_final_stats=1 "$@"
