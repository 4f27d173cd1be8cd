//! Footnote markers in the text (`¹`, `<sup>1</sup>`, `[1]`, `[^1]`) and the labels that
//! link them to footnotes.

use quidpro_text::Span;

use crate::{superscript, Marker, MarkerStyle};

/// Markers in a piece of text.
pub(crate) fn find_markers(text: &str, part: Span, out: &mut Vec<Marker>) {
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
pub(crate) fn norm_label(label: &str) -> String {
    label.parse::<u32>().map(|n| n.to_string()).unwrap_or_else(|_| label.to_string())
}

/// `<sup>12</sup>` (also `<sup>[12]</sup>` and `<sup>[12](#note-12)</sup>`) at the start
/// of `s`, as written in Markdown: its length, label and number.
pub(crate) fn sup_tag(s: &str) -> Option<(usize, String, Option<u32>)> {
    let open = s.get(..5)?;
    if !open.eq_ignore_ascii_case("<sup>") {
        return None;
    }
    let rest = &s[5..];
    let inner_len = rest.get(..rest.len().min(256)).unwrap_or(rest).find('<')?;
    let inner = rest[..inner_len].trim();
    // `[12]`, or a link whose text is the number: `[12](#note-12)`.
    let digits = match inner.strip_prefix('[').and_then(|i| i.split_once(']')) {
        Some((d, "")) => d,
        Some((d, link)) if link.starts_with('(') && link.ends_with(')') => d,
        _ => inner,
    };
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
