/*!
The Python package `quidpro`: this crate is its extension module `quidpro._quidpro`, and
`python/quidpro/__init__.py` the thin wrapper users import.

Tables cross into Python as Arrow IPC streams (bytes) that the wrapper reads with
`pyarrow.ipc.open_stream`, so PyO3 and arrow-rs never have to agree on a version: the
event tables have the event schema's columns (`quidpro_event::schema`), as the Parquet
export writes them ([`quidpro_exchange::schema`], built by
[`quidpro_exchange::record_batch`]). The relations come back as the JSON the CLI prints
for `--format json` (`quidpro_report::tables`), so their numbers are the CLI's.

Errors are the exceptions `QuidproError` and its subclasses `InputError` (what makes the
CLI exit with code 1: a missing store, a bad story, an unreadable file) and `UsageError`
(code 2: a bad argument), with the CLI's messages (an argument is named by its Python
name: `since` for `--from`).

The crate builds in the workspace like any other (`cargo clippy --workspace`); it has no
Rust tests, as no test executable can link an extension module: `python/tests` (pytest)
test it through Python.
*/

mod args;
mod code;
mod store;

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

create_exception!(quidpro, QuidproError, PyException, "An error of quidpro.");
create_exception!(
    quidpro,
    InputError,
    QuidproError,
    "Bad input (the CLI's exit code 1): a missing store, a bad story, an unreadable file."
);
create_exception!(quidpro, UsageError, QuidproError, "A bad argument (the CLI's exit code 2).");

/// An [`InputError`] with `message`.
pub(crate) fn input(message: impl Into<String>) -> PyErr {
    InputError::new_err(message.into())
}

/// A [`UsageError`] with `message`.
pub(crate) fn usage(message: impl Into<String>) -> PyErr {
    UsageError::new_err(message.into())
}

/// An error with its causes, each said once, as the CLI prints it (`main.rs`'s
/// `message`): a cause whose words the message already holds is left out.
pub(crate) fn message(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = String::new();
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        let text = c.to_string();
        let last = text.rsplit(": ").next().unwrap_or(&text);
        if !(out.contains(&text) || (!last.is_empty() && out.contains(last))) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
        cause = c.source();
    }
    out
}

/// Rows of the event table as an Arrow IPC stream (one record batch per 65,536 rows; the
/// schema alone when there is no row).
pub(crate) fn ipc_stream<'py>(
    py: Python<'py>,
    rows: &[quidpro_exchange::Values],
) -> PyResult<Bound<'py, PyBytes>> {
    let fail = |e: &dyn std::fmt::Display| QuidproError::new_err(format!("arrow: {e}"));
    let schema = quidpro_exchange::schema();
    let mut w = arrow_ipc::writer::StreamWriter::try_new(Vec::new(), &schema).map_err(|e| fail(&e))?;
    for chunk in rows.chunks(1 << 16) {
        let batch = quidpro_exchange::record_batch(chunk).map_err(|e| fail(&e))?;
        w.write(&batch).map_err(|e| fail(&e))?;
    }
    w.finish().map_err(|e| fail(&e))?;
    let bytes = w.into_inner().map_err(|e| fail(&e))?;
    Ok(PyBytes::new(py, &bytes))
}

/// The findings of `quidpro lint --format json` for one file, as that JSON (`{"findings":
/// [...], "omitted": [...]}`, `omitted` only when a rule had more than `max_per_rule`
/// findings; 0: all).
#[pyfunction]
#[pyo3(signature = (path, max_per_rule = 100))]
fn lint_json(path: std::path::PathBuf, max_per_rule: usize) -> PyResult<String> {
    let name = path.display().to_string();
    let bytes = std::fs::read(&path).map_err(|e| input(format!("{name}: {e}")))?;
    let doc = quidpro_document::Document::parse(&bytes, quidpro_document::Format::from_path(&path));
    let cap = if max_per_rule == 0 { usize::MAX } else { max_per_rule };
    let linted = quidpro_document::lint::lint_capped(&doc, cap);
    let findings: Vec<serde_json::Value> = linted.findings.iter().map(|f| f.to_json(&doc, &name)).collect();
    let omitted: Vec<serde_json::Value> = linted
        .omitted
        .iter()
        .map(|(r, n)| serde_json::json!({"file": name, "rule": r.id(), "count": n}))
        .collect();
    let v = if omitted.is_empty() {
        serde_json::json!({ "findings": findings })
    } else {
        serde_json::json!({ "findings": findings, "omitted": omitted })
    };
    Ok(v.to_string())
}

/// The `_schema.json` an export writes beside its files (the schema's version and
/// columns), as its text.
#[pyfunction]
fn schema_json() -> PyResult<String> {
    serde_json::to_string_pretty(&quidpro_exchange::schema_json())
        .map(|t| t + "\n")
        .map_err(|e| QuidproError::new_err(e.to_string()))
}

/// The module `quidpro._quidpro`.
#[pymodule]
fn _quidpro(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("QuidproError", py.get_type::<QuidproError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("UsageError", py.get_type::<UsageError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("CODER_VERSION", quidpro_coder::VERSION)?;
    m.add("COLUMNS", quidpro_event::schema::names().collect::<Vec<_>>())?;
    m.add("SCHEMA_VERSION", quidpro_event::schema::SCHEMA_VERSION)?;
    m.add("ROWS_PER_FILE", quidpro_exchange::ROWS_PER_FILE)?;
    m.add_function(wrap_pyfunction!(code::code_ipc, m)?)?;
    m.add_function(wrap_pyfunction!(code::schema_ipc, m)?)?;
    m.add_function(wrap_pyfunction!(lint_json, m)?)?;
    m.add_function(wrap_pyfunction!(schema_json, m)?)?;
    m.add_class::<store::Store>()?;
    Ok(())
}
