//! `quidpro lint FILE...`: check the footnotes and citations of analytic comments.
//!
//! Each file is read as plain text, Markdown or HTML by its extension (`.txt`, `.md`,
//! `.html`/`.htm`; anything else, and `-` for standard input, as plain text) and checked
//! with the rules of [`quidpro_document::lint`] (their ids and severities are listed there).
//!
//! # Output formats
//!
//! * `human` (default, not stable): rustc-style, per finding the severity and rule id,
//!   the message, `file:line:col`, the line with the offending text underlined, and the
//!   rule's one-line explanation; then a count per file on standard error. For HTML the
//!   line and column are those of the extracted text.
//! * `json` (stable): one object `{"findings": [...]}`, each finding with the fields
//!   documented on [`quidpro_document::lint::Finding`]: `file`, `rule`, `severity`,
//!   `message`, `explanation`, `footnote`, `span`, `line`, `column`, `text`.
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
use quidpro_document::lint::{lint, Finding, Severity};
use quidpro_document::Document;
use quidpro_document::Format as DocFormat;

use crate::Failure;

/// Output formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// rustc-style messages for people.
    Human,
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
    #[arg(long, value_enum, default_value = "human")]
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
        let store = super::open_store(store_path)?;
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
        let mut findings = lint(&doc);
        if let Some((store, coder)) = &checker {
            let more = quidpro_report::document::store_check(coder, &name, &doc, store, None)
                .map_err(|e| Failure::Input(anyhow::anyhow!("{name}: {e}")))?;
            findings.extend(more);
            findings.sort_by_key(|f| (f.span.start, f.span.end));
        }
        errors += findings.iter().filter(|f| f.severity == Severity::Error).count();
        match args.format {
            Format::Json => json.extend(findings.iter().map(|f| f.to_json(&doc, &name))),
            Format::Human => {
                for f in &findings {
                    write_human(&mut out, &doc, &name, f).map_err(|e| Failure::Input(e.into()))?;
                }
                let e = findings.iter().filter(|f| f.severity == Severity::Error).count();
                let w = findings.len() - e;
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
        let v = serde_json::json!({ "findings": json });
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

fn write_human(out: &mut impl Write, doc: &Document, file: &str, f: &Finding) -> io::Result<()> {
    let (line, col) = doc.line_col(f.span.start);
    writeln!(out, "{}[{}]: {}", f.severity.as_str(), f.rule.id(), f.message)?;
    let where_ = if doc.format == DocFormat::Html { " (extracted text)" } else { "" };
    let gutter = line.to_string().len();
    let pad = " ".repeat(gutter);
    writeln!(out, "{pad}--> {file}:{line}:{col}{where_}")?;
    // The line.
    let line_start = doc.text[..floor(&doc.text, f.span.start)].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = doc.text[line_start..].find('\n').map(|i| line_start + i).unwrap_or(doc.text.len());
    let chars: Vec<char> = doc.text[line_start..line_end]
        .trim_end_matches('\r')
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let c0 = col - 1;
    let span_end = floor(&doc.text, f.span.end.min(line_end).max(f.span.start));
    let len = doc.text[floor(&doc.text, f.span.start)..span_end].chars().count().max(1);
    let (from, to) = if chars.len() <= MAX_LINE {
        (0, chars.len())
    } else {
        let from = c0.saturating_sub(40);
        (from, (c0 + len + 40).max(from + 100).min(chars.len()))
    };
    let mut shown: String = chars[from..to].iter().collect();
    let mut offset = c0 - from;
    if from > 0 {
        shown.insert(0, '…');
        offset += 1;
    }
    if to < chars.len() {
        shown.push('…');
    }
    let len = len.min(to.saturating_sub(c0).max(1));
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
