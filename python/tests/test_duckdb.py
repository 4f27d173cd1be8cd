"""DuckDB on the Parquet export gives the store's counts and sums."""

from __future__ import annotations

import duckdb
import pytest

import quidpro
from conftest import run


@pytest.fixture(scope="module")
def export(demo_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "out"
    run("export", "--format", "parquet", str(out), store=demo_store)
    con = duckdb.connect()
    con.execute(
        f"CREATE VIEW events AS SELECT * FROM read_parquet('{out}/year=*/month=*/*.parquet', hive_partitioning = true)"
    )
    return con


def test_counts_per_dataset_and_month_are_the_stores(export, demo_store):
    store = quidpro.Store(demo_store)
    table = store.events()
    assert export.execute("SELECT count(*) FROM events").fetchone()[0] == table.num_rows > 3000
    ours = dict(export.execute("SELECT dataset, count(*) FROM events GROUP BY dataset").fetchall())
    for dataset, n in ours.items():
        assert store.events(dataset=dataset).num_rows == n
    # The partitions are the events' own year and month.
    assert export.execute(
        "SELECT count(*) FROM events WHERE year <> year(date) OR month <> month(date)"
    ).fetchone()[0] == 0


def test_clusters_recomputed_from_the_parquet_are_the_stores(export):
    # The size of each event's cluster (asserted and reported events of one day, source,
    # target and code) is the number of such rows.
    wrong = export.execute(
        """SELECT count(*) FROM events e JOIN (
             SELECT date, source, target, code, count(*) AS n FROM events
             WHERE modality IN ('asserted', 'reported') GROUP BY ALL) c USING (date, source, target, code)
           WHERE e.modality IN ('asserted', 'reported') AND e.cluster_events <> c.n"""
    ).fetchone()[0]
    assert wrong == 0
    assert export.execute(
        "SELECT count(*) FROM events WHERE modality NOT IN ('asserted', 'reported') AND cluster_events <> 1"
    ).fetchone()[0] == 0


@pytest.mark.parametrize("a,b", [("TUR", "AZE"), ("AZE", "ARM"), ("USA", "IRN"), ("RUS", "UKR")])
def test_dyad_months_are_quidpro_dyad(export, demo_store, a, b):
    rows = export.execute(
        """WITH c AS (
             SELECT date, first(source_country) AS sc, first(target_country) AS tc,
                    first(goldstein) AS g, first(quad_class) AS q
             FROM events WHERE modality IN ('asserted', 'reported')
             GROUP BY date, source, target, code)
           SELECT strftime(date, '%Y-%m') AS period, count(*), sum(g),
                  count(*) FILTER (q = 1), count(*) FILTER (q = 2), count(*) FILTER (q = 3), count(*) FILTER (q = 4)
           FROM c WHERE sc = ? AND tc = ? GROUP BY period ORDER BY period""",
        [a, b],
    ).fetchall()
    series = [p for p in quidpro.Store(demo_store).dyad(a, b).to_pylist() if p["events"] > 0]
    assert len(rows) == len(series) > 0
    for (period, n, g, q1, q2, q3, q4), p in zip(rows, series):
        assert (period, n, q1, q2, q3, q4) == (p["period"], p["events"], p["q1"], p["q2"], p["q3"], p["q4"])
        assert g == pytest.approx(p["goldstein_sum"], abs=1e-9)
