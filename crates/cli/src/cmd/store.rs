//! `quidpro store merge`: the store's upkeep.

use std::path::Path;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use quidpro_store::MergePolicy;

use crate::Failure;

/// Output formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Aligned columns.
    Table,
    /// JSON.
    Json,
}

/// `quidpro store` subcommands.
#[derive(Subcommand, Debug)]
pub enum StoreCommand {
    /// Merge the small segments many small imports leave (each dataset's segments of
    /// fewer than `--small-below` rows, in the order written, into segments of up to
    /// `--max-rows`), in one transaction. Every event keeps every field, its import run
    /// and retrieval time; clusters and monthly aggregates do not change. The row ids of
    /// merged imported events (`all_events.id`) change; their stable ids do not.
    #[command(after_help = crate::help::STORE_MERGE)]
    Merge {
        /// A segment of fewer rows is small.
        #[arg(long, default_value_t = MergePolicy::default().small_below)]
        small_below: usize,
        /// The most rows of a merged segment (at most 1,048,576).
        #[arg(long, default_value_t = MergePolicy::default().max_rows)]
        max_rows: usize,
        /// Output format.
        #[arg(long, value_enum, ignore_case = true, default_value = "table")]
        format: Format,
    },
}

/// Runs `quidpro store ...`.
pub fn run(cmd: StoreCommand, store_path: &Path) -> Result<ExitCode, Failure> {
    match cmd {
        StoreCommand::Merge { small_below, max_rows, format } => {
            super::must_exist(store_path)?;
            let mut store = super::open_store(store_path)?;
            let policy = MergePolicy { small_below, max_rows, ..MergePolicy::default() };
            let done = store.merge_segments(&policy).map_err(|e| Failure::Input(e.into()))?;
            let text = match format {
                Format::Table => quidpro_report::maintenance::merge_table(&done),
                Format::Json => quidpro_report::maintenance::merge_json(&done),
            };
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
    }
}
