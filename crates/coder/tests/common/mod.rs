//! The coding tables: their format (`testdata/coding/README.md`), the scoring, and the
//! report, shared by the development tables (`coding.rs`) and the held-out set
//! (`heldout.rs`).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use quidpro_coder::{Coder, CoderBuilder};
use quidpro_dict::Dictionary;
use quidpro_event::Modality;
use quidpro_text::Story;

/// One expected event.
#[derive(Debug, Clone)]
pub struct Expect {
    pub source: String,
    pub target: String,
    pub code: String,
    /// The date token (`2024-03-01`, `2023-03`, `2021-spring`, `2024-Q1`, `2020`).
    pub date: Option<String>,
    pub modality: Option<String>,
    /// `SOURCE>TARGET>CODE`.
    pub content: Option<(String, String, String)>,
}

impl Expect {
    /// Negated, refused and denied events are not events: they are checked apart.
    pub fn negative(&self) -> bool {
        matches!(self.modality.as_deref(), Some("negated" | "refused" | "denied"))
    }
}

#[derive(Debug)]
pub struct Case {
    pub file: String,
    pub line: usize,
    pub date: NaiveDate,
    pub phenomenon: String,
    pub sentence: String,
    pub expect: Vec<Expect>,
}

/// `-` is the unnamed side: the empty code.
fn side(s: &str) -> String {
    if s == "-" {
        String::new()
    } else {
        s.to_string()
    }
}

pub fn parse(file: &str, text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let mut phenomenon = "plain".to_string();
    for (i, raw) in text.lines().enumerate() {
        let line = match raw.find(" #") {
            Some(p) => &raw[..p],
            None => raw,
        };
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = || format!("{file}:{}", i + 1);
        if let Some(d) = line.strip_prefix("date:") {
            date = NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                .unwrap_or_else(|_| panic!("{}: bad date", at()));
        } else if let Some(p) = line.strip_prefix("phenomenon:") {
            phenomenon = p.trim().to_string();
        } else if let Some(s) = line.strip_prefix("s:") {
            cases.push(Case {
                file: file.into(),
                line: i + 1,
                date,
                phenomenon: phenomenon.clone(),
                sentence: s.trim().into(),
                expect: vec![],
            });
        } else if let Some(e) = line.strip_prefix("e:") {
            let case = cases.last_mut().unwrap_or_else(|| panic!("{}: e: before s:", at()));
            let parts: Vec<&str> = e.split_whitespace().collect();
            if parts == ["none"] {
                continue;
            }
            assert!(
                parts.len() >= 3,
                "{}: `e: SOURCE TARGET CODE [DATE] [m=..] [c=S>T>C]` or `e: none`",
                at()
            );
            let mut x = Expect {
                source: side(parts[0]),
                target: side(parts[1]),
                code: parts[2].to_string(),
                date: None,
                modality: None,
                content: None,
            };
            assert!(quidpro_event::cameo::lookup(&x.code).is_some(), "{}: no CAMEO code {}", at(), x.code);
            for p in &parts[3..] {
                if let Some(m) = p.strip_prefix("m=") {
                    assert!(Modality::parse(m).is_some(), "{}: bad modality {m}", at());
                    x.modality = Some(m.to_string());
                } else if let Some(c) = p.strip_prefix("c=") {
                    let v: Vec<&str> = c.split('>').collect();
                    assert!(v.len() == 3, "{}: c= wants SOURCE>TARGET>CODE", at());
                    x.content = Some((side(v[0]), side(v[1]), v[2].to_string()));
                } else if p.starts_with("a=") {
                    // asserters are checked by the document tests
                } else if p.as_bytes().first().is_some_and(|b| b.is_ascii_digit()) {
                    x.date = Some(p.to_string());
                } else {
                    panic!("{}: unknown field {p}", at());
                }
            }
            case.expect.push(x);
        } else {
            panic!("{file}:{}: unknown line {line:?}", i + 1);
        }
    }
    cases
}

