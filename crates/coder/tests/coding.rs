//! Table-driven coding tests: every `testdata/coding/*.txt` file (format in
//! `testdata/coding/README.md`) is coded with the shipped dictionaries.
//!
//! * `regression.txt`: every case must pass exactly.
//! * All files together: event-level F1 counted as (source country, target country,
//!   CAMEO root) must stay at or above [`MIN_F1_ROOT`], and F1 with the full expectations
//!   (actor and code prefixes, dates) at or above [`MIN_F1_STRICT`].
//!
//! Set `QUIDPRO_CODING_VERBOSE=1` to print every case the coder gets wrong.
//! `QUIDPRO_DICT=DIR[:DIR...]` runs the tables against other dictionary folders (ours,
//! the field's, or both, merged in order, as `--dict` does); `QUIDPRO_CODING_NO_FLOOR=1`
//! then only reports the figures (for `bench/field-dicts.sh`), on a line starting with
//! `FIGURES` (tab-separated: cases, then P, R, F1 by root, then P, R, F1 strict).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use quidpro_coder::{Coder, CoderBuilder};
use quidpro_dict::Dictionary;
use quidpro_text::Story;

/// The floor for F1 on (source country, target country, root).
const MIN_F1_ROOT: f64 = 0.82;
/// The floor for F1 on the full expectations.
const MIN_F1_STRICT: f64 = 0.70;

#[derive(Debug, Clone)]
struct Expect {
    source: String,
    target: String,
    code: String,
    date: Option<NaiveDate>,
}

#[derive(Debug)]
struct Case {
    file: String,
    line: usize,
    date: NaiveDate,
    sentence: String,
    expect: Vec<Expect>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/coding")
}

fn parse(file: &str, text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for (i, raw) in text.lines().enumerate() {
        let line = match raw.find(" #") {
            Some(p) => &raw[..p],
            None => raw,
        };
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(d) = line.strip_prefix("date:") {
            date = NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                .unwrap_or_else(|_| panic!("{file}:{}: bad date", i + 1));
        } else if let Some(s) = line.strip_prefix("s:") {
            cases.push(Case {
                file: file.into(),
                line: i + 1,
                date,
                sentence: s.trim().into(),
                expect: vec![],
            });
        } else if let Some(e) = line.strip_prefix("e:") {
            let case = cases.last_mut().unwrap_or_else(|| panic!("{file}:{}: e: before s:", i + 1));
            let parts: Vec<&str> = e.split_whitespace().collect();
            match parts.as_slice() {
                ["none"] => {}
                [s, t, c] | [s, t, c, _] => case.expect.push(Expect {
                    source: s.to_string(),
                    target: t.to_string(),
                    code: c.to_string(),
                    date: parts.get(3).map(|d| {
                        NaiveDate::parse_from_str(d, "%Y-%m-%d")
                            .unwrap_or_else(|_| panic!("{file}:{}: bad date {d}", i + 1))
                    }),
                }),
                _ => panic!("{file}:{}: `e: SOURCE TARGET CODE [DATE]` or `e: none`", i + 1),
            }
        } else {
            panic!("{file}:{}: unknown line {line:?}", i + 1);
        }
    }
    cases
}

#[derive(Debug, Clone)]
struct Got {
    source: String,
    target: String,
    code: String,
    date: NaiveDate,
}

fn code(coder: &Coder, case: &Case) -> Vec<Got> {
    let story = Story {
        id: format!("{}:{}", case.file, case.line),
        date: case.date,
        text: case.sentence.clone(),
        source: None,
        url: None,
    };
    coder
        .code_to_vec(&story)
        .into_iter()
        .map(|e| Got {
            source: e.event.source.to_string(),
            target: e.event.target.to_string(),
            code: e.event.code.to_string(),
            date: e.event.date,
        })
        .collect()
}

fn strict(e: &Expect, g: &Got) -> bool {
    g.source.starts_with(&e.source)
        && g.target.starts_with(&e.target)
        && g.code.starts_with(&e.code)
        && e.date.is_none_or(|d| d == g.date)
}

fn by_root(e: &Expect, g: &Got) -> bool {
    let p3 = |s: &str| s.get(..3).unwrap_or(s).to_string();
    p3(&g.source) == p3(&e.source)
        && p3(&g.target) == p3(&e.target)
        && g.code[..2] == e.code[..2.min(e.code.len())]
}

