//! Citations: the works a footnote cites, field by field, each with its span.
//!
//! A footnote body is cut into works at `;`, before "See also" (and "Cf.", "См. также",
//! "Ayrıca bkz."; the works after it are [`Citation::secondary`]) and after a URL that
//! another work follows. In each work:
//!
//! * the title is the first text in `“…”`, `"…"`, `«…»` or `„…“`;
//! * the outlet is what follows the title up to a comma, a bracket, a date or a URL (or,
//!   without a title, what precedes the first comma);
//! * the language tag is a bracket such as `(in Rus.)`, `(in Turkish)`, `[in English]`,
//!   `(на рус. яз.)`, `(на турецком языке)`;
//! * the access date is a date after "download date", "accessed", "retrieved",
//!   "access date", "date of access", "viewed", "дата обращения" or "erişim tarihi";
//!   the publication date is the first other date outside the title and the URLs;
//! * URLs are found by [`find_urls`].
//!
//! A work with a URL, or with a title and a date, an outlet or a language tag, is a
//! citation; a footnote without one is a note.

use super::date::{find_dates, DateMention, NumericOrder};
use super::url::{find_urls, UrlRef};
use quidpro_text::Span;

/// A language tag such as `(in Rus.)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LanguageTag {
    /// The language code (`ru`, `tr`, `en`, `az`, `hy`, `ka`, `uk`, `de`, `fr`, `fa`,
    /// `ar`, `zh`).
    pub code: &'static str,
    /// The tag with its brackets.
    pub span: Span,
}

/// One cited work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    /// The whole citation.
    pub span: Span,
    /// Cited after "See also": a secondary source.
    pub secondary: bool,
    /// The title, without its quotes.
    pub title: Option<Span>,
    /// The outlet (newspaper, agency, site).
    pub outlet: Option<Span>,
    /// The language tag.
    pub language: Option<LanguageTag>,
    /// The publication date.
    pub published: Option<DateMention>,
    /// The access date.
    pub accessed: Option<DateMention>,
    /// The URLs.
    pub urls: Vec<UrlRef>,
    /// Every date in the citation (outside its URLs), the two above included.
    pub dates: Vec<DateMention>,
}

const ACCESS_WORDS: &[&str] = &[
    "download date",
    "downloaded",
    "date of download",
    "accessed",
    "access date",
    "date of access",
    "date accessed",
    "retrieved",
    "viewed",
    "last visited",
    "visited",
    "consulted",
    "дата обращения",
    "дата доступа",
    "дата загрузки",
    "erişim tarihi",
    "erişim",
];

const SEE_ALSO: &[&str] =
    &["see also", "also see", "cf.", "см. также", "см. тж.", "ayrıca bkz", "ayrıca bakınız"];

/// The quote pairs that enclose titles.
const QUOTES: &[(char, char)] = &[('“', '”'), ('«', '»'), ('„', '“'), ('„', '”'), ('"', '"'), ('‘', '’')];

/// Lower case, char by char, keeping byte offsets: a character whose lower case has
/// another length is kept as it is.
pub(crate) fn fold(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
                _ => c,
            }
        })
        .collect()
}

/// Finds the quoted spans (the inside, without quotes) of `text`, outside `skip`.
fn quoted(text: &str, base: usize, skip: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else { break };
        let inside_skip = skip.iter().any(|s| s.start <= base + i && base + i < s.end);
        if !inside_skip {
            if let Some(&(_, close)) = QUOTES.iter().find(|(o, _)| *o == c) {
                let from = i + c.len_utf8();
                // Straight quotes and guillemets may nest one level: «Title «Name»».
                let mut depth = 0;
                let mut end = None;
                for (k, d) in text[from..].char_indices() {
                    if d == c && c != close {
                        depth += 1;
                    } else if d == close {
                        if depth == 0 {
                            end = Some(from + k);
                            break;
                        }
                        depth -= 1;
                    } else if d == '\n' && c == '"' {
                        break;
                    }
                }
                if let Some(e) = end {
                    if e > from && (c != '‘' || e - from > 12) {
                        out.push(Span::new(base + from, base + e));
                        i = e + close.len_utf8();
                        continue;
                    }
                }
            }
        }
        i += c.len_utf8();
    }
    out
}

/// The language tags of `text` (offset by `base`).
pub fn language_tags(text: &str, base: usize) -> Vec<LanguageTag> {
    let mut out = Vec::new();
    for (open, close) in [('(', ')'), ('[', ']')] {
        let mut i = 0;
        while let Some(k) = text[i..].find(open) {
            let s = i + k;
            let Some(e) = text[s + 1..].find(close).map(|e| s + 1 + e) else { break };
            let inner = &text[s + 1..e];
            if inner.len() < 60 {
                if let Some(code) = language_of_tag(inner) {
                    out.push(LanguageTag { code, span: Span::new(base + s, base + e + 1) });
                }
            }
            i = e + 1;
        }
    }
    out.sort_by_key(|t| t.span.start);
    out
}

