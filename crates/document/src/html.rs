//! HTML to plain text, with an HTML5 parser (`scraper`, on `html5ever`).
//!
//! Scripts, styles, templates and the head are dropped; every block element (`p`, `div`,
//! `li`, headings, table rows, ...) becomes a paragraph of its own (separated by a blank
//! line), `br` a line break; white space inside a block is collapsed as a browser does
//! (except in `pre`). Footnote structure is kept in the plain-text forms the reader
//! knows:
//!
//! * `<sup>4</sup>` (also around a link) becomes `⁴`;
//! * an item of an ordered list inside a footnotes section (an element whose id or class
//!   mentions "footnote", "endnote", "notes" or "references"), or whose id is `fn…` or
//!   `cite_note…`, starts with its number in superscript digits; so does an item of a
//!   plain `ol` or `ul` that follows a heading (or a paragraph) naming notes ("Notes",
//!   "Footnotes", "References", "Sources", "Примечания", "Kaynaklar", "Notlar", ...)
//!   before the next heading;
//! * headings (`h1`–`h6`) are reported as byte ranges of the text: structure, not
//!   sentences;
//! * in a footnote, a link whose text is not its address is followed by ` <href>`, so
//!   that the address can be checked;
//! * back-links (`↩`) are dropped.
//!
//! The head gives hints (see [`crate::meta`]): the `<h1>` or `<title>`, `<meta>` tags and
//! JSON-LD for the author, the publisher or site name, and the dates of publication and
//! update. In the body, `<time datetime>`, `itemprop`, `rel="author"` and classes that
//! say author, byline or date mark the byline and the date; such an element is kept
//! apart from the words around it by a space, so that "Jane Roe" and "14.11.2024" in
//! two adjacent `<span>`s are not read as one word; at the edge of any other element a
//! letter and a digit are kept apart so (`Jane Roe</a><span>14 November 2024`).

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use chrono::NaiveDate;

use super::superscript;
use crate::meta::{self, Mark, Meta};

/// What the HTML gives besides its text.
#[derive(Debug, Default)]
pub(crate) struct Extracted {
    pub text: String,
    /// The `<h1>` (else the head's title).
    pub title: Option<String>,
    /// What the head says (`<meta>`, JSON-LD), and the dates that the body's marks give
    /// (`itemprop="datePublished"`, `<time pubdate>`).
    pub meta: Meta,
    /// The author that the body marks (`rel="author"`, a class `author` or `byline`).
    pub byline: Option<String>,
    /// Whether [`Extracted::byline`] comes from an element that marks the author's name.
    byline_named: bool,
    /// `<time datetime>` and other marked dates that say neither published nor updated:
    /// their text as a byte range of `text`, and the day.
    pub times: Vec<(usize, usize, NaiveDate)>,
    /// The headings (`h1`–`h6`), as byte ranges of `text`.
    pub headings: Vec<(usize, usize)>,
}

const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "iframe", "svg", "math", "object", "button", "select",
    "nav",
];

const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tr",
    "figure",
    "figcaption",
    "pre",
    "hr",
    "address",
    "form",
    "fieldset",
    "details",
    "summary",
    "body",
    "html",
];

fn is_notes_container(el: &scraper::node::Element) -> bool {
    let mentions = |s: &str| {
        let s = s.to_ascii_lowercase();
        s.contains("footnote") || s.contains("endnote") || s == "notes" || s == "references" || s == "reflist"
    };
    el.id().is_some_and(mentions) || el.classes().any(mentions)
}

/// Whether the next word is kept apart from the text before it (see [`Out::apart`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
enum Apart {
    #[default]
    No,
    Edge,
    Mark,
    /// After a note's number written as a link (`<a href="#ftnt_ref1">[1]</a>Text`).
    Always,
}