/// A coded event, as the tables see it.
#[derive(Debug, Clone)]
pub struct Got {
    pub source: String,
    pub target: String,
    pub code: String,
    pub date: String,
    pub modality: String,
    pub content: Option<(String, String, String)>,
}

/// The guide's token for a date of a precision.
pub fn date_token(d: NaiveDate, precision: &str) -> String {
    match precision {
        "month" => d.format("%Y-%m").to_string(),
        "year" => d.format("%Y").to_string(),
        "quarter" => format!("{}-Q{}", d.year(), (d.month() - 1) / 3 + 1),
        "season" => {
            let name = match d.month() {
                3..=5 => "spring",
                6..=8 => "summer",
                9..=11 => "autumn",
                _ => "winter",
            };
            let year = if d.month() <= 2 { d.year() - 1 } else { d.year() };
            format!("{year}-{name}")
        }
        _ => d.format("%Y-%m-%d").to_string(),
    }
}

pub fn code(coder: &Coder, case: &Case) -> Vec<Got> {
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
        .map(|e| {
            let v = serde_json::to_value(&e.event).unwrap();
            Got {
                source: e.event.source.to_string(),
                target: e.event.target.to_string(),
                code: e.event.code.to_string(),
                date: date_token(e.event.date, v["date_precision"].as_str().unwrap_or("day")),
                modality: e.event.modality.as_str().to_string(),
                content: e
                    .event
                    .content
                    .as_ref()
                    .map(|c| (c.source.to_string(), c.target.to_string(), c.code.to_string())),
            }
        })
        .collect()
}

fn p3(s: &str) -> &str {
    s.get(..3).unwrap_or(s)
}

pub fn strict(e: &Expect, g: &Got) -> bool {
    g.source.starts_with(&e.source)
        && g.target.starts_with(&e.target)
        && (e.source.is_empty() == g.source.is_empty())
        && (e.target.is_empty() == g.target.is_empty())
        && g.code.starts_with(&e.code)
        && e.date.as_ref().is_none_or(|d| *d == g.date)
}

pub fn by_root(e: &Expect, g: &Got) -> bool {
    p3(&g.source) == p3(&e.source)
        && p3(&g.target) == p3(&e.target)
        && g.code[..2] == e.code[..2.min(e.code.len())]
}

/// [`by_root`], with the expected modality.
pub fn by_root_and_modality(e: &Expect, g: &Got) -> bool {
    by_root(e, g) && e.modality.as_deref() == Some(g.modality.as_str())
}

/// (true positives, false positives, false negatives) for one case, and for each
/// expectation the index of the event that matched it.
pub fn score(
    expect: &[&Expect],
    got: &[Got],
    same: fn(&Expect, &Got) -> bool,
) -> (usize, usize, usize, Vec<Option<usize>>) {
    let mut used = vec![false; got.len()];
    let mut tp = 0;
    let mut which = Vec::new();
    for e in expect {
        let k = (0..got.len()).find(|&k| !used[k] && same(e, &got[k]));
        if let Some(k) = k {
            used[k] = true;
            tp += 1;
        }
        which.push(k);
    }
    // Extra events equal (by the same rule) to a matched one are not counted twice.
    let fp = (0..got.len()).filter(|&k| !used[k] && !expect.iter().any(|e| same(e, &got[k]))).count();
    (tp, fp, expect.len() - tp, which)
}

pub fn f1(tp: usize, fp: usize, fnn: usize) -> (f64, f64, f64) {
    let p = if tp + fp == 0 { 1.0 } else { tp as f64 / (tp + fp) as f64 };
    let r = if tp + fnn == 0 { 1.0 } else { tp as f64 / (tp + fnn) as f64 };
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (p, r, f)
}

