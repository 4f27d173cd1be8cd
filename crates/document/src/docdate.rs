//! The document's own dates: which written date is its publication date, which an
//! update's, which an original's, and which none of these (a date of the story, of a
//! citation, of a quotation).
//!
//! Each date of the text outside footnotes is labelled by the words before it on its
//! line or in its sentence (since the date before it): "Updated", "обновлено",
//! "güncellendi", "mis à jour", "aktualisiert" make a date of update; "original",
//! "translated", "reprinted", "a version of this", and "first/originally published" or
//! "first appeared" with a place ("in Russian", "by Kommersant", "on the Desk's
//! website") make an original's date; "Published", "Posted", "Опубликовано", "Publié",
//! "Veröffentlicht" label a publication date. An original's date is never the
//! document's.
//!
//! A date is the publication date when it stands on a date line: a short line at the
//! top (in the paragraphs before the first long one) whose other words are few (six at
//! most; sixteen on a byline, twelve after a "Published" label), not a sentence (see
//! [`is_sentence`]) and not a quotation; a news dateline that opens the first paragraphs
//! ("ANKARA, 14 November 2024 — ..."); a heading that ends with its date; or a short
//! last paragraph ("Baku, 20.03.2023"). A line that continues a footnote is no date
//! line.

use quidpro_text::Span;

use crate::citation::fold;
use crate::lines::is_notes_heading;
use crate::{DateKind, DateMention, DocDate, Document, Hints};

/// How the words before a date label it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Label {
    None,
    Published,
    Updated,
    Original,
}

/// Words that make an original's date wherever they stand in the sentence.
const ORIGINAL: &[&str] = &[
    "original ",
    "original,",
    "translat",
    "reprint",
    "republish",
    "version of this",
    "оригинал",
    "перевод",
    "перепечат",
    "orijinal",
    "çeviri",
    "tercüme",
    "traduit",
    "traduction",
    "übersetz",
];

/// Words that make an original's date only with a place ("in Russian", "by Kommersant").
const ORIGINAL_WITH_PLACE: &[&str] = &[
    "originally",
    "first published",
    "first appeared",
    "appeared first",
    "version",
    "первоначально",
    "впервые",
    "ilk olarak",
    "initialement",
    "ursprünglich",
    "erstmals",
];

const PLACES: &[&str] =
    &[" in ", " by ", " at ", " on the ", " в ", " на ", "'da ", "'de ", " dans ", " par ", " bei ", " im "];

const UPDATED: &[&str] = &[
    "updated",
    "update:",
    "modified",
    "revised",
    "обновлено",
    "обновлён",
    "изменено",
    "güncellendi",
    "güncelleme",
    "güncellenme",
    "mis à jour",
    "mise à jour",
    "aktualisiert",
    "geändert",
];

const PUBLISHED: &[&str] = &[
    "published",
    "posted",
    "publication",
    "опубликовано",
    "публикац",
    "yayın",
    "publié",
    "mis en ligne",
    "veröffentlicht",
    "erschienen",
];

/// Lower-case words that may stand on a date line beside the date: labels, genres,
/// prepositions, units of time.
const LINE_WORDS: &[&str] = &[
    "on",
    "at",
    "by",
    "in",
    "of",
    "de",
    "du",
    "le",
    "la",
    "en",
    "à",
    "am",
    "um",
    "et",
    "published",
    "posted",
    "updated",
    "last",
    "first",
    "modified",
    "date",
    "dated",
    "comment",
    "commentary",
    "analysis",
    "brief",
    "note",
    "blog",
    "post",
    "op-ed",
    "opinion",
    "column",
    "editorial",
    "min",
    "mins",
    "minute",
    "minutes",
    "read",
    "reading",
    "time",
    "pm",
    "gmt",
    "utc",
    "est",
    "edt",
    "cet",
    "cest",
    "msk",
    "г",
    "г.",
    "года",
    "год",
    "гг",
    "опубликовано",
    "обновлено",
    "дата",
    "публикации",
    "обновления",
    "yayınlanma",
    "yayın",
    "tarihi",
    "güncelleme",
    "güncellenme",
    "son",
    "mis",
    "ligne",
    "jour",
    "mise",
    "publié",
    "veröffentlicht",
    "aktualisiert",
    "uhr",
    "von",
    "and",
    "sample",
];

