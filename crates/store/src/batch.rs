//! Writing: one [`Batch`] is one transaction.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use quidpro_event::{EventCode, Span};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use crate::{sql_err, Error, Result};

/// An event to store, from our coder or an imported dataset.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    /// `quidpro` for our coder, else the dataset (`gdelt2`, `icews`, ...).
    pub dataset: String,
    /// The dataset's own id (our coder: the event's stable id).
    pub dataset_id: String,
    /// When it happened.
    pub event_date: NaiveDate,
    /// `day`, `week`, `month` or `year`.
    pub date_precision: String,
    /// When it was published, if known.
    pub published: Option<NaiveDate>,
    /// Source actor code (may be empty when the dataset has none).
    pub source: String,
    /// Target actor code (may be empty).
    pub target: String,
    /// The CAMEO code.
    pub code: EventCode,
    /// Whether source → target is directed (ACLED pairs are not).
    pub directed: bool,
    /// `asserted`, `reported`, ...
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
        Ok(NewEvent {
            dataset: dataset.into(),
            dataset_id: dataset_id.into(),
            event_date,
            date_precision: "day".into(),
            published: None,
            source: source.into(),
            target: target.into(),
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
        })
    }

    /// The stable id: 16 hex digits of an FNV-1a hash of dataset and dataset id.
    pub fn id(&self) -> String {
        stable_id(&self.dataset, &self.dataset_id)
    }
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

/// An actor of the dictionaries, as stored in `actors`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictionaryActor {
    /// Its code.
    pub code: String,
    /// The entry's label.
    pub name: String,
    /// `country`, `person` or `organisation`.
    pub kind: String,
    /// First day the code holds (people's offices), if bounded.
    pub valid_from: Option<NaiveDate>,
    /// Last day, if bounded.
    pub valid_to: Option<NaiveDate>,
    /// The entry's `file:line`.
    pub entry: String,
}

/// A document to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDocument {
    /// Its key: the story id (or file path).
    pub key: String,
    /// `story`, ...
    pub kind: String,
    /// Title, if known.
    pub title: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Full text.
    pub text: String,
}

impl NewDocument {
    /// SHA-256 (hex) of what defines the document's content: date, source, url, title, text.
    pub fn content_hash(&self) -> String {
        let mut h = Sha256::new();
        for part in [
            self.published.map(|d| d.to_string()).unwrap_or_default(),
            self.source.clone().unwrap_or_default(),
            self.url.clone().unwrap_or_default(),
            self.title.clone().unwrap_or_default(),
        ] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        h.update(self.text.as_bytes());
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A sentence of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSentence {
    /// 0-based index.
    pub index: usize,
    /// Its span in the document text.
    pub span: Span,
}

/// What adding a document did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentOutcome {
    /// New document (its id): code it and add its events.
    New(i64),
    /// Same content as stored: nothing to do.
    Unchanged(i64),
    /// Changed content: the earlier version's sentences and events were removed.
    Replaced(i64),
}

/// Counts of an import run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Rows (or stories) read.
    pub read: u64,
    /// Stored.
    pub stored: u64,
    /// Already in the store.
    pub duplicates: u64,
    /// Skipped, by reason.
    pub skipped: BTreeMap<String, u64>,
}

impl RunStats {
    /// Total skipped.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }
}

/// A dyad-month's sums over new clusters.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Sums {
    clusters: i64,
    goldstein: f64,
    quad: [i64; 4],
}

/// A short ASCII key part: its length, then its bytes.
type Packed<const N: usize> = [u8; N];

/// The first `n` characters of `s` (as SQL's `substr(s, 1, n)`), packed, when they are
/// ASCII; `None` sends the key to the string map.
fn pack<const N: usize>(s: &str, n: usize) -> Option<Packed<N>> {
    let head = s.get(..n.min(s.len()))?;
    if !head.is_ascii() || head.len() >= N {
        return None;
    }
    let mut out = [0u8; N];
    out[0] = head.len() as u8;
    out[1..=head.len()].copy_from_slice(head.as_bytes());
    Some(out)
}

