//! Documents: analytic comments read the way an editor reads them.
//!
//! [`Document::parse`] takes the raw bytes of a plain-text, Markdown or HTML comment
//! (its [`Format`] comes from the file's extension, [`Format::from_path`]) and finds its
//! title, author, dates, paragraphs, sentences, footnote markers and footnotes, and in
//! each footnote the cited works ([`Citation`]). Every span indexes [`Document::text`]:
//! the text itself for plain text and Markdown (invalid UTF-8 replaced, a byte-order
//! mark dropped), the extracted text for HTML (see the `html` module notes below).
//!
//! # Footnotes
//!
//! A footnote is a line that starts with a number in one of these forms: `¹`, `¹⁰`
//! (superscript digits, `<sup>1</sup>` in HTML), `[1]`, `[^1]:` (Markdown), and, after a
//! "Notes"/"References"/"Sources" heading or a separator line (`___`, `---`, `* * *`),
//! also `1.`, `1)` or `1`. Footnotes stand anywhere: at the end, or in the middle after a
//! page break, interrupting a paragraph that then continues (its pieces are the
//! [`Paragraph::parts`]). A footnote goes on over the next lines unless a blank line, a
//! new footnote, a separator or the text it interrupted follows: after a line that ends
//! a sentence, only a line that starts with "See also", a URL, a bracket or a date still
//! belongs to it.
//!
//! Markers are found in the text outside footnotes: superscript digit runs of any length
//! (not after a unit such as `km²`), `<sup>1</sup>` written in Markdown or text, `[1]`,
//! `[^1]`. Each is linked to the footnote with its label that follows it (numbering may
//! restart with each block of notes), else to the last one before it.
//!
//! Headings (Markdown `#` lines, HTML `h1`–`h6`) are structure: paragraphs, but no
//! sentences, and blanked in the text to code ([`Document::headings`]).
//!
//! # HTML
//!
//! HTML is read with a real parser (`scraper`, on `html5ever`): scripts, styles and the
//! head are dropped, block elements become paragraphs, `<sup>1</sup>` becomes `¹`, items
//! of footnote lists get their number (a list is one when its id or class says so, or
//! when it follows a heading that names notes: "Notes", "References", "Sources",
//! "Примечания", "Kaynaklar", "Notlar", ...), and a footnote link whose text is not its address
//! is followed by the address in angle brackets. Spans then index this extracted text.
//!
//! # Document dates
//!
//! [`DateKind::Published`]: a date on a short line near the top (the date line, which
//! may end with a footnote marker: "Caucasus Policy Institute comment, 14.11.2024¹"), or
//! in the metadata of an HTML page, or on a short last line ("Baku, 20.03.2023"). Dates
//! in footnotes, in lines that continue one, and in sentences about an original or an
//! update are never the publication date.
//! [`DateKind::Original`]: a date in a sentence that mentions an original or first
//! publication ("The Russian original appeared on 12.03.2023"). [`DateKind::Updated`]:
//! a date in a sentence about an update.
//!
//! # Author and publisher
//!
//! The author comes from a byline ("By …", or the short line under the title that names
//! people and an outlet) or the HTML metadata. Without one, the publisher is what the
//! date line names before its date ("Caucasus Policy Institute comment, " → "Caucasus
//! Policy Institute"; a lone place such as "Baku, " names none), the page's publisher
//! (HTML), else the first heading. [`Document::asserter`] is the author, else the
//! publisher, else the title; [`Document::to_story`] falls back to the story id, so that
//! the events of a document always have an asserter.
//!
//! # Cost
//!
//! Reading is linear in the input: markers, dates and URLs are found in one pass each,
//! and every lookup (a marker's footnote, the footnote at a position, a date's URL, a
//! column on a long line) is a hash or a binary search.

#![deny(missing_docs)]

mod citation;
mod date;
mod html;
pub mod lint;
mod superscript;
mod url;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

use std::path::Path;

use chrono::NaiveDate;

pub use citation::{dominant_script, Citation, LanguageTag, Script};
pub use date::{find_dates, DateForm, DateMention, NumericOrder};
pub use url::{
    check_url, find_urls, normalize_url, url_date, url_language, UrlDate, UrlProblem, UrlProblemKind, UrlRef,
};

use quidpro_text::{sentences, Span};

/// The format of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text (`.txt` and anything unknown).
    Text,
    /// Markdown (`.md`, `.markdown`).
    Markdown,
    /// HTML (`.html`, `.htm`, `.xhtml`).
    Html,
}

impl Format {
    /// The format a file's extension names; plain text when it names none.
    pub fn from_path(path: &Path) -> Format {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" | "mdown" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            _ => Format::Text,
        }
    }
}

/// A document that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// A piece of text the reader found (a title, an author).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The text.
    pub text: String,
    /// Where it stands in [`Document::text`]; `None` when it comes from HTML metadata.
    pub span: Option<Span>,
}

/// What a document date dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateKind {
    /// The document's own publication date.
    Published,
    /// The date of an original the document translates or reprints.
    Original,
    /// A date of update.
    Updated,
}

/// A date of the document itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocDate {
    /// What it dates.
    pub kind: DateKind,
    /// The day.
    pub date: NaiveDate,
    /// Where it is written; `None` when it comes from HTML metadata.
    pub span: Option<Span>,
}

/// A paragraph: one or more pieces of text (more when footnotes interrupt it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// From the start of the first piece to the end of the last.
    pub span: Span,
    /// The pieces, in order.
    pub parts: Vec<Span>,
}

/// How a footnote number is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerStyle {
    /// Superscript digits: `¹`, `¹⁰` (and `<sup>1</sup>` in HTML).
    Superscript,
    /// In brackets: `[1]`.
    Bracket,
    /// Markdown: `[^1]`.
    Caret,
    /// A plain number in a notes section: `1.`, `1)`.
    Plain,
}

