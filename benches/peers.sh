#!/usr/bin/env bash
# The journal commands against what an analyst would run instead, on one journal shaped
# like the server's (examples/synth/server.rs: Russian text, half of it \u-escaped, quotes
# and backslashes, nulls, missing keys, unknown codes), in one run, alternating:
#   stats   `journal stats`            vs DuckDB  SELECT event, count(*) ... GROUP BY event
#   filter  `journal filter --event`   vs DuckDB  COPY (... WHERE event = 2001) TO stdout,
#                                         and jq -c 'select(.event == 2001)' (first run only)
#   export  `journal export` (snappy, zstd) vs DuckDB COPY ... TO parquet (same codec)
#   timeline `journal timeline --operation` vs DuckDB ... WHERE operationKey = ... ORDER BY
#           createdAt (no goal)
#   gzip    `journal stats` on the file gzipped vs DuckDB on the same .gz (no goal)
# with the floors: one thread letting serde_json skip each line (benches/examples/skip.rs)
# and `wc -l`. Both sides use every core. Prints each run's wall time and peak memory,
# then per command the minimum over the runs and the ratio peer/tool (above 1: the tool
# is faster). DuckDB's Python package goes into a venv under target/ on first use.
#   bash benches/peers.sh [RUNS] [FILE] [RECORDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
file=${2:-/tmp/primo-events-server.jsonl}
records=${3:-2000000}
cd "$root"
cargo build --quiet --release -p primo-events-cli
cargo build --quiet --release --features journal --example synth
cargo build --quiet --release --manifest-path benches/Cargo.toml --example skip
[ -f "$file" ] || ./target/release/examples/synth --server-journal "$records" > "$file"
[ -f "$file.gz" ] || gzip -1 -c "$file" > "$file.gz"
venv=target/bench-venv
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet duckdb; }
have_jq=$(command -v jq || true)
tool=./target/release/primo-events
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo 'import duckdb, sys; duckdb.connect().execute(sys.argv[1]).fetchall()' > "$out/duck.py"
duck=("$venv/bin/python" "$out/duck.py")
json="read_json('$file', format = 'newline_delimited')"
gz="read_json('$file.gz', format = 'newline_delimited')"

declare -A walls peaks
measure() { # name command...
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o "$out/time" "$@" > /dev/null 2> "$out/stderr" || {
    [ $? -eq 1 ] || { cat "$out/stderr"; exit 1; } # 1: the journal had problems
  }
  read -r wall kb < "$out/time"
  printf '%-22s %6.2f s, peak %5d MB\n' "$name" "$wall" $((kb / 1024))
  walls[$name]="${walls[$name]:-} $wall"
  peaks[$name]="${peaks[$name]:-} $((kb / 1024))"
}

for run in $(seq "$runs"); do
  echo "run $run"
  measure floor-skip ./target/release/examples/skip "$file"
  measure floor-wc wc -l "$file"
  measure stats/tool "$tool" journal stats --quiet "$file"
  measure stats/duckdb "${duck[@]}" "SELECT event, count(*) FROM $json GROUP BY event"
  measure filter/tool "$tool" journal filter --quiet --event 2001 "$file"
  measure filter/duckdb "${duck[@]}" "COPY (SELECT * FROM $json WHERE event = 2001) TO '/dev/stdout' (FORMAT json)"
  if [ "$run" = 1 ] && [ -n "$have_jq" ]; then
    measure filter/jq jq -c 'select(.event == 2001)' "$file"
  fi
  for codec in snappy zstd; do
    measure "export-$codec/tool" "$tool" journal export --quiet --compression "$codec" --parquet "$out/tool.parquet" "$file"
    measure "export-$codec/duckdb" "${duck[@]}" "COPY (SELECT * FROM $json) TO '$out/duck.parquet' (FORMAT parquet, COMPRESSION $codec)"
  done
  measure timeline/tool "$tool" journal timeline --quiet --operation op-000123 "$file"
  measure timeline/duckdb "${duck[@]}" "SELECT createdAt, event, classifiedEvent FROM $json WHERE operationKey = 'op-000123' ORDER BY createdAt"
  measure gzip/tool "$tool" journal stats --quiet "$file.gz"
  measure gzip/duckdb "${duck[@]}" "SELECT event, count(*) FROM $gz GROUP BY event"
done

least() { tr ' ' '\n' | grep . | sort -g | head -1; }
most() { tr ' ' '\n' | grep . | sort -g | tail -1; }
echo
echo "$(stat -c %s "$file") bytes, $(wc -l < "$file") records; minimum of $runs runs"
printf '%-12s %9s %8s %9s %8s %8s  %s\n' job tool peak peer peak ratio goal
row() { # job peer goal
  local t p
  t=$(echo "${walls[$1/tool]}" | least)
  p=$(echo "${walls[$1/$2]}" | least)
  awk -v j="$1" -v t="$t" -v p="$p" -v tp="$(echo "${peaks[$1/tool]}" | most)" \
    -v pp="$(echo "${peaks[$1/$2]}" | most)" -v peer="$2" -v g="$3" \
    'BEGIN {printf "%-12s %8.2fs %6d MB %8.2fs %5d MB %7.2fx  %s (%s)\n", j, t, tp, p, pp, p / t, g, peer}'
}
row stats duckdb "2x"
row filter duckdb "1.5x"
[ -n "${walls[filter/jq]:-}" ] && row filter jq "-"
row export-snappy duckdb "1.5x"
row export-zstd duckdb "1.5x"
row timeline duckdb "-"
row gzip duckdb "-"
skip=$(echo "${walls[floor-skip]}" | least)
stats=$(echo "${walls[stats/tool]}" | least)
awk -v s="$stats" -v f="$skip" -v w="$(echo "${walls[floor-wc]}" | least)" \
  'BEGIN {printf "stats / skip floor (one thread): %.2fx (target 0.5x); wc -l: %.2f s\n", s / f, w}'