/// The label of each mention (by index into `doc.mentions`); mentions in footnotes are
/// not labelled. Linear: each mention reads the text since the one before it, and each
/// sentence or line is folded once.
pub(crate) fn labels(doc: &Document) -> Vec<Label> {
    let text = &doc.text;
    let mut out = Vec::with_capacity(doc.mentions.len());
    // The sentence (or line) last folded, its folded text and whether it names a place.
    let mut cache: Option<(Span, String, bool)> = None;
    for (k, m) in doc.mentions.iter().enumerate() {
        if doc.footnote_index_at(m.span.start).is_some() {
            out.push(Label::None);
            continue;
        }
        let line = doc.line_starts.partition_point(|&s| s <= m.span.start).saturating_sub(1);
        let line_start = doc.line_starts.get(line).copied().unwrap_or(0);
        let line_end =
            doc.line_starts.get(line + 1).map_or(text.len(), |&s| s.saturating_sub(1)).max(m.span.end);
        let sentence = sentence_at(doc, m.span);
        let mut seg_start = line_start.max(sentence.map_or(0, |s| s.start));
        if let Some(prev) = k.checked_sub(1).map(|p| &doc.mentions[p]) {
            seg_start = seg_start.max(prev.span.end.min(m.span.start));
        }
        let seg = credits(fold(&text[seg_start..m.span.start]));
        let unit = sentence.unwrap_or(Span::new(line_start, line_end));
        if cache.as_ref().is_none_or(|c| c.0 != unit) {
            let whole = credits(fold(unit.slice(text)));
            let placed = PLACES.iter().any(|p| whole.contains(p));
            cache = Some((unit, whole, placed));
        }
        let (_, whole, placed) = cache.as_ref().map(|(a, b, c)| (*a, b.as_str(), *c)).unwrap_or_default();
        let last = |s: &str, words: &[&str]| words.iter().filter_map(|w| s.rfind(w)).max();
        let original = |s: &str| last(s, ORIGINAL).max(last(s, ORIGINAL_WITH_PLACE).filter(|_| placed));
        // The nearer of an original's and an update's words wins; "published" is part
        // of an original's description ("first published in Russian").
        let label = match (original(&seg), last(&seg, UPDATED)) {
            (Some(o), u) if u.is_none_or(|u| u < o) => Label::Original,
            (_, Some(_)) => Label::Updated,
            _ if PUBLISHED.iter().any(|w| seg.contains(w)) => Label::Published,
            _ if original(whole).is_some() => Label::Original,
            _ => Label::None,
        };
        out.push(label);
    }
    out
}

/// A translator's credit ("Translated by Jane Roe, 14 November 2024") dates the
/// translation, which is the document: blanked (same length) so that it is not read as
/// a note about an original.
fn credits(mut s: String) -> String {
    for w in [
        "translated by",
        "translation by",
        "перевод:",
        "перевёл",
        "перевела",
        "çeviren",
        "traduit par",
        "übersetzt von",
    ] {
        let found: Vec<usize> = s.match_indices(w).map(|(k, _)| k).collect();
        for k in found {
            s.replace_range(k..k + w.len(), &" ".repeat(w.len()));
        }
    }
    s
}

/// The sentence that holds `span` (sentences are in text order and do not overlap).
fn sentence_at(doc: &Document, span: Span) -> Option<Span> {
    let k = doc.sentences.partition_point(|s| s.start <= span.start).checked_sub(1)?;
    let s = doc.sentences[k];
    (span.end <= s.end).then_some(s)
}

/// Whether the words of a line beside its dates (`rest`) make it a sentence, not a date
/// line: three lower-case words that are no labels (LINE_WORDS), or two and a full
/// stop, or on a heading one.
pub(crate) fn is_sentence(rest: &str, heading: bool) -> bool {
    let lower = rest
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '-'))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .filter(|w| !LINE_WORDS.contains(&fold(w).as_str()))
        .count();
    let end = rest.trim_end().trim_end_matches(|c: char| "*_¹²³⁴⁵⁶⁷⁸⁹⁰])".contains(c) || c.is_ascii_digit());
    let stop = end.ends_with(['.', '!', '?']);
    lower >= 3 || lower >= 2 && stop || heading && lower >= 1
}

