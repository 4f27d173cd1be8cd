//! `quidpro export --format parquet|csv|jsonl DIR`: the event table for other tools.
//! Layout and columns are documented in `quidpro_exchange`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::anyhow;
use clap::ValueEnum;
use quidpro_exchange::Format as ExFormat;

use crate::Failure;

/// Export formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Parquet, partitioned by year and month (`DIR/year=YYYY/month=MM/part-NNNNN.parquet`).
    Parquet,
    /// `DIR/events.csv`.
    Csv,
    /// `DIR/events.jsonl`.
    Jsonl,
}

/// Arguments of `quidpro export`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The folder to write into (created if needed; never a symbolic link).
    dir: PathBuf,
    /// Replace an earlier export of the same format in the folder (`events.csv`,
    /// `events.jsonl`, or every `year=` partition); without it, one is refused.
    #[arg(long, alias = "overwrite")]
    force: bool,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value = "parquet")]
    format: Format,
    /// Only events from this day (YYYY-MM-DD).
    #[arg(long, alias = "since", value_name = "DATE")]
    from: Option<String>,
    /// Only events up to this day (YYYY-MM-DD).
    #[arg(long, alias = "until", value_name = "DATE")]
    to: Option<String>,
}

/// Runs `quidpro export`.
pub fn run(args: Args, store_path: &Path) -> Result<ExitCode, Failure> {
    for (flag, v) in [("--from", &args.from), ("--to", &args.to)] {
        if let Some(d) = v {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| Failure::Usage(anyhow!("{flag} must be YYYY-MM-DD, got {d:?}")))?;
        }
    }
    let store = super::open_existing_store(store_path)?;
    let format = match args.format {
        Format::Parquet => ExFormat::Parquet,
        Format::Csv => ExFormat::Csv,
        Format::Jsonl => ExFormat::Jsonl,
    };
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new_spinner()
    } else {
        indicatif::ProgressBar::hidden()
    };
    let s = quidpro_exchange::export(
        &store,
        format,
        &args.dir,
        args.force,
        args.from.as_deref(),
        args.to.as_deref(),
        &mut |n| bar.set_message(format!("{n} events")),
    )
    .map_err(|e| Failure::Input(e.into()))?;
    bar.finish_and_clear();
    eprintln!("{} events in {} file(s) under {}", s.events, s.files.len(), args.dir.display());
    Ok(ExitCode::SUCCESS)
}

/// `quidpro import parquet PATH...`: Parquet written by `quidpro export` back in.
pub fn import(paths: &[PathBuf], store_path: &Path) -> Result<ExitCode, Failure> {
    let mut store = super::open_store(store_path)?;
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new_spinner()
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut skipped = 0;
    for p in paths {
        let s =
            quidpro_exchange::import_parquet(&mut store, p, &mut |n| bar.set_message(format!("{n} rows")))
                .map_err(|e| Failure::Input(e.into()))?;
        let reasons: Vec<String> = s.stats.skipped.iter().map(|(r, n)| format!("{n} {r}")).collect();
        eprintln!(
            "{} (parquet, {} file(s)): {} rows read, {} stored, {} duplicates, {} skipped{}",
            p.display(),
            s.files,
            s.stats.read,
            s.stats.stored,
            s.stats.duplicates,
            s.stats.skipped_total(),
            if reasons.is_empty() { String::new() } else { format!(" ({})", reasons.join(", ")) }
        );
        skipped += s.stats.skipped_total();
    }
    bar.finish_and_clear();
    if skipped > 0 {
        return Err(Failure::Input(anyhow!("{skipped} row(s) skipped")));
    }
    Ok(ExitCode::SUCCESS)
}
