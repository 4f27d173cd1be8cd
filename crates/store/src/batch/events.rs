//! Staging events: [`NewEvent`], what a batch is given, and the batch's way in for it —
//! events with a document become rows of `coded_events` at once, imported ones are
//! checked against the stored keys and appended to a segment builder.

use chrono::NaiveDate;
use quidpro_event::{EventCode, Span};
use rusqlite::params;
use rustc_hash::FxHashSet;

use crate::rows::EventRows;
use crate::segment::{self, cluster_key, event_key, Builder};
use crate::{sql_err, Error, Result};

use super::clusters::ClusterInfo;
use super::keys::KeyIndex;
use super::{date_str, ymd, Batch};

/// An event to store, from our coder or an imported dataset.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    /// `quidpro` for our coder, else the dataset (`gdelt2`, `icews`, ...).
    pub dataset: String,
    /// The dataset's own id (our coder: the event's stable id).
    pub dataset_id: String,
    /// When it happened.
    pub event_date: NaiveDate,
    /// `day`, `week`, `month`, `quarter`, `season` or `year`.
    pub date_precision: String,
    /// Where the date comes from: `text`, `narrative`, `story` or `document` for coded events
    /// ([`quidpro_event::DateSource`]); `dataset` for imported events (the dataset's
    /// date); empty when unknown (events stored before schema version 12).
    pub date_source: String,
    /// When it was published, if known.
    pub published: Option<NaiveDate>,
    /// Source actor code (may be empty when the dataset has none).
    pub source: String,
    /// Target actor code (may be empty).
    pub target: String,
    /// The source's country as the dataset gives it (GDELT's `Actor1CountryCode`, ICEWS's
    /// `Source Country`, ACLED's `country`; empty when it gives none), for imported
    /// events; `None`: the first three letters of `source`. An event with a document
    /// (coded by us) always takes its code's first three letters, the country the
    /// dictionaries gave it.
    pub source_country: Option<String>,
    /// The target's country, as `source_country`.
    pub target_country: Option<String>,
    /// The CAMEO code.
    pub code: EventCode,
    /// Whether source → target is directed (ACLED pairs are not).
    pub directed: bool,
    /// `asserted`, `reported`, `hypothetical`, `planned`, `negated`, `refused`, `denied`
    /// or `questioned` ([`quidpro_event::Modality`]). An event with a document (a row of
    /// `events`) that is neither asserted nor reported joins no cluster and is not
    /// counted in the monthly aggregates ([`NewEvent::is_factual`]).
    pub modality: String,
    /// Who asserts it.
    pub attribution: String,
    /// The dataset's text for the source actor.
    pub source_name: Option<String>,
    /// The dataset's text for the target actor.
    pub target_name: Option<String>,
    /// Our document (row id in this store), for coded events.
    pub doc_id: Option<i64>,
    /// The sentence index in the document, for coded events.
    pub sentence: Option<usize>,
    /// The byte span in the document text, for coded events.
    pub span: Option<Span>,
    /// The document's key (story id), kept with the event so that an exported event keeps
    /// its provenance in a store without the document.
    pub doc_key: Option<String>,
    /// The pattern that fired.
    pub rule: Option<String>,
    /// The dictionary entries that fired.
    pub entries: Vec<String>,
    /// The event's words.
    pub text: Option<String>,
    /// Imported: the file and line (1-based) it came from.
    pub file_line: Option<(String, u64)>,
    /// The source URL.
    pub url: Option<String>,
    /// What a demand, appeal, promise or threat asks for: the event's `content` object
    /// as JSON text ([`quidpro_event::Content`]); `None` for other events.
    pub content: Option<String>,
    /// Our coder's version, for coded events (`quidpro_coder::VERSION`).
    pub coder_version: Option<String>,
    /// The hash of the dictionaries that coded it (`quidpro_coder::Coder::dictionary_hash`).
    pub dict_hash: Option<String>,
    /// When it entered a store (RFC 3339), kept when it moves to another (an export read
    /// back); `None`: now, the batch's time.
    pub retrieved: Option<String>,
}

