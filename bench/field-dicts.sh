#!/usr/bin/env bash
# The field's dictionaries (PETRARCH2 and TABARI, in ../shared/field-dictionaries, never
# committed) read by quidpro's readers: what was mapped and what not (by reason), then
# the development coding tables (testdata/coding/*.txt) coded with ours alone, with ours
# merged with the field's (ours first: our phrases win), and with the field's alone;
# precision, recall and F1 for each, by (source country, target country, root) and
# strictly. Checks its own answer: the field's files must map patterns, people,
# organisations, agents and discards, every set must load without errors, and each
# coding run must report its figures. Appends to bench/record/field-dicts.tsv.
#
#   bash bench/field-dicts.sh
# Exits 0 with a message when the shared folder is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
field=../shared/field-dictionaries
if [ ! -d "$field" ]; then
  echo "bench/field-dicts.sh: $field not found; nothing to measure (the field's dictionaries are not part of the project)"
  exit 0
fi
root=$(pwd)
field=$(cd "$field" && pwd)
ours="$root/dictionaries"
out=bench/out/field-dicts
mkdir -p "$out" bench/record
record=bench/record/field-dicts.tsv
if [ ! -s "$record" ]; then
  printf 'when\tcommit\tset\tpatterns\tpeople\torgs\tagents\tdiscards\tunmapped\tapproximated\tcases\tP_root\tR_root\tF1_root\tP_strict\tR_strict\tF1_strict\tstatus\n' >"$record"
fi
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}
cargo build --locked -q -p quidpro-dict --example field_report
cargo test --locked -q -p quidpro-coder --test coding --no-run 2>/dev/null
report=./target/debug/examples/field_report
fail=0
check() { # check CONDITION MESSAGE
  if ! eval "$1"; then
    echo "bench: FAILED: $2" >&2
    fail=1
  fi
}

echo "== the field's files: mapped and not mapped"
"$report" "$field" >"$out/field.tsv" || check false "the field's dictionaries have errors"
cat "$out/field.tsv"
val() { awk -F'\t' -v k="$2" -v w="$3" '$1 == k && $2 == w {print $3}' "$1"; }
for what in patterns people orgs agents discards; do
  n=$(val "$out/field.tsv" mapped "$what")
  check "[ \"${n:-0}\" -gt 0 ]" "no $what mapped from the field's files"
done

run_set() { # run_set NAME DIRS...
  local name=$1
  shift
  local dirs
  dirs=$(IFS=:; echo "$*")
  echo "== $name"
  "$report" "$@" >"$out/$name.tsv" || check false "$name: the set does not load without errors"
  grep -E '^(folder|entries|merged away|errors)' "$out/$name.tsv"
  local errors
  errors=$(awk -F'\t' '$1 == "errors" {print $2}' "$out/$name.tsv")
  check "[ \"$errors\" = 0 ]" "$name: $errors errors"
  QUIDPRO_DICT="$dirs" QUIDPRO_CODING_NO_FLOOR=1 cargo test --locked -q -p quidpro-coder --test coding -- --nocapture \
    >"$out/$name.coding.log" 2>&1 || check false "$name: the coding tables did not run (see $out/$name.coding.log)"
  grep -E '^ALL' "$out/$name.coding.log" || true
  local fig
  fig=$(grep -E '^FIGURES' "$out/$name.coding.log" | head -1 | cut -f2-)
  check "[ -n \"$fig\" ]" "$name: no figures"
  local e status=ok
  e="$out/$name.tsv"
  [ "$fail" = 0 ] || status=FAILED
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "$(git rev-parse --short HEAD 2>/dev/null || echo -)" "$name" \
    "$(val "$e" entries patterns)" "$(val "$e" entries people)" "$(val "$e" entries organisations)" \
    "$(val "$e" entries agents)" "$(val "$e" entries discards)" \
    "$(awk -F'\t' '$1 == "unmapped" {s += $3} END {print s + 0}' "$e")" \
    "$(awk -F'\t' '$1 == "approximated" {s += $3} END {print s + 0}' "$e")" \
    "${fig:--	-	-	-	-	-	-}" "$status" >>"$record"
}

run_set ours "$ours"
run_set merged "$ours" "$field"
run_set field "$field"

echo "== recorded"
tail -n 3 "$record" | column -t -s $'\t'
if [ "$fail" != 0 ]; then
  exit 1
fi
