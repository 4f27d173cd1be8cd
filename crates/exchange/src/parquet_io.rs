//! Parquet out (partitioned by year and month) and back in.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, Float64Array, Int32Array, Int64Array, RecordBatch,
    StringArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use chrono::{Datelike, NaiveDate};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use quidpro_event::schema::{LogicalType, COLUMNS, SCHEMA_VERSION};
use quidpro_event::Span;
use quidpro_store::{NewEvent, RunStats, Store};
use rusqlite::types::Value;

use crate::{Error, ExportSummary, Result, Values};

/// The key of the Parquet files' key-value metadata that holds the event schema's version.
pub const SCHEMA_VERSION_KEY: &str = "quidpro.schema_version";

/// Rows per Parquet file before a new part starts.
pub const ROWS_PER_FILE: usize = 1_000_000;
const ROWS_PER_BATCH: usize = 65_536;

/// The Arrow type of a logical type of the event schema.
fn arrow_type(ty: LogicalType) -> DataType {
    match ty {
        LogicalType::String | LogicalType::Json => DataType::Utf8,
        LogicalType::Date => DataType::Date32,
        LogicalType::Int32 => DataType::Int32,
        LogicalType::Int64 => DataType::Int64,
        LogicalType::Float64 => DataType::Float64,
        LogicalType::Bool => DataType::Boolean,
    }
}

/// The Arrow schema of the event schema's columns: what the Parquet export writes, for
/// other writers (the Python package's Arrow IPC streams).
pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(
        COLUMNS.iter().map(|c| Field::new(c.name, arrow_type(c.ty), c.nullable)).collect::<Vec<_>>(),
    ))
}

const EPOCH: i32 = 719_163; // days from 0001-01-01 (CE day 1) to 1970-01-01

fn days(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - EPOCH
}

fn from_days(n: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(n + EPOCH)
}

fn date_days(column: &str, v: &Value) -> Result<Option<i32>> {
    match v {
        Value::Null => Ok(None),
        Value::Text(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d").map(|d| Some(days(d))).map_err(|_| {
            Error::Format { path: "store".into(), message: format!("column {column}: bad date {t:?}") }
        }),
        other => Err(Error::Format {
            path: "store".into(),
            message: format!("column {column}: not a date: {other:?}"),
        }),
    }
}

fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Integer(i) => Some(*i),
        Value::Real(x) => Some(*x as i64),
        Value::Text(t) => t.parse().ok(),
        _ => None,
    }
}

/// The events' values as one Arrow record batch of [`schema`], as the export writes them.
///
/// # Errors
/// [`Error::Format`] for a value that is not of its column's type (a date that is not
/// `YYYY-MM-DD`, a null in a column that has a value for every event).
pub fn record_batch(rows: &[Values]) -> Result<RecordBatch> {
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(COLUMNS.len());
    for (k, c) in COLUMNS.iter().enumerate() {
        let array: ArrayRef = match c.ty {
            LogicalType::String | LogicalType::Json => {
                let mut b = StringBuilder::new();
                for r in rows {
                    match &r[k] {
                        Value::Null => b.append_null(),
                        Value::Text(t) => b.append_value(t),
                        Value::Integer(i) => b.append_value(i.to_string()),
                        Value::Real(x) => b.append_value(x.to_string()),
                        Value::Blob(x) => b.append_value(String::from_utf8_lossy(x)),
                    }
                }
                Arc::new(b.finish())
            }
            LogicalType::Date => {
                let mut b = Date32Builder::new();
                for r in rows {
                    b.append_option(date_days(c.name, &r[k])?);
                }
                Arc::new(b.finish())
            }
            LogicalType::Int32 => {
                let mut b = Int32Builder::new();
                for r in rows {
                    b.append_option(int(&r[k]).map(|v| v as i32));
                }
                Arc::new(b.finish())
            }
            LogicalType::Int64 => {
                let mut b = Int64Builder::new();
                for r in rows {
                    b.append_option(int(&r[k]));
                }
                Arc::new(b.finish())
            }
            LogicalType::Float64 => {
                let mut b = Float64Builder::new();
                for r in rows {
                    b.append_option(match &r[k] {
                        Value::Real(x) => Some(*x),
                        Value::Integer(i) => Some(*i as f64),
                        _ => None,
                    });
                }
                Arc::new(b.finish())
            }
            LogicalType::Bool => {
                let mut b = BooleanBuilder::new();
                for r in rows {
                    b.append_option(int(&r[k]).map(|v| v != 0));
                }
                Arc::new(b.finish())
            }
        };
        columns.push(array);
    }
    RecordBatch::try_new(schema(), columns)
        .map_err(|e| Error::Format { path: "batch".into(), message: e.to_string() })
}

