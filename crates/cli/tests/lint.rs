//! End-to-end tests of `quidpro lint` on the fixtures in `testdata/documents`.

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::{bin, root, run, Dir};

fn fixture(name: &str) -> PathBuf {
    root().join("testdata/documents").join(name)
}

fn lint(args: &[&str], files: &[PathBuf]) -> Output {
    bin().arg("lint").args(args).args(files).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(o: &Output) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(&stdout(o)).unwrap();
    v["findings"].as_array().unwrap().clone()
}

#[test]
fn clean_documents_pass() {
    let files: Vec<PathBuf> = ["clean.txt", "clean.md", "clean.html"].iter().map(|f| fixture(f)).collect();
    let o = lint(&[], &files);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o), "");
    assert_eq!(stderr(&o).matches("no findings").count(), 3, "{}", stderr(&o));
    let o = lint(&["--format", "json"], &files);
    assert_eq!(o.status.code(), Some(0));
    assert!(json(&o).is_empty());
}

#[test]
fn human_output_is_rustc_style() {
    let o = lint(&[], &[fixture("defects.txt")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("error[url-date-mismatch]: cited as 12.10.2024"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(lines[at].contains("swapped"), "{}", lines[at]);
    assert!(lines[at + 1].trim_start().starts_with("--> "), "{}", lines[at + 1]);
    assert!(lines[at + 1].ends_with("defects.txt:13:64"), "{}", lines[at + 1]);
    assert!(lines[at + 3].starts_with("13 | ") && lines[at + 3].contains("12.10.2024"), "{}", lines[at + 3]);
    // The caret line underlines the date itself.
    let shown = lines[at + 3];
    let carets = lines[at + 4];
    let col = carets.find('^').unwrap();
    let underlined: String = shown.chars().skip(carets[..col].chars().count()).take(10).collect();
    assert_eq!(underlined, "12.10.2024");
    assert!(
        lines[at + 5].contains("= footnote 4: The date in the URL's path disagrees"),
        "{}",
        lines[at + 5]
    );
    assert!(out.contains("warning[ambiguous-date]"));
    assert!(stderr(&o).contains("15 error(s), 8 warning(s)"), "{}", stderr(&o));
}

#[test]
fn json_output_has_the_documented_fields() {
    let o = lint(&["--format", "json"], &[fixture("defects.txt"), fixture("defects.html")]);
    assert_eq!(o.status.code(), Some(1));
    let findings = json(&o);
    assert_eq!(findings.len(), 23 + 3);
    for f in &findings {
        for key in [
            "file",
            "rule",
            "severity",
            "message",
            "explanation",
            "footnote",
            "span",
            "line",
            "column",
            "text",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
        assert!(f["severity"] == "error" || f["severity"] == "warning");
        assert_eq!(f["span"].as_array().unwrap().len(), 2);
    }
    let find = |rule: &str| findings.iter().find(|f| f["rule"] == rule).unwrap_or_else(|| panic!("{rule}"));
    let f = find("impossible-date");
    assert_eq!(f["text"], "30.02.2024");
    assert_eq!(f["footnote"], "14");
    assert_eq!(f["severity"], "error");
    let f = find("url-bad-host");
    assert_eq!(f["text"], "www.ukrinform..net");
    assert_eq!(f["footnote"], "10");
    let f = find("marker-without-footnote");
    assert!(f["footnote"].is_null());
    assert_eq!(f["text"], "¹⁶");
    let html: Vec<&serde_json::Value> =
        findings.iter().filter(|f| f["file"].as_str().unwrap().ends_with(".html")).collect();
    assert_eq!(html.len(), 3);
    assert!(html.iter().any(|f| f["rule"] == "url-date-mismatch" && f["text"] == "14.03.2024"));
}

#[test]
fn warnings_alone_exit_zero_and_unreadable_files_exit_two() {
    let dir = Dir::new("lint-warn");
    let p = dir.write(
        "warn.txt",
        "Note\n\nText¹ and more².\n\n¹ “A long enough title for a work”. Reuters, 03/04/2023, <https://www.reuters.com/a/b> (accessed 5 May 2023).\n² Only a remark.\n",
    );
    let o = lint(&["--format", "json"], std::slice::from_ref(&p));
    let findings = json(&o);
    assert_eq!(o.status.code(), Some(0), "{findings:?}");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["rule"], "ambiguous-date");

    let o = lint(&[], &[p.clone(), dir.0.join("missing.txt")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.txt"), "{}", stderr(&o));
}

#[test]
fn check_store_flags_an_event_dated_unlike_the_store() {
    let dir = Dir::new("lint-store");
    let stories = fixture("store-check.stories.jsonl");
    let o = run(&dir, &["ingest", stories.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = fixture("store-check.md");
    let doc = doc.to_str().unwrap();
    // Without the flag the store is not consulted.
    let plain = run(&dir, &["lint", "--format", "json", doc]);
    assert!(json(&plain).is_empty(), "{}", stdout(&plain));
    let o = run(&dir, &["lint", "--check-store", "--format", "json", doc]);
    assert_eq!(o.status.code(), Some(0), "a warning only");
    let findings = json(&o);
    // The drones of 2 October are stored on 28 September; the sentence dated 28 September agrees.
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["rule"], "event-date-store");
    assert_eq!(findings[0]["text"], "2 October 2020");
    assert!(findings[0]["message"].as_str().unwrap().contains("2020-09-28"));
    // No store: a clear error.
    let o = bin()
        .arg("--store")
        .arg(dir.0.join("none.db"))
        .args(["lint", "--check-store", doc])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no store at"));
}

#[test]
fn repeated_findings_are_capped_with_a_count() {
    let dir = Dir::new("lint-cap");
    let mut text = String::from("Title of the comment\n\n20 March 2023\n\n");
    for _ in 0..300 {
        text.push_str("Again¹. ");
    }
    text.push_str("\n\n¹ “A long enough title of a work”. Trend, 02.03.2023, <https://en.trend.az/a>\n");
    let p = dir.write("many.txt", &text);
    let o = lint(&["--format", "json", "--max-per-rule", "5"], std::slice::from_ref(&p));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 5);
    assert_eq!(v["omitted"][0]["rule"], "marker-duplicate");
    assert_eq!(v["omitted"][0]["count"], 294);
    let o = lint(&["--max-per-rule", "5"], std::slice::from_ref(&p));
    assert_eq!(stdout(&o).lines().filter(|l| l.starts_with("warning[marker-duplicate]")).count(), 5);
    assert!(stdout(&o).contains("note: 294 more warning[marker-duplicate] finding(s)"), "{}", stdout(&o));
    assert!(stderr(&o).contains("0 error(s), 299 warning(s)"), "{}", stderr(&o));
}
