//! `quidpro ingest FILE...|DIR`: code stories (JSON lines) and analytic documents (plain
//! text, Markdown, HTML) and store them with their sentences, events and citations.

use std::fs::File;
use std::io::{BufReader, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::anyhow;
use quidpro_coder::CoderBuilder;

use crate::Failure;

/// Arguments of `quidpro ingest`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// JSON-lines story files (`.jsonl`), analytic documents (`.md`, `.html`, `.txt`), or
    /// folders (every such file below them).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The date of documents that state none (YYYY-MM-DD).
    #[arg(long)]
    date: Option<String>,
    /// Stories per transaction.
    #[arg(long, default_value_t = 500)]
    batch: usize,
    /// Dictionary folder, ours or the field's (TABARI, PETRARCH2); repeat to
    /// merge them in order (default: `$QUIDPRO_DICT`, folders separated by `:`, else the
    /// shipped dictionaries).
    #[arg(long, value_name = "DIR")]
    dict: Vec<PathBuf>,
}

/// Every `*.jsonl` file of the paths, folders expanded, sorted within a folder.
pub fn expand(paths: &[PathBuf], ext: &[&str]) -> Result<Vec<PathBuf>, Failure> {
    fn walk(dir: &Path, ext: &[&str], out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, ext, out)?;
            } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| ext.contains(&e)) {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, ext, &mut out).map_err(|e| Failure::Input(anyhow!("{}: {e}", p.display())))?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Runs `quidpro ingest`.
pub fn run(args: Args, store_path: &Path) -> Result<ExitCode, Failure> {
    let date = match &args.date {
        Some(d) => Some(
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| Failure::Usage(anyhow!("--date must be YYYY-MM-DD, got {d:?}")))?,
        ),
        None => None,
    };
    let files = expand(&args.paths, &["jsonl", "json", "md", "markdown", "html", "htm", "txt"])?;
    // Files for another command are refused before anything is written.
    let wrong: Vec<String> = files.iter().filter_map(|p| super::hints::not_for_ingest(p)).collect();
    if !wrong.is_empty() {
        for w in &wrong {
            eprintln!("quidpro: {w}");
        }
        return Err(Failure::Input(anyhow!(
            "{} file(s) not stories or documents; nothing stored",
            wrong.len()
        )));
    }
    let dict = super::load_dictionary(&args.dict)?;
    let mut store = super::open_store(store_path)?;
    // The store's actors table lists the dictionary the events were coded with.
    quidpro_import::actors::store_dictionary_actors(&mut store, &dict)
        .map_err(|e| Failure::Input(e.into()))?;
    // Negated, refused and denied events are stored with their modality: the ledger
    // reads refusals, and `events --modality` lists them; series and counts take only
    // asserted and reported events.
    let coder = CoderBuilder::new().include_negated(true).build(dict);
    let tty = std::io::stderr().is_terminal();
    let mut bad = 0usize;
    let mut total = quidpro_import::ingest::IngestSummary::default();
    for path in &files {
        let origin = path.display().to_string();
        let is_stories =
            path.extension().and_then(|e| e.to_str()).is_some_and(|e| e == "jsonl" || e == "json");
        if !is_stories {
            let s = quidpro_import::ingest::ingest_document(&mut store, &coder, path, date)
                .map_err(|e| Failure::Input(e.into()))?;
            total.stories += s.stories;
            total.new += s.new;
            total.unchanged += s.unchanged;
            total.replaced += s.replaced;
            total.events += s.events;
            continue;
        }
        let f = File::open(path).map_err(|e| Failure::Input(anyhow!("{origin}: {e}")))?;
        let bar = if tty { indicatif::ProgressBar::new_spinner() } else { indicatif::ProgressBar::hidden() };
        bar.set_message(origin.clone());
        let s = quidpro_import::ingest::ingest(
            &mut store,
            &coder,
            BufReader::new(f),
            &origin,
            args.batch,
            &mut |n| bar.set_message(format!("{origin}: {n} stories")),
        )
        .map_err(|e| Failure::Input(e.into()))?;
        bar.finish_and_clear();
        for line in &s.bad_lines {
            eprintln!("quidpro: {line}");
        }
        bad += s.bad_lines.len();
        total.stories += s.stories;
        total.new += s.new;
        total.unchanged += s.unchanged;
        total.replaced += s.replaced;
        total.events += s.events;
    }
    eprintln!(
        "{} stories and documents: {} new, {} unchanged, {} replaced; {} events stored in {}",
        total.stories,
        total.new,
        total.unchanged,
        total.replaced,
        total.events,
        store_path.display()
    );
    if bad > 0 {
        return Err(Failure::Input(anyhow!("{bad} bad input line(s) skipped")));
    }
    Ok(ExitCode::SUCCESS)
}
