//! Dates as they are written in comments and citations.
//!
//! Recognised forms (the day and month may have one or two digits):
//!
//! * numeric, day first: `14.03.2023` (dots are always day-month-year), `14/03/2023`,
//!   `14-03-2023`; slashes and hyphens may also be month first (`03/14/2023`), see
//!   [`NumericOrder`];
//! * ISO, year first: `2023-03-14`, `2023/03/14`, `2023.03.14`;
//! * with a time after an ISO date: `2023-03-14T10:32:00+03:00` (the day is the date);
//! * written: `14 March 2023`, `14th Mar. 2023`, `March 14, 2023`, `Mar 14 2023`,
//!   `14-Mar-2023`, and Russian (`14 марта 2023 г.`), Turkish (`14 Mart 2023`), French
//!   (`1er mars 2023`, `14 mars 2023`) and German (`14. März 2023`) month names.
//!
//! A date whose fields cannot form a day ("31.02.2025", "14.13.2023") is still found, so
//! that it can be reported: its [`DateMention::date`] is `None` and
//! [`DateMention::impossible`] says why.

use chrono::{Datelike, NaiveDate};

use quidpro_text::Span;

/// How a date is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateForm {
    /// Digits with a separator (`.`, `/`, `-`), day or month first.
    Numeric(char),
    /// Year first (`2023-03-14`).
    Iso,
    /// With a month name.
    Written,
}

/// The order of day and month in numeric dates separated by `/` or `-`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NumericOrder {
    /// Day first (`14/03/2023`), the default.
    #[default]
    DayFirst,
    /// Month first (`03/14/2023`).
    MonthFirst,
}

/// A date found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Where it is written.
    pub span: Span,
    /// How it is written.
    pub form: DateForm,
    /// The day it names; `None` when no such day exists.
    pub date: Option<NaiveDate>,
    /// Why it cannot exist ("February has no day 31"), when it cannot.
    pub impossible: Option<String>,
    /// The other reading, when day and month could be read either way and nothing in the
    /// document tells which.
    pub ambiguous: Option<NaiveDate>,
}

const EN_MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    // Russian, genitive and nominative.
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    ("январь", 1),
    ("февраль", 2),
    ("март", 3),
    ("апрель", 4),
    ("май", 5),
    ("июнь", 6),
    ("июль", 7),
    ("август", 8),
    ("сентябрь", 9),
    ("октябрь", 10),
    ("ноябрь", 11),
    ("декабрь", 12),
    // Turkish.
    ("ocak", 1),
    ("şubat", 2),
    ("subat", 2),
    ("mart", 3),
    ("nisan", 4),
    ("mayıs", 5),
    ("mayis", 5),
    ("haziran", 6),
    ("temmuz", 7),
    ("ağustos", 8),
    ("agustos", 8),
    ("eylül", 9),
    ("eylul", 9),
    ("ekim", 10),
    ("kasım", 11),
    ("kasim", 11),
    ("aralık", 12),
    ("aralik", 12),
    // French.
    ("janvier", 1),
    ("janv", 1),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    // German (April, August, September and November are spelt as in English).
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("okt", 10),
    ("dezember", 12),
    ("dez", 12),
];

/// The month a word names (English, Russian, Turkish, French or German; full or
/// abbreviated).
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    EN_MONTHS.iter().find(|(name, _)| *name == w).map(|&(_, n)| n)
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English name of month `m` (1–12).
pub fn month_name(m: u32) -> &'static str {
    MONTH_NAMES.get((m as usize).wrapping_sub(1)).copied().unwrap_or("?")
}

/// Why year, month and day do not form a date, or the date.
pub fn make_date(y: i32, m: u32, d: u32) -> Result<NaiveDate, String> {
    if !(1..=12).contains(&m) {
        return Err(format!("there is no month {m}"));
    }
    if d == 0 {
        return Err("there is no day 0".into());
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("{} {y} has no day {d}", month_name(m)))
}

/// A run of ASCII digits starting at `i`: its end and value.
fn digits(b: &[u8], i: usize, max: usize) -> Option<(usize, u32)> {
    let mut j = i;
    while j < b.len() && b[j].is_ascii_digit() && j - i < max + 1 {
        j += 1;
    }
    if j == i || j - i > max {
        return None;
    }
    let v = std::str::from_utf8(&b[i..j]).ok()?.parse().ok()?;
    Some((j, v))
}

fn is_word_char(c: char) -> bool {
    // A superscript digit after a date is a footnote marker ("14.11.2024¹"), not a digit
    // of the date.
    (c.is_alphanumeric() && super::superscript::digit(c).is_none()) || c == '_'
}

