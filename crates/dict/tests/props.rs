//! Property tests of the reader of our dictionary format (`Dictionary::parse_files`). No
//! text makes it panic. Every error names a line of its file, and every entry it reads
//! comes from a line that exists.
//!
//! The field's formats (TABARI, PETRARCH2) have theirs in `field.rs`. CI runs 256 cases.
//! `bench/fuzz.sh` sets `PROPTEST_CASES` for a longer run, and `QUIDPRO_FUZZ_MAX_MS` to
//! bound the time of one input.

use proptest::prelude::*;
use quidpro_dict::{Dictionary, Error};

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

/// Lines built from the format's own pieces: entry heads, fields, pattern elements.
fn dict_lines() -> impl Strategy<Value = Vec<String>> {
    let heads = prop::sample::select(vec![
        "country TUR Turkey",
        "country",
        "country XX",
        "person Recep Tayyip Erdoğan",
        "person",
        "org NATO NATO",
        "org",
        "agent GOV Government",
        "agent",
        "discard",
        "discard x",
        "code 042",
        "code",
        "code 9999",
        "code 0x1",
        "synset &agreement",
        "synset",
        "synset &",
        "verb hold held held",
        "verb",
        "verb x",
        "noun invade invasion",
        "noun",
        "class PREP",
        "class",
        "class NOPE",
        "bogus kind",
    ]);
    let fields = prop::sample::select(vec![
        "  names: Turkey; Türkiye",
        "  names:",
        "  names: ;;",
        "  adjectives: Turkish",
        "  demonyms: Turks",
        "  capitals: Ankara",
        "  places: Istanbul",
        "  iso: TR",
        "  fips: TU",
        "  cow: 640",
        "  cow: x",
        "  code: TURGOV 2003-03-14..",
        "  code: TURGOV ..2003-03-14",
        "  code: TURGOV 2003-13-14..",
        "  code: TURGOV 2003-03-14..2001-01-01",
        "  code: TURGOV ..",
        "  code: TURELI",
        "  code:",
        "  words: agreement; deal",
        "  words:",
        "  note: a note",
        "  phrases: a b c",
        "  $ {visit} +",
        "  $ {hold} talks with + [mutual]",
        "  + {be} {attack} by $",
        "  &agreement $ +",
        "  $ {x",
        "  $ }",
        "  { }",
        "  $ + $ +",
        "  [speech]",
        "  $ {say} [speech] [mutual]",
        "  $ (a|b|) +",
        "  $ (",
        "  according_to $ [speech]",
        "  $ 's visit to +",
        "  - $ +",
        "  * $",
        "  no colon here",
        "  : value",
        "  NAME: x",
        "\t$ {meet} +",
        "  code: 042",
        "  code: 04 2",
    ]);
    let line = prop_oneof![
        3 => heads.prop_map(str::to_string),
        6 => fields.prop_map(str::to_string),
        1 => "[ \t]{0,2}[-+ *$%&_{}|()\\[\\]:;.#A-Za-z0-9]{0,24}",
        1 => "\\PC{0,16}",
    ];
    prop::collection::vec(line, 0..40)
}

fn check(path: &str, text: &str, lines: usize) -> Result<(), TestCaseError> {
    let (dict, errors) =
        timed("parse_files", || Dictionary::parse_files([(path.to_string(), text.to_string())]))?;
    for e in &errors {
        match e {
            Error::Line { file, line, message } => {
                prop_assert_eq!(file.as_str(), path);
                prop_assert!(*line >= 1 && *line <= lines.max(1), "line {} of {}: {}", line, lines, message);
                prop_assert!(!message.is_empty());
            }
            Error::Io { .. } => prop_assert!(false, "no file is read: {}", e),
        }
    }
    for p in &dict.patterns {
        prop_assert!(p.origin.line >= 1 && p.origin.line <= lines, "{:?}", p.origin);
    }
    let _ = dict.hash();
    let _ = dict.counts();
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn no_dictionary_like_text_makes_the_reader_panic(lines in dict_lines()) {
        let text = lines.join("\n");
        for path in ["actors/x.txt", "verbs/irregular.txt", "grammar.txt"] {
            check(path, &text, lines.len())?;
        }
        let _ = quidpro_dict::is_our_format(&text);
    }

    #[test]
    fn no_text_makes_the_reader_panic(text in any::<String>()) {
        let lines = text.lines().count();
        for path in ["x.txt", "verbs/irregular.txt"] {
            check(path, &text, lines)?;
        }
    }
}
