//! Property tests of `ingest`, the JSON-lines story reader behind `quidpro ingest`. No
//! input makes it panic. Every line that is not blank is a story or a bad line, each
//! story is new, unchanged or replaced, and the same input ingested again stores nothing
//! new.
//!
//! CI runs 64 cases (each codes its stories into a store in memory). `bench/fuzz.sh`
//! sets `PROPTEST_CASES` for a longer run, and `QUIDPRO_FUZZ_MAX_MS` to bound the time of
//! one input.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use quidpro_coder::{Coder, CoderBuilder};
use quidpro_dict::Dictionary;
use quidpro_import::ingest::ingest;
use quidpro_store::Store;

/// 64 cases, or `PROPTEST_CASES`.
fn config() -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = 64;
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

fn coder() -> &'static Coder {
    static C: OnceLock<Coder> = OnceLock::new();
    C.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/dict/mini");
        let (mini, e) = Dictionary::load_dir(&dir);
        assert!(e.is_empty(), "{e:?}");
        CoderBuilder::new().build(mini)
    })
}

const WORDS: &[&str] = &[
    "Turkey",
    "Azerbaijan",
    "Armenia",
    "attacked",
    "visited",
    "met",
    "with",
    "accused",
    "of",
    "said",
    "talks",
    "held",
    "Erdoğan",
    "forces",
    "police",
    "in",
    "Baku",
    "yesterday",
    ".",
    ",",
    "\"",
    "\\",
];

/// One line: a story (ids from a small set, so that some repeat), JSON-like noise, or
/// bytes that are not UTF-8.
fn line() -> impl Strategy<Value = Vec<u8>> {
    let story = (
        prop::sample::select(vec!["a", "b", "c", "1", "é"]),
        prop_oneof![
            (1990i32..2030, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
            prop::sample::select(vec!["2024-02-30", "24-01-01", "", "9999-12-31"]).prop_map(str::to_string),
        ],
        prop::collection::vec(prop::sample::select(WORDS), 0..16),
        proptest::option::of("\\PC{0,6}"),
    )
        .prop_map(|(id, date, words, source)| {
            serde_json::json!({"id": id, "date": date, "text": words.join(" "), "source": source})
                .to_string()
                .into_bytes()
        });
    prop_oneof![
        6 => story,
        1 => "[{}\\[\\]:,\" a-z0-9]{0,30}".prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..20),
        1 => prop::sample::select(vec!["", " ", "\r", "{\"id\": 5, \"date\": \"2024-01-01\", \"text\": \"x\"}"])
            .prop_map(|s| s.as_bytes().to_vec()),
    ]
}

/// Lines the reader takes as stories or bad lines: not blank, or not UTF-8.
fn counted(input: &[u8]) -> u64 {
    let mut parts: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    if parts.last().is_some_and(|l| l.is_empty()) {
        parts.pop();
    }
    parts.iter().filter(|l| std::str::from_utf8(l).map_or(true, |s| !s.trim().is_empty())).count() as u64
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn no_input_makes_ingest_panic(lines in prop::collection::vec(line(), 0..12), batch in 1usize..5) {
        let input = lines.join(&b'\n');
        let mut store = Store::open_in_memory().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let s = timed("ingest", || ingest(&mut store, coder(), &input[..], "p.jsonl", batch, &mut |_| {}))?
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(s.stories + s.bad_lines.len() as u64, counted(&input));
        prop_assert_eq!(s.new + s.unchanged + s.replaced, s.stories);
        for b in &s.bad_lines {
            prop_assert!(b.starts_with("p.jsonl:"), "{}", b);
        }
        // Again: nothing new, the same events.
        let events = store.count("events").map_err(|e| TestCaseError::fail(e.to_string()))?;
        let again = ingest(&mut store, coder(), &input[..], "p.jsonl", batch, &mut |_| {})
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(again.new, 0);
        prop_assert_eq!(again.bad_lines.len(), s.bad_lines.len());
        prop_assert_eq!(store.count("events").map_err(|e| TestCaseError::fail(e.to_string()))?, events);
    }
}

/// Found by `no_input_makes_ingest_panic`: a story replaced and then restored through
/// the same store (`quidpro ingest a.jsonl b.jsonl a.jsonl`) lost its events. The store
/// still held the removed events' keys and skipped them as stored.
#[test]
fn a_story_replaced_then_restored_keeps_its_events() {
    let a = b"{\"id\": \"c\", \"date\": \"2024-01-05\", \"text\": \"Turkey attacked Armenia.\"}\n";
    let b = b"{\"id\": \"c\", \"date\": \"2024-01-05\", \"text\": \"\"}\n";
    for batch in [1, 500] {
        let mut store = Store::open_in_memory().unwrap();
        let mut counts = Vec::new();
        for input in [&a[..], &b[..], &a[..]] {
            ingest(&mut store, coder(), input, "p.jsonl", batch, &mut |_| {}).unwrap();
            counts.push(store.count("events").unwrap());
        }
        assert_eq!(counts, [1, 0, 1], "batch {batch}");
        // Within one input too.
        let mut store = Store::open_in_memory().unwrap();
        let all = [&a[..], &b[..], &a[..]].concat();
        let s = ingest(&mut store, coder(), &all[..], "p.jsonl", batch, &mut |_| {}).unwrap();
        assert_eq!((s.new, s.replaced), (1, 2));
        assert_eq!(store.count("events").unwrap(), 1, "batch {batch}");
    }
}