fn language_name(w: &str) -> Option<&'static str> {
    let w = w.trim_end_matches('.').to_lowercase();
    let w = w.as_str();
    let starts = |p: &[&str]| p.iter().any(|x| w.starts_with(x));
    Some(if starts(&["rus", "рус"]) {
        "ru"
    } else if starts(&["tur", "тур", "türk"]) {
        "tr"
    } else if starts(&["eng", "англ", "ingiliz", "i̇ngiliz"]) {
        "en"
    } else if starts(&["aze", "az", "азерб"]) {
        "az"
    } else if starts(&["arm", "арм", "ermeni"]) {
        "hy"
    } else if starts(&["geo", "груз", "gürc"]) {
        "ka"
    } else if starts(&["ukr", "укр"]) {
        "uk"
    } else if starts(&["ger", "deu", "нем", "alman"]) {
        "de"
    } else if starts(&["fr", "фр"]) {
        "fr"
    } else if starts(&["pers", "farsi", "перс", "фарси", "fars"]) {
        "fa"
    } else if starts(&["arab", "араб"]) {
        "ar"
    } else if starts(&["chin", "кит"]) {
        "zh"
    } else {
        return None;
    })
}

/// The language of a tag's inside: "in Rus.", "in Turkish", "на рус. яз.", "Rusça".
fn language_of_tag(inner: &str) -> Option<&'static str> {
    let t = inner.trim();
    let lower = t.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    match words.as_slice() {
        ["in", lang]
        | ["in", lang, "language"]
        | ["in", "the", lang, "language"]
        | ["originally", "in", lang] => language_name(lang),
        ["на", lang] | ["на", lang, "яз."] | ["на", lang, "яз"] | ["на", lang, "языке"] => {
            language_name(lang)
        }
        [one] if one.ends_with("ça") || one.ends_with("ce") || one.ends_with("çe") => {
            language_name(one.trim_end_matches("ça").trim_end_matches("ce").trim_end_matches("çe"))
        }
        _ => None,
    }
}

/// Splits a footnote body into works and parses each.
pub fn parse_citations(text: &str, body: Span, order: NumericOrder) -> Vec<Citation> {
    let b = body.slice(text);
    if b.is_empty() {
        return Vec::new();
    }
    let base = body.start;
    let urls: Vec<UrlRef> = find_urls(b)
        .into_iter()
        .map(|u| UrlRef { span: Span::new(u.span.start + base, u.span.end + base), bracketed: u.bracketed })
        .collect();
    // URL spans with their brackets: nothing else is looked for inside.
    let url_cover: Vec<Span> = urls
        .iter()
        .map(|u| if u.bracketed { Span::new(u.span.start - 1, u.span.end + 1) } else { u.span })
        .collect();
    let in_url = |s: Span| url_cover.iter().any(|u| s.start < u.end && u.start < s.end);
    let titles = quoted(b, base, &url_cover);
    let in_title = |p: usize| titles.iter().any(|t| t.start <= p && p < t.end);
    let dates: Vec<DateMention> = find_dates(b, order)
        .into_iter()
        .map(|mut d| {
            d.span = Span::new(d.span.start + base, d.span.end + base);
            d
        })
        .filter(|d| !in_url(d.span))
        .collect();

    // Cut points: (offset, starts a secondary list).
    let mut cuts: Vec<(usize, bool)> = Vec::new();
    let lower = fold(b);
    {
        for pat in SEE_ALSO {
            let mut from = 0;
            while let Some(k) = lower[from..].find(pat) {
                let p = from + k;
                let ok_before = b[..p].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                if ok_before && !in_url(Span::new(base + p, base + p + 1)) && !in_title(base + p) {
                    cuts.push((p, true));
                }
                from = p + pat.len();
            }
        }
    }
    let mut depth = 0i32;
    for (k, c) in b.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ';' if depth <= 0 && !in_url(Span::new(base + k, base + k + 1)) && !in_title(base + k) => {
                cuts.push((k + 1, false));
            }
            _ => {}
        }
    }
    // After a URL that another URL follows in the same piece.
    for w in urls.windows(2) {
        let (u, next) = (&w[0], &w[1]);
        let mut p = u.span.end - base;
        if u.bracketed {
            p += 1;
        }
        let rest = &b[p..];
        let trimmed = rest.trim_start();
        let mut q = p + rest.len() - trimmed.len();
        if trimmed.starts_with('(') {
            if let Some(e) = trimmed.find(')') {
                q += e + 1;
            }
        }
        let rest = &b[q..];
        q += rest.len() - rest.trim_start_matches(['.', ',', ' ', '\n']).len();
        if q < next.span.start - base {
            cuts.push((q, false));
        }
    }
    cuts.sort();
    let mut merged: Vec<(usize, bool)> = Vec::new();
    for (p, sec) in cuts {
        match merged.last_mut() {
            Some(last) if last.0 == p => last.1 |= sec,
            _ => merged.push((p, sec)),
        }
    }
    let cuts = merged;

    let mut pieces: Vec<(Span, bool)> = Vec::new();
    let mut start = 0;
    let mut secondary = false;
    let mut next_secondary = false;
    for &(p, sec) in &cuts {
        if p > start {
            pieces.push((Span::new(base + start, base + p), secondary));
            start = p;
        }
        if sec {
            next_secondary = true;
        }
        secondary = secondary || next_secondary;
    }
    pieces.push((Span::new(base + start, base + b.len()), secondary));

    let mut out = Vec::new();
    for (span, secondary) in pieces {
        if let Some(c) = parse_one(text, span, secondary, &urls, &titles, &dates) {
            out.push(c);
        }
    }
    out
}

