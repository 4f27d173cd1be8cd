//! The document's own date, author and publisher on the front-matter layouts of
//! `tests/data/fronts.txt` (format at its top). `cargo test -p quidpro-document --test
//! fronts -- --nocapture` prints the pass counts per category.

mod fixtures;

use chrono::NaiveDate;
use quidpro_document::{DateKind, Document};

fn field(f: Option<&quidpro_document::Field>) -> String {
    f.map(|f| f.text.clone()).unwrap_or_else(|| "none".to_string())
}

/// What is wrong with the reading of one case (empty when nothing is).
fn check(case: &fixtures::Case) -> Vec<String> {
    let doc = Document::parse(case.text.as_bytes(), case.format);
    let mut wrong = Vec::new();
    let date = |v: &str| -> Option<NaiveDate> {
        (v != "none").then(|| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .unwrap_or_else(|_| panic!("fronts.txt:{}: bad date {v:?}", case.line))
        })
    };
    for (key, want) in &case.expect {
        let got = match key.as_str() {
            "date" => {
                let got = doc.date_or(None);
                if got == date(want) {
                    continue;
                }
                format!("{got:?}")
            }
            "original" | "updated" => {
                let kind = if key == "original" { DateKind::Original } else { DateKind::Updated };
                let d = date(want);
                if doc.dates.iter().any(|x| x.kind == kind && Some(x.date) == d) {
                    continue;
                }
                format!("{:?}", doc.dates)
            }
            "author" => field(doc.author.as_ref()),
            "publisher" => field(doc.publisher.as_ref()),
            "title" => field(doc.title.as_ref()),
            "asserter" => doc.asserter().unwrap_or("none").to_string(),
            other => panic!("fronts.txt:{}: unknown expectation {other:?}", case.line),
        };
        if got != *want {
            wrong.push(format!("{key}: want {want}, got {got}"));
        }
    }
    // Whatever it reads, the events of a document always have an asserter.
    let story = doc.to_story(&case.name, NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
    if story.source.as_deref().is_none_or(|s| s.trim().is_empty()) {
        wrong.push("the story's asserter is empty".into());
    }
    wrong
}

#[test]
fn front_matter_of_every_layout() {
    let cases = fixtures::cases("fronts.txt");
    assert!(cases.len() >= 80, "{} cases", cases.len());
    let mut tally = fixtures::Tally::default();
    let mut failures = Vec::new();
    for case in &cases {
        let wrong = check(case);
        tally.add(&case.category, wrong.is_empty());
        if !wrong.is_empty() {
            failures.push(format!("fronts.txt:{} {}: {}", case.line, case.name, wrong.join("; ")));
        }
    }
    tally.print("fronts.txt");
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
