"""The package against the CLI: the same events, series, ledger, findings and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import quidpro
from conftest import ROOT, SAMPLES, jsonl, run


def stories() -> list:
    return jsonl((SAMPLES / "stories.jsonl").read_text())


def test_code_gives_the_cli_events_in_the_export_columns():
    table = quidpro.code(stories(), include_negated=False)  # as `quidpro code` without --include-negated
    assert table.schema == quidpro.SCHEMA
    assert table.column_names == list(quidpro.COLUMNS)
    cli = jsonl(run("code", "samples/stories.jsonl").stdout)
    assert table.num_rows == len(cli) > 400
    rows = table.to_pylist()
    for ours, theirs in zip(rows, cli):
        assert ours["dataset"] == "quidpro"
        assert ours["dataset_id"] == theirs["dataset_id"]
        assert ours["date"].isoformat() == theirs["date"]
        for k in ("id", "story_id", "sentence", "date_precision", "date_source", "source", "target", "code", "root"):
            assert ours[k] == theirs[k], k
        for k in ("quad_class", "goldstein", "plover", "attribution", "modality", "rule", "text"):
            assert ours[k] == theirs[k], k
        assert [ours["span_start"], ours["span_end"]] == theirs["span"]
        assert json.loads(ours["entries"] or "[]") == theirs["entries"]
        assert (json.loads(ours["content"]) if ours["content"] else None) == theirs["content"]
        assert ours["source_country"] == theirs["source"][:3]
        assert ours["coder_version"] == quidpro.CODER_VERSION


def test_code_gives_what_the_export_of_an_ingested_store_holds(stories_store, tmp_path):
    # All the export's columns but `retrieved`: the same values, clusters counted among
    # the stories coded, as the store counts them.
    run("export", "--format", "parquet", str(tmp_path / "out"), store=stories_store)
    exported = pq.read_table(tmp_path / "out", partitioning=None).drop_columns(["retrieved"])
    coded = quidpro.code(stories()).drop_columns(["retrieved"])
    assert coded.schema == exported.schema.remove_metadata()
    assert coded.sort_by("id").to_pylist() == exported.sort_by("id").to_pylist()


def test_code_reads_texts_dates_and_dataframes():
    one = quidpro.code("Turkey praised Azerbaijan.", date="2024-11-14")
    assert one.column("code").to_pylist() == ["051"]
    assert one.column("story_id").to_pylist() == ["1"]
    import datetime

    same = quidpro.code(["Turkey praised Azerbaijan."], date=datetime.date(2024, 11, 14), source="Wire")
    assert same.column("date").to_pylist() == [datetime.date(2024, 11, 14)]
    import pandas as pd

    frame = pd.DataFrame(stories()[:20])
    assert quidpro.code(frame).num_rows == quidpro.code(stories()[:20]).num_rows
    assert quidpro.code([]).num_rows == 0
    df = quidpro.code(stories()[:5]).to_pandas()
    assert list(df.columns) == list(quidpro.COLUMNS)


def test_code_lines_names_the_bad_line_as_the_cli_does(tmp_path):
    good = json.dumps(stories()[0])
    bad = '{"id": "x", "date": "14.11.2024", "text": "Turkey praised Azerbaijan."}'
    path = tmp_path / "bad.jsonl"
    path.write_text(good + "\n" + bad + "\n")
    cli = run("code", str(path), check=False)
    assert cli.returncode == 1
    cli_line = next(line for line in cli.stderr.splitlines() if ":2:" in line)
    with pytest.raises(quidpro.InputError) as err:
        quidpro.code_lines([good, bad], origin=str(path))
    assert f"quidpro: {err.value}" == cli_line
    with pytest.raises(quidpro.InputError, match=r"^texts:2: missing field `date`$"):
        quidpro.code([{"id": "a", "date": "2024-01-01", "text": "x"}, {"id": "b", "text": "x"}])
    with pytest.raises(quidpro.InputError, match=r"^texts:1: missing field `date`$"):
        quidpro.code("Turkey praised Azerbaijan.")
    with pytest.raises(quidpro.UsageError, match="date must be YYYY-MM-DD"):
        quidpro.code("x", date="yesterday")
    with pytest.raises(quidpro.InputError, match=r"^f.jsonl:7: not valid JSON"):
        quidpro.code_lines(["{"], origin="f.jsonl", line_numbers=[7])
    assert issubclass(quidpro.InputError, quidpro.QuidproError)
    assert issubclass(quidpro.UsageError, quidpro.QuidproError)


@pytest.mark.parametrize(
    "kwargs,flags",
    [
        ({}, []),
        ({"dyad": "TUR-AZE"}, ["--dyad", "TUR-AZE"]),
        ({"dyad": ("ARM", "AZE"), "undirected": True}, ["--dyad", "ARM-AZE", "--undirected"]),
        ({"since": "2020-09-01", "until": "2020-11-30", "code": "19"}, ["--from", "2020-09-01", "--to", "2020-11-30", "--code", "19"]),
        ({"plover": "assault", "country": "irn"}, ["--plover", "assault", "--country", "irn"]),
        ({"search": "drone", "quad": 4}, ["--search", "drone", "--quad", "4"]),
        ({"modality": "hypothetical"}, ["--modality", "hypothetical"]),
        ({"domestic": True}, ["--domestic"]),
        ({"one_sided": True, "limit": 7}, ["--one-sided", "--limit", "7"]),
        ({"dataset": "gdelt2", "actor": "USA"}, ["--dataset", "gdelt2", "--actor", "USA"]),
    ],
)
def test_store_events_are_the_cli_events(demo_store, kwargs, flags):
    table = quidpro.Store(demo_store).events(**kwargs)
    assert table.schema == quidpro.SCHEMA
    cli = jsonl(run("events", "--format", "jsonl", *flags, store=demo_store).stdout)
    assert table.column("id").to_pylist() == [e["id"] for e in cli]
    assert table.num_rows > 0, flags
    rows = table.to_pylist()
    for ours, theirs in zip(rows, cli):
        assert ours["date"].isoformat() == theirs["date"]
        assert (ours["source"], ours["target"], ours["code"]) == (theirs["source"], theirs["target"], theirs["code"])
        assert ours["cluster_events"] == theirs["cluster_events"]
        assert ours["cluster_id"] == theirs["cluster_id"]
        assert ours["modality"] == theirs["modality"]
        assert (json.loads(ours["content"]) if ours["content"] else None) == theirs["content"]


def test_store_events_equal_the_parquet_export(demo_store, tmp_path):
    run("export", "--format", "parquet", str(tmp_path / "out"), store=demo_store)
    exported = pq.read_table(tmp_path / "out", partitioning=None).sort_by([("id", "ascending")]).to_pylist()
    ours = quidpro.Store(demo_store).events().sort_by([("id", "ascending")]).to_pylist()
    assert len(ours) == len(exported) > 3000
    for a, b in zip(ours, exported):
        # `content` is the same JSON object; the store's query gives its keys in order.
        ca, cb = a.pop("content"), b.pop("content")
        assert (json.loads(ca) if ca else None) == (json.loads(cb) if cb else None)
        assert a == b


@pytest.mark.parametrize(
    "a,b,kwargs,flags",
    [
        ("TUR", "AZE", {}, []),
        ("AZE", "ARM", {"by": "quarter"}, ["--by", "quarter"]),
        ("USA", "IRN", {"by": "year", "undirected": True}, ["--by", "year", "--undirected"]),
        ("TUR", "AZE", {"since": "2020-01-01", "until": "2021-12-31"}, ["--from", "2020-01-01", "--to", "2021-12-31"]),
        ("TUR", "ARM", {"modality": "asserted,reported,hypothetical,planned"}, ["--modality", "asserted,reported,hypothetical,planned"]),
        ("RUSGOV", "UKR", {"by": "week"}, ["--by", "week"]),
    ],
)
def test_store_dyad_is_the_cli_series(demo_store, a, b, kwargs, flags):
    table = quidpro.Store(demo_store).dyad(a, b, **kwargs)
    cli = json.loads(run("dyad", a, b, "--format", "json", *flags, store=demo_store).stdout)["periods"]
    assert table.schema == quidpro.DYAD_SCHEMA
    rows = table.to_pylist()
    assert len(rows) == len(cli) > 0
    for ours, theirs in zip(rows, cli):
        assert [ours["q1"], ours["q2"], ours["q3"], ours["q4"]] == theirs.pop("quad")
        for k, v in theirs.items():
            assert ours[k] == v, (ours["period"], k)


@pytest.mark.parametrize(
    "a,b,kwargs,flags",
    [
        ("TUR", "AZE", {}, []),
        ("AZE", "ARM", {"until": "2021-12-31", "no_aims": True}, ["--to", "2021-12-31", "--no-aims"]),
        ("RUS", "AZE", {"half_life": 90.0, "negated": True}, ["--half-life", "90", "--negated"]),
    ],
)
def test_store_ledger_is_the_cli_ledger(demo_store, a, b, kwargs, flags):
    ours = quidpro.Store(demo_store).ledger(a, b, **kwargs)
    theirs = json.loads(run("ledger", a, b, "--format", "json", *flags, store=demo_store).stdout)
    assert ours == theirs
    assert "balance" in ours


@pytest.mark.parametrize("name", sorted(p.name for p in (SAMPLES / "comments").iterdir()))
def test_lint_gives_the_cli_findings(name):
    path = f"samples/comments/{name}"
    ours = quidpro.lint(ROOT / path)
    theirs = json.loads(run("lint", "--format", "json", "--max-per-rule", "0", path, check=False).stdout)["findings"]
    for f in theirs:
        f["file"] = str(ROOT / path)
    assert ours == theirs
    capped = quidpro.lint(ROOT / path, max_per_rule=1)
    assert len(capped) <= len(ours)


def test_errors_are_the_cli_messages(tmp_path):
    missing = tmp_path / "none.db"
    with pytest.raises(quidpro.InputError) as err:
        quidpro.Store(missing)
    cli = run("events", store=missing, check=False)
    assert cli.returncode == 1 and cli.stderr.strip() == f"quidpro: {err.value}"
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database, only text" * 100)
    with pytest.raises(quidpro.InputError) as err:
        quidpro.Store(junk)
    cli = run("events", store=junk, check=False)
    assert cli.returncode == 1 and cli.stderr.strip() == f"quidpro: {err.value}"
    with pytest.raises(quidpro.InputError) as err:
        quidpro.lint(tmp_path / "none.md")
    cli = run("lint", str(tmp_path / "none.md"), check=False)
    assert cli.stderr.strip() == f"quidpro: {err.value}"


def test_bad_arguments_are_usage_errors(demo_store):
    store = quidpro.Store(demo_store)
    with pytest.raises(quidpro.UsageError, match="by takes week, month, quarter or year"):
        store.dyad("TUR", "AZE", by="fortnight")
    with pytest.raises(quidpro.UsageError, match="a domestic dyad"):
        store.dyad("SYRGOV", "SYRREB")
    assert store.dyad("SYRGOV", "SYRREB", domestic=True).schema == quidpro.DYAD_SCHEMA
    with pytest.raises(quidpro.UsageError, match="an actor is a code of 3-letter blocks"):
        store.ledger("TURKEY!", "AZE")
    with pytest.raises(quidpro.UsageError, match="since must be YYYY-MM-DD"):
        store.events(since="2020-13-01")
    with pytest.raises(quidpro.UsageError, match="dyad takes A-B"):
        store.events(dyad="TUR")
    with pytest.raises(quidpro.UsageError, match="not a PLOVER event type"):
        store.events(plover="HUGS")
    with pytest.raises(quidpro.UsageError, match="half_life must be a positive number"):
        store.ledger("TUR", "AZE", half_life=-1.0)
    with pytest.raises(quidpro.InputError, match="unterminated string") as err:
        store.events(search='"unbalanced')
    cli = run("events", "--search", '"unbalanced', store=demo_store, check=False)
    assert cli.returncode == 1 and cli.stderr.strip() == f"quidpro: {err.value}"


def test_the_store_is_only_read(demo_store):
    before = Path(demo_store).read_bytes()
    store = quidpro.Store(demo_store)
    store.events(dyad="TUR-AZE")
    store.dyad("TUR", "AZE")
    store.ledger("TUR", "AZE")
    assert Path(demo_store).read_bytes() == before
    assert repr(store).startswith("quidpro.Store(")
