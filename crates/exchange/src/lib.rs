/*!
Exchange formats of the event table.

# Brief overview

* [`export`] writes the events of a store (all, or those of an [`quidpro_store::EventQuery`]
  date range) as Parquet partitioned by year and month, as CSV, or as JSON lines.
* [`import_parquet`] reads such Parquet back into a store without loss: an event keeps
  its dataset and dataset id (so importing twice adds nothing), its dates, actors, code,
  modality, attribution and provenance.

# The Parquet layout (stable)

`DIR/year=YYYY/month=MM/part-NNNNN.parquet` (Hive-style partitions, which Spark, DuckDB's
`read_parquet(..., hive_partitioning = true)` and pandas/pyarrow read as they are), Snappy
compression, one file per month (a new part every [`ROWS_PER_FILE`] rows), rows sorted by
date. Columns ([`COLUMNS`]), in order:

| column | type | null | meaning |
|---|---|---|---|
| `id` | string | no | stable event id (16 hex digits) |
| `dataset` | string | no | `quidpro`, `gdelt2`, `icews`, ... |
| `dataset_id` | string | no | the dataset's own id |
| `event_date` | date32 | no | when it happened |
| `date_precision` | string | no | `day`, `week`, `month`, `quarter`, `season`, `year` |
| `published` | date32 | yes | when it was published |
| `retrieved` | string | no | when it entered the store (RFC 3339) |
| `source`, `target` | string | no | actor codes (may be empty) |
| `source_country`, `target_country` | string | no | the countries the dataset gave (GDELT's `Actor1CountryCode`, ...), else the codes' first block; empty for none |
| `code` | string | no | CAMEO code, a string (`"042"`) |
| `root` | string | no | its first two digits |
| `quad_class` | int32 | no | GDELT convention |
| `goldstein` | float64 | no | GDELT table |
| `directed` | boolean | no | `false` for undirected pairs (ACLED) |
| `modality` | string | no | `asserted`, `reported`, ... |
| `attribution` | string | no | who asserts it |
| `source_name`, `target_name` | string | yes | the dataset's actor texts |
| `doc_key` | string | yes | our document (story id) |
| `sentence`, `span_start`, `span_end` | int64 | yes | sentence index and byte span in it |
| `rule` | string | yes | our pattern |
| `entries` | string | yes | our dictionary entries, a JSON array |
| `text` | string | yes | the event's words |
| `file` | string | yes | imported from this file ... |
| `line` | int64 | yes | ... at this line |
| `url` | string | yes | source URL |
| `cluster_events` | int64 | yes | events in its cluster (same day, dyad, code); 1 for a coded event that is neither asserted nor reported (it joins no cluster) |
| `date_source` | string | no | where the date comes from: `text`, `story` or `document` (coded), `dataset` (imported), `""` (coded before schema version 12) |
| `content` | string | yes | what a coded demand, appeal, promise or threat asks for: the coder's `content` object as JSON text (`{"source", "target", "code", "root", "modality", "span", "text"}`); null for other events |
| `coder_version` | string | yes | the version of the coder that coded it |
| `dict_hash` | string | yes | the hash of the dictionaries that coded it (16 hex digits) |

`content` is a string of JSON rather than a struct column: the object may grow fields
without changing the file's schema, and every reader (DuckDB's `json_extract`, pandas'
`json.loads`) parses it. The last four columns were added with schema version 12;
[`import_parquet`] reads files without them (as `""` and nulls).

CSV (`events.csv`) has the same columns in the same order (null as an empty field);
JSON lines (`events.jsonl`) the same keys, `content` as a JSON object (not a string).

# Safe output

An export never writes through a symbolic link: not the folder's own, not an
`events.csv`, an `events.jsonl` or a `year=` partition in it, dangling or not. Each file
is written under a temporary name beside its final one and renamed over it, so a reader
never sees half of one. An existing export of the same format is replaced only when
forced (`quidpro export --force`). Otherwise the export is refused with
[`Error::Exists`]. A Parquet export is written into a hidden staging folder. When every
part is written, the old `year=` partitions move out and the new ones move in, so no
stale partition is left. A failed export leaves the old one as it was. [`import_parquet`]
skips hidden files and folders (names starting with `.` or `_`), as Spark does.
*/
#![deny(missing_docs)]

mod convert;
mod output;
mod parquet_io;

use std::io::{BufWriter, Write};
use std::path::Path;

use chrono::NaiveDate;
use quidpro_store::Store;

pub use parquet_io::{import_parquet, record_batch, schema, ImportSummary, COLUMNS, ROWS_PER_FILE};

/// An exchange error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] quidpro_store::Error),
    /// SQLite failed while reading the store.
    #[error("store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A file could not be written or read.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// The export would replace an earlier one and was not forced.
    #[error("{path}: already exists; an export replaces it only when forced (--force)")]
    Exists {
        /// The existing file or partition.
        path: String,
    },
    /// A Parquet file that is not an event table.
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// A result of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Parquet, partitioned by year and month.
    Parquet,
    /// One CSV file, `events.csv`, with a header of [`COLUMNS`].
    Csv,
    /// One JSON-lines file, `events.jsonl`, one object per event with [`COLUMNS`] as keys.
    Jsonl,
}

