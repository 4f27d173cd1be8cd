//! Footnote layouts and `lint` on them: the cases of `tests/data/notes.txt` (format at
//! its top). `cargo test -p quidpro-document --test notes -- --nocapture` prints the pass
//! counts per category.

mod fixtures;

use quidpro_document::lint::lint;
use quidpro_document::Document;

/// What is wrong with the reading of one case (empty when nothing is).
fn check(case: &fixtures::Case) -> Vec<String> {
    let doc = Document::parse(case.text.as_bytes(), case.format);
    let mut wrong = Vec::new();
    let number = |v: &str| -> usize {
        v.parse().unwrap_or_else(|_| panic!("notes.txt:{}: bad number {v:?}", case.line))
    };
    let sentences: Vec<&str> = doc.sentences.iter().map(|s| s.slice(&doc.text)).collect();
    let mut want_lint: Vec<String> = Vec::new();
    let mut check_lint = false;
    for (key, want) in &case.expect {
        match key.as_str() {
            "footnotes" if doc.footnotes.len() != number(want) => {
                wrong.push(format!("{} footnotes, want {want}", doc.footnotes.len()))
            }
            "markers" if doc.markers.len() != number(want) => {
                let labels: Vec<&str> = doc.markers.iter().map(|m| m.label.as_str()).collect();
                wrong.push(format!("{} markers {labels:?}, want {want}", doc.markers.len()))
            }
            "linked" => {
                let loose = doc.markers.iter().filter(|m| m.footnote.is_none()).count();
                let orphans = doc.footnotes.iter().filter(|f| f.markers.is_empty()).count();
                if loose + orphans > 0 || doc.footnotes.is_empty() {
                    wrong.push(format!(
                        "{loose} markers without footnote, {orphans} footnotes without marker, of {} and {}",
                        doc.markers.len(),
                        doc.footnotes.len()
                    ));
                }
            }
            "lint" => {
                check_lint = true;
                if want != "none" {
                    want_lint.push(want.replace(" - ", " ").trim_end_matches(" -").to_string());
                }
            }
            "no-sentence" => {
                if let Some(s) = sentences.iter().find(|s| s.contains(want.as_str())) {
                    wrong.push(format!("a sentence holds {want:?}: {s:?}"));
                }
            }
            "sentence" => {
                if !sentences.iter().any(|s| s.contains(want.as_str())) {
                    wrong.push(format!("no sentence holds {want:?}"));
                }
            }
            "footnotes" | "markers" => {}
            other => panic!("notes.txt:{}: unknown expectation {other:?}", case.line),
        }
    }
    if check_lint {
        let mut got: Vec<String> = lint(&doc)
            .into_iter()
            .map(|f| format!("{} {}", f.rule.id(), f.footnote.unwrap_or_default()).trim_end().to_string())
            .collect();
        got.sort();
        want_lint.sort();
        if got != want_lint {
            wrong.push(format!("lint found {got:?}, want {want_lint:?}"));
        }
    }
    wrong
}

#[test]
fn footnote_layouts_and_lint() {
    let cases = fixtures::cases("notes.txt");
    let mut tally = fixtures::Tally::default();
    let mut failures = Vec::new();
    for case in &cases {
        let wrong = check(case);
        tally.add(&case.category, wrong.is_empty());
        if !wrong.is_empty() {
            failures.push(format!("notes.txt:{} {}: {}", case.line, case.name, wrong.join("; ")));
        }
    }
    tally.print("notes.txt");
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
