//! The Rust step of migration 9 → 10: imported events move from rows into segments.

use std::path::Path;

use chrono::NaiveDate;
use quidpro_event::Span;
use rusqlite::{params, Transaction};
use rustc_hash::FxHashMap;

use crate::segment::{self, cluster_key, event_key, Builder};
use crate::{sql_err, Error, Result};

use super::clusters::{insert_cluster, ClusterInfo};
use super::encoder::store_segment;
use super::NewEvent;

/// The Rust step of migration 9 → 10 (after its SQL, in its transaction): moves the
/// imported events (rows without a document) into segments, one run of a dataset after
/// another, and rebuilds `clusters` with hashed keys: a row for every cluster with a
/// coded event or more than one event. The monthly aggregates count the same clusters as
/// before and stay.
pub(crate) fn migrate_to_segments(tx: &Transaction<'_>, path: &Path) -> Result<()> {
    let e = sql_err(path);
    // Imported rows of old stores still name clusters by their old ids; they leave with
    // the old table (the caller turns foreign keys off for this step, and checks them).
    tx.execute_batch("UPDATE events SET cluster_id = NULL WHERE doc_id IS NOT NULL; DELETE FROM clusters;")
        .map_err(&e)?;
    // Per cluster: events and whether a coded event is in it; the fields of those that
    // get a row (two events or more, or a coded one).
    let mut clusters: FxHashMap<i64, (i64, bool)> = FxHashMap::default();
    let mut infos: FxHashMap<i64, Box<ClusterInfo>> = FxHashMap::default();
    let mut count = |ev: &NewEvent, ckey: i64, coded: bool| {
        let c = clusters.entry(ckey).or_insert((0, false));
        c.0 += 1;
        c.1 |= coded;
        if c.0 > 1 || c.1 {
            infos.entry(ckey).or_insert_with(|| ClusterInfo::of(ev));
        }
    };
    // The coded events and their cluster keys, set once the clusters are written.
    let coded: Vec<(String, String, i64)> = {
        let mut stmt = tx
            .prepare(
                "SELECT dataset, dataset_id, event_date, date_precision, published, retrieved, source, target, code, \
                 directed, modality, attribution, source_name, target_name, sentence, span_start, span_end, rule, \
                 entries, text, file, line, url, run_id, doc_key, doc_id FROM events ORDER BY id",
            )
            .map_err(&e)?;
        let mut rows = stmt.query([]).map_err(&e)?;
        let mut builder = Builder::new();
        // The dataset, run and retrieval time of the rows in `builder`.
        let mut group: Option<(String, Option<i64>, String)> = None;
        let mut coded: Vec<(String, String, i64)> = Vec::new();
        while let Some(r) = rows.next().map_err(&e)? {
            let text = |i: usize| r.get::<_, Option<String>>(i);
            let date = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
                Ok(text(i)?.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
            };
            let dataset: String = r.get(0).map_err(&e)?;
            let id: String = r.get(1).map_err(&e)?;
            let day: String = r.get(2).map_err(&e)?;
            let mut ev = NewEvent::new(
                &dataset,
                &id,
                &day,
                &r.get::<_, String>(6).map_err(&e)?,
                &r.get::<_, String>(7).map_err(&e)?,
                &r.get::<_, String>(8).map_err(&e)?,
            )
            .map_err(|err| Error::Invalid(format!("event {dataset}/{id} cannot move to a segment: {err}")))?;
            ev.date_precision = r.get(3).map_err(&e)?;
            ev.published = date(4).map_err(&e)?;
            ev.directed = r.get(9).map_err(&e)?;
            ev.modality = r.get(10).map_err(&e)?;
            ev.attribution = r.get(11).map_err(&e)?;
            ev.source_name = text(12).map_err(&e)?;
            ev.target_name = text(13).map_err(&e)?;
            ev.sentence = r.get::<_, Option<i64>>(14).map_err(&e)?.map(|v| v as usize);
            let (a, b): (Option<i64>, Option<i64>) = (r.get(15).map_err(&e)?, r.get(16).map_err(&e)?);
            ev.span = a.zip(b).map(|(a, b)| Span::new(a as usize, b as usize));
            ev.rule = text(17).map_err(&e)?;
            ev.entries =
                text(18).map_err(&e)?.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default();
            ev.text = text(19).map_err(&e)?;
            let (file, line): (Option<String>, Option<i64>) =
                (r.get(20).map_err(&e)?, r.get(21).map_err(&e)?);
            ev.file_line = file.map(|f| (f, line.unwrap_or(0) as u64));
            ev.url = text(22).map_err(&e)?;
            let run: Option<i64> = r.get(23).map_err(&e)?;
            ev.doc_key = text(24).map_err(&e)?;
            let doc_id: Option<i64> = r.get(25).map_err(&e)?;
            let ckey = cluster_key(ev.event_date, &ev.source, &ev.target, ev.code.as_str());
            count(&ev, ckey, doc_id.is_some());
            if doc_id.is_some() {
                coded.push((dataset, id, ckey));
                continue;
            }
            let retrieved: String = r.get(5).map_err(&e)?;
            let here = (dataset, run, retrieved);
            if group.as_ref() != Some(&here) || builder.full() {
                if let Some((d, run, at)) = group.take() {
                    store_segment(tx, path, &d, run, &at, &mut builder)?;
                }
                group = Some(here);
            }
            segment::push_event(&mut builder, &ev, event_key(&ev.dataset, &ev.dataset_id), ckey);
        }
        if let Some((d, run, at)) = group.take() {
            store_segment(tx, path, &d, run, &at, &mut builder)?;
        }
        coded
    };
    // The table is built again with the coded events only (deleting millions of imported
    // rows one by one through every index takes far longer), with its indexes.
    let table: String = tx
        .query_row("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'", [], |r| r.get(0))
        .map_err(&e)?;
    let indexes: Vec<String> = {
        let mut stmt = tx
            .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL")
            .map_err(&e)?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(&e)?;
        rows.collect::<std::result::Result<_, _>>().map_err(&e)?
    };
    let Some(rest) = table.strip_prefix("CREATE TABLE events") else {
        return Err(Error::Invalid(format!("events table of an unknown form: {table}")));
    };
    tx.execute_batch(&format!(
        "CREATE TABLE events_v10{rest}; INSERT INTO events_v10 SELECT * FROM events WHERE doc_id IS NOT NULL; \
         DROP TABLE events; ALTER TABLE events_v10 RENAME TO events;"
    ))
    .map_err(&e)?;
    for sql in indexes {
        tx.execute_batch(&sql).map_err(&e)?;
    }
    let mut keep: Vec<(i64, i64, Box<ClusterInfo>)> =
        infos.into_iter().map(|(id, c)| (id, clusters.get(&id).map_or(1, |n| n.0), c)).collect();
    keep.sort_unstable_by_key(|c| c.0);
    for (id, n, c) in keep {
        insert_cluster(tx, path, &c, id, n, 0)?;
    }
    let mut set =
        tx.prepare("UPDATE events SET cluster_id = ?3 WHERE dataset = ?1 AND dataset_id = ?2").map_err(&e)?;
    for (dataset, id, ckey) in &coded {
        set.execute(params![dataset, id, ckey]).map_err(&e)?;
    }
    Ok(())
}