/// One row of the event table, as exported.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Stable id.
    pub id: String,
    /// Dataset.
    pub dataset: String,
    /// The dataset's own id.
    pub dataset_id: String,
    /// When it happened.
    pub event_date: NaiveDate,
    /// Date precision.
    pub date_precision: String,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// When stored.
    pub retrieved: String,
    /// Source code.
    pub source: String,
    /// Target code.
    pub target: String,
    /// Source country.
    pub source_country: String,
    /// Target country.
    pub target_country: String,
    /// CAMEO code.
    pub code: String,
    /// Root.
    pub root: String,
    /// Quad class.
    pub quad_class: i32,
    /// Goldstein.
    pub goldstein: f64,
    /// Directed pair.
    pub directed: bool,
    /// Modality.
    pub modality: String,
    /// Attribution.
    pub attribution: String,
    /// Dataset's source actor text.
    pub source_name: Option<String>,
    /// Dataset's target actor text.
    pub target_name: Option<String>,
    /// Our document key.
    pub doc_key: Option<String>,
    /// Sentence index.
    pub sentence: Option<i64>,
    /// Span start.
    pub span_start: Option<i64>,
    /// Span end.
    pub span_end: Option<i64>,
    /// Our pattern.
    pub rule: Option<String>,
    /// Our dictionary entries (JSON array).
    pub entries: Option<String>,
    /// The event's words.
    pub text: Option<String>,
    /// Imported from this file.
    pub file: Option<String>,
    /// At this line.
    pub line: Option<i64>,
    /// Source URL.
    pub url: Option<String>,
    /// Events in its cluster.
    pub cluster_events: Option<i64>,
    /// Where the date comes from.
    pub date_source: String,
    /// The content object, as JSON text.
    pub content: Option<String>,
    /// The coder's version.
    pub coder_version: Option<String>,
    /// The dictionaries' hash.
    pub dict_hash: Option<String>,
}

const SELECT: &str = "SELECT e.dataset, e.dataset_id, e.event_date, e.date_precision, e.published, e.retrieved, \
    e.source, e.target, e.source_country, e.target_country, e.code, e.root, e.quad_class, e.goldstein, e.directed, \
    e.modality, e.attribution, e.source_name, e.target_name, coalesce(d.doc_key, e.doc_key), e.sentence, e.span_start, \
    e.span_end, e.rule, e.entries, e.text, e.file, e.line, coalesce(e.url, d.url), coalesce(c.n_events, 1), \
    e.date_source, e.content, e.coder_version, e.dict_hash \
    FROM all_events e LEFT JOIN documents d ON d.id = e.doc_id LEFT JOIN clusters c ON c.id = e.cluster_id";

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

/// Calls `f` for each event of the store in the date range (inclusive), by date.
fn for_each_row(
    store: &Store,
    from: Option<&str>,
    to: Option<&str>,
    mut f: impl FnMut(Row) -> Result<()>,
) -> Result<()> {
    let sql = format!(
        "{SELECT} WHERE (?1 IS NULL OR e.event_date >= ?1) AND (?2 IS NULL OR e.event_date <= ?2) ORDER BY e.event_date, e.id"
    );
    let conn = store.connection();
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(rusqlite::params![from, to])?;
    while let Some(r) = rows.next()? {
        let dataset: String = r.get(0)?;
        let dataset_id: String = r.get(1)?;
        let event_date: String = r.get(2)?;
        let row = Row {
            id: quidpro_store::stable_id(&dataset, &dataset_id),
            event_date: NaiveDate::parse_from_str(&event_date, "%Y-%m-%d").map_err(|_| Error::Format {
                path: "store".into(),
                message: format!("bad event date {event_date:?}"),
            })?,
            dataset,
            dataset_id,
            date_precision: r.get(3)?,
            published: date(r.get(4)?),
            retrieved: r.get(5)?,
            source: r.get(6)?,
            target: r.get(7)?,
            source_country: r.get(8)?,
            target_country: r.get(9)?,
            code: r.get(10)?,
            root: r.get(11)?,
            quad_class: r.get(12)?,
            goldstein: r.get(13)?,
            directed: r.get(14)?,
            modality: r.get(15)?,
            attribution: r.get(16)?,
            source_name: r.get(17)?,
            target_name: r.get(18)?,
            doc_key: r.get(19)?,
            sentence: r.get(20)?,
            span_start: r.get(21)?,
            span_end: r.get(22)?,
            rule: r.get(23)?,
            entries: r.get(24)?,
            text: r.get(25)?,
            file: r.get(26)?,
            line: r.get(27)?,
            url: r.get(28)?,
            cluster_events: r.get(29)?,
            date_source: r.get::<_, Option<String>>(30)?.unwrap_or_default(),
            content: r.get(31)?,
            coder_version: r.get(32)?,
            dict_hash: r.get(33)?,
        };
        f(row)?;
    }
    Ok(())
}

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Events written.
    pub events: u64,
    /// Files written.
    pub files: Vec<String>,
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Io { path: path.display().to_string(), message: e.to_string() }
}

