#!/bin/sh
# Dev-build CPU time of apiforge's and progenitor's crate for the same (adjusted) spec, paired;
# then of the crate with an app that calls every operation (`call_every_operation.py`), and of
# that app alone once the crate is built.
# Usage: compile_times.sh SCRATCH_DIR SPEC... (needs `cargo install cargo-progenitor` and
# python3 with PyYAML; run from the repository root after `cargo build -p apiforge-codegen`).
# CLIENT_DEBUG=false (or line-tables-only) builds each client crate without (or with less) debug
# info in the crate+app and app-alone rounds, the same for both generators (see
# call_every_operation.py).
set -eu
work=$1; shift
root=$(pwd)
export CARGO_TARGET_DIR="$work/target"
mkdir -p "$work/specs"
names=""
for spec in "$@"; do
  name=$(basename "$spec" | sed 's/\.[a-z]*$//' | tr '.' '-' | tr 'A-Z' 'a-z')
  python3 "$root/benches/peers/compile/adjust_for_progenitor.py" "$spec" "$work/specs/$name.json"
  rm -rf "$work/af-$name" "$work/pg-$name"
  cargo progenitor -i "$work/specs/$name.json" -o "$work/pg-$name" -n "pg-$name" -v 0.1.0 >/dev/null
  "$root/target/debug/apiforge" generate "$work/specs/$name.json" --out "$work/af-$name" \
    --name "af-$name" --runtime-path "$root/runtime" >/dev/null
  python3 "$root/benches/peers/compile/call_every_operation.py" "$work/af-$name" "$work/app-af-$name" apiforge
  python3 "$root/benches/peers/compile/call_every_operation.py" "$work/pg-$name" "$work/app-pg-$name" progenitor
  for g in af pg; do (cd "$work/app-$g-$name" && cargo build -q); done
  names="$names $name"
done
for round in 1 2 3; do for name in $names; do for g in af pg; do
  (cd "$work/$g-$name" && cargo clean -q -p "$g-$name" &&
    /usr/bin/time -o "$work/time.txt" -f "%e %U %S" nice -n 10 cargo build -q)
  echo "$round $name $g wall/user/system: $(cat "$work/time.txt") load: $(cut -d' ' -f1 /proc/loadavg)"
done; done; done
cpu() { /usr/bin/time -o "$work/time.txt" -f "%U %S" nice -n 10 cargo build -q &&
  awk '{ printf "%.2f", $1 + $2 }' "$work/time.txt"; }
for round in 1 2 3; do for name in $names; do for g in af pg; do
  cd "$work/app-$g-$name"
  cargo clean -q -p "$g-$name" && cargo clean -q -p "app-$g-$name"
  both=$(cpu)
  cargo clean -q -p "app-$g-$name"
  app=$(cpu)
  echo "$round $name $g CPU crate+app: $both app alone: $app load: $(cut -d' ' -f1 /proc/loadavg)"
done; done; done
