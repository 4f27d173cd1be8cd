//! Hints for the wrong tool or an unknown name: what a file given to `code` or `ingest`
//! looks like when it is not what they read, and which actor a code that the store does
//! not know may have meant.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use quidpro_import::dataset::Kind;
use quidpro_store::Store;

/// The message for an input of `code` (or a `.jsonl` file of `ingest`) that is not JSON
/// lines, from its first line: a dataset's rows point to `quidpro import`, anything else
/// to `quidpro analyze` and `code --date`.
pub fn not_stories(origin: &str, first_line: &str) -> String {
    if let Some(kind) = Kind::detect(origin, first_line) {
        return format!(
            "{origin}: not JSON lines of stories but the rows of a dataset ({}): use `quidpro import {} {origin}`",
            kind.name(),
            kind.name()
        );
    }
    let mut start: String = first_line.trim().chars().take(40).collect();
    if first_line.trim().chars().count() > 40 {
        start.push('…');
    }
    format!(
        "{origin}: not JSON lines (one story per line as a JSON object with id, date and text; \
         this starts with {start:?}): for an analytic document (Markdown, HTML, text with footnotes) \
         use `quidpro analyze {origin}` (or `quidpro ingest {origin}` to store it); to code plain \
         text as one story, `quidpro code --date YYYY-MM-DD {origin}`"
    )
}

/// The first line of a file (at most 64 KiB of it), or `None` when it cannot be read.
fn first_line(path: &Path) -> Option<String> {
    let f = std::fs::File::open(path).ok()?;
    let mut r = BufReader::new(f.take(1 << 16));
    let mut line = Vec::new();
    r.read_until(b'\n', &mut line).ok()?;
    Some(String::from_utf8_lossy(&line).into_owned())
}

/// Why `ingest` should not read `path`, if it should not: a dataset's rows (told from
/// its first line, or a compressed file) belong to `quidpro import`, and a story file
/// (`.jsonl`, `.json`) that is not JSON lines is said so once, with the command that
/// reads it.
pub fn not_for_ingest(path: &Path) -> Option<String> {
    let origin = path.display().to_string();
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_lowercase).unwrap_or_default();
    if matches!(ext.as_str(), "gz" | "zip") {
        return Some(format!(
            "{origin}: a compressed file: `ingest` reads stories (.jsonl) and documents (.md, .html, .txt); \
             for a dataset's rows use `quidpro import auto {origin}`"
        ));
    }
    let line = first_line(path)?;
    if let Some(kind) = Kind::detect(&origin, &line) {
        return Some(format!(
            "{origin}: the rows of a dataset ({}), not stories or a document: use `quidpro import {} {origin}`",
            kind.name(),
            kind.name()
        ));
    }
    let is_stories = matches!(ext.as_str(), "jsonl" | "json");
    let trimmed = line.trim_start_matches('\u{feff}').trim();
    if is_stories && !trimmed.is_empty() && !trimmed.starts_with('{') {
        return Some(not_stories(&origin, &line));
    }
    None
}

/// The note for an actor code the store knows neither as an actor nor as a side of an
/// event: "TURKEY is no actor code in this store; did you mean TUR (Turkey)?". `None`
/// when the store knows it (or the store cannot say).
pub fn unknown_actor(store: &Store, code: &str) -> Option<String> {
    if code.is_empty() || store.knows_actor_code(code).unwrap_or(true) {
        return None;
    }
    let up = code.to_uppercase();
    Some(match store.suggest_actor(code).ok().flatten() {
        Some(a) if a.name.is_empty() => {
            format!("{up} is no actor code in this store; did you mean {}?", a.code)
        }
        Some(a) => format!("{up} is no actor code in this store; did you mean {} ({})?", a.code, a.name),
        None => format!("{up} is no actor code in this store (`quidpro actors TEXT` lists codes by name)"),
    })
}

/// Prints a note on standard error for each code the store does not know; whether any.
pub fn note_unknown_actors<'a>(store: &Store, codes: impl IntoIterator<Item = &'a str>) -> bool {
    let mut any = false;
    for c in codes {
        if let Some(note) = unknown_actor(store, c) {
            eprintln!("quidpro: {note}");
            any = true;
        }
    }
    any
}