fn unpack<const N: usize>(p: &Packed<N>) -> &str {
    std::str::from_utf8(&p[1..=p[0] as usize]).unwrap_or("")
}

/// The first `n` characters, as SQL's `substr(s, 1, n)`.
fn head(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// New clusters summed per (source country, target country, month) and per month;
/// keys of ASCII codes are packed (no allocation per cluster), others kept as strings.
#[derive(Default)]
struct MonthSums {
    packed: std::collections::HashMap<(Packed<4>, Packed<4>, Packed<8>), Sums>,
    other: std::collections::HashMap<(String, String, String), Sums>,
    months: BTreeMap<String, i64>,
}

impl MonthSums {
    fn add(&mut self, source: &str, target: &str, date: &str, goldstein: f64, quad: i64, directed: bool) {
        let month = head(date, 7);
        match self.months.get_mut(month) {
            Some(n) => *n += 1,
            None => {
                self.months.insert(month.to_string(), 1);
            }
        }
        let (s, t) = (head(source, 3), head(target, 3));
        let mut one = |a: &str, b: &str| {
            let sums = match (pack(a, 3), pack(b, 3), pack(month, 7)) {
                (Some(a), Some(b), Some(m)) => self.packed.entry((a, b, m)).or_default(),
                _ => self.other.entry((a.to_string(), b.to_string(), month.to_string())).or_default(),
            };
            sums.clusters += 1;
            sums.goldstein += goldstein;
            if (1..=4).contains(&quad) {
                sums.quad[quad as usize - 1] += 1;
            }
        };
        one(s, t);
        if !directed {
            one(t, s);
        }
    }

    /// Every dyad-month with its sums, in key order.
    fn dyads(&self) -> Vec<((&str, &str, &str), Sums)> {
        let mut out: Vec<_> = self
            .packed
            .iter()
            .map(|((a, b, m), v)| ((unpack(a), unpack(b), unpack(m)), *v))
            .chain(self.other.iter().map(|((a, b, m), v)| ((a.as_str(), b.as_str(), m.as_str()), *v)))
            .collect();
        out.sort_unstable_by(|x, y| x.0.cmp(&y.0));
        out
    }
}

/// One transaction. Dropping it without [`Batch::commit`] rolls everything back.
pub struct Batch<'a> {
    tx: Transaction<'a>,
    path: &'a Path,
    now: String,
    /// The largest event row id when the batch began.
    before: i64,
    /// The largest cluster id when the batch began.
    clusters_before: i64,
    /// Indexes dropped by [`Batch::defer_indexes`], to build at commit (their SQL).
    deferred: Vec<String>,
    /// Imported events' actors seen in this batch: `code \x1f name \x1f dataset` →
    /// (first date, last date, events), written to `actors` at commit.
    actors: std::collections::HashMap<String, (NaiveDate, NaiveDate, i64)>,
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
    pub(crate) fn new(conn: &'a mut Connection, path: &'a Path) -> Result<Batch<'a>> {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sql_err(path))?;
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        // Events get increasing row ids: everything above this one is the batch's.
        let before: i64 = tx
            .query_row("SELECT coalesce(max(id), 0) FROM events", [], |r| r.get(0))
            .map_err(sql_err(path))?;
        let clusters_before: i64 = tx
            .query_row("SELECT coalesce(max(id), 0) FROM clusters", [], |r| r.get(0))
            .map_err(sql_err(path))?;
        Ok(Batch { tx, path, now, before, clusters_before, deferred: Vec::new(), actors: Default::default() })
    }

    fn e(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        sql_err(self.path)
    }

    /// Records the start of an import run; returns its id.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn begin_run(&mut self, kind: &str, file: &str) -> Result<i64> {
        self.tx
            .execute(
                "INSERT INTO import_runs (kind, file, started) VALUES (?1, ?2, ?3)",
                params![kind, file, self.now],
            )
            .map_err(self.e())?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Records the counts and status of a run (`complete`).
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn finish_run(&mut self, run: i64, stats: &RunStats) -> Result<()> {
        let reasons = serde_json::to_string(&stats.skipped).unwrap_or_else(|_| "{}".into());
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.tx
            .execute(
                "UPDATE import_runs SET finished = ?2, rows_read = rows_read + ?3, rows_stored = rows_stored + ?4, \
                 rows_skipped = rows_skipped + ?5, duplicates = duplicates + ?6, skipped_by_reason = ?7, status = 'complete' \
                 WHERE id = ?1",
                params![
                    run,
                    now,
                    stats.read as i64,
                    stats.stored as i64,
                    stats.skipped_total() as i64,
                    stats.duplicates as i64,
                    reasons
                ],
            )
            .map_err(self.e())?;
        Ok(())
    }

    /// Removes a run record (a refused strict import leaves no trace).
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn remove_run(&mut self, run: i64) -> Result<()> {
        self.tx.execute("DELETE FROM import_runs WHERE id = ?1", [run]).map_err(self.e())?;
        Ok(())
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
    /// comes earlier in `events`); returns how many were added. One prepared statement
    /// serves them all: the bulk path of imports.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_events<'e>(
        &mut self,
        events: impl IntoIterator<Item = &'e NewEvent>,
        run: Option<i64>,
    ) -> Result<u64> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO events (dataset, dataset_id, event_date, date_precision, published, retrieved, \
                 source, target, source_country, target_country, code, root, quad_class, goldstein, directed, modality, \
                 attribution, source_name, target_name, doc_id, sentence, span_start, span_end, rule, entries, text, \
                 file, line, url, run_id, doc_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, \
                 ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)",
            )
            .map_err(sql_err(self.path))?;
        fn country(c: &str) -> &str {
            c.get(..3).unwrap_or("")
        }
        let mut added = 0u64;
        let mut key = String::new();
        for ev in events {
            let entries = if ev.entries.is_empty() { None } else { serde_json::to_string(&ev.entries).ok() };
            let (span_start, span_end) = match ev.span {
                Some(span) => (Some(span.start as i64), Some(span.end as i64)),
                None => (None, None),
            };
            let (file, line) = match &ev.file_line {
                Some((f, l)) => (Some(f.as_str()), Some(*l as i64)),
                None => (None, None),
            };
            let added_now = stmt
                .execute(params![
                    ev.dataset,
                    ev.dataset_id,
                    ymd(ev.event_date),
                    ev.date_precision,
                    date_str(ev.published),
                    self.now,
                    ev.source,
                    ev.target,
                    country(&ev.source),
                    country(&ev.target),
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
                ])
                .map_err(sql_err(self.path))?
                == 1;
            if !added_now {
                continue;
            }
            added += 1;
            // Imported events' actors as the dataset names them (our coder's actors are
            // the dictionary's, stored as such).
            if ev.dataset != "quidpro" {
                for (code, name) in [(&ev.source, &ev.source_name), (&ev.target, &ev.target_name)] {
                    if code.is_empty() {
                        continue;
                    }
                    key.clear();
                    key.push_str(code);
                    key.push('\x1f');
                    key.push_str(name.as_deref().unwrap_or(""));
                    key.push('\x1f');
                    key.push_str(&ev.dataset);
                    match self.actors.get_mut(key.as_str()) {
                        Some((first, last, n)) => {
                            *first = (*first).min(ev.event_date);
                            *last = (*last).max(ev.event_date);
                            *n += 1;
                        }
                        None => {
                            self.actors.insert(key.clone(), (ev.event_date, ev.event_date, 1));
                        }
                    }
                }
            }
        }
        Ok(added)
    }

    /// Drops the event table's secondary indexes (all but the `(dataset, dataset_id)` key
    /// that dedup needs) for the rest of the batch; [`Batch::commit`] builds them again
    /// before it commits. Building an index once, sorted, is far cheaper than updating it
    /// row by row, so a bulk import into a store smaller than itself uses this. The drop and
    /// the rebuild are part of the transaction: a killed batch leaves the indexes as they
    /// were.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn defer_indexes(&mut self) -> Result<()> {
        let found: Vec<(String, String)> = {
            let mut stmt = self
                .tx
                .prepare(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' \
                     AND sql IS NOT NULL ORDER BY name",
                )
                .map_err(self.e())?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.e())?;
            rows.collect::<std::result::Result<_, _>>().map_err(self.e())?
        };
        for (name, sql) in found {
            self.tx.execute_batch(&format!("DROP INDEX \"{name}\"")).map_err(self.e())?;
            self.deferred.push(sql);
        }
        Ok(())
    }

    /// Counts the events added in this batch into their clusters (same day, source,
    /// target and code), creating clusters as needed; set-based, once per batch. An
    /// event's cluster is the one with its day, source, target and code.
    fn cluster(&mut self) -> Result<()> {
        let before = self.before;
        self.tx
            .execute(
                "INSERT INTO clusters (event_date, source, target, code, n_events, goldstein, quad_class, directed) \
                 SELECT event_date, source, target, code, count(*), min(goldstein), min(quad_class), min(directed) \
                 FROM events WHERE id > ?1 \
                 GROUP BY event_date, source, target, code \
                 ON CONFLICT (event_date, source, target, code) DO UPDATE SET n_events = n_events + excluded.n_events",
                [before],
            )
            .map_err(self.e())?;
        // The new clusters enter the monthly aggregates.
        self.aggregate("id > ?1", self.clusters_before, 1)?;

        Ok(())
    }

    /// Writes the batch's imported actors to `actors`, in key order.
    fn write_actors(&mut self) -> Result<()> {
        let mut seen: Vec<_> = std::mem::take(&mut self.actors).into_iter().collect();
        seen.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO actors (code, name, origin, kind, country, first_event, last_event, events) \
                 VALUES (?1, ?2, ?3, 'dataset', substr(?1, 1, 3), ?4, ?5, ?6) \
                 ON CONFLICT (code, name, origin, valid_from) DO UPDATE SET \
                 first_event = min(first_event, excluded.first_event), last_event = max(last_event, excluded.last_event), \
                 events = events + excluded.events",
            )
            .map_err(sql_err(self.path))?;
        for (key, (first, last, n)) in seen {
            let mut parts = key.splitn(3, '\x1f');
            let (code, name, dataset) =
                (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            stmt.execute(params![code, name, dataset, ymd(first), ymd(last), n])
                .map_err(sql_err(self.path))?;
        }
        Ok(())
    }

    /// Replaces the dictionary's actors in `actors` (rows of origin `dictionary`), unless
    /// the store holds these very rows already (every ingest and import passes its
    /// dictionary; rewriting thirteen thousand unchanged rows each time cost more than a
    /// small import). Returns whether it wrote them.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn replace_dictionary_actors(&mut self, actors: &[DictionaryActor]) -> Result<bool> {
        // The rows as the table keeps them: keyed by (code, name, valid from), the first
        // of two with one key kept.
        let mut wanted: BTreeMap<(String, String, String), (String, String, String)> = BTreeMap::new();
        for a in actors {
            let from = a.valid_from.map(ymd).unwrap_or_default();
            wanted.entry((a.code.clone(), a.name.clone(), from)).or_insert_with(|| {
                (a.kind.clone(), a.valid_to.map(ymd).unwrap_or_default(), a.entry.clone())
            });
        }
        let stored: BTreeMap<(String, String, String), (String, String, String)> = {
            // Read in table order and compared as a map: an ORDER BY here makes SQLite sort
            // (and size a sorter for) rows that need none.
            let mut stmt = self
                .tx
                .prepare_cached(
                    "SELECT code, name, valid_from, kind, valid_to, coalesce(entry, '') FROM actors \
                     WHERE origin = 'dictionary'",
                )
                .map_err(self.e())?;
            let rows = stmt
                .query_map([], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), (r.get(3)?, r.get(4)?, r.get(5)?))))
                .map_err(self.e())?;
            rows.collect::<std::result::Result<_, _>>().map_err(self.e())?
        };
        let same = stored == wanted;
        if same {
            return Ok(false);
        }
        self.tx.execute("DELETE FROM actors WHERE origin = 'dictionary'", []).map_err(self.e())?;
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO actors (code, name, origin, kind, country, valid_from, valid_to, entry) \
                 VALUES (?1, ?2, 'dictionary', ?3, substr(?1, 1, 3), ?4, ?5, ?6)",
            )
            .map_err(sql_err(self.path))?;
        for ((code, name, from), (kind, to, entry)) in &wanted {
            stmt.execute(params![code, name, kind, from, to, entry]).map_err(sql_err(self.path))?;
        }
        Ok(true)
    }

    /// Adds (`sign` 1) or removes (`sign` −1) the clusters selected by `filter` (with
    /// parameter `?1` = `param`) to or from `dyad_months` and `month_totals`: summed here
    /// in one pass over them, then written in key order (SQL's GROUP BY over the same
    /// rows sorts them all; a hash of the few hundred thousand dyad-months is several
    /// times faster). Removing drops the rows left at zero.
    fn aggregate(&mut self, filter: &str, param: i64, sign: i64) -> Result<()> {
        let mut sums = MonthSums::default();
        {
            let mut stmt = self
                .tx
                .prepare_cached(&format!(
                    "SELECT source, target, event_date, goldstein, quad_class, directed FROM clusters WHERE {filter}"
                ))
                .map_err(self.e())?;
            let mut rows = stmt.query([param]).map_err(sql_err(self.path))?;
            while let Some(r) = rows.next().map_err(sql_err(self.path))? {
                let text = |i: usize| r.get_ref(i).and_then(|v| v.as_str().map_err(Into::into));
                let (source, target, date) = (
                    text(0).map_err(sql_err(self.path))?,
                    text(1).map_err(sql_err(self.path))?,
                    text(2).map_err(sql_err(self.path))?,
                );
                let goldstein: f64 = r.get(3).map_err(sql_err(self.path))?;
                let quad: i64 = r.get(4).map_err(sql_err(self.path))?;
                let directed: bool = r.get(5).map_err(sql_err(self.path))?;
                sums.add(source, target, date, goldstein, quad, directed);
            }
        }
        let mut up = self
            .tx
            .prepare_cached(
                "INSERT INTO dyad_months (source_country, target_country, month, clusters, goldstein_sum, q1, q2, q3, q4) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
                 ON CONFLICT (source_country, target_country, month) DO UPDATE SET clusters = clusters + excluded.clusters, \
                 goldstein_sum = goldstein_sum + excluded.goldstein_sum, q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, \
                 q3 = q3 + excluded.q3, q4 = q4 + excluded.q4",
            )
            .map_err(sql_err(self.path))?;
        for ((s, t, m), v) in sums.dyads() {
            let q = v.quad.map(|n| sign * n);
            up.execute(params![
                s,
                t,
                m,
                sign * v.clusters,
                sign as f64 * v.goldstein,
                q[0],
                q[1],
                q[2],
                q[3]
            ])
            .map_err(sql_err(self.path))?;
        }
        let mut up = self
            .tx
            .prepare_cached(
                "INSERT INTO month_totals (month, clusters) VALUES (?1, ?2) \
                 ON CONFLICT (month) DO UPDATE SET clusters = clusters + excluded.clusters",
            )
            .map_err(sql_err(self.path))?;
        for (m, n) in &sums.months {
            up.execute(params![m, sign * n]).map_err(sql_err(self.path))?;
        }
        if sign < 0 {
            self.tx
                .execute_batch("DELETE FROM dyad_months WHERE clusters <= 0; DELETE FROM month_totals WHERE clusters <= 0;")
                .map_err(self.e())?;
        }
        Ok(())
    }

    /// Adds a document, or finds it unchanged, or replaces an earlier version (removing
    /// its sentences and events).
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_document(&mut self, doc: &NewDocument, run: Option<i64>) -> Result<DocumentOutcome> {
        let hash = doc.content_hash();
        let found: Option<(i64, String)> = self
            .tx
            .query_row("SELECT id, content_hash FROM documents WHERE doc_key = ?1", [&doc.key], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(self.e())?;
        match found {
            Some((id, h)) if h == hash => Ok(DocumentOutcome::Unchanged(id)),
            Some((id, _)) => {
                self.remove_document_content(id)?;
                self.tx
                    .execute(
                        "UPDATE documents SET content_hash = ?2, kind = ?3, title = ?4, source = ?5, url = ?6, published = ?7, \
                         retrieved = ?8, text = ?9, run_id = ?10 WHERE id = ?1",
                        params![
                            id,
                            hash,
                            doc.kind,
                            doc.title,
                            doc.source,
                            doc.url,
                            date_str(doc.published),
                            self.now,
                            doc.text,
                            run
                        ],
                    )
                    .map_err(self.e())?;
                Ok(DocumentOutcome::Replaced(id))
            }
            None => {
                self.tx
                    .execute(
                        "INSERT INTO documents (doc_key, content_hash, kind, title, source, url, published, retrieved, text, run_id) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                        params![
                            doc.key,
                            hash,
                            doc.kind,
                            doc.title,
                            doc.source,
                            doc.url,
                            date_str(doc.published),
                            self.now,
                            doc.text,
                            run
                        ],
                    )
                    .map_err(self.e())?;
                Ok(DocumentOutcome::New(self.tx.last_insert_rowid()))
            }
        }
    }

    fn remove_document_content(&mut self, id: i64) -> Result<()> {
        self.tx
            .execute(
                "UPDATE clusters SET n_events = n_events - (SELECT count(*) FROM events e WHERE e.doc_id = ?1 \
                 AND e.event_date = clusters.event_date AND e.source = clusters.source AND e.target = clusters.target \
                 AND e.code = clusters.code) \
                 WHERE (event_date, source, target, code) IN (SELECT event_date, source, target, code FROM events WHERE doc_id = ?1)",
                [id],
            )
            .map_err(self.e())?;
        self.tx.execute("DELETE FROM events WHERE doc_id = ?1", [id]).map_err(self.e())?;
        self.tx.execute("DELETE FROM sentences WHERE doc_id = ?1", [id]).map_err(self.e())?;
        self.tx.execute("DELETE FROM citations WHERE doc_id = ?1", [id]).map_err(self.e())?;
        self.tx.execute("DELETE FROM citation_links WHERE doc_id = ?1", [id]).map_err(self.e())?;
        // Clusters left without events leave the monthly aggregates, then go.
        self.aggregate("n_events <= 0 AND ?1 = ?1", 0, -1)?;
        self.tx.execute("DELETE FROM clusters WHERE n_events <= 0", []).map_err(self.e())?;
        Ok(())
    }

    /// Adds a sentence of a document.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_sentence(&mut self, doc_id: i64, s: &NewSentence, text: &str) -> Result<()> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO sentences (doc_id, idx, span_start, span_end, text) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(self.e())?;
        stmt.execute(params![
            doc_id,
            s.index as i64,
            s.span.start as i64,
            s.span.end as i64,
            s.span.slice(text)
        ])
        .map_err(self.e())?;
        Ok(())
    }

    /// Links the batch's events to their clusters and commits.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if the commit fails; then nothing of the batch is stored.
    pub fn commit(mut self) -> Result<()> {
        for sql in std::mem::take(&mut self.deferred) {
            self.tx.execute_batch(&sql).map_err(self.e())?;
        }
        self.cluster()?;
        self.write_actors()?;
        let path = self.path;
        self.tx.commit().map_err(sql_err(path))
    }
}