impl NewEvent {
    /// An event with the required fields; the rest default (directed, asserted, no
    /// provenance) and can be set on the value.
    ///
    /// # Errors
    /// [`Error::Invalid`] when the date is not `YYYY-MM-DD` or the code is not CAMEO.
    pub fn new(
        dataset: &str,
        dataset_id: &str,
        date: &str,
        source: &str,
        target: &str,
        code: &str,
    ) -> Result<NewEvent> {
        let event_date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .map_err(|_| Error::Invalid(format!("bad date {date:?} (YYYY-MM-DD)")))?;
        let code = EventCode::parse(code).map_err(|e| Error::Invalid(e.to_string()))?;
        let mut ev = NewEvent::of(dataset, dataset_id, event_date, code);
        ev.source = source.into();
        ev.target = target.into();
        Ok(ev)
    }

    /// An event of a day and code already read (importers read them from their own
    /// formats), without actors; the rest defaults as with [`NewEvent::new`].
    pub fn of(dataset: &str, dataset_id: &str, event_date: NaiveDate, code: EventCode) -> NewEvent {
        NewEvent {
            dataset: dataset.into(),
            dataset_id: dataset_id.into(),
            event_date,
            date_precision: "day".into(),
            date_source: "dataset".into(),
            published: None,
            source: String::new(),
            target: String::new(),
            source_country: None,
            target_country: None,
            code,
            directed: true,
            modality: "asserted".into(),
            attribution: String::new(),
            source_name: None,
            target_name: None,
            doc_id: None,
            sentence: None,
            span: None,
            doc_key: None,
            rule: None,
            entries: Vec::new(),
            text: None,
            file_line: None,
            url: None,
            content: None,
            coder_version: None,
            dict_hash: None,
            retrieved: None,
        }
    }

    /// Whether it is stated as having happened: asserted or reported. Only such events
    /// of `events` rows join clusters and the monthly aggregates; imported events in
    /// segments always count (a dataset's events count as asserted).
    pub fn is_factual(&self) -> bool {
        is_factual(&self.modality)
    }

    /// Whether it is kept as a row of `events` (coded by us: it has a document, or the
    /// key of one, as a coded event imported from Parquet has) rather than in a segment.
    pub fn is_row(&self) -> bool {
        self.doc_id.is_some() || self.doc_key.is_some()
    }

    /// The source's and target's countries: those given ([`NewEvent::source_country`]),
    /// else the codes' first three letters; for an event with a document always the
    /// latter.
    pub fn countries(&self) -> (&str, &str) {
        if self.is_row() {
            return (segment::country(&self.source), segment::country(&self.target));
        }
        (
            self.source_country.as_deref().unwrap_or_else(|| segment::country(&self.source)),
            self.target_country.as_deref().unwrap_or_else(|| segment::country(&self.target)),
        )
    }

    /// The stable id: 16 hex digits of an FNV-1a hash of dataset and dataset id.
    pub fn id(&self) -> String {
        stable_id(&self.dataset, &self.dataset_id)
    }
}

/// Whether a modality counts as having happened (`asserted`, `reported`).
pub fn is_factual(modality: &str) -> bool {
    matches!(modality, "asserted" | "reported")
}

