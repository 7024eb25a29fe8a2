#!/usr/bin/env bash
# What depending on primo-events costs a user's clean build: a small serde app (serde
# derive + serde_json, one main.rs) built clean with and without primo-events (feature
# journal), alternating, RUNS times each (default 3), dev profile as `cargo build`:
#   bash benches/build_ratio.sh [RUNS]
# Prints each run, then the median wall-clock ratio (with / without) and the median CPU
# seconds (user + system) of each. Needs the crates fetched once (runs --offline after).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
work="$root/target/build-ratio"
rm -rf "$work"
mkdir -p "$work"

# app NAME DEPENDENCY-LINE MAIN
app() {
  mkdir -p "$work/$1/src"
  cat > "$work/$1/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
$2

[workspace]
TOML
  printf '%s\n' "$3" > "$work/$1/src/main.rs"
}

plain_main='#[derive(serde::Deserialize)]
struct Record { event: u32, #[serde(rename = "eventName")] event_name: Option<String> }

fn main() {
    let r: Record = serde_json::from_str(r#"{"event":2001,"eventName":"Login"}"#).unwrap();
    println!("{} {:?}", r.event, r.event_name);
}'
with_main='#[derive(serde::Deserialize)]
struct Record { event: primo_events::EventCode, #[serde(rename = "eventName")] event_name: Option<String> }

fn main() {
    let r: Record = serde_json::from_str(r#"{"event":2001,"eventName":"Login"}"#).unwrap();
    println!("{} {:?}", r.event, r.event_name);
}'
app without "" "$plain_main"
app with "primo-events = { path = \"$root\", features = [\"journal\"] }" "$with_main"
(cd "$work/with" && cargo generate-lockfile -q && cargo fetch -q)
(cd "$work/without" && cargo generate-lockfile -q && cargo fetch -q)

# Prints "wall cpu" seconds of a clean build of app $1.
build() {
  rm -rf "$work/$1/target"
  /usr/bin/time -o "$work/time.txt" -f "%e %U %S" \
    cargo build --offline -q --manifest-path "$work/$1/Cargo.toml" >/dev/null
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$work/time.txt"
}

echo "machine: $(nproc) cores, $(rustc --version)"
echo "run | without: wall, cpu (s) | with primo-events: wall, cpu (s)"
: > "$work/without.txt"; : > "$work/with.txt"
for i in $(seq "$runs"); do
  w=$(build without); echo "$w" >> "$work/without.txt"
  p=$(build with); echo "$p" >> "$work/with.txt"
  echo "$i | $w | $p"
done
median() { sort -n -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ww=$(median "$work/without.txt" 1); wc=$(median "$work/without.txt" 2)
pw=$(median "$work/with.txt" 1); pc=$(median "$work/with.txt" 2)
awk -v ww="$ww" -v wc="$wc" -v pw="$pw" -v pc="$pc" 'BEGIN {
  printf "median wall: %.2f s without, %.2f s with: ratio %.2f\n", ww, pw, pw / ww
  printf "median cpu:  %.2f s without, %.2f s with: +%.2f s\n", wc, pc, pc - wc
}'
