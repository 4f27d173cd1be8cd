//! The relations commands: `dyad`, `reciprocity`, `ledger`, `obligations`, `alerts`.
//!
//! Output formats are documented per command; `json` is the serde form of the
//! `quidpro_analyze` types named in each command's documentation.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::anyhow;
use chrono::NaiveDate;
use clap::ValueEnum;
use quidpro_analyze::series::{dyad_series_of, is_domestic, Dyad, DyadSeries, Modalities, Period, Range};
use quidpro_analyze::{alerts, ledger, obligations, reciprocity};

use crate::Failure;

/// Formats of the series commands.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Aligned columns.
    Table,
    /// JSON.
    Json,
    /// Comma-separated values with a header.
    Csv,
    /// Markdown.
    Md,
}

impl From<Format> for quidpro_report::tables::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Table => quidpro_report::tables::Format::Table,
            Format::Json => quidpro_report::tables::Format::Json,
            Format::Csv => quidpro_report::tables::Format::Csv,
            Format::Md => quidpro_report::tables::Format::Md,
        }
    }
}

pub(crate) fn date_arg(s: &Option<String>, flag: &str) -> Result<Option<NaiveDate>, Failure> {
    match s {
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| Failure::Usage(anyhow!("{flag} must be YYYY-MM-DD, got {d:?}"))),
        None => Ok(None),
    }
}

fn period_arg(s: &str) -> Result<Period, Failure> {
    Period::parse(&s.to_lowercase())
        .ok_or_else(|| Failure::Usage(anyhow!("--by takes week, month, quarter or year, not {s:?}")))
}

fn actor_arg(s: &str) -> Result<String, Failure> {
    let up = s.trim().to_uppercase();
    if up.len() < 3 || !up.len().is_multiple_of(3) || !up.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Failure::Usage(anyhow!(
            "an actor is a code of 3-letter blocks such as TUR or TURGOV, not {s:?}"
        )));
    }
    Ok(up)
}

/// The modalities of `--modality LIST` (default: asserted, reported).
fn modality_arg(list: &Option<String>) -> Result<Modalities, Failure> {
    match list {
        Some(l) => Modalities::parse(l).map_err(|e| Failure::Usage(anyhow!("--modality: {e}"))),
        None => Ok(Modalities::default()),
    }
}

/// The relations commands keep to international dyads: two actors of the same country
/// make a domestic dyad, which needs `--domestic`.
fn check_domestic(a: &str, b: &str, domestic: bool) -> Result<(), Failure> {
    if is_domestic(a, b) && !domestic {
        return Err(Failure::Usage(anyhow!(
            "{a} and {b} are of the same country: a domestic dyad; give --domestic to count it"
        )));
    }
    Ok(())
}

/// " from 2020-01-01 to 2024-12-31", or less, or nothing.
fn range_words(r: &Range) -> String {
    let mut out = String::new();
    if let Some(f) = &r.from {
        out.push_str(&format!(" from {f}"));
    }
    if let Some(t) = &r.to {
        out.push_str(&format!(" up to {t}"));
    }
    out
}

fn store(path: &Path) -> Result<quidpro_store::Store, Failure> {
    super::open_existing_store(path)
}