/// A footnote marker in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// The label as written (`"4"`, or a Markdown name).
    pub label: String,
    /// The number, when the label is one.
    pub number: Option<u32>,
    /// The marker itself.
    pub span: Span,
    /// How it is written.
    pub style: MarkerStyle,
    /// The footnote it refers to (an index into [`Document::footnotes`]).
    pub footnote: Option<usize>,
}

/// Whether a footnote cites sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FootnoteKind {
    /// It cites at least one work.
    Citation,
    /// A remark only.
    Note,
}

/// A footnote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Footnote {
    /// The label as written.
    pub label: String,
    /// The number, when the label is one.
    pub number: Option<u32>,
    /// The whole footnote, its number included.
    pub span: Span,
    /// The number as written at its start.
    pub number_span: Span,
    /// Its text after the number.
    pub body: Span,
    /// How its number is written.
    pub style: MarkerStyle,
    /// Citation or note.
    pub kind: FootnoteKind,
    /// The cited works.
    pub citations: Vec<Citation>,
    /// The markers that refer to it (indices into [`Document::markers`]).
    pub markers: Vec<usize>,
}

/// A document read: its text and structure.
#[derive(Clone, Debug)]
pub struct Document {
    /// The format it was read as.
    pub format: Format,
    /// The plain text every span indexes.
    pub text: String,
    /// The title.
    pub title: Option<Field>,
    /// The author (a byline, HTML metadata).
    pub author: Option<Field>,
    /// The publisher when no byline names an author: the rest of the date line
    /// ("Caucasus Policy Institute comment, 14.11.2024" → "Caucasus Policy Institute"),
    /// else the first heading; for HTML, the page's publisher or site name. See
    /// [`Document::asserter`].
    pub publisher: Option<Field>,
    /// The document's own dates.
    pub dates: Vec<DocDate>,
    /// The paragraphs (footnotes excluded; headings included, see
    /// [`Document::headings`]).
    pub paragraphs: Vec<Paragraph>,
    /// The headings (Markdown `#` lines, HTML `h1`–`h6`, notes headings): structure, not
    /// sentences; blanked in [`Document::coding_text`].
    pub headings: Vec<Span>,
    /// The sentences of the paragraphs (headings excluded).
    pub sentences: Vec<Span>,
    /// The footnote markers, in order.
    pub markers: Vec<Marker>,
    /// The footnotes, in order.
    pub footnotes: Vec<Footnote>,
    /// Every date written in the text (outside URLs), in order.
    pub mentions: Vec<DateMention>,
    /// Every URL in the text, in order.
    pub urls: Vec<UrlRef>,
    /// The order of day and month that the document's slash and hyphen dates prove.
    pub date_order: Option<NumericOrder>,
    /// Where each line of the text starts.
    line_starts: Vec<usize>,
    /// Every [`CHAR_MARK`] bytes (rounded down to a character boundary): the byte and
    /// the number of characters before it, so that a column is counted from the nearest
    /// mark, not from the start of a long line.
    char_marks: Vec<(usize, usize)>,
}

/// The distance between two [`Document`] character marks, in bytes.
const CHAR_MARK: usize = 4096;

impl Document {
    /// Reads a file; the format comes from its extension.
    pub fn read_path(path: &Path) -> Result<Document, DocumentError> {
        let bytes = std::fs::read(path)
            .map_err(|source| DocumentError::Io { path: path.display().to_string(), source })?;
        Ok(Document::parse(&bytes, Format::from_path(path)))
    }

    /// Reads a document from its raw bytes. Never fails: invalid UTF-8 is replaced.
    pub fn parse(bytes: &[u8], format: Format) -> Document {
        let raw = String::from_utf8_lossy(bytes);
        let raw = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
        match format {
            Format::Html => {
                let ex = html::extract(raw);
                let published = ex.published.as_deref().and_then(|p| {
                    let p = p.get(..10)?;
                    NaiveDate::parse_from_str(p, "%Y-%m-%d").ok()
                });
                let hints = Hints {
                    title: ex.title,
                    author: ex.author,
                    publisher: ex.publisher,
                    published,
                    headings: ex.headings,
                };
                build(ex.text, format, hints)
            }
            _ => build(raw.to_string(), format, Hints::default()),
        }
    }

    /// The latest of the document's own dates.
    pub fn latest_date(&self) -> Option<NaiveDate> {
        self.dates.iter().map(|d| d.date).max()
    }

    /// The footnote whose span holds byte `pos` (a binary search: footnotes are in text
    /// order and do not overlap).
    pub fn footnote_at(&self, pos: usize) -> Option<&Footnote> {
        self.footnote_index_at(pos).map(|k| &self.footnotes[k])
    }

    /// The index of the footnote whose span holds byte `pos`.
    pub fn footnote_index_at(&self, pos: usize) -> Option<usize> {
        let k = self.footnotes.partition_point(|f| f.span.start <= pos).checked_sub(1)?;
        let f = &self.footnotes[k];
        (pos < f.span.end.max(f.span.start + 1)).then_some(k)
    }

    /// Who asserts what the document says when a sentence names no one: the author,
    /// else the publisher, else the title.
    pub fn asserter(&self) -> Option<&str> {
        self.author.as_ref().or(self.publisher.as_ref()).or(self.title.as_ref()).map(|f| f.text.as_str())
    }

    /// The date its events default to: the publication date, else `fallback`, else the
    /// latest date it writes.
    pub fn date_or(&self, fallback: Option<NaiveDate>) -> Option<NaiveDate> {
        self.dates
            .iter()
            .find(|d| d.kind == DateKind::Published)
            .map(|d| d.date)
            .or(fallback)
            .or_else(|| self.latest_date())
    }