fn show(g: &[Got]) -> String {
    g.iter()
        .map(|g| {
            let c = g.content.as_ref().map(|c| format!(" c={}>{}>{}", c.0, c.1, c.2)).unwrap_or_default();
            format!("{} {} {} {} m={}{c}", or_dash(&g.source), or_dash(&g.target), g.code, g.date, g.modality)
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() {
        "-"
    } else {
        s
    }
}

/// Counts of a set of tables.
#[derive(Default, Debug)]
pub struct Report {
    pub cases: usize,
    pub root: (usize, usize, usize),
    pub strict: (usize, usize, usize),
    /// Per root: (found, expected) by (country, country, root).
    pub per_root: BTreeMap<String, (usize, usize)>,
    /// Per phenomenon: (found, expected) by root; sentences without events count as
    /// found when nothing is coded.
    pub per_phenomenon: BTreeMap<String, (usize, usize)>,
    /// (right, checked) for the modality, date and content of matched events.
    pub modality: (usize, usize),
    pub date: (usize, usize),
    pub content: (usize, usize),
    /// Cases with a mistake (file:line and what went wrong).
    pub wrong: Vec<(String, String)>,
}

impl Report {
    pub fn root_f1(&self) -> (f64, f64, f64) {
        f1(self.root.0, self.root.1, self.root.2)
    }
    pub fn strict_f1(&self) -> (f64, f64, f64) {
        f1(self.strict.0, self.strict.1, self.strict.2)
    }
}

fn ratio(a: (usize, usize)) -> f64 {
    if a.1 == 0 {
        1.0
    } else {
        a.0 as f64 / a.1 as f64
    }
}

/// Runs the cases through the coder (and, for negative modalities, a coder that emits
/// negated events).
pub fn run(coder: &Coder, negating: &Coder, cases: &[Case], report: &mut Report) {
    for case in cases {
        report.cases += 1;
        let got = code(coder, case);
        let positive: Vec<&Expect> = case.expect.iter().filter(|e| !e.negative()).collect();
        let (a, b, c, which) = score(&positive, &got, by_root);
        report.root.0 += a;
        report.root.1 += b;
        report.root.2 += c;
        for (e, w) in positive.iter().zip(&which) {
            let r = report.per_root.entry(e.code[..2.min(e.code.len())].to_string()).or_default();
            r.1 += 1;
            r.0 += usize::from(w.is_some());
        }
        let ph = report.per_phenomenon.entry(case.phenomenon.clone()).or_default();
        if positive.is_empty() {
            ph.1 += 1;
            ph.0 += usize::from(got.is_empty());
        } else {
            ph.1 += positive.len();
            ph.0 += a;
        }
        let (x, y, z, swhich) = score(&positive, &got, strict);
        report.strict.0 += x;
        report.strict.1 += y;
        report.strict.2 += z;
        let mut notes = Vec::new();
        // Qualities of the events found (by root): modality, date, content.
        for (e, w) in positive.iter().zip(&which) {
            let Some(k) = w else { continue };
            let g = &got[*k];
            if let Some(m) = &e.modality {
                report.modality.1 += 1;
                if *m == g.modality {
                    report.modality.0 += 1;
                } else {
                    notes.push(format!("modality {} for {m}", g.modality));
                }
            }
            if let Some(d) = &e.date {
                report.date.1 += 1;
                if *d == g.date {
                    report.date.0 += 1;
                } else {
                    notes.push(format!("date {} for {d}", g.date));
                }
            }
            if let Some((cs, ct, cc)) = &e.content {
                report.content.1 += 1;
                let ok = g.content.as_ref().is_some_and(|(gs, gt, gc)| {
                    p3(gs) == p3(cs) && p3(gt) == p3(ct) && gc[..2] == cc[..2.min(cc.len())]
                });
                if ok {
                    report.content.0 += 1;
                } else {
                    notes.push("content".into());
                }
            }
        }
        // Negative modalities: the event must be coded with it when negated events are on.
        let negative: Vec<&Expect> = case.expect.iter().filter(|e| e.negative()).collect();
        if !negative.is_empty() {
            let all = code(negating, case);
            // The same act may be coded twice, told and then denied: a negative event is
            // matched to one with its modality first.
            let (_, _, _, exact) = score(&negative, &all, by_root_and_modality);
            let (_, _, _, nwhich) = score(&negative, &all, by_root);
            for ((e, w), x) in negative.iter().zip(&nwhich).zip(&exact) {
                report.modality.1 += 1;
                let m = e.modality.as_deref().unwrap_or("");
                // Its date, when the row gives one.
                if let (Some(d), Some(k)) = (&e.date, x.or(*w)) {
                    report.date.1 += 1;
                    if *d == all[k].date {
                        report.date.0 += 1;
                    } else {
                        notes.push(format!("date {} for {d}", all[k].date));
                    }
                }
                match w {
                    _ if x.is_some() => report.modality.0 += 1,
                    Some(k) if all[*k].modality == m => report.modality.0 += 1,
                    Some(k) => notes.push(format!("modality {} for {m}", all[*k].modality)),
                    None => notes.push(format!("{m} event not found")),
                }
            }
        }
        let _ = swhich;
        if y != 0 || z != 0 || !notes.is_empty() {
            let want: Vec<String> = case
                .expect
                .iter()
                .map(|e| {
                    let c = e
                        .content
                        .as_ref()
                        .map(|c| format!(" c={}>{}>{}", or_dash(&c.0), or_dash(&c.1), c.2))
                        .unwrap_or_default();
                    format!(
                        "{} {} {}{}{}{c}",
                        or_dash(&e.source),
                        or_dash(&e.target),
                        e.code,
                        e.date.as_ref().map(|d| format!(" {d}")).unwrap_or_default(),
                        e.modality.as_ref().map(|m| format!(" m={m}")).unwrap_or_default()
                    )
                })
                .collect();
            report.wrong.push((
                format!("{}:{}", case.file, case.line),
                format!(
                    "{}\n    want: {}\n    got:  {}{}",
                    case.sentence,
                    if want.is_empty() { "none".into() } else { want.join(" | ") },
                    if got.is_empty() { "none".into() } else { show(&got) },
                    if notes.is_empty() {
                        String::new()
                    } else {
                        format!("\n    note: {}", notes.join("; "))
                    }
                ),
            ));
        }
    }
}

/// Prints the report's figures.
pub fn print(title: &str, r: &Report) {
    let (p, rc, f) = r.root_f1();
    let (sp, sr, sf) = r.strict_f1();
    eprintln!("{title}: {} cases", r.cases);
    eprintln!("  by (source country, target country, root): P {p:.3}  R {rc:.3}  F1 {f:.3}");
    eprintln!("  strict (codes, agents, dates):              P {sp:.3}  R {sr:.3}  F1 {sf:.3}");
    eprintln!(
        "  of the events found: modality right {:.3} ({}/{}), date right {:.3} ({}/{}), content right {:.3} ({}/{})",
        ratio(r.modality),
        r.modality.0,
        r.modality.1,
        ratio(r.date),
        r.date.0,
        r.date.1,
        ratio(r.content),
        r.content.0,
        r.content.1
    );
    let roots: Vec<String> =
        r.per_root.iter().map(|(k, v)| format!("{k} {:.2} ({})", ratio(*v), v.1)).collect();
    eprintln!("  recall per root: {}", roots.join(", "));
    let ph: Vec<String> =
        r.per_phenomenon.iter().map(|(k, v)| format!("{k} {:.2} ({})", ratio(*v), v.1)).collect();
    eprintln!("  recall per phenomenon: {}", ph.join(", "));
}

pub fn coders() -> (Coder, Coder) {
    // `QUIDPRO_DICT=DIR` runs the tables against another dictionary folder.
    // `QUIDPRO_DICT=DIR[:DIR...]`: other folders (ours, the field's, or both, merged in
    // order, as `--dict` does).
    let (dict, errors) = match std::env::var_os("QUIDPRO_DICT") {
        Some(dirs) => {
            let dirs: Vec<PathBuf> = std::env::split_paths(&dirs).collect();
            let l = Dictionary::load_folders(&dirs);
            (l.dict, l.errors)
        }
        None => Dictionary::embedded(),
    };
    assert!(errors.is_empty(), "dictionary errors: {errors:?}");
    let coder = CoderBuilder::new().build(dict.clone());
    let negating = CoderBuilder::new().include_negated(true).build(dict);
    (coder, negating)
}

/// The `*.txt` tables of a folder, sorted.
pub fn tables(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}