struct PartWriter {
    key: (i32, u32),
    part: usize,
    rows_in_file: usize,
    writer: ArrowWriter<File>,
    path: PathBuf,
}

fn open_part(dir: &Path, key: (i32, u32), part: usize) -> Result<PartWriter> {
    let folder = dir.join(format!("year={}", key.0)).join(format!("month={:02}", key.1));
    std::fs::create_dir_all(&folder).map_err(crate::io_err(&folder))?;
    let path = folder.join(format!("part-{part:05}.parquet"));
    // The folder is the export's fresh staging folder; `create_new` never follows a link.
    let f =
        std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(crate::io_err(&path))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_key_value_metadata(Some(vec![KeyValue::new(
            SCHEMA_VERSION_KEY.to_string(),
            SCHEMA_VERSION.to_string(),
        )]))
        .build();
    let writer = ArrowWriter::try_new(f, schema(), Some(props))
        .map_err(|e| Error::Io { path: path.display().to_string(), message: e.to_string() })?;
    Ok(PartWriter { key, part, rows_in_file: 0, writer, path })
}

pub(crate) fn export_parquet(
    store: &Store,
    dir: &Path,
    from: Option<&str>,
    to: Option<&str>,
    summary: &mut ExportSummary,
    progress: &mut dyn FnMut(u64),
) -> Result<()> {
    let mut current: Option<PartWriter> = None;
    let mut pending: Vec<Values> = Vec::with_capacity(ROWS_PER_BATCH);
    let flush = |w: &mut PartWriter, pending: &mut Vec<Values>| -> Result<()> {
        if pending.is_empty() {
            return Ok(());
        }
        let b = record_batch(pending)?;
        w.writer
            .write(&b)
            .map_err(|e| Error::Io { path: w.path.display().to_string(), message: e.to_string() })?;
        w.rows_in_file += pending.len();
        pending.clear();
        Ok(())
    };
    let close = |w: PartWriter, summary: &mut ExportSummary| -> Result<()> {
        let path = w.path.display().to_string();
        let f =
            w.writer.into_inner().map_err(|e| Error::Io { path: path.clone(), message: e.to_string() })?;
        crate::output::sync_file(&f, &w.path)?;
        summary.files.push(path);
        Ok(())
    };
    let date_at = COLUMNS.iter().position(|c| c.name == "date").expect("the schema has a date");
    crate::rows(store, from, to, |r| {
        let day = date_days("date", &r[date_at])?
            .and_then(from_days)
            .ok_or_else(|| Error::Format { path: "store".into(), message: "column date: no date".into() })?;
        let key = (day.year(), day.month());
        let switch = match &current {
            Some(w) => w.key != key || w.rows_in_file + pending.len() >= ROWS_PER_FILE,
            None => true,
        };
        if switch {
            let next_part = match &current {
                Some(w) if w.key == key => w.part + 1,
                _ => 0,
            };
            if let Some(mut w) = current.take() {
                flush(&mut w, &mut pending)?;
                close(w, summary)?;
            }
            current = Some(open_part(dir, key, next_part)?);
        }
        pending.push(r);
        summary.events += 1;
        if pending.len() >= ROWS_PER_BATCH {
            if let Some(w) = current.as_mut() {
                flush(w, &mut pending)?;
            }
            progress(summary.events);
        }
        Ok(())
    })?;
    if let Some(mut w) = current.take() {
        flush(&mut w, &mut pending)?;
        close(w, summary)?;
    }
    Ok(())
}