struct Out {
    text: String,
    /// The position right after a footnote number we emitted: a block break there is
    /// dropped so that the number stays on the line of its text.
    after_prefix: Option<usize>,
    /// An element opened or closed here: a digit that follows a letter directly, or a
    /// letter a digit, gets a space before it ([`Apart::Edge`]); after a marked element
    /// (a byline, a date), any word does ([`Apart::Mark`]).
    apart: Apart,
}

impl Out {
    fn block_break(&mut self) {
        if self.after_prefix == Some(self.text.len()) {
            return;
        }
        let trimmed = self.text.trim_end_matches([' ', '\t']).len();
        self.text.truncate(trimmed);
        if self.text.is_empty() || self.text.ends_with("\n\n") {
            return;
        }
        if self.text.ends_with('\n') {
            self.text.push('\n');
        } else {
            self.text.push_str("\n\n");
        }
    }

    fn line_break(&mut self) {
        let trimmed = self.text.trim_end_matches([' ', '\t']).len();
        self.text.truncate(trimmed);
        self.text.push('\n');
    }

    fn push_text(&mut self, s: &str, pre: bool) {
        if pre {
            self.text.push_str(s);
            return;
        }
        for c in s.chars() {
            if matches!(c, '↩' | '\u{fe0e}' | '\u{fe0f}') {
                continue;
            }
            if c.is_whitespace() && c != '\u{a0}' {
                if !(self.text.is_empty() || self.text.ends_with([' ', '\n'])) {
                    self.text.push(' ');
                }
            } else {
                let prev = self.text.chars().next_back().unwrap_or(' ');
                let glued = match std::mem::take(&mut self.apart) {
                    Apart::No => false,
                    Apart::Edge => {
                        prev.is_alphabetic() && c.is_ascii_digit()
                            || prev.is_ascii_digit() && c.is_alphabetic()
                    }
                    Apart::Mark => prev.is_alphanumeric() && c.is_alphanumeric(),
                    Apart::Always => !prev.is_whitespace(),
                };
                if glued {
                    self.text.push(' ');
                }
                self.text.push(c);
            }
        }
    }

    /// Whether the current line starts with a footnote number.
    fn line_starts_with_note(&self) -> bool {
        let line = &self.text[self.text.rfind('\n').map(|i| i + 1).unwrap_or(0)..];
        let line = line.trim_start();
        line.starts_with(|c: char| superscript::digit(c).is_some())
            || (line.starts_with('[')
                && line[1..].trim_start_matches('^').starts_with(|c: char| c.is_ascii_digit()))
    }
}

