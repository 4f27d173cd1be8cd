//! `quidpro code [FILE...|-]`: stories in, events out.
//!
//! # Output formats
//!
//! * `jsonl` (default, stable): one JSON object per event per line, the event schema's
//!   coded columns (`docs/schema.md`, [`quidpro_event::schema`]) and the coder's
//!   extensions `date_text` and `span`, as documented on [`quidpro_event::Event`]. With `--explain`, also
//!   `explanation`: the matched words and the dictionary entries behind the source and
//!   the target (documented in [`quidpro_report::coded`]).
//! * `csv` (stable): a header, then one row per event with the columns
//!   [`quidpro_report::coded::columns`] (the event schema's coded columns).
//! * `table` (for people, not stable): aligned columns, the text cut short.
//! * `explain` (for people, not stable): each event with the words and dictionary entries
//!   behind its source, target and pattern (`--explain` with `table` gives the same).
//! * `tsv` (hidden, kept for scripts): the CSV's columns separated by tabs (tabs and
//!   newlines inside values replaced by spaces).
//!
//! Input that is not JSON lines (a Markdown, HTML or plain-text file, a dataset's rows)
//! is reported once per file with the command that reads it, not once per line.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use chrono::NaiveDate;
use clap::ValueEnum;
use quidpro_coder::{CodedEvent, CoderBuilder};
use quidpro_report::coded;
use quidpro_text::{Story, StoryReader};

use crate::Failure;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// JSON lines (with --explain: an `explanation` field).
    Jsonl,
    /// Comma-separated values with a header.
    Csv,
    /// Aligned columns for people.
    Table,
    /// Each event with its words and dictionary entries, for people.
    Explain,
    /// Tab-separated values with a header (kept for scripts).
    #[value(hide = true)]
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
    #[arg(long, value_enum, ignore_case = true, default_value = "jsonl")]
    format: Format,
    /// Explain each event: the `explanation` field in JSON lines (the matched words and
    /// the dictionary entries behind source and target); with --format table, the
    /// explain rendering.
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

/// Where events go: a CSV writer, or lines written straight to the output.
struct Sink<'a> {
    out: BufWriter<io::StdoutLock<'a>>,
    format: Format,
    explain: bool,
    buf: Vec<u8>,
}

impl Sink<'_> {
    /// Writes one event coded from `text`.
    fn event(&mut self, e: &CodedEvent, text: &str) -> anyhow::Result<()> {
        let ev = &e.event;
        match self.format {
            Format::Jsonl => {
                self.buf.clear();
                serde_json::to_writer(&mut self.buf, ev)?;
                if self.explain && self.buf.last() == Some(&b'}') {
                    // The field is spliced in, so events without --explain are written
                    // exactly as before, at the same speed.
                    self.buf.pop();
                    self.buf.extend_from_slice(b",\"explanation\":");
                    serde_json::to_writer(&mut self.buf, &coded::explanation_json(&e.explanation, text))?;
                    self.buf.push(b'}');
                }
                self.buf.push(b'\n');
                self.out.write_all(&self.buf)?;
            }
            Format::Tsv => self.out.write_all(coded::tsv_line(ev).as_bytes())?,
            Format::Csv => self.out.write_all(&csv_line(&coded::row(ev))?)?,
            Format::Table if !self.explain => self.out.write_all(coded::table_row(ev).as_bytes())?,
            Format::Table | Format::Explain => self.out.write_all(coded::explain_text(e, text).as_bytes())?,
        }
        Ok(())
    }
}

/// One CSV record (with its line end), quoted as the `csv` crate quotes.
fn csv_line<S: AsRef<[u8]>>(fields: &[S]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(fields)?;
    w.into_inner().map_err(|e| anyhow!("{}", e.error()))
}

