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
date, then id. The columns are the event schema's, in its order
([`quidpro_event::schema::COLUMNS`], the table in `docs/schema.md`): a `date` column is a
Parquet date32, `int32`/`int64`/`float64`/`bool` the Parquet types of those names,
`string` and `json` UTF-8 strings (`content` and `entries` as text of JSON: the object may
grow fields without changing the file's schema, and every reader, DuckDB's
`json_extract` or pandas' `json.loads`, parses it). Each file's key-value metadata
`quidpro.schema_version` holds [`quidpro_event::schema::SCHEMA_VERSION`].

CSV (`events.csv`) has the same columns in the same order (null as an empty field);
JSON lines (`events.jsonl`) the same keys, `content` and `entries` as JSON values (not
strings). Every export also writes `_schema.json` beside them: the schema's version and
columns (its `_` hides it from Spark and from [`import_parquet`]).

[`import_parquet`] reads files of this layout, and those of earlier quidpro versions
(before the event schema: `event_date` for `date`, `doc_key` for `story_id`, and no
`plover` or `cluster_id`, which are derived again; the columns of store version 12
absent read as `""` and nulls). The derived columns (`id`, `root`, `quad_class`,
`goldstein`, `plover`, `cluster_id`, `cluster_events`) are computed again from the
others; `retrieved` is kept (the time the event entered the store it was exported
from).

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

use quidpro_event::schema::{self, LogicalType};
use quidpro_store::Store;
use rusqlite::types::Value;

pub use convert::new_event_values;
pub use parquet_io::{
    import_parquet, record_batch, schema, ImportSummary, ROWS_PER_FILE, SCHEMA_VERSION_KEY,
};

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
    /// One CSV file, `events.csv`, with a header of the schema's column names.
    Csv,
    /// One JSON-lines file, `events.jsonl`, one object per event with the schema's columns as keys.
    Jsonl,
}

/// One event as exported: its values in the order of the event schema's columns
/// ([`quidpro_event::schema::COLUMNS`]), as the store's view `events` gives them.
pub type Values = Vec<Value>;

/// The view of every event with the schema's columns (`quidpro_store::schema`, version 13).
const SELECT: &str = "SELECT * FROM events";

fn bad_value(column: &str, message: &str) -> Error {
    Error::Format { path: "store".into(), message: format!("column {column}: {message}") }
}

/// Calls `f` for each event of the store in the date range (inclusive), by date, then id.
fn for_each_row(
    store: &Store,
    from: Option<&str>,
    to: Option<&str>,
    mut f: impl FnMut(Values) -> Result<()>,
) -> Result<()> {
    let sql =
        format!("{SELECT} WHERE (?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2) ORDER BY date, id");
    let conn = store.connection();
    let mut stmt = conn.prepare(&sql)?;
    let n = stmt.column_count();
    if n != schema::COLUMNS.len() {
        return Err(bad_value(
            "*",
            &format!("the view has {n} columns, the schema {}", schema::COLUMNS.len()),
        ));
    }
    let mut rows = stmt.query(rusqlite::params![from, to])?;
    while let Some(r) = rows.next()? {
        let mut values = Vec::with_capacity(n);
        for (k, c) in schema::COLUMNS.iter().enumerate() {
            let v: Value = r.get(k)?;
            if v == Value::Null && !c.nullable {
                return Err(bad_value(c.name, "null in a column that has a value for every event"));
            }
            values.push(v);
        }
        f(values)?;
    }
    Ok(())
}

/// An event's values as the JSON object of the export and of `quidpro events --format
/// jsonl`: the schema's columns as keys, in order; `json` columns as JSON values (text
/// that is no JSON stays a string), `bool` as `true`/`false`, dates as strings.
pub fn json_object(values: &[Value]) -> JsonRow {
    let mut map = Vec::with_capacity(values.len());
    for (c, v) in schema::COLUMNS.iter().zip(values) {
        let j = match (c.ty, v) {
            (_, Value::Null) => serde_json::Value::Null,
            (LogicalType::Bool, Value::Integer(i)) => serde_json::Value::Bool(*i != 0),
            (LogicalType::Json, Value::Text(t)) => {
                serde_json::from_str(t).unwrap_or_else(|_| serde_json::Value::String(t.clone()))
            }
            (LogicalType::Float64, Value::Integer(i)) => serde_json::json!(*i as f64),
            (_, Value::Integer(i)) => serde_json::json!(i),
            (_, Value::Real(x)) => serde_json::json!(x),
            (_, Value::Text(t)) => serde_json::Value::String(t.clone()),
            (_, Value::Blob(b)) => serde_json::Value::String(String::from_utf8_lossy(b).into_owned()),
        };
        map.push((c.name.to_string(), j));
    }
    JsonRow(map)
}

/// A JSON object whose keys keep their order (the schema's, or a query's columns) when
/// serialized.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonRow(pub Vec<(String, serde_json::Value)>);

impl JsonRow {
    /// The object as a [`serde_json::Value`] (whose keys are sorted).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::Value::Object(self.0.iter().cloned().collect())
    }
}

impl serde::Serialize for JsonRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// An event's values as a CSV record of the export and of `quidpro events --format csv`
/// (the header is [`quidpro_event::schema::names`]): null as an empty field, `bool` as
/// `true`/`false`, `json` as its text.
pub fn csv_record(values: &[Value]) -> Vec<String> {
    schema::COLUMNS
        .iter()
        .zip(values)
        .map(|(c, v)| match (c.ty, v) {
            (_, Value::Null) => String::new(),
            (LogicalType::Bool, Value::Integer(i)) => (*i != 0).to_string(),
            (LogicalType::Float64, Value::Integer(i)) => (*i as f64).to_string(),
            (_, Value::Integer(i)) => i.to_string(),
            (_, Value::Real(x)) => x.to_string(),
            (_, Value::Text(t)) => t.clone(),
            (_, Value::Blob(b)) => String::from_utf8_lossy(b).into_owned(),
        })
        .collect()
}

/// The `_schema.json` written beside an export: the schema's version and columns.
pub fn schema_json() -> serde_json::Value {
    serde_json::json!({
        "schema_version": schema::SCHEMA_VERSION,
        "columns": schema::COLUMNS.iter().map(|c| serde_json::json!({
            "name": c.name, "type": c.ty.name(), "nullable": c.nullable,
        })).collect::<Vec<_>>(),
    })
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
            w.write_record(schema::names()).map_err(csv_err)?;
            for_each_row(store, from, to, |r| {
                w.write_record(csv_record(&r)).map_err(csv_err)?;
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
                serde_json::to_writer(&mut w, &json_object(&r))
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
    // The schema's version and columns beside the export (replaced by each export).
    let path = dir.join("_schema.json");
    let file = output::AtomicFile::create(&path, true)?;
    {
        let mut w = BufWriter::new(file.writer()?);
        serde_json::to_writer_pretty(&mut w, &schema_json())
            .map_err(|e| Error::Io { path: path.display().to_string(), message: e.to_string() })?;
        w.write_all(b"\n").map_err(io_err(&path))?;
        w.flush().map_err(io_err(&path))?;
    }
    file.commit()?;
    progress(summary.events);
    Ok(summary)
}

pub(crate) use for_each_row as rows;
