//! `quidpro actors [TEXT]`: the actors the store knows, from the dictionaries and from
//! the imported datasets' actor names.
//!
//! Formats (stable):
//! * `jsonl`: one object per row, the fields documented in `quidpro_store::actors`.
//! * `csv`: a header, then [`CSV_COLUMNS`].
//! * `table`: aligned columns for people (not stable).

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use quidpro_store::ActorQuery;

use super::events::Format;
use crate::Failure;

/// CSV columns, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "code",
    "name",
    "origin",
    "kind",
    "country",
    "valid_from",
    "valid_to",
    "entry",
    "first_event",
    "last_event",
    "events",
];

/// Arguments of `quidpro actors`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A name contains TEXT (any case, diacritics folded: `erdogan` finds Erdoğan), or a
    /// code starts with it; the exact code first, then names equal to TEXT, names
    /// starting with it, codes starting with it, and names containing it.
    text: Option<String>,
    /// The code starts with CODE (`TURGOV`, `IGO`).
    #[arg(long)]
    code: Option<String>,
    /// The code's country is COUNTRY (3 letters).
    #[arg(long)]
    country: Option<String>,
    /// `dictionary`, or a dataset (`gdelt2`, `icews`, ...).
    #[arg(long)]
    origin: Option<String>,
    /// At most N rows.
    #[arg(long)]
    limit: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value = "table")]
    format: Format,
}

/// Runs `quidpro actors`.
pub fn run(args: Args, store_path: &Path) -> Result<ExitCode, Failure> {
    let store = super::open_existing_store(store_path)?;
    let q = ActorQuery {
        text: args.text.clone(),
        code: args.code,
        country: args.country,
        origin: args.origin,
        limit: args.limit,
    };
    let rows = store.actors(&q).map_err(|e| Failure::Input(e.into()))?;
    let mut out = BufWriter::new(io::stdout().lock());
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    match args.format {
        Format::Jsonl => {
            for a in &rows {
                serde_json::to_writer(&mut out, a).context("writing output")?;
                writeln!(out).context("writing output")?;
            }
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(CSV_COLUMNS).context("writing output")?;
            for a in &rows {
                w.write_record([
                    a.code.clone(),
                    a.name.clone(),
                    a.origin.clone(),
                    a.kind.clone(),
                    a.country.clone(),
                    opt(&a.valid_from),
                    opt(&a.valid_to),
                    opt(&a.entry),
                    opt(&a.first_event),
                    opt(&a.last_event),
                    a.events.to_string(),
                ])
                .context("writing output")?;
            }
            w.flush().context("writing output")?;
        }
        Format::Table => {
            writeln!(
                out,
                "{:<12}  {:<36}  {:<10}  {:<12}  {:<23}  {:>7}",
                "code", "name", "origin", "kind", "valid / seen", "events"
            )
            .context("writing output")?;
            for a in &rows {
                let span = match a.origin.as_str() {
                    "dictionary" if a.valid_from.is_some() || a.valid_to.is_some() => {
                        format!("{}..{}", opt(&a.valid_from), opt(&a.valid_to))
                    }
                    "dictionary" => String::new(),
                    _ => format!("{}..{}", opt(&a.first_event), opt(&a.last_event)),
                };
                let name: String = a.name.chars().take(36).collect();
                writeln!(
                    out,
                    "{:<12}  {:<36}  {:<10}  {:<12}  {:<23}  {:>7}",
                    a.code, name, a.origin, a.kind, span, a.events
                )
                .context("writing output")?;
            }
        }
    }
    out.flush().context("writing output")?;
    if rows.is_empty() {
        match &args.text {
            Some(t) => eprintln!("no actor matches {t:?}"),
            None => eprintln!("no actor matches"),
        }
    }
    Ok(ExitCode::SUCCESS)
}