/// Whether a number may start at `i` (not glued to a word, a number or a decimal).
fn boundary_before(text: &str, i: usize) -> bool {
    let prev = text[..i].chars().next_back();
    match prev {
        None => true,
        // Markdown emphasis that opens before the date ("_14 January 2026_"), not a word
        // joined by an underscore ("file_2024").
        Some('_') => !text[..i - 1].chars().next_back().is_some_and(is_word_char),
        Some(c) if is_word_char(c) => false,
        Some('.' | '/' | '-' | ',') => {
            // "v1.14.03.2023" or "1,14.03.2023": glued to a number.
            !text[..i - 1].chars().next_back().is_some_and(|c| c.is_ascii_digit())
        }
        _ => true,
    }
}

/// Whether a date may end at `j` (not followed by more digits or a word).
fn boundary_after(text: &str, j: usize) -> bool {
    let rest = &text[j..];
    let mut chars = rest.chars();
    match chars.next() {
        None => true,
        // Markdown emphasis that closes after the date ("· 14 January 2026_").
        Some('_') => !chars.next().is_some_and(is_word_char),
        Some(c) if is_word_char(c) => false,
        Some('.' | '/' | '-' | ':') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => true,
    }
}

/// Finds every date in `text`; slash and hyphen dates are read in `order`.
pub fn find_dates(text: &str, order: NumericOrder) -> Vec<DateMention> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let c = b[i];
        if c.is_ascii_digit() && boundary_before(text, i) {
            if let Some(m) = numeric_at(text, i, order).or_else(|| day_month_year_at(text, i)) {
                i = m.span.end;
                out.push(m);
                continue;
            }
        } else if (c.is_ascii_alphabetic() || c >= 0x80) && boundary_before(text, i) {
            if let Some(m) = month_day_year_at(text, i) {
                i = m.span.end;
                out.push(m);
                continue;
            }
            // Skip the whole word.
            let w = word_end(text, i);
            i = w.max(i + 1);
            continue;
        }
        i += 1;
    }
    out
}

fn word_end(text: &str, i: usize) -> usize {
    let mut j = i;
    for c in text[i..].chars() {
        if c.is_alphabetic() {
            j += c.len_utf8();
        } else {
            break;
        }
    }
    j
}

fn numeric_at(text: &str, i: usize, order: NumericOrder) -> Option<DateMention> {
    let b = text.as_bytes();
    // ISO: YYYY-MM-DD
    if let Some((j, y)) = digits(b, i, 4).filter(|(j, _)| j - i == 4) {
        let sep = *b.get(j)?;
        if matches!(sep, b'-' | b'/' | b'.') {
            let (k, m) = digits(b, j + 1, 2)?;
            if b.get(k) == Some(&sep) {
                let (l, d) = digits(b, k + 1, 2)?;
                // A time may follow: "2023-03-14T10:32:00Z".
                let timed = b.get(l) == Some(&b'T') && b.get(l + 1).is_some_and(u8::is_ascii_digit);
                if (timed || boundary_after(text, l)) && m <= 31 && d <= 31 && (1000..3000).contains(&y) {
                    let span = Span::new(i, l);
                    return Some(mention(span, DateForm::Iso, make_date(y as i32, m, d), None));
                }
            }
        }
        return None;
    }
    let (j, a) = digits(b, i, 2)?;
    let sep = *b.get(j)?;
    if !matches!(sep, b'.' | b'/' | b'-') {
        return None;
    }
    let (k, bb) = digits(b, j + 1, 2)?;
    if b.get(k) != Some(&sep) {
        return None;
    }
    let (l, y) = digits(b, k + 1, 4)?;
    if l - (k + 1) != 4 || !boundary_after(text, l) {
        return None;
    }
    // Phone numbers and other codes: no field could be a month, or a day, or a year.
    if a > 31 || bb > 31 || a.min(bb) > 12 || !(1000..3000).contains(&y) {
        return None;
    }
    let y = y as i32;
    let span = Span::new(i, l);
    let form = DateForm::Numeric(sep as char);
    if sep == b'.' {
        let r = make_date(y, bb, a).map_err(|e| {
            if bb > 12 && a <= 12 {
                format!("{e} (day and month swapped?)")
            } else {
                e
            }
        });
        return Some(mention(span, form, r, None));
    }
    let (d, m) = match order {
        NumericOrder::DayFirst => (a, bb),
        NumericOrder::MonthFirst => (bb, a),
    };
    let r = make_date(y, m, d);
    let other = if a != bb && a <= 12 && bb <= 12 { make_date(y, d, m).ok() } else { None };
    Some(mention(span, form, r, other))
}

