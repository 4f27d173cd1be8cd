//! End-to-end tests of `quidpro recode`: a store ingested with a small dictionary, coded
//! again with a larger one, in one transaction.

mod common;

use std::path::{Path, PathBuf};

use common::{err, jsonl, out, root, run, Dir};

/// A copy of the tiny test dictionary, and a larger one: the same files and one more with
/// a visit (042) and a more specific attack on positions (193 for 190).
fn dictionaries(d: &Dir) -> (PathBuf, PathBuf) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            let target = to.join(p.file_name().unwrap());
            if p.is_dir() {
                copy(&p, &target);
            } else {
                std::fs::copy(&p, &target).unwrap();
            }
        }
    }
    let mini = root().join("testdata/dict/mini");
    let (small, large) = (d.0.join("small"), d.0.join("large"));
    copy(&mini, &small);
    copy(&mini, &large);
    std::fs::write(
        large.join("verbs/extra.txt"),
        "code 042\n  $ {visit} +\n\ncode 193\n  $ {attack} + positions\n",
    )
    .unwrap();
    (small, large)
}

fn ingested(name: &str) -> (Dir, PathBuf, PathBuf) {
    let d = Dir::new(name);
    let (small, large) = dictionaries(&d);
    let stories = d.write(
        "s.jsonl",
        "{\"id\":\"a\",\"date\":\"2024-03-06\",\"source\":\"Wire\",\"text\":\"Turkey condemned Armenia on Monday. \
         Azerbaijani troops attacked Armenian positions. Turkish troops visited Baku.\"}\n",
    );
    let o = run(&d, &["ingest", "--dict", small.to_str().unwrap(), stories.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    (d, small, large)
}

fn codes(d: &Dir) -> Vec<String> {
    let mut v: Vec<String> = jsonl(d, &[]).iter().map(|e| e["code"].as_str().unwrap().to_string()).collect();
    v.sort();
    v
}

#[test]
fn recode_with_a_larger_dictionary_reports_and_replaces() {
    let (d, _small, large) = ingested("recode");
    assert_eq!(codes(&d), ["042", "111", "190"]);
    let small_hash = jsonl(&d, &[])[0]["dict_hash"].as_str().unwrap().to_string();
    let o = run(&d, &["recode", "--dict", large.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.success(), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(
        (v["documents"].as_u64(), v["before"].as_u64(), v["after"].as_u64()),
        (Some(1), Some(3), Some(3))
    );
    assert_eq!((v["added"].as_u64(), v["removed"].as_u64()), (Some(1), Some(1)));
    assert_eq!(
        v["added"].as_u64().unwrap() + v["changed"].as_u64().unwrap() + v["unchanged"].as_u64().unwrap(),
        3
    );
    let by_code = |code: &str| v["by_code"].as_array().unwrap().iter().find(|c| c["code"] == code).cloned();
    assert_eq!(by_code("193").unwrap()["added"], 1);
    assert_eq!(by_code("190").unwrap()["removed"], 1);
    assert!(by_code("111").is_none(), "the condemnation is coded as before");
    // The store holds the new coding, every event with the new dictionaries' hash.
    assert_eq!(codes(&d), ["042", "111", "193"]);
    let hash = v["dict_hash"].as_str().unwrap();
    assert_ne!(hash, small_hash);
    assert!(jsonl(&d, &[])
        .iter()
        .all(|e| e["dict_hash"] == hash && e["coder_version"] == v["coder_version"]));
    // The aggregates follow: AZE → ARM has the 193 and no 190.
    let o = run(&d, &["dyad", "AZE", "ARM", "--by", "year", "--format", "csv"]);
    assert!(out(&o).lines().nth(1).unwrap().starts_with("2024,1,"), "{}", out(&o));
    // Again: nothing changes; the table names the totals.
    let o = run(&d, &["recode", "--dict", large.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("0 added, 0 removed, 0 changed, 3 unchanged"), "{}", out(&o));
}

/// Events stored before the coder's fields were kept have changed when coded again; the
/// table lists them per code.
#[test]
fn recode_reports_changed_events_per_code() {
    let (d, small, _large) = ingested("recode-changed");
    {
        let store = quidpro_store::Store::open(&d.db()).unwrap();
        store
            .connection()
            .execute("UPDATE coded_events SET date_source = '' WHERE code = '111'", [])
            .unwrap();
    }
    let o = run(&d, &["recode", "--dict", small.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    assert!(text.contains("0 added, 0 removed, 1 changed, 2 unchanged"), "{text}");
    assert!(
        text.lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["111", "0", "0", "1"]),
        "{text}"
    );
    assert_eq!(jsonl(&d, &["--code", "111"])[0]["date_source"], "text");
}

/// A recode that fails part of the way changes nothing.
#[test]
fn a_failed_recode_changes_nothing() {
    let (d, _small, large) = ingested("recode-atomic");
    let before = jsonl(&d, &[]);
    {
        let store = quidpro_store::Store::open(&d.db()).unwrap();
        store
            .connection()
            .execute_batch(
                "CREATE TRIGGER refuse_193 BEFORE INSERT ON coded_events WHEN new.code = '193' \
                 BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
            )
            .unwrap();
    }
    let o = run(&d, &["recode", "--dict", large.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("injected failure"), "{}", err(&o));
    assert_eq!(jsonl(&d, &[]), before);
}

/// Stories and analytic documents coded again with the same dictionaries come out the
/// same.
#[test]
fn recode_with_the_same_dictionaries_changes_nothing() {
    let d = Dir::new("recode-same");
    let stories = root().join("testdata/stories/golden.jsonl");
    let comments = root().join("samples/comments");
    let o = run(&d, &["ingest", stories.to_str().unwrap(), comments.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let before = jsonl(&d, &[]);
    let o = run(&d, &["recode", "--format", "json"]);
    assert!(o.status.success(), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["documents"], 28);
    assert_eq!(v["unchanged"].as_u64(), Some(before.len() as u64), "{v}");
    assert_eq!(v["by_code"], serde_json::json!([]));
    let strip = |evs: Vec<serde_json::Value>| -> Vec<serde_json::Value> {
        let mut evs: Vec<_> = evs
            .into_iter()
            .map(|mut e| {
                e.as_object_mut().unwrap().remove("retrieved");
                e
            })
            .collect();
        evs.sort_by_key(|e| e["id"].as_str().unwrap().to_string());
        evs
    };
    assert_eq!(strip(jsonl(&d, &[])), strip(before));
}
