//! End-to-end tests of `quidpro analyze`: a golden JSON report of a sample comment, the
//! formats, and the exit codes.

mod common;

use std::process::Output;

use common::{bin, out as stdout, root};

fn analyze(args: &[&str]) -> Output {
    bin().current_dir(root()).arg("analyze").args(args).output().unwrap()
}

#[test]
fn golden_report_of_a_sample_comment() {
    let o = analyze(&["samples/comments/sdf-operations-azerbaijan-silence.md", "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let got = stdout(&o);
    let golden = root().join("testdata/golden/analyze.sdf-operations.json");
    if std::env::var_os("QUIDPRO_BLESS").is_some() {
        std::fs::write(&golden, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&golden).expect("golden file; run with QUIDPRO_BLESS=1 to create it");
    let (g, w): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&got).unwrap(), serde_json::from_str(&want).unwrap());
    for key in
        ["title", "author", "date", "actors", "events", "claims", "alternatives", "citations", "findings"]
    {
        assert_eq!(g[key], w[key], "`{key}` differs from the golden report (QUIDPRO_BLESS=1 to update)");
    }
}

#[test]
fn the_report_names_asserters_evidence_and_findings() {
    let o = analyze(&["samples/comments/sdf-operations-azerbaijan-silence.md", "--format", "json"]);
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(r["author"], "Kamran Aliyev-Demir, Eurasian Security Notes");
    // Bayramov's 2022 statement is attributed to Azerbaijan's government and cites note 4.
    let events = r["events"].as_array().unwrap();
    let bayramov = events
        .iter()
        .find(|e| e["attribution"] == "AZEGOV" && e["text"].as_str().unwrap().contains("Bayramov"))
        .expect("Bayramov's statement");
    assert_eq!(bayramov["citations"], serde_json::json!(["4"]));
    // The three planted citation errors are tied to their footnotes.
    let errors: Vec<(&str, &str)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| (f["rule"].as_str().unwrap(), f["footnote"].as_str().unwrap()))
        .collect();
    assert_eq!(errors, [("url-date-mismatch", "1"), ("date-after-access", "5"), ("url-bad-escape", "9")]);
    let alternatives: Vec<&str> =
        r["alternatives"].as_array().unwrap().iter().map(|a| a["cue"].as_str().unwrap()).collect();
    assert!(alternatives.contains(&"perhaps") && alternatives.contains(&"alternatively"), "{alternatives:?}");
}

#[test]
fn formats_and_exit_codes() {
    let md = analyze(&["testdata/documents/clean.md"]);
    assert!(md.status.success());
    assert!(stdout(&md).contains("## Citations"));
    let html = analyze(&["testdata/documents/clean.html", "--format", "html"]);
    assert!(html.status.success());
    let page = stdout(&html);
    assert!(page.starts_with("<!DOCTYPE html>") && !page.contains("<script"));
    // Unreadable: 2. Bad usage: 2.
    assert_eq!(analyze(&["/nonexistent/comment.md"]).status.code(), Some(2));
    assert_eq!(analyze(&["testdata/documents/clean.md", "--date", "soon"]).status.code(), Some(2));
}
