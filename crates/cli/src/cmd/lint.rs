//! `quidpro lint FILE...`: check the footnotes and citations of analytic comments.
//!
//! Each file is read as plain text, Markdown or HTML by its extension (`.txt`, `.md`,
//! `.html`/`.htm`; anything else, and `-` for standard input, as plain text) and checked
//! with the rules of [`quidpro_document::lint`] (their ids and severities are listed there).
//!
//! # Output formats
//!
//! * `table` (default, not stable; `human` is an old name for it): rustc-style, per finding the severity and rule id,
//!   the message, `file:line:col`, the line with the offending text underlined, and the
//!   rule's one-line explanation; then a count per file on standard error. For HTML the
//!   line and column are those of the extracted text.
//! * `json` (stable): one object `{"findings": [...]}`, each finding with the fields
//!   documented on [`quidpro_document::lint::Finding`]: `file`, `rule`, `severity`,
//!   `message`, `explanation`, `footnote`, `span`, `line`, `column`, `text`.
//!
//! A document whose footnote numbers repeat may have a finding per marker: only the first
//! `--max-per-rule` findings of each rule (default 100; 0: all) are printed, and the
//! others counted: a `note:` line per rule (table), `omitted` (JSON:
//! `[{"file", "rule", "count"}]`). The counts on standard error and the exit code take
//! every finding into account. Output is linear in the input.
//!
//! With `--check-store`, the rule `event-date-store` also compares the dates the text
//! writes for its events with the store's records of the same events
//! ([`quidpro_report::document::store_check`]).
//!
//! Exit codes: 0 when no finding is an error (warnings allowed), 1 when one is, 2 when a
//! file cannot be read (the other files are still checked).

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use quidpro_document::lint::{lint_capped, Finding, Severity};
use quidpro_document::Document;
use quidpro_document::Format as DocFormat;

use crate::Failure;

/// Output formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// rustc-style messages for people.
    #[value(alias = "human")]
    Table,
    /// One JSON object with a `findings` array.
    Json,
}

/// Arguments of `quidpro lint`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Documents to check (`.txt`, `.md`, `.html`, `.htm`; `-`: standard input as text).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value = "table")]
    format: Format,
    /// Also check the dates the text gives events against the store (`--store`):
    /// the `event-date-store` rule.
    #[arg(long)]
    check_store: bool,
    /// Dictionary folder for `--check-store`, ours or the field's (TABARI, PETRARCH2); repeat to
    /// merge them in order (default: `$QUIDPRO_DICT`, folders separated by `:`, else the
    /// shipped dictionaries).
    #[arg(long, value_name = "DIR")]
    dict: Vec<PathBuf>,
    /// Print at most this many findings of each rule per file and count the others
    /// (0: print all).
    #[arg(long, value_name = "N", default_value_t = 100)]
    max_per_rule: usize,
}

fn read(path: &Path) -> io::Result<Document> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        io::stdin().read_to_end(&mut bytes)?;
        return Ok(Document::parse(&bytes, DocFormat::Text));
    }
    let bytes = std::fs::read(path)?;
    Ok(Document::parse(&bytes, DocFormat::from_path(path)))
}

