//! Property tests: no text makes the coder panic, and every event's span lies inside the
//! story text on character boundaries. No words make the date expressions (`dates::find`)
//! panic, whatever the story date and reference time.
//!
//! CI runs the cases below. `bench/fuzz.sh` sets `PROPTEST_CASES` for a longer run, and
//! `QUIDPRO_FUZZ_MAX_MS` to bound the time of one input.

use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use proptest::prelude::*;
use quidpro_coder::dates::{self, Reference};
use quidpro_coder::{Coder, CoderBuilder};
use quidpro_dict::Dictionary;
use quidpro_event::DatePrecision;
use quidpro_text::Story;

fn coders() -> &'static (Coder, Coder) {
    static C: OnceLock<(Coder, Coder)> = OnceLock::new();
    C.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/dict/mini");
        let (mini, e) = Dictionary::load_dir(&dir);
        assert!(e.is_empty());
        let (full, e) = Dictionary::embedded();
        assert!(e.is_empty());
        let mut b = CoderBuilder::new();
        b.include_negated(true);
        (b.build(mini), b.build(full))
    })
}

/// `ci` cases, or `PROPTEST_CASES`.
fn config(ci: u32) -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = ci;
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

fn check(text: String) -> Result<(), TestCaseError> {
    let story = Story {
        id: "p".into(),
        date: NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
        text,
        source: None,
        url: None,
    };
    let (mini, full) = coders();
    for coder in [mini, full] {
        for e in timed("code_to_vec", || coder.code_to_vec(&story))? {
            let span = e.event.provenance.span;
            prop_assert!(span.start <= span.end && span.end <= story.text.len());
            prop_assert!(story.text.is_char_boundary(span.start) && story.text.is_char_boundary(span.end));
        }
    }
    Ok(())
}

const WORDS: &[&str] = &[
    "Turkey",
    "Azerbaijan's",
    "Armenian",
    "forces",
    "attacked",
    "were",
    "shelled",
    "by",
    "and",
    ",",
    ".",
    "said",
    "not",
    "which",
    "(",
    ")",
    "on",
    "January",
    "24",
    "Monday",
    "its",
    "talks",
    "between",
    "Baku",
    "the",
    "of",
    "accused",
    "to",
    "supply",
    "drones",
    "U.S.",
    "Gen.",
    "R.",
    "Erdoğan",
    "’s",
    "2-1",
    "“",
    "—",
    "Moscow",
    "Kremlin",
    "may",
    "in",
    "2020",
    "last",
    "week",
    "visit",
    "it",
    "he",
    "NATO",
    "PKK",
];

/// The words of date expressions, as the tokenizer gives them (lower case).
const DATE_WORDS: &[&str] = &[
    "on",
    "in",
    "since",
    "until",
    "till",
    "between",
    "from",
    "and",
    "to",
    "through",
    "-",
    "the",
    "of",
    "a",
    "an",
    "last",
    "this",
    "next",
    "previous",
    "following",
    "ago",
    "later",
    "earlier",
    "before",
    "after",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "quarter",
    "q1",
    "q4",
    "first",
    "third",
    "fourth",
    "spring",
    "summer",
    "fall",
    "autumn",
    "winter",
    "yesterday",
    "today",
    "tomorrow",
    "tonight",
    "night",
    "monday",
    "sunday",
    "january",
    "jan",
    "february",
    "feb",
    "may",
    "december",
    "early",
    "mid",
    "late",
    "end",
    "start",
    "during",
    "war",
    "14th",
    "1st",
    "31st",
    "two",
    "three",
    "twelve",
    "hundred",
    "thousand",
    "million",
    ".",
    ",",
    "/",
    "0",
    "1",
    "14",
    "29",
    "31",
    "12",
    "13",
    "2020",
    "0001",
    "9999",
    "10000",
    "99999",
    "2147483648",
    "18446744073709551616",
    "14.05.2023",
    "2023-05-14",
    "29.02.2023",
    "31.04.2024",
    "2019-2021",
    "9999-12-31",
    "0000-01-01",
    "mid-2023",
];

fn day(y: i32, ordinal: u32) -> NaiveDate {
    NaiveDate::from_yo_opt(y, ordinal).unwrap_or_else(|| NaiveDate::from_yo_opt(y, 365).unwrap())
}

fn reference() -> impl Strategy<Value = Option<Reference>> {
    let precision = proptest::sample::select(vec![
        DatePrecision::Day,
        DatePrecision::Week,
        DatePrecision::Month,
        DatePrecision::Quarter,
        DatePrecision::Season,
        DatePrecision::Year,
    ]);
    proptest::option::of((1i32..=9999, 1u32..=366, precision).prop_map(|(y, o, p)| {
        let d = p.start(day(y, o));
        Reference { date: d, precision: p }
    }))
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn no_words_make_the_date_expressions_panic(
        words in proptest::collection::vec(proptest::sample::select(DATE_WORDS), 0..24),
        y in prop_oneof![1i32..=9999, Just(1), Just(9999)],
        o in 1u32..=366,
        rf in reference(),
    ) {
        let story = day(y, o);
        let found = timed("dates::find", || dates::find(&words, story, rf))?;
        let mut last = 0;
        for e in &found {
            prop_assert!(e.start >= last && e.start < e.end && e.end <= words.len(), "{:?}", e);
            prop_assert_eq!(e.precision.start(e.date), e.date);
            let _ = e.token();
            last = e.start;
        }
        let _ = dates::reference_after(&words, story, rf);
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        check(text)?;
    }

    #[test]
    fn word_salad_never_panics(words in proptest::collection::vec(proptest::sample::select(WORDS), 0..60)) {
        check(words.join(" "))?;
    }
}
