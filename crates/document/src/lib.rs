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
//! [`DateKind::Published`]: the metadata's publication date (HTML `<meta>`, JSON-LD,
//! `itemprop="datePublished"`, `<time pubdate>`; Markdown YAML, TOML or Pandoc front
//! matter), else a date on a date line near the top: a short line that is no sentence
//! and no quotation ("Caucasus Policy Institute comment, 14.11.2024¹", "Published: 14
//! November 2024 | 10:32", "By Jane Roe, Senior Fellow, 14 November 2024", "Опубликовано:
//! 14 ноября 2024 года", "Veröffentlicht am 3. März 2025", a `<time datetime>` whatever
//! its text says); else a news dateline that opens one of the first paragraphs
//! ("ANKARA, 14 November 2024 — ..."), a title that ends with its date, or a short last
//! line ("Baku, 20.03.2023"). A date line may end with footnote markers. Dates in
//! footnotes, in lines that continue one, in quotations and in sentences are never the
//! publication date. [`DateKind::Updated`]: a date labelled "Updated", "обновлено",
//! "güncellendi", "mis à jour" (the publication date wins over it). [`DateKind::Original`]:
//! a date in a sentence about an original, a translation or a first publication
//! elsewhere ("The Russian original appeared on 12.03.2023", "Translated from the text
//! published by Kommersant on 2 May 2024"). [`Document::date_or`] never takes an
//! original's date: a document that states no date of its own has none. See the
//! `docdate` module for the rules.
//!
//! # Author and publisher
//!
//! The author comes from the metadata (HTML `<meta>`, JSON-LD, `rel="author"`, an element
//! whose class says author or byline; Markdown front matter), a byline ("By …", "By: …",
//! "Author: …", "Автор: …", "Yazar: …", "Par …", "Von …", in bold, italics or a list, the
//! name cut before its title: "By Jane Roe, Senior Fellow" → "Jane Roe"), or the short
//! line under the title that names people and an outlet. Without one, the publisher is
//! the metadata's, else what the date line names before its date ("Caucasus Policy
//! Institute comment, " → "Caucasus Policy Institute"; a lone place such as "Baku, " or
//! "ANKARA, " names none), else the first heading. [`Document::asserter`] is the author,
//! else the publisher, else the title; [`Document::to_story`] falls back to the story
//! id, so that the events of a document always have an asserter.
//!
//! # Cost
//!
//! Reading is linear in the input: markers, dates and URLs are found in one pass each,
//! and every lookup (a marker's footnote, the footnote at a position, a date's URL, a
//! column on a long line) is a hash or a binary search.

#![deny(missing_docs)]

mod citation;
mod date;
mod docdate;
mod front;
mod html;
mod lines;
pub mod lint;
mod markers;
mod meta;
mod structure;
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

use quidpro_text::Span;

use lines::{is_notes_heading, is_separator};
use structure::build;

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
                let hints = Hints {
                    title: ex.title,
                    author: ex.meta.author.or(ex.byline),
                    publisher: ex.meta.publisher,
                    published: ex.meta.published,
                    updated: ex.meta.updated,
                    times: ex.times,
                    headings: ex.headings,
                    front: None,
                };
                build(ex.text, format, hints)
            }
            _ => {
                let hints = match meta::front_block(raw) {
                    Some((end, m)) => Hints {
                        title: m.title,
                        author: m.author,
                        publisher: m.publisher,
                        published: m.published,
                        updated: m.updated,
                        front: Some(end),
                        ..Hints::default()
                    },
                    None => Hints::default(),
                };
                build(raw.to_string(), format, hints)
            }
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
    /// latest date of update. Never the date of an original it translates, nor any date
    /// of its text: a document that states no date of its own has none.
    pub fn date_or(&self, fallback: Option<NaiveDate>) -> Option<NaiveDate> {
        self.dates
            .iter()
            .find(|d| d.kind == DateKind::Published)
            .map(|d| d.date)
            .or(fallback)
            .or_else(|| self.dates.iter().filter(|d| d.kind == DateKind::Updated).map(|d| d.date).max())
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
    updated: Option<NaiveDate>,
    /// HTML `<time datetime>` and other marked dates that say neither published nor
    /// updated: their text as a byte range, and the day.
    times: Vec<(usize, usize, NaiveDate)>,
    /// HTML headings, as byte ranges of the extracted text.
    headings: Vec<(usize, usize)>,
    /// The end of a Markdown or text file's front matter (YAML, TOML, Pandoc): the bytes
    /// before it are metadata, not text.
    front: Option<usize>,
}