/// Runs `quidpro lint`.
pub fn run(args: Args, store_path: &Path) -> Result<ExitCode, Failure> {
    // The store check needs the store and the coder.
    let checker = if args.check_store {
        if !store_path.exists() {
            return Err(Failure::Input(anyhow::anyhow!(
                "--check-store: no store at {}",
                store_path.display()
            )));
        }
        let store = super::open_existing_store(store_path)?;
        let dict = super::load_dictionary(&args.dict)?;
        Some((store, quidpro_coder::CoderBuilder::new().build(dict)))
    } else {
        None
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut unreadable = false;
    let mut errors = 0usize;
    let mut json = Vec::new();
    let mut omitted_json = Vec::new();
    let cap = if args.max_per_rule == 0 { usize::MAX } else { args.max_per_rule };
    for path in &args.files {
        let name = path.display().to_string();
        let doc = match read(path) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("quidpro: {name}: {e}");
                unreadable = true;
                continue;
            }
        };
        let linted = lint_capped(&doc, cap);
        let (total, file_errors) = (linted.total(), linted.errors());
        let (mut findings, omitted) = (linted.findings, linted.omitted);
        let (mut total, mut file_errors) = (total, file_errors);
        if let Some((store, coder)) = &checker {
            let more = quidpro_report::document::store_check(coder, &name, &doc, store, None)
                .map_err(|e| Failure::Input(anyhow::anyhow!("{name}: {e}")))?;
            total += more.len();
            file_errors += more.iter().filter(|f| f.severity == Severity::Error).count();
            findings.extend(more);
            findings.sort_by_key(|f| (f.span.start, f.span.end));
        }
        errors += file_errors;
        match args.format {
            Format::Json => {
                json.extend(findings.iter().map(|f| f.to_json(&doc, &name)));
                omitted_json.extend(
                    omitted
                        .iter()
                        .map(|(r, n)| serde_json::json!({"file": name, "rule": r.id(), "count": n})),
                );
            }
            Format::Table => {
                let lines = LineIndex::new(&doc.text);
                for f in &findings {
                    write_human(&mut out, &doc, &lines, &name, f).map_err(|e| Failure::Input(e.into()))?;
                }
                for (r, n) in &omitted {
                    writeln!(
                        out,
                        "note: {n} more {}[{}] finding(s) in {name} not shown (--max-per-rule {})\n",
                        r.severity().as_str(),
                        r.id(),
                        args.max_per_rule
                    )
                    .map_err(|e| Failure::Input(e.into()))?;
                }
                let e = file_errors;
                let w = total - e;
                out.flush().map_err(|e| Failure::Input(e.into()))?;
                if findings.is_empty() {
                    eprintln!("{name}: no findings");
                } else {
                    eprintln!("{name}: {e} error(s), {w} warning(s)");
                }
            }
        }
    }
    if let Format::Json = args.format {
        let v = if omitted_json.is_empty() {
            serde_json::json!({ "findings": json })
        } else {
            serde_json::json!({ "findings": json, "omitted": omitted_json })
        };
        writeln!(out, "{v}").map_err(|e| Failure::Input(e.into()))?;
    }
    out.flush().map_err(|e| Failure::Input(e.into()))?;
    Ok(if unreadable {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Longest line shown whole; longer ones are cut around the span.
const MAX_LINE: usize = 120;

/// Where each line of a text starts (one pass), so that a finding's line is found by
/// binary search rather than by scanning back from it.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        LineIndex { starts: std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect() }
    }

    /// The start and end (before its newline) of the line that holds byte `pos`.
    fn line(&self, text: &str, pos: usize) -> (usize, usize) {
        let k = self.starts.partition_point(|&s| s <= pos).max(1);
        let start = self.starts[k - 1];
        let end = self.starts.get(k).map_or(text.len(), |&s| s - 1);
        (start, end.max(start))
    }
}

fn write_human(
    out: &mut impl Write,
    doc: &Document,
    lines: &LineIndex,
    file: &str,
    f: &Finding,
) -> io::Result<()> {
    let (line, col) = doc.line_col(f.span.start);
    writeln!(out, "{}[{}]: {}", f.severity.as_str(), f.rule.id(), f.message)?;
    let where_ = if doc.format == DocFormat::Html { " (extracted text)" } else { "" };
    let gutter = line.to_string().len();
    let pad = " ".repeat(gutter);
    writeln!(out, "{pad}--> {file}:{line}:{col}{where_}")?;
    // The line, around the span: at most MAX_LINE characters are read on each side, so
    // that a long line costs no more than a short one.
    let text = &doc.text;
    let start = floor(text, f.span.start);
    let (line_start, line_end) = lines.line(text, start);
    let line_end = text[line_start..line_end].trim_end_matches('\r').len() + line_start;
    let before: Vec<char> = text[line_start..start].chars().rev().take(MAX_LINE + 1).collect();
    let span_end = floor(text, f.span.end.min(line_end).max(start));
    let span_chars = text[start..span_end].chars().take(MAX_LINE + 1).count().max(1);
    let after: Vec<char> = text[start..line_end].chars().take(MAX_LINE + span_chars + 1).collect();
    let after_bytes: usize = after.iter().map(|c| c.len_utf8()).sum();
    let whole = before.len() + after.len() <= MAX_LINE && start + after_bytes >= line_end;
    let tab = |c: char| if c == '\t' { ' ' } else { c };
    let len = span_chars.min(after.len()).max(1);
    let (shown, offset, len) = if whole {
        (before.iter().rev().chain(after.iter()).map(|&c| tab(c)).collect(), before.len(), len)
    } else {
        // 40 characters before the span, up to 40 after it (at least 100 in all).
        let lead = before.len().min(40);
        let tail = (len + 40).max(100 - lead).min(after.len());
        let mut shown = String::new();
        if lead < before.len() {
            shown.push('…');
        }
        shown.extend(before[..lead].iter().rev().map(|&c| tab(c)));
        shown.extend(after[..tail].iter().map(|&c| tab(c)));
        if tail < after.len() || start + after_bytes < line_end {
            shown.push('…');
        }
        (shown, lead + usize::from(lead < before.len()), len.min(tail).max(1))
    };
    writeln!(out, "{pad} |")?;
    writeln!(out, "{line} | {shown}")?;
    writeln!(out, "{pad} | {}{}", " ".repeat(offset), "^".repeat(len))?;
    match &f.footnote {
        Some(n) => writeln!(out, "{pad} = footnote {n}: {}", f.rule.explanation())?,
        None => writeln!(out, "{pad} = {}", f.rule.explanation())?,
    }
    writeln!(out)
}

fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
