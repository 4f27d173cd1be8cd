#!/usr/bin/env bash
# Import throughput and query times of the store, side by side with DuckDB on the same
# files: GDELT 2.0 event files of N synthetic rows (gen-gdelt, fixed seed, the real
# 61-column layout). Measures quidpro's import (rows/s, peak RSS), one dyad's monthly
# series and the monthly series of every dyad; DuckDB (the Python package, installed
# into bench/out/venv) does the same import and aggregations. The two answers must
# agree (row counts, event counts, Goldstein sums). Appends to bench/record/import.tsv.
# Also measures two floors, appended to bench/record/import-floor.tsv: `floor`, SQLite
# alone inserting the same rows as rows of a bare table (with only the key, then with two
# indexes): what storing imported events as rows would cost, which segments avoid; and
# `parse-floor`, the importer's own parser reading the file on one core, writing nothing.
#
#   bash bench/import.sh [ROWS...]      (default: 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000)
out=bench/out
mkdir -p "$out" bench/record
cargo build --release --locked -q -p quidpro-cli -p quidpro-bench
if [ ! -x "$out/venv/bin/python" ]; then
  python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install -q duckdb
fi
[ -f bench/record/import.tsv ] || printf 'when\tcommit\trows\tquidpro_import_s\tquidpro_rows_per_s\tquidpro_peak_rss_mb\tduckdb_import_s\tquidpro_one_dyad_ms\tduckdb_one_dyad_ms\tquidpro_all_dyads_ms\tduckdb_all_dyads_ms\tall_dyads_ratio\tanswers\n' >bench/record/import.tsv
# Imports use every core on both sides (quidpro parses on a second thread; DuckDB reads
# in parallel); the query timings are pinned to one core and DuckDB to one thread.
pin=""
if command -v taskset >/dev/null 2>&1; then pin="taskset -c 0"; fi
for n in "${sizes[@]}"; do
  file="$out/gdelt2-$n.export.CSV"
  [ -f "$file" ] || ./target/release/gen-gdelt --seed 7 --rows "$n" >"$file"
  db="$out/import-$n.db"
  rm -f "$db" "$db-wal" "$db-shm"
  read -r secs rss_kb < <(python3 - "$db" "$file" <<'PY'
import resource, subprocess, sys, time
db, f = sys.argv[1], sys.argv[2]
cmd = sys.argv[3:] + ["./target/release/quidpro", "--store", db, "import", "gdelt2", f]
t = time.perf_counter()
subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
print(f"{time.perf_counter() - t:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
PY
)
  q=$($pin ./target/release/store-queries "$db" TUR AZE)
  d=$("$out/venv/bin/python" - "$file" <<'PY'
import os, sys, time, duckdb
f = sys.argv[1]
con = duckdb.connect()
con.execute(f"SET threads = {os.cpu_count()}")
cols = {f"c{i}": "VARCHAR" for i in range(61)}
t = time.perf_counter()
con.execute(f"CREATE TABLE events AS SELECT c0 AS id, c1 AS sqldate, c5 AS a1, c15 AS a2, substr(c5, 1, 3) AS src, substr(c15, 1, 3) AS tgt, c26 AS code, CAST(c30 AS DOUBLE) AS goldstein "
            f"FROM read_csv('{f}', delim='\t', header=false, columns={cols}, quote='', escape='')")
imp = time.perf_counter() - t
con.execute("SET threads = 1")
def run(sql):
    t = time.perf_counter()
    rows = con.execute(sql).fetchall()
    return (time.perf_counter() - t) * 1000, len(rows), sum(r[-2] for r in rows), sum(r[-1] for r in rows)
# Each event cluster once, as quidpro counts: events of the same day, actors and code.
con.execute("CREATE TEMP VIEW clusters AS SELECT DISTINCT sqldate, a1, a2, src, tgt, code, goldstein FROM events")
one = run("SELECT substr(sqldate, 1, 6) AS m, count(*), sum(goldstein) FROM clusters WHERE src = 'TUR' AND tgt = 'AZE' GROUP BY m")
alld = run("SELECT src, tgt, substr(sqldate, 1, 6) AS m, count(*), sum(goldstein) FROM clusters GROUP BY src, tgt, m")
print(f"import_s {imp:.3f}")
print(f"one_dyad_ms {one[0]:.2f} rows {one[1]} events {one[2]} goldstein {one[3]:.1f}")
print(f"all_dyads_ms {alld[0]:.2f} rows {alld[1]} events {alld[2]} goldstein {alld[3]:.1f}")
PY
)
  field() { echo "$1" | awk -v k="$2" -v f="$3" '$1 == k { for (i = 1; i <= NF; i++) if ($i == f) print $(i + 1) }'; }
  answers=ok
  for k in one_dyad_ms all_dyads_ms; do
    for f in rows events goldstein; do
      if [ "$(field "$q" $k $f)" != "$(field "$d" $k $f)" ]; then answers="DIFFER($k.$f)"; fi
    done
  done
  rate=$(python3 -c "print(round($n / $secs))")
  rss=$(python3 -c "print(round($rss_kb / 1024, 1))")
  qo=$(field "$q" one_dyad_ms one_dyad_ms); qa=$(field "$q" all_dyads_ms all_dyads_ms)
  dimp=$(echo "$d" | awk '$1 == "import_s" {print $2}')
  do_=$(field "$d" one_dyad_ms one_dyad_ms); da=$(field "$d" all_dyads_ms all_dyads_ms)
  ratio=$(python3 -c "print(round($qa / $da, 2))")
  echo "rows $n: quidpro import ${secs}s (${rate} rows/s, ${rss} MB peak) | DuckDB import ${dimp}s"
  echo "  one dyad monthly: quidpro ${qo} ms, DuckDB ${do_} ms"
  echo "  all dyads monthly: quidpro ${qa} ms, DuckDB ${da} ms (ratio ${ratio})"
  echo "  answers: $answers"
  # The floor: SQLite alone taking the same rows (bare table, the key and two indexes).
  fl=$($pin ./target/release/floor "$out/floor-$n.db" "$file")
  rm -f "$out/floor-$n.db" "$out/floor-$n.db-wal" "$out/floor-$n.db-shm"
  echo "  SQLite row floor (one core, rows parsed first; no clusters, aggregates or actors): $fl"
  pf=$($pin ./target/release/parse-floor "$file")
  echo "  parse floor (one core, nothing written): $pf"
  fl="$fl | parse: $pf"
  [ -f bench/record/import-floor.tsv ] || printf 'when\tcommit\trows\tfloor\tquidpro_rows_per_s\n' >bench/record/import-floor.tsv
  printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(git rev-parse --short HEAD)" "$n" "$fl" "$rate" >>bench/record/import-floor.tsv
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(git rev-parse --short HEAD)" \
    "$n" "$secs" "$rate" "$rss" "$dimp" "$qo" "$do_" "$qa" "$da" "$ratio" "$answers" >>bench/record/import.tsv
  [ "$answers" = ok ] || { echo "bench: quidpro and DuckDB disagree" >&2; exit 1; }
done
