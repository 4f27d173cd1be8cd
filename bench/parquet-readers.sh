#!/usr/bin/env bash
# The exported Parquet as other tools read it: a store built from the bundled samples and
# the test fixtures is exported (`quidpro export --format parquet`), then DuckDB and
# pandas (pyarrow), installed into bench/out/venv, read the partitioned directory as is.
# Checks its own answer: both see every event of the store, the same datasets, CAMEO
# codes as strings with their leading zeros, and the year/month partitions. Appends a
# line to bench/record/parquet-readers.tsv.
#
#   bash bench/parquet-readers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out" bench/record
cargo build --release --locked -q -p quidpro-cli
if ! "$out/venv/bin/python" -c "import duckdb, pandas, pyarrow" 2>/dev/null; then
  [ -x "$out/venv/bin/python" ] || python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install -q duckdb pandas pyarrow
fi
db="$out/parquet-readers.db"
dir="$out/parquet-readers"
rm -rf "$db" "$db-wal" "$db-shm" "$dir"
q="./target/release/quidpro --store $db"
$q ingest samples/stories.jsonl samples/comments >/dev/null 2>&1
for f in testdata/import/gdelt2.export.CSV testdata/import/gdelt1.export.CSV testdata/import/icews.events.tab \
  testdata/import/acled.csv testdata/import/polecat.events.txt; do
  $q import auto "$f" >/dev/null 2>&1 || true # the fixtures hold malformed rows on purpose
done
$q export --format parquet "$dir" >/dev/null 2>&1
# The store's events as quidpro reads them (imported ones live in segments, not in the
# `events` table).
events=$($q events --format jsonl | wc -l)
datasets=$($q events --format jsonl | "$out/venv/bin/python" -c "import sys, json; print(','.join(sorted({json.loads(l)['dataset'] for l in sys.stdin})))")
line=$("$out/venv/bin/python" - "$dir" "$events" "$datasets" <<'PY'
import sys, duckdb, pandas as pd, pyarrow
d, events, datasets = sys.argv[1], int(sys.argv[2]), sys.argv[3]
con = duckdb.connect()
n, ds, codes_ok = con.execute(
    f"SELECT count(*), string_agg(DISTINCT dataset, ',' ORDER BY dataset), bool_and(typeof(code) = 'VARCHAR' AND length(code) >= 2) "
    f"FROM read_parquet('{d}/**/*.parquet', hive_partitioning = true)").fetchone()
zero = con.execute(f"SELECT count(*) FROM read_parquet('{d}/**/*.parquet', hive_partitioning = true) WHERE code LIKE '0%'").fetchone()[0]
parts = con.execute(f"SELECT count(*) FROM read_parquet('{d}/**/*.parquet', hive_partitioning = true) WHERE year = year(\"date\") AND CAST(month AS INTEGER) = month(\"date\")").fetchone()[0]
df = pd.read_parquet(d)
ok = n == events and len(df) == events and ds == datasets and ",".join(sorted(df["dataset"].unique())) == datasets \
    and codes_ok and zero > 0 and parts == events and df["code"].str.startswith("0").sum() == zero
print(f"events {events} duckdb {n} pandas {len(df)} datasets {ds} codes-with-leading-zero {zero} partitions-agree {parts} "
      f"duckdb {duckdb.__version__} pandas {pd.__version__} pyarrow {pyarrow.__version__} status {'ok' if ok else 'DIFFER'}")
sys.exit(0 if ok else 1)
PY
) || true
echo "$line"
printf '%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(git rev-parse --short HEAD)" "$line" >>bench/record/parquet-readers.tsv
case "$line" in *"status ok"*) ;; *) exit 1 ;; esac
