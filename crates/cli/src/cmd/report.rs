//! `quidpro report dyad A B --format md|html|json`: the relations of two actors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::anyhow;
use clap::{Subcommand, ValueEnum};
use quidpro_analyze::series::Period;

use crate::Failure;

/// Report formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Markdown.
    Md,
    /// A self-contained HTML page with SVG charts.
    Html,
    /// JSON (`quidpro_report::DyadReport::json`).
    Json,
}

/// Report kinds.
#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// Two actors: series, reciprocity, ledger both ways, obligations, alerts, evidence.
    Dyad(DyadArgs),
}

/// Arguments of `quidpro report dyad`.
#[derive(clap::Args, Debug)]
pub struct DyadArgs {
    /// Actor A.
    a: String,
    /// Actor B.
    b: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    format: Format,
    /// Period of the series: week, month, quarter, year.
    #[arg(long, default_value = "month")]
    by: String,
    /// Half-life of the ledger balance, in days.
    #[arg(long, default_value_t = 365.0)]
    half_life: f64,
    /// Manual ledger entries.
    #[arg(long, value_name = "FILE")]
    entries: Option<PathBuf>,
    /// Obligations register (default: the shipped one).
    #[arg(long, value_name = "FILE")]
    register: Option<PathBuf>,
    /// Events listed as evidence.
    #[arg(long, default_value_t = 25)]
    evidence: usize,
    /// Count repayments toward the creditor's stated aims in the ledgers (slow on large
    /// stores).
    #[arg(long)]
    aims: bool,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Runs `quidpro report`.
pub fn run(cmd: ReportCommand, store_path: &Path) -> Result<ExitCode, Failure> {
    let ReportCommand::Dyad(args) = cmd;
    let by = Period::parse(&args.by)
        .ok_or_else(|| Failure::Usage(anyhow!("--by takes week, month, quarter or year")))?;
    if args.half_life.is_nan() || args.half_life <= 0.0 {
        return Err(Failure::Usage(anyhow!("--half-life must be a positive number of days")));
    }
    let manual = super::relations::manual_entries(&args.entries)?;
    let store = super::open_existing_store(store_path)?;
    let register = super::relations::register_for(&args.register, Some(&store))?;
    let opts = quidpro_report::Options {
        by,
        half_life_days: args.half_life,
        manual: &manual,
        register: &register,
        evidence: args.evidence,
        aims: args.aims,
    };
    let r =
        quidpro_report::dyad_report(&store, &args.a, &args.b, &opts).map_err(|e| Failure::Input(e.into()))?;
    let text = match args.format {
        Format::Md => r.markdown(),
        Format::Html => r.html(),
        Format::Json => serde_json::to_string_pretty(&r.json()).unwrap_or_default() + "\n",
    };
    super::write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
