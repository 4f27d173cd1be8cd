//! Property tests of the JSON-lines story reader (`Story::from_json`, `StoryReader`).
//! No bytes make it panic or loop. It yields at most one item per line, and its errors
//! name the line they stand on. A story written as JSON reads back as itself.
//!
//! CI runs 256 cases. `bench/fuzz.sh` sets `PROPTEST_CASES` for a longer run, and
//! `QUIDPRO_FUZZ_MAX_MS` to bound the time of one input.

use chrono::NaiveDate;
use proptest::prelude::*;
use quidpro_text::{Story, StoryError, StoryReader};

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

/// Pieces of JSON lines: keys, values of every type, broken quoting and escapes.
fn json_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\"id\"",
        "\"date\"",
        "\"text\"",
        "\"source\"",
        "\"url\"",
        "\"2024-02-29\"",
        "\"2023-02-29\"",
        "\"9999-12-31\"",
        "\"0000-01-01\"",
        "\"24-1-1\"",
        "\"x\"",
        "\"\"",
        "12",
        "-0",
        "1e999",
        "null",
        "true",
        "[1]",
        "{}",
        "\\u0000",
        "\\ud800",
        "\\",
        "\n",
        "\r\n",
        " ",
        "\u{feff}",
        "é",
        "\"\\\"\"",
    ]);
    prop::collection::vec(prop_oneof![pieces.prop_map(str::to_string), "\\PC{0,6}"], 0..40)
        .prop_map(|v| v.concat())
}

/// Reads every item of `bytes`; checks the line numbers and the bound on items.
fn read_all(bytes: &[u8]) -> Result<(usize, usize), TestCaseError> {
    let lines = bytes.split(|&b| b == b'\n').count();
    let items: Vec<Result<Story, StoryError>> =
        timed("StoryReader", || StoryReader::new(bytes, "p.jsonl").collect())?;
    prop_assert!(items.len() <= lines, "{} items from {} lines", items.len(), lines);
    let mut errors = 0;
    for it in &items {
        match it {
            Ok(s) => prop_assert!(!s.id.is_empty()),
            Err(StoryError::Invalid { origin, line, message }) => {
                prop_assert_eq!(origin.as_str(), "p.jsonl");
                prop_assert!(*line >= 1 && *line <= lines, "line {} of {}", line, lines);
                prop_assert!(!message.is_empty());
                errors += 1;
            }
            Err(e) => prop_assert!(false, "reading a slice failed: {}", e),
        }
    }
    Ok((items.len(), errors))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn no_bytes_make_the_reader_panic_or_loop(b in prop::collection::vec(any::<u8>(), 0..400)) {
        read_all(&b)?;
    }

    #[test]
    fn no_json_like_text_makes_the_reader_panic(s in json_like()) {
        read_all(s.as_bytes())?;
        let _ = timed("from_json", || Story::from_json(&s))?;
    }

    #[test]
    fn a_story_reads_back_as_itself(
        id in "\\PC{1,12}",
        days in 0i64..3_652_059,
        text in any::<String>(),
        source in proptest::option::of("\\PC{0,8}"),
        url in proptest::option::of("\\PC{0,8}"),
    ) {
        let date = NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + chrono::Duration::days(days);
        let line = serde_json::json!({
            "id": id, "date": date.format("%Y-%m-%d").to_string(), "text": text, "source": source, "url": url,
        })
        .to_string();
        let s = Story::from_json(&line).map_err(TestCaseError::fail)?;
        prop_assert_eq!((s.id, s.date, s.text, s.source, s.url), (id, date, text, source, url));
    }
}
