//! `quidpro.code`: stories coded into the event table.

use std::path::PathBuf;
use std::sync::OnceLock;

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use quidpro_coder::{Coder, CoderBuilder};
use quidpro_dict::Dictionary;
use quidpro_import::ingest::{stored_event, CodedBy};
use quidpro_text::Story;

use crate::input;

/// The coder of the shipped dictionaries, built once per process (a Spark worker codes
/// batch after batch with it).
fn shipped(include_negated: bool) -> PyResult<&'static Coder> {
    static PLAIN: OnceLock<Coder> = OnceLock::new();
    static NEGATED: OnceLock<Coder> = OnceLock::new();
    let cell = if include_negated { &NEGATED } else { &PLAIN };
    if let Some(c) = cell.get() {
        return Ok(c);
    }
    let (dict, errors) = Dictionary::embedded();
    if !errors.is_empty() {
        return Err(input(format!(
            "{} error(s) in shipped dictionaries; see `quidpro dict check`",
            errors.len()
        )));
    }
    Ok(cell.get_or_init(|| CoderBuilder::new().include_negated(include_negated).build(dict)))
}

/// A coder of the dictionary folders `dirs` (merged in order), as `--dict` loads them.
fn of_folders(dirs: &[PathBuf], include_negated: bool) -> PyResult<Coder> {
    let loaded = Dictionary::load_folders(dirs);
    if !loaded.errors.is_empty() {
        let mut text: Vec<String> = loaded.errors.iter().map(|e| e.to_string()).collect();
        let origin = dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ");
        text.push(format!("{} error(s) in {origin}; see `quidpro dict check`", loaded.errors.len()));
        return Err(input(text.join("\n")));
    }
    Ok(CoderBuilder::new().include_negated(include_negated).build(loaded.dict))
}

/// Codes `stories`, each one JSON object of the story format (`id`, `date`, `text`,
/// optionally `source` and `url`; `quidpro_text::Story::from_json`), item `k` named
/// `origin:N` in errors as a line of a file, `N` being `lines[k]` (default `k + 1`). Returns the events as an Arrow IPC stream
/// of the export's columns, `retrieved` being now and `cluster_events` counted among these
/// events. A bad story raises `InputError` with
/// every bad item's message (one per line), and nothing is coded.
#[pyfunction]
#[pyo3(signature = (stories, origin = "texts".to_string(), include_negated = false, dict = Vec::new(), lines = None))]
pub(crate) fn code_ipc<'py>(
    py: Python<'py>,
    stories: Vec<String>,
    origin: String,
    include_negated: bool,
    dict: Vec<PathBuf>,
    lines: Option<Vec<u64>>,
) -> PyResult<Bound<'py, PyBytes>> {
    if let Some(l) = &lines {
        if l.len() != stories.len() {
            return Err(crate::usage(format!(
                "lines: {} line numbers for {} stories",
                l.len(),
                stories.len()
            )));
        }
    }
    let mut parsed: Vec<Story> = Vec::with_capacity(stories.len());
    let mut bad: Vec<String> = Vec::new();
    for (k, s) in stories.iter().enumerate() {
        match Story::from_json(s) {
            Ok(story) => parsed.push(story),
            Err(message) => {
                let line = lines.as_ref().map_or(k as u64 + 1, |l| l[k]);
                bad.push(format!("{origin}:{line}: {message}"))
            }
        }
    }
    if !bad.is_empty() {
        return Err(input(bad.join("\n")));
    }
    let built;
    let coder = if dict.is_empty() {
        shipped(include_negated)?
    } else {
        built = of_folders(&dict, include_negated)?;
        &built
    };
    let by = CodedBy::of(coder);
    let retrieved = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut rows = Vec::new();
    for story in &parsed {
        for e in coder.code_to_vec(story) {
            // No store: no document row (0) and no cluster.
            let ev = stored_event(&e, story, 0, &by);
            rows.push(quidpro_exchange::new_event_values(&ev, &retrieved));
        }
    }
    count_clusters(&mut rows);
    crate::ipc_stream(py, &rows)
}

/// Sets each clustered event's `cluster_events` to the number of events of its cluster
/// among `rows`: what a store holding just these stories would say.
fn count_clusters(rows: &mut [quidpro_exchange::Values]) {
    use rusqlite::types::Value;
    let at = |name: &str| quidpro_event::schema::COLUMNS.iter().position(|c| c.name == name);
    let (Some(id), Some(size)) = (at("cluster_id"), at("cluster_events")) else { return };
    let mut counts: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    for r in rows.iter() {
        if let Value::Text(c) = &r[id] {
            *counts.entry(c.clone()).or_default() += 1;
        }
    }
    for r in rows.iter_mut() {
        if let Value::Text(c) = &r[id] {
            r[size] = Value::Integer(counts[c]);
        }
    }
}

/// The event table's schema alone, as an Arrow IPC stream of no rows.
#[pyfunction]
pub(crate) fn schema_ipc(py: Python<'_>) -> PyResult<Bound<'_, PyBytes>> {
    crate::ipc_stream(py, &[])
}
