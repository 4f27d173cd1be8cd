//! End-to-end tests of `quidpro analyze` on front-matter and footnote layouts that the
//! sample comments do not use (the reader's table-driven cases are in
//! `crates/document/tests/data/fronts.txt` and `notes.txt`): the document's date, its
//! asserter and its footnotes must be read without `--date`.

mod common;

use std::process::Output;

use common::{bin, err, out, Dir};

fn analyze(file: &std::path::Path, args: &[&str]) -> Output {
    bin().arg("analyze").arg(file).args(args).output().unwrap()
}

fn report(file: &std::path::Path) -> serde_json::Value {
    let o = analyze(file, &["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    serde_json::from_str(&out(&o)).unwrap()
}

/// YAML front matter with an ISO date and time, a publisher and no author; an "Updated"
/// line under the title; `<sup>n</sup>` markers with a numbered list under "Endnotes".
const YAML_MD: &str = "---
title: \"Baku's Answer to Ankara\"
date: 2024-11-14T10:32:00+03:00
lastmod: 2024-11-20
publisher: Caspian Desk
---

# Baku's Answer to Ankara

*Updated 20 November 2024*

Turkey supplied drones to Azerbaijan in 2020<sup>1</sup>. In October 2024 Ankara asked Baku to join its operation against the SDF in Syria<sup>2</sup>.

## Endnotes

1. “Drones for Baku and what they changed”. Trend, 02.10.2020, <https://en.trend.az/drones-for-baku>
2. “Ankara asks Baku to join the operation”. APA, 03.10.2024, <https://apa.az/ankara-asks-baku>
";

/// A page without metadata: a byline in `<span class="author">`, a note that the text
/// translates an earlier original, a news dateline that opens a long paragraph, and
/// notes as numbered `<p>` lines under a "Notes" heading.
const DATELINE_HTML: &str = "<!DOCTYPE html>
<html><head><title>Ankara's Bill</title></head><body>
<h1>Ankara's Bill for Karabakh</h1>
<p class=\"byline\">By <span class=\"author\">Jane Roe</span>, Senior Fellow</p>
<p><em>Translated from the Russian original published on 2 November 2024.</em></p>
<p>ANKARA, 14 November 2024 — Turkey supplied drones to Azerbaijan in 2020, and the drones decided the war.<sup>1</sup> In October 2024 Ankara asked Baku to join its operation against the SDF in Syria, a request that officials in Baku have not answered in public since then.<sup>2</sup></p>
<h2>Notes</h2>
<p>1. “Drones for Baku and what they changed”. Trend, 02.10.2020, https://en.trend.az/drones-for-baku</p>
<p>2. “Ankara asks Baku to join the operation”. APA, 13.11.2024, https://apa.az/ankara-asks-baku</p>
</body></html>
";

fn check(r: &serde_json::Value, date: &str, asserter: &str) {
    assert_eq!(r["date"], date, "{r:#}");
    assert_eq!(r["author"], asserter, "{r:#}");
    let events = r["events"].as_array().unwrap();
    assert!(!events.is_empty(), "{r:#}");
    // Every event has an asserter; none takes a citation's or the original's date.
    for e in events {
        assert!(!e["asserter"].as_str().unwrap_or("").is_empty(), "{e:#}");
        assert!(!e["attribution"].as_str().unwrap_or("").is_empty(), "{e:#}");
        if e["date_source"] == "document" {
            assert_eq!(e["date"], date, "{e:#}");
        }
    }
    // Both footnotes are read and cited, and the linter finds nothing.
    let citations = r["citations"].as_array().unwrap();
    assert_eq!(citations.len(), 2, "{r:#}");
    assert!(citations.iter().all(|c| !c["cited_by"].as_array().unwrap().is_empty()), "{r:#}");
    assert_eq!(r["findings"], serde_json::json!([]), "{r:#}");
}

#[test]
fn yaml_front_matter_and_endnotes() {
    let d = Dir::new("layout-yaml");
    let f = d.write("baku-answer.md", YAML_MD);
    check(&report(&f), "2024-11-14", "Caspian Desk");
    // The Markdown report names the date and the asserter too.
    let o = analyze(&f, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let md = out(&o);
    assert!(md.contains("2024-11-14") && md.contains("Caspian Desk"), "{md}");
}

#[test]
fn news_dateline_byline_span_and_translation_note() {
    let d = Dir::new("layout-dateline");
    let f = d.write("ankara-bill.html", DATELINE_HTML);
    check(&report(&f), "2024-11-14", "Jane Roe");
}

#[test]
fn a_document_whose_only_date_is_its_originals_states_none() {
    let d = Dir::new("layout-nodate");
    let f = d.write(
        "translated.md",
        "# Ankara's Bill\n\n*Translated from the Russian original published on 2 November 2024.*\n\nTurkey supplied drones to Azerbaijan in 2020.\n",
    );
    let o = analyze(&f, &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(err(&o).contains("states no date"), "{}", err(&o));
    let o = analyze(&f, &["--format", "json", "--date", "2024-11-14"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
}
