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

#[test]
fn claims_show_asserter_dates_content_and_sources_in_every_format() {
    let d = common::Dir::new("analyze-claims");
    let file = d.write(
        "c.md",
        "# A note\n\nJane Roe, Example Review\n\nBaku, 14 March 2025\n\n\
         In June 2021 Aliyev and Erdoğan signed the Shusha Declaration.¹ \
         Turkey delivered drones to Azerbaijan.²\n\n\
         ¹ “Shusha”. Anadolu Agency, 15.06.2021, <https://www.aa.com.tr/en/shusha-2021> (accessed: 05.10.2021).\n\
         ² “Drones”. Anadolu Agency, 02.10.2020, <javascript://example.com/%0Aalert(document.cookie)> (accessed: 05.10.2020).\n",
    );
    let file = file.to_str().unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&analyze(&[file, "--format", "json"]))).unwrap();
    let shusha = &json["events"][0];
    assert_eq!(shusha["code"], "057");
    assert_eq!(
        (&shusha["date_token"], &shusha["date_precision"], &shusha["date_text"]),
        (&serde_json::json!("2021-06"), &serde_json::json!("month"), &serde_json::json!("June 2021"))
    );
    assert_eq!(
        (&shusha["asserter"], &shusha["modality"]),
        (&serde_json::json!("Jane Roe, Example Review"), &serde_json::json!("asserted"))
    );
    assert_eq!(shusha["citations"], serde_json::json!(["1"]));
    for format in ["text", "md", "html"] {
        let o = analyze(&[file, "--format", format]);
        assert!(o.status.success(), "{format}");
        let page = stdout(&o);
        assert!(page.contains("2021-06 (month), written “June 2021”"), "{format}: {page}");
        assert!(page.contains("asserter: Jane Roe, Example Review"), "{format}: {page}");
        assert!(page.contains("Shusha"), "{format}: {page}");
    }
    // HTML: the https URL is a link; the javascript: one is printed as text, never linked.
    let page = stdout(&analyze(&[file, "--format", "html"]));
    assert!(page.contains("<a href=\"https://www.aa.com.tr/en/shusha-2021\">"), "{page}");
    assert!(page.contains("javascript://example.com/%0Aalert(document.cookie)"), "{page}");
    assert!(!page.to_lowercase().contains("href=\"javascript"), "{page}");
}
