//! The date expressions of `testdata/dates/expressions.tsv`: each row's text (one or
//! more sentences) is tokenized as the coder does it and every date expression is
//! resolved against the story date and the narrative's reference time, which moves from
//! sentence to sentence as it does in `Coder::code_story`.
//!
//! Columns: story date, reference date before the text (a guide token, or `-`), the
//! text, the expected tokens in order (`-`: none).

use chrono::NaiveDate;
use quidpro_coder::dates::{self, Reference};
use quidpro_event::DatePrecision;
use quidpro_text::Tokenizer;

fn tokens(text: &str, story: NaiveDate, mut reference: Option<Reference>) -> Vec<String> {
    let mut tokenizer = Tokenizer::new();
    let mut out = Vec::new();
    for span in quidpro_text::sentences(text) {
        tokenizer.tokenize(span.slice(text));
        let norms: Vec<&str> = (0..tokenizer.tokens().len()).map(|i| tokenizer.norm(i)).collect();
        let found = dates::find(&norms, story, reference);
        out.extend(found.iter().map(|d| d.token()));
        reference = found.iter().rev().find_map(|d| d.reference()).or(reference);
    }
    out
}

#[test]
fn expressions_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/dates/expressions.tsv");
    let table = std::fs::read_to_string(path).unwrap();
    let mut rows = 0;
    let mut failures = Vec::new();
    for (n, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "line {}: four columns", n + 1);
        let story = NaiveDate::parse_from_str(cols[0], "%Y-%m-%d").expect("story date");
        let reference = match cols[1] {
            "-" => None,
            t => {
                let (date, precision) = DatePrecision::parse_token(t).expect("reference token");
                Some(Reference { date, precision })
            }
        };
        let expected: Vec<&str> = match cols[3] {
            "-" => vec![],
            e => e.split_whitespace().collect(),
        };
        let got = tokens(cols[2], story, reference);
        rows += 1;
        if got != expected {
            failures.push(format!("line {}: {:?}: expected {:?}, got {:?}", n + 1, cols[2], expected, got));
        }
    }
    assert!(rows >= 80, "{rows} rows");
    assert!(failures.is_empty(), "{} of {rows} rows fail:\n{}", failures.len(), failures.join("\n"));
}
