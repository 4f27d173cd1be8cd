//! `quidpro sql "SELECT ..."`: one SQL statement over the store, read only.
//!
//! The store's tables and views (`events`: every event with the event schema's columns;
//! `coded_events`, `segment_events`, `all_dyad_months`, `all_month_totals`, ...) are those
//! of the README's "SQL". Formats: `table` (for people), `csv` (a header, then the rows),
//! `jsonl` (an object per row); printed by `quidpro_report::sql`.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use clap::ValueEnum;
use quidpro_report::sql as print;

use crate::Failure;

/// Output formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Aligned columns.
    Table,
    /// Comma-separated values with a header.
    Csv,
    /// JSON lines: one object per row.
    Jsonl,
}

/// Arguments of `quidpro sql`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// One SQL statement that reads (`SELECT ...`, `WITH ...`, `PRAGMA table_info(events)`).
    statement: String,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value = "table")]
    format: Format,
}

/// Runs `quidpro sql`.
pub fn run(args: Args, store_path: &Path) -> Result<ExitCode, Failure> {
    if args.statement.trim().is_empty() {
        return Err(Failure::Usage(anyhow!("the SQL statement is empty")));
    }
    let store = super::open_existing_store(store_path)?;
    let mut out = BufWriter::new(io::stdout().lock());
    let mut rows: Vec<Vec<print::Value>> = Vec::new();
    let mut csv_out = csv::Writer::from_writer(io::stdout());
    let mut err: Option<anyhow::Error> = None;
    let mut count = 0u64;
    let format = args.format;
    let columns = store
        .sql(&args.statement, &mut |columns, row| {
            count += 1;
            let res: anyhow::Result<()> = (|| {
                match format {
                    Format::Table => rows.push(row),
                    Format::Jsonl => {
                        serde_json::to_writer(&mut out, &print::json_row(columns, &row))?;
                        writeln!(out)?;
                    }
                    Format::Csv => {
                        if count == 1 {
                            csv_out.write_record(columns)?;
                        }
                        csv_out.write_record(row.iter().map(print::csv_field))?;
                    }
                }
                Ok(())
            })();
            match res {
                Ok(()) => true,
                Err(e) => {
                    err = Some(e);
                    false
                }
            }
        })
        .map_err(|e| Failure::Input(e.into()))?;
    if let Some(e) = err {
        return Err(Failure::Input(e.context("writing output")));
    }
    if let Format::Csv = format {
        if count == 0 {
            csv_out.write_record(&columns).context("writing output")?;
        }
        csv_out.flush().context("writing output")?;
    }
    if let Format::Table = format {
        out.write_all(print::table(&columns, &rows).as_bytes()).context("writing output")?;
    }
    out.flush().context("writing output")?;
    if count == 0 {
        eprintln!("0 rows");
    }
    Ok(ExitCode::SUCCESS)
}
