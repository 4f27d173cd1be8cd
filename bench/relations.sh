#!/usr/bin/env bash
# Relations over a store of N synthetic events (gen-gdelt, fixed seed; default 10 million):
# the monthly series of one dyad, its ledger, and the monthly series of all dyads, on one
# core. Targets (issue 5): one dyad's series and ledger under 50 ms each, all dyads under
# 2 s. Each query runs five times; the record holds the medians (relations-queries also
# prints the first, cold-cache time). Then `quidpro ledger` as a whole process (five
# runs, the median; target under 100 ms) and `report dyad --format html` (target under
# 1 MB), each checked against the library's answer: the same balance, a summary in words.
# Appends to bench/record/relations.tsv.
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
want=$(echo "$r" | awk '$1 == "ledger_ms" {print $6}')
times=()
for _ in 1 2 3 4 5; do
  t0=$(date +%s%N)
  $pin ./target/release/quidpro --store "$db" ledger TUR AZE --format json >"$out/ledger.json"
  times+=($(( ($(date +%s%N) - t0) / 1000 )))
done
ledger_process_ms=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p | awk '{printf "%.1f", $1 / 1000}')
got=$(python3 -c 'import json,sys; l=json.load(open(sys.argv[1])); print("%.1f" % l["balance"]); assert " owes " in l["summary"] or "even" in l["summary"] or "Neither" in l["summary"], l["summary"]' "$out/ledger.json")
echo "ledger_process_ms $ledger_process_ms balance $got (library: $want)"
[ "$got" = "$want" ] || { echo "the ledger command's balance $got is not the library's $want" >&2; exit 1; }
fail=0
awk -v m="$ledger_process_ms" 'BEGIN { exit !(m < 100) }' || { echo "ledger took $ledger_process_ms ms (target 100)" >&2; fail=1; }
./target/release/quidpro --store "$db" report dyad TUR AZE --format html -o "$out/report.html"
html_bytes=$(stat -c %s "$out/report.html")
echo "report_html_bytes $html_bytes"
[ "$html_bytes" -lt 1000000 ] || { echo "the HTML report is $html_bytes bytes (target 1 MB)" >&2; fail=1; }
[ -f bench/record/relations.tsv ] && sed -i '1s/all_dyads_ms$/all_dyads_ms\tledger_process_ms\treport_html_bytes/' bench/record/relations.tsv
[ -f bench/record/relations.tsv ] || printf 'when\tcommit\tevents\tdyad_series_ms\tledger_ms\tall_dyads_ms\tledger_process_ms\treport_html_bytes\n' >bench/record/relations.tsv
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(git rev-parse --short HEAD)" "$n" \
  "$(get dyad_series_ms)" "$(get ledger_ms)" "$(get all_dyads_ms)" "$ledger_process_ms" "$html_bytes" >>bench/record/relations.tsv
exit $fail
