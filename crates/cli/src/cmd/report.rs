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
    #[command(after_help = crate::help::REPORT_DYAD)]
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
    #[arg(long, value_enum, ignore_case = true, default_value = "md")]
    format: Format,
    /// Period of the series: week, month, quarter, year.
    #[arg(long, default_value = "month")]
    by: String,
    /// Half-life of a debt's value, in days (overrides the ledger table's).
    #[arg(long)]
    half_life: Option<f64>,
    /// The ledger's weights and windows (see `quidpro ledger --config`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Only events from this day (YYYY-MM-DD).
    #[arg(long, alias = "since", value_name = "DATE")]
    from: Option<String>,
    /// Only events up to this day (YYYY-MM-DD).
    #[arg(long, alias = "until", value_name = "DATE")]
    to: Option<String>,
    /// Manual ledger entries.
    #[arg(long, value_name = "FILE")]
    entries: Option<PathBuf>,
    /// Obligations register (default: the shipped one).
    #[arg(long, value_name = "FILE")]
    register: Option<PathBuf>,
    /// The strongest events listed.
    #[arg(long, default_value_t = 12)]
    evidence: usize,
    /// Leave out repayments toward the creditor's stated aims (on by default).
    #[arg(long)]
    no_aims: bool,
    /// List every debt, entry and report, and the series as tables.
    #[arg(long)]
    full: bool,
    /// Dictionary folders, to read demands' contents (see `quidpro ledger --dict`).
    #[arg(long, value_name = "DIR")]
    dict: Vec<PathBuf>,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Runs `quidpro report`.
pub fn run(cmd: ReportCommand, store_path: &Path) -> Result<ExitCode, Failure> {
    let ReportCommand::Dyad(args) = cmd;
    let by = Period::parse(&args.by.to_lowercase())
        .ok_or_else(|| Failure::Usage(anyhow!("--by takes week, month, quarter or year")))?;
    let mut lopts =
        super::relations::ledger_options(&args.config, args.half_life, &args.from, &args.to, args.no_aims)?;
    lopts.full_evidence = args.full;
    let manual = super::relations::manual_entries(&args.entries)?;
    let store = super::open_existing_store(store_path)?;
    super::hints::note_unknown_actors(&store, [args.a.as_str(), args.b.as_str()]);
    let register = super::relations::register_for(&args.register, Some(&store))?;
    let contents = super::content::Recode::new(&args.dict);
    let opts = quidpro_report::Options {
        by,
        ledger: lopts,
        manual: &manual,
        contents: &contents,
        register: &register,
        evidence: args.evidence,
        full: args.full,
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
