//! The monthly aggregates kept at every commit (`all_dyad_months`, `all_month_totals`: the
//! tables of coded events' clusters and the sums kept with segments) equal what the clusters
//! say (`all_clusters`:
//! the `clusters` rows and the clusters of one imported event, which have none).

use quidpro_event::Span;
use quidpro_store::{NewDocument, NewEvent, NewSentence, Store};

fn recomputed(store: &Store) -> Vec<(String, String, String, i64, i64)> {
    let mut stmt = store
        .connection()
        .prepare(
            "SELECT s, t, m, count(*), CAST(round(sum(goldstein) * 10) AS INTEGER) FROM \
             (SELECT substr(source, 1, 3) AS s, substr(target, 1, 3) AS t, substr(event_date, 1, 7) AS m, goldstein FROM all_clusters \
              UNION ALL SELECT substr(target, 1, 3), substr(source, 1, 3), substr(event_date, 1, 7), goldstein FROM all_clusters WHERE directed = 0) \
             GROUP BY s, t, m ORDER BY s, t, m",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn kept(store: &Store) -> Vec<(String, String, String, i64, i64)> {
    let mut stmt = store
        .connection()
        .prepare(
            "SELECT source_country, target_country, month, clusters, CAST(round(goldstein_sum * 10) AS INTEGER) FROM all_dyad_months WHERE clusters != 0 \
             ORDER BY source_country, target_country, month",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn totals(store: &Store) -> (i64, i64) {
    let c = store.connection();
    (
        c.query_row("SELECT count(*) FROM all_clusters", [], |r| r.get(0)).unwrap(),
        c.query_row("SELECT coalesce(sum(clusters), 0) FROM all_month_totals", [], |r| r.get(0)).unwrap(),
    )
}

/// A story document `d` with this text.
fn document(text: &str) -> NewDocument {
    NewDocument {
        key: "d".into(),
        kind: "story".into(),
        title: None,
        source: None,
        url: None,
        published: None,
        text: text.into(),
    }
}

/// Whether the imported events' sums went to parts (`parts_from` 0) or into the tables.
fn parts(store: &Store) -> i64 {
    store.connection().query_row("SELECT count(*) FROM month_total_parts", [], |r| r.get(0)).unwrap()
}

#[test]
fn aggregates_follow_imports_duplicates_and_replaced_documents() {
    follow_imports_duplicates_and_replaced_documents(quidpro_store::MONTH_PARTS_FROM);
}

#[test]
fn aggregates_kept_as_parts_follow_imports_duplicates_and_replaced_documents() {
    follow_imports_duplicates_and_replaced_documents(0);
}

fn follow_imports_duplicates_and_replaced_documents(parts_from: usize) {
    let mut store = Store::open_in_memory().unwrap();
    store.set_month_parts_from(parts_from);
    let ev =
        |ds: &str, id: &str, d: &str, s: &str, t: &str, c: &str| NewEvent::new(ds, id, d, s, t, c).unwrap();
    let mut b = store.batch().unwrap();
    b.add_event(&ev("g", "1", "2024-01-05", "TURGOV", "AZEGOV", "042"), None).unwrap();
    b.add_event(&ev("i", "1", "2024-01-05", "TURGOV", "AZEGOV", "042"), None).unwrap(); // same cluster
    b.add_event(&ev("g", "2", "2024-02-05", "TURMIL", "AZE", "190"), None).unwrap();
    let mut undirected = ev("acled", "X1", "2024-02-07", "AZEMIL", "ARMMIL", "190");
    undirected.directed = false;
    b.add_event(&undirected, None).unwrap();
    b.commit().unwrap();
    // A second batch adds to an existing cluster and makes a new one.
    let mut b = store.batch().unwrap();
    b.add_event(&ev("p", "1", "2024-01-05", "TURGOV", "AZEGOV", "042"), None).unwrap();
    b.add_event(&ev("p", "2", "2024-03-01", "RUS", "UKR", "195"), None).unwrap();
    b.commit().unwrap();
    // A document with an event, then replaced.
    let doc = document("x");
    let mut b = store.batch().unwrap();
    let id = match b.add_document(&doc, None).unwrap() {
        quidpro_store::DocumentOutcome::New(id) => id,
        other => panic!("{other:?}"),
    };
    b.add_sentence(id, &NewSentence { index: 0, span: Span::new(0, 1) }, "x").unwrap();
    let mut e = ev("quidpro", "abc", "2024-04-01", "IRN", "ISR", "130");
    e.doc_id = Some(id);
    b.add_event(&e, None).unwrap();
    b.commit().unwrap();
    assert_eq!(kept(&store), recomputed(&store));
    assert_eq!(totals(&store), (5, 5));
    let mut b = store.batch().unwrap();
    let changed = document("y");
    assert!(matches!(b.add_document(&changed, None).unwrap(), quidpro_store::DocumentOutcome::Replaced(_)));
    b.commit().unwrap();
    assert_eq!(kept(&store), recomputed(&store));
    assert_eq!(totals(&store), (4, 4));
    // The undirected pair counts for both directions.
    let k = kept(&store);
    assert!(k.iter().any(|r| r.0 == "AZE" && r.1 == "ARM") && k.iter().any(|r| r.0 == "ARM" && r.1 == "AZE"));
    assert_eq!(parts(&store), if parts_from == 0 { 2 } else { 0 });
}

/// A coded event joining the cluster of one imported event (which has no `clusters` row)
/// makes a cluster of two, counted once; when its document changes, the imported event's
/// cluster stays, still counted once.
#[test]
fn coded_events_join_clusters_of_imported_ones() {
    join_clusters_of_imported_ones(quidpro_store::MONTH_PARTS_FROM);
}

#[test]
fn coded_events_join_clusters_of_imported_ones_kept_as_parts() {
    join_clusters_of_imported_ones(0);
}

fn join_clusters_of_imported_ones(parts_from: usize) {
    let mut store = Store::open_in_memory().unwrap();
    store.set_month_parts_from(parts_from);
    let imported = NewEvent::new("gdelt2", "7", "2024-05-01", "TURGOV", "AZEGOV", "042").unwrap();
    let mut b = store.batch().unwrap();
    b.add_event(&imported, None).unwrap();
    b.commit().unwrap();
    assert_eq!(totals(&store), (1, 1));
    let doc = document("x");
    let mut b = store.batch().unwrap();
    let id = match b.add_document(&doc, None).unwrap() {
        quidpro_store::DocumentOutcome::New(id) => id,
        other => panic!("{other:?}"),
    };
    let mut coded = NewEvent::new("quidpro", "c1", "2024-05-01", "TURGOV", "AZEGOV", "042").unwrap();
    coded.doc_id = Some(id);
    b.add_event(&coded, None).unwrap();
    b.commit().unwrap();
    assert_eq!(totals(&store), (1, 1), "one cluster, counted once");
    let events = store.events(&quidpro_store::EventQuery::default()).unwrap();
    assert!(events.iter().all(|e| e.cluster.as_ref().unwrap().events == 2), "{events:?}");
    assert_eq!(kept(&store), recomputed(&store));
    // The document changes: its event leaves; the imported event's cluster stays.
    let mut b = store.batch().unwrap();
    b.add_document(&document("y"), None).unwrap();
    b.commit().unwrap();
    assert_eq!(totals(&store), (1, 1));
    let events = store.events(&quidpro_store::EventQuery::default()).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].cluster.as_ref().unwrap().events, 1);
    assert_eq!(kept(&store), recomputed(&store));
    // Imported again in a later batch: a duplicate, nothing changes.
    let mut b = store.batch().unwrap();
    assert!(!b.add_event(&imported, None).unwrap());
    b.commit().unwrap();
    assert_eq!(totals(&store), (1, 1));
}

/// An import much smaller than the store checks its events against the stored keys as
/// the segments keep them (sorted), not a set: the same duplicates, clusters and
/// aggregates as a large one.
#[test]
fn small_imports_into_a_large_store_dedup_and_cluster_alike() {
    let dir = std::env::temp_dir().join(format!("quidpro-small-imports-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("store.db");
    let mut store = Store::open(&path).unwrap();
    let ev = |i: usize, day: usize| {
        NewEvent::new(
            "gdelt2",
            &i.to_string(),
            &format!("2024-01-{:02}", 1 + day % 28),
            "TURGOV",
            "AZEGOV",
            "042",
        )
        .unwrap()
    };
    let mut b = store.batch().unwrap();
    let first: Vec<NewEvent> = (0..2000).map(|i| ev(i, i)).collect();
    b.expect("gdelt2", 2000, 2000);
    assert_eq!(b.add_events(first.iter(), None).unwrap(), 2000);
    b.commit().unwrap();
    assert_eq!(kept(&store), recomputed(&store));
    // Opened again, the store reads its keys for a ten-row import: sorted, not a set.
    drop(store);
    let mut store = Store::open(&path).unwrap();
    // Ten rows: five stored already, five new, each of the new on a day already held.
    let mut b = store.batch().unwrap();
    b.expect("gdelt2", 10, 10);
    let more: Vec<NewEvent> = (1995..2005).map(|i| ev(i, i)).collect();
    assert_eq!(b.add_events(more.iter(), None).unwrap(), 5);
    b.commit().unwrap();
    assert_eq!(store.count("events").unwrap(), 2005);
    assert_eq!(kept(&store), recomputed(&store));
    let clustered: i64 =
        store.connection().query_row("SELECT sum(n_events) FROM all_clusters", [], |r| r.get(0)).unwrap();
    assert_eq!(clustered, 2005);
    assert_eq!(totals(&store), (28, 28), "one cluster a day");
    // Again: nothing new.
    let mut b = store.batch().unwrap();
    b.expect("gdelt2", 10, 10);
    assert_eq!(b.add_events(more.iter(), None).unwrap(), 0);
    b.commit().unwrap();
    assert_eq!(store.count("events").unwrap(), 2005);
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A batch of many segments (encoded on their own thread while rows come, their new
/// clusters summed segment by segment), with undirected rows and clusters spanning
/// segments: the aggregates equal the clusters whether kept as a part or added into the
/// tables, and the stored events are all there. Regression: clusters here hold directed
/// and undirected events; a cluster's row took the directedness of its second event while
/// its monthly sums counted the first's.
#[test]
fn aggregates_of_many_segments_as_parts_and_in_tables() {
    for parts_from in [0, usize::MAX] {
        let mut store = Store::open_in_memory().unwrap();
        store.set_segment_rows(300);
        store.set_month_parts_from(parts_from);
        let countries = ["TUR", "AZE", "ARM", "RUS", "IRN", "GEO"];
        let events: Vec<NewEvent> = (0..2500usize)
            .map(|i| {
                let (s, t) = (countries[i % 6], countries[(i / 6 + 1 + i % 5) % 6]);
                let day = format!("20{:02}-{:02}-{:02}", 20 + i % 4, 1 + i % 12, 1 + i % 3);
                let code = ["042", "190", "0231", "173"][i % 4];
                let mut e =
                    NewEvent::new("acled", &i.to_string(), &day, &format!("{s}GOV"), t, code).unwrap();
                e.directed = i % 7 != 0;
                e
            })
            .collect();
        let mut b = store.batch().unwrap();
        b.expect("acled", events.len(), events.len());
        assert_eq!(b.add_events(events.iter(), None).unwrap(), 2500);
        // The same again in the batch: duplicates.
        assert_eq!(b.add_events(events.iter().take(400), None).unwrap(), 0);
        b.commit().unwrap();
        let segments: i64 =
            store.connection().query_row("SELECT count(*) FROM segments", [], |r| r.get(0)).unwrap();
        assert_eq!(segments, 9, "2,500 rows in segments of 300");
        assert_eq!(store.count("events").unwrap(), 2500);
        assert_eq!(kept(&store), recomputed(&store), "parts from {parts_from}");
        let (clusters, months) = totals(&store);
        assert_eq!(clusters, months);
        assert_eq!(parts(&store), if parts_from == 0 { 1 } else { 0 });
    }
}