/// Extracts the text and hints of an HTML document.
pub(crate) fn extract(source: &str) -> Extracted {
    let doc = Html::parse_document(source);
    let mut ex = Extracted::default();
    let mut out = Out { text: String::new(), after_prefix: None, apart: Apart::No };
    // Open marked elements: the mark, where their text starts, and the date an attribute
    // gives.
    let mut marks: Vec<(ego_tree::NodeId, Mark, usize, Option<NaiveDate>)> = Vec::new();

    let mut skip_until: Option<ego_tree::NodeId> = None;
    let mut pre_depth = 0usize;
    let mut notes_depth = 0usize;
    // Lists: the number of the next item (ordered lists, and lists of notes).
    let mut list_stack: Vec<Option<u32>> = Vec::new();
    // A heading that names notes ("Notes", "References", "Примечания", "Kaynaklar")
    // stands before the next heading: a plain list after it is the notes.
    let mut notes_heading = false;
    // The lists taken for notes because of such a heading.
    let mut heading_lists: Vec<ego_tree::NodeId> = Vec::new();
    // Open headings: where their text starts.
    let mut heading_stack: Vec<usize> = Vec::new();
    // Superscripts: where their text starts in the output.
    let mut sup_stack: Vec<usize> = Vec::new();
    // Links: where their text starts, and the address.
    let mut a_stack: Vec<(usize, Option<String>)> = Vec::new();
    let mut h1: Option<(usize, usize)> = None;
    let mut h1_open: Option<usize> = None;

    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skip_until.is_some() {
                    continue;
                }
                let Node::Element(el) = node.value() else {
                    if let Node::Text(t) = node.value() {
                        out.push_text(t, pre_depth > 0);
                    }
                    continue;
                };
                let name = el.name();
                if name == "head" {
                    head_hints(node, &mut ex);
                }
                if name == "script" && el.attr("type").is_some_and(|t| t.contains("ld+json")) {
                    meta::json_ld(&node_text_full(node), &mut ex.meta);
                }
                if SKIP.contains(&name) {
                    skip_until = Some(node.id());
                    continue;
                }
                if is_notes_container(el) {
                    notes_depth += 1;
                }
                if let Some(m) = meta::mark(el) {
                    marks.push((node.id(), m, out.text.len(), meta::attr_date(el)));
                    out.apart = Apart::Mark;
                } else {
                    out.apart = out.apart.max(Apart::Edge);
                }
                let heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                if heading || name == "p" {
                    let t = node_text_full(node);
                    if super::is_notes_heading(&t) {
                        notes_heading = true;
                    } else if heading {
                        notes_heading = false;
                    }
                }
                if matches!(name, "ol" | "ul") && notes_heading && notes_depth == 0 {
                    heading_lists.push(node.id());
                    notes_depth += 1;
                }
                match name {
                    "br" => out.line_break(),
                    "pre" => pre_depth += 1,
                    "sup" => sup_stack.push(out.text.len()),
                    "a" => a_stack.push((out.text.len(), el.attr("href").map(str::to_string))),
                    "ol" => list_stack
                        .push(Some(el.attr("start").and_then(|s| s.trim().parse().ok()).unwrap_or(1))),
                    "ul" => {
                        list_stack.push(heading_lists.last().is_some_and(|&id| id == node.id()).then_some(1))
                    }
                    "h1" if h1.is_none() => {
                        out.block_break();
                        h1_open = Some(out.text.len());
                    }
                    _ => {}
                }
                if BLOCK.contains(&name) && !(name == "h1" && h1_open.is_some()) {
                    out.block_break();
                }
                if heading {
                    heading_stack.push(out.text.len());
                }
                if name == "li" {
                    let n = list_stack.last_mut().and_then(|n| {
                        let n = n.as_mut()?;
                        let v = *n;
                        *n += 1;
                        Some(v)
                    });
                    let id = el.id().unwrap_or("").to_ascii_lowercase();
                    let is_note =
                        id.starts_with("fn") || id.starts_with("cite_note") || id.starts_with("footnote");
                    if let (Some(n), true) = (n, is_note || notes_depth > 0) {
                        let text = node_text(node);
                        let t = text.trim_start();
                        let numbered = t
                            .starts_with(|c: char| c.is_ascii_digit() || superscript::digit(c).is_some())
                            || t.starts_with('[');
                        if !numbered {
                            out.text.push_str(&superscript::to_superscript(n));
                            out.text.push(' ');
                            out.after_prefix = Some(out.text.len());
                        }
                    }
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip_until {
                    if id == node.id() {
                        skip_until = None;
                    }
                    continue;
                }
                let Node::Element(el) = node.value() else { continue };
                let name = el.name();
                if is_notes_container(el) {
                    notes_depth = notes_depth.saturating_sub(1);
                }
                if marks.last().is_some_and(|m| m.0 == node.id()) {
                    let (_, mark, start, date) = marks.pop().unwrap_or((node.id(), Mark::Date, 0, None));
                    close_mark(&mut ex, mark, &out.text, start, date);
                    out.apart = Apart::Mark;
                } else {
                    out.apart = out.apart.max(Apart::Edge);
                }
                if heading_lists.last() == Some(&node.id()) {
                    heading_lists.pop();
                    notes_depth = notes_depth.saturating_sub(1);
                }
                if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                    if let Some(s) = heading_stack.pop() {
                        let s = s.min(out.text.len());
                        let t = out.text[s..].trim();
                        if !t.is_empty() {
                            let lead = out.text[s..].len() - out.text[s..].trim_start().len();
                            ex.headings.push((s + lead, s + lead + t.len()));
                        }
                    }
                }
                match name {
                    "pre" => pre_depth = pre_depth.saturating_sub(1),
                    "ol" | "ul" => {
                        list_stack.pop();
                    }
                    "sup" => {
                        // A nested marker may have cut the text before this one's start.
                        if let Some(start) = sup_stack.pop().filter(|&s| out.text.is_char_boundary(s)) {
                            let inner = out.text[start..].trim().to_string();
                            let inner_digits = inner.trim_start_matches('[').trim_end_matches(']');
                            if !inner_digits.is_empty()
                                && inner_digits.bytes().all(|b| b.is_ascii_digit())
                                && inner_digits == inner
                            {
                                out.text.truncate(start);
                                // A marker sticks to the word before it.
                                let t = out.text.trim_end_matches(' ').len();
                                if t > 0 && !out.text.ends_with('\n') {
                                    out.text.truncate(t);
                                }
                                out.text.push_str(&superscript::to_superscript_str(inner_digits));
                            }
                        }
                    }
                    "a" => {
                        if let Some((start, Some(href))) = a_stack.pop() {
                            let href = href.trim();
                            // A footnote reference written as a plain link: `<a href="#fn1">1</a>`.
                            let inner = out.text[start..].trim().to_string();
                            let digits = inner.trim_start_matches('[').trim_end_matches(']');
                            let to_note = href.starts_with('#')
                                && ["#fn", "#footnote", "#cite_note", "#note", "#endnote", "#_ftn", "#_edn"]
                                    .iter()
                                    .any(|p| href.to_ascii_lowercase().starts_with(p));
                            if to_note
                                && sup_stack.is_empty()
                                && !digits.is_empty()
                                && digits.bytes().all(|b| b.is_ascii_digit())
                            {
                                out.text.truncate(start);
                                let t = out.text.trim_end_matches(' ').len();
                                if t > 0 && !out.text.ends_with('\n') {
                                    out.text.truncate(t);
                                }
                                out.text.push_str(&superscript::to_superscript_str(digits));
                                continue;
                            }
                            // A note's number that links back to its marker: its text
                            // follows after a space.
                            if href.starts_with('#')
                                && sup_stack.is_empty()
                                && !digits.is_empty()
                                && digits.bytes().all(|b| b.is_ascii_digit())
                            {
                                out.apart = Apart::Always;
                                continue;
                            }
                            let anchor = out.text[start..].trim();
                            let is_web = href.starts_with("http://") || href.starts_with("https://");
                            let same = anchor.contains(href.trim_end_matches('/'))
                                || href.contains(anchor.trim_end_matches('/'))
                                    && anchor.contains('.')
                                    && anchor.len() > 8;
                            if is_web && !same && (notes_depth > 0 || out.line_starts_with_note()) {
                                out.text.push_str(" <");
                                out.text.push_str(&href.replace(['\n', '\r', '\t'], " "));
                                out.text.push('>');
                            }
                        }
                    }
                    "h1" => {
                        if let Some(s) = h1_open.take() {
                            let t = out.text[s..].trim();
                            if !t.is_empty() {
                                let lead = out.text[s..].len() - out.text[s..].trim_start().len();
                                h1 = Some((s + lead, s + lead + t.len()));
                            }
                        }
                    }
                    _ => {}
                }
                if BLOCK.contains(&name) {
                    out.block_break();
                }
            }
        }
    }
    let text = out.text.trim_end().to_string();
    // Nested headings close inner first: keep them in text order, within the text.
    ex.headings.sort_unstable();
    ex.headings.retain(|h| h.1 <= text.len());
    ex.times.sort_unstable();
    ex.times.retain(|t| t.1 <= text.len());
    if let Some((s, e)) = h1 {
        if e <= text.len() {
            ex.title = Some(text[s..e].to_string());
        }
    }
    if ex.title.is_none() {
        ex.title = ex.meta.title.take();
    }
    ex.text = text;
    ex
}

