#!/usr/bin/env python3
"""A quidpro store read from Python's sqlite3 with the extension libquidpro_sqlite.

Usage: python3 tests/sql/test_sqlite_ext.py QUIDPRO_BINARY LIBQUIDPRO_SQLITE

Builds a store of the sample stories and the GDELT sample in a temporary folder, then
checks that Python's sqlite3, with the extension loaded, sees every event that
`quidpro events --format jsonl` lists (the same ids, counts and Goldstein sums per
dataset, the same values column by column) and the monthly aggregates of `quidpro dyad`.
Runs with the standard library only (pytest collects it too). Exit code 0 when all hold.
"""

import csv
import io
import json
import math
import os
import sqlite3
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def run(quidpro, store, *args):
    p = subprocess.run([quidpro, "--store", store, *args], capture_output=True, text=True, check=False)
    if p.returncode != 0:
        raise AssertionError(f"quidpro {' '.join(args)} failed ({p.returncode}): {p.stderr}")
    return p.stdout


def connect(store, ext):
    if not hasattr(sqlite3.Connection, "enable_load_extension"):
        raise AssertionError(
            f"this Python ({sys.executable}) has a sqlite3 without enable_load_extension; use one built with it (Debian's python3)"
        )
    conn = sqlite3.connect(store)
    conn.enable_load_extension(True)
    conn.load_extension(ext)
    conn.enable_load_extension(False)
    return conn


def check(quidpro, ext):
    with tempfile.TemporaryDirectory(prefix="quidpro-sqlext-") as tmp:
        store = os.path.join(tmp, "quidpro.db")
        run(quidpro, store, "ingest", os.path.join(ROOT, "samples", "stories.jsonl"))
        run(quidpro, store, "import", "gdelt2", os.path.join(ROOT, "samples", "gdelt-sample.export.CSV"))

        # Without the extension, `events` is no silent count of the coded events alone.
        plain = sqlite3.connect(store)
        try:
            plain.execute("SELECT count(*) FROM events").fetchone()
            raise AssertionError("SELECT count(*) FROM events answered without the extension")
        except sqlite3.OperationalError as e:
            assert "no such module" in str(e), e
        plain.close()

        events = [json.loads(l) for l in run(quidpro, store, "events", "--format", "jsonl").splitlines()]
        by_id = {e["id"]: e for e in events}
        assert len(by_id) == len(events) > 3000, len(events)

        conn = connect(store, ext)
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT * FROM events").fetchall()
        assert len(rows) == len(events), (len(rows), len(events))
        columns = [d[0] for d in conn.execute("SELECT * FROM events LIMIT 0").description]
        assert columns == list(events[0].keys()), (columns, list(events[0].keys()))
        for r in rows:
            e = by_id[r["id"]]
            for c in columns:
                v = r[c]
                w = e[c]
                if c in ("content", "entries") and v is not None:
                    v = json.loads(v)
                if c == "directed":
                    v = bool(v)
                if isinstance(w, float) or isinstance(v, float):
                    assert math.isclose(v, w, abs_tol=1e-9), (c, r["id"], v, w)
                else:
                    assert v == w, (c, r["id"], v, w)

        for dataset, n, g in conn.execute("SELECT dataset, count(*), sum(goldstein) FROM events GROUP BY dataset"):
            of = [e for e in events if e["dataset"] == dataset]
            assert n == len(of), (dataset, n, len(of))
            assert math.isclose(g, sum(e["goldstein"] for e in of), abs_tol=1e-6), dataset

        # The monthly aggregates are `quidpro dyad`'s series.
        series = {}
        for r in csv.DictReader(io.StringIO(run(quidpro, store, "dyad", "TUR", "AZE", "--by", "month", "--format", "csv"))):
            if r["events"] != "0":
                series[r["period"]] = (int(r["events"]), round(float(r["goldstein_sum"]), 2))
        months = {
            m: (n, round(g, 2))
            for m, n, g in conn.execute(
                "SELECT month, clusters, goldstein_sum FROM all_dyad_months "
                "WHERE source_country = 'TUR' AND target_country = 'AZE' AND clusters > 0"
            )
        }
        assert series and months == series, (months, series)
        conn.close()
    return len(events)


def test_sqlite_ext():
    quidpro = os.environ.get("QUIDPRO", os.path.join(ROOT, "target", "debug", "quidpro"))
    ext = os.environ.get("QUIDPRO_SQLITE_EXT", os.path.join(ROOT, "target", "release", "libquidpro_sqlite"))
    check(quidpro, ext)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n = check(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]))
    print(f"python sqlite3 with the extension: {n} events, the same as quidpro events; dyad series equal")