    /// The document as a story to code: [`Document::coding_text`], dated `date`, its
    /// [`Document::asserter`] (else `id`) as the default asserter: never empty.
    pub fn to_story(&self, id: &str, date: NaiveDate) -> quidpro_text::Story {
        quidpro_text::Story {
            id: id.to_string(),
            date,
            text: self.coding_text(),
            source: Some(self.asserter().unwrap_or(id).to_string()),
            url: None,
        }
    }

    /// The text to code: the document's text with the footnotes, the markers, the
    /// headings and the separator lines of footnote blocks blanked out (spaces of the same
    /// byte length, so that every span still indexes it).
    pub fn coding_text(&self) -> String {
        let mut body = self.text.clone().into_bytes();
        let len = body.len();
        let mut off = 0;
        let mut separators = Vec::new();
        for line in self.text.split('\n') {
            let t = line.trim_end_matches(['\r', ' ', '\t']).trim_start_matches('\u{c}');
            if !t.trim().is_empty() && is_separator(t) {
                separators.push(Span::new(off, off + line.len()));
            }
            off += line.len() + 1;
        }
        let spans = self
            .footnotes
            .iter()
            .map(|f| f.span)
            .chain(self.markers.iter().map(|m| m.span))
            .chain(self.headings.iter().copied())
            .chain(separators)
            // A paragraph that a footnote block interrupts reads on across it: the gap
            // between its parts (the blanked block and its line breaks) is blank too.
            .chain(
                self.paragraphs
                    .iter()
                    .flat_map(|p| p.parts.windows(2).map(|w| Span::new(w[0].end, w[1].start))),
            );
        for span in spans {
            let (a, b) = (span.start.min(len), span.end.min(len));
            if self.text.is_char_boundary(a) && self.text.is_char_boundary(b) {
                for byte in &mut body[a..b] {
                    *byte = b' ';
                }
            }
        }
        // Whole characters were replaced by ASCII spaces: still UTF-8.
        String::from_utf8(body).unwrap_or_else(|_| self.text.clone())
    }

    /// The 1-based line and column (in characters) of byte `pos`.
    pub fn line_col(&self, pos: usize) -> (usize, usize) {
        let pos = pos.min(self.text.len());
        let mut p = pos;
        while !self.text.is_char_boundary(p) {
            p -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= p).max(1);
        let line_start = self.line_starts.get(line - 1).copied().unwrap_or(0).min(p);
        (line, self.char_index(p) - self.char_index(line_start) + 1)
    }

    /// The number of characters before byte `p` (a character boundary), counted from
    /// the nearest mark.
    fn char_index(&self, p: usize) -> usize {
        let k = self.char_marks.partition_point(|&(b, _)| b <= p);
        let (b, n) = k.checked_sub(1).map(|k| self.char_marks[k]).unwrap_or((0, 0));
        n + self.text[b..p].chars().count()
    }
}

#[derive(Debug, Default)]
struct Hints {
    title: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
    published: Option<NaiveDate>,
    /// HTML headings, as byte ranges of the extracted text.
    headings: Vec<(usize, usize)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    Blank,
    /// A page break, a separator line or a lone page number.
    Break,
    NotesHeading,
    Heading,
    Footnote,
    Text,
}

#[derive(Clone, Debug)]
struct Line {
    start: usize,
    end: usize,
    kind: LineKind,
    /// For footnote lines: label, number, style, number span, body start.
    note: Option<(String, Option<u32>, MarkerStyle, Span, usize)>,
}

fn is_separator(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() {
        return false;
    }
    let symbols = t.chars().filter(|c| !c.is_whitespace()).collect::<Vec<_>>();
    if symbols.len() >= 3 && symbols.iter().all(|&c| c == symbols[0]) && "-_*=•·~#".contains(symbols[0]) {
        return true;
    }
    // "- 3 -", "— 12 —", "Page 3", "Page 3 of 10", "3".
    let core = t.trim_matches(|c: char| matches!(c, '-' | '–' | '—' | ' '));
    let lower = core.to_lowercase();
    let lower = lower
        .strip_prefix("page ")
        .or_else(|| lower.strip_prefix("стр. "))
        .or_else(|| lower.strip_prefix("sayfa "))
        .unwrap_or(&lower);
    let num = lower.split([' ', '/']).next().unwrap_or("");
    let rest_ok = lower.len() == num.len()
        || lower[num.len()..]
            .trim_start()
            .strip_prefix("of")
            .or_else(|| lower[num.len()..].strip_prefix('/'))
            .is_some_and(|r| {
                let r = r.trim();
                !r.is_empty() && r.chars().all(|c| c.is_ascii_digit())
            });
    !num.is_empty() && num.len() <= 3 && num.chars().all(|c| c.is_ascii_digit()) && rest_ok
}

fn is_notes_heading(t: &str) -> bool {
    let t = t.trim().trim_start_matches('#').trim().trim_matches('*').trim().trim_end_matches(':').trim();
    let l = t.to_lowercase();
    matches!(
        l.as_str(),
        "notes"
            | "footnotes"
            | "endnotes"
            | "references"
            | "sources"
            | "bibliography"
            | "sources and notes"
            | "notes and references"
            | "примечания"
            | "сноски"
            | "источники"
            | "notlar"
            | "kaynaklar"
            | "kaynakça"
            | "dipnotlar"
    )
}

