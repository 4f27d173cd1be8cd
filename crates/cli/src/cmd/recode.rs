//! `quidpro recode [--dict DIR]`: code every stored story and document again with the
//! current dictionaries, in place and in one transaction, and report what changed.
//!
//! Formats: `table` (the totals, then a line per CAMEO code with any change: code,
//! added, removed, changed) and `json` (`quidpro_import::recode::RecodeSummary`:
//! `documents`, `skipped`, `before`, `after`, `added`, `removed`, `changed`,
//! `unchanged`, `coder_version`, `dict_hash`, `by_code` as `[{code, added, removed,
//! changed}]`).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use quidpro_coder::CoderBuilder;
use quidpro_import::recode::RecodeSummary;

use crate::Failure;

/// Output formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Aligned columns.
    Table,
    /// JSON.
    Json,
}

/// Arguments of `quidpro recode`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Dictionary folder, ours or the field's; repeat to merge them in order (default:
    /// `$QUIDPRO_DICT`, else the shipped dictionaries).
    #[arg(long, value_name = "DIR")]
    dict: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value = "table")]
    format: Format,
}

/// The table of a recode.
pub fn render(s: &RecodeSummary) -> String {
    let mut out = format!(
        "{} documents recoded with coder {} and dictionaries {}{}: {} events before, {} after; \
         {} added, {} removed, {} changed, {} unchanged\n",
        s.documents,
        s.coder_version,
        s.dict_hash,
        if s.skipped > 0 { format!(" ({} without a date skipped)", s.skipped) } else { String::new() },
        s.before,
        s.after,
        s.added,
        s.removed,
        s.changed,
        s.unchanged
    );
    if !s.by_code.is_empty() {
        out.push_str(&format!("{:<5} {:>7} {:>7} {:>7}\n", "code", "added", "removed", "changed"));
        for c in &s.by_code {
            out.push_str(&format!("{:<5} {:>7} {:>7} {:>7}\n", c.code, c.added, c.removed, c.changed));
        }
    }
    out
}

/// Runs `quidpro recode`.
pub fn run(args: Args, store_path: &Path) -> Result<ExitCode, Failure> {
    let dict = super::load_dictionary(&args.dict)?;
    let mut store = super::open_existing_store_rw(store_path)?;
    // As `ingest`: every modality is stored.
    let coder = CoderBuilder::new().include_negated(true).build(dict);
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new_spinner()
    } else {
        indicatif::ProgressBar::hidden()
    };
    let s = quidpro_import::recode::recode(&mut store, &coder, &mut |n| {
        bar.set_message(format!("{n} documents"))
    })
    .map_err(|e| Failure::Input(e.into()))?;
    bar.finish_and_clear();
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&s).map_err(|e| Failure::Input(e.into()))? + "\n",
        Format::Table => render(&s),
    };
    super::write_output(None, &text)?;
    Ok(ExitCode::SUCCESS)
}