fn print(text: &str) -> Result<ExitCode, Failure> {
    super::write_output(None, text)?;
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `quidpro dyad`.
#[derive(clap::Args, Debug)]
pub struct DyadArgs {
    /// Source actor (code or prefix: TUR, TURGOV).
    a: String,
    /// Target actor.
    b: String,
    /// Period: week, month, quarter, year.
    #[arg(long, default_value = "month")]
    by: String,
    /// Both directions together.
    #[arg(long)]
    undirected: bool,
    /// From this day (YYYY-MM-DD).
    #[arg(long, alias = "since", value_name = "DATE")]
    from: Option<String>,
    /// To this day (YYYY-MM-DD).
    #[arg(long, alias = "until", value_name = "DATE")]
    to: Option<String>,
    /// Allow a domestic dyad (both actors of the same country: `SYRGOV SYRREB`).
    #[arg(long)]
    domestic: bool,
    /// The modalities counted, a comma-separated list (default: asserted,reported;
    /// imported events count as asserted), such as `asserted,reported,hypothetical`.
    #[arg(long, value_name = "LIST")]
    modality: Option<String>,
    /// Output format (json: `DyadSeries`).
    #[arg(long, value_enum, ignore_case = true, default_value = "table")]
    format: Format,
}

/// Runs `quidpro dyad`.
pub fn dyad(args: DyadArgs, path: &Path) -> Result<ExitCode, Failure> {
    let by = period_arg(&args.by)?;
    date_arg(&args.from, "--from")?;
    date_arg(&args.to, "--to")?;
    let dyad = Dyad { a: actor_arg(&args.a)?, b: actor_arg(&args.b)?, undirected: args.undirected };
    check_domestic(&dyad.a, &dyad.b, args.domestic)?;
    let mods = modality_arg(&args.modality)?;
    let store = store(path)?;
    let range = Range { from: args.from, to: args.to };
    let s = dyad_series_of(&store, &dyad, by, &range, &mods).map_err(|e| Failure::Input(e.into()))?;
    let code = print(&quidpro_report::tables::series(&s, args.format.into()))?;
    if s.periods.iter().all(|p| p.events == 0) {
        super::hints::note_unknown_actors(&store, [dyad.a.as_str(), dyad.b.as_str()]);
        let arrow = if dyad.undirected { "↔" } else { "→" };
        eprintln!("0 events {} {arrow} {}{}", dyad.a, dyad.b, range_words(&range));
    }
    Ok(code)
}

/// Arguments of `quidpro reciprocity`.
#[derive(clap::Args, Debug)]
pub struct ReciprocityArgs {
    /// Actor A.
    a: String,
    /// Actor B.
    b: String,
    /// Period: week, month, quarter, year.
    #[arg(long, default_value = "month")]
    by: String,
    /// Largest VAR lag tried.
    #[arg(long, default_value_t = 6)]
    max_lag: usize,
    /// Lag order by `aic` or `bic`.
    #[arg(long, default_value = "aic")]
    ic: String,
    /// From this day (YYYY-MM-DD).
    #[arg(long, alias = "since", value_name = "DATE")]
    from: Option<String>,
    /// To this day (YYYY-MM-DD).
    #[arg(long, alias = "until", value_name = "DATE")]
    to: Option<String>,
    /// Allow a domestic dyad (both actors of the same country: `SYRGOV SYRREB`).
    #[arg(long)]
    domestic: bool,
    /// The modalities counted, a comma-separated list (default: asserted,reported;
    /// imported events count as asserted), such as `asserted,reported,hypothetical`.
    #[arg(long, value_name = "LIST")]
    modality: Option<String>,
    /// Output format: json (`{dyad, by, periods, x, y, outcome}`), table (the text),
    /// md, or csv (the two series by period).
    #[arg(long, value_enum, ignore_case = true, default_value = "json")]
    format: Format,
}

/// Runs `quidpro reciprocity`: x = A's Goldstein sums toward B per period, y = B's toward A.
pub fn reciprocity(args: ReciprocityArgs, path: &Path) -> Result<ExitCode, Failure> {
    let by = period_arg(&args.by)?;
    let criterion = match args.ic.to_lowercase().as_str() {
        "aic" => reciprocity::Criterion::Aic,
        "bic" => reciprocity::Criterion::Bic,
        other => return Err(Failure::Usage(anyhow!("--ic takes aic or bic, not {other:?}"))),
    };
    date_arg(&args.from, "--from")?;
    date_arg(&args.to, "--to")?;
    let (a, b) = (actor_arg(&args.a)?, actor_arg(&args.b)?);
    check_domestic(&a, &b, args.domestic)?;
    let mods = modality_arg(&args.modality)?;
    let store = store(path)?;
    super::hints::note_unknown_actors(&store, [a.as_str(), b.as_str()]);
    // One window for both directions: the union of their spans.
    let fwd = dyad_series_of(
        &store,
        &Dyad::directed(&a, &b),
        by,
        &Range { from: args.from.clone(), to: args.to.clone() },
        &mods,
    )
    .map_err(|e| Failure::Input(e.into()))?;
    let back = dyad_series_of(
        &store,
        &Dyad::directed(&b, &a),
        by,
        &Range { from: args.from.clone(), to: args.to.clone() },
        &mods,
    )
    .map_err(|e| Failure::Input(e.into()))?;
    let mut labels: Vec<String> = fwd.periods.iter().chain(&back.periods).map(|p| p.period.clone()).collect();
    labels.sort();
    labels.dedup();
    let value = |s: &DyadSeries, l: &str| {
        s.periods.iter().find(|p| p.period == l).map(|p| p.goldstein_sum).unwrap_or(0.0)
    };
    let x: Vec<f64> = labels.iter().map(|l| value(&fwd, l)).collect();
    let y: Vec<f64> = labels.iter().map(|l| value(&back, l)).collect();
    let config = reciprocity::Config { max_lag: args.max_lag, criterion, ..Default::default() };
    let outcome = reciprocity::analyze(&x, &y, &config).map_err(|e| Failure::Input(anyhow!("{e}")))?;
    let json = serde_json::json!({
        "a": a, "b": b, "by": by, "periods": labels, "x": x, "y": y,
        "outcome": reciprocity::outcome_json(&outcome),
    });
    print(&quidpro_report::tables::reciprocity(
        &json,
        &reciprocity::outcome_text(&outcome, &a, &b),
        args.format.into(),
    ))
}

/// Arguments of `quidpro ledger`.
#[derive(clap::Args, Debug)]
pub struct LedgerArgs {
    /// Actor A (the balance is positive when B owes A).
    a: String,
    /// Actor B.
    b: String,
    /// Weights and windows (a file in the format of `data/ledger.toml`, whose keys
    /// override the shipped ones).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Half-life of a debt's value, in days (overrides the table's).
    #[arg(long)]
    half_life: Option<f64>,
    /// Only events from this day (YYYY-MM-DD).
    #[arg(long, alias = "since", value_name = "DATE")]
    from: Option<String>,
    /// Only events up to this day (YYYY-MM-DD): the ledger's date.
    #[arg(long, alias = "until", value_name = "DATE")]
    to: Option<String>,
    /// A file of manual entries (see `quidpro_analyze::ledger::parse_manual`).
    #[arg(long, value_name = "FILE")]
    entries: Option<PathBuf>,
    /// Leave out repayments toward the creditor's stated aims (on by default).
    #[arg(long)]
    no_aims: bool,
    /// List negated, denied and questioned events too.
    #[arg(long)]
    negated: bool,
    /// List every entry and every report (tables and Markdown list the first 20 entries
    /// of each kind; every format gives each entry its report count and its top 3
    /// reports, each debt a summary of its evidence).
    #[arg(long)]
    full: bool,
    /// Dictionary folders, to read demands' contents by coding their documents again
    /// when the store does not keep them (default: the shipped dictionaries).
    #[arg(long, value_name = "DIR")]
    dict: Vec<PathBuf>,
    /// Allow a domestic dyad (both actors of the same country: `SYRGOV SYRREB`).
    #[arg(long)]
    domestic: bool,
    /// The modalities counted, a comma-separated list (default: asserted,reported;
    /// imported events count as asserted), such as `asserted,reported,hypothetical`.
    #[arg(long, value_name = "LIST")]
    modality: Option<String>,
    /// Output format: table, md, csv (one row per entry) or json (`Ledger`: debts,
    /// favours, demands with content and status, repayments, refusals, defections,
    /// acknowledgements, expectations, balance, summary).
    #[arg(long, value_enum, ignore_case = true, default_value = "table")]
    format: Format,
}

/// Loads manual ledger entries.
pub fn manual_entries(path: &Option<PathBuf>) -> Result<Vec<(String, String, ledger::Entry)>, Failure> {
    match path {
        Some(p) => {
            let text =
                std::fs::read_to_string(p).map_err(|e| Failure::Input(anyhow!("{}: {e}", p.display())))?;
            ledger::parse_manual(&p.display().to_string(), &text).map_err(|e| Failure::Input(e.into()))
        }
        None => Ok(Vec::new()),
    }
}

/// The ledger's options from the shared flags.
pub fn ledger_options(
    config: &Option<PathBuf>,
    half_life: Option<f64>,
    from: &Option<String>,
    to: &Option<String>,
    no_aims: bool,
) -> Result<ledger::Options, Failure> {
    let mut cfg = match config {
        Some(p) => {
            let text =
                std::fs::read_to_string(p).map_err(|e| Failure::Input(anyhow!("{}: {e}", p.display())))?;
            ledger::Config::parse(&p.display().to_string(), &text).map_err(|e| Failure::Input(e.into()))?
        }
        None => ledger::Config::shipped(),
    };
    if let Some(h) = half_life {
        if h.is_nan() || h <= 0.0 {
            return Err(Failure::Usage(anyhow!("--half-life must be a positive number of days")));
        }
        cfg.half_life_days = h;
    }
    if no_aims {
        cfg.aims = false;
    }
    Ok(ledger::Options {
        config: cfg,
        from: date_arg(from, "--from")?,
        to: date_arg(to, "--to")?,
        include_negated: false,
        full_evidence: false,
        modalities: Default::default(),
    })
}

/// Runs `quidpro ledger`.
pub fn ledger_cmd(args: LedgerArgs, path: &Path) -> Result<ExitCode, Failure> {
    let mut opts = ledger_options(&args.config, args.half_life, &args.from, &args.to, args.no_aims)?;
    opts.include_negated = args.negated;
    opts.full_evidence = args.full;
    let (a, b) = (actor_arg(&args.a)?, actor_arg(&args.b)?);
    check_domestic(&a, &b, args.domestic)?;
    let modalities = modality_arg(&args.modality)?;
    let manual = manual_entries(&args.entries)?;
    let store = store(path)?;
    opts.modalities = modalities;
    let contents = super::content::Recode::new(&args.dict);
    let l = ledger::ledger_with(&store, &a, &b, &manual, &opts, &contents)
        .map_err(|e| Failure::Input(e.into()))?;
    let names = quidpro_report::tables::Names::for_ledger(&store, &l);
    let code = print(&quidpro_report::tables::ledger(&l, &names, args.format.into(), args.full))?;
    let entries = [
        &l.favours,
        &l.demands,
        &l.repayments,
        &l.refusals,
        &l.defections,
        &l.acknowledgements,
        &l.expectations,
    ];
    if l.debts.is_empty() && entries.iter().all(|e| e.is_empty()) {
        super::hints::note_unknown_actors(&store, [a.as_str(), b.as_str()]);
        eprintln!("0 events between {a} and {b} on the ledger");
    }
    Ok(code)
}

/// Arguments of `quidpro obligations`.
#[derive(clap::Args, Debug)]
pub struct ObligationsArgs {
    /// A country code.
    country: String,
    /// Only instruments that also bind this country.
    #[arg(long)]
    with: Option<String>,
    /// In force on this day (YYYY-MM-DD).
    #[arg(long)]
    on: Option<String>,
    /// The register file (default: the register loaded into the store, else the shipped
    /// `data/obligations.txt`).
    #[arg(long, value_name = "FILE")]
    register: Option<PathBuf>,
    /// Load the register (the file, or the shipped one) into the store first.
    #[arg(long)]
    load: bool,
    /// Output format: table, json (`[Instrument]`), md or csv.
    #[arg(long, value_enum, ignore_case = true, default_value = "table")]
    format: Format,
}

/// The register to analyse with: the given file, else the one loaded into the store
/// (when there is a store), else the shipped one.
pub fn register_for(
    path: &Option<PathBuf>,
    store: Option<&quidpro_store::Store>,
) -> Result<Vec<obligations::Instrument>, Failure> {
    if path.is_none() {
        if let Some(s) = store {
            if let Some(list) = obligations::stored(s).map_err(|e| Failure::Input(e.into()))? {
                return Ok(list);
            }
        }
    }
    register(path)
}

/// Reads a register file (default: the shipped one).
pub fn register(path: &Option<PathBuf>) -> Result<Vec<obligations::Instrument>, Failure> {
    let (name, text) = match path {
        Some(p) => (
            p.display().to_string(),
            std::fs::read_to_string(p).map_err(|e| Failure::Input(anyhow!("{}: {e}", p.display())))?,
        ),
        None => ("data/obligations.txt".to_string(), obligations::SHIPPED.to_string()),
    };
    obligations::parse(&name, &text).map_err(|e| Failure::Input(e.into()))
}

/// Runs `quidpro obligations`.
pub fn obligations_cmd(args: ObligationsArgs, path: &Path) -> Result<ExitCode, Failure> {
    let on = date_arg(&args.on, "--on")?;
    let c = actor_arg(&args.country)?;
    let with = args.with.as_deref().map(actor_arg).transpose()?;
    let all = if args.load {
        let all = register(&args.register)?;
        let mut store = super::open_store(path)?;
        let name = args
            .register
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "data/obligations.txt".into());
        obligations::save(&mut store, &name, &all).map_err(|e| Failure::Input(e.into()))?;
        eprintln!("{} instruments loaded into {}", all.len(), path.display());
        all
    } else {
        let store = if path.exists() { Some(super::open_existing_store(path)?) } else { None };
        register_for(&args.register, store.as_ref())?
    };
    let list = obligations::binding(&all, &c, with.as_deref(), on);
    let code = print(&quidpro_report::tables::instruments(&list, args.format.into()))?;
    if list.is_empty() {
        let with = with.map(|w| format!(" and {w}")).unwrap_or_default();
        let on = on.map(|d| format!(" on {d}")).unwrap_or_default();
        eprintln!("no instrument of the register binds {c}{with}{on}");
    }
    Ok(code)
}