/// Looks at the start of an input that should be JSON lines: `Some(hint)` when it is
/// clearly not (its first non-blank character is no `{`), naming the command that reads
/// it; `None` when it may be.
fn not_jsonl(origin: &str, reader: &mut dyn BufRead) -> io::Result<Option<String>> {
    let head = reader.fill_buf()?;
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let Some(first) = head.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Ok(None);
    };
    if head[first] == b'{' {
        return Ok(None);
    }
    let line = String::from_utf8_lossy(&head[first..]).lines().next().unwrap_or_default().to_string();
    Ok(Some(super::hints::not_stories(origin, &line)))
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
    if args.explain && matches!(args.format, Format::Csv | Format::Tsv) {
        return Err(Failure::Usage(anyhow!(
            "--explain adds the field `explanation` to JSON lines (--format jsonl); for people, --format explain"
        )));
    }
    let dict = super::load_dictionary(&args.dict)?;
    let coder = CoderBuilder::new().include_negated(args.include_negated).build(dict);
    let stdout = io::stdout();
    let mut sink = Sink {
        out: BufWriter::with_capacity(1 << 16, stdout.lock()),
        format: args.format,
        explain: args.explain,
        buf: Vec::new(),
    };
    match args.format {
        Format::Tsv => sink.out.write_all(coded::tsv_header().as_bytes()).context("writing output")?,
        Format::Table if !args.explain => {
            sink.out.write_all(coded::table_header().as_bytes()).context("writing output")?
        }
        Format::Csv => sink.out.write_all(&csv_line(&coded::columns())?).context("writing output")?,
        _ => {}
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
    let mut bad_files = 0usize;
    let mut stories = 0u64;
    let mut events = 0usize;
    for path in &inputs {
        let origin = path.display().to_string();
        let mut reader: Box<dyn BufRead> = if origin == "-" {
            Box::new(BufReader::new(io::stdin()))
        } else {
            let f = File::open(path).map_err(|e| Failure::Input(anyhow!("{origin}: {e}")))?;
            Box::new(BufReader::with_capacity(1 << 16, bar.wrap_read(f)))
        };
        let mut emit = |story: &Story, sink: &mut Sink<'_>| -> Result<(), Failure> {
            let mut err = None;
            coder.code_story(story, &mut |e: CodedEvent| {
                events += 1;
                if let Err(x) = sink.event(&e, &story.text) {
                    err = Some(x);
                    return false;
                }
                true
            });
            match err {
                Some(e) => Err(Failure::Input(e.context("writing output"))),
                None => Ok(()),
            }
        };
        match date {
            Some(date) => {
                let mut text = String::new();
                reader.read_to_string(&mut text).map_err(|e| Failure::Input(anyhow!("{origin}: {e}")))?;
                let id =
                    path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_else(|| "-".into());
                let story = Story { id, date, text, source: args.source.clone(), url: None };
                stories += 1;
                emit(&story, &mut sink)?;
            }
            None => {
                let hint =
                    not_jsonl(&origin, &mut reader).map_err(|e| Failure::Input(anyhow!("{origin}: {e}")))?;
                if let Some(hint) = hint {
                    bar.suspend(|| eprintln!("quidpro: {hint}"));
                    bad_files += 1;
                    continue;
                }
                for item in StoryReader::new(reader, origin.clone()) {
                    match item {
                        Ok(mut story) => {
                            if story.source.is_none() {
                                story.source = args.source.clone();
                            }
                            stories += 1;
                            if stories.is_multiple_of(256) {
                                bar.set_message(super::rate_message(
                                    &origin,
                                    stories,
                                    "stories",
                                    bar.elapsed(),
                                ));
                            }
                            emit(&story, &mut sink)?;
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
    sink.out.flush().context("writing output")?;
    bar.finish_and_clear();
    if io::stderr().is_terminal() {
        eprintln!("{stories} stories, {events} events");
    } else if events == 0 && bad_lines == 0 && bad_files == 0 {
        eprintln!("{stories} stories, 0 events");
    }
    if bad_files > 0 {
        return Err(Failure::Input(anyhow!("{bad_files} input(s) not JSON lines")));
    }
    if bad_lines > 0 {
        return Err(Failure::Input(anyhow!("{bad_lines} bad input line(s) skipped")));
    }
    Ok(ExitCode::SUCCESS)
}
