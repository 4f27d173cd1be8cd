//! The front matter: title, author, the document's own dates and the publisher.

use quidpro_text::Span;

use crate::lines::is_notes_heading;
use crate::{find_dates, Document, Field, Hints, NumericOrder};

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

/// The paragraphs at the top that may hold the front matter: those before the first
/// long one, at most this many (a page may open with breadcrumbs, a standfirst and
/// sharing links before its date).
const TOP: usize = 12;

/// A line of the top without its Markdown markup: a quotation mark (`>`), a list bullet,
/// emphasis (`*`, `_` at the edges of words) and links (`[name](url)` → `name`).
pub(crate) fn plain_line(t: &str) -> String {
    let mut t = t.trim_start();
    loop {
        let s = t.trim_start_matches(['>', ' ', '\t']);
        let s = ["- ", "+ ", "* ", "• "].iter().find_map(|b| s.strip_prefix(b)).unwrap_or(s);
        if s.len() == t.len() {
            break;
        }
        t = s;
    }
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(c) = rest.chars().next() {
        // [name](url) → name
        if c == '[' {
            if let Some(close) = rest.find("](") {
                if let Some(end) = rest[close..].find(')') {
                    if !rest[1..close].contains(['[', ']']) {
                        out.push_str(&rest[1..close]);
                        rest = &rest[close + end + 1..];
                        continue;
                    }
                }
            }
        }
        if c == '*' || c == '_' {
            let prev = out.chars().next_back();
            let next = rest[1..].chars().next();
            // Emphasis stands at the edge of a word, not inside one ("snake_case").
            if !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric)) {
                rest = &rest[1..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.trim().to_string()
}

/// The author a byline names: "By Jane Roe, Senior Fellow" → "Jane Roe", "Author: Jane
/// Roe", "By: Jane Roe", "Автор: …", "Yazar: …", "Par …", "Von …". `None` when the line is
/// no byline (it names no capitalised name, or runs on like a sentence).
fn byline_author(line: &str) -> Option<String> {
    let t = plain_line(line);
    let rest = strip_prefix_ci(
        &t,
        &[
            "author:",
            "authors:",
            "автор:",
            "авторы:",
            "yazar:",
            "yazarlar:",
            "auteur :",
            "auteur:",
            "autor:",
            "published by ",
            "posted by ",
            "publisher:",
            "written by ",
        ],
    )
    .or_else(|| crate::meta::strip_by(&t))?;
    let rest = rest.trim_start();
    let cut = rest
        .find([',', '|', '·', '•', '(', '—', '–'])
        .into_iter()
        .chain(rest.find(" - "))
        .chain(find_dates(rest, NumericOrder::DayFirst).first().map(|d| d.span.start))
        .min()
        .unwrap_or(rest.len());
    // "Posted by Jane Roe on 14 November 2024": the words before the date that are no
    // name's.
    let mut name = rest[..cut].trim();
    while let Some((head, last)) = name.rsplit_once(' ') {
        if !last.chars().next().is_some_and(char::is_lowercase) {
            break;
        }
        name = head.trim_end();
    }
    let words = name.split_whitespace().count();
    (name.chars().next().is_some_and(char::is_uppercase) && (1..=10).contains(&words))
        .then(|| name.to_string())
}

/// Whether a line is a date line: a date, and beside it a few words that are no
/// sentence ("Caucasus Policy Institute | 14 November 2024").
fn is_date_line(t: &str) -> bool {
    let dates = find_dates(t, NumericOrder::DayFirst);
    if !dates.iter().any(|d| d.date.is_some()) {
        return false;
    }
    let mut rest = String::new();
    let mut at = 0;
    for d in &dates {
        rest.push_str(&t[at..d.span.start]);
        rest.push(' ');
        at = d.span.end;
    }
    rest.push_str(&t[at..]);
    rest.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count() <= 6
        && !crate::docdate::is_sentence(&rest, false)
}

/// Title, author and dates.
pub(crate) fn front_matter(doc: &mut Document, hints: Hints) {
    let text = &doc.text;
    let find_span = |t: &str| text.find(t).map(|s| Span::new(s, s + t.len()));
    let front_end = hints.front.unwrap_or(0);
    let top: Vec<Span> = doc
        .paragraphs
        .iter()
        .filter(|p| p.span.start >= front_end)
        .take(TOP)
        .take_while(|p| p.span.len() < 400)
        .map(|p| p.span)
        .collect();
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
    if let Some(t) = hints.title.clone().filter(|t| !t.trim().is_empty()) {
        doc.title = Some(Field { span: find_span(&t), text: t });
        title_line = doc.title.as_ref().and_then(|f| f.span);
    } else {
        // The first line, unless it is a date line or a byline: then the next (a page may
        // open with "Caucasus Policy Institute | 14 November 2024").
        for l in top_lines.iter().take(3) {
            let t = l.slice(text);
            let heading = t.trim_start_matches('#').trim();
            let is_heading = t.starts_with('#');
            let dated = is_date_line(t) || !find_dates(t, NumericOrder::DayFirst).is_empty() && t.len() < 40;
            let byline = byline_author(t).is_some();
            if is_heading || (t.chars().count() <= 200 && !t.ends_with('.') && !dated && !byline) {
                let lead = t.len() - heading.len() - (t.len() - t.trim_end().len());
                let s = Span::new(l.start + lead, l.start + lead + heading.len());
                doc.title = Some(Field { text: heading.to_string(), span: Some(s) });
                title_line = Some(*l);
                break;
            }
            if !(dated || byline) {
                break;
            }
        }
    }

    // Author.
    let mut byline_line = None;
    if let Some(a) = hints.author.clone() {
        doc.author = Some(Field { span: find_span(&a), text: a });
    } else {
        for l in &top_lines {
            if Some(*l) == title_line {
                continue;
            }
            if let Some(name) = byline_author(l.slice(text)) {
                let span =
                    l.slice(text).find(&name).map(|k| Span::new(l.start + k, l.start + k + name.len()));
                doc.author = Some(Field { text: name, span });
                byline_line = Some(*l);
                break;
            }
        }
    }
    // A byline without "By": the short line right under the title that names people and
    // an outlet ("Rauf Hasanli, Caspian Policy Review (comment)", "Camila Restrepo |
    // Andean Affairs Brief" → "Camila Restrepo"), not a date line and not a sentence.
    if doc.author.is_none() {
        let next = title_line.and_then(|tl| top_lines.iter().find(|l| l.start > tl.end));
        if let Some(l) = next {
            let t = l.slice(text);
            let plain = plain_line(t);
            let cut = plain.find(['(', '|', '·', '•']).unwrap_or(plain.len());
            let name = plain[..cut].trim().trim_end_matches([',', ';']).trim();
            let capital = name.chars().next().is_some_and(char::is_uppercase);
            let words = name.split_whitespace().count();
            if capital
                && (2..=16).contains(&words)
                && !t.trim_end().ends_with(['.', '?', '!', ':'])
                && !t.trim_start().starts_with('#')
                && find_dates(t, NumericOrder::DayFirst).is_empty()
                && !is_notes_heading(t)
            {
                let span = t.find(name).map(|k| Span::new(l.start + k, l.start + k + name.len()));
                doc.author = Some(Field { text: name.to_string(), span });
                byline_line = Some(*l);
            }
        }
    }

    // Dates.
    let (dates, date_line) =
        crate::docdate::document_dates(doc, &hints, &top, &top_lines, title_line, byline_line);
    doc.dates = dates;
    // What stands before the date on the date line may name the publisher.
    let line_publisher = date_line.and_then(|(l, m)| {
        let before = &doc.text[l.start..m.start];
        let after = &doc.text[m.end..l.end];
        let (at, (a, b)) = publisher_before_date(before)
            .map(|r| (l.start, r))
            .or_else(|| publisher_after_date(after).map(|r| (m.end, r)))?;
        Some(Field { text: doc.text[at + a..at + b].to_string(), span: Some(Span::new(at + a, at + b)) })
    });
    let text = &doc.text;
    // "Published on 14 November 2024 by Jane Roe": a byline after the date.
    if doc.author.is_none() {
        if let Some((l, m)) = date_line {
            let after = &text[m.end..l.end];
            let lower = after.to_ascii_lowercase();
            let by =
                lower.match_indices("by ").find(|(k, _)| *k == 0 || lower[..*k].ends_with([' ', '*', '_']));
            if let Some(name) = by.and_then(|(k, _)| byline_author(&after[k..])) {
                let span = after.find(&name).map(|k| Span::new(m.end + k, m.end + k + name.len()));
                doc.author = Some(Field { text: name, span });
            }
        }
    }

    // The publisher, when no byline names an author: the page's (HTML), the date line's,
    // else the first heading.
    if doc.author.is_none() {
        doc.publisher =
            hints.publisher.map(|p| Field { span: find_span(&p), text: p }).or(line_publisher).or_else(
                || {
                    let h = *doc.headings.iter().find(|h| h.start >= front_end)?;
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

/// In what stands after the date on a date line, the publisher: "Analysis | 14 November
/// 2024 | Caucasus Policy Institute" → "Caucasus Policy Institute" (byte range): words in
/// capitals (small words between them allowed) up to the next separator.
fn publisher_after_date(after: &str) -> Option<(usize, usize)> {
    let lead =
        after.len() - after.trim_start_matches(|c: char| c.is_whitespace() || ",|·•—–/*_".contains(c)).len();
    let t = &after[lead..];
    let end = t.find(['|', '·', '•', '(', '—', '–', '/']).unwrap_or(t.len());
    let name = t[..end].trim_end_matches(|c: char| c.is_whitespace() || ",;:*_-".contains(c));
    let words: Vec<&str> = name.split_whitespace().collect();
    let small = ["of", "and", "for", "the", "on", "in", "de", "du", "des", "la", "le", "für", "und"];
    let ok = (2..=8).contains(&words.len())
        && words[0].chars().next().is_some_and(char::is_uppercase)
        && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) || small.contains(w))
        && find_dates(name, NumericOrder::DayFirst).is_empty();
    ok.then_some((lead, lead + name.len()))
}

/// In what stands before the date on a date line, the publisher: "Caucasus Policy
/// Institute comment, " → "Caucasus Policy Institute" (byte range). A label ("Published:",
/// "Posted on") or a lone place name ("Baku, ", "ANKARA, ") names no publisher; a lone
/// word in capitals names one when a genre follows it ("CPI comment, ").
fn publisher_before_date(before: &str) -> Option<(usize, usize)> {
    let mut t = before.trim_end_matches(|c: char| c.is_whitespace() || ",;|·•—–-:*_".contains(c));
    let markup =
        |s: &str| s.trim_start_matches(|c: char| c.is_whitespace() || ">*_-+•".contains(c)).is_empty();
    // A Markdown link: "[Caspian Desk](https://desk.example.org) · ".
    if let (true, Some(k)) = (t.ends_with(')'), t.rfind("](")) {
        if let Some(o) = t[..k].rfind('[').filter(|&o| markup(&t[..o])) {
            let name = &t[o + 1..k];
            let words = name.split_whitespace().count();
            return (name.chars().next().is_some_and(char::is_uppercase) && (1..=8).contains(&words))
                .then_some((o + 1, k));
        }
    }
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
        "published on",
        "posted on",
        "published",
        "posted",
        "date",
    ];
    let mut genre = false;
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
        genre |= !matches!(*g, "published on" | "posted on" | "published" | "posted" | "date");
        t = t[..t.len() - g.len()]
            .trim_end()
            .trim_end_matches([',', ':', '—', '–', '-', '|', '*', '_'])
            .trim_end();
    }
    // Markup before the name: a quotation mark, a bullet, emphasis.
    let start =
        before.len() - before.trim_start_matches(|c: char| c.is_whitespace() || ">*_-+•".contains(c)).len();
    if t.len() <= start {
        return None;
    }
    // "Comment by the Caucasus Policy Institute": the name after "by" and "the".
    let mut start = start;
    if let Some(k) = t[start..].to_ascii_lowercase().find(" by ") {
        start += k + 4;
    }
    if t[start..].get(..4).is_some_and(|w| w.eq_ignore_ascii_case("the ")) {
        start += 4;
    }
    let name = &t[start..];
    let words = name.split_whitespace().count();
    let capital = name.chars().next().is_some_and(char::is_uppercase);
    let acronym = words == 1
        && genre
        && name.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && name.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
    (capital && (words >= 2 || acronym) && words <= 8).then_some((start, t.len()))
}
