//! Property tests: no text makes the coder panic, and every event's span lies inside the
//! story text on character boundaries.

use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use proptest::prelude::*;
use quidpro_coder::{Coder, CoderBuilder};
use quidpro_dict::Dictionary;
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
        for e in coder.code_to_vec(&story) {
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        check(text)?;
    }

    #[test]
    fn word_salad_never_panics(words in proptest::collection::vec(proptest::sample::select(WORDS), 0..60)) {
        check(words.join(" "))?;
    }
}
