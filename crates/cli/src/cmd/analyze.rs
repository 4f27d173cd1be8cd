//! `quidpro analyze FILE`: the report of one analytic document (see
//! [`quidpro_report::document`]): the actors it names, its events with who asserts them
//! and how, the citations behind each, the alternative explanations it weighs, and its
//! citations with the linter's findings.
//!
//! Formats: `md` (default), `table` (plain text for a terminal; `text` is an old name), `json` (stable; documented in
//! `quidpro_report::document`), `html` (a self-contained page; only `http` and `https`
//! URLs are links). Exit codes: 0 when the report is written (findings of
//! the linter are part of the report, not a failure), 1 when the document states no date
//! and none is given, 2 when the file cannot be read or on bad usage.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;
use clap::ValueEnum;
use quidpro_coder::CoderBuilder;
use quidpro_document::Document;

use crate::Failure;

/// Output formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Markdown.
    Md,
    /// Plain text for a terminal.
    #[value(alias = "text")]
    Table,
    /// JSON (stable).
    Json,
    /// A self-contained HTML page.
    Html,
}

/// Arguments of `quidpro analyze`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The document (`.txt`, `.md`, `.html`).
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value = "md")]
    format: Format,
    /// The date of the document's events when it states none (YYYY-MM-DD).
    #[arg(long)]
    date: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Dictionary folder, ours or the field's (TABARI, PETRARCH2); repeat to
    /// merge them in order (default: `$QUIDPRO_DICT`, folders separated by `:`, else the
    /// shipped dictionaries).
    #[arg(long, value_name = "DIR")]
    dict: Vec<PathBuf>,
}

/// Runs `quidpro analyze`.
pub fn run(args: Args) -> Result<ExitCode, Failure> {
    let date = match &args.date {
        Some(d) => Some(
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| Failure::Usage(anyhow!("--date must be YYYY-MM-DD, got {d:?}")))?,
        ),
        None => None,
    };
    let name = args.file.display().to_string();
    let doc = Document::read_path(&args.file).map_err(|e| Failure::Usage(anyhow!("{name}: {e}")))?;
    let dict = super::load_dictionary(&args.dict)?;
    // Negated, refused and denied claims are part of the reading, with their modality.
    let coder = CoderBuilder::new().include_negated(true).build(dict);
    let report = quidpro_report::document::analyze_document(&coder, &name, &doc, date)
        .map_err(|e| Failure::Input(anyhow!(e)))?;
    let text = match args.format {
        Format::Md => report.markdown(),
        Format::Table => report.text(),
        Format::Html => report.html(),
        // Serialized straight from the report: no JSON tree of a large document in memory.
        Format::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
    };
    super::write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
