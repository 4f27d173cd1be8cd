//! `quidpro import KIND FILE...`: event datasets into the store.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::anyhow;
use quidpro_import::countries::Countries;
use quidpro_import::dataset::{self, Bulk, ImportOptions, Kind};

use crate::Failure;

/// `--bulk`: [`Bulk`] as typed.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum BulkArg {
    Auto,
    Always,
    Never,
}

/// The kinds `import` takes (completed by the shells' completions).
const KINDS: [&str; 9] =
    ["gdelt1", "gdelt2", "gdelt2-mentions", "icews", "polecat", "acled", "phoenix", "parquet", "auto"];

/// Arguments of `quidpro import`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// `gdelt1`, `gdelt2`, `gdelt2-mentions`, `icews`, `polecat`, `acled`, `phoenix`,
    /// `parquet`, or `auto` (told from name and content); any case.
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(KINDS), ignore_case = true, hide_possible_values = true)]
    kind: String,
    /// Files, plain, gzipped (.gz) or zipped (.zip: every data entry).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Refuse a file, writing nothing of it, at its first malformed row.
    #[arg(long)]
    strict: bool,
    /// Rows per transaction (when not in bulk).
    #[arg(long, default_value_t = 50_000)]
    batch: usize,
    /// `auto`: a large file (about 100,000 rows or more) is written in one transaction,
    /// its events in segments of up to a million rows (faster to write and to read);
    /// `always`; `never`: batches of `--batch` rows, each committed and a segment of its
    /// own. Either way a killed import stores whole transactions only.
    #[arg(long, value_enum, ignore_case = true, default_value = "auto")]
    bulk: BulkArg,
    /// The longest line (CSV record) read, in bytes; a longer one is a bad row named by
    /// file and line (a CSV record ends the file's reading), and is never held in memory.
    /// 0: no limit.
    #[arg(long, default_value_t = dataset::MAX_LINE_BYTES)]
    max_line_bytes: usize,
    /// The longest field (a URL, a name, ACLED's notes) read, in bytes; a row with a
    /// longer one is a bad row named by file and line. 0: no limit.
    #[arg(long, default_value_t = dataset::MAX_FIELD_BYTES)]
    max_field_bytes: usize,
    /// Bad rows allowed before the exit code is 1 (they are skipped, reported and counted
    /// either way; the first 20 of a file are shown one by one, the rest counted).
    #[arg(long, default_value_t = 0)]
    max_skipped: u64,
}

/// Whether `auto` takes `path` as Parquet: a folder (an export's partitions; no dataset
/// is a folder) or a file named `.parquet`, as `quidpro_exchange::import_parquet` reads.
fn is_parquet(path: &Path) -> bool {
    path.is_dir() || path.extension().is_some_and(|e| e == "parquet")
}

/// Runs `quidpro import`.
pub fn run(args: Args, store_path: &Path) -> Result<ExitCode, Failure> {
    let kind_name = args.kind.trim().to_lowercase();
    if kind_name == "parquet" {
        return super::export::import(&args.files, store_path);
    }
    // `auto` takes an export's Parquet (a `.parquet` file, or a folder of them) through
    // `quidpro_exchange::import_parquet`, the other files as datasets.
    if kind_name == "auto" && args.files.iter().any(|p| is_parquet(p)) {
        let (parquet, files): (Vec<PathBuf>, Vec<PathBuf>) =
            args.files.iter().cloned().partition(|p| is_parquet(p));
        let datasets =
            if files.is_empty() { Ok(ExitCode::SUCCESS) } else { run(Args { files, ..args }, store_path) };
        let exported = super::export::import(&parquet, store_path);
        return match (datasets, exported) {
            (Err(e), _) | (Ok(_), Err(e)) => Err(e),
            (Ok(_), Ok(code)) => Ok(code),
        };
    }
    let kind = match kind_name.as_str() {
        "auto" => None,
        k => Some(Kind::parse(k).ok_or_else(|| {
            Failure::Usage(anyhow!(
                "unknown kind {:?}: gdelt1, gdelt2, gdelt2-mentions, icews, polecat, acled, phoenix, parquet or auto (any case)",
                args.kind
            ))
        })?),
    };
    let (dict, errors) = quidpro_dict::Dictionary::embedded();
    if !errors.is_empty() {
        return Err(Failure::Input(anyhow!("shipped dictionaries have errors; see `quidpro dict check`")));
    }
    let countries = Countries::new(&dict);
    let mut store = super::open_store(store_path)?;
    // The actors table names the codes the datasets' countries were normalised to.
    quidpro_import::actors::store_dictionary_actors(&mut store, &dict)
        .map_err(|e| Failure::Input(e.into()))?;
    let bulk = match args.bulk {
        BulkArg::Auto => Bulk::Auto,
        BulkArg::Always => Bulk::Always,
        BulkArg::Never => Bulk::Never,
    };
    let limits = dataset::Limits { line: args.max_line_bytes, field: args.max_field_bytes };
    let opts =
        ImportOptions { strict: args.strict, batch: args.batch.max(1), bulk, limits, ..Default::default() };
    let tty = std::io::stderr().is_terminal();
    let mut skipped = 0u64;
    for path in &args.files {
        let bar = super::byte_bar(tty, 0);
        let name = path.display().to_string();
        let s = dataset::import_file(&mut store, &countries, kind, path, &opts, &mut |p| {
            bar.set_length(p.total_bytes);
            bar.set_position(p.bytes);
            // After the last row an import still writes its last segment and clusters.
            let stage = if p.bytes >= p.total_bytes { ", finishing" } else { "" };
            bar.set_message(format!("{}{stage}", super::rate_message(&name, p.rows, "rows", bar.elapsed())))
        })
        .map_err(|e| Failure::Input(e.into()))?;
        bar.finish_and_clear();
        for m in &s.messages {
            eprintln!("quidpro: {m}");
        }
        let reasons: Vec<String> = s.stats.skipped.iter().map(|(r, n)| format!("{n} {r}")).collect();
        eprintln!(
            "{name} ({}): {} rows read, {} stored, {} duplicates, {} skipped{}",
            s.kind.map(|k| k.name()).unwrap_or("?"),
            s.stats.read,
            s.stats.stored,
            s.stats.duplicates,
            s.stats.skipped_total(),
            if reasons.is_empty() { String::new() } else { format!(" ({})", reasons.join(", ")) }
        );
        skipped += s.stats.skipped_total();
    }
    if skipped > args.max_skipped {
        return Err(Failure::Input(anyhow!("{skipped} malformed row(s) skipped")));
    }
    Ok(ExitCode::SUCCESS)
}