/// A footnote number at the start of `t` (which starts at `base`): label, number, style,
/// the number's span and where the body starts.
fn footnote_start(
    t: &str,
    base: usize,
    in_notes: bool,
    markdown: bool,
) -> Option<(String, Option<u32>, MarkerStyle, Span, usize)> {
    let lead = t.len() - t.trim_start().len();
    let s = &t[lead..];
    let at = base + lead;
    let body_after = |n: usize| -> Option<usize> {
        let rest = &s[n..];
        let body = rest.trim_start();
        if body.is_empty()
            || body.starts_with(|c: char| c.is_ascii_digit() || superscript::digit(c).is_some())
        {
            return None;
        }
        Some(at + n + rest.len() - body.len())
    };
    // ¹ … / ¹⁰ …
    if let Some((n, label, v)) = superscript::run(s).or_else(|| sup_tag(s)) {
        let mut m = n;
        if s[m..].starts_with([')', '.']) {
            m += 1;
        }
        let b = body_after(m)?;
        return Some((label, v, MarkerStyle::Superscript, Span::new(at, at + n), b));
    }
    // [^label]: …
    if let Some(rest) = s.strip_prefix("[^") {
        let close = rest.find(']')?;
        let label = &rest[..close];
        if label.is_empty() || label.len() > 40 || label.contains(char::is_whitespace) {
            return None;
        }
        let n = 2 + close + 1;
        if !s[n..].starts_with(':') {
            return None;
        }
        let b = body_after(n + 1)?;
        return Some((norm_label(label), label.parse().ok(), MarkerStyle::Caret, Span::new(at, at + n), b));
    }
    // [1] …
    if let Some(rest) = s.strip_prefix('[') {
        let close = rest.find(']')?;
        let label = &rest[..close];
        let v: u32 =
            label.parse().ok().filter(|_| label.len() <= 4 && label.bytes().all(|b| b.is_ascii_digit()))?;
        let mut n = 1 + close + 1;
        if s[n..].starts_with([':', '.']) {
            n += 1;
        }
        if !s[n..].starts_with([' ', '\t']) && !markdown {
            return None;
        }
        let b = body_after(n)?;
        return Some((v.to_string(), Some(v), MarkerStyle::Bracket, Span::new(at, at + 1 + close + 1), b));
    }
    // 1. …, 1) …, 1 … (in a notes section, or before a quoted title or a URL)
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 || s.starts_with('0') {
        return None;
    }
    let v: u32 = s[..digits].parse().ok()?;
    let mut n = digits;
    if s[n..].starts_with(['.', ')']) {
        n += 1;
    }
    if !s[n..].starts_with([' ', '\t']) {
        return None;
    }
    let body = s[n..].trim_start();
    let looks_cited = body.starts_with(['“', '«', '"', '„'])
        || body.contains("http://")
        || body.contains("https://")
        || body.contains("www.");
    if !(in_notes || looks_cited && !markdown) {
        return None;
    }
    let b = body_after(n)?;
    Some((v.to_string(), Some(v), MarkerStyle::Plain, Span::new(at, at + digits), b))
}

fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with(['.', '!', '?', ')', '>', '»', '”', '"', ']'])
}

fn starts_lowercase(t: &str) -> bool {
    t.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || matches!(c, ',' | ';' | ':' | '–' | '—'))
}

/// Whether `next` (a text line) still belongs to a footnote whose last line is `prev`.
fn continues_footnote(prev: &str, next: &str, permissive: bool) -> bool {
    if permissive {
        return true;
    }
    let n = next.trim_start();
    let lower = n.to_lowercase();
    let lead_in = [
        "see also",
        "also see",
        "cf.",
        "см. также",
        "ayrıca",
        "<http",
        "http",
        "www.",
        "(",
        "[",
        "accessed",
        "retrieved",
        "download",
        "viewed",
        "дата обращения",
        "erişim",
    ];
    if lead_in.iter().any(|p| lower.starts_with(p))
        || n.starts_with(|c: char| c.is_ascii_digit()) && !find_dates(n, NumericOrder::DayFirst).is_empty()
    {
        return true;
    }
    if ends_sentence(prev) {
        return false;
    }
    // A footnote cut in the middle of a sentence goes on, unless the next line is the
    // interrupted text: it carries markers, or the footnote is complete (has a URL and
    // the line ends the work).
    let has_marker = n.chars().any(|c| superscript::digit(c).is_some());
    !has_marker
}

/// `<sup>12</sup>` (also `<sup>[12]</sup>`) at the start of `s`, as written in Markdown:
/// its length, label and number.
fn sup_tag(s: &str) -> Option<(usize, String, Option<u32>)> {
    let open = s.get(..5)?;
    if !open.eq_ignore_ascii_case("<sup>") {
        return None;
    }
    let rest = &s[5..];
    let inner_len = rest.find('<').filter(|&k| k <= 24)?;
    let inner = rest[..inner_len].trim();
    let digits = inner.strip_prefix('[').and_then(|i| i.strip_suffix(']')).unwrap_or(inner);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let close = rest[inner_len..].get(..6)?;
    if !close.eq_ignore_ascii_case("</sup>") {
        return None;
    }
    let label = norm_label(digits);
    let number = label.parse().ok();
    Some((5 + inner_len + 6, label, number))
}