/// (true positives, false positives, false negatives) for one case.
fn score(expect: &[Expect], got: &[Got], same: fn(&Expect, &Got) -> bool) -> (usize, usize, usize) {
    let mut used = vec![false; got.len()];
    let mut tp = 0;
    for e in expect {
        if let Some(k) = (0..got.len()).find(|&k| !used[k] && same(e, &got[k])) {
            used[k] = true;
            tp += 1;
        }
    }
    // Extra events equal (by the same rule) to a matched one are not counted twice.
    let fp = (0..got.len()).filter(|&k| !used[k] && !expect.iter().any(|e| same(e, &got[k]))).count();
    (tp, fp, expect.len() - tp)
}

fn f1(tp: usize, fp: usize, fnn: usize) -> (f64, f64, f64) {
    let p = if tp + fp == 0 { 1.0 } else { tp as f64 / (tp + fp) as f64 };
    let r = if tp + fnn == 0 { 1.0 } else { tp as f64 / (tp + fnn) as f64 };
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (p, r, f)
}

fn show(g: &[Got]) -> String {
    g.iter()
        .map(|g| format!("{} {} {} {}", g.source, g.target, g.code, g.date))
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn coding_tables() {
    // `QUIDPRO_DICT=DIR[:DIR...]` runs the tables against other dictionary folders.
    let (dict, errors) = match std::env::var_os("QUIDPRO_DICT") {
        Some(dirs) => {
            let dirs: Vec<PathBuf> = std::env::split_paths(&dirs).collect();
            let l = Dictionary::load_folders(&dirs);
            (l.dict, l.errors)
        }
        None => Dictionary::embedded(),
    };
    assert!(errors.is_empty(), "dictionary errors: {errors:?}");
    let coder = CoderBuilder::new().build(dict);
    let mut files: Vec<PathBuf> = std::fs::read_dir(root())
        .expect("testdata/coding")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let verbose = std::env::var_os("QUIDPRO_CODING_VERBOSE").is_some();
    let (mut rt, mut rf, mut rn) = (0, 0, 0);
    let (mut st, mut sf, mut sn) = (0, 0, 0);
    let mut ncases = 0;
    let mut regressions = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let cases = parse(&name, &text);
        let (mut ft, mut ff, mut fnn) = (0, 0, 0);
        let (mut rt1, mut rf1, mut rn1) = (0, 0, 0);
        for case in &cases {
            ncases += 1;
            let got = code(&coder, case);
            let (a, b, c) = score(&case.expect, &got, by_root);
            rt += a;
            rf += b;
            rn += c;
            rt1 += a;
            rf1 += b;
            rn1 += c;
            let (x, y, z) = score(&case.expect, &got, strict);
            st += x;
            sf += y;
            sn += z;
            ft += x;
            ff += y;
            fnn += z;
            let exact = y == 0 && z == 0;
            if !exact {
                let want: Vec<String> =
                    case.expect.iter().map(|e| format!("{} {} {}", e.source, e.target, e.code)).collect();
                let msg = format!(
                    "{}:{}: {}\n    want: {}\n    got:  {}",
                    case.file,
                    case.line,
                    case.sentence,
                    if want.is_empty() { "none".into() } else { want.join(" | ") },
                    if got.is_empty() { "none".into() } else { show(&got) }
                );
                if name == "regression.txt" {
                    regressions.push(msg.clone());
                }
                if verbose {
                    eprintln!("{msg}");
                }
            }
        }
        let (p, r, f) = f1(rt1, rf1, rn1);
        let (_, _, sf) = f1(ft, ff, fnn);
        eprintln!(
            "{name:32} cases {:4}  by root: P {p:.3}  R {r:.3}  F1 {f:.3}   strict F1 {sf:.3}",
            cases.len()
        );
    }
    let (p, r, f) = f1(rt, rf, rn);
    eprintln!("ALL by (country, country, root): cases {ncases}  P {p:.3}  R {r:.3}  F1 {f:.3}");
    let (sp, sr, sf1) = f1(st, sf, sn);
    eprintln!("ALL strict:                      cases {ncases}  P {sp:.3}  R {sr:.3}  F1 {sf1:.3}");
    eprintln!("FIGURES\t{ncases}\t{p:.4}\t{r:.4}\t{f:.4}\t{sp:.4}\t{sr:.4}\t{sf1:.4}");
    if std::env::var_os("QUIDPRO_CODING_NO_FLOOR").is_some() {
        return;
    }
    assert!(regressions.is_empty(), "regression cases failed:\n{}", regressions.join("\n"));
    assert!(f >= MIN_F1_ROOT, "F1 by root {f:.3} fell below {MIN_F1_ROOT}");
    assert!(sf1 >= MIN_F1_STRICT, "strict F1 {sf1:.3} fell below {MIN_F1_STRICT}");
}
