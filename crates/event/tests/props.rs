//! Property tests of the date tokens (`DatePrecision::parse`, `parse_token`, `token`,
//! `start`). No input panics, and `token` and `parse_token` are inverses.
//!
//! CI runs 256 cases. `bench/fuzz.sh` sets `PROPTEST_CASES` for a longer run, and
//! `QUIDPRO_FUZZ_MAX_MS` to bound the time of one input.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use quidpro_event::DatePrecision;

/// 256 cases, or `PROPTEST_CASES`.
fn config() -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = 256;
    }
    c
}

/// Runs `f`. Under bench/fuzz.sh an input that takes longer than `QUIDPRO_FUZZ_MAX_MS`
/// fails. The CI run measures no time.
fn timed<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    let t = std::time::Instant::now();
    let v = f();
    if let Some(max) = std::env::var("QUIDPRO_FUZZ_MAX_MS").ok().and_then(|v| v.parse::<u128>().ok()) {
        let ms = t.elapsed().as_millis();
        prop_assert!(ms <= max, "{} took {} ms (more than {} ms)", what, ms, max);
    }
    Ok(v)
}

const PRECISIONS: [DatePrecision; 6] = [
    DatePrecision::Day,
    DatePrecision::Week,
    DatePrecision::Month,
    DatePrecision::Quarter,
    DatePrecision::Season,
    DatePrecision::Year,
];

/// Days of the years a token can write (four digits).
fn dates() -> impl Strategy<Value = NaiveDate> {
    (0i32..=9999, 1u32..=366).prop_map(|(y, d)| {
        NaiveDate::from_yo_opt(y, d).unwrap_or_else(|| NaiveDate::from_yo_opt(y, 365).unwrap())
    })
}

/// Text that looks like tokens: digits, dashes, `Q`, season names, and anything.
fn token_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{0,5}(-([0-9]{0,3}|[qQ][0-9]|spring|SUMMER|autumn|winter|fall)){0,3}",
        "[ 0-9qQ\\-a-z]{0,14}",
        "\\PC{0,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn no_text_makes_the_token_parsers_panic(s in token_like()) {
        let r = timed("parse_token", || (DatePrecision::parse_token(&s), DatePrecision::parse(&s)))?;
        if let (Some((d, p)), _) = r {
            // What parses is a period's first day, and writes back as a token that
            // parses to the same.
            prop_assert_eq!(p.start(d), d);
            prop_assert_eq!(DatePrecision::parse_token(&p.token(d)), Some((d, p)));
        }
        if let (_, Some(p)) = r {
            prop_assert_eq!(p.as_str(), s.as_str());
        }
    }

    #[test]
    fn token_and_parse_token_are_inverses(d in dates()) {
        for p in PRECISIONS {
            let start = p.start(d);
            prop_assert!(start <= d);
            prop_assert_eq!(p.start(start), start);
            let token = p.token(d);
            // A week is written as its Monday, which reads back as a day.
            let read_as = if p == DatePrecision::Week { DatePrecision::Day } else { p };
            prop_assert_eq!(DatePrecision::parse_token(&token), Some((start, read_as)), "{}", token);
            prop_assert_eq!(DatePrecision::parse_token(&token.to_uppercase()), Some((start, read_as)));
            prop_assert_eq!(DatePrecision::parse(p.as_str()), Some(p));
        }
        prop_assert_eq!(DatePrecision::Year.start(d).year(), d.year());
    }
}
