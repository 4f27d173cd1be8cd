//! The front matter: title, author, the document's own dates and the publisher.

use quidpro_text::Span;

use crate::lines::is_notes_heading;
use crate::{citation, find_dates, DateKind, DateMention, DocDate, Document, Field, Hints, NumericOrder};

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
pub(crate) fn front_matter(doc: &mut Document, hints: Hints) {
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
