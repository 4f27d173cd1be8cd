#!/usr/bin/env bash
# Relations over a store of N synthetic events (gen-gdelt, fixed seed; default 10 million):
# the monthly series of one dyad, its ledger, and the monthly series of all dyads, on one
# core. Targets (issue 5): one dyad's series and ledger under 50 ms each, all dyads under
# 2 s. Each query runs five times; the record holds the medians (relations-queries also
# prints the first, cold-cache time). Appends to bench/record/relations.tsv.
#
#   bash bench/relations.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000000}
out=bench/out
mkdir -p "$out" bench/record
cargo build --release --locked -q -p quidpro-cli -p quidpro-bench
file="$out/gdelt2-$n.export.CSV"
[ -f "$file" ] || ./target/release/gen-gdelt --seed 7 --rows "$n" >"$file"
db="$out/relations-$n.db"
if [ ! -f "$db" ]; then
  ./target/release/quidpro --store "$db" import gdelt2 --batch 200000 "$file" 2>/dev/null
fi
pin=""
if command -v taskset >/dev/null 2>&1; then pin="taskset -c 0"; fi
r=$($pin ./target/release/relations-queries "$db" TUR AZE)
echo "$r"
get() { echo "$r" | awk -v k="$1" '$1 == k {print $2}'; }
[ -f bench/record/relations.tsv ] || printf 'when\tcommit\tevents\tdyad_series_ms\tledger_ms\tall_dyads_ms\n' >bench/record/relations.tsv
printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(git rev-parse --short HEAD)" "$n" \
  "$(get dyad_series_ms)" "$(get ledger_ms)" "$(get all_dyads_ms)" >>bench/record/relations.tsv
