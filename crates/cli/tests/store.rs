//! End-to-end tests of the store commands: `ingest`, `import`, `events`.

mod common;

use std::path::PathBuf;

use common::{err, jsonl, out, root, run, Dir};

fn fixture(name: &str) -> PathBuf {
    root().join("testdata/import").join(name)
}

#[test]
fn gdelt2_import_reports_bad_rows_and_is_idempotent() {
    let d = Dir::new("gdelt2");
    let f = fixture("gdelt2.export.CSV");
    let o = run(&d, &["import", "gdelt2", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let e = err(&o);
    assert!(e.contains("gdelt2.export.CSV:5: not a CAMEO code: \"13y\""), "{e}");
    assert!(e.contains("gdelt2.export.CSV:6: bad date"), "{e}");
    assert!(e.contains("gdelt2.export.CSV:7: 3 columns, GDELT 2.0 events have 61"), "{e}");
    assert!(e.contains("7 rows read, 4 stored, 0 duplicates, 3 skipped"), "{e}");
    let evs = jsonl(&d, &["--dataset", "gdelt2"]);
    assert_eq!(evs.len(), 4);
    let first = &evs[0];
    assert_eq!(first["dataset_id"], "1000001");
    assert_eq!(first["source"], "TURGOV");
    assert_eq!(first["code"], "042");
    assert_eq!(first["goldstein"], 1.9, "derived from the code, not the file's 9.9");
    assert_eq!(first["quad_class"], 1);
    assert_eq!(first["published"], "2024-03-02");
    assert_eq!(first["cluster_events"], 2);
    assert_eq!(first["line"], 1);
    assert!(evs.iter().any(|e| e["source"] == "ROUGOV"), "ROM is normalized to ROU");
    assert!(evs.iter().any(|e| e["source"] == "" && e["target"] == "ARMMIL"));
    // Again, and zipped: nothing new.
    let o = run(&d, &["import", "gdelt2", f.to_str().unwrap()]);
    assert!(err(&o).contains("0 stored, 4 duplicates"), "{}", err(&o));
    let z = fixture("gdelt2.export.CSV.zip");
    let o = run(&d, &["import", "auto", z.to_str().unwrap()]);
    assert!(err(&o).contains("(gdelt2): 7 rows read, 0 stored, 4 duplicates, 3 skipped"), "{}", err(&o));
    assert_eq!(jsonl(&d, &[]).len(), 4);
}

#[test]
fn strict_refuses_the_whole_file() {
    let d = Dir::new("strict");
    let ok = fixture("gdelt1.export.CSV");
    assert!(run(&d, &["import", "gdelt1", ok.to_str().unwrap()]).status.success());
    let f = fixture("gdelt2.export.CSV");
    let o = run(&d, &["import", "gdelt2", "--strict", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("gdelt2.export.CSV:5: not a CAMEO code: \"13y\" (strict: nothing imported)"),
        "{}",
        err(&o)
    );
    assert_eq!(jsonl(&d, &[]).len(), 3, "only the earlier gdelt1 import");
}

#[test]
fn gdelt1_mentions_and_icews() {
    let d = Dir::new("formats");
    let o = run(&d, &["import", "auto", fixture("gdelt1.export.CSV").to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("(gdelt1): 3 rows read, 3 stored"), "{}", err(&o));
    let evs = jsonl(&d, &["--dataset", "gdelt1"]);
    assert_eq!(
        evs.iter().map(|e| e["source"].as_str().unwrap()).collect::<Vec<_>>(),
        ["USAGOV", "TURGOV", "MNEGOV"]
    );
    let o = run(&d, &["import", "gdelt2-mentions", fixture("gdelt2.mentions.CSV").to_str().unwrap()]);
    assert!(err(&o).contains("3 rows read, 3 stored"), "{}", err(&o));
    let o = run(&d, &["import", "icews", fixture("icews.events.tab").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("icews.events.tab:5: not a CAMEO code"), "{}", err(&o));
    assert!(err(&o).contains("icews.events.tab:6: bad date"), "{}", err(&o));
    let evs = jsonl(&d, &["--dataset", "icews"]);
    let pairs: Vec<(String, String, String)> = evs
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap().into(),
                e["target"].as_str().unwrap().into(),
                e["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("AZE".into(), "TUR".into(), "040".into()),
            ("TURCOP".into(), "TUR".into(), "173".into()),
            ("ARMGOV".into(), "AZE".into(), "111".into())
        ]
    );
    let o = run(&d, &["import", "auto", fixture("icews.old.tab").to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("(icews): 2 rows read, 2 stored"), "{}", err(&o));
    let evs = jsonl(&d, &["--dataset", "icews", "--from", "2013-01-01", "--to", "2013-12-31"]);
    assert_eq!(evs.len(), 2, "the same Event ID on two days is two events");
    assert_eq!(evs[0]["date"], "2013-06-03");
}

#[test]
fn ingest_codes_stores_and_replaces() {
    let d = Dir::new("ingest");
    let stories = d.0.join("s.jsonl");
    std::fs::write(
        &stories,
        "{\"id\":\"a\",\"date\":\"2024-03-06\",\"source\":\"Wire\",\"text\":\"Turkey condemned Armenia on Monday. Azerbaijani troops attacked Armenian positions.\"}\n",
    )
    .unwrap();
    let o = run(&d, &["ingest", stories.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains("1 stories and documents: 1 new, 0 unchanged, 0 replaced; 2 events stored"),
        "{}",
        err(&o)
    );
    let evs = jsonl(&d, &["--dyad", "TUR-ARM"]);
    assert_eq!(evs.len(), 1);
    assert_eq!(evs[0]["date"], "2024-03-04");
    assert_eq!(evs[0]["published"], "2024-03-06");
    assert_eq!(evs[0]["story_id"], "a");
    assert_eq!(evs[0]["story_id"], "a");
    assert_eq!(evs[0]["attribution"], "Wire");
    assert!(evs[0]["rule"].as_str().unwrap().starts_with("verbs/11-disapprove.txt:"));
    assert_eq!(jsonl(&d, &["--search", "attacked"]).len(), 1);
    assert_eq!(jsonl(&d, &["--dyad", "ARM-TUR", "--undirected"]).len(), 1);
    // Same again: nothing changes.
    let o = run(&d, &["ingest", stories.to_str().unwrap()]);
    assert!(
        err(&o).contains("1 stories and documents: 0 new, 1 unchanged, 0 replaced; 0 events stored"),
        "{}",
        err(&o)
    );
    // Changed: its events are replaced.
    std::fs::write(
        &stories,
        "{\"id\":\"a\",\"date\":\"2024-03-06\",\"source\":\"Wire\",\"text\":\"Turkey praised Armenia.\"}\n",
    )
    .unwrap();
    let o = run(&d, &["ingest", d.0.to_str().unwrap()]);
    assert!(
        err(&o).contains("1 stories and documents: 0 new, 0 unchanged, 1 replaced; 1 events stored"),
        "{}",
        err(&o)
    );
    let evs = jsonl(&d, &[]);
    assert_eq!(evs.len(), 1);
    assert_eq!(evs[0]["code"], "051");
}

#[test]
fn events_usage_errors() {
    let d = Dir::new("usage");
    let o = run(&d, &["events", "--dyad", "TUR"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&d, &["events", "--from", "March"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&d, &["events"]);
    assert_eq!(o.status.code(), Some(1), "no store yet");
    let o = run(&d, &["import", "nonsense", "x"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn export_parquet_and_back_without_loss() {
    let d = Dir::new("parquet");
    let stories = root().join("testdata/stories/golden.jsonl");
    assert!(run(&d, &["ingest", stories.to_str().unwrap()]).status.success());
    assert_eq!(
        run(&d, &["import", "gdelt2", fixture("gdelt2.export.CSV").to_str().unwrap()]).status.code(),
        Some(1)
    );
    assert!(run(&d, &["import", "icews", fixture("icews.old.tab").to_str().unwrap()]).status.success());
    let before = jsonl(&d, &[]);
    assert!(before.len() > 50);
    // The coder's fields are there to lose: dates from the text, contents, what coded them.
    assert!(before.iter().any(|e| e["date_source"] == "text"));
    assert!(before.iter().any(|e| e["content"]["code"].is_string()));
    assert!(before.iter().any(|e| e["modality"] == "hypothetical" && e["cluster_id"].is_null()));
    assert!(before
        .iter()
        .filter(|e| e["dataset"] == "quidpro")
        .all(|e| e["dict_hash"].as_str().is_some_and(|h| h.len() == 16)));
    assert!(before.iter().filter(|e| e["dataset"] == "icews").all(|e| e["date_source"] == "dataset"));
    let out = d.0.join("export");
    let o = run(&d, &["export", "--format", "parquet", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out.join("year=2024/month=03").is_dir(), "partitioned by year and month");
    // Into a fresh store: the same events, field for field, `retrieved` too (the import
    // runs a second later at the earliest).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let d2 = Dir::new("parquet2");
    let o = run(&d2, &["import", "parquet", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains(&format!("{} rows read, {} stored, 0 duplicates", before.len(), before.len())),
        "{}",
        err(&o)
    );
    let after = jsonl(&d2, &[]);
    // Compared by id: within a day, storing order differs (the imported events are
    // stored by dyad). Cluster ids hash day, dyad and code, so they match too.
    let strip = |v: &serde_json::Value| v.clone();
    let by_id = |evs: &[serde_json::Value]| -> std::collections::BTreeMap<String, serde_json::Value> {
        evs.iter().map(|e| (e["id"].as_str().unwrap().to_string(), strip(e))).collect()
    };
    assert_eq!(before.len(), after.len());
    assert_eq!(by_id(&before), by_id(&after));
    let dates = |evs: &[serde_json::Value]| evs.iter().map(|e| e["date"].clone()).collect::<Vec<_>>();
    assert_eq!(dates(&before), dates(&after), "both by date");
    // Again: nothing new.
    let o = run(&d2, &["import", "parquet", out.to_str().unwrap()]);
    assert!(err(&o).contains("0 stored"), "{}", err(&o));
    // CSV and JSON lines.
    for fmt in ["csv", "jsonl"] {
        let o = run(&d, &["export", "--format", fmt, out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", err(&o));
    }
    let csv = std::fs::read_to_string(out.join("events.csv")).unwrap();
    assert_eq!(csv.lines().next().unwrap().split(',').next(), Some("id"));
    let header: Vec<&str> = quidpro_event::schema::names().collect();
    assert_eq!(csv.lines().next().unwrap(), header.join(","));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(out.join("events.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.iter().any(|e| e["content"]["code"].is_string() && e["date_source"] == "text"));
    assert_eq!(std::fs::read_to_string(out.join("events.jsonl")).unwrap().lines().count(), before.len());
}

#[test]
fn ingest_documents_with_their_citations() {
    let d = Dir::new("documents");
    let docs = root().join("samples/comments");
    let o = run(&d, &["ingest", docs.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("3 stories and documents: 3 new"), "{}", err(&o));
    let conn = rusqlite::Connection::open(d.db()).unwrap();
    let n: i64 = conn.query_row("SELECT count(*) FROM citations", [], |r| r.get(0)).unwrap();
    assert!(n >= 30, "{n} citations");
    let linked: i64 = conn.query_row("SELECT count(*) FROM citation_links", [], |r| r.get(0)).unwrap();
    assert!(linked >= 30, "{linked} citing sentences");
    let dated: String = conn
        .query_row("SELECT published FROM documents WHERE doc_key LIKE '%bill-for-karabakh.md'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(dated, "2025-03-14");
    // Footnote bodies are not coded: no event's span lies in a footnote.
    let in_notes: i64 = conn
        .query_row(
            "SELECT count(*) FROM coded_events e JOIN citations c ON c.doc_id = e.doc_id \
             WHERE e.span_start >= c.span_start AND e.span_start < c.span_end",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(in_notes, 0);
    assert!(jsonl(&d, &[]).len() > 10);
    let o = run(&d, &["ingest", docs.to_str().unwrap()]);
    assert!(err(&o).contains("0 new, 3 unchanged"), "{}", err(&o));
    // A document with no date and no --date is refused with its name.
    let f = d.0.join("undated.txt");
    std::fs::write(&f, "Turkey condemned Armenia.").unwrap();
    let o = run(&d, &["ingest", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("undated.txt: the document states no date"), "{}", err(&o));
    assert!(run(&d, &["ingest", "--date", "2024-05-01", f.to_str().unwrap()]).status.success());
}

/// A bulk import (one transaction, the event indexes built at its end) stores what a
/// batched one stores, bad rows skipped the same way, and leaves the indexes in place.
#[test]
fn bulk_and_batched_imports_store_the_same() {
    let f = fixture("gdelt2.export.CSV");
    let g = fixture("gdelt1.export.CSV");
    let mut outputs = Vec::new();
    for bulk in ["always", "never"] {
        let d = Dir::new(&format!("bulk-{bulk}"));
        let o = run(&d, &["import", "gdelt1", "--bulk", bulk, g.to_str().unwrap()]);
        assert!(o.status.success(), "{}", err(&o));
        let o = run(&d, &["import", "gdelt2", "--bulk", bulk, "--batch", "2", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", err(&o));
        assert!(err(&o).contains("7 rows read, 4 stored, 0 duplicates, 3 skipped"), "{}", err(&o));
        let conn = rusqlite::Connection::open(d.db()).unwrap();
        let indexes: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'coded_events' AND sql IS NOT NULL ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(indexes, ["events_date", "events_doc", "events_dyad"], "{bulk}");
        let mut evs = jsonl(&d, &[]);
        for e in &mut evs {
            e.as_object_mut().unwrap().remove("retrieved");
        }
        let dyad = run(&d, &["dyad", "TUR", "AZE", "--format", "csv"]);
        outputs.push((evs, String::from_utf8_lossy(&dyad.stdout).into_owned()));
    }
    assert_eq!(outputs[0].0.len(), 7);
    assert_eq!(outputs[0], outputs[1]);
}

/// `quidpro actors`: the imported datasets' actor names with their events and dates, the
/// dictionaries' names with their codes, ranges and entries; a second import counts
/// nothing twice.
#[test]
fn actors_from_datasets_and_dictionaries() {
    let d = Dir::new("actors");
    let f = fixture("gdelt2.export.CSV");
    for _ in 0..2 {
        run(&d, &["import", "gdelt2", f.to_str().unwrap()]);
    }
    let o = run(&d, &["actors", "--origin", "gdelt2", "--format", "csv"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        out(&o),
        "code,name,origin,kind,country,valid_from,valid_to,entry,first_event,last_event,events\n\
         AZEGOV,AZERBAIJAN,gdelt2,dataset,AZE,,,,2024-03-01,2024-03-01,2\n\
         TURGOV,TURKEY,gdelt2,dataset,TUR,,,,2024-03-01,2024-03-01,2\n\
         ARMMIL,ARMENIA,gdelt2,dataset,ARM,,,,2024-03-02,2024-03-02,1\n\
         ROUGOV,ROMANIA,gdelt2,dataset,ROU,,,,2024-03-02,2024-03-02,1\n\
         RUS,RUSSIA,gdelt2,dataset,RUS,,,,2024-03-02,2024-03-02,1\n"
    );
    let o = run(&d, &["actors", "ankara", "--format", "jsonl"]);
    let rows: Vec<serde_json::Value> = out(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(
        rows.iter().any(|a| a["code"] == "TURGOV" && a["origin"] == "dictionary" && a["kind"] == "country"),
        "{rows:?}"
    );
    assert!(rows.iter().all(|a| a["entry"].as_str().is_some_and(|e| e.starts_with("actors/countries.txt:"))));
    // People carry the ranges of their codes.
    let o = run(&d, &["actors", "--code", "TURGOV", "--origin", "dictionary", "--format", "jsonl"]);
    assert!(out(&o).contains("\"kind\":\"person\",\"country\":\"TUR\",\"valid_from\":\""), "{}", out(&o));
    let none = Dir::new("actors-none");
    let o = run(&none, &["actors"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no store at"), "{}", err(&o));
}

/// GDELT mentions of one event in one sentence of one article are told apart by their
/// character offsets (GDELT's own key); the same row twice is one mention.
#[test]
fn mentions_differing_only_in_offsets_are_two() {
    let d = Dir::new("mention-offsets");
    let f = fixture("gdelt2.mentions-offsets.CSV");
    let o = run(&d, &["import", "gdelt2-mentions", f.to_str().unwrap()]);
    assert!(err(&o).contains("3 rows read, 2 stored, 1 duplicates, 0 skipped"), "{}", err(&o));
    let conn = rusqlite::Connection::open(d.db()).unwrap();
    let offsets: Vec<(i64, i64, i64)> = conn
        .prepare("SELECT actor1_offset, actor2_offset, action_offset FROM mentions ORDER BY actor1_offset")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(offsets, [(3802, -1, 3918), (4410, -1, 4470)]);
}

/// `quidpro search`: sentences (with their document, span and events) and whole
/// documents, best first; a query FTS5 cannot read is bad input that names it.
#[test]
fn full_text_search_over_sentences_and_documents() {
    let d = Dir::new("search");
    let stories = root().join("testdata/stories/golden.jsonl");
    assert!(run(&d, &["ingest", stories.to_str().unwrap()]).status.success());
    let o = run(&d, &["search", "drones missiles", "--format", "jsonl"]);
    assert!(o.status.success(), "{}", err(&o));
    let hits: Vec<serde_json::Value> = out(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["document"], "golden-013");
    assert_eq!(hits[0]["sentence"], 0);
    assert!(
        hits[0]["snippet"].as_str().unwrap().contains("[drones] and [missiles]"),
        "{}",
        hits[0]["snippet"]
    );
    assert!(hits[0]["events"].as_i64().unwrap() >= 1);
    let o = run(&d, &["search", "Azerbaijan", "--documents", "--limit", "3", "--format", "jsonl"]);
    let docs: Vec<serde_json::Value> = out(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(docs.len(), 3);
    assert!(docs
        .iter()
        .all(|h| h["sentence"].is_null() && h["snippet"].as_str().unwrap().contains("[Azerbaijan]")));
    let ranks: Vec<f64> = docs.iter().map(|h| h["rank"].as_f64().unwrap()).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "best first: {ranks:?}");
    let o = run(&d, &["search", "\"unclosed"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("search \"\\\"unclosed\""), "{}", err(&o));
    assert_eq!(run(&d, &["search", " "]).status.code(), Some(2));
    // The same for `events --search` (it said "store …: unterminated string: … SQL logic error").
    let o = run(&d, &["events", "--search", "\"unclosed"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("search \"\\\"unclosed\": unterminated string (FTS5 query syntax)"),
        "{}",
        err(&o)
    );
}

/// A strict bulk import refused at a bad row leaves the store as it was, its event
/// indexes (dropped inside the transaction) included.
#[test]
fn a_refused_bulk_import_keeps_the_indexes() {
    let d = Dir::new("bulk-strict");
    let g = fixture("gdelt1.export.CSV");
    assert!(run(&d, &["import", "gdelt1", g.to_str().unwrap()]).status.success());
    let f = fixture("gdelt2.export.CSV");
    let o = run(&d, &["import", "gdelt2", "--bulk", "always", "--strict", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("(strict: nothing imported)"), "{}", err(&o));
    let conn = rusqlite::Connection::open(d.db()).unwrap();
    let indexes: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('events_dyad', 'events_date', 'events_doc')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 3);
    assert_eq!(jsonl(&d, &[]).len(), 3, "only the gdelt1 rows");
}

/// Events carry their PLOVER type, and `--plover TYPE` selects the CAMEO codes that map to
/// it; a type PLOVER does not have is a usage error listing those it has.
#[test]
fn events_by_plover_type() {
    let d = Dir::new("plover");
    let f = fixture("gdelt2.export.CSV");
    run(&d, &["import", "gdelt2", f.to_str().unwrap()]);
    let all = jsonl(&d, &[]);
    assert!(all.iter().any(|e| e["code"] == "042" && e["plover"] == "CONSULT"), "{all:?}");
    let consult = jsonl(&d, &["--plover", "consult"]);
    assert!(!consult.is_empty());
    assert_eq!(consult.len(), all.iter().filter(|e| e["plover"] == "CONSULT").count());
    assert!(consult.iter().all(|e| e["code"].as_str().unwrap().starts_with("04")));
    let o = run(&d, &["events", "--plover", "investigate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("not a PLOVER event type (ACCUSE, AGREE"), "{}", err(&o));
}

#[test]
fn domestic_and_one_sided_events() {
    let d = Dir::new("domestic");
    let stories = d.write(
        "s.jsonl",
        "{\"id\":\"d\",\"date\":\"2024-03-06\",\"text\":\"Turkish police detained protesters in Istanbul. \
         Three Armenian soldiers were killed. Azerbaijan mobilised its troops. \
         Turkish troops attacked Armenian positions.\"}\n",
    );
    let o = run(&d, &["ingest", stories.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let all = jsonl(&d, &[]);
    let domestic = jsonl(&d, &["--domestic"]);
    assert!(!domestic.is_empty(), "{all:?}");
    assert!(domestic
        .iter()
        .all(|e| e["source"].as_str().unwrap()[..3] == e["target"].as_str().unwrap()[..3]));
    assert!(domestic.len() < all.len(), "{all:?}");
    let one_sided = jsonl(&d, &["--one-sided"]);
    assert_eq!(one_sided.len(), 2, "{all:?}");
    assert!(one_sided.iter().all(|e| e["source"] == "" || e["target"] == ""));
    // The relations commands keep to international dyads unless told.
    let o = run(&d, &["dyad", "TUR", "TUR"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("--domestic"), "{}", err(&o));
    let o = run(&d, &["dyad", "TURCOP", "TURCVL", "--domestic", "--format", "json"]);
    assert!(o.status.success(), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let n: u64 = v["periods"].as_array().unwrap().iter().map(|p| p["events"].as_u64().unwrap()).sum();
    assert_eq!(n, 1, "the police detained protesters");
    for cmd in [&["ledger", "TUR", "TUR"][..], &["reciprocity", "TURCOP", "TURCVL"]] {
        assert_eq!(run(&d, cmd).status.code(), Some(2));
    }
}
