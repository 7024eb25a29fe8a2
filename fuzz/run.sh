#!/usr/bin/env bash
# Runs a fuzz target for a while, seeded with every catalog of the repository (json_lines:
# with the journal fixture):
#   bash fuzz/run.sh TARGET SECONDS
# Exits non-zero on a crash, which libFuzzer writes to fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
target=$1
seconds=$2
corpus=corpus/$target
mkdir -p "$corpus"
if [ "$target" = json_lines ]; then
  cp ../tests/fixtures/journal.jsonl "$corpus"/
else
  cp ../events.md ../tests/fixtures/*.md ../codegen/tests/ui/*.md ../codegen/tests/fixtures/*.md "$corpus"/
  for pair in ../codegen/tests/diff/*/; do
    cp "$pair/new.md" "$corpus/diff-$(basename "$pair").md"
  done
fi
cargo +nightly fuzz run "$target" "$corpus" -- -max_total_time="$seconds" -max_len=65536 -print_final_stats=1