fn mention(span: Span, form: DateForm, r: Result<NaiveDate, String>, amb: Option<NaiveDate>) -> DateMention {
    match r {
        Ok(d) => DateMention { span, form, date: Some(d), impossible: None, ambiguous: amb },
        Err(e) => DateMention { span, form, date: None, impossible: Some(e), ambiguous: None },
    }
}

/// Skips spaces (including no-break spaces); returns the new offset.
fn spaces(text: &str, mut i: usize) -> usize {
    while let Some(c) = text[i..].chars().next() {
        if c == ' ' || c == '\u{a0}' || c == '\u{202f}' || c == '\t' {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// A month word at `i` (letters, an optional full stop): its end and number.
fn month_word(text: &str, i: usize) -> Option<(usize, u32)> {
    let w = word_end(text, i);
    if w == i {
        return None;
    }
    let word = &text[i..w];
    // "May" only when capitalised, to keep the verb out.
    if word == "may" {
        return None;
    }
    let m = month_number(word)?;
    let end = if text[w..].starts_with('.') && word.chars().count() <= 4 { w + 1 } else { w };
    Some((end, m))
}

fn year_at(text: &str, i: usize) -> Option<(usize, i32)> {
    let (j, y) = digits(text.as_bytes(), i, 4)?;
    if j - i != 4 || !boundary_after(text, j) || !(1000..3000).contains(&y) {
        return None;
    }
    // Russian "2023 г." and "2023 года" belong to the date but change nothing.
    Some((j, y as i32))
}

/// "14 March 2023", "14th Mar. 2023", "14 марта 2023", "1er mars 2023", "14. März
/// 2023", "14-Mar-2023".
fn day_month_year_at(text: &str, i: usize) -> Option<DateMention> {
    let b = text.as_bytes();
    let (mut j, d) = digits(b, i, 2)?;
    if d > 31 {
        return None;
    }
    for suf in ["st", "nd", "rd", "th", "er"] {
        if text[j..].starts_with(suf) {
            j += 2;
            break;
        }
    }
    // "14-Mar-2023": hyphens around a month name.
    if text[j..].starts_with('-') {
        let (l, m) = month_word(text, j + 1)?;
        if !text[l..].starts_with('-') {
            return None;
        }
        let (e, y) = year_at(text, l + 1)?;
        return Some(mention(Span::new(i, e), DateForm::Written, make_date(y, m, d), None));
    }
    // German: "14. März 2023".
    if text[j..].starts_with('.') {
        j += 1;
    }
    let k = spaces(text, j);
    if k == j {
        return None;
    }
    let (l, m) = month_word(text, k)?;
    let n = spaces(text, l);
    let n = if text[n..].starts_with(',') { spaces(text, n + 1) } else { n };
    let (e, y) = year_at(text, n)?;
    Some(mention(Span::new(i, e), DateForm::Written, make_date(y, m, d), None))
}

/// "March 14, 2023", "Mar. 14 2023".
fn month_day_year_at(text: &str, i: usize) -> Option<DateMention> {
    let (j, m) = month_word(text, i)?;
    let k = spaces(text, j);
    if k == j {
        return None;
    }
    let b = text.as_bytes();
    let (mut l, d) = digits(b, k, 2)?;
    if d > 31 {
        return None;
    }
    for suf in ["st", "nd", "rd", "th"] {
        if text[l..].starts_with(suf) {
            l += 2;
            break;
        }
    }
    let mut n = l;
    if text[n..].starts_with(',') {
        n += 1;
    }
    let n2 = spaces(text, n);
    if n2 == n && n == l {
        return None;
    }
    let (e, y) = year_at(text, n2)?;
    Some(mention(Span::new(i, e), DateForm::Written, make_date(y, m, d), None))
}

/// The order of day and month that the slash and hyphen dates of `text` prove: a first
/// field over 12 proves day first, a second field over 12 month first. `None` when
/// nothing proves an order, or both are proved.
#[cfg(test)]
pub fn proven_order(text: &str) -> Option<NumericOrder> {
    proven_order_of(text, &find_dates(text, NumericOrder::DayFirst))
}

/// [`proven_order`] over dates already found in `text`.
pub fn proven_order_of(text: &str, mentions: &[DateMention]) -> Option<NumericOrder> {
    let mut day_first = false;
    let mut month_first = false;
    for m in mentions {
        if let DateForm::Numeric('/' | '-') = m.form {
            let s = m.span.slice(text);
            let mut parts = s.split(['/', '-']).filter_map(|p| p.parse::<u32>().ok());
            let (a, b) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
            if a > 12 && b <= 12 {
                day_first = true;
            }
            if b > 12 && a <= 12 {
                month_first = true;
            }
        }
    }
    match (day_first, month_first) {
        (true, false) => Some(NumericOrder::DayFirst),
        (false, true) => Some(NumericOrder::MonthFirst),
        _ => None,
    }
}

/// Formats a date as `14.03.2023`, the style of the comments.
pub fn dotted(d: NaiveDate) -> String {
    format!("{:02}.{:02}.{}", d.day(), d.month(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn dates(t: &str) -> Vec<(String, Option<NaiveDate>)> {
        find_dates(t, NumericOrder::DayFirst)
            .into_iter()
            .map(|m| (m.span.slice(t).to_string(), m.date))
            .collect()
    }

    #[test]
    fn forms() {
        let t = "On 14.03.2023, 2023-03-15, 16 March 2023, March 17, 2023, 18th Mar. 2023, 19 марта 2023 г., 20 Mart 2023.";
        let got = dates(t);
        let want = [
            ("14.03.2023", ymd(2023, 3, 14)),
            ("2023-03-15", ymd(2023, 3, 15)),
            ("16 March 2023", ymd(2023, 3, 16)),
            ("March 17, 2023", ymd(2023, 3, 17)),
            ("18th Mar. 2023", ymd(2023, 3, 18)),
            ("19 марта 2023", ymd(2023, 3, 19)),
            ("20 Mart 2023", ymd(2023, 3, 20)),
        ];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for ((s, d), (ws, wd)) in got.iter().zip(want) {
            assert_eq!(s, ws);
            assert_eq!(*d, Some(wd));
        }
    }

    #[test]
    fn french_german_hyphenated_and_timed_forms() {
        let t =
            "1er décembre 2024, 3 août 2024, 14. März 2025, 14-Nov-2024, 2024-11-14T10:32:00Z, 14 KASIM 2024";
        let got: Vec<Option<NaiveDate>> = dates(t).into_iter().map(|(_, d)| d).collect();
        assert_eq!(
            got,
            [
                Some(ymd(2024, 12, 1)),
                Some(ymd(2024, 8, 3)),
                Some(ymd(2025, 3, 14)),
                Some(ymd(2024, 11, 14)),
                Some(ymd(2024, 11, 14)),
                Some(ymd(2024, 11, 14)),
            ]
        );
        // A year glued to a word, or a hyphen with no month after it, is no date.
        assert!(dates("14-Novx-2024 and 2024-11-14Tx").is_empty());
    }

    #[test]
    fn dates_inside_markdown_emphasis() {
        // "_Indian Ocean Brief · 14 January 2026_": the underscores are emphasis; one that
        // joins words ("file_2024") still glues.
        let got = dates("_Indian Ocean Brief · 14 January 2026_ and _12.01.2026_");
        assert_eq!(
            got.iter().map(|(_, d)| *d).collect::<Vec<_>>(),
            [Some(ymd(2026, 1, 14)), Some(ymd(2026, 1, 12))]
        );
        assert!(dates("report_14.01.2026 and 14.01.2026_v2").is_empty());
    }

    #[test]
    fn impossible_and_ambiguous() {
        let m = &find_dates("due 31.02.2025.", NumericOrder::DayFirst)[0];
        assert_eq!(m.date, None);
        assert!(m.impossible.as_deref().unwrap().contains("February"));
        let m = &find_dates("on 03.14.2023", NumericOrder::DayFirst)[0];
        assert!(m.impossible.as_deref().unwrap().contains("swapped"));
        let m = &find_dates("on 03/04/2023", NumericOrder::DayFirst)[0];
        assert_eq!(m.date, Some(ymd(2023, 4, 3)));
        assert_eq!(m.ambiguous, Some(ymd(2023, 3, 4)));
        assert_eq!(proven_order("03/04/2023 and 12/25/2023"), Some(NumericOrder::MonthFirst));
    }

    #[test]
    fn a_footnote_marker_after_a_date_ends_it() {
        for t in [
            "comment, 14.11.2024¹",
            "comment, 14.11.2024[1]",
            "comment, 14.11.2024[^1]",
            "comment, 14.11.2024<sup>1</sup>",
            "14 November 2024¹²",
        ] {
            let got = dates(t);
            assert_eq!(got.len(), 1, "{t}");
            assert_eq!(got[0].1, Some(ymd(2024, 11, 14)), "{t}");
        }
    }

    #[test]
    fn not_dates() {
        assert!(dates("version 1.14.03.2023x, phone 12-34-5678, 2.5 million, May 2023").is_empty());
        assert!(dates("they may 12 2023").is_empty());
    }
}
