#!/usr/bin/env bash
# Runs a fuzz target for a while, seeded with every catalog of the repository (json_lines,
# reader and record: with the journal fixture):
#   bash fuzz/run.sh TARGET SECONDS
# Exits non-zero on a crash, which libFuzzer writes to fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
target=$1
seconds=$2
corpus=corpus/$target
mkdir -p "$corpus"
if [ "$target" = json_lines ] || [ "$target" = reader ]; then
  cp ../cli/tests/fixtures/journal.jsonl "$corpus"/
elif [ "$target" = record ]; then
  # One record per file: each line of the journal fixture.
  n=0
  while IFS= read -r line; do
    n=$((n + 1))
    printf '%s' "$line" > "$corpus/journal-line-$n.json"
  done < ../cli/tests/fixtures/journal.jsonl
else
  cp ../events.md ../tests/fixtures/*.md ../codegen/tests/ui/*.md ../codegen/tests/fixtures/*.md "$corpus"/
  for pair in ../codegen/tests/diff/*/; do
    cp "$pair/new.md" "$corpus/diff-$(basename "$pair").md"
  done
fi
cargo +nightly fuzz run "$target" "$corpus" -- -max_total_time="$seconds" -max_len=65536 -print_final_stats=1
