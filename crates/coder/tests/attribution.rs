//! Attribution and modality: the table `testdata/attribution/frames.tsv` on the shipped
//! dictionaries.

use std::path::Path;

use chrono::NaiveDate;
use quidpro_coder::CoderBuilder;
use quidpro_dict::Dictionary;
use quidpro_text::Story;

#[test]
fn attribution_and_modality_table() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/attribution/frames.tsv");
    let table = std::fs::read_to_string(&path).expect("frames.tsv");
    let (dict, errors) = Dictionary::embedded();
    assert!(errors.is_empty(), "{errors:?}");
    let coder = CoderBuilder::new().build(dict);
    let mut failures = Vec::new();
    let mut rows = 0;
    for (n, line) in table.lines().enumerate().skip_while(|(_, l)| l.starts_with('#')).skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [sentence, event, asserter, modality] = cols.as_slice() else {
            panic!("frames.tsv:{}: expected 4 columns", n + 1);
        };
        rows += 1;
        let story = Story {
            id: format!("row{}", n + 1),
            date: NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(),
            text: sentence.to_string(),
            source: Some("Wire".into()),
            url: None,
        };
        let got: Vec<String> = coder
            .code_to_vec(&story)
            .into_iter()
            .map(|e| {
                let ev = e.event;
                format!(
                    "{} {} {}\t{}\t{}",
                    ev.source,
                    ev.target,
                    ev.code.root(),
                    ev.attribution.label(),
                    ev.modality.as_str()
                )
            })
            .collect();
        let want = format!("{event}\t{asserter}\t{modality}");
        if !got.contains(&want) {
            failures.push(format!("frames.tsv:{}: {sentence}\n  want: {want}\n  got:  {got:?}", n + 1));
        }
    }
    assert!(rows >= 10);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// When one source reports another, the chain is kept: the event is the innermost
/// speaker's claim, its asserter text names the reporters before it, and the inner
/// speaker's own statement is the outer one's report.
#[test]
fn asserter_chains() {
    let (dict, errors) = Dictionary::embedded();
    assert!(errors.is_empty(), "{errors:?}");
    let coder = CoderBuilder::new().build(dict);
    let story = Story {
        id: "chain".into(),
        date: NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(),
        text: "Interfax reported that the Kremlin said Ukrainian drones had struck a refinery in Tuapse."
            .into(),
        source: Some("Wire".into()),
        url: None,
    };
    let events: Vec<_> = coder.code_to_vec(&story).into_iter().map(|e| e.event).collect();
    let attack = events.iter().find(|e| e.code.root() == "19").expect("the attack is coded");
    assert_eq!(attack.attribution.asserter, "Interfax > the Kremlin");
    assert_eq!(attack.attribution.label(), "RUSGOV");
    assert_eq!(attack.modality.as_str(), "reported");
    let statement = events
        .iter()
        .find(|e| e.code.root() == "01" && e.source.as_str() == "RUSGOV")
        .expect("the Kremlin's statement is coded");
    assert_eq!(statement.attribution.asserter, "Interfax");
    assert_eq!(statement.modality.as_str(), "reported");
}
