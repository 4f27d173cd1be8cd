//! Table-driven coding tests on the development set: every `testdata/coding/*.txt` file
//! (format and annotation guide in `testdata/coding/README.md`) is coded with the
//! shipped dictionaries.
//!
//! * `regression.txt`: every case must pass exactly.
//! * All files together: F1 by (source country, target country, CAMEO root) must stay at
//!   or above [`MIN_F1_ROOT`], F1 with the full expectations (actor and code prefixes,
//!   dates) at or above [`MIN_F1_STRICT`], and the share of right modalities, dates and
//!   contents of the events found at or above their floors.
//!
//! Set `QUIDPRO_CODING_VERBOSE=1` to print every case the coder gets wrong.
//! `QUIDPRO_DICT=DIR[:DIR...]` runs the tables against other dictionary folders (ours,
//! the field's, or both, merged in order, as `--dict` does); `QUIDPRO_CODING_NO_FLOOR=1`
//! then only reports the figures (for `bench/field-dicts.sh`), on a line starting with
//! `FIGURES` (tab-separated: cases, then P, R, F1 by root, then P, R, F1 strict).

mod common;

use std::path::Path;

// Floors a little under the figures measured on 2026-12-08 (4,269 cases): F1 by root
// 0.774, strict 0.681; of the events found, modality 0.900, date 0.924, content 0.617.
/// The floor for F1 on (source country, target country, root).
const MIN_F1_ROOT: f64 = 0.76;
/// The floor for F1 on the full expectations.
const MIN_F1_STRICT: f64 = 0.66;
/// Floors for the events found: modality, date and content right.
const MIN_MODALITY: f64 = 0.88;
const MIN_DATE: f64 = 0.90;
const MIN_CONTENT: f64 = 0.60;

#[test]
fn coding_tables() {
    let (coder, negating) = common::coders();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/coding");
    let files = common::tables(&dir);
    assert!(!files.is_empty());
    let verbose = std::env::var_os("QUIDPRO_CODING_VERBOSE").is_some();
    let mut all = common::Report::default();
    let mut regressions = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let cases = common::parse(&name, &text);
        let mut one = common::Report::default();
        common::run(&coder, &negating, &cases, &mut one);
        let (p, r, f) = one.root_f1();
        let (_, _, sf) = one.strict_f1();
        eprintln!(
            "{name:32} cases {:4}  by root: P {p:.3}  R {r:.3}  F1 {f:.3}   strict F1 {sf:.3}",
            one.cases
        );
        for (at, msg) in &one.wrong {
            if name == "regression.txt" {
                regressions.push(format!("{at}: {msg}"));
            }
            if verbose {
                eprintln!("{at}: {msg}");
            }
        }
        all.cases += one.cases;
        for (a, b) in [(&mut all.root, one.root), (&mut all.strict, one.strict)] {
            a.0 += b.0;
            a.1 += b.1;
            a.2 += b.2;
        }
        for (a, b) in
            [(&mut all.modality, one.modality), (&mut all.date, one.date), (&mut all.content, one.content)]
        {
            a.0 += b.0;
            a.1 += b.1;
        }
        for (k, v) in one.per_root {
            let e = all.per_root.entry(k).or_default();
            e.0 += v.0;
            e.1 += v.1;
        }
        for (k, v) in one.per_phenomenon {
            let e = all.per_phenomenon.entry(k).or_default();
            e.0 += v.0;
            e.1 += v.1;
        }
    }
    common::print("development set (testdata/coding)", &all);
    let (_, _, f) = all.root_f1();
    let (_, _, sf1) = all.strict_f1();
    let (p, r, _) = all.root_f1();
    let (sp, sr, _) = all.strict_f1();
    eprintln!("FIGURES\t{}\t{p:.4}\t{r:.4}\t{f:.4}\t{sp:.4}\t{sr:.4}\t{sf1:.4}", all.cases);
    if std::env::var_os("QUIDPRO_CODING_NO_FLOOR").is_some() {
        return;
    }
    let share = |a: (usize, usize)| if a.1 == 0 { 1.0 } else { a.0 as f64 / a.1 as f64 };
    assert!(regressions.is_empty(), "regression cases failed:\n{}", regressions.join("\n"));
    assert!(f >= MIN_F1_ROOT, "F1 by root {f:.3} fell below {MIN_F1_ROOT}");
    assert!(sf1 >= MIN_F1_STRICT, "strict F1 {sf1:.3} fell below {MIN_F1_STRICT}");
    assert!(
        share(all.modality) >= MIN_MODALITY,
        "modality right {:.3} fell below {MIN_MODALITY}",
        share(all.modality)
    );
    assert!(share(all.date) >= MIN_DATE, "date right {:.3} fell below {MIN_DATE}", share(all.date));
    assert!(
        share(all.content) >= MIN_CONTENT,
        "content right {:.3} fell below {MIN_CONTENT}",
        share(all.content)
    );
}
