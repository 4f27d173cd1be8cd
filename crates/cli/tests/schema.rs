//! One event schema for every output: `quidpro code`, `quidpro events --format
//! jsonl|csv`, the export (CSV, JSON lines, `_schema.json`) and the SQL view `events`
//! (`quidpro sql`) have the columns of `quidpro_event::schema`, and say the same of the
//! same events.

mod common;

use std::collections::BTreeMap;

use common::{err, out, root, run, Dir};
use quidpro_event::schema::{self, LogicalType};

/// A store of the sample stories, one comment and the GDELT sample.
fn sample(name: &str) -> Dir {
    let d = Dir::new(name);
    let s = root().join("samples");
    for args in [
        vec!["ingest", s.join("stories.jsonl").to_str().unwrap().to_string().leak() as &str],
        vec!["ingest", s.join("comments/bill-for-karabakh.md").to_str().unwrap().to_string().leak()],
        vec!["import", "gdelt2", s.join("gdelt-sample.export.CSV").to_str().unwrap().to_string().leak()],
    ] {
        let o = run(&d, &args);
        assert!(o.status.success(), "{args:?}: {}", err(&o));
    }
    d
}

fn lines(text: &str) -> Vec<serde_json::Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The top-level keys of a JSON object's text, in the order written (serde_json's maps
/// sort them).
fn keys_in_order(line: &str) -> Vec<String> {
    let (mut keys, mut depth, mut in_str, mut esc, mut cur) = (Vec::new(), 0, false, false, None::<String>);
    let mut expect_key = false;
    for c in line.chars() {
        if in_str {
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_str = false;
                if let Some(k) = cur.take() {
                    keys.push(k);
                }
                continue;
            }
            if let Some(k) = cur.as_mut() {
                k.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                if depth == 1 && expect_key {
                    cur = Some(String::new());
                    expect_key = false;
                }
            }
            '{' | '[' => {
                depth += 1;
                expect_key = depth == 1;
            }
            '}' | ']' => depth -= 1,
            ',' if depth == 1 => expect_key = true,
            _ => {}
        }
    }
    keys
}

