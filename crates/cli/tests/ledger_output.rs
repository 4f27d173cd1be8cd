//! End-to-end tests of the ledger's output and of the relations commands' formats:
//! every `--format` value that `ledger`, `alerts`, `report dyad`, `dyad` and
//! `reciprocity` list in their `--help` prints that format and no other (on a store built
//! from the bundled samples), and the ledger's evidence is bounded: each entry counts its
//! reports and lists its top three, each debt summarises its evidence, `--full` lists
//! every report.

mod common;

use std::process::{Output, Stdio};

use common::{bin, err, out, root, run, Dir};

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "exit {:?}: {}", o.status.code(), err(o));
    out(o)
}

/// `quidpro ARGS...` in `d` (the samples linked, the store `quidpro.db` in it).
fn q(d: &Dir, args: &[&str]) -> Output {
    bin()
        .current_dir(&d.0)
        .env_remove("QUIDPRO_STORE")
        .env_remove("QUIDPRO_DICT")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// The values the long help lists under `--format`'s "Possible values:", checked
/// against the short help's `[possible values: ...]`.
fn listed_formats(d: &Dir, cmd: &[&str]) -> Vec<String> {
    let help = |flag: &str| {
        let mut args = cmd.to_vec();
        args.push(flag);
        ok(&q(d, &args))
    };
    let long = help("--help");
    let mut lines = long.lines().skip_while(|l| !l.trim_start().starts_with("--format"));
    let mut listed = Vec::new();
    for l in lines.by_ref() {
        if l.trim() == "Possible values:" {
            break;
        }
    }
    for l in lines {
        let Some(item) = l.trim().strip_prefix("- ") else { break };
        listed.push(item.split(':').next().unwrap().trim().to_string());
    }
    let short = help("-h");
    let line = short.lines().find(|l| l.trim_start().starts_with("--format")).expect("a --format flag");
    let list = line.split("[possible values: ").nth(1).expect("possible values").trim_end_matches(']');
    let short: Vec<String> = list.split(", ").map(str::to_string).collect();
    assert_eq!(listed, short, "{cmd:?}: the long and short help list the same formats");
    listed
}

/// The object keys of `v` (at any depth) that `docs/ledger.md` does not name as
/// `` `key` ``; `config`'s keys are `data/ledger.toml`'s and documented there.
fn undocumented_keys(v: &serde_json::Value) -> Vec<String> {
    let doc = std::fs::read_to_string(root().join("docs/ledger.md")).unwrap();
    let mut missing = Vec::new();
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    if !doc.contains(&format!("`{k}`")) && !missing.contains(k) {
                        missing.push(k.clone());
                    }
                    if k != "config" {
                        stack.push(x);
                    }
                }
            }
            serde_json::Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    missing
}

fn is_json(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok()
}

/// Whether `text` is CSV with a header of more than one column and rows of its width.
fn is_csv(text: &str) -> bool {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let Ok(width) = r.headers().map(|h| h.len()) else { return false };
    let mut rows = 0;
    for rec in r.records() {
        match rec {
            Ok(rec) if rec.len() == width => rows += 1,
            _ => return false,
        }
    }
    width > 1 && rows > 0
}

/// Whether `text` has Markdown's marks: a heading, a table's rule, bold or a list item.
fn has_markdown(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with("# ")
            || t.starts_with("## ")
            || t.starts_with("### ")
            || (t.starts_with('|') && t.contains("---"))
            || t.contains("**")
            || t.starts_with("- ")
    })
}

/// Checks that `text` is format `f` and none of the others.
fn check(what: &str, f: &str, text: &str) {
    assert!(!text.trim().is_empty(), "{what} --format {f}: empty");
    let html = text.starts_with("<!DOCTYPE html>") && text.trim_end().ends_with("</html>");
    match f {
        "json" => assert!(is_json(text), "{what} --format json is no JSON:\n{text}"),
        "csv" => assert!(is_csv(text) && !is_json(text), "{what} --format csv is no CSV:\n{text}"),
        "md" => assert!(
            has_markdown(text) && !is_json(text) && !html,
            "{what} --format md is no Markdown:\n{text}"
        ),
        "html" => assert!(html, "{what} --format html is no HTML page:\n{text}"),
        "table" => assert!(
            !is_json(text) && !html && !text.lines().any(|l| l.trim_start().starts_with("|---")),
            "{what} --format table is JSON, HTML or a Markdown table:\n{text}"
        ),
        other => panic!("{what} lists {other}, which this test does not know"),
    }
}

#[test]
fn every_listed_format_of_the_relations_commands_prints_that_format() {
    let d = Dir::new("relation-formats");
    for sub in ["samples", "dictionaries"] {
        std::os::unix::fs::symlink(root().join(sub).canonicalize().unwrap(), d.0.join(sub)).unwrap();
    }
    ok(&q(&d, &["ingest", "samples/stories.jsonl", "samples/comments"]));
    ok(&q(&d, &["import", "gdelt2", "samples/gdelt-sample.export.CSV"]));
    let cases: &[(&[&str], &[&str])] = &[
        (&["ledger"], &["TUR", "AZE"]),
        (&["alerts"], &["--from", "2020-01-01"]),
        (&["report", "dyad"], &["TUR", "AZE"]),
        (&["dyad"], &["TUR", "AZE"]),
        (&["reciprocity"], &["TUR", "AZE"]),
    ];
    let mut checked = 0;
    for (cmd, rest) in cases {
        let formats = listed_formats(&d, cmd);
        assert!(formats.len() >= 3, "{cmd:?}: {formats:?}");
        let mut seen: Vec<(String, String)> = Vec::new();
        for f in &formats {
            let mut args = cmd.to_vec();
            args.extend(["--format", f.as_str()]);
            args.extend(*rest);
            let text = ok(&q(&d, &args));
            check(&format!("{args:?}"), f, &text);
            if cmd == &["ledger"] && f == "json" {
                let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                assert_eq!(undocumented_keys(&v), Vec::<String>::new(), "fields missing from docs/ledger.md");
            }
            for (g, other) in &seen {
                assert_ne!(&text, other, "{cmd:?}: --format {f} prints what --format {g} prints");
            }
            seen.push((f.clone(), text));
            checked += 1;
        }
    }
    assert!(checked >= 18, "{checked}");
}