/// What a Parquet import did.
#[derive(Clone, Debug, Default)]
pub struct ImportSummary {
    /// Files read.
    pub files: usize,
    /// Counts.
    pub stats: RunStats,
}

fn parquet_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(crate::io_err(path))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        // Hidden files and folders (an export's staging folder, a temporary file) are no
        // part of the export, as for Spark.
        entries.retain(|p| p.file_name().is_none_or(|n| !n.to_string_lossy().starts_with(['.', '_'])));
        for p in entries {
            parquet_files(&p, out)?;
        }
    } else if path.extension().is_some_and(|e| e == "parquet") {
        out.push(path.to_path_buf());
    }
    Ok(())
}

fn column<'a, T: 'static>(b: &'a RecordBatch, name: &str, path: &Path) -> Result<&'a T> {
    b.column_by_name(name).and_then(|c| c.as_any().downcast_ref::<T>()).ok_or_else(|| Error::Format {
        path: path.display().to_string(),
        message: format!("no column {name:?} of the event table's type"),
    })
}

/// Reads Parquet files written by [`crate::export`] (a file, or a folder searched for
/// `*.parquet`) into the store. Events already stored (same dataset and dataset id) are
/// counted as duplicates. Each file is one transaction.
///
/// # Errors
/// [`Error::Format`] for a file that is not an event table, [`Error::Io`], [`Error::Store`].
pub fn import_parquet(
    store: &mut Store,
    path: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportSummary> {
    let mut files = Vec::new();
    parquet_files(path, &mut files)?;
    if files.is_empty() {
        return Err(Error::Io { path: path.display().to_string(), message: "no .parquet files".into() });
    }
    let mut summary = ImportSummary { files: files.len(), ..Default::default() };
    let run = {
        let mut b = store.batch()?;
        let run = b.begin_run("parquet", &path.display().to_string())?;
        b.commit()?;
        run
    };
    for file in &files {
        let f = File::open(file).map_err(crate::io_err(file))?;
        let fmt = |e: parquet::errors::ParquetError| Error::Format {
            path: file.display().to_string(),
            message: e.to_string(),
        };
        let reader = ParquetRecordBatchReaderBuilder::try_new(f)
            .map_err(fmt)?
            .with_batch_size(ROWS_PER_BATCH)
            .build()
            .map_err(fmt)?;
        let mut tx = store.batch()?;
        for b in reader {
            let b =
                b.map_err(|e| Error::Format { path: file.display().to_string(), message: e.to_string() })?;
            let s = |n: &str| column::<StringArray>(&b, n, file);
            let i64s = |n: &str| column::<Int64Array>(&b, n, file);
            let (dataset, dataset_id, precision, source, target, code) = (
                s("dataset")?,
                s("dataset_id")?,
                s("date_precision")?,
                s("source")?,
                s("target")?,
                s("code")?,
            );
            // Files of quidpro before the event schema name two columns otherwise.
            let renamed = |now: &'static str, before: &'static str| {
                if b.column_by_name(now).is_some() {
                    now
                } else {
                    before
                }
            };
            let (modality, attribution, source_name, target_name, doc_key) = (
                s("modality")?,
                s("attribution")?,
                s("source_name")?,
                s("target_name")?,
                s(renamed("story_id", "doc_key"))?,
            );
            let (rule, entries, text, file_col, url) =
                (s("rule")?, s("entries")?, s("text")?, s("file")?, s("url")?);
            // Columns added with schema version 12: absent from older files.
            let optional = |n: &str| -> Result<Option<&StringArray>> {
                match b.column_by_name(n) {
                    None => Ok(None),
                    Some(_) => column::<StringArray>(&b, n, file).map(Some),
                }
            };
            let (source_country, target_country) = (optional("source_country")?, optional("target_country")?);
            // When the events entered the exporting store: kept.
            let retrieved = optional("retrieved")?;
            let (date_source, content, coder_version, dict_hash) = (
                optional("date_source")?,
                optional("content")?,
                optional("coder_version")?,
                optional("dict_hash")?,
            );
            let (sentence, span_start, span_end, line) =
                (i64s("sentence")?, i64s("span_start")?, i64s("span_end")?, i64s("line")?);
            let event_date = column::<Date32Array>(&b, renamed("date", "event_date"), file)?;
            let published = column::<Date32Array>(&b, "published", file)?;
            let directed = column::<BooleanArray>(&b, "directed", file)?;
            // Checked for the schema; derived again from the code on import.
            column::<Int32Array>(&b, "quad_class", file)?;
            column::<Float64Array>(&b, "goldstein", file)?;
            let os = |a: &StringArray, k: usize| (!a.is_null(k)).then(|| a.value(k).to_string());
            let oi = |a: &Int64Array, k: usize| (!a.is_null(k)).then(|| a.value(k));
            for k in 0..b.num_rows() {
                summary.stats.read += 1;
                let Some(date) = from_days(event_date.value(k)) else {
                    *summary.stats.skipped.entry("bad date".into()).or_default() += 1;
                    continue;
                };
                let mut ev = match NewEvent::new(
                    dataset.value(k),
                    dataset_id.value(k),
                    &date.to_string(),
                    source.value(k),
                    target.value(k),
                    code.value(k),
                ) {
                    Ok(ev) => ev,
                    Err(e) => {
                        *summary.stats.skipped.entry(e.to_string()).or_default() += 1;
                        continue;
                    }
                };
                ev.date_precision = precision.value(k).to_string();
                ev.published = (!published.is_null(k)).then(|| from_days(published.value(k))).flatten();
                ev.directed = directed.value(k);
                ev.modality = modality.value(k).to_string();
                ev.attribution = attribution.value(k).to_string();
                ev.source_name = os(source_name, k);
                ev.target_name = os(target_name, k);
                ev.doc_key = os(doc_key, k);
                ev.sentence = oi(sentence, k).map(|v| v as usize);
                if let (Some(a), Some(z)) = (oi(span_start, k), oi(span_end, k)) {
                    ev.span = Some(Span::new(a as usize, z as usize));
                }
                ev.rule = os(rule, k);
                ev.entries = os(entries, k).and_then(|e| serde_json::from_str(&e).ok()).unwrap_or_default();
                ev.text = os(text, k);
                ev.file_line = os(file_col, k).map(|f| (f, oi(line, k).unwrap_or(0) as u64));
                ev.url = os(url, k);
                ev.date_source = date_source.and_then(|a| os(a, k)).unwrap_or_default();
                ev.content = content.and_then(|a| os(a, k));
                ev.coder_version = coder_version.and_then(|a| os(a, k));
                ev.dict_hash = dict_hash.and_then(|a| os(a, k));
                ev.retrieved = retrieved.and_then(|a| os(a, k)).filter(|t| !t.is_empty());
                // The countries as exported (a dataset's own, not always the codes' first
                // letters).
                ev.source_country = source_country.and_then(|a| os(a, k));
                ev.target_country = target_country.and_then(|a| os(a, k));
                if tx.add_event(&ev, Some(run))? {
                    summary.stats.stored += 1;
                } else {
                    summary.stats.duplicates += 1;
                }
            }
            progress(summary.stats.read);
        }
        tx.commit()?;
    }
    let mut b = store.batch()?;
    b.finish_run(run, &summary.stats)?;
    b.commit()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date32_round_trip() {
        for d in ["1970-01-01", "2024-02-29", "1999-12-31", "2100-01-01"] {
            let d = NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
            assert_eq!(from_days(days(d)), Some(d));
        }
        assert_eq!(days(NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()), 1);
    }
}
