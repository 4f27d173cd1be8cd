#!/usr/bin/env bash
# Crash trials: N imports killed with SIGKILL at random moments, bulk (one transaction)
# and batched (`--bulk never --batch B`) in turn. The file holds ROWS generated GDELT 2.0
# rows (gen-gdelt, fixed seed). Each trial starts from a store that already holds the
# file's first BASE rows, so the import meets duplicates and a store with content.
# While the import runs, readers (`dyad`, `events`) run in a loop. After each kill:
#   - `PRAGMA integrity_check` is ok;
#   - no event is stored twice, and the clusters count every stored event;
#   - the monthly aggregates equal the clusters, month by month;
#   - a bulk import left all of the file or none of it, and a batched one left between
#     none and all of it;
#   - importing the file again completes (exit 0), and the store then holds exactly the
#     events and monthly aggregates of an import that was never killed;
#   - no reader failed.
# The checks are those of `store-check` (bench/corpus/src/check.rs). Prints one line per
# trial and a summary, appends the summary to bench/record/crash.tsv, and exits 1 on any
# failure.
#
#   bash bench/crash.sh [N]        (default 100; CRASH_ROWS, CRASH_BASE, CRASH_BATCH)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
rows=${CRASH_ROWS:-200000}
base=${CRASH_BASE:-20000}
batch=${CRASH_BATCH:-20000}
cargo build --release --locked -q -p quidpro-cli -p quidpro-bench
q=$PWD/target/release/quidpro
check=$PWD/target/release/store-check
work=/tmp/faults-crash-$$
rm -rf "$work"
mkdir -p "$work" bench/record
trap 'rm -rf "$work"' EXIT
./target/release/gen-gdelt --seed 11 --rows "$base" >"$work/base.export.CSV"
./target/release/gen-gdelt --seed 11 --rows "$rows" >"$work/file.export.CSV"

# The template (the first BASE rows) and the reference (the whole file, never killed).
"$q" --store "$work/template.db" import gdelt2 "$work/base.export.CSV" 2>/dev/null
cp "$work/template.db" "$work/reference.db"
t0=$(date +%s.%N)
"$q" --store "$work/reference.db" import gdelt2 "$work/file.export.CSV" 2>/dev/null
t1=$(date +%s.%N)
full_ms=$(python3 -c "print(int(($t1 - $t0) * 1000))")
field() { echo "$1" | awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }'; }
ref=$("$check" "$work/reference.db")
tmpl=$("$check" "$work/template.db")
ref_events=$(field "$ref" events)
base_events=$(field "$tmpl" events)
ref_sig=$(field "$ref" signature)
echo "crash: $rows rows over a store of $base_events events; an uninterrupted import takes ${full_ms} ms and ends with $ref_events events"
[ "$(field "$ref" integrity)" = ok ] && [ "$(field "$ref" aggregates)" = ok ] || { echo "crash: the reference store is wrong: $ref" >&2; exit 1; }

# Readers: loop until $work/stop-N exists; count runs and failures.
readers() {
  local db=$1 tag=$2 runs=0 fails=0
  while [ ! -e "$work/stop-$tag" ]; do
    for args in "dyad TUR AZE --format csv" "events --dyad USA-RUS --format jsonl" "events --country IRN --quad 4 --format csv"; do
      # shellcheck disable=SC2086
      if ! "$q" --store "$db" $args >/dev/null 2>"$work/reader-$tag.err"; then
        fails=$((fails + 1))
        cat "$work/reader-$tag.err" >>"$work/reader-failures.txt"
      fi
      runs=$((runs + 1))
    done
  done
  echo "$runs $fails" >"$work/readers-$tag"
}