/// The words of a line that count against a date line: those with a letter or digit.
fn words(rest: &str) -> usize {
    rest.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// A candidate date on a line: its span, day and label.
struct Candidate {
    span: Span,
    date: chrono::NaiveDate,
    label: Label,
}

/// The document's own dates (publication dates first, in the order found), and the
/// date line that gave the first publication date (for the publisher before it).
pub(crate) fn document_dates(
    doc: &Document,
    hints: &Hints,
    top: &[Span],
    top_lines: &[Span],
    title_line: Option<Span>,
    byline: Option<Span>,
) -> (Vec<DocDate>, Option<(Span, Span)>) {
    let text = &doc.text;
    let labels = labels(doc);
    let within = |span: Span| -> std::ops::Range<usize> {
        let a = doc.mentions.partition_point(|m| m.span.start < span.start);
        let b = doc.mentions.partition_point(|m| m.span.start < span.end);
        a..b.max(a)
    };
    let in_note = |p: usize| doc.footnote_index_at(p).is_some();
    // A line that follows a footnote line directly continues it, whatever the reader
    // made of it.
    let after_note = |p: usize| -> bool {
        let before = text[..p].trim_end_matches([' ', '\t', '\r']);
        let Some(prev_end) = before.strip_suffix('\n').map(str::len) else { return false };
        let prev_start = text[..prev_end].rfind('\n').map_or(0, |k| k + 1);
        let prev = &text[prev_start..prev_end];
        let lead = prev.len() - prev.trim_start().len();
        !prev.trim().is_empty() && in_note(prev_start + lead)
    };
    // The dates of a line that may date the document: the text's (outside footnotes) and
    // the page's `<time datetime>` whose text says no date itself.
    let candidates = |line: Span| -> Vec<Candidate> {
        let mut v: Vec<Candidate> = doc.mentions[within(line)]
            .iter()
            .zip(&labels[within(line)])
            .filter(|(m, _)| m.span.end <= line.end && !in_note(m.span.start))
            .filter_map(|(m, &label)| Some(Candidate { span: m.span, date: m.date?, label }))
            .collect();
        let t = hints.times.partition_point(|t| t.0 < line.start);
        for &(s, e, d) in hints.times[t..].iter().take_while(|t| t.1 <= line.end) {
            if !v.iter().any(|c| c.span.start < e && s < c.span.end) {
                v.push(Candidate { span: Span::new(s, e), date: d, label: Label::None });
            }
        }
        v.sort_by_key(|c| c.span.start);
        v
    };
    // What stands on a line beside its dates.
    let rest_of = |line: Span, cands: &[Candidate]| -> String {
        let mut rest = String::new();
        let mut at = line.start;
        for c in cands {
            rest.push_str(&text[at..c.span.start.max(at)]);
            rest.push(' ');
            at = c.span.end.max(at);
        }
        rest.push_str(&text[at.min(line.end)..line.end]);
        rest
    };
    let quoted = |s: &str| s.contains(['“', '«', '"', '„']);

    let mut published: Vec<DocDate> = Vec::new();
    let mut others: Vec<DocDate> = Vec::new();
    if let Some(d) = hints.published {
        published.push(DocDate { kind: DateKind::Published, date: d, span: None });
    }
    if let Some(d) = hints.updated {
        others.push(DocDate { kind: DateKind::Updated, date: d, span: None });
    }
    // Originals, wherever their sentence stands outside footnotes.
    for (m, l) in doc.mentions.iter().zip(&labels) {
        if let (Label::Original, Some(d), false) = (l, m.date, in_note(m.span.start)) {
            others.push(DocDate { kind: DateKind::Original, date: d, span: Some(m.span) });
        }
    }
    let mut date_line: Option<(Span, Span)> = None;
    // A date line: what it holds besides its dates is a few words, no sentence, no
    // quotation.
    let mut take_line = |line: Span, limit_words: usize, heading: bool, published: &mut Vec<DocDate>| {
        let cands = candidates(line);
        if cands.is_empty() {
            return;
        }
        let rest = rest_of(line, &cands);
        let labelled = cands.iter().any(|c| c.label == Label::Published);
        let limit = if labelled { limit_words.max(12) } else { limit_words };
        if words(&rest) > limit || quoted(&rest) || is_sentence(&rest, heading) {
            return;
        }
        for c in &cands {
            match c.label {
                Label::Original => {}
                Label::Updated => {
                    others.push(DocDate { kind: DateKind::Updated, date: c.date, span: Some(c.span) })
                }
                Label::None | Label::Published => {
                    if date_line.is_none() {
                        date_line = Some((line, c.span));
                    }
                    published.push(DocDate { kind: DateKind::Published, date: c.date, span: Some(c.span) });
                }
            }
        }
    };
    let heading_at = |p: usize| {
        let k = doc.headings.partition_point(|h| h.end <= p);
        doc.headings.get(k).is_some_and(|h| h.start <= p)
    };
    for l in top_lines {
        if Some(*l) == title_line || l.len() > 160 || after_note(l.start) {
            continue;
        }
        let limit = if byline.is_some_and(|b| b.start >= l.start && b.end <= l.end) { 16 } else { 6 };
        take_line(*l, limit, heading_at(l.start), &mut published);
    }
    // A news dateline that opens one of the first paragraphs, however long: "ANKARA, 14
    // November 2024 — ...", "BAKU, Nov. 14, 2024 (Caspian Desk) — ...".
    if published.is_empty() {
        for p in doc.paragraphs.iter().filter(|p| !heading_at(p.span.start)).take(3) {
            if let Some(d) = news_dateline(doc, p.span, &labels) {
                published.push(d);
                break;
            }
        }
    }
    // A heading that ends with its date: "Karabakh's dividend (28 July 2025)", "Weekly
    // brief — 28.07.2025".
    if published.is_empty() {
        if let Some(l) = title_line {
            let cands = candidates(l);
            if let Some(c) = cands.last().filter(|c| c.label != Label::Original) {
                let after =
                    text[c.span.end..l.end].trim_matches(|c: char| c.is_whitespace() || ")]}.*_".contains(c));
                if after.is_empty() {
                    published.push(DocDate { kind: DateKind::Published, date: c.date, span: Some(c.span) });
                }
            }
        }
    }
    // A short last paragraph with a date: "Baku, 20.03.2023".
    if let Some(p) = doc.paragraphs.last() {
        let t = p.span.slice(text);
        if p.span.len() <= 80 && !top.contains(&p.span) && !is_notes_heading(t) && !after_note(p.span.start) {
            take_line(p.span, 6, heading_at(p.span.start), &mut published);
        }
    }
    published.extend(others);
    (published, date_line)
}

/// "ANKARA, 14 November 2024 —" at the start of a paragraph: a place of at most four
/// capitalised words, the date, an agency in brackets, then a dash or a colon.
fn news_dateline(doc: &Document, p: Span, labels: &[Label]) -> Option<DocDate> {
    let text = &doc.text;
    let k = doc.mentions.partition_point(|m| m.span.start < p.start);
    let m: &DateMention =
        doc.mentions.get(k).filter(|m| m.span.start < p.start + 60 && m.span.end <= p.end)?;
    if labels[k] == Label::Original || doc.footnote_index_at(m.span.start).is_some() {
        return None;
    }
    let before = text[p.start..m.span.start].trim_end().trim_end_matches(',').trim();
    let place: Vec<&str> = before.split_whitespace().collect();
    if place.is_empty()
        || place.len() > 4
        || !place.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) || *w == "and")
    {
        return None;
    }
    let mut after = text[m.span.end..p.end].trim_start();
    if after.starts_with('(') {
        let close = after.find(')').filter(|&c| c < 60)?;
        after = after[close + 1..].trim_start();
    }
    after.starts_with(['—', '–', '-', ':']).then_some(DocDate {
        kind: DateKind::Published,
        date: m.date?,
        span: Some(m.span),
    })
}
