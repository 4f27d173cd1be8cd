//! One module per subcommand.

pub mod actors;
pub mod analyze;
pub mod code;
pub mod content;
pub mod dict;
pub mod events;
pub mod export;
pub mod hints;
pub mod import;
pub mod ingest;
pub mod lint;
pub mod meta;
pub mod recode;
pub mod relations;
pub mod report;
pub mod search;
pub mod sql;

use std::path::PathBuf;

use anyhow::anyhow;
use quidpro_dict::Dictionary;

use crate::Failure;

/// Writes a report to `output` (atomically: a file beside it renamed over it; then says
/// so on standard error), or to standard output (a closed pipe, `| head`, is
/// turned into success by `main`).
pub fn write_output(output: Option<&std::path::Path>, text: &str) -> Result<(), Failure> {
    use anyhow::Context;
    use std::io::Write;
    match output {
        Some(p) => {
            // Written beside it and renamed: the file is either the old one or the whole new one.
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let tmp = p.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
            let failed = |e: std::io::Error| Failure::Input(anyhow!("{}: {e}", p.display()));
            std::fs::write(&tmp, text).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                failed(e)
            })?;
            std::fs::rename(&tmp, p).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                failed(e)
            })?;
            eprintln!("wrote {} ({} bytes)", p.display(), text.len());
            Ok(())
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|()| out.flush()).context("writing output")?;
            Ok(())
        }
    }
}

/// A progress bar over `total` bytes of input on a terminal (`show`), nothing otherwise:
/// the share done, a message (set by the caller: [`rate_message`], rows and rows per
/// second), and the time left, estimated from the bytes read.
pub fn byte_bar(show: bool, total: u64) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let b = indicatif::ProgressBar::new(total);
    b.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {percent:>3}% {msg} · ETA {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    b
}

/// "NAME: 1,234,567 rows, 550,123 rows/s": a progress message with the rate over
/// `elapsed`.
pub fn rate_message(name: &str, n: u64, unit: &str, elapsed: std::time::Duration) -> String {
    let secs = elapsed.as_secs_f64();
    let rate = if secs > 0.0 { (n as f64 / secs).round() as u64 } else { 0 };
    format!("{name}: {} {unit}, {} {unit}/s", indicatif::HumanCount(n), indicatif::HumanCount(rate))
}

/// The longest full-text query `events --search` and `search` accept by default, in
/// bytes (`--max-query-bytes`): FTS5's time grows with the query, and a query of
/// hundreds of kilobytes is pasted text, not a search.
pub const MAX_QUERY_BYTES: usize = 4096;

/// Refuses a full-text query longer than `max` bytes (0: no limit) as a usage error that
/// names the flag.
pub fn check_query_len(query: &str, max: usize) -> Result<(), Failure> {
    if max > 0 && query.len() > max {
        return Err(Failure::Usage(anyhow!(
            "the full-text query is {} bytes, longer than the limit of {max} (--max-query-bytes; 0 for no limit)",
            query.len()
        )));
    }
    Ok(())
}

/// The global `--init`: a SQLite file that is not a store may be made one.
pub static INIT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Opens (creating or migrating) the store at `path`; a SQLite file of another
/// application is refused unless `--init` was given.
pub fn open_store(path: &std::path::Path) -> Result<quidpro_store::Store, Failure> {
    let opened = if INIT.load(std::sync::atomic::Ordering::Relaxed) {
        quidpro_store::Store::open_init(path)
    } else {
        quidpro_store::Store::open(path)
    };
    opened.map_err(|e| Failure::Input(e.into()))
}

/// Opens the store at `path` for reading only: it must exist (a reader never creates
/// one), and may be on a read-only file, folder or filesystem; nothing is written to it.
pub fn open_existing_store(path: &std::path::Path) -> Result<quidpro_store::Store, Failure> {
    must_exist(path)?;
    quidpro_store::Store::open_read_only(path).map_err(|e| Failure::Input(e.into()))
}

/// Opens the store at `path` for writing: it must exist.
pub fn open_existing_store_rw(path: &std::path::Path) -> Result<quidpro_store::Store, Failure> {
    must_exist(path)?;
    open_store(path)
}

fn must_exist(path: &std::path::Path) -> Result<(), Failure> {
    if !path.exists() {
        return Err(Failure::Input(anyhow!(
            "no store at {} (see `quidpro ingest`, `quidpro import`)",
            path.display()
        )));
    }
    Ok(())
}

/// The dictionary folders to load: `--dict DIR` (repeated), else `$QUIDPRO_DICT` (folders
/// separated by `:`); empty for the shipped dictionaries.
pub fn dictionary_dirs(dirs: &[PathBuf]) -> Vec<PathBuf> {
    if !dirs.is_empty() {
        return dirs.to_vec();
    }
    match std::env::var_os("QUIDPRO_DICT") {
        Some(v) if !v.is_empty() => std::env::split_paths(&v).filter(|p| !p.as_os_str().is_empty()).collect(),
        _ => Vec::new(),
    }
}

/// Loads the dictionaries ([`dictionary_dirs`]): each folder ours, the field's or a mix,
/// merged in order; the shipped ones when none is given. Any error in a file of our
/// format is bad input; lines of the field's files that could not be mapped are not
/// (`quidpro dict check` lists them).
pub fn load_dictionary(dirs: &[PathBuf]) -> Result<Dictionary, Failure> {
    let dirs = dictionary_dirs(dirs);
    let (dict, errors) = if dirs.is_empty() {
        Dictionary::embedded()
    } else {
        let l = Dictionary::load_folders(&dirs);
        (l.dict, l.errors)
    };
    if errors.is_empty() {
        return Ok(dict);
    }
    for e in &errors {
        eprintln!("{e}");
    }
    let origin = if dirs.is_empty() {
        "shipped dictionaries".to_string()
    } else {
        dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")
    };
    Err(Failure::Input(anyhow!("{} error(s) in {origin}; see `quidpro dict check`", errors.len())))
}