fn parse_one(
    text: &str,
    span: Span,
    secondary: bool,
    urls: &[UrlRef],
    titles: &[Span],
    dates: &[DateMention],
) -> Option<Citation> {
    let inside = |s: Span| span.start <= s.start && s.end <= span.end;
    let urls: Vec<UrlRef> = urls.iter().filter(|u| inside(u.span)).cloned().collect();
    let title = titles.iter().copied().find(|t| inside(*t) && t.len() >= 3);
    let piece = span.slice(text);
    let language = language_tags(piece, span.start).into_iter().next();
    let dates: Vec<DateMention> = dates
        .iter()
        .filter(|d| inside(d.span) && !title.is_some_and(|t| t.start <= d.span.start && d.span.end <= t.end))
        .cloned()
        .collect();
    let mut accessed = None;
    let mut published = None;
    for d in &dates {
        let before_start = d.span.start.saturating_sub(48).max(span.start);
        let mut bs = before_start;
        while !text.is_char_boundary(bs) {
            bs += 1;
        }
        let before = fold(&text[bs..d.span.start]);
        // The keyword must be in the same bracket as the date.
        let before = before.rsplit(['(', ')', ',', ';']).next().unwrap_or(&before).to_string();
        let before_all = fold(&text[bs..d.span.start]);
        let is_access = ACCESS_WORDS.iter().any(|w| before.contains(w))
            || (ACCESS_WORDS.iter().any(|w| before_all.contains(w)) && !before_all.contains(')'));
        if is_access {
            if accessed.is_none() {
                accessed = Some(d.clone());
            }
        } else if published.is_none() {
            published = Some(d.clone());
        }
    }
    let outlet = outlet(text, span, title, &urls, &dates, language.as_ref());
    let is_citation = !urls.is_empty()
        || (title.is_some() && (published.is_some() || outlet.is_some() || language.is_some()));
    if !is_citation {
        return None;
    }
    let trimmed = piece.trim().trim_end_matches([';', ' ']);
    let lead = piece.len() - piece.trim_start().len();
    let span = Span::new(span.start + lead, span.start + lead + trimmed.len());
    Some(Citation { span, secondary, title, outlet, language, published, accessed, urls, dates })
}

fn outlet(
    text: &str,
    span: Span,
    title: Option<Span>,
    urls: &[UrlRef],
    dates: &[DateMention],
    lang: Option<&LanguageTag>,
) -> Option<Span> {
    let stops_at = |p: usize| {
        urls.iter().any(|u| u.span.start == p || (u.bracketed && u.span.start == p + 1))
            || dates.iter().any(|d| d.span.start == p)
            || lang.is_some_and(|l| l.span.start == p)
    };
    let (from, to_limit) = match title {
        Some(t) => {
            // After the closing quote and the punctuation that follows it.
            let close = text[t.end..].chars().next().map(char::len_utf8).unwrap_or(0);
            let mut p = t.end + close;
            while p < span.end {
                let c = text[p..].chars().next()?;
                if matches!(c, '.' | ',' | ':' | ';' | '/' | ' ' | '—' | '–' | '-') {
                    p += c.len_utf8();
                } else if let Some(l) = lang.filter(|l| l.span.start == p) {
                    p = l.span.end;
                } else {
                    break;
                }
            }
            (p, span.end)
        }
        None => {
            let s = span.slice(text);
            let lead = s.len() - s.trim_start().len();
            (span.start + lead, span.end)
        }
    };
    let mut end = from;
    let mut p = from;
    while p < to_limit {
        if stops_at(p) {
            break;
        }
        let c = text[p..].chars().next()?;
        if matches!(c, ',' | '(' | '[' | '<' | ';' | '\n' | '“' | '«' | '"') {
            break;
        }
        if c == '.' && text[p + 1..].starts_with([' ', '\n']) {
            break;
        }
        p += c.len_utf8();
        end = p;
    }
    let s = text[from..end].trim_end();
    if s.is_empty() || s.chars().count() > 80 || (title.is_none() && !s.chars().next()?.is_uppercase()) {
        return None;
    }
    let lead = text[from..end].len() - text[from..end].trim_start().len();
    Some(Span::new(from + lead, from + lead + s.trim_start().len()))
}

