//! `quidpro code [FILE...|-]`: stories in, events out.
//!
//! # Output formats (stable)
//!
//! * `jsonl` (default): one JSON object per event per line, the fields documented on
//!   [`quidpro_event::Event`]: `id`, `story_id`, `sentence`, `date`, `date_precision`, `date_source`,
//!   `source`, `target`, `code`, `root`, `quad_class`, `goldstein`, `span`, `attribution`,
//!   `modality`, `rule`, `entries`, `text`.
//! * `tsv`: a header line, then one line per event with the columns [`TSV_COLUMNS`]
//!   (tabs and newlines inside values are replaced by spaces).
//! * `--explain` adds, after each event, indented lines with the matched words and the
//!   dictionary entries behind the source, the target and the pattern (for people; not
//!   a stable format).

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use chrono::NaiveDate;
use clap::ValueEnum;
use quidpro_coder::{CodedEvent, CoderBuilder};
use quidpro_text::{Story, StoryReader};

use crate::Failure;

/// The TSV columns, in order.
pub const TSV_COLUMNS: &[&str] = &[
    "id",
    "story_id",
    "sentence",
    "date",
    "date_precision",
    "source",
    "target",
    "code",
    "root",
    "quad_class",
    "goldstein",
    "span_start",
    "span_end",
    "attribution",
    "modality",
    "rule",
    "text",
];

/// Output formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// JSON lines.
    Jsonl,
    /// Tab-separated values with a header.
    Tsv,
}

/// Arguments of `quidpro code`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// JSONL story files (`-` or nothing: standard input).
    files: Vec<PathBuf>,
    /// Read each input as plain text, one story dated DATE (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// Outlet of plain-text stories (the default asserter).
    #[arg(long, value_name = "NAME")]
    source: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Show the matched words and dictionary entries of each event.
    #[arg(long)]
    explain: bool,
    /// Also write negated and denied events (with their modality).
    #[arg(long)]
    include_negated: bool,
    /// Dictionary folder, ours or the field's (TABARI, PETRARCH2); repeat to
    /// merge them in order (default: `$QUIDPRO_DICT`, folders separated by `:`, else the
    /// shipped dictionaries).
    #[arg(long, value_name = "DIR")]
    dict: Vec<PathBuf>,
}

