//! Stores written by earlier schema versions open and migrate. `testdata/store-compat/vN.db`
//! is a store frozen when version N was current; never rewrite one, add the next.

use std::path::{Path, PathBuf};

use quidpro_store::{schema, EventQuery, Store};

fn frozen(version: u32) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../testdata/store-compat/v{version}.db"))
}

fn copy(version: u32, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("quidpro-compat-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("store.db");
    std::fs::copy(frozen(version), &p).unwrap();
    p
}

#[test]
fn v1_opens_and_answers() {
    let p = copy(1, "v1");
    let store = Store::open(&p).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::SCHEMA_VERSION);
    assert_eq!(store.count("documents").unwrap(), 25);
    assert_eq!(store.count("events").unwrap(), 97);
    assert_eq!(store.count("mentions").unwrap(), 3);
    let gdelt = store.events(&EventQuery { dataset: Some("gdelt2".into()), ..Default::default() }).unwrap();
    assert_eq!(gdelt.len(), 4);
    assert_eq!(
        (gdelt[0].source.as_str(), gdelt[0].target.as_str(), gdelt[0].code.as_str()),
        ("TURGOV", "AZEGOV", "042")
    );
    assert_eq!(gdelt[0].cluster.as_ref().map(|c| c.events), Some(2));
    let coded = store.events(&EventQuery { dataset: Some("quidpro".into()), ..Default::default() }).unwrap();
    assert!(coded.iter().all(|e| e.rule.is_some() && !e.entries.is_empty()));
    // Migration 1 -> 2 filled the events' document keys.
    let missing: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM coded_events WHERE doc_id IS NOT NULL AND doc_key IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(missing, 0);
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

/// Migration 9 -> 10 moves the imported events into segments, keeps their fields and
/// rebuilds the clusters, which still count every event once and agree with the
/// monthly aggregates.
#[test]
fn v9_moves_imported_events_into_segments() {
    let p = copy(9, "v9-segments");
    let store = Store::open(&p).unwrap();
    let c = store.connection();
    let in_rows: i64 =
        c.query_row("SELECT count(*) FROM coded_events WHERE doc_id IS NULL", [], |r| r.get(0)).unwrap();
    let segments: i64 = c.query_row("SELECT coalesce(sum(rows), 0) FROM segments", [], |r| r.get(0)).unwrap();
    assert_eq!((in_rows, segments), (0, 7), "4 GDELT and 3 ICEWS events moved");
    let gdelt = store.events(&EventQuery { dataset: Some("gdelt2".into()), ..Default::default() }).unwrap();
    assert_eq!(gdelt.len(), 4);
    assert!(gdelt.iter().all(|e| matches!(e.provenance, quidpro_store::query::StoredProvenance::Row { .. })));
    // Rows 1 and 2 of the fixture are one cluster of two.
    assert_eq!(gdelt.iter().filter(|e| e.cluster.as_ref().is_some_and(|c| c.events == 2)).count(), 2);
    let clustered: i64 = c.query_row("SELECT sum(n_events) FROM all_clusters", [], |r| r.get(0)).unwrap();
    // Since version 12 coded events neither asserted nor reported join no cluster.
    let not_factual: i64 = c
        .query_row(
            "SELECT count(*) FROM coded_events WHERE modality NOT IN ('asserted', 'reported') AND cluster_id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(not_factual, 3);
    assert_eq!(clustered + not_factual, store.count("events").unwrap());
    let months: i64 = c.query_row("SELECT sum(clusters) FROM month_totals", [], |r| r.get(0)).unwrap();
    let clusters: i64 = c.query_row("SELECT count(*) FROM all_clusters", [], |r| r.get(0)).unwrap();
    assert_eq!(months, clusters);
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

/// The monthly aggregates (`all_dyad_months`, `all_month_totals`) against the clusters
/// they count (`all_clusters`, an undirected one for both directions).
fn aggregates_agree(store: &Store) {
    let c = store.connection();
    let q = |sql: &str| -> Vec<(String, String, String, i64)> {
        let mut stmt = c.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let kept =
        q("SELECT source_country, target_country, month, clusters FROM all_dyad_months WHERE clusters != 0");
    let recomputed = q(
        "SELECT s, t, m, count(*) FROM (SELECT substr(source, 1, 3) AS s, substr(target, 1, 3) AS t, \
         substr(event_date, 1, 7) AS m FROM all_clusters UNION ALL SELECT substr(target, 1, 3), substr(source, 1, 3), \
         substr(event_date, 1, 7) FROM all_clusters WHERE directed = 0) GROUP BY s, t, m ORDER BY s, t, m",
    );
    assert_eq!(kept, recomputed);
    let totals: i64 = c.query_row("SELECT sum(clusters) FROM all_month_totals", [], |r| r.get(0)).unwrap();
    let clusters: i64 = c.query_row("SELECT count(*) FROM all_clusters", [], |r| r.get(0)).unwrap();
    assert_eq!(totals, clusters);
}

/// Version 11 keeps the monthly sums of a bulk import as parts; its frozen store has
/// both kinds (a 6,000-row GDELT import as a part, ACLED's undirected pairs and what
/// version 10 held in the tables).
#[test]
fn v11_opens_and_answers() {
    let p = copy(11, "v11");
    let store = Store::open(&p).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::SCHEMA_VERSION);
    let c = store.connection();
    let (parts, dyads): (i64, i64) = c
        .query_row(
            "SELECT (SELECT count(*) FROM month_total_parts), (SELECT count(*) FROM dyad_month_parts)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((parts, dyads), (1, 2917));
    assert_eq!(store.count("events").unwrap(), 93 + 5 + 6000, "5 ACLED rows of 9 read");
    let acled = store.events(&EventQuery { dataset: Some("acled".into()), ..Default::default() }).unwrap();
    assert!(acled.iter().any(|e| !e.directed), "{acled:?}");
    aggregates_agree(&store);
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

/// Version 12 keeps every field the coder emits. Its frozen store: the golden stories
/// and the sample comments ingested, GDELT 2.0, ACLED and ICEWS rows imported.
#[test]
fn v12_opens_and_keeps_the_coders_fields() {
    let p = copy(12, "v12");
    let store = Store::open(&p).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::SCHEMA_VERSION);
    assert_eq!(store.count("documents").unwrap(), 28);
    assert_eq!(store.count("events").unwrap(), 141);
    let coded = store.events(&EventQuery { dataset: Some("quidpro".into()), ..Default::default() }).unwrap();
    assert_eq!(coded.len(), 130);
    assert!(coded.iter().all(|e| ["text", "story", "document"].contains(&e.date_source.as_str())));
    assert!(coded.iter().any(|e| e.date_source == "text"));
    assert!(coded
        .iter()
        .all(|e| e.coder_version.is_some() && e.dict_hash.as_ref().is_some_and(|h| h.len() == 16)));
    let with_content: Vec<_> = coded.iter().filter_map(|e| e.content.as_ref()).collect();
    assert_eq!(with_content.len(), 9);
    assert!(with_content.iter().all(|c| c["code"].is_string() && c["span"].is_array()), "{with_content:?}");
    // Hypothetical events are kept, in no cluster.
    let hypothetical: Vec<_> = coded.iter().filter(|e| e.modality == "hypothetical").collect();
    assert_eq!(hypothetical.len(), 8);
    assert!(hypothetical.iter().all(|e| e.cluster.is_none()));
    // One-sided and domestic events.
    let q = |one_sided, domestic| EventQuery { one_sided, domestic, ..Default::default() };
    assert_eq!(store.events(&q(true, false)).unwrap().len(), 18, "16 coded, 2 imported");
    assert_eq!(store.events(&q(false, true)).unwrap().len(), 13, "12 coded, 1 imported");
    let acled = store.events(&EventQuery { dataset: Some("acled".into()), ..Default::default() }).unwrap();
    assert!(acled.iter().all(|e| e.date_source == "dataset" && e.coder_version.is_none()));
    aggregates_agree(&store);
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

/// Migration 11 -> 12 takes coded events neither asserted nor reported out of their
/// clusters and the monthly aggregates.
#[test]
fn v11_loses_its_not_factual_clusters() {
    let p = copy(11, "v11-factual");
    let store = Store::open(&p).unwrap();
    let c = store.connection();
    let (kept, left): (i64, i64) = c
        .query_row(
            "SELECT count(cluster_id), count(*) FROM coded_events WHERE modality NOT IN ('asserted', 'reported')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kept, 0);
    assert!(left > 0, "the fixture has some");
    let e: (String, String) = c
        .query_row("SELECT date_source, coalesce(content, 'null') FROM coded_events LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(e, (String::new(), "null".into()), "unknown before version 12");
    aggregates_agree(&store);
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

#[test]
fn v10_opens_and_answers() {
    let p = copy(10, "v10");
    let store = Store::open(&p).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::SCHEMA_VERSION);
    assert_eq!(store.count("events").unwrap(), 93);
    let icews = store.events(&EventQuery { dataset: Some("icews".into()), ..Default::default() }).unwrap();
    assert_eq!(icews.len(), 3);
    let tur_aze =
        store.events(&EventQuery { dyad: Some(("TUR".into(), "AZE".into())), ..Default::default() }).unwrap();
    assert!(tur_aze.iter().any(|e| e.dataset == "gdelt2"), "{tur_aze:?}");
    aggregates_agree(&store);
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

#[test]
fn v9_opens_and_answers() {
    let p = copy(9, "v9");
    let store = Store::open(&p).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::SCHEMA_VERSION);
    assert_eq!(store.count("documents").unwrap(), 25);
    assert_eq!(store.count("events").unwrap(), 93);
    assert_eq!(store.count("mentions").unwrap(), 3);
    let icews = store
        .actors(&quidpro_store::ActorQuery { origin: Some("icews".into()), ..Default::default() })
        .unwrap();
    assert_eq!(icews.len(), 5);
    let tur = store
        .actors(&quidpro_store::ActorQuery {
            origin: Some("dictionary".into()),
            code: Some("TURGOV".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(tur.iter().any(|a| a.name == "Ankara"), "{tur:?}");
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

/// Migration 8 -> 9 lists the imported events' actors and keeps the mentions.
#[test]
fn v8_gains_actors_and_keeps_mentions() {
    let p = copy(1, "v1-actors");
    let store = Store::open(&p).unwrap();
    assert_eq!(store.count("mentions").unwrap(), 3);
    let gdelt = store
        .actors(&quidpro_store::ActorQuery { origin: Some("gdelt2".into()), ..Default::default() })
        .unwrap();
    let total: i64 = gdelt.iter().map(|a| a.events).sum();
    let expected: i64 = store
        .connection()
        .query_row(
            "SELECT (SELECT count(*) FROM all_events WHERE dataset = 'gdelt2' AND source <> '') + \
             (SELECT count(*) FROM all_events WHERE dataset = 'gdelt2' AND target <> '')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(total > 0);
    assert_eq!(total, expected, "every actor of every imported event, counted once");
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

#[test]
fn v8_opens_and_answers() {
    let p = copy(8, "v8");
    let store = Store::open(&p).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::SCHEMA_VERSION);
    assert_eq!(store.count("documents").unwrap(), 26);
    assert_eq!(store.count("events").unwrap(), 91);
    let n: i64 = store.connection().query_row("SELECT count(*) FROM instruments", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 30);
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

#[test]
fn the_dyad_index_carries_the_root_from_v8() {
    let p = copy(7, "v7-index");
    let store = Store::open(&p).unwrap();
    let sql: String = store
        .connection()
        .query_row("SELECT sql FROM sqlite_master WHERE name = 'events_dyad'", [], |r| r.get(0))
        .unwrap();
    assert!(sql.contains("goldstein, root)"), "{sql}");
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

#[test]
fn v7_opens_and_answers() {
    let p = copy(7, "v7");
    let store = Store::open(&p).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::SCHEMA_VERSION);
    let n: i64 = store.connection().query_row("SELECT count(*) FROM instruments", [], |r| r.get(0)).unwrap();
    assert!(n >= 20, "{n} instruments");
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

#[test]
fn v6_opens_and_answers() {
    let p = copy(6, "v6");
    let store = Store::open(&p).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::SCHEMA_VERSION);
    assert_eq!(store.count("citations").unwrap(), 6);
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

#[test]
fn v5_opens_and_answers() {
    let p = copy(5, "v5");
    let store = Store::open(&p).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::SCHEMA_VERSION);
    assert_eq!(store.count("events").unwrap(), 96);
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

/// Migration 4 -> 5 builds the monthly aggregates from the clusters.
#[test]
fn v4_migrates_its_aggregates() {
    let p = copy(4, "v4agg");
    let store = Store::open(&p).unwrap();
    let c = store.connection();
    let clusters: i64 = c.query_row("SELECT count(*) FROM all_clusters", [], |r| r.get(0)).unwrap();
    let totals: i64 = c.query_row("SELECT sum(clusters) FROM month_totals", [], |r| r.get(0)).unwrap();
    let dyads: i64 = c.query_row("SELECT sum(clusters) FROM dyad_months", [], |r| r.get(0)).unwrap();
    assert_eq!(clusters, totals);
    assert_eq!(clusters, dyads, "no undirected pair in v4's fixture");
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

#[test]
fn v4_opens_and_answers() {
    let p = copy(4, "v4");
    let store = Store::open(&p).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::SCHEMA_VERSION);
    assert_eq!(store.count("events").unwrap(), 97);
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

#[test]
fn v3_opens_and_answers() {
    let p = copy(3, "v3");
    let store = Store::open(&p).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::SCHEMA_VERSION);
    assert_eq!(store.count("events").unwrap(), 97);
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

#[test]
fn v2_opens_and_answers() {
    let p = copy(2, "v2");
    let store = Store::open(&p).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::SCHEMA_VERSION);
    assert_eq!(store.count("events").unwrap(), 97);
    let keyed: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM coded_events WHERE doc_key IS NOT NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(keyed, 88);
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

#[test]
fn a_newer_store_is_refused() {
    let p = copy(1, "newer");
    {
        let conn = rusqlite::Connection::open(&p).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let err = Store::open(&p).unwrap_err().to_string();
    assert!(err.contains("schema version 99, newer than this quidpro"), "{err}");
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

/// A SQLite file whose `user_version` is `version`, with one table of ours.
fn with_version(name: &str, version: i64) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("quidpro-compat-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("store.db");
    let conn = rusqlite::Connection::open(&p).unwrap();
    conn.execute_batch("CREATE TABLE import_runs (id INTEGER PRIMARY KEY)").unwrap();
    conn.pragma_update(None, "user_version", version).unwrap();
    p
}

fn version_of(p: &Path) -> i64 {
    let conn = rusqlite::Connection::open(p).unwrap();
    conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
}

#[test]
fn a_negative_or_newer_version_is_refused_with_its_version_and_never_migrated() {
    for (name, version) in [("negative", -1i64), ("very-negative", i64::from(i32::MIN)), ("newer", 1000)] {
        let p = with_version(name, version);
        let err = Store::open(&p).expect_err(name).to_string();
        assert!(err.contains(&format!("version {version}")), "{err}");
        assert_eq!(version_of(&p), version, "{name}: the file was changed");
        let _ = std::fs::remove_dir_all(p.parent().unwrap());
    }
}

/// Segments written before the country columns read their rows' countries from the codes'
/// first three letters; segments written now into the same store keep the countries their
/// events were given, and both are read and filtered together.
#[test]
fn old_segments_read_countries_from_codes_and_new_ones_keep_the_datasets() {
    let p = copy(12, "countries");
    let mut store = Store::open(&p).unwrap();
    let q =
        |store: &Store, sql: &str| -> i64 { store.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
    let old = "SELECT count(*) FROM segment_events";
    let before = q(&store, old);
    assert!(before > 0);
    assert_eq!(
        q(&store, "SELECT count(*) FROM segment_events WHERE source_country = substr(source, 1, 3) AND target_country = substr(target, 1, 3)"),
        before
    );
    let mut b = store.batch().unwrap();
    let run = b.begin_run("gdelt2", "t").unwrap();
    let mut ev = quidpro_store::NewEvent::new("gdelt2", "x-1", "2024-03-01", "MNCUSA", "GOV", "042").unwrap();
    ev.source_country = Some("USA".into());
    ev.target_country = Some(String::new());
    assert!(b.add_event(&ev, Some(run)).unwrap());
    b.commit().unwrap();
    assert_eq!(q(&store, old), before + 1);
    assert_eq!(
        q(&store, "SELECT count(*) FROM all_events WHERE dataset_id = 'x-1' AND source_country = 'USA' AND target_country = ''"),
        1
    );
    // A country filter reads both kinds of segment.
    assert_eq!(q(&store, "SELECT count(*) FROM segment_events WHERE source_country = 'USA'"), {
        let n: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM segment_events WHERE substr(source, 1, 3) = 'USA' AND dataset_id <> 'x-1'", [], |r| r.get(0))
            .unwrap();
        n + 1
    });
    assert_eq!(q(&store, "SELECT count(*) FROM segment_events WHERE source_country = 'MNC'"), 0);
    // The monthly aggregates count it under its countries, not its codes' letters.
    let month = |s: &str, t: &str| {
        let sql = format!(
            "SELECT count(*) FROM all_dyad_months WHERE source_country = '{s}' AND target_country = '{t}' \
             AND month = '2024-03' AND clusters = 1"
        );
        q(&store, &sql)
    };
    assert_eq!((month("USA", ""), month("MNC", "GOV")), (1, 0));
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

/// Version 13 names the table of coded events `coded_events` and makes `events` a view of
/// every event (the event schema's columns): a plain `SELECT count(*) FROM events` counts
/// the imported events too, never only the coded ones.
#[test]
fn v12_migrates_to_a_view_of_all_events() {
    let p = copy(12, "v12-view");
    let store = Store::open(&p).unwrap();
    let c = store.connection();
    let one = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(one("SELECT count(*) FROM events"), 141);
    assert_eq!(one("SELECT count(*) FROM coded_events"), 130);
    assert_eq!(one("SELECT count(*) FROM events WHERE dataset <> 'quidpro'"), 11);
    assert_eq!(one("SELECT count(DISTINCT id) FROM events"), 141);
    // The view's columns are the schema's, and agree with the store's reading of them.
    let stored = store.events(&EventQuery::default()).unwrap();
    let mut st = c.prepare("SELECT id, date, cluster_id, cluster_events, plover, code FROM events").unwrap();
    type Row = (String, String, Option<String>, i64, Option<String>, String);
    let rows: Vec<Row> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for e in &stored {
        let row = rows.iter().find(|r| r.0 == e.id).unwrap_or_else(|| panic!("{} not in the view", e.id));
        assert_eq!(row.1, e.date);
        assert_eq!(row.2, e.cluster.as_ref().map(|c| c.id.clone()));
        assert_eq!(row.3, e.cluster.as_ref().map_or(1, |c| c.events));
        let code = quidpro_event::EventCode::parse(&row.5).unwrap();
        assert_eq!(row.4.as_deref(), code.plover());
    }
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

/// A store frozen at version 13 (v12.db migrated by the first build of version 13)
/// opens, reads and counts every event through `events`.
#[test]
fn v13_opens_and_answers() {
    let p = copy(13, "v13");
    let store = Store::open(&p).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::SCHEMA_VERSION);
    assert_eq!(store.count("events").unwrap(), 141);
    let n: i64 = store.connection().query_row("SELECT count(*) FROM events", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 141);
    aggregates_agree(&store);
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}