fn build(text: String, format: Format, hints: Hints) -> Document {
    let markdown = format == Format::Markdown;
    let html_headings = &hints.headings;
    let mut next_heading = 0;
    // 1. Lines.
    let mut lines: Vec<Line> = Vec::new();
    let mut in_notes = false;
    let mut after_separator = false;
    let mut off = 0;
    for raw in text.split('\n') {
        let start = off;
        off += raw.len() + 1;
        let content = raw.trim_end_matches(['\r', ' ', '\t']);
        let end = start + content.len();
        let stripped = content.trim_start_matches('\u{c}');
        let start_ff = start + (content.len() - stripped.len());
        let kind;
        let mut note = None;
        while html_headings.get(next_heading).is_some_and(|h| h.1 <= start_ff) {
            next_heading += 1;
        }
        let html_heading = html_headings.get(next_heading).is_some_and(|h| h.0 <= start_ff && end <= h.1);
        if stripped.trim().is_empty() {
            kind = if content.contains('\u{c}') { LineKind::Break } else { LineKind::Blank };
        } else if is_notes_heading(stripped) {
            kind = LineKind::NotesHeading;
            in_notes = true;
        } else if !(markdown && stripped.trim_start().starts_with("# ")) && is_separator(stripped) {
            kind = LineKind::Break;
            after_separator = true;
        } else if html_heading {
            kind = LineKind::Heading;
            after_separator = false;
        } else if let Some(n) = footnote_start(stripped, start_ff, in_notes || after_separator, markdown) {
            kind = LineKind::Footnote;
            note = Some(n);
        } else if markdown && stripped.trim_start().starts_with('#') {
            kind = LineKind::Heading;
            after_separator = false;
        } else {
            kind = LineKind::Text;
        }
        lines.push(Line { start: start_ff, end: end.max(start_ff), kind, note });
        if kind == LineKind::Text && lines.len() >= 2 && lines[lines.len() - 2].kind == LineKind::Blank {
            after_separator = false;
        }
    }

    // 2. Footnotes, then paragraphs.
    struct RawNote {
        label: String,
        number: Option<u32>,
        style: MarkerStyle,
        number_span: Span,
        body_start: usize,
        end: usize,
        start: usize,
    }
    let mut notes: Vec<RawNote> = Vec::new();
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    // Which paragraphs are headings.
    let mut heading_flags: Vec<bool> = Vec::new();
    let mut part: Option<Span> = None;
    let mut interrupted = false;
    let mut notes_section = false;
    let mut i = 0;
    let close_part = |part: &mut Option<Span>,
                      paragraphs: &mut Vec<Paragraph>,
                      heading_flags: &mut Vec<bool>,
                      joining: &mut bool| {
        if let Some(p) = part.take() {
            if *joining {
                if let Some(last) = paragraphs.last_mut() {
                    last.parts.push(p);
                    last.span = last.span.cover(p);
                }
            } else {
                paragraphs.push(Paragraph { span: p, parts: vec![p] });
                heading_flags.push(false);
            }
            *joining = false;
        }
    };
    let mut joining = false;
    while i < lines.len() {
        let line = lines[i].clone();
        match line.kind {
            LineKind::Blank => {
                close_part(&mut part, &mut paragraphs, &mut heading_flags, &mut joining);
                i += 1;
            }
            LineKind::Break => {
                close_part(&mut part, &mut paragraphs, &mut heading_flags, &mut joining);
                interrupted = true;
                i += 1;
            }
            LineKind::NotesHeading | LineKind::Heading => {
                close_part(&mut part, &mut paragraphs, &mut heading_flags, &mut joining);
                let s = Span::new(line.start, line.end);
                paragraphs.push(Paragraph { span: s, parts: vec![s] });
                heading_flags.push(true);
                if line.kind == LineKind::NotesHeading {
                    notes_section = true;
                }
                interrupted = false;
                i += 1;
            }
            LineKind::Footnote => {
                close_part(&mut part, &mut paragraphs, &mut heading_flags, &mut joining);
                let Some((label, number, style, number_span, body_start)) = line.note.clone() else {
                    i += 1;
                    continue;
                };
                let mut end = line.end;
                let mut j = i + 1;
                while j < lines.len() && lines[j].kind == LineKind::Text {
                    let prev = &text[lines[j - 1].start..lines[j - 1].end];
                    let next = &text[lines[j].start..lines[j].end];
                    let indented = markdown && next.starts_with([' ', '\t']);
                    if !(indented || continues_footnote(prev, next, notes_section)) {
                        break;
                    }
                    end = lines[j].end;
                    j += 1;
                }
                notes.push(RawNote {
                    label,
                    number,
                    style,
                    number_span,
                    body_start,
                    end,
                    start: number_span.start,
                });
                interrupted = true;
                i = j;
            }
            LineKind::Text => {
                let s = Span::new(line.start, line.end);
                match part {
                    Some(p) => part = Some(p.cover(s)),
                    None => {
                        let line_text = s.slice(&text);
                        let can_join = interrupted
                            && heading_flags.last() == Some(&false)
                            && paragraphs.last().is_some_and(|p| {
                                let last = p.parts.last().copied().unwrap_or(p.span);
                                !ends_sentence(last.slice(&text))
                            })
                            && starts_lowercase(line_text);
                        joining = can_join;
                        part = Some(s);
                    }
                }
                interrupted = false;
                i += 1;
            }
        }
    }
    close_part(&mut part, &mut paragraphs, &mut heading_flags, &mut joining);

    // 3. Sentences, per paragraph over its joined parts; headings are no sentences.
    let mut sents = Vec::new();
    let headings: Vec<Span> =
        paragraphs.iter().zip(&heading_flags).filter(|(_, &h)| h).map(|(p, _)| p.span).collect();
    for (p, _) in paragraphs.iter().zip(&heading_flags).filter(|(_, &h)| !h) {
        let mut joined = String::new();
        let mut map: Vec<(usize, usize)> = Vec::new(); // (joined offset, text offset)
        for (k, part) in p.parts.iter().enumerate() {
            if k > 0 {
                joined.push(' ');
            }
            map.push((joined.len(), part.start));
            joined.push_str(part.slice(&text));
        }
        let to_text = |o: usize| -> usize {
            let k = map.partition_point(|(jo, _)| *jo <= o);
            let (jo, to) = k.checked_sub(1).map(|k| map[k]).unwrap_or((0, p.span.start));
            to + (o - jo)
        };
        for s in sentences(&joined) {
            let start = to_text(s.start);
            let end = to_text(s.end.saturating_sub(1)) + 1;
            let mut e = end.min(text.len());
            while !text.is_char_boundary(e) {
                e += 1;
            }
            sents.push(Span::new(start, e));
        }
    }

    // 4. Dates and URLs of the whole text.
    let urls = find_urls(&text);
    let url_cover: Vec<Span> = urls
        .iter()
        .map(|u| if u.bracketed { Span::new(u.span.start - 1, u.span.end + 1) } else { u.span })
        .collect();
    // URLs are in text order and do not overlap: a binary search per date.
    let outside_urls = |order| -> Vec<DateMention> {
        find_dates(&text, order)
            .into_iter()
            .filter(|d| {
                let k = url_cover.partition_point(|u| u.end <= d.span.start);
                url_cover.get(k).is_none_or(|u| u.start >= d.span.end)
            })
            .collect()
    };
    let date_order = date::proven_order_of(&text, &outside_urls(NumericOrder::DayFirst));
    let mentions = outside_urls(date_order.unwrap_or_default());

    // 5. Footnotes with citations.
    let mut footnotes: Vec<Footnote> = notes
        .into_iter()
        .map(|n| {
            let body = Span::new(n.body_start, n.end.max(n.body_start));
            let citations = citation::parse_citations(&text, body, date_order.unwrap_or_default());
            let kind = if citations.is_empty() { FootnoteKind::Note } else { FootnoteKind::Citation };
            Footnote {
                label: n.label,
                number: n.number,
                span: Span::new(n.start, n.end.max(n.start)),
                number_span: n.number_span,
                body,
                style: n.style,
                kind,
                citations,
                markers: Vec::new(),
            }
        })
        .collect();

    // 6. Markers.
    let mut markers = Vec::new();
    for p in &paragraphs {
        for part in &p.parts {
            find_markers(&text, *part, &mut markers);
        }
    }
    // A marker refers to the first footnote with its label that follows it (numbers may
    // restart with each block of notes), else to the last one before it.
    let mut by_label: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (k, f) in footnotes.iter().enumerate() {
        by_label.entry(f.label.as_str()).or_default().push(k);
    }
    let links: Vec<Option<usize>> = markers
        .iter()
        .map(|m| {
            let list = by_label.get(m.label.as_str())?;
            let k = list.partition_point(|&f| footnotes[f].span.start < m.span.start);
            list.get(k).or(list.last()).copied()
        })
        .collect();
    drop(by_label);
    for (k, (m, link)) in markers.iter_mut().zip(links).enumerate() {
        if let Some(f) = link {
            m.footnote = Some(f);
            footnotes[f].markers.push(k);
        }
    }

    let mut doc = Document {
        format,
        text,
        title: None,
        author: None,
        publisher: None,
        dates: Vec::new(),
        paragraphs,
        headings,
        sentences: sents,
        markers,
        footnotes,
        mentions,
        urls,
        date_order,
        line_starts: Vec::new(),
        char_marks: Vec::new(),
    };
    doc.line_starts = std::iter::once(0).chain(doc.text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let mut chars = 0;
    let mut from = 0;
    while from < doc.text.len() {
        let mut b = (from + CHAR_MARK).min(doc.text.len());
        while !doc.text.is_char_boundary(b) {
            b -= 1;
        }
        if b <= from {
            break;
        }
        chars += doc.text[from..b].chars().count();
        doc.char_marks.push((b, chars));
        from = b;
    }
    front_matter(&mut doc, hints);
    doc
}

/// Markers in a piece of text.
fn find_markers(text: &str, part: Span, out: &mut Vec<Marker>) {
    let s = part.slice(text);
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let Some(c) = rest.chars().next() else { break };
        if let Some((n, label, v)) = superscript::run(rest) {
            let before = &s[..i];
            let prev_word: String = before
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .take(3)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let unit =
                matches!(prev_word.as_str(), "m" | "km" | "cm" | "mm" | "ft" | "mi" | "sq" | "м" | "км")
                    && matches!(c, '²' | '³')
                    && n == c.len_utf8();
            if !unit {
                out.push(Marker {
                    label,
                    number: v,
                    span: Span::new(part.start + i, part.start + i + n),
                    style: MarkerStyle::Superscript,
                    footnote: None,
                });
            }
            i += n;
            continue;
        }
        if c == '<' {
            if let Some((n, label, number)) = sup_tag(rest) {
                out.push(Marker {
                    label,
                    number,
                    span: Span::new(part.start + i, part.start + i + n),
                    style: MarkerStyle::Superscript,
                    footnote: None,
                });
                i += n;
                continue;
            }
        }
        if c == '[' {
            let caret = rest.starts_with("[^");
            let inner_start = if caret { 2 } else { 1 };
            if let Some(close) = rest[inner_start..].find(']').map(|k| k + inner_start) {
                let label = &rest[inner_start..close];
                let followed_by_link = rest[close + 1..].starts_with(['(', ':']);
                let ok = if caret {
                    !label.is_empty() && label.len() <= 40 && !label.contains(char::is_whitespace)
                } else {
                    !label.is_empty() && label.len() <= 4 && label.bytes().all(|b| b.is_ascii_digit())
                };
                if ok && !followed_by_link {
                    out.push(Marker {
                        label: norm_label(label),
                        number: label.parse().ok(),
                        span: Span::new(part.start + i, part.start + i + close + 1),
                        style: if caret { MarkerStyle::Caret } else { MarkerStyle::Bracket },
                        footnote: None,
                    });
                    i += close + 1;
                    continue;
                }
            }
        }
        i += c.len_utf8();
    }
}

