#!/usr/bin/env bash
# The tool on a large journal export, against the floor measured in the same run: one
# thread letting serde_json skip each line (benches/examples/skip.rs). Writes a synthetic
# export of RECORDS records (examples/synth.rs; default 2,600,000, about 1.2 GB) unless
# FILE exists, then runs, alternating, RUNS times each (default 3): the floor, `journal
# stats` on one thread and on every core, `journal export --parquet`. Prints each run's
# wall time and peak memory, then medians, MB/s and the ratios to the floor.
#   bash benches/tool.sh [RUNS] [FILE] [RECORDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
file=${2:-/tmp/primo-events-journal.jsonl}
records=${3:-2600000}
cd "$root"
cargo build --quiet --release -p primo-events-cli
cargo build --quiet --release --features journal --example synth
cargo build --quiet --release --manifest-path benches/Cargo.toml --example skip
[ -f "$file" ] || ./target/release/examples/synth --journal "$records" > "$file"
bytes=$(stat -c %s "$file")
tool=./target/release/primo-events
out=$(mktemp -d)
declare -A walls
for run in $(seq "$runs"); do
  for name in floor stats-1-thread stats export; do
    case $name in
      floor) command=(./target/release/examples/skip "$file") ;;
      stats-1-thread) command=("$tool" journal stats --quiet --threads 1 "$file") ;;
      stats) command=("$tool" journal stats --quiet "$file") ;;
      export) command=("$tool" journal export --quiet --parquet "$out/journal.parquet" "$file") ;;
    esac
    /usr/bin/time -f "%e %M" -o "$out/time" "${command[@]}" > /dev/null
    read -r wall kb < "$out/time"
    printf '%-15s run %d: %6.2f s, peak %4d MB\n' "$name" "$run" "$wall" $((kb / 1024))
    walls[$name]="${walls[$name]:-} $wall"
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
floor=$(echo "${walls[floor]}" | median)
echo
printf '%-15s %8s %9s %10s\n' "" "median" "MB/s" "vs floor"
for name in floor stats-1-thread stats export; do
  m=$(echo "${walls[$name]}" | median)
  awk -v n="$name" -v m="$m" -v f="$floor" -v b="$bytes" \
    'BEGIN {printf "%-15s %7.2fs %9.0f %9.2fx\n", n, m, b / m / 1e6, m / f}'
done
rm -rf "$out"