/// A GDELT 2.0 row (61 columns).
fn row(id: u64, date: &str, a: &str, b: &str, code: &str) -> String {
    let mut f = vec![String::new(); 61];
    f[0] = id.to_string();
    f[1] = date.replace('-', "");
    f[5] = a.into();
    f[15] = b.into();
    f[26] = code.into();
    f[59] = format!("{}000000", date.replace('-', ""));
    f[60] = format!("https://example.org/{id}");
    f.join("\t")
}

#[test]
fn ledger_evidence_is_summarised_per_debt_and_listed_in_full_on_request() {
    let d = Dir::new("ledger-evidence");
    // One favour reported seven times over three days, a demand, two reports of an
    // answer in return.
    let mut rows: Vec<String> =
        (1..=7).map(|i| row(i, &format!("2020-10-0{}", 1 + i % 3), "TURMIL", "AZEMIL", "072")).collect();
    rows.push(row(20, "2021-03-01", "TURGOV", "AZEGOV", "1011"));
    rows.push(row(21, "2021-04-15", "AZEGOV", "TURGOV", "061"));
    rows.push(row(22, "2021-04-16", "AZEGOV", "TURGOV", "061"));
    let f = d.0.join("events.export.CSV");
    std::fs::write(&f, rows.join("\n") + "\n").unwrap();
    ok(&run(&d, &["import", "gdelt2", f.to_str().unwrap()]));
    let json = |full: bool| -> serde_json::Value {
        let mut args = vec!["ledger", "TUR", "AZE", "--format", "json"];
        if full {
            args.push("--full");
        }
        serde_json::from_str(&ok(&run(&d, &args))).unwrap()
    };
    let (v, all) = (json(false), json(true));
    for x in [&v, &all] {
        assert_eq!(undocumented_keys(x), Vec::<String>::new(), "fields missing from docs/ledger.md");
    }
    let favour = &v["favours"][0];
    assert_eq!(favour["reports"], 7);
    assert_eq!(favour["evidence"].as_array().unwrap().len(), 3, "the top three reports");
    assert_eq!(all["favours"][0]["evidence"].as_array().unwrap().len(), 7, "--full: every report");
    assert_eq!(favour["evidence"][0], all["favours"][0]["evidence"][0], "the first report stays first");
    let s = &v["debts"][0]["evidence"];
    assert_eq!(s["reports"], 7 + 1 + 2, "the favour's, the call's and the return's reports");
    assert_eq!(s["first"], "2020-10-01");
    assert_eq!(s["last"], "2021-04-16");
    assert_eq!(s["sources"], serde_json::json!([{"source": "gdelt2", "reports": 10}]));
    let top: Vec<&str> = s["top"].as_array().unwrap().iter().map(|t| t["kind"].as_str().unwrap()).collect();
    assert_eq!(top, ["favour", "repayment", "demand"], "the favour first, then by weight");
    assert_eq!(s["top"][0]["reports"], 7);
    assert_eq!(v["debts"], all["debts"], "the debts' summaries do not depend on --full");
    assert_eq!(v["balance"], all["balance"]);
    // The other formats say how many reports there are.
    let csv = ok(&run(&d, &["ledger", "TUR", "AZE", "--format", "csv"]));
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let col = r.headers().unwrap().iter().position(|h| h == "reports").unwrap();
    let reports: Vec<String> = r.records().map(|x| x.unwrap()[col].to_string()).collect();
    assert_eq!(reports[0], "7", "{csv}");
    let md = ok(&run(&d, &["ledger", "TUR", "AZE", "--format", "md"]));
    assert!(md.contains("(2 reports)"), "the return, reported twice: {md}");
    assert!(md.contains("10 reports from 2020-10-01 to 2021-04-16: gdelt2 10"), "{md}");
    let html = ok(&run(&d, &["report", "dyad", "TUR", "AZE", "--format", "html"]));
    assert!(html.contains("6 more reports of the favour"), "the count, not the listed ones");
    assert!(html.contains("… and 4 more (--full, or quidpro events --dyad"), "how to list the rest");
    let html_full = ok(&run(&d, &["report", "dyad", "TUR", "AZE", "--format", "html", "--full"]));
    assert!(!html_full.contains("… and 4 more"), "--full lists every report");
    let report: serde_json::Value =
        serde_json::from_str(&ok(&run(&d, &["report", "dyad", "TUR", "AZE", "--format", "json"]))).unwrap();
    assert_eq!(report["ledger"]["favours"][0]["evidence"].as_array().unwrap().len(), 3);
    assert_eq!(report["ledger"]["debts"][0]["evidence"]["reports"], 10);
}