#[test]
fn events_export_and_sql_share_the_schema_and_the_values() {
    let d = sample("schema-outputs");
    let names: Vec<&str> = schema::names().collect();
    // `events --format jsonl`: the schema's keys, in order, on every line.
    let o = run(&d, &["events", "--format", "jsonl"]);
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    for l in text.lines() {
        assert_eq!(keys_in_order(l), names);
    }
    let events = lines(&text);
    assert!(
        events.iter().any(|e| e["dataset"] == "gdelt2") && events.iter().any(|e| e["dataset"] == "quidpro")
    );
    // Types as the schema says: null only where nullable; bools, numbers, JSON values.
    for e in &events {
        for c in schema::COLUMNS {
            let v = &e[c.name];
            if v.is_null() {
                assert!(c.nullable, "{} null in {e}", c.name);
                continue;
            }
            let ok = match c.ty {
                LogicalType::String | LogicalType::Date => v.is_string(),
                LogicalType::Int32 | LogicalType::Int64 => v.is_i64(),
                LogicalType::Float64 => v.is_number(),
                LogicalType::Bool => v.is_boolean(),
                LogicalType::Json => v.is_object() || v.is_array(),
            };
            assert!(ok, "{} is {v} in {e}", c.name);
        }
    }
    // The export's JSON lines: the same objects.
    let dir = d.0.join("out");
    for fmt in ["jsonl", "csv"] {
        let o = run(&d, &["export", "--format", fmt, dir.to_str().unwrap()]);
        assert!(o.status.success(), "{}", err(&o));
    }
    let by_id = |evs: &[serde_json::Value]| -> BTreeMap<String, serde_json::Value> {
        evs.iter().map(|e| (e["id"].as_str().unwrap().to_string(), e.clone())).collect()
    };
    let exported = std::fs::read_to_string(dir.join("events.jsonl")).unwrap();
    let (a, b) = (by_id(&lines(&exported)), by_id(&events));
    assert_eq!(a.len(), b.len());
    for (id, e) in &b {
        for c in &names {
            assert_eq!(a[id][*c], e[*c], "{c} of {id}: export, events");
        }
    }
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("_schema.json")).unwrap()).unwrap();
    assert_eq!(meta["schema_version"], schema::SCHEMA_VERSION);
    let meta_names: Vec<&str> =
        meta["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(meta_names, names);
    // CSV: `events --format csv`, the export and `quidpro sql` over the view `events`
    // have the schema's header and the same records.
    let records = |text: &str| -> (Vec<String>, Vec<Vec<String>>) {
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header = r.headers().unwrap().iter().map(String::from).collect();
        let mut rows: Vec<Vec<String>> =
            r.records().map(|x| x.unwrap().iter().map(String::from).collect()).collect();
        rows.sort();
        (header, rows)
    };
    let o = run(&d, &["events", "--format", "csv"]);
    assert!(o.status.success(), "{}", err(&o));
    let (h1, r1) = records(&out(&o));
    let (h2, r2) = records(&std::fs::read_to_string(dir.join("events.csv")).unwrap());
    assert_eq!(h1, names);
    assert_eq!(h2, names);
    assert_eq!(r1, r2);
    assert_eq!(r1.len(), events.len());
    let o = run(&d, &["sql", "--format", "csv", "SELECT * FROM events"]);
    assert!(o.status.success(), "{}", err(&o));
    let (h3, r3) = records(&out(&o));
    assert_eq!(h3, names);
    assert_eq!(r3.len(), r1.len());
    // The SQL view writes `directed` as 1/0 and reals as SQLite prints them; the rest is
    // the same text.
    let skip: Vec<usize> =
        ["directed", "goldstein"].iter().map(|c| names.iter().position(|n| n == c).unwrap()).collect();
    let strip = |rows: &[Vec<String>]| -> Vec<Vec<String>> {
        let mut v: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                r.iter().enumerate().filter(|(k, _)| !skip.contains(k)).map(|(_, x)| x.clone()).collect()
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(strip(&r3), strip(&r1));
    // Counts and sums agree between `events` and `quidpro sql`.
    let o = run(
        &d,
        &[
            "sql",
            "--format",
            "jsonl",
            "SELECT count(*) AS n, sum(goldstein) AS g, count(plover) AS p FROM events",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(out(&o).trim()).unwrap();
    assert_eq!(v["n"].as_u64().unwrap() as usize, events.len());
    let g: f64 = events.iter().map(|e| e["goldstein"].as_f64().unwrap()).sum();
    assert!((v["g"].as_f64().unwrap() - g).abs() < 1e-6);
    assert_eq!(v["p"].as_u64().unwrap() as usize, events.iter().filter(|e| !e["plover"].is_null()).count());
}

#[test]
fn code_writes_the_coded_columns_and_its_extensions() {
    let d = Dir::new("schema-code");
    let s = root().join("samples/stories.jsonl");
    let o = run(&d, &["code", s.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    let mut want: Vec<&str> = Vec::new();
    for c in schema::COLUMNS.iter().filter(|c| c.coded) {
        want.push(c.name);
        match c.name {
            "date_source" => want.push("date_text"),
            "span_end" => want.push("span"),
            _ => {}
        }
    }
    let extensions: Vec<&str> =
        schema::CODE_EXTENSIONS.iter().map(|e| e.0).filter(|e| *e != "explanation").collect();
    assert!(extensions.iter().all(|e| want.contains(e)));
    assert!(text.lines().count() > 100);
    for l in text.lines() {
        assert_eq!(keys_in_order(l), want);
    }
    // The same events, stored, keep their ids and values.
    let o = run(&d, &["ingest", s.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let o = run(&d, &["events", "--format", "jsonl"]);
    let stored: BTreeMap<String, serde_json::Value> =
        lines(&out(&o)).into_iter().map(|e| (e["id"].as_str().unwrap().to_string(), e)).collect();
    for e in lines(&text) {
        let s = &stored[e["id"].as_str().unwrap()];
        for c in schema::COLUMNS.iter().filter(|c| c.coded) {
            assert_eq!(s[c.name], e[c.name], "{} of {}", c.name, e["id"]);
        }
    }
}
