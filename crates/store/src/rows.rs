//! Imported events prepared for a batch on the thread that reads them.
//!
//! A bulk import reads and parses on one thread while another writes. [`EventRows`] moves
//! the per-event work that needs no store (the segment record, the dedup and cluster keys,
//! the packed dyad, the actors named) to the reading thread, so that the writing thread
//! only decides what is new and appends ([`crate::Batch::add_rows`]).

use chrono::{Datelike, NaiveDate};
use quidpro_event::EventCode;
use rustc_hash::FxHashMap;

use crate::segment::{cluster_key, event_key, pack_dyad, write_record};
use crate::NewEvent;

/// What the batch needs of one prepared event besides its record.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Prepared {
    /// Where its record is in [`EventRows::records`] (start, end).
    pub start: u32,
    pub end: u32,
    pub key: u128,
    pub cluster: i64,
    /// Source and target country, packed for the segment's order ([`pack_dyad`]).
    pub dyad: u64,
    pub date: NaiveDate,
    /// The date as chrono's `num_days_from_ce`.
    pub days: i32,
    pub code: EventCode,
    pub directed: bool,
    /// Its source and target actor in [`EventRows::actors`].
    pub source: u32,
    pub target: u32,
}

/// Imported events (no document) of one dataset, prepared for
/// [`crate::Batch::add_rows`]: each as its segment record, its dedup and cluster keys and
/// the actors it names. Build it where the events are read, hand it to the batch.
#[derive(Debug)]
pub struct EventRows {
    pub(crate) dataset: String,
    /// The retrieval time its events keep (`NewEvent::retrieved`), the same for all.
    pub(crate) retrieved: Option<String>,
    pub(crate) records: Vec<u8>,
    pub(crate) rows: Vec<Prepared>,
    /// The actors the rows name: (code, the dataset's name for it or ``, its country).
    pub(crate) actors: Vec<(String, String, String)>,
    /// Actors by a hash of code and name.
    ids: FxHashMap<u64, u32>,
}

impl EventRows {
    /// Empty rows of `dataset`, with room for `rows` events.
    pub fn new(dataset: &str, rows: usize) -> EventRows {
        EventRows {
            dataset: dataset.to_string(),
            retrieved: None,
            records: Vec::with_capacity(rows * 256),
            rows: Vec::with_capacity(rows),
            actors: Vec::new(),
            ids: FxHashMap::default(),
        }
    }

    /// The dataset of the rows.
    pub fn dataset(&self) -> &str {
        &self.dataset
    }

    /// How many events it holds.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Adds an event; false (and nothing added) when it is not of this dataset, keeps
    /// another retrieval time than the events before it, or has a document or a
    /// document's key (coded events go to [`crate::Batch::add_events`]).
    pub fn push(&mut self, ev: &NewEvent) -> bool {
        if ev.dataset != self.dataset || ev.is_row() {
            return false;
        }
        if self.rows.is_empty() {
            self.retrieved.clone_from(&ev.retrieved);
        } else if ev.retrieved != self.retrieved {
            return false;
        }
        let cluster = cluster_key(ev.event_date, &ev.source, &ev.target, ev.code.as_str());
        let start = self.records.len();
        write_record(&mut self.records, ev, cluster);
        let (sc, tc) = ev.countries();
        let source = self.actor(&ev.source, ev.source_name.as_deref(), sc);
        let target = self.actor(&ev.target, ev.target_name.as_deref(), tc);
        self.rows.push(Prepared {
            start: start as u32,
            end: self.records.len() as u32,
            key: event_key(&ev.dataset, &ev.dataset_id),
            cluster,
            dyad: pack_dyad(sc, tc),
            date: ev.event_date,
            days: ev.event_date.num_days_from_ce(),
            code: ev.code,
            directed: ev.directed,
            source,
            target,
        });
        true
    }

    fn actor(&mut self, code: &str, name: Option<&str>, country: &str) -> u32 {
        let name = name.unwrap_or("");
        use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};
        let hash = xxh3_64_with_seed(name.as_bytes(), xxh3_64(code.as_bytes()));
        if let Some(&id) = self.ids.get(&hash) {
            let (c, n, k) = &self.actors[id as usize];
            if c == code && n == name && k == country {
                return id;
            }
        }
        // New (or, rarely, another with the same hash: listed twice, which the batch's
        // merge by name takes as one).
        let id = self.actors.len() as u32;
        self.actors.push((code.to_string(), name.to_string(), country.to_string()));
        self.ids.insert(hash, id);
        id
    }

    /// The record of row `i`.
    pub(crate) fn record(&self, i: usize) -> &[u8] {
        let p = &self.rows[i];
        &self.records[p.start as usize..p.end as usize]
    }

    /// Empties it for reuse, keeping its room.
    pub fn clear(&mut self) {
        self.records.clear();
        self.rows.clear();
        self.actors.clear();
        self.ids.clear();
    }
}