/// The writing systems a title can be in, as far as the checks need them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// Latin letters.
    Latin,
    /// Cyrillic letters.
    Cyrillic,
    /// Armenian.
    Armenian,
    /// Georgian.
    Georgian,
    /// Arabic (Arabic, Persian).
    Arabic,
    /// Chinese, Japanese.
    Han,
}

/// The script most letters of `s` are in; `None` with fewer than three letters.
pub fn dominant_script(s: &str) -> Option<Script> {
    let mut counts = [0usize; 6];
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        let k = match c as u32 {
            0x41..=0x24F | 0x259 | 0x1E00..=0x1EFF => 0,
            0x400..=0x52F => 1,
            0x530..=0x58F => 2,
            0x10A0..=0x10FF => 3,
            0x600..=0x6FF | 0x750..=0x77F => 4,
            0x3040..=0x30FF | 0x4E00..=0x9FFF => 5,
            _ => continue,
        };
        counts[k] += 1;
    }
    let total: usize = counts.iter().sum();
    if total < 3 {
        return None;
    }
    let (k, _) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    Some(
        [Script::Latin, Script::Cyrillic, Script::Armenian, Script::Georgian, Script::Arabic, Script::Han][k],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Vec<Citation> {
        parse_citations(t, Span::new(0, t.len()), NumericOrder::DayFirst)
    }

    #[test]
    fn the_issue_example() {
        let t = "“Baku and Ankara sign a memorandum on defence industry cooperation”. Hürriyet (in Turkish), 14.03.2023, <https://www.hurriyet.com.tr/gundem/baku-ve-ankara-savunma-sanayi-mutabakati-42234567> (download date: 20.03.2023).";
        let c = parse(t);
        assert_eq!(c.len(), 1);
        let c = &c[0];
        assert_eq!(
            c.title.unwrap().slice(t),
            "Baku and Ankara sign a memorandum on defence industry cooperation"
        );
        assert_eq!(c.outlet.unwrap().slice(t), "Hürriyet");
        assert_eq!(c.language.as_ref().unwrap().code, "tr");
        assert_eq!(c.published.as_ref().unwrap().span.slice(t), "14.03.2023");
        assert_eq!(c.accessed.as_ref().unwrap().span.slice(t), "20.03.2023");
        assert_eq!(c.urls.len(), 1);
        assert!(!c.secondary);
    }

    #[test]
    fn several_works_and_see_also() {
        let t = "«Токаев встретился с Алиевым» (на рус. яз.). Kommersant, 2 March 2023, https://www.kommersant.ru/doc/5872345 (accessed 3 March 2023); \"Aliyev in Astana\". Trend, March 2, 2023. See also: “Shusha Declaration”. President.az, 15.06.2021, <https://president.az/en/articles/view/52122> (retrieved on 01.02.2025).";
        let c = parse(t);
        assert_eq!(c.len(), 3, "{c:#?}");
        assert_eq!(c[0].language.as_ref().unwrap().code, "ru");
        assert_eq!(c[0].outlet.unwrap().slice(t), "Kommersant");
        assert_eq!(c[0].accessed.as_ref().unwrap().span.slice(t), "3 March 2023");
        assert_eq!(c[1].title.unwrap().slice(t), "Aliyev in Astana");
        assert_eq!(c[1].published.as_ref().unwrap().span.slice(t), "March 2, 2023");
        assert!(c[2].secondary);
        assert_eq!(c[2].accessed.as_ref().unwrap().span.slice(t), "01.02.2025");
    }

    #[test]
    fn remarks_are_no_citations() {
        assert!(parse("Here and below, translations from Russian and Turkish are the author's.").is_empty());
        assert!(parse("The talks were held on 12.03.2023 behind closed doors.").is_empty());
    }

    #[test]
    fn scripts() {
        assert_eq!(dominant_script("Токаев встретился"), Some(Script::Cyrillic));
        assert_eq!(dominant_script("Bakü ve Ankara"), Some(Script::Latin));
        assert_eq!(dominant_script("12"), None);
    }
}
