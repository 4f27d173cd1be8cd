//! Property tests of the date and URL parsers (`date.rs`, `url.rs`). No text panics
//! them. What they find lies inside the text on character boundaries, and a date found
//! is a real day.
//!
//! The reader and the citation parser have theirs in `tests.rs`. CI runs 256 cases.
//! `bench/fuzz.sh` sets `PROPTEST_CASES` for a longer run, and `QUIDPRO_FUZZ_MAX_MS` to
//! bound the time of one input.

use proptest::prelude::*;

use crate::date::{find_dates, make_date, month_number, proven_order, NumericOrder};
use crate::url::{check_url, find_urls, normalize_url, url_date, url_language, url_naive_date};

/// 256 cases, or `PROPTEST_CASES`.
pub(crate) fn config() -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = 256;
    }
    c
}

/// Runs `f`. Under bench/fuzz.sh an input that takes longer than `QUIDPRO_FUZZ_MAX_MS`
/// fails. The CI run measures no time.
pub(crate) fn timed<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    let t = std::time::Instant::now();
    let v = f();
    if let Some(max) = std::env::var("QUIDPRO_FUZZ_MAX_MS").ok().and_then(|v| v.parse::<u128>().ok()) {
        let ms = t.elapsed().as_millis();
        prop_assert!(ms <= max, "{} took {} ms (more than {} ms)", what, ms, max);
    }
    Ok(v)
}

/// Text made of the pieces dates are written with, in several languages and scripts.
fn date_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "14",
        "03",
        "2023",
        "1999",
        "31",
        "29",
        "02",
        "0",
        "00",
        "9999",
        "12345",
        ".",
        "/",
        "-",
        ":",
        ",",
        " ",
        "March",
        "Mar.",
        "mars",
        "Mart",
        "марта",
        "Şubat",
        "février",
        "Jan",
        "Sept.",
        "1st",
        "2nd",
        "th",
        "of",
        "the",
        "¹",
        "²",
        "v1.",
        "Accessed ",
        "\n",
        "é",
        "İ",
        "ı",
        "-0",
        "+",
        "T12:00",
    ]);
    prop::collection::vec(prop_oneof![pieces.prop_map(str::to_string), "\\PC{0,4}"], 0..40)
        .prop_map(|v| v.concat())
}

/// Text made of the pieces URLs are written with.
fn url_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "https://",
        "http://",
        "www.",
        "htps//",
        "https:/",
        "://",
        "<",
        ">",
        "example",
        ".org",
        ".com",
        ".",
        "xn--p1ai",
        "/",
        "2024",
        "/12/",
        "25",
        "/20241225/",
        "-20241225",
        "?date=2024-12-25",
        "?",
        "#",
        "&",
        "=",
        "%",
        "%2",
        "%zz",
        "%E2%80",
        "(",
        ")",
        "[",
        "]",
        " ",
        "\n",
        "ru",
        "/tr/",
        "haber",
        "ğ",
        "ş",
        "ı",
        "новости",
        "’",
        "“",
        "»",
        ",",
        ";",
        "*",
        "'",
    ]);
    prop::collection::vec(prop_oneof![pieces.prop_map(str::to_string), "\\PC{0,4}"], 0..40)
        .prop_map(|v| v.concat())
}

fn check_dates(s: &str) -> Result<(), TestCaseError> {
    for order in [NumericOrder::DayFirst, NumericOrder::MonthFirst] {
        let found = timed("find_dates", || find_dates(s, order))?;
        for m in &found {
            prop_assert!(m.span.start < m.span.end && m.span.end <= s.len());
            prop_assert!(s.get(m.span.start..m.span.end).is_some(), "span off a character boundary");
            // A mention names a day or says why it cannot.
            prop_assert!(m.date.is_some() != m.impossible.is_some(), "{:?}", m);
        }
    }
    let _ = timed("proven_order", || proven_order(s))?;
    for w in s.split_whitespace() {
        if let Some(m) = month_number(w) {
            prop_assert!((1..=12).contains(&m));
        }
    }
    Ok(())
}

fn check_urls(s: &str) -> Result<(), TestCaseError> {
    let found = timed("find_urls", || find_urls(s))?;
    let mut last = 0;
    for u in &found {
        prop_assert!(u.span.start >= last && u.span.start <= u.span.end && u.span.end <= s.len());
        let Some(url) = s.get(u.span.start..u.span.end) else {
            return Err(TestCaseError::fail("a URL span off a character boundary"));
        };
        last = u.span.end;
        check_one_url(url)?;
    }
    check_one_url(s)
}

fn check_one_url(url: &str) -> Result<(), TestCaseError> {
    for p in timed("check_url", || check_url(url))? {
        prop_assert!(p.span.start <= p.span.end && p.span.end <= url.len(), "{:?}", p);
        prop_assert!(url.get(p.span.start..p.span.end).is_some(), "problem span off a boundary: {:?}", p);
    }
    if let Some(d) = timed("url_date", || url_date(url))? {
        prop_assert!(d.span.end <= url.len() && url.get(d.span.start..d.span.end).is_some(), "{:?}", d);
        if let Some(day) = url_naive_date(&d) {
            prop_assert_eq!(make_date(d.year, d.month, d.day.unwrap_or(1)), Ok(day));
        }
    }
    let _ = url_language(url);
    let _ = timed("normalize_url", || normalize_url(url))?;
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn no_text_makes_the_date_parser_panic(s in date_like()) {
        check_dates(&s)?;
    }

    #[test]
    fn no_unicode_makes_the_date_parser_panic(s in "\\PC{0,120}") {
        check_dates(&s)?;
    }

    #[test]
    fn make_date_is_total(y in any::<i32>(), m in any::<u32>(), d in any::<u32>()) {
        match make_date(y, m, d) {
            Ok(date) => prop_assert_eq!(chrono::NaiveDate::from_ymd_opt(y, m, d), Some(date)),
            Err(e) => prop_assert!(!e.is_empty()),
        }
    }

    #[test]
    fn no_text_makes_the_url_parser_panic(s in url_like()) {
        check_urls(&s)?;
    }

    #[test]
    fn no_unicode_makes_the_url_parser_panic(s in "\\PC{0,120}") {
        check_urls(&s)?;
    }
}
