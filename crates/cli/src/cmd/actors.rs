//! `quidpro actors [TEXT]`: the actors the store knows, from the dictionaries and from
//! the imported datasets' actor names.
//!
//! Formats (stable):
//! * `jsonl`: one object per row, the fields documented in `quidpro_store::actors`.
//! * `csv`: a header, then the columns [`quidpro_report::listing::ACTOR_COLUMNS`].
//! * `table`: aligned columns for people (not stable).

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use quidpro_report::listing;
use quidpro_store::ActorQuery;

use super::events::Format;
use crate::Failure;

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
    match args.format {
        Format::Jsonl => {
            for a in &rows {
                serde_json::to_writer(&mut out, a).context("writing output")?;
                writeln!(out).context("writing output")?;
            }
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(listing::ACTOR_COLUMNS).context("writing output")?;
            for a in &rows {
                w.write_record(listing::actor_row(a)).context("writing output")?;
            }
            w.flush().context("writing output")?;
        }
        Format::Table => {
            out.write_all(listing::actor_table_header().as_bytes()).context("writing output")?;
            for a in &rows {
                out.write_all(listing::actor_table_row(a).as_bytes()).context("writing output")?;
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
