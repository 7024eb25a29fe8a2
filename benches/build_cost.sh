#!/usr/bin/env bash
# Measures what the generator costs a user's build, and how it scales:
#   bash benches/build_cost.sh            # the catalog, then 1,000 / 10,000 / 100,000 events
#   bash benches/build_cost.sh 1000       # the catalog, then only the sizes given
# Builds scratch copies of the crate under target/build-cost (dev profile, as a user's
# `cargo build`); prints one table. Needs the crates already fetched (runs --offline).
set -euo pipefail
shopt -s inherit_errexit
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/build-cost"
sizes=("${@:-1000 10000 100000}")
rm -rf "$work"
mkdir -p "$work"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# A copy of the crate with the given events.md: a workspace of its own, whose generator is
# the repository's.
copy_crate() {
  mkdir -p "$1"
  cp -r "$root/Cargo.toml" "$root/Cargo.lock" "$root/build.rs" "$root/src" "$root/examples" "$root/tests" "$1/"
  sed -i -e "s|path = \"codegen\"|path = \"$root/codegen\"|" -e '/^members = /d' -e '/^default-members = /d' "$1/Cargo.toml"
  cp "$2" "$1/events.md"
}

# Seconds for `cargo build` in $1 with target dir $2.
build() {
  local start; start=$(now)
  (cd "$1" && CARGO_TARGET_DIR="$2" cargo build --offline -q)
  since "$start"
}

# Median of 5 runs of the crate's compiled build script on its events.md.
build_rs() {
  local script; script=$(ls -t "$2"/debug/build/primo-events-*/build-script-build | head -1)
  local out="$work/out"; mkdir -p "$out"
  for _ in 1 2 3 4 5; do
    local start; start=$(now)
    CARGO_MANIFEST_DIR="$1" OUT_DIR="$out" "$script" > /dev/null
    since "$start"; echo
  done | sort -n | sed -n 3p
}

echo "machine: $(nproc) cores, $(awk '/model name/ { $1 = $2 = $3 = ""; print; exit }' /proc/cpuinfo | sed 's/^ *//'), $(rustc --version)"

# 1. The cost of the generator's dependencies: the crate against the same enum written by
#    hand (the generated file pasted in, no build script, no build-dependencies).
copy_crate "$work/generated" "$root/events.md"
clean_generated=$(build "$work/generated" "$work/generated-target")
generated_file=$(ls -t "$work"/generated-target/debug/build/primo-events-*/out/events.rs | head -1)
mkdir -p "$work/handwritten/src"
cp "$root"/src/*.rs "$work/handwritten/src/"
cp "$generated_file" "$work/handwritten/src/events.rs"
cp "$(dirname "$generated_file")/lookup.rs" "$work/handwritten/src/lookup.rs"
sed -i -e 's|include!(concat!(env!("OUT_DIR"), "/events.rs"));|include!("events.rs");|' \
  -e 's|include!(concat!(env!("OUT_DIR"), "/lookup.rs"));|include!("lookup.rs");|' "$work/handwritten/src/lib.rs"
sed -i '/^\/\/\/ Keeps the README/,/^pub struct ReadmeDoctests;/d' "$work/handwritten/src/lib.rs"
sed -n '/^\[package\]/,/^\[lib\]/p' "$root/Cargo.toml" | grep -v '^\[lib\]\|^autobenches\|^exclude\|\.workspace = true' > "$work/handwritten/Cargo.toml"
printf 'version = "0.1.0"\nedition = "2024"\n' >> "$work/handwritten/Cargo.toml"
sed -i 's/^name = "primo-events"/name = "primo-events-handwritten"/' "$work/handwritten/Cargo.toml"
printf '[lib]\nname = "primo_events"\n\n[features]\nstd = []\nalloc = []\nserde = []\njournal = []\n\n[workspace]\n' >> "$work/handwritten/Cargo.toml"
clean_handwritten=$(build "$work/handwritten" "$work/handwritten-target")
catalog_build_rs=$(build_rs "$work/generated" "$work/generated-target")
sed -i 's/^| 2001 | Login |  |$/| 2001 | Login | Вход в систему |/' "$work/generated/events.md"
grep -q 'Вход в систему' "$work/generated/events.md" || { echo "build_cost.sh: the Login row to edit was not found" >&2; exit 1; }
rebuild=$(build "$work/generated" "$work/generated-target")

echo
echo "| the shipped catalog | seconds |"
echo "| --- | --- |"
echo "| clean \`cargo build\`, primo-events | $clean_generated |"
echo "| clean \`cargo build\`, the same enum hand-written | $clean_handwritten |"
echo "| build.rs run on events.md (median of 5) | $catalog_build_rs |"
echo "| rebuild after editing one line of events.md | $rebuild |"

# 2. Scale: synthetic catalogs, dependencies already built.
(cd "$root" && cargo build --offline -q --release --example synth)
echo
echo "| events | build.rs run (s) | compiling the generated code (s) | rlib (MB) | generated file (MB) |"
echo "| --- | --- | --- | --- | --- |"
for n in ${sizes[@]}; do
  "$root/target/release/examples/synth" "$n" > "$work/synth-$n.md"
  copy_crate "$work/scale-$n" "$work/synth-$n.md"
  build "$work/scale-$n" "$work/generated-target" > /dev/null
  run=$(build_rs "$work/scale-$n" "$work/generated-target")
  touch "$work/scale-$n/events.md"
  total=$(build "$work/scale-$n" "$work/generated-target")
  compile=$(awk -v t="$total" -v r="$run" 'BEGIN { printf "%.2f", t - r }')
  rlib=$(stat -c %s "$work/generated-target/debug/libprimo_events.rlib")
  file=$(stat -c %s "$work/out/events.rs")
  awk -v n="$n" -v r="$run" -v c="$compile" -v l="$rlib" -v f="$file" \
    'BEGIN { printf "| %d | %s | %s | %.1f | %.1f |\n", n, r, c, l / 1e6, f / 1e6 }'
done