fn row_json(r: &Row) -> serde_json::Value {
    serde_json::json!({
        "id": r.id, "dataset": r.dataset, "dataset_id": r.dataset_id,
        "event_date": r.event_date.to_string(), "date_precision": r.date_precision,
        "published": r.published.map(|d| d.to_string()), "retrieved": r.retrieved,
        "source": r.source, "target": r.target, "source_country": r.source_country,
        "target_country": r.target_country, "code": r.code, "root": r.root, "quad_class": r.quad_class,
        "goldstein": r.goldstein, "directed": r.directed, "modality": r.modality, "attribution": r.attribution,
        "source_name": r.source_name, "target_name": r.target_name, "doc_key": r.doc_key,
        "sentence": r.sentence, "span_start": r.span_start, "span_end": r.span_end, "rule": r.rule,
        "entries": r.entries, "text": r.text, "file": r.file, "line": r.line, "url": r.url,
        "cluster_events": r.cluster_events, "date_source": r.date_source,
        "content": r.content.as_deref().and_then(|c| serde_json::from_str::<serde_json::Value>(c).ok()),
        "coder_version": r.coder_version, "dict_hash": r.dict_hash,
    })
}

fn row_csv(r: &Row) -> Vec<String> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let n = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
    vec![
        r.id.clone(),
        r.dataset.clone(),
        r.dataset_id.clone(),
        r.event_date.to_string(),
        r.date_precision.clone(),
        r.published.map(|d| d.to_string()).unwrap_or_default(),
        r.retrieved.clone(),
        r.source.clone(),
        r.target.clone(),
        r.source_country.clone(),
        r.target_country.clone(),
        r.code.clone(),
        r.root.clone(),
        r.quad_class.to_string(),
        r.goldstein.to_string(),
        r.directed.to_string(),
        r.modality.clone(),
        r.attribution.clone(),
        o(&r.source_name),
        o(&r.target_name),
        o(&r.doc_key),
        n(r.sentence),
        n(r.span_start),
        n(r.span_end),
        o(&r.rule),
        o(&r.entries),
        o(&r.text),
        o(&r.file),
        n(r.line),
        o(&r.url),
        n(r.cluster_events),
        r.date_source.clone(),
        o(&r.content),
        o(&r.coder_version),
        o(&r.dict_hash),
    ]
}

/// Writes the store's events (optionally only those from `from` to `to`, `YYYY-MM-DD`)
/// to `dir` in `format`; `progress` is called with the number of events written. An
/// earlier export of the same format in `dir` is replaced only when `force` (see the
/// crate's "Safe output").
///
/// # Errors
/// [`Error::Io`] when a file cannot be written or a path is a symbolic link,
/// [`Error::Exists`] when an earlier export is there and `force` is not given,
/// [`Error::Sqlite`] when the store fails. On an error, the files of an earlier export
/// are left as they were.
pub fn export(
    store: &Store,
    format: Format,
    dir: &Path,
    force: bool,
    from: Option<&str>,
    to: Option<&str>,
    progress: &mut dyn FnMut(u64),
) -> Result<ExportSummary> {
    output::prepare_dir(dir)?;
    let mut summary = ExportSummary::default();
    match format {
        Format::Parquet => {
            let staging = output::Staging::create(dir, force)?;
            parquet_io::export_parquet(store, staging.path(), from, to, &mut summary, progress)?;
            staging.publish(&mut summary.files)?;
        }
        Format::Csv => {
            let path = dir.join("events.csv");
            let file = output::AtomicFile::create(&path, force)?;
            let mut w = csv::Writer::from_writer(BufWriter::new(file.writer()?));
            let csv_err =
                |e: csv::Error| Error::Io { path: path.display().to_string(), message: e.to_string() };
            w.write_record(COLUMNS).map_err(csv_err)?;
            for_each_row(store, from, to, |r| {
                w.write_record(row_csv(&r)).map_err(csv_err)?;
                summary.events += 1;
                if summary.events % 100_000 == 0 {
                    progress(summary.events);
                }
                Ok(())
            })?;
            w.flush().map_err(io_err(&path))?;
            drop(w);
            file.commit()?;
            summary.files.push(path.display().to_string());
        }
        Format::Jsonl => {
            let path = dir.join("events.jsonl");
            let file = output::AtomicFile::create(&path, force)?;
            let mut w = BufWriter::new(file.writer()?);
            for_each_row(store, from, to, |r| {
                serde_json::to_writer(&mut w, &row_json(&r))
                    .map_err(|e| Error::Io { path: path.display().to_string(), message: e.to_string() })?;
                w.write_all(b"\n").map_err(io_err(&path))?;
                summary.events += 1;
                if summary.events % 100_000 == 0 {
                    progress(summary.events);
                }
                Ok(())
            })?;
            w.flush().map_err(io_err(&path))?;
            drop(w);
            file.commit()?;
            summary.files.push(path.display().to_string());
        }
    }
    progress(summary.events);
    Ok(summary)
}

pub(crate) use for_each_row as rows;
