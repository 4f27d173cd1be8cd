//! End-to-end tests of the `quidpro` binary.

use std::io::Write;
mod common;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use common::{bin, root, Dir};

fn mini() -> PathBuf {
    root().join("testdata/dict/mini")
}

fn run(cmd: &mut Command, stdin: Option<&str>) -> Output {
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(s) = stdin {
            // A child that fails early (a bad dictionary) may exit before it reads: a
            // broken pipe here is that child's business, judged by its exit code.
            if let Err(e) = input.write_all(s.as_bytes()) {
                assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
            }
        }
    }
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn code_jsonl_has_the_documented_fields() {
    let d = Dir::new("jsonl");
    let f = d.write(
        "s.jsonl",
        r#"{"id":"a1","date":"2024-03-06","text":"Turkish troops attacked PKK positions on Monday. Nothing else happened.","source":"Anadolu","url":"https://example.org/a1"}"#,
    );
    let o = run(bin().arg("code").arg("--dict").arg(mini()).arg(&f), None);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["story_id"], "a1");
    assert_eq!(v["sentence"], 0);
    assert_eq!(v["date"], "2024-03-04");
    assert_eq!(v["source"], "TURMIL");
    assert_eq!(v["target"], "TURREB");
    assert_eq!(v["code"], "190");
    assert_eq!(v["root"], "19");
    assert_eq!(v["quad_class"], 4);
    assert_eq!(v["goldstein"], -10.0);
    assert_eq!(v["attribution"], "Anadolu");
    assert_eq!(v["modality"], "asserted");
    assert!(v["rule"].as_str().unwrap().starts_with("verbs/verbs.txt:"));
    let span = v["span"].as_array().unwrap();
    let text = "Turkish troops attacked PKK positions on Monday. Nothing else happened.";
    let (a, b) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
    assert_eq!(&text[a..b], "Turkish troops attacked PKK");
    assert_eq!(v["text"], "Turkish troops attacked PKK");
    assert_eq!(v["id"].as_str().unwrap().len(), 16);
}

#[test]
fn bad_lines_are_named_skipped_and_exit_1() {
    let d = Dir::new("bad");
    let f = d.write(
        "s.jsonl",
        "{\"id\":\"a\",\"date\":\"2024-03-06\",\"text\":\"Turkey condemned Armenia.\"}\n{\"id\":\"b\",\"date\":\"06.03.2024\",\"text\":\"x\"}\nnot json\n{\"id\":\"c\",\"date\":\"2024-03-06\",\"text\":\"Russia condemned Ukraine.\"}\n",
    );
    let o = run(bin().arg("code").arg("--dict").arg(mini()).arg(&f), None);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("s.jsonl:2: field `date` must be YYYY-MM-DD"), "{err}");
    assert!(err.contains("s.jsonl:3: not valid JSON"), "{err}");
    assert_eq!(stdout(&o).lines().count(), 2);
}

#[test]
fn missing_file_is_exit_1_and_usage_is_exit_2() {
    let o = run(bin().args(["code", "/nonexistent/x.jsonl"]), None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/nonexistent/x.jsonl"));
    let o = run(bin().args(["code", "--format", "xml"]), None);
    assert_eq!(o.status.code(), Some(2));
    let o = run(bin().args(["code", "--date", "yesterday"]), None);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&mut bin(), None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn plain_text_with_date_from_stdin_and_tsv() {
    let o = run(
        bin()
            .args(["code", "--format", "tsv", "--date", "2024-03-06", "--source", "Wire", "--dict"])
            .arg(mini())
            .arg("-"),
        Some("Moscow said Ukrainian drones struck a Russian refinery."),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0].split('\t').collect::<Vec<_>>()[..8],
        ["id", "dataset", "dataset_id", "date", "date_precision", "date_source", "source", "target"]
    );
    assert_eq!(lines.len(), 3, "{out}");
    let row: Vec<&str> = lines[2].split('\t').collect();
    assert_eq!((row[6], row[7], row[8], row[14], row[13]), ("UKRMIL", "RUS", "195", "RUSGOV", "reported"));
}

#[test]
fn explain_shows_words_and_entries() {
    // For people, --format explain; in JSON lines, the field `explanation`.
    let o = run(
        bin().args(["code", "--explain", "--date", "2024-03-06", "--dict"]).arg(mini()).arg("-"),
        Some("Azerbaijan's special forces attacked Armenian soldiers."),
    );
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(v["explanation"]["source"]["text"], "Azerbaijan's special forces");
    assert_eq!(v["explanation"]["words"][0], "attacked");
    let o = run(
        bin().args(["code", "--format", "explain", "--date", "2024-03-06", "--dict"]).arg(mini()).arg("-"),
        Some("Azerbaijan's special forces attacked Armenian soldiers."),
    );
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("source: \"Azerbaijan's special forces\""), "{out}");
    assert!(out.contains("actors/countries.txt:"), "{out}");
    assert!(out.contains("agents.txt:"), "{out}");
    assert!(out.contains("words:  attacked"), "{out}");
}