/// A mention of an event in a source (GDELT 2.0 mentions).
#[derive(Clone, Debug, PartialEq)]
pub struct NewMention {
    /// Dataset (`gdelt2`).
    pub dataset: String,
    /// The dataset's event id.
    pub event_id: String,
    /// Event time as given.
    pub event_time: Option<String>,
    /// Mention time as given.
    pub mention_time: Option<String>,
    /// Mention type (1 web, 2 citation-only, ...).
    pub mention_type: Option<i64>,
    /// Source name.
    pub source_name: Option<String>,
    /// URL or identifier.
    pub url: String,
    /// Sentence number in the article.
    pub sentence: Option<i64>,
    /// Character offsets of actor 1, actor 2 and the action in the article (-1: none);
    /// with the event, URL and sentence they tell one mention from another.
    pub offsets: [Option<i64>; 3],
    /// Confidence (0–100).
    pub confidence: Option<i64>,
    /// Document tone.
    pub doc_tone: Option<f64>,
    /// File and line.
    pub file_line: Option<(String, u64)>,
}

impl Batch<'_> {
    /// Adds a mention unless stored already; returns whether it was added.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_mention(&mut self, m: &NewMention, run: Option<i64>) -> Result<bool> {
        let (file, line) = match &m.file_line {
            Some((f, l)) => (Some(f.as_str()), Some(*l as i64)),
            None => (None, None),
        };
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO mentions (dataset, event_id, event_time, mention_time, mention_type, source_name, url, \
                 sentence, confidence, doc_tone, file, line, run_id, actor1_offset, actor2_offset, action_offset) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )
            .map_err(sql_err(self.path))?;
        let n = stmt
            .execute(params![
                m.dataset,
                m.event_id,
                m.event_time,
                m.mention_time,
                m.mention_type,
                m.source_name,
                m.url,
                m.sentence,
                m.confidence,
                m.doc_tone,
                file,
                line,
                run,
                m.offsets[0],
                m.offsets[1],
                m.offsets[2],
            ])
            .map_err(sql_err(self.path))?;
        Ok(n == 1)
    }
}

