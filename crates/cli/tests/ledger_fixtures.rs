//! The ledger on the development analytic comments (`testdata/documents/dev`): each
//! document is ingested into a store of its own, and the ledger of each `ledger:` pair
//! and the status of each `demand:` line of its gold file are compared with what
//! `quidpro ledger --format json --to DOC-DATE` says. Prints the agreement and asserts a
//! floor. (Development fixtures: the ledger is tuned on them; `testdata/heldout` is not
//! read here.)
//!
//! The last four documents ([`LEDGER_BATCH`]) were written for the ledger's general rules
//! (issue 13) before those rules were changed, and their figures are printed apart:
//! `kigali-cabo-delgado-account.txt` (RWA–MOZ: troops in combat, called in as money
//! (met) and an extradition (refused), a security contract outstanding),
//! `tripoli-turkish-mortgage.md` (TUR–LBY, YAML front matter: arms and diplomatic
//! backing, a ratification asked in 2024 and let lapse (evaded), contracts (met)),
//! `radars-for-runways-manila.html` (JPN–PHL, JSON-LD date, endnotes in an `aside`: an
//! access agreement (met by signing it), base access (refused), investment curbs
//! (outstanding)), `price-of-shusha.md` (TUR–AZE, the seed: a refusal of the first of two
//! demands, compliance with the second).

mod common;

/// The documents written for the ledger's rules (see the module docs), scored apart.
const LEDGER_BATCH: [&str; 4] = [
    "kigali-cabo-delgado-account",
    "tripoli-turkish-mortgage",
    "radars-for-runways-manila",
    "price-of-shusha",
];

use common::{root, run, Dir};

/// Whether our content (`S>T>CODE`) matches the gold's: same country for the actor
/// sides (the gold's role, when it gives one, must match too) and the gold's code a
/// prefix of ours or ours of the gold's.
fn content_matches(gold: &str, ours: &serde_json::Value) -> bool {
    let parts: Vec<&str> = gold.split('>').collect();
    let [gs, gt, gc] = parts.as_slice() else { return false };
    let s = ours["source"].as_str().unwrap_or("");
    let t = ours["target"].as_str().unwrap_or("");
    let c = ours["code"].as_str().unwrap_or("");
    let side = |g: &str, o: &str| {
        if g == "-" {
            return o.is_empty();
        }
        o.get(..3) == g.get(..3) && (g.len() == 3 || o.starts_with(g) || o.len() == 3)
    };
    side(gs, s)
        && side(gt, t)
        && (c.starts_with(gc) || gc.starts_with(&c[..c.len().min(2)]) && c.len() <= gc.len())
}

#[test]
fn dev_documents_ledger_signs_and_demand_statuses() {
    let dir = root().join("testdata/documents/dev");
    let mut golds: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "gold"))
        .collect();
    golds.sort();
    // Per set (0: the earlier documents, 1: LEDGER_BATCH): signs, right, demands, found
    // by content, status right.
    let mut tally = [[0usize; 5]; 2];
    let mut report = String::new();
    for gold in &golds {
        let stem = gold.file_stem().unwrap().to_str().unwrap();
        let t = &mut tally[LEDGER_BATCH.contains(&stem) as usize];
        let doc = ["txt", "md", "html"]
            .iter()
            .map(|e| dir.join(format!("{stem}.{e}")))
            .find(|p| p.exists())
            .unwrap();
        let text = std::fs::read_to_string(gold).unwrap();
        let date = text.lines().next().unwrap().trim_start_matches("doc-date:").trim().to_string();
        let d = Dir::new(&format!("fixture-{stem}"));
        // The gold date stands in when the document states none.
        let o = run(&d, &["ingest", "--date", &date, doc.to_str().unwrap()]);
        assert!(o.status.success(), "{stem}: {}", String::from_utf8_lossy(&o.stderr));
        let mut cache = std::collections::HashMap::new();
        let mut nth = std::collections::HashMap::new();
        let mut ledger = |a: &str, b: &str| -> serde_json::Value {
            cache
                .entry((a.to_string(), b.to_string()))
                .or_insert_with(|| {
                    let o = run(&d, &["ledger", a, b, "--format", "json", "--to", &date]);
                    assert!(o.status.success(), "{stem}: {}", String::from_utf8_lossy(&o.stderr));
                    serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
                })
                .clone()
        };
        for line in text.lines() {
            let f: Vec<&str> = line.split_whitespace().collect();
            match f.first().copied() {
                Some("ledger:") => {
                    t[0] += 1;
                    let l = ledger(f[1], f[2]);
                    let bal = l["balance"].as_f64().unwrap();
                    let want = f[3].trim_start_matches("sign=");
                    let ok = (want == "+" && bal > 0.0) || (want == "-" && bal < 0.0);
                    t[1] += ok as usize;
                    report.push_str(&format!(
                        "{stem}: ledger {} {} {want} got {bal:.1} {}\n",
                        f[1],
                        f[2],
                        if ok { "ok" } else { "WRONG" }
                    ));
                }
                Some("demand:") => {
                    t[2] += 1;
                    let l = ledger(f[1], f[2]);
                    let want = f[4].trim_start_matches("status=");
                    let theirs: Vec<&serde_json::Value> = l["demands"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|d| d["source"].as_str().unwrap_or("").starts_with(f[1]))
                        .collect();
                    // By content; else (the coder gave none) the demand in the same place
                    // among the creditor's demands.
                    let by_content = theirs
                        .iter()
                        .find(|d| d.get("content").is_some_and(|c| content_matches(f[3], c)))
                        .copied();
                    t[3] += by_content.is_some() as usize;
                    let k = nth.entry((f[1].to_string(), f[2].to_string())).or_insert(0usize);
                    let mine = by_content.or_else(|| theirs.get(*k).copied());
                    *k += 1;
                    let got = mine.map(|d| d["status"].as_str().unwrap_or("").to_string());
                    let ok = got.as_deref() == Some(want);
                    t[4] += ok as usize;
                    report.push_str(&format!(
                        "{stem}: demand {} {} {} {want} got {} {}\n",
                        f[1],
                        f[2],
                        f[3],
                        got.as_deref().unwrap_or("(not found)"),
                        if ok { "ok" } else { "WRONG" }
                    ));
                }
                _ => {}
            }
        }
    }
    println!("{report}");
    for (set, t) in ["earlier documents", "ledger batch"].iter().zip(&tally) {
        println!(
            "{set}: ledger signs {}/{}; demands found by content {}/{}; status right {}/{}",
            t[1], t[0], t[3], t[2], t[4], t[2]
        );
    }
    let [signs, signs_ok, demands, found, status_ok] = [0, 1, 2, 3, 4].map(|k| tally[0][k] + tally[1][k]);
    println!("all: ledger signs {signs_ok}/{signs}; demands found by content {found}/{demands}; status right {status_ok}/{demands}");
    assert!(signs >= 10 && demands >= 20, "the gold files hold the ledger lines");
    assert!(signs_ok * 10 >= signs * 6, "ledger signs {signs_ok}/{signs} under the floor");
    // The coder gives few demands a content yet (4 of 23 here), so most statuses rest on
    // refusals and lapses: the floor is low and says so.
    assert!(status_ok * 20 >= demands, "demand statuses {status_ok}/{demands} under the floor");
}