/// Arguments of `quidpro alerts`.
#[derive(clap::Args, Debug)]
pub struct AlertsArgs {
    /// Alerts in months from this day on (YYYY-MM-DD).
    #[arg(long, alias = "since", value_name = "DATE")]
    from: String,
    /// Alerts in months up to this day (YYYY-MM-DD).
    #[arg(long, alias = "until", value_name = "DATE")]
    to: Option<String>,
    /// CUSUM threshold h.
    #[arg(long, default_value_t = 5.0)]
    threshold: f64,
    /// Months in the rolling baseline.
    #[arg(long, default_value_t = 12)]
    window: usize,
    /// Also watch domestic dyads (a country with itself).
    #[arg(long)]
    domestic: bool,
    /// The modalities counted, a comma-separated list (default: asserted,reported).
    #[arg(long, value_name = "LIST")]
    modality: Option<String>,
    /// Output format: table, json (`[Alert]`), md or csv.
    #[arg(long, value_enum, ignore_case = true, default_value = "table")]
    format: Format,
}

/// Runs `quidpro alerts`.
pub fn alerts_cmd(args: AlertsArgs, path: &Path) -> Result<ExitCode, Failure> {
    let since = date_arg(&Some(args.from.clone()), "--from")?.unwrap_or_default();
    if args.window < 2 {
        return Err(Failure::Usage(anyhow!("--window must be 2 months or more")));
    }
    let modalities = modality_arg(&args.modality)?;
    let store = store(path)?;
    let opts = alerts::Options {
        h: args.threshold,
        window: args.window,
        domestic: args.domestic,
        modalities,
        ..Default::default()
    };
    let to = date_arg(&args.to, "--to")?.map(|d| d.format("%Y-%m").to_string());
    let list: Vec<alerts::Alert> = alerts::alerts(&store, since, &opts)
        .map_err(|e| Failure::Input(e.into()))?
        .into_iter()
        .filter(|a| to.as_deref().is_none_or(|t| a.period.as_str() <= t))
        .collect();
    let code = print(&quidpro_report::tables::alerts(&list, args.format.into()))?;
    if list.is_empty() {
        let to = args.to.map(|t| format!(" to {t}")).unwrap_or_default();
        eprintln!("no alert from {}{to} (threshold {})", args.from, args.threshold);
    }
    Ok(code)
}