fn tsv_clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Writes one event; `buf` is scratch space kept between events (a JSON line is
/// serialized into it and written at once).
fn write_event(
    out: &mut dyn Write,
    buf: &mut Vec<u8>,
    format: Format,
    e: &CodedEvent,
    story: &Story,
    explain: bool,
) -> io::Result<()> {
    let ev = &e.event;
    match format {
        Format::Jsonl => {
            buf.clear();
            serde_json::to_writer(&mut *buf, ev).map_err(io::Error::other)?;
            buf.push(b'\n');
            out.write_all(buf)?;
        }
        Format::Tsv => {
            let p = &ev.provenance;
            let cols = [
                ev.id(),
                tsv_clean(&p.story_id),
                p.sentence.to_string(),
                ev.date.to_string(),
                ev.date_precision.as_str().to_string(),
                ev.source.to_string(),
                ev.target.to_string(),
                ev.code.to_string(),
                ev.code.root().to_string(),
                ev.quad_class().number().to_string(),
                ev.goldstein().to_string(),
                p.span.start.to_string(),
                p.span.end.to_string(),
                tsv_clean(ev.attribution.label()),
                ev.modality.as_str().to_string(),
                tsv_clean(&p.rule),
                tsv_clean(&ev.text),
            ];
            writeln!(out, "{}", cols.join("\t"))?;
        }
    }
    if explain {
        let x = &e.explanation;
        let words: Vec<&str> = x.words.iter().map(|s| s.slice(&story.text)).collect();
        writeln!(
            out,
            "    {} {} {} ({}), {}: {:?}",
            ev.source,
            ev.target,
            ev.code,
            ev.code.name(),
            ev.date,
            ev.text
        )?;
        writeln!(out, "    rule:   {}", ev.provenance.rule)?;
        writeln!(out, "    words:  {}", words.join(" … "))?;
        writeln!(
            out,
            "    source: {:?} ← {}",
            x.source_span.slice(&story.text),
            x.source_entries.join("; ")
        )?;
        writeln!(
            out,
            "    target: {:?} ← {}",
            x.target_span.slice(&story.text),
            x.target_entries.join("; ")
        )?;
        writeln!(
            out,
            "    modality {}, attributed to {}",
            ev.modality.as_str(),
            if ev.attribution.label().is_empty() { "(story)" } else { ev.attribution.label() }
        )?;
    }
    Ok(())
}

/// Runs `quidpro code`.
pub fn run(args: Args) -> Result<ExitCode, Failure> {
    let date = match &args.date {
        Some(d) => Some(
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| Failure::Usage(anyhow!("--date must be YYYY-MM-DD, got {d:?}")))?,
        ),
        None => None,
    };
    let dict = super::load_dictionary(&args.dict)?;
    let coder = CoderBuilder::new().include_negated(args.include_negated).build(dict);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    if let Format::Tsv = args.format {
        writeln!(out, "{}", TSV_COLUMNS.join("\t")).context("writing output")?;
    }
    let inputs: Vec<PathBuf> =
        if args.files.is_empty() { vec![PathBuf::from("-")] } else { args.files.clone() };
    let show_progress = io::stderr().is_terminal() && inputs.iter().all(|p| p.as_os_str() != "-");
    let total: u64 = if show_progress {
        inputs.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum()
    } else {
        0
    };
    let bar = super::byte_bar(show_progress, total);
    let mut bad_lines = 0usize;
    let mut stories = 0usize;
    let mut events = 0usize;
    let mut buf = Vec::new();
    for path in &inputs {
        let origin = path.display().to_string();
        let reader: Box<dyn BufRead> = if origin == "-" {
            Box::new(BufReader::new(io::stdin()))
        } else {
            let f = File::open(path).map_err(|e| Failure::Input(anyhow!("{origin}: {e}")))?;
            Box::new(BufReader::with_capacity(1 << 16, bar.wrap_read(f)))
        };
        let mut emit = |story: &Story, out: &mut BufWriter<io::StdoutLock<'_>>| -> Result<(), Failure> {
            let mut err = None;
            coder.code_story(story, &mut |e: CodedEvent| {
                events += 1;
                if let Err(x) = write_event(out, &mut buf, args.format, &e, story, args.explain) {
                    err = Some(x);
                    return false;
                }
                true
            });
            match err {
                Some(e) => Err(Failure::Input(anyhow::Error::new(e).context("writing output"))),
                None => Ok(()),
            }
        };
        match date {
            Some(date) => {
                let mut text = String::new();
                let mut r = reader;
                r.read_to_string(&mut text).map_err(|e| Failure::Input(anyhow!("{origin}: {e}")))?;
                let id =
                    path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_else(|| "-".into());
                let story = Story { id, date, text, source: args.source.clone(), url: None };
                stories += 1;
                emit(&story, &mut out)?;
            }
            None => {
                for item in StoryReader::new(reader, origin.clone()) {
                    match item {
                        Ok(mut story) => {
                            if story.source.is_none() {
                                story.source = args.source.clone();
                            }
                            stories += 1;
                            emit(&story, &mut out)?;
                        }
                        Err(e @ quidpro_text::StoryError::Io { .. }) => return Err(Failure::Input(e.into())),
                        Err(e) => {
                            bar.suspend(|| eprintln!("quidpro: {e}"));
                            bad_lines += 1;
                        }
                    }
                }
            }
        }
    }
    out.flush().context("writing output")?;
    bar.finish_and_clear();
    if io::stderr().is_terminal() {
        eprintln!("{stories} stories, {events} events");
    }
    if bad_lines > 0 {
        return Err(Failure::Input(anyhow!("{bad_lines} bad input line(s) skipped")));
    }
    Ok(ExitCode::SUCCESS)
}