/// A label as the key that links markers and footnotes: numbers without leading zeros.
fn norm_label(label: &str) -> String {
    label.parse::<u32>().map(|n| n.to_string()).unwrap_or_else(|_| label.to_string())
}

fn strip_prefix_ci<'a>(s: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    for p in prefixes {
        if s.len() >= p.len()
            && s.is_char_boundary(p.len())
            && s[..p.len()].to_lowercase() == p.to_lowercase()
        {
            return Some(&s[p.len()..]);
        }
    }
    None
}

/// Title, author and dates.
fn front_matter(doc: &mut Document, hints: Hints) {
    let text = &doc.text;
    let find_span = |t: &str| text.find(t).map(|s| Span::new(s, s + t.len()));
    // The top: the paragraphs before the first long one (at most five).
    let top: Vec<Span> =
        doc.paragraphs.iter().take(5).take_while(|p| p.span.len() < 400).map(|p| p.span).collect();
    let top_lines: Vec<Span> = top
        .iter()
        .flat_map(|p| {
            let mut v = Vec::new();
            let mut o = p.start;
            for l in p.slice(text).split('\n') {
                let t = l.trim_end_matches('\r');
                let lead = t.len() - t.trim_start().len();
                if !t.trim().is_empty() {
                    v.push(Span::new(o + lead, o + t.len()));
                }
                o += l.len() + 1;
            }
            v
        })
        .collect();

    // Title.
    let mut title_line = None;
    if let Some(t) = hints.title.filter(|t| !t.trim().is_empty()) {
        doc.title = Some(Field { span: find_span(&t), text: t });
        title_line = doc.title.as_ref().and_then(|f| f.span);
    } else if let Some(l) = top_lines.first() {
        let t = l.slice(text);
        let heading = t.trim_start_matches('#').trim();
        let is_heading = t.starts_with('#');
        let dated = !find_dates(t, NumericOrder::DayFirst).is_empty() && t.len() < 40;
        if is_heading
            || (t.chars().count() <= 200
                && !t.ends_with('.')
                && !dated
                && strip_prefix_ci(t, &["by "]).is_none())
        {
            let lead = t.len() - heading.len() - (t.len() - t.trim_end().len());
            let s = Span::new(l.start + lead, l.start + lead + heading.len());
            doc.title = Some(Field { text: heading.to_string(), span: Some(s) });
            title_line = Some(*l);
        }
    }

    // Author.
    if let Some(a) = hints.author {
        doc.author = Some(Field { span: find_span(&a), text: a });
    } else {
        for l in &top_lines {
            let t = l.slice(text);
            let rest = strip_prefix_ci(
                t,
                &[
                    "by ",
                    "author: ",
                    "authors: ",
                    "автор: ",
                    "yazar: ",
                    "published by ",
                    "publisher: ",
                    "written by ",
                ],
            );
            if let Some(rest) = rest {
                let rest = rest.trim_start();
                let cut = rest
                    .find([',', '|', '·', '•', '('])
                    .into_iter()
                    .chain(find_dates(rest, NumericOrder::DayFirst).first().map(|d| d.span.start))
                    .min()
                    .unwrap_or(rest.len());
                let name = rest[..cut].trim();
                if !name.is_empty() {
                    let s = l.start + (t.len() - rest.len());
                    doc.author =
                        Some(Field { text: name.to_string(), span: Some(Span::new(s, s + name.len())) });
                    break;
                }
            }
        }
    }
    // A byline without "By": the short line right under the title that names people and
    // an outlet ("Rauf Hasanli, Caspian Policy Review (comment)"), not a date line and not
    // a sentence.
    if doc.author.is_none() {
        let next = title_line.and_then(|tl| top_lines.iter().find(|l| l.start > tl.end));
        if let Some(l) = next {
            let t = l.slice(text);
            let name = t[..t.find('(').unwrap_or(t.len())].trim().trim_end_matches([',', ';', '|']).trim();
            let capital = name.chars().next().is_some_and(char::is_uppercase);
            let words = name.split_whitespace().count();
            if capital
                && (2..=16).contains(&words)
                && !t.trim_end().ends_with(['.', '?', '!', ':'])
                && find_dates(t, NumericOrder::DayFirst).is_empty()
            {
                doc.author = Some(Field {
                    text: name.to_string(),
                    span: Some(Span::new(l.start, l.start + name.len())),
                });
            }
        }
    }

    // Dates. Sentences about an original or an update date those, never the document;
    // dates inside footnotes are the citations'.
    let within = |mentions: &[DateMention], span: Span| -> std::ops::Range<usize> {
        let a = mentions.partition_point(|m| m.span.start < span.start);
        let b = mentions.partition_point(|m| m.span.start < span.end);
        a..b.max(a)
    };
    let mut dates = Vec::new();
    let mut other_kind: Vec<Span> = Vec::new();
    for s in &doc.sentences {
        let st = citation::fold(s.slice(text));
        let kind = if [
            "original",
            "first published",
            "first appeared",
            "оригинал",
            "первоначально",
            "впервые опубликован",
            "orijinal",
            "ilk olarak",
        ]
        .iter()
        .any(|w| st.contains(w))
        {
            DateKind::Original
        } else if ["updated", "обновлено", "güncellendi"].iter().any(|w| st.contains(w)) {
            DateKind::Updated
        } else {
            continue;
        };
        for m in &doc.mentions[within(&doc.mentions, *s)] {
            if m.span.end > s.end {
                continue;
            }
            other_kind.push(m.span);
            if let Some(d) = m.date {
                dates.push(DocDate { kind, date: d, span: Some(m.span) });
            }
        }
    }
    let mut published = Vec::new();
    if let Some(d) = hints.published {
        published.push(DocDate { kind: DateKind::Published, date: d, span: None });
    }
    // A line that follows a footnote line directly continues it, whatever the reader
    // made of it.
    let after_note = |p: usize| -> bool {
        let before = text[..p].trim_end_matches([' ', '\t', '\r']);
        let Some(prev_end) = before.strip_suffix('\n').map(str::len) else { return false };
        let prev_start = text[..prev_end].rfind('\n').map_or(0, |k| k + 1);
        let prev = &text[prev_start..prev_end];
        let lead = prev.len() - prev.trim_start().len();
        !prev.trim().is_empty() && doc.footnote_index_at(prev_start + lead).is_some()
    };
    let usable = |m: &DateMention| {
        doc.footnote_index_at(m.span.start).is_none() && !other_kind.contains(&m.span) && m.date.is_some()
    };
    // The date line ("Baku, 20.03.2023", "Published: 20 March 2023", "Caucasus Policy
    // Institute comment, 14.11.2024¹"), not a sentence that mentions a date. What stands
    // before the date may name the publisher.
    let mut line_publisher: Option<Field> = None;
    for l in &top_lines {
        if Some(*l) == title_line || l.len() > 120 || after_note(l.start) {
            continue;
        }
        for m in &doc.mentions[within(&doc.mentions, *l)] {
            if m.span.end > l.end || !usable(m) {
                continue;
            }
            let before = &text[l.start..m.span.start];
            let after = &text[m.span.end..l.end];
            let rest = format!("{before} {after}");
            if rest.split_whitespace().count() > 6 || rest.contains(['“', '«', '"', '„']) {
                continue;
            }
            if let Some(d) = m.date {
                published.push(DocDate { kind: DateKind::Published, date: d, span: Some(m.span) });
            }
            if line_publisher.is_none() {
                line_publisher = publisher_before_date(before).map(|(a, b)| Field {
                    text: before[a..b].to_string(),
                    span: Some(Span::new(l.start + a, l.start + b)),
                });
            }
        }
    }
    // A heading that ends with its date: "Karabakh's dividend (28 July 2025)", "Weekly
    // brief — 28.07.2025".
    if published.is_empty() {
        if let Some(l) = title_line {
            let last = doc.mentions[within(&doc.mentions, l)]
                .iter()
                .rev()
                .find(|m| m.span.end <= l.end && usable(m));
            if let Some(m) = last {
                let after =
                    text[m.span.end..l.end].trim_matches(|c: char| c.is_whitespace() || ")]}.".contains(c));
                if after.is_empty() {
                    if let Some(d) = m.date {
                        published.push(DocDate { kind: DateKind::Published, date: d, span: Some(m.span) });
                    }
                }
            }
        }
    }
    // A short last paragraph with a date: "Baku, 20.03.2023".
    if let Some(p) = doc.paragraphs.last() {
        let t = p.span.slice(text);
        if p.span.len() <= 80
            && !top.contains(&p.span)
            && !is_notes_heading(t)
            && !after_note(p.span.start)
            && !t.contains(['“', '«', '"', '„'])
        {
            for m in &doc.mentions[within(&doc.mentions, p.span)] {
                if m.span.end > p.span.end || !usable(m) {
                    continue;
                }
                let rest = format!("{} {}", &text[p.span.start..m.span.start], &text[m.span.end..p.span.end]);
                if rest.split_whitespace().count() > 6 {
                    continue;
                }
                if let Some(d) = m.date {
                    published.push(DocDate { kind: DateKind::Published, date: d, span: Some(m.span) });
                }
            }
        }
    }
    published.extend(dates);
    doc.dates = published;

    // The publisher, when no byline names an author: the page's (HTML), the date line's,
    // else the first heading.
    if doc.author.is_none() {
        doc.publisher =
            hints.publisher.map(|p| Field { span: find_span(&p), text: p }).or(line_publisher).or_else(
                || {
                    let h = *doc.headings.first()?;
                    let t = h.slice(text);
                    let name = t.trim_start_matches('#').trim();
                    let lead = t.len() - t.trim_start_matches('#').trim_start().len();
                    (!name.is_empty() && !is_notes_heading(name)).then(|| Field {
                        text: name.to_string(),
                        span: Some(Span::new(h.start + lead, h.start + lead + name.len())),
                    })
                },
            );
    }
}

