//! Reading lines: what each line of the text is (blank, a break or separator, a notes
//! heading, a heading, a footnote's first line, text), a footnote number at a line's
//! start, and whether a text line still continues a footnote.

use quidpro_text::Span;

use crate::markers::{norm_label, sup_tag};
use crate::{find_dates, superscript, MarkerStyle, NumericOrder};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LineKind {
    Blank,
    /// A page break, a separator line or a lone page number.
    Break,
    NotesHeading,
    Heading,
    Footnote,
    Text,
}

#[derive(Clone, Debug)]
pub(crate) struct Line {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: LineKind,
    /// For footnote lines: label, number, style, number span, body start.
    pub(crate) note: Option<(String, Option<u32>, MarkerStyle, Span, usize)>,
}

pub(crate) fn is_separator(t: &str) -> bool {
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

pub(crate) fn is_notes_heading(t: &str) -> bool {
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
pub(crate) fn footnote_start(
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
        if !s[n..].starts_with([' ', '\t', '\u{a0}']) && !markdown {
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

pub(crate) fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with(['.', '!', '?', ')', '>', '»', '”', '"', ']'])
}

pub(crate) fn starts_lowercase(t: &str) -> bool {
    t.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || matches!(c, ',' | ';' | ':' | '–' | '—'))
}

/// Whether `next` (a text line) still belongs to a footnote whose last line is `prev`.
pub(crate) fn continues_footnote(prev: &str, next: &str, permissive: bool) -> bool {
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
