#!/usr/bin/env bash
# Many small imports, then `quidpro store merge`: IMPORTS imports of ROWS synthetic GDELT
# 2.0 rows each (gen-gdelt, fixed seed; default 1,000 of 1,000), each its own process,
# file and segment; then the relations queries of bench/relations.sh (relations-queries:
# one dyad's monthly series, its ledger, the monthly series of every dyad; medians of five
# runs on one core) and `quidpro ledger` as a whole process (median of five), before and
# after the merge. Checks its own answer: the same series, ledger (entries, balance, the
# whole JSON), every event of the pair (`events --dyad TUR-AZE --undirected`, sorted) and
# the store's event count before and after; the merge leaves ceil(rows / 131,072)
# segments and merging again finds nothing. Appends to bench/record/merge.tsv.
#
#   bash bench/merge.sh [IMPORTS [ROWS]]
#   QUIDPRO_BENCH_DIR=/tmp/x bash bench/merge.sh   # the data and store elsewhere
set -euo pipefail
cd "$(dirname "$0")/.."
imports=${1:-1000}
rows=${2:-1000}
out=${QUIDPRO_BENCH_DIR:-bench/out}/merge
mkdir -p "$out" bench/record
cargo build --release --locked -q -p quidpro-cli -p quidpro-bench
q=./target/release/quidpro
db="$out/merge.db"
rm -rf "$out/parts" "$db" "$db-wal" "$db-shm"
mkdir -p "$out/parts"
./target/release/gen-gdelt --seed 11 --rows $((imports * rows)) | split -l "$rows" -a 5 -d --additional-suffix=.export.CSV - "$out/parts/p"
start=$(date +%s.%N)
for f in "$out"/parts/p*.export.CSV; do
  $q --store "$db" import gdelt2 "$f" 2>/dev/null
done
import_s=$(echo "$(date +%s.%N) - $start" | bc)
rm -rf "$out/parts"
sql() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$db" "$1"; }
segments_before=$(sql "SELECT count(*) FROM segments")
bytes_before=$(sql "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size")
pin=""
if command -v taskset >/dev/null 2>&1; then pin="taskset -c 0"; fi
# The relations queries, the ledger process and the answers to compare.
measure() {
  local tag=$1
  $pin ./target/release/relations-queries "$db" TUR AZE >"$out/$tag.queries"
  TIMEFORMAT='%3R %3U %3S'
  : >"$out/$tag.times"
  for _ in 1 2 3 4 5; do
    { time $pin $q --store "$db" ledger TUR AZE --format json >"$out/$tag.ledger.json"; } 2>>"$out/$tag.times"
  done
  $q --store "$db" events --dyad TUR-AZE --undirected --format jsonl --limit 100000000 | sort >"$out/$tag.pair.jsonl"
  $q --store "$db" dyad TUR AZE --format csv >"$out/$tag.dyad.csv"
  $q --store "$db" events --format csv --limit 100000000 | tail -n +2 | wc -l >"$out/$tag.count"
}
measure before
start=$(date +%s.%N)
$q --store "$db" store merge --format json >"$out/merge.json"
merge_s=$(echo "$(date +%s.%N) - $start" | bc)
segments_after=$(sql "SELECT count(*) FROM segments")
bytes_after=$(sql "SELECT (page_count - freelist_count) * page_size FROM pragma_page_count, pragma_page_size, pragma_freelist_count")
measure after
again=$($q --store "$db" store merge --format json | python3 -c 'import json, sys; print(sum(d["merged"] for d in json.load(sys.stdin)))')
get() { awk -v k="$2" '$1 == k {print $2}' "$out/$1.queries"; }
field() { awk -v k="$2" -v f="$3" '$1 == k {print $f}' "$out/$1.queries"; }
med() { awk '{print ($1) * 1000}' "$out/$1.times" | sort -n | sed -n 3p; }
cpu() { awk '{print ($2 + $3) * 1000}' "$out/$1.times" | sort -n | sed -n 3p; }
cat "$out/before.queries"
cat "$out/after.queries"
fail=0
check() { [ "$2" = "$3" ] || { echo "$1 differs: before $2, after $3" >&2; fail=1; }; }
for k in "dyad_series_ms 4" "dyad_series_ms 6" "ledger_ms 4" "ledger_ms 6" "all_dyads_ms 4"; do
  set -- $k
  check "$1 field $2" "$(field before "$1" "$2")" "$(field after "$1" "$2")"
done
cmp -s "$out/before.ledger.json" "$out/after.ledger.json" || { echo "the ledger's JSON differs" >&2; fail=1; }
cmp -s "$out/before.pair.jsonl" "$out/after.pair.jsonl" || { echo "the pair's events differ" >&2; fail=1; }
cmp -s "$out/before.dyad.csv" "$out/after.dyad.csv" || { echo "the dyad series differs" >&2; fail=1; }
check "events" "$(cat "$out/before.count")" "$(cat "$out/after.count")"
check "events stored" "$(cat "$out/after.count")" "$((imports * rows))"
want_segments=$(( (imports * rows + 131071) / 131072 ))
check "segments after the merge" "$segments_after" "$want_segments"
check "segments merged again" "$again" "0"
pair=$(wc -l <"$out/before.pair.jsonl")
[ "$pair" -gt 0 ] || { echo "no events of the pair" >&2; fail=1; }
answers=ok
[ $fail = 0 ] || answers=FAILED
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
printf 'imports %s rows %s import_s %.1f segments %s -> %s merge_s %.2f bytes %s -> %s (in use)\n' \
  "$imports" "$rows" "$import_s" "$segments_before" "$segments_after" "$merge_s" "$bytes_before" "$bytes_after"
printf 'before: dyad_series_ms %s ledger_ms %s all_dyads_ms %s ledger_process_ms %s (cpu %s)\n' \
  "$(get before dyad_series_ms)" "$(get before ledger_ms)" "$(get before all_dyads_ms)" "$(med before)" "$(cpu before)"
printf 'after:  dyad_series_ms %s ledger_ms %s all_dyads_ms %s ledger_process_ms %s (cpu %s)\n' \
  "$(get after dyad_series_ms)" "$(get after ledger_ms)" "$(get after all_dyads_ms)" "$(med after)" "$(cpu after)"
echo "pair events $pair, answers $answers (load average $load)"
rec=bench/record/merge.tsv
[ -f "$rec" ] || printf 'when\tcommit\timports\trows\timport_s\tsegments_before\tsegments_after\tmerge_s\tbytes_before\tbytes_after\tseries_ms_before\tseries_ms_after\tledger_ms_before\tledger_ms_after\tall_dyads_ms_before\tall_dyads_ms_after\tledger_process_ms_before\tledger_process_ms_after\tload\tanswers\n' >"$rec"
printf '%s\t%s\t%s\t%s\t%.1f\t%s\t%s\t%.2f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(git rev-parse --short HEAD)" "$imports" "$rows" "$import_s" \
  "$segments_before" "$segments_after" "$merge_s" "$bytes_before" "$bytes_after" \
  "$(get before dyad_series_ms)" "$(get after dyad_series_ms)" "$(get before ledger_ms)" "$(get after ledger_ms)" \
  "$(get before all_dyads_ms)" "$(get after all_dyads_ms)" "$(med before)" "$(med after)" "$load" "$answers" >>"$rec"
rm -f "$db" "$db-wal" "$db-shm"
exit $fail
