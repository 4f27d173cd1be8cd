//! The document's structure from its lines, stage by stage: footnotes and paragraphs,
//! sentences, dates and URLs, the footnotes' citations, markers linked to their
//! footnotes; then the front matter ([`crate::front`]).

use quidpro_text::{sentences, Span};

use crate::front::front_matter;
use crate::lines::{
    continues_footnote, ends_sentence, footnote_start, is_notes_heading, is_separator, starts_lowercase,
    Line, LineKind,
};
use crate::markers::find_markers;
use crate::{
    citation, date, find_dates, find_urls, DateMention, Document, Footnote, FootnoteKind, Format, Hints,
    MarkerStyle, NumericOrder, Paragraph, CHAR_MARK,
};

pub(crate) fn build(text: String, format: Format, hints: Hints) -> Document {
    let markdown = format == Format::Markdown;
    let html_headings = &hints.headings;
    // Front matter (YAML, TOML, a Pandoc title block) is structure, like a heading.
    let front_end = hints.front.unwrap_or(0);
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
        } else if start_ff < front_end {
            kind = LineKind::Heading;
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
