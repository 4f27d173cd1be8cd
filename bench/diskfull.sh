#!/usr/bin/env bash
# Disk full: imports into a store on a small tmpfs that fills up. Several sizes make the
# failure hit different phases: creating the store, the first segment, the middle of the
# file, and the index rebuild of a bulk import. The last size is large enough for the
# import to complete, as a control. Each size is tried bulk (one transaction) and batched
# (`--bulk never --batch B`). ROWS generated GDELT 2.0 rows (gen-gdelt, fixed seed).
# For each run:
#   - the import ends by itself within TIMEOUT seconds (no hang), with exit code 1 and a
#     message that says the disk is full (exit 0 for the control; never a panic);
#   - the store (copied off the tmpfs) passes `PRAGMA integrity_check`;
#   - it holds exactly the rows its committed transactions hold: none for a bulk import,
#     whole batches for a batched one, and as many as its import run says it stored;
#   - the clusters count every event, and the monthly aggregates equal the clusters;
#   - its import run says `failed` (`complete` for the control), or, when the disk had no
#     byte left even for that last write, still `running` with exactly the rows it
#     committed (each committed transaction writes its run's counts with its rows).
# Needs root and `mount -t tmpfs`; says so and exits 0 when mounting is not permitted.
# Prints one line per run and a summary, appends to bench/record/diskfull.tsv, and exits 1
# on any failure.
#
#   bash bench/diskfull.sh [SIZE...]   (default: 48k 1m 3m 6m 9m 12m 16m 20m 64m; DISKFULL_ROWS,
#                                       DISKFULL_BATCH, DISKFULL_TIMEOUT)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(48k 1m 3m 6m 9m 12m 16m 20m 64m)
rows=${DISKFULL_ROWS:-200000}
batch=${DISKFULL_BATCH:-20000}
limit=${DISKFULL_TIMEOUT:-120}
work=/tmp/faults-diskfull-$$
mnt=$work/mnt
mkdir -p "$mnt" bench/record
cleanup() {
  if mountpoint -q "$mnt" 2>/dev/null; then umount "$mnt" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
if ! mount -t tmpfs -o size=64k tmpfs "$mnt" 2>/dev/null; then
  echo "diskfull: skipped: mounting a tmpfs is not permitted here (needs root and mount -t tmpfs)"
  exit 0
fi
umount "$mnt"
cargo build --release --locked -q -p quidpro-cli -p quidpro-bench
q=$PWD/target/release/quidpro
check=$PWD/target/release/store-check
./target/release/gen-gdelt --seed 5 --rows "$rows" >"$work/file.export.CSV"
field() { echo "$1" | awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }'; }
sql() { python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); r = c.execute(sys.argv[2]).fetchone(); print("" if r is None else "|".join(str(x) for x in r))' "$@"; }

failures=0 runs=0
fail() { echo "  FAIL $1: $2"; failures=$((failures + 1)); }
for size in "${sizes[@]}"; do
  for mode in always never; do
    runs=$((runs + 1))
    tag="$size/$mode"
    mount -t tmpfs -o "size=$size" tmpfs "$mnt"
    db="$mnt/q.db"
    t0=$(date +%s.%N)
    set +e
    timeout -s KILL "$limit" "$q" --store "$db" import gdelt2 --bulk "$mode" --batch "$batch" "$work/file.export.CSV" \
      >/dev/null 2>"$work/err"
    rc=$?
    set -e
    secs=$(python3 -c "print(round($(date +%s.%N) - $t0, 2))")
    used=$(df -k --output=used "$mnt" | tail -1 | tr -d ' ')
    # The store off the tmpfs, as any next reader would find it (its WAL with it).
    rm -f "$work/copy.db" "$work/copy.db-wal"
    [ -f "$db" ] && cp "$db" "$work/copy.db"
    [ -f "$db-wal" ] && cp "$db-wal" "$work/copy.db-wal"
    umount "$mnt"
    message=$(grep -v '^\s*$' "$work/err" | tail -1 || true)
    grep -q 'panicked' "$work/err" && fail "$tag" "panicked: $(grep panicked "$work/err" | head -1)"
    control=0
    [ "$size" = "${sizes[-1]}" ] && control=1
    if [ "$rc" = 137 ]; then
      fail "$tag" "no end within ${limit}s (killed): a hang"
    elif [ "$control" = 1 ]; then
      [ "$rc" = 0 ] || fail "$tag" "the control import failed (exit $rc): $message"
    else
      [ "$rc" = 1 ] || fail "$tag" "exit $rc, expected 1: $message"
      echo "$message" | grep -qiE 'full|space' || fail "$tag" "the message does not say the disk is full: $message"
    fi
    if [ ! -f "$work/copy.db" ]; then
      printf '%-5s %-6s exit %s in %5ss, %5s KB used, no store file: %s\n' "$size" "$mode" "$rc" "$secs" "$used" "$message"
      continue
    fi
    tables=$(sql "$work/copy.db" "SELECT count(*) FROM sqlite_master WHERE name IN ('events', 'segments', 'import_runs')")
    integrity=$(sql "$work/copy.db" "PRAGMA integrity_check")
    [ "$integrity" = ok ] || fail "$tag" "integrity: $integrity"
    if [ "$tables" != 3 ]; then
      printf '%-5s %-6s exit %s in %5ss, %5s KB used, store not created (integrity %s): %s\n' "$size" "$mode" "$rc" "$secs" "$used" "$integrity" "$message"
      continue
    fi
    after=$("$check" "$work/copy.db") || { fail "$tag" "store-check failed"; continue; }
    ev=$(field "$after" events)
    run=$(sql "$work/copy.db" "SELECT status, rows_stored FROM import_runs ORDER BY id DESC LIMIT 1")
    status=${run%%|*}
    stored=${run##*|}
    [ "$(field "$after" distinct)" = "$ev" ] || fail "$tag" "duplicates: $after"
    [ "$(field "$after" cluster_events)" = "$(field "$after" factual)" ] || fail "$tag" "clusters do not count every event: $after"
    [ "$(field "$after" aggregates)" = ok ] || fail "$tag" "aggregates: $after"
    if [ "$control" = 1 ]; then
      [ "$status" = complete ] && [ "$ev" = "$stored" ] || fail "$tag" "control: run $run, $ev events"
    else
      # A store that filled up while it was being created has no run: nothing began.
      if [ -n "$run" ] || [ "$ev" != 0 ]; then
        [ "$status" = failed ] || { [ "$status" = running ] && [ "$ev" = "${stored:-0}" ]; } ||
          fail "$tag" "the import run says ${status:-nothing}, expected failed"
      else
        status="(none)"
      fi
      [ "$ev" = "${stored:-0}" ] || fail "$tag" "the store holds $ev events, its run says $stored"
      if [ "$mode" = always ]; then
        [ "$ev" = 0 ] || fail "$tag" "a failed bulk import left $ev events"
      else
        [ $((ev % batch)) = 0 ] || fail "$tag" "$ev events: not whole batches of $batch"
      fi
    fi
    printf '%-5s %-6s exit %s in %5ss, %5s KB used, %6s events, run %-8s (%s stored): %s\n' \
      "$size" "$mode" "$rc" "$secs" "$used" "$ev" "$status" "$stored" "$message"
  done
done
summary="diskfull: $runs runs ($rows rows; tmpfs ${sizes[*]}, bulk and batched): $failures failed checks"
echo "$summary"
[ -f bench/record/diskfull.tsv ] || printf 'when\tcommit\truns\trows\tsizes\tfailures\n' >bench/record/diskfull.tsv
printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(git rev-parse --short HEAD)" "$runs" "$rows" "${sizes[*]}" "$failures" >>bench/record/diskfull.tsv
[ "$failures" = 0 ]