/// A marked element closes: its text runs from `start` to the end of `text`.
fn close_mark(ex: &mut Extracted, mark: Mark, text: &str, start: usize, date: Option<NaiveDate>) {
    let start = start.min(text.len());
    let Some(inner) = text.get(start..) else { return };
    let lead = inner.len() - inner.trim_start().len();
    let (s, e) = (start + lead, start + lead + inner.trim().len());
    // A name, a byline or a date is short: a longer element (a whole article marked
    // "author") is not read again, so that nested marks cost no more than the text.
    if inner.len() > 200 && mark != Mark::Date {
        return;
    }
    match mark {
        Mark::Author | Mark::Byline => {
            // The first author's name, else the first byline's.
            if ex.byline.is_none() || mark == Mark::Author && !ex.byline_named && inner.len() <= 80 {
                if let Some(name) = meta::byline_name(inner) {
                    ex.byline = Some(name);
                    ex.byline_named = mark == Mark::Author;
                }
            }
        }
        Mark::Published => {
            if ex.meta.published.is_none() {
                ex.meta.published = date.or_else(|| meta::meta_date(inner));
            }
        }
        Mark::Updated => {
            if ex.meta.updated.is_none() {
                ex.meta.updated = date.or_else(|| meta::meta_date(inner));
            }
        }
        Mark::Date => {
            if let Some(d) = date {
                if e > s {
                    ex.times.push((s, e, d));
                }
            }
        }
    }
}