#[test]
fn dict_check_reports_every_bad_line() {
    let d = Dir::new("dict");
    d.write(
        "actors/c.txt",
        "country TUR Turkey\n  names: Turkey\n  colour: red\ncountry XX Bad\n  names: x\n",
    );
    d.write("verbs/v.txt", "code 999\n  $ {attack} +\ncode 190\n  {attack} +\n");
    let o = run(bin().args(["dict", "check"]).arg(&d.0), None);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for want in ["actors/c.txt:3:", "actors/c.txt:4:", "verbs/v.txt:1:", "verbs/v.txt:4:"] {
        assert!(out.contains(want), "{want} missing in {out}");
    }
    // A coder refuses a bad dictionary with exit 1.
    let o = run(bin().args(["code", "--date", "2024-01-01", "--dict"]).arg(&d.0).arg("-"), Some("x"));
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn field_dictionaries_load_check_and_merge() {
    let field = root().join("testdata/dict/field");
    // Unmapped lines are reported, not errors.
    let o = run(bin().args(["dict", "check"]).arg(&field), None);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("tabari/Test.verbs:4: null code [---] (no event)"), "{out}");
    assert!(out.contains("petrarch/Test.actors.txt:28: bad date in a restriction"), "{out}");
    assert!(stderr(&o).contains("field dictionaries"), "{}", stderr(&o));
    let o = run(bin().args(["dict", "stats"]).arg(mini()).arg(&field), None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("field mapped: patterns\t17"), "{}", stdout(&o));
    // `--dict` twice: ours merged with the field's; an event coded by a field pattern.
    let story =
        r#"{"id":"a","date":"2024-03-01","text":"Freedonia accused Sylvania of spying on its army."}"#;
    let o = run(bin().args(["code", "--dict"]).arg(mini()).arg("--dict").arg(&field).arg("-"), Some(story));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains(r#""source":"FRE","target":"SYL","code":"1125""#), "{out}");
    assert!(out.contains("tabari/Test.verbs:2:"), "{out}");
}

#[test]
fn shipped_dictionaries_check_clean() {
    let o = run(bin().args(["dict", "check"]), None);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o), "");
}

/// Golden output: the shipped dictionaries on `testdata/stories/golden.jsonl`.
/// To accept a deliberate change: `QUIDPRO_BLESS=1 cargo test -p quidpro-cli golden`,
/// then review the diff of `testdata/golden/golden.events.jsonl`.
#[test]
fn golden_corpus() {
    let input = root().join("testdata/stories/golden.jsonl");
    let golden = root().join("testdata/golden/golden.events.jsonl");
    let o = run(bin().arg("code").arg(&input), None);
    assert!(o.status.success(), "{}", stderr(&o));
    let got = stdout(&o);
    if std::env::var_os("QUIDPRO_BLESS").is_some() {
        std::fs::write(&golden, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&golden).expect("golden file; run with QUIDPRO_BLESS=1 to create it");
    if got != want {
        let diff: Vec<String> = got
            .lines()
            .zip(want.lines())
            .enumerate()
            .filter(|(_, (g, w))| g != w)
            .take(5)
            .map(|(i, (g, w))| format!("line {}:\n  got:  {g}\n  want: {w}", i + 1))
            .collect();
        panic!(
            "golden output differs ({} vs {} lines):\n{}",
            got.lines().count(),
            want.lines().count(),
            diff.join("\n")
        );
    }
}

#[test]
fn dict_stats_reports_coverage_as_a_table_and_as_json() {
    let o = run(bin().args(["dict", "stats"]).arg(mini()), None);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for line in [
        "patterns\t19",
        "# patterns per CAMEO root",
        "19\t3\t3\t8\tFIGHT",
        "# patterns per CAMEO code",
        "042\t2\tMake a visit",
        "010\t2\tMake statement",
        "011\t0\tDecline comment",
        "# CAMEO codes without a pattern: 301 of 312",
        "# actors per type",
        "person\t4",
        "agent\t3",
        "# actors per country",
        "TUR\t1\t2\t1\t5\t2\tTurkey",
        "IGO\t0\t0\t1\t0\t0\t",
    ] {
        assert!(out.lines().any(|l| l == line), "no line {line:?} in\n{out}");
    }
    // Every code appears once in the per-code table.
    let section = out.split("# patterns per CAMEO code").nth(1).unwrap().split("\n\n").next().unwrap();
    assert_eq!(section.lines().filter(|l| !l.is_empty()).count(), 1 + 312);

    let o = run(bin().args(["dict", "stats", "--format", "json"]).arg(mini()), None);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["counts"]["patterns"], 19);
    assert_eq!(v["codes"].as_array().unwrap().len(), 312);
    assert_eq!(v["codes_with_patterns"], 11);
    assert_eq!(v["codes_without_patterns"].as_array().unwrap().len(), 301);
    assert_eq!(v["roots"].as_array().unwrap().len(), 20);
    let fight = v["roots"].as_array().unwrap().iter().find(|r| r["root"] == "19").unwrap();
    assert_eq!((fight["patterns"].as_u64(), fight["codes_with_patterns"].as_u64()), (Some(3), Some(3)));
    assert_eq!(v["actor_types"]["organisation"], 2);
    let tur = v["countries"].as_array().unwrap().iter().find(|c| c["code"] == "TUR").unwrap();
    assert_eq!((tur["person"].as_u64(), tur["organisation"].as_u64()), (Some(2), Some(1)));
    assert!(v.get("field").is_none());
    // With the field's files: what they mapped.
    let field = root().join("testdata/dict/field");
    let o = run(bin().args(["dict", "stats", "--format", "json"]).arg(mini()).arg(&field), None);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["field"]["mapped"]["patterns"], 17);
}