/// The stable id of a stored event: 16 hex digits of an FNV-1a hash of its dataset and
/// the dataset's id.
pub fn stable_id(dataset: &str, dataset_id: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in dataset.bytes().chain([0xff]).chain(dataset_id.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl Batch<'_> {
    /// Makes room for about `rows` more events of `dataset` in this batch, so that its
    /// tables are sized once rather than grown (each growth copies them), and says how
    /// many the whole import brings (`import_rows`): an import much smaller than the
    /// store checks its events against the stored keys as the segments keep them, sorted,
    /// rather than reading them all into a set.
    pub fn expect(&mut self, dataset: &str, rows: usize, import_rows: usize) {
        self.expected = Some(import_rows);
        self.keys.entry(dataset.to_string()).or_default().reserve(rows);
        self.clusters.reserve(rows);
    }

    /// Adds an event unless its `(dataset, dataset_id)` is stored already; returns whether
    /// it was added. The batch links it to its cluster when it commits.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_event(&mut self, ev: &NewEvent, run: Option<i64>) -> Result<bool> {
        Ok(self.add_events(std::slice::from_ref(ev), run)? == 1)
    }

    /// Adds events, skipping those whose `(dataset, dataset_id)` is stored already (or
    /// comes earlier in `events`); returns how many were added. Events with a document
    /// become rows of `events`; the others go to segments: the bulk path of imports.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_events<'e>(
        &mut self,
        events: impl IntoIterator<Item = &'e NewEvent>,
        run: Option<i64>,
    ) -> Result<u64> {
        let mut added = 0u64;
        // Imported events go through `add_rows`, a run of one dataset at a time.
        let mut pending: Option<EventRows> = None;
        for ev in events {
            if !ev.is_row() {
                if let Some(p) = pending.as_mut() {
                    if p.push(ev) {
                        continue;
                    }
                    added += self.add_rows(p, run)?;
                }
                let mut p = EventRows::new(&ev.dataset, 64);
                p.push(ev);
                pending = Some(p);
                continue;
            }
            if let Some(p) = pending.take() {
                added += self.add_rows(&p, run)?;
            }
            let dedup = event_key(&ev.dataset, &ev.dataset_id);
            self.load_keys(&ev.dataset)?;
            let stored = self.sets.keys.get(&ev.dataset).is_some_and(|k| k.contains(&dedup));
            if stored || self.keys.get(&ev.dataset).is_some_and(|k| k.contains(&dedup)) {
                continue;
            }
            let ckey = cluster_key(ev.event_date, &ev.source, &ev.target, ev.code.as_str());
            // The cluster's row first: the event row refers to it.
            if self.row_exists(&ev.dataset, &ev.dataset_id)? {
                continue;
            }
            // An event not stated as having happened joins no cluster: the monthly
            // aggregates count only asserted and reported events.
            let ckey = if ev.is_factual() {
                self.count_row_cluster(ev, ckey)?;
                Some(ckey)
            } else {
                None
            };
            self.insert_row(ev, run, ckey)?;
            self.keys.entry(ev.dataset.clone()).or_default().insert(dedup);
            added += 1;
        }
        if let Some(p) = pending {
            added += self.add_rows(&p, run)?;
        }
        Ok(added)
    }

    /// Adds prepared imported events ([`EventRows`]), skipping those whose `(dataset,
    /// dataset_id)` is stored already (or comes earlier); returns how many were added. The
    /// bulk path of imports: what [`Batch::add_events`] does for an imported event, with
    /// the record, keys and actors made where the rows were read.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_rows(&mut self, rows: &EventRows, run: Option<i64>) -> Result<u64> {
        self.add_rows_in(rows, 0..rows.len(), run)
    }

    /// [`Batch::add_rows`] for the rows of `range` only (a batch that must end within a
    /// chunk of rows).
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_rows_in(
        &mut self,
        rows: &EventRows,
        range: std::ops::Range<usize>,
        run: Option<i64>,
    ) -> Result<u64> {
        let range = range.start.min(rows.len())..range.end.min(rows.len());
        if range.is_empty() {
            return Ok(0);
        }
        let dataset = rows.dataset.as_str();
        self.load_keys(dataset)?;
        let has_rows = self.has_rows_of(dataset)?;
        // Taken out of `self` while the rows are added (put back however it ends).
        let stored = self.sets.keys.remove(dataset).unwrap_or_default();
        let mut added_keys = self.keys.remove(dataset).unwrap_or_default();
        let mut seen = vec![(NaiveDate::MAX, NaiveDate::MIN, 0i64); rows.actors.len()];
        let result = self.add_rows_with(rows, range, run, has_rows, &stored, &mut added_keys, &mut seen);
        self.sets.keys.insert(dataset.to_string(), stored);
        self.keys.insert(dataset.to_string(), added_keys);
        // Imported events' actors as the dataset names them (our coder's actors are the
        // dictionary's, stored as such).
        if dataset != "quidpro" {
            let mut key = String::new();
            for ((code, name, country), (first, last, n)) in rows.actors.iter().zip(seen) {
                if n == 0 || code.is_empty() {
                    continue;
                }
                key.clear();
                key.push_str(code);
                key.push('\x1f');
                key.push_str(name);
                key.push('\x1f');
                key.push_str(dataset);
                key.push('\x1f');
                key.push_str(country);
                match self.actors.get_mut(key.as_str()) {
                    Some(a) => {
                        a.0 = a.0.min(first);
                        a.1 = a.1.max(last);
                        a.2 += n;
                    }
                    None => {
                        self.actors.insert(key.clone(), (first, last, n));
                    }
                }
            }
        }
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn add_rows_with(
        &mut self,
        rows: &EventRows,
        range: std::ops::Range<usize>,
        run: Option<i64>,
        has_rows: bool,
        stored: &KeyIndex<u128>,
        added_keys: &mut FxHashSet<u128>,
        seen: &mut [(NaiveDate, NaiveDate, i64)],
    ) -> Result<u64> {
        let dataset = rows.dataset.as_str();
        let retrieved = &rows.retrieved;
        let at =
            match self.builders.iter().position(|(d, r, t, _)| d == dataset && *r == run && t == retrieved) {
                Some(at) => at,
                None => {
                    self.builders.push((dataset.to_string(), run, retrieved.clone(), Builder::new()));
                    self.builders.len() - 1
                }
            };
        let mut added = 0u64;
        for (i, p) in rows.rows.iter().enumerate().take(range.end).skip(range.start) {
            if stored.contains(&p.key) {
                continue;
            }
            let record = rows.record(i);
            if has_rows
                && !added_keys.contains(&p.key)
                && self.row_exists(dataset, segment::record_dataset_id(record))?
            {
                continue;
            }
            // One probe: false when an earlier row of the batch had the key.
            if !added_keys.insert(p.key) {
                continue;
            }
            let (source, target) = (&rows.actors[p.source as usize].0, &rows.actors[p.target as usize].0);
            let countries = (&rows.actors[p.source as usize].2, &rows.actors[p.target as usize].2);
            let info = || {
                Box::new(ClusterInfo {
                    date: p.date,
                    source: source.clone(),
                    target: target.clone(),
                    code: p.code,
                    directed: p.directed,
                })
            };
            if self.count_segment_cluster(p.cluster, p.directed, info)? {
                self.segment_sums.add(countries.0, countries.1, p.date, p.days, p.code, p.directed);
            }
            let b = &mut self.builders[at].3;
            b.append(record, p.key, p.cluster, p.dyad, p.days);
            if b.len() >= self.segment_rows || b.full() {
                // The builder is replaced in place: `at` stays its index.
                self.send_segment(at)?;
            }
            added += 1;
            for a in [p.source, p.target] {
                let s = &mut seen[a as usize];
                s.0 = s.0.min(p.date);
                s.1 = s.1.max(p.date);
                s.2 += 1;
            }
        }
        Ok(added)
    }

    /// Inserts an event with a document as a row of `coded_events`; false when its key is
    /// there already.
    fn insert_row(&mut self, ev: &NewEvent, run: Option<i64>, ckey: Option<i64>) -> Result<bool> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO coded_events (dataset, dataset_id, event_date, date_precision, published, retrieved, \
                 source, target, source_country, target_country, code, root, quad_class, goldstein, directed, modality, \
                 attribution, source_name, target_name, doc_id, sentence, span_start, span_end, rule, entries, text, \
                 file, line, url, run_id, doc_key, cluster_id, date_source, content, coder_version, dict_hash) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, \
                 ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36)",
            )
            .map_err(sql_err(self.path))?;
        let entries = if ev.entries.is_empty() { None } else { serde_json::to_string(&ev.entries).ok() };
        let (span_start, span_end) = match ev.span {
            Some(span) => (Some(span.start as i64), Some(span.end as i64)),
            None => (None, None),
        };
        let (file, line) = match &ev.file_line {
            Some((f, l)) => (Some(f.as_str()), Some(*l as i64)),
            None => (None, None),
        };
        let n = stmt
            .execute(params![
                ev.dataset,
                ev.dataset_id,
                ymd(ev.event_date),
                ev.date_precision,
                date_str(ev.published),
                ev.retrieved.as_deref().unwrap_or(&self.now),
                ev.source,
                ev.target,
                segment::country(&ev.source),
                segment::country(&ev.target),
                ev.code.as_str(),
                ev.code.root(),
                ev.code.quad_class().number(),
                ev.code.goldstein(),
                ev.directed,
                ev.modality,
                ev.attribution,
                ev.source_name,
                ev.target_name,
                ev.doc_id,
                ev.sentence.map(|s| s as i64),
                span_start,
                span_end,
                ev.rule,
                entries,
                ev.text,
                file,
                line,
                ev.url,
                run,
                ev.doc_key,
                ckey,
                ev.date_source,
                ev.content,
                ev.coder_version,
                ev.dict_hash,
            ])
            .map_err(sql_err(self.path))?;
        Ok(n == 1)
    }
}