/// A cited work of a document's footnote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewCitation {
    /// The footnote's label.
    pub footnote: String,
    /// The work's place in the footnote.
    pub index: usize,
    /// A "See also" work.
    pub secondary: bool,
    /// Title.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Access date.
    pub accessed: Option<NaiveDate>,
    /// The first URL.
    pub url: Option<String>,
    /// Where it stands in the document text.
    pub span: Span,
}

impl Batch<'_> {
    /// Adds a cited work of a document.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_citation(&mut self, doc_id: i64, c: &NewCitation) -> Result<()> {
        self.tx
            .execute(
                "INSERT OR REPLACE INTO citations (doc_id, footnote, idx, secondary, title, outlet, language, published, accessed, \
                 url, span_start, span_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    doc_id,
                    c.footnote,
                    c.index as i64,
                    c.secondary,
                    c.title,
                    c.outlet,
                    c.language,
                    date_str(c.published),
                    date_str(c.accessed),
                    c.url,
                    c.span.start as i64,
                    c.span.end as i64
                ],
            )
            .map_err(sql_err(self.path))?;
        Ok(())
    }

    /// Records that sentence `sentence` of a document carries the marker of `footnote`.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_citation_link(&mut self, doc_id: i64, sentence: usize, footnote: &str) -> Result<()> {
        self.tx
            .execute(
                "INSERT OR IGNORE INTO citation_links (doc_id, sentence, footnote) VALUES (?1, ?2, ?3)",
                params![doc_id, sentence as i64, footnote],
            )
            .map_err(sql_err(self.path))?;
        Ok(())
    }
}

impl Batch<'_> {
    /// Replaces the stored obligations register: `(id, title, record JSON, file, line)`.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn replace_instruments(&mut self, rows: &[(String, String, String, String, usize)]) -> Result<()> {
        self.tx.execute("DELETE FROM instruments", []).map_err(sql_err(self.path))?;
        for (id, title, record, file, line) in rows {
            self.tx
                .execute(
                    "INSERT INTO instruments (id, title, record, file, line) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, title, record, file, *line as i64],
                )
                .map_err(sql_err(self.path))?;
        }
        Ok(())
    }
}