fn node_text(node: ego_tree::NodeRef<'_, Node>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            s.push_str(t);
            if s.len() > 16 {
                break;
            }
        }
    }
    s
}

fn head_hints(head: ego_tree::NodeRef<'_, Node>, ex: &mut Extracted) {
    for d in head.descendants() {
        let Node::Element(el) = d.value() else { continue };
        match el.name() {
            "title" if ex.meta.title.is_none() => {
                let t = node_text_full(d);
                let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
                if !t.is_empty() {
                    ex.meta.title = Some(t);
                }
            }
            "meta" => {
                let key = el.attr("name").or(el.attr("property")).or(el.attr("itemprop")).unwrap_or("");
                let key = key.to_ascii_lowercase();
                let Some(content) = el.attr("content").map(str::trim).filter(|c| !c.is_empty()) else {
                    continue;
                };
                meta::head_meta(&key, content, &mut ex.meta);
            }
            "script" if el.attr("type").is_some_and(|t| t.contains("ld+json")) => {
                meta::json_ld(&node_text_full(d), &mut ex.meta);
            }
            _ => {}
        }
    }
}

fn node_text_full(node: ego_tree::NodeRef<'_, Node>) -> String {
    node.descendants().filter_map(|d| d.value().as_text().map(|t| t.to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_and_keeps_structure() {
        let h = r##"<html><head><title>T</title><meta name="author" content="A. Author"><style>p{}</style>
<script>var x = "<p>no</p>";</script></head><body><h1>Baku and Ankara</h1>
<p>The memorandum<sup><a href="#fn1">1</a></sup> was   signed.<br>Next line.</p>
<ol class="footnotes"><li id="fn1"><p>“Title”. Hürriyet, 14.03.2023, <a href="https://x.com.tr/a">link</a> <a href="#r1">↩</a></p></li></ol>
</body></html>"##;
        let ex = extract(h);
        assert_eq!(ex.title.as_deref(), Some("Baku and Ankara"));
        assert_eq!(ex.meta.author.as_deref(), Some("A. Author"));
        assert!(!ex.text.contains("var x"), "{}", ex.text);
        assert!(ex.text.contains("The memorandum¹ was signed.\nNext line."), "{}", ex.text);
        assert!(
            ex.text.contains("\n\n¹ “Title”. Hürriyet, 14.03.2023, link <https://x.com.tr/a>"),
            "{}",
            ex.text
        );
    }
}
