//! `quidpro search QUERY`: full-text search over the stored documents' sentences, or
//! with `--documents` over whole documents.
//!
//! Formats: `jsonl` (stable; the fields documented in `quidpro_store::search`) and
//! `table` (for people, not stable).

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use clap::ValueEnum;
use quidpro_store::SearchQuery;

use crate::Failure;

/// Output formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Aligned columns.
    Table,
    /// JSON lines.
    Jsonl,
}

/// Arguments of `quidpro search`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// FTS5 query: words (all must occur), "a phrase", OR, NOT, prefix*, NEAR(a b, 5).
    query: String,
    /// Rank whole documents (title and text) instead of sentences.
    #[arg(long)]
    documents: bool,
    /// At most N hits.
    #[arg(long, default_value_t = 20)]
    limit: u64,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value = "table")]
    format: Format,
    /// The longest query accepted, in bytes (0: no limit).
    #[arg(long, value_name = "BYTES", default_value_t = super::MAX_QUERY_BYTES)]
    max_query_bytes: usize,
}

/// Runs `quidpro search`.
pub fn run(args: Args, store_path: &Path) -> Result<ExitCode, Failure> {
    if args.query.trim().is_empty() {
        return Err(Failure::Usage(anyhow!("the search query is empty")));
    }
    super::check_query_len(&args.query, args.max_query_bytes)?;
    let store = super::open_existing_store(store_path)?;
    let q = SearchQuery { text: args.query.clone(), documents: args.documents, limit: args.limit };
    let hits = store.search(&q).map_err(|e| Failure::Input(e.into()))?;
    let mut out = BufWriter::new(io::stdout().lock());
    for h in &hits {
        match args.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut out, h).context("writing output")?;
                writeln!(out).context("writing output")?;
            }
            Format::Table => out
                .write_all(quidpro_report::listing::search_hit_text(h).as_bytes())
                .context("writing output")?,
        }
    }
    out.flush().context("writing output")?;
    if hits.is_empty() {
        eprintln!("0 {} match", if args.documents { "documents" } else { "sentences" });
    }
    Ok(ExitCode::SUCCESS)
}
