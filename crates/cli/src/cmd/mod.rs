//! One module per subcommand.

pub mod actors;
pub mod analyze;
pub mod code;
pub mod dict;
pub mod events;
pub mod export;
pub mod import;
pub mod ingest;
pub mod lint;
pub mod relations;
pub mod report;
pub mod search;

use std::path::PathBuf;

use anyhow::anyhow;
use quidpro_dict::Dictionary;

use crate::Failure;

/// Writes a report to `output`, or to standard output (a closed pipe, `| head`, is
/// turned into success by `main`).
pub fn write_output(output: Option<&std::path::Path>, text: &str) -> Result<(), Failure> {
    use anyhow::Context;
    use std::io::Write;
    match output {
        Some(p) => std::fs::write(p, text).map_err(|e| Failure::Input(anyhow!("{}: {e}", p.display()))),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|()| out.flush()).context("writing output")?;
            Ok(())
        }
    }
}

/// A progress bar over `total` bytes (its rate and time left, then a message) on a
/// terminal (`show`), nothing otherwise.
pub fn byte_bar(show: bool, total: u64) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let b = indicatif::ProgressBar::new(total);
    b.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {per_sec} {eta} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    b
}

/// Opens (creating or migrating) the store at `path`.
pub fn open_store(path: &std::path::Path) -> Result<quidpro_store::Store, Failure> {
    quidpro_store::Store::open(path).map_err(|e| Failure::Input(e.into()))
}

/// Opens the store at `path` for reading: it must exist (a reader never creates one).
pub fn open_existing_store(path: &std::path::Path) -> Result<quidpro_store::Store, Failure> {
    if !path.exists() {
        return Err(Failure::Input(anyhow!(
            "no store at {} (see `quidpro ingest`, `quidpro import`)",
            path.display()
        )));
    }
    open_store(path)
}

/// Loads the dictionaries: `--dict DIR`, else `$QUIDPRO_DICT`, else the shipped ones.
/// Any error in them is bad input.
pub fn load_dictionary(dir: Option<&PathBuf>) -> Result<Dictionary, Failure> {
    let dir = dir.cloned().or_else(|| std::env::var_os("QUIDPRO_DICT").map(PathBuf::from));
    let (dict, errors) = match &dir {
        Some(d) => Dictionary::load_dir(d),
        None => Dictionary::embedded(),
    };
    if errors.is_empty() {
        return Ok(dict);
    }
    for e in &errors {
        eprintln!("{e}");
    }
    let origin = dir.map(|d| d.display().to_string()).unwrap_or_else(|| "shipped dictionaries".into());
    Err(Failure::Input(anyhow!("{} error(s) in {origin}; see `quidpro dict check`", errors.len())))
}