/// In what stands before the date on a date line, the publisher: "Caucasus Policy
/// Institute comment, " → "Caucasus Policy Institute" (byte range). A label ("Published:")
/// or a lone place name ("Baku, ") names no publisher; a lone word in capitals ("CPI")
/// does.
fn publisher_before_date(before: &str) -> Option<(usize, usize)> {
    let mut t = before.trim_end().trim_end_matches([',', ';', '|', '·', '•', '—', '–', '-', ':']).trim_end();
    // A remark in brackets: "(comment)".
    if t.ends_with(')') {
        if let Some(k) = t.rfind('(') {
            t = t[..k].trim_end();
        }
    }
    const GENRES: &[&str] = &[
        "policy brief",
        "analytical note",
        "blog post",
        "commentary",
        "comment",
        "analysis",
        "brief",
        "op-ed",
        "opinion",
        "column",
        "editorial",
        "note",
        "published",
        "posted",
        "date",
    ];
    loop {
        let lower = t.to_lowercase();
        let Some(g) = GENRES.iter().find(|g| {
            lower.ends_with(*g) && t.len() >= g.len() && {
                let k = t.len() - g.len();
                t.is_char_boundary(k) && t[..k].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
            }
        }) else {
            break;
        };
        t = t[..t.len() - g.len()].trim_end().trim_end_matches([',', ':', '—', '–', '-', '|']).trim_end();
    }
    let start = before.len() - before.trim_start().len();
    if t.len() <= start {
        return None;
    }
    let name = &t[start..];
    let words = name.split_whitespace().count();
    let capital = name.chars().next().is_some_and(char::is_uppercase);
    let acronym = words == 1
        && name.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && name.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
    (capital && (words >= 2 || acronym) && words <= 8).then_some((start, t.len()))
}
