//! Writing: one [`Batch`] is one transaction. Its stages, one module each: staging
//! events (`events`), dedup against the stored keys (`keys`), clusters (`clusters`),
//! encoding and writing segments (`encoder`), the monthly aggregates (`sums`),
//! documents (`documents`), import runs (`runs`), registers (`registers`), mentions
//! (`mentions`), and the migration of imported rows into segments (`migrate`).

mod clusters;
mod documents;
mod encoder;
mod events;
mod keys;
mod mentions;
mod migrate;
mod registers;
mod runs;
mod sums;

pub use documents::{DocumentOutcome, NewCitation, NewDocument, NewSentence};
pub(crate) use encoder::store_encoded;
pub use events::{stable_id, NewEvent};
pub(crate) use keys::KeySets;
pub use mentions::NewMention;
pub(crate) use migrate::migrate_to_segments;
pub use registers::DictionaryActor;
pub use runs::RunStats;

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::segment::Builder;
use crate::{sql_err, Error, Result};
use clusters::{ClusterInfo, PendingCluster};
use encoder::{Encoder, Job};
use sums::{MonthSums, SegmentSums};

/// One transaction. Dropping it without [`Batch::commit`] rolls everything back.
///
/// Events with a document (coded by us) are rows of `events`; all others (imported) are
/// collected into segments ([`crate::segment`]), written when a segment is full and at
/// commit. Either way an event's `(dataset, dataset_id)` is stored once and its cluster
/// (same day, source, target and code) is counted: a cluster of one imported event has
/// no `clusters` row (its count is 1), every other cluster has one.
pub struct Batch<'a> {
    tx: Transaction<'a>,
    path: &'a Path,
    now: String,
    sets: &'a mut KeySets,
    /// Dedup keys added in this batch, by dataset.
    keys: FxHashMap<String, FxHashSet<u128>>,
    /// Whether `events` holds rows of a dataset (then imported events are checked
    /// against them too).
    dataset_rows: FxHashMap<String, bool>,
    /// Rows the batch expects ([`Batch::expect`]).
    expected: Option<usize>,
    /// Clusters of the segment events of this batch.
    clusters: FxHashMap<i64, PendingCluster>,
    /// The fields of the clusters that will need a row.
    infos: FxHashMap<i64, Box<ClusterInfo>>,
    /// `clusters` rows this batch created or deleted.
    rows_added: FxHashSet<i64>,
    rows_removed: FxHashSet<i64>,
    /// New clusters, summed for the monthly aggregates: those coded events start (a
    /// replaced document may take them away again: added into `dyad_months`), and those
    /// imported events start (never removed: a large batch's become a part).
    sums: MonthSums,
    segment_sums: SegmentSums,
    /// Segments being collected, by dataset, run and kept retrieval time.
    builders: Vec<(String, Option<i64>, Option<String>, Builder)>,
    /// The thread encoding full segments while rows keep coming.
    encoder: Option<Encoder>,
    /// Imported events' actors seen in this batch: `code \x1f name \x1f dataset` →
    /// (first date, last date, events), written to `actors` at commit.
    actors: FxHashMap<String, (NaiveDate, NaiveDate, i64)>,
    /// Dyad-months from which the sums are written as parts ([`Store::set_month_parts_from`]).
    parts_from: usize,
    /// Rows at which a segment is handed to the encoding thread ([`Store::set_segment_rows`]).
    segment_rows: usize,
}

/// `YYYY-MM-DD` (written directly: chrono's formatter is a hot spot of bulk imports).
fn ymd(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn date_str(d: Option<NaiveDate>) -> Option<String> {
    d.map(ymd)
}

impl<'a> Batch<'a> {
    pub(crate) fn new(
        conn: &'a mut Connection,
        path: &'a Path,
        sets: &'a mut KeySets,
        parts_from: usize,
        segment_rows: usize,
    ) -> Result<Batch<'a>> {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sql_err(path))?;
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        // Another connection's commit makes what was read of the segments stale.
        let version: i64 =
            tx.pragma_query_value(None, "data_version", |r| r.get(0)).map_err(sql_err(path))?;
        if sets.version != Some(version) {
            *sets = KeySets { version: Some(version), ..KeySets::default() };
        }
        Ok(Batch {
            tx,
            path,
            now,
            sets,
            keys: FxHashMap::default(),
            dataset_rows: FxHashMap::default(),
            expected: None,
            clusters: FxHashMap::default(),
            infos: FxHashMap::default(),
            rows_added: FxHashSet::default(),
            rows_removed: FxHashSet::default(),
            sums: MonthSums::default(),
            segment_sums: SegmentSums::default(),
            builders: Vec::new(),
            encoder: None,
            actors: FxHashMap::default(),
            parts_from,
            segment_rows,
        })
    }

    fn e(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        sql_err(self.path)
    }

    /// Writes the collected segments, the clusters and the monthly aggregates, and
    /// commits.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if the commit fails; then nothing of the batch is stored.
    pub fn commit(mut self) -> Result<()> {
        // The segments still collecting go to the encoding thread, which encodes them
        // while this one writes the clusters, aggregates and actors; then all are stored.
        let ats: Vec<usize> = (0..self.builders.len()).filter(|&i| !self.builders[i].3.is_empty()).collect();
        for at in ats {
            let encoder = self.encoder.get_or_insert_with(Encoder::start);
            let (dataset, run, retrieved, b) = &mut self.builders[at];
            let new = std::mem::take(&mut self.segment_sums);
            let full = std::mem::replace(b, Builder::new());
            encoder.send(Job::Segment(dataset.clone(), *run, retrieved.clone(), full, new))?;
        }
        // The monthly sums of the segment events' new clusters: from the encoding thread,
        // which summed them segment by segment, or summed here.
        let rest = std::mem::take(&mut self.segment_sums);
        let mut local = None;
        let parts_from = self.parts_from;
        match self.encoder.as_mut() {
            Some(encoder) => encoder.send(Job::Finish(rest, parts_from))?,
            None => local = Some(rest),
        }
        self.write_clusters()?;
        let sums = std::mem::take(&mut self.sums);
        self.write_sums(&sums, 1)?;
        self.write_actors()?;
        let from_encoder = self.store_encoded_segments(true)?;
        let (sums, parts) = match (from_encoder, local) {
            (Some(done), _) => done,
            (None, Some(rest)) => {
                let all = rest.sorted();
                match (all.len() > 0 && all.len() >= parts_from).then(|| all.parts()).flatten() {
                    Some(parts) => (MonthSums::default(), Some(parts)),
                    None => (all.into_month_sums(), None),
                }
            }
            (None, None) => (MonthSums::default(), None),
        };
        match parts {
            Some(p) => self.write_parts(&p)?,
            None if !sums.is_empty() => self.write_sums(&sums, 1)?,
            None => {}
        }
        let Batch { tx, path, sets, keys, clusters, rows_added, rows_removed, .. } = self;
        tx.commit().map_err(sql_err(path))?;
        // What the store now holds, for the next batches.
        for (dataset, k) in keys {
            if let Some(set) = sets.keys.get_mut(&dataset) {
                set.extend(k);
            }
        }
        if sets.clusters_loaded {
            sets.segment_clusters.extend(clusters.keys().copied());
            for c in rows_removed {
                sets.row_clusters.remove(&c);
            }
            sets.row_clusters.extend(rows_added);
        }
        Ok(())
    }
}
