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

fn date_arg(s: &Option<String>, flag: &str) -> Result<Option<NaiveDate>, Failure> {
    match s {
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| Failure::Usage(anyhow!("{flag} must be YYYY-MM-DD, got {d:?}"))),
        None => Ok(None),
    }
}

fn period_arg(s: &str) -> Result<Period, Failure> {
    Period::parse(s)
        .ok_or_else(|| Failure::Usage(anyhow!("--by takes week, month, quarter or year, not {s:?}")))
}

fn actor_arg(s: &str) -> Result<String, Failure> {
    let up = s.to_uppercase();
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

fn store(path: &Path) -> Result<quidpro_store::Store, Failure> {
    super::open_existing_store(path)
}

fn print(text: &str) -> Result<ExitCode, Failure> {
    super::write_output(None, text)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints a value as pretty JSON and a newline.
fn print_json(value: &impl serde::Serialize) -> Result<ExitCode, Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure::Input(e.into()))?;
    print(&(text + "\n"))
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
    #[arg(long)]
    from: Option<String>,
    /// To this day (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// Allow a domestic dyad (both actors of the same country: `SYRGOV SYRREB`).
    #[arg(long)]
    domestic: bool,
    /// The modalities counted, a comma-separated list (default: asserted,reported;
    /// imported events count as asserted), such as `asserted,reported,hypothetical`.
    #[arg(long, value_name = "LIST")]
    modality: Option<String>,
    /// Output format (json: `DyadSeries`).
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

/// The CSV and table columns of a dyad series.
pub const SERIES_COLUMNS: &[&str] = &[
    "period",
    "events",
    "goldstein_sum",
    "goldstein_mean",
    "quad1",
    "quad2",
    "quad3",
    "quad4",
    "cooperation",
    "conflict",
    "share",
];

/// Renders a dyad series.
pub fn render_series(s: &DyadSeries, format: Format) -> String {
    let mut out = String::new();
    match format {
        Format::Json => out = serde_json::to_string_pretty(s).unwrap_or_default() + "\n",
        Format::Csv => {
            out.push_str(&SERIES_COLUMNS.join(","));
            out.push('\n');
            for p in &s.periods {
                out.push_str(&format!(
                    "{},{},{},{},{},{},{},{},{},{},{}\n",
                    p.period,
                    p.events,
                    p.goldstein_sum,
                    p.goldstein_mean,
                    p.quad[0],
                    p.quad[1],
                    p.quad[2],
                    p.quad[3],
                    p.cooperation,
                    p.conflict,
                    p.share
                ));
            }
        }
        Format::Table | Format::Md => {
            let md = matches!(format, Format::Md);
            if md {
                out.push_str("| period | events | Goldstein sum | mean | coop. | conflict | quad 1/2/3/4 | share |\n|---|---:|---:|---:|---:|---:|---|---:|\n");
            } else {
                out.push_str(&format!(
                    "{:<9} {:>6} {:>9} {:>6} {:>5} {:>8}  {:<15} {:>6}\n",
                    "period", "events", "goldstein", "mean", "coop", "conflict", "quad 1/2/3/4", "share"
                ));
            }
            for p in &s.periods {
                let q = format!("{}/{}/{}/{}", p.quad[0], p.quad[1], p.quad[2], p.quad[3]);
                if md {
                    out.push_str(&format!(
                        "| {} | {} | {:.1} | {:.2} | {} | {} | {} | {:.4} |\n",
                        p.period,
                        p.events,
                        p.goldstein_sum,
                        p.goldstein_mean,
                        p.cooperation,
                        p.conflict,
                        q,
                        p.share
                    ));
                } else {
                    out.push_str(&format!(
                        "{:<9} {:>6} {:>9.1} {:>6.2} {:>5} {:>8}  {:<15} {:>6.4}\n",
                        p.period,
                        p.events,
                        p.goldstein_sum,
                        p.goldstein_mean,
                        p.cooperation,
                        p.conflict,
                        q,
                        p.share
                    ));
                }
            }
        }
    }
    out
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
    let s = dyad_series_of(&store, &dyad, by, &Range { from: args.from, to: args.to }, &mods)
        .map_err(|e| Failure::Input(e.into()))?;
    print(&render_series(&s, args.format))
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
    #[arg(long)]
    from: Option<String>,
    /// To this day (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// Allow a domestic dyad (both actors of the same country: `SYRGOV SYRREB`).
    #[arg(long)]
    domestic: bool,
    /// The modalities counted, a comma-separated list (default: asserted,reported;
    /// imported events count as asserted), such as `asserted,reported,hypothetical`.
    #[arg(long, value_name = "LIST")]
    modality: Option<String>,
    /// Output format: json (`{dyad, by, periods, x, y, outcome}`) or table.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
}

/// Runs `quidpro reciprocity`: x = A's Goldstein sums toward B per period, y = B's toward A.
pub fn reciprocity(args: ReciprocityArgs, path: &Path) -> Result<ExitCode, Failure> {
    let by = period_arg(&args.by)?;
    let criterion = match args.ic.as_str() {
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
    match args.format {
        Format::Json => print_json(&json),
        _ => print(&reciprocity::outcome_text(&outcome, &a, &b)),
    }
}

/// Arguments of `quidpro ledger`.
#[derive(clap::Args, Debug)]
pub struct LedgerArgs {
    /// The creditor (giver of favours).
    a: String,
    /// The debtor.
    b: String,
    /// Half-life of the balance, in days.
    #[arg(long, default_value_t = 365.0)]
    half_life: f64,
    /// Only events up to this day.
    #[arg(long)]
    until: Option<String>,
    /// A file of manual entries (see `quidpro_analyze::ledger::parse_manual`).
    #[arg(long, value_name = "FILE")]
    entries: Option<PathBuf>,
    /// Also count the debtor's conflict with third parties the creditor has spoken
    /// against as repayments toward the creditor's aims (slow on large stores).
    #[arg(long)]
    aims: bool,
    /// How far back the creditor's statements against a third party make an aim, in days.
    #[arg(long, default_value_t = 365)]
    aims_window: i64,
    /// The weight of a repayment toward the creditor's aims, as a share of its |Goldstein|.
    #[arg(long, default_value_t = 0.5)]
    aims_weight: f64,
    /// Allow a domestic dyad (both actors of the same country: `SYRGOV SYRREB`).
    #[arg(long)]
    domestic: bool,
    /// The modalities counted, a comma-separated list (default: asserted,reported;
    /// imported events count as asserted), such as `asserted,reported,hypothetical`.
    #[arg(long, value_name = "LIST")]
    modality: Option<String>,
    /// Output format: table, json (`Ledger`: favours, demands, repayments, refusals,
    /// defections, balance, ...) or md.
    #[arg(long, value_enum, default_value = "table")]
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

/// Renders a ledger as text or Markdown.
pub fn render_ledger(l: &ledger::Ledger, md: bool) -> String {
    let mut out = String::new();
    let h = |s: &str| if md { format!("\n### {s}\n\n") } else { format!("\n{s}\n") };
    out.push_str(&format!(
        "{}Ledger of {} (creditor) and {} (debtor): balance {:+.1} ({}), half-life {} days\n",
        if md { "## " } else { "" },
        l.creditor,
        l.debtor,
        l.balance,
        if l.balance > 0.0 {
            format!("{} owes {}", l.debtor, l.creditor)
        } else {
            format!("{} owes nothing to {}", l.debtor, l.creditor)
        },
        l.half_life_days
    ));
    for (name, entries) in [
        ("Favours", &l.favours),
        ("Demands", &l.demands),
        ("Repayments", &l.repayments),
        ("Refusals", &l.refusals),
        ("Defections", &l.defections),
        ("Acknowledgements (thanks, praise: do not move the balance)", &l.acknowledgements),
    ] {
        out.push_str(&h(&format!("{name} ({})", entries.len())));
        for e in entries {
            let ev = &e.evidence[0];
            let what =
                ev.text.clone().or_else(|| ev.file_line.clone()).unwrap_or_default().replace('\n', " ");
            let status = e.status.as_deref().map(|s| format!(" [{s}]")).unwrap_or_default();
            let cite =
                ev.citation.clone().or_else(|| ev.url.clone()).map(|c| format!(" — {c}")).unwrap_or_default();
            let status = match &e.toward {
                Some(aim) => format!(
                    "{status} [toward {}'s aim against {}: {} statements]",
                    l.creditor, aim.actor, aim.statements
                ),
                None => status,
            };
            out.push_str(&format!(
                "{}{} {} {}→{} {:.1}{}: {}{}{}\n",
                if md { "- " } else { "  " },
                e.date,
                e.code,
                e.source,
                e.target,
                e.weight,
                status,
                what,
                cite,
                if e.evidence.len() > 1 {
                    format!(" (+{} more sources)", e.evidence.len() - 1)
                } else {
                    String::new()
                }
            ));
        }
    }
    out
}

/// Runs `quidpro ledger`.
pub fn ledger_cmd(args: LedgerArgs, path: &Path) -> Result<ExitCode, Failure> {
    let until = date_arg(&args.until, "--until")?;
    if args.half_life.is_nan() || args.half_life <= 0.0 {
        return Err(Failure::Usage(anyhow!("--half-life must be a positive number of days")));
    }
    let (a, b) = (actor_arg(&args.a)?, actor_arg(&args.b)?);
    check_domestic(&a, &b, args.domestic)?;
    let modalities = modality_arg(&args.modality)?;
    let manual = manual_entries(&args.entries)?;
    let store = store(path)?;
    if args.aims_window < 0 || !(0.0..=1.0).contains(&args.aims_weight) {
        return Err(Failure::Usage(anyhow!("--aims-window must be >= 0 days and --aims-weight within 0..1")));
    }
    let opts = ledger::Options {
        half_life_days: args.half_life,
        until,
        aims: args.aims,
        aims_window_days: args.aims_window,
        aims_weight: args.aims_weight,
        modalities,
        ..Default::default()
    };
    let l = ledger::ledger(&store, &a, &b, &manual, &opts).map_err(|e| Failure::Input(e.into()))?;
    match args.format {
        Format::Json => print_json(&l),
        Format::Md => print(&render_ledger(&l, true)),
        _ => print(&render_ledger(&l, false)),
    }
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
    /// Output format: table, json (`[Instrument]`) or md.
    #[arg(long, value_enum, default_value = "table")]
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

/// Renders instruments.
pub fn render_instruments(list: &[&obligations::Instrument], md: bool) -> String {
    let mut out = String::new();
    for i in list {
        let dates = format!(
            "signed {}{}{}",
            i.signed.map(|d| d.to_string()).unwrap_or_else(|| "?".into()),
            i.in_force.map(|d| format!(", in force {d}")).unwrap_or_default(),
            i.ends.map(|d| format!(", ended {d}")).unwrap_or_default()
        );
        if md {
            out.push_str(&format!(
                "- **{}** ({}; {}): {}. Parties: {}. Obligations: {}.",
                i.title,
                i.kind,
                dates,
                i.conditions,
                i.parties.join(", "),
                i.obligations.join(", ")
            ));
            if let Some(s) = i.sources.first() {
                out.push_str(&format!(" Source: {s}."));
            }
            out.push('\n');
        } else {
            out.push_str(&format!(
                "{} [{}]\n  {}; {}\n  parties: {}\n  obligations: {}\n",
                i.title,
                i.id,
                i.kind,
                dates,
                i.parties.join(", "),
                i.obligations.join(", ")
            ));
            if !i.conditions.is_empty() {
                out.push_str(&format!("  conditions: {}\n", i.conditions));
            }
            for s in &i.sources {
                out.push_str(&format!("  source: {s}\n"));
            }
        }
    }
    out
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
        let store = if path.exists() { Some(super::open_store(path)?) } else { None };
        register_for(&args.register, store.as_ref())?
    };
    let list = obligations::binding(&all, &c, with.as_deref(), on);
    match args.format {
        Format::Json => print_json(&list),
        Format::Md => print(&render_instruments(&list, true)),
        _ => print(&render_instruments(&list, false)),
    }
}

/// Arguments of `quidpro alerts`.
#[derive(clap::Args, Debug)]
pub struct AlertsArgs {
    /// Alerts in months from this day on (YYYY-MM-DD).
    #[arg(long)]
    since: String,
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
    /// Output format: table or json (`[Alert]`).
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

/// Runs `quidpro alerts`.
pub fn alerts_cmd(args: AlertsArgs, path: &Path) -> Result<ExitCode, Failure> {
    let since = date_arg(&Some(args.since.clone()), "--since")?.unwrap_or_default();
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
    let list = alerts::alerts(&store, since, &opts).map_err(|e| Failure::Input(e.into()))?;
    match args.format {
        Format::Json => print_json(&list),
        _ => {
            let mut out = String::new();
            for a in &list {
                out.push_str(&format!(
                    "{} {}→{}: turn toward {:?} (CUSUM {:.1}; Goldstein sum {:.1} against a baseline of {:.1})\n",
                    a.period, a.source, a.target, a.crossing.turn, a.crossing.statistic, a.crossing.value, a.crossing.baseline
                ));
                for e in &a.events {
                    out.push_str(&format!(
                        "    {} {} {}→{} {:.1} {}\n",
                        e.date,
                        e.code,
                        e.source,
                        e.target,
                        e.goldstein,
                        e.text.clone().or_else(|| e.url.clone()).unwrap_or_default()
                    ));
                }
            }
            if list.is_empty() {
                out.push_str("no alerts\n");
            }
            print(&out)
        }
    }
}