failures=0 killed=0 bulk_trials=0 batched_trials=0 reader_runs=0 reader_fails=0 partial=0
fail() { echo "  FAIL trial $1: $2"; failures=$((failures + 1)); }
for ((i = 1; i <= n; i++)); do
  db="$work/t$i.db"
  cp "$work/template.db" "$db"
  if ((i % 2)); then mode=always; bulk_trials=$((bulk_trials + 1)); else mode=never; batched_trials=$((batched_trials + 1)); fi
  readers "$db" "$i" &
  rpid=$!
  "$q" --store "$db" import gdelt2 --bulk "$mode" --batch "$batch" "$work/file.export.CSV" >/dev/null 2>"$work/import.err" &
  ipid=$!
  # A moment from 0 to 110% of an uninterrupted import.
  wait_ms=$((RANDOM * RANDOM % (full_ms * 11 / 10 + 1)))
  sleep "$(python3 -c "print($wait_ms / 1000)")"
  if kill -0 "$ipid" 2>/dev/null; then
    kill -9 "$ipid" 2>/dev/null || true
    was=killed
    killed=$((killed + 1))
  else
    was=finished
  fi
  wait "$ipid" 2>/dev/null || true
  touch "$work/stop-$i"
  wait "$rpid"
  read -r runs rfails <"$work/readers-$i"
  reader_runs=$((reader_runs + runs))
  reader_fails=$((reader_fails + rfails))
  after=$("$check" "$db") || { fail "$i" "store-check failed after the kill"; rm -f "$db"*; continue; }
  ev=$(field "$after" events)
  [ "$(field "$after" integrity)" = ok ] || fail "$i" "integrity after the kill: $after"
  [ "$(field "$after" distinct)" = "$ev" ] || fail "$i" "duplicates after the kill: $after"
  [ "$(field "$after" cluster_events)" = "$(field "$after" factual)" ] || fail "$i" "clusters do not count every event: $after"
  [ "$(field "$after" aggregates)" = ok ] || fail "$i" "aggregates after the kill: $after"
  if [ "$mode" = always ]; then
    [ "$ev" = "$base_events" ] || [ "$ev" = "$ref_events" ] || fail "$i" "a bulk import left part of the file: $ev events"
  else
    { [ "$ev" -ge "$base_events" ] && [ "$ev" -le "$ref_events" ]; } || fail "$i" "batched: $ev events"
  fi
  if [ "$ev" != "$base_events" ] && [ "$ev" != "$ref_events" ]; then partial=$((partial + 1)); fi
  if ! "$q" --store "$db" import gdelt2 "$work/file.export.CSV" >/dev/null 2>"$work/reimport.err"; then
    fail "$i" "re-import failed: $(tail -1 "$work/reimport.err")"
  fi
  final=$("$check" "$db") || { fail "$i" "store-check failed after the re-import"; rm -f "$db"*; continue; }
  [ "$(field "$final" integrity)" = ok ] || fail "$i" "integrity after the re-import: $final"
  [ "$(field "$final" events)" = "$ref_events" ] || fail "$i" "re-import total $(field "$final" events), expected $ref_events"
  [ "$(field "$final" distinct)" = "$ref_events" ] || fail "$i" "duplicates after the re-import: $final"
  [ "$(field "$final" aggregates)" = ok ] || fail "$i" "aggregates after the re-import: $final"
  [ "$(field "$final" signature)" = "$ref_sig" ] || fail "$i" "monthly aggregates differ from the reference: $final"
  [ "$rfails" = 0 ] || fail "$i" "$rfails of $runs reader runs failed: $(head -3 "$work/reader-failures.txt" 2>/dev/null)"
  printf 'trial %3d: %-6s %-8s at %5d ms: %7d events (re-import: %d), %d reader runs\n' "$i" "$mode" "$was" "$wait_ms" "$ev" "$(field "$final" events)" "$runs"
  rm -f "$db" "$db-wal" "$db-shm"
done
summary="crash trials: $n ($bulk_trials bulk, $batched_trials batched), $killed killed mid-import ($partial left part of the file); checked after each: integrity, no duplicates, aggregates = clusters, re-import exact ($ref_events events); $reader_runs reader runs, $reader_fails failed; $failures failed checks"
echo "$summary"
[ -f bench/record/crash.tsv ] || printf 'when\tcommit\ttrials\trows\tbase\tkilled\tpartial\treader_runs\treader_failures\tfailures\n' >bench/record/crash.tsv
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(git rev-parse --short HEAD)" \
  "$n" "$rows" "$base_events" "$killed" "$partial" "$reader_runs" "$reader_fails" "$failures" >>bench/record/crash.tsv
[ "$failures" = 0 ]
