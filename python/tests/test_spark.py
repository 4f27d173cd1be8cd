"""The PySpark job (python/spark/quidpro_spark.py) in local mode on the sample stories:
its aggregates are `quidpro dyad`'s, its files `quidpro export`'s. Marked `spark`: run with
`pytest -m spark` where pyspark and Java are installed (CI's Spark step)."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import quidpro
from conftest import ROOT, SAMPLES, jsonl, run

pytestmark = pytest.mark.spark

sys.path.insert(0, str(ROOT / "python" / "spark"))


@pytest.fixture(scope="module")
def spark():
    # The workers run this interpreter, which has the package.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("quidpro-test")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def job(spark, tmp_path_factory):
    import quidpro_spark

    d = tmp_path_factory.mktemp("spark")
    counts = quidpro_spark.run(spark, str(SAMPLES / "stories.jsonl"), str(d / "out"), str(d / "agg"))
    return d, counts


def files(out: Path) -> list:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())


def test_aggregates_are_quidpro_dyad(job, stories_store):
    d, counts = job
    agg = pq.read_table(d / "agg" / "dyad_months").to_pylist()
    by_dyad = defaultdict(dict)
    for r in agg:
        if r["source_country"] and r["target_country"] and r["source_country"] != r["target_country"]:
            by_dyad[(r["source_country"], r["target_country"])][r["month"]] = r
    # Every international dyad with a factual event in the store, and no other.
    events = quidpro.Store(stories_store).events().to_pylist()
    expected = {
        (e["source_country"], e["target_country"])
        for e in events
        if e["modality"] in ("asserted", "reported")
        and e["source_country"]
        and e["target_country"]
        and e["source_country"] != e["target_country"]
    }
    assert set(by_dyad) == expected and len(expected) > 20
    compared = 0
    for (a, b), months in sorted(by_dyad.items()):
        periods = json.loads(run("dyad", a, b, "--format", "json", store=stories_store).stdout)["periods"]
        nonzero = {p["period"]: p for p in periods if p["events"] > 0}
        assert set(nonzero) == set(months), (a, b)
        for month, p in nonzero.items():
            r = months[month]
            assert r["clusters"] == p["events"], (a, b, month)
            assert [r["q1"], r["q2"], r["q3"], r["q4"]] == p["quad"], (a, b, month)
            assert r["goldstein_sum"] == pytest.approx(p["goldstein_sum"], abs=1e-9)
            assert r["share"] == pytest.approx(p["share"], rel=1e-12)
            compared += 1
    assert compared > 50
    # The month totals are the store's clusters.
    totals = pq.read_table(d / "agg" / "month_totals").to_pylist()
    with sqlite3.connect(f"file:{stories_store}?mode=ro", uri=True) as con:
        clusters = con.execute("SELECT count(*) FROM clusters").fetchone()[0]
    assert sum(t["clusters"] for t in totals) == counts["clusters"] == clusters


def test_files_and_rows_are_the_exports(job, stories_store, tmp_path):
    d, counts = job
    run("export", "--format", "parquet", str(tmp_path / "exp"), store=stories_store)
    assert files(d / "out") == files(tmp_path / "exp")
    assert counts["files"] == len([f for f in files(d / "out") if f.endswith(".parquet")]) > 30
    assert (d / "out" / "_schema.json").read_text() == (tmp_path / "exp" / "_schema.json").read_text()
    ours = pq.read_table(d / "out", partitioning=None)
    theirs = pq.read_table(tmp_path / "exp", partitioning=None)
    assert ours.schema.remove_metadata() == theirs.schema.remove_metadata()
    assert ours.num_rows == theirs.num_rows == counts["events"] > 400
    a = ours.drop_columns(["retrieved"]).sort_by([("id", "ascending")]).to_pylist()
    b = theirs.drop_columns(["retrieved"]).sort_by([("id", "ascending")]).to_pylist()
    assert a == b
    # Each file's rows by date, then id, as the export writes them.
    for f in [f for f in files(d / "out") if f.endswith(".parquet")]:
        t = pq.read_table(d / "out" / f).select(["date", "id"]).to_pylist()
        assert t == sorted(t, key=lambda r: (r["date"], r["id"])), f


def test_quidpro_imports_the_jobs_export(job, stories_store, tmp_path):
    d, _ = job
    store = tmp_path / "back.db"
    run("import", "parquet", str(d / "out"), store=store)
    for a, b in [("TUR", "AZE"), ("AZE", "ARM"), ("IRN", "IRQ")]:
        back = json.loads(run("dyad", a, b, "--format", "json", store=store).stdout)
        original = json.loads(run("dyad", a, b, "--format", "json", store=stories_store).stdout)
        assert back == original


def test_a_story_again_replaces_it_and_force_leaves_no_stale_partition(job, spark, tmp_path):
    import quidpro_spark

    d, _ = job
    lines = (SAMPLES / "stories.jsonl").read_text().splitlines()[:20]
    changed = json.loads(lines[0])
    changed["text"] = "Turkey praised Azerbaijan. Armenia condemned Turkey."
    subset = tmp_path / "subset.jsonl"
    subset.write_text("\n".join(lines + ["", json.dumps(changed)]) + "\n")
    out = tmp_path / "out"
    # An earlier export (the whole sample's) is there: refused without force.
    import shutil

    shutil.copytree(d / "out", out)
    with pytest.raises(quidpro_spark.JobError, match="already exists; an export replaces it only when forced"):
        quidpro_spark.run(spark, str(subset), str(out))
    counts = quidpro_spark.run(spark, str(subset), str(out), force=True)
    store = tmp_path / "subset.db"
    run("ingest", str(subset), store=store)
    run("export", "--format", "parquet", str(tmp_path / "exp"), store=store)
    assert files(out) == files(tmp_path / "exp")
    theirs = pq.read_table(tmp_path / "exp", partitioning=None).drop_columns(["retrieved"]).sort_by("id")
    ours = pq.read_table(out, partitioning=None).drop_columns(["retrieved"]).sort_by("id")
    assert ours.to_pylist() == theirs.to_pylist()
    assert counts["stories"] == 20
    assert "Armenia condemned Turkey" in ours.column("text").to_pylist()


def test_a_bad_line_fails_the_job_naming_it(spark, tmp_path):
    import quidpro_spark

    lines = (SAMPLES / "stories.jsonl").read_text().splitlines()[:2]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines + ['{"id": "x", "date": "2024-02-30", "text": "Turkey praised Azerbaijan."}']) + "\n")
    cli = run("code", str(bad), check=False)
    message = next(line for line in cli.stderr.splitlines() if ":3:" in line).removeprefix("quidpro: ")
    with pytest.raises(quidpro_spark.JobError) as err:
        quidpro_spark.run(spark, str(bad), str(tmp_path / "out"))
    assert str(err.value) == message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("year=*"))
