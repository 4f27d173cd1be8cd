//! `quidpro events`: query the store.
//!
//! Formats (stable):
//! * `jsonl`: one object per event with the columns of the event schema
//!   (`quidpro_event::schema`, `docs/schema.md`) as keys, in order: the same objects as
//!   `quidpro export --format jsonl` and the rows of the SQL view `events`.
//! * `csv`: a header of the schema's column names, then one record per event (as the
//!   export's `events.csv`).
//! * `table`: aligned columns for people (not stable).

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use clap::ValueEnum;
use quidpro_import::formats::mapping::{plover_codes, plover_types};
use quidpro_report::listing;
use quidpro_store::EventQuery;

use crate::Failure;

/// Output formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Aligned columns.
    Table,
    /// JSON lines.
    Jsonl,
    /// Comma-separated values with a header.
    Csv,
}

/// Arguments of `quidpro events`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Source or target code starts with ACTOR (`TURGOV`, `TUR`).
    #[arg(long)]
    actor: Option<String>,
    /// Source or target country is COUNTRY (3 letters).
    #[arg(long)]
    country: Option<String>,
    /// Directed dyad A-B (codes or countries): source A, target B.
    #[arg(long, value_name = "A-B")]
    dyad: Option<String>,
    /// With --dyad: both directions.
    #[arg(long)]
    undirected: bool,
    /// From this day (YYYY-MM-DD), inclusive.
    #[arg(long, alias = "since", value_name = "DATE")]
    from: Option<String>,
    /// To this day (YYYY-MM-DD), inclusive.
    #[arg(long, alias = "until", value_name = "DATE")]
    to: Option<String>,
    /// CAMEO code prefix (`19`, `042`).
    #[arg(long)]
    code: Option<String>,
    /// PLOVER event type (`ASSAULT`, `CONSULT`, ...): the CAMEO codes that map to it.
    #[arg(long, value_name = "TYPE")]
    plover: Option<String>,
    /// Quad class 1-4 (GDELT convention).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
    quad: Option<u8>,
    /// Dataset (`quidpro`, `gdelt2`, `icews`, ...).
    #[arg(long)]
    dataset: Option<String>,
    /// Modality (`asserted`, `reported`, ...).
    #[arg(long)]
    modality: Option<String>,
    /// Only domestic events: source and target of the same country (`SYRGOV` → `SYRREB`).
    #[arg(long)]
    domestic: bool,
    /// Only one-sided events: no source or no target named.
    #[arg(long)]
    one_sided: bool,
    /// Full-text search in the events' sentences (FTS5 syntax, as `quidpro search`).
    #[arg(long)]
    search: Option<String>,
    /// The longest full-text query accepted, in bytes (0: no limit).
    #[arg(long, value_name = "BYTES", default_value_t = super::MAX_QUERY_BYTES)]
    max_query_bytes: usize,
    /// At most N events.
    #[arg(long)]
    limit: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value = "table")]
    format: Format,
}

fn check_date(s: &Option<String>, flag: &str) -> Result<(), Failure> {
    if let Some(d) = s {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| Failure::Usage(anyhow!("{flag} must be YYYY-MM-DD, got {d:?}")))?;
    }
    Ok(())
}

/// Runs `quidpro events`.
pub fn run(args: Args, store_path: &Path) -> Result<ExitCode, Failure> {
    check_date(&args.from, "--from")?;
    check_date(&args.to, "--to")?;
    let dyad = match &args.dyad {
        Some(d) => match d.split_once('-') {
            Some((a, b)) if !a.is_empty() && !b.is_empty() => Some((a.to_uppercase(), b.to_uppercase())),
            _ => return Err(Failure::Usage(anyhow!("--dyad takes A-B, such as TUR-AZE, got {d:?}"))),
        },
        None => None,
    };
    let plover = match &args.plover {
        Some(t) => {
            let codes = plover_codes(t);
            if codes.is_empty() {
                return Err(Failure::Usage(anyhow!(
                    "--plover {:?}: not a PLOVER event type ({})",
                    t.to_uppercase(),
                    plover_types().join(", ")
                )));
            }
            Some(codes.iter().map(|c| c.as_str().to_string()).collect())
        }
        None => None,
    };
    if let Some(q) = &args.search {
        super::check_query_len(q, args.max_query_bytes)?;
    }
    let store = super::open_existing_store(store_path)?;
    let named: Vec<String> =
        args.actor.iter().cloned().chain(dyad.iter().flat_map(|(a, b)| [a.clone(), b.clone()])).collect();
    let q = EventQuery {
        actor: args.actor.map(|s| s.to_uppercase()),
        country: args.country.map(|s| s.to_uppercase()),
        dyad,
        undirected: args.undirected,
        from: args.from,
        to: args.to,
        code: args.code,
        codes: plover,
        quad: args.quad,
        dataset: args.dataset.map(|s| s.to_lowercase()),
        modality: args.modality.map(|s| s.to_lowercase()),
        domestic: args.domestic,
        one_sided: args.one_sided,
        search: args.search,
        limit: args.limit,
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut err: Option<anyhow::Error> = None;
    let mut written = 0u64;
    let mut csv_out = match args.format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(io::stdout());
            w.write_record(listing::event_csv_header()).context("writing output")?;
            Some(w)
        }
        _ => None,
    };
    if let Format::Table = args.format {
        out.write_all(listing::event_table_header().as_bytes()).context("writing output")?;
    }
    store
        .for_each_event(&q, |e| {
            let res: anyhow::Result<()> = (|| {
                match args.format {
                    Format::Jsonl => {
                        serde_json::to_writer(&mut out, &listing::event_json(&e))?;
                        writeln!(out)?;
                    }
                    Format::Table => out.write_all(listing::event_table_row(&e).as_bytes())?,
                    Format::Csv => {
                        csv_out.as_mut().expect("csv writer").write_record(listing::event_csv_record(&e))?
                    }
                }
                Ok(())
            })();
            match res {
                Ok(()) => {
                    written += 1;
                    true
                }
                Err(e) => {
                    err = Some(e);
                    false
                }
            }
        })
        .map_err(|e| Failure::Input(e.into()))?;
    if let Some(mut w) = csv_out {
        w.flush().context("writing output")?;
    }
    if let Some(e) = err {
        return Err(Failure::Input(e.context("writing output")));
    }
    out.flush().context("writing output")?;
    if written == 0 {
        super::hints::note_unknown_actors(&store, named.iter().map(String::as_str));
        eprintln!("0 events match");
    }
    Ok(ExitCode::SUCCESS)
}
