//! The ledger on the development analytic comments (`testdata/documents/dev`): each
//! document is ingested into a store of its own, and the ledger of each `ledger:` pair
//! and the status of each `demand:` line of its gold file are compared with what
//! `quidpro ledger --format json --to DOC-DATE` says. Prints the agreement and asserts a
//! floor. Gold demands and ours are paired one to one: by content first (the closest
//! code first), then the creditor's remaining demands in date order. (Development fixtures: the ledger is tuned on them; `testdata/heldout` is not
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
//!
//! The three after them ([`LEDGER_BATCH_2`], issue 13's second pass) were written
//! before their ledger was first run, each with a favour and three demands (one met by
//! compliance, one refused, one evaded), and are scored apart too:
//! `astana-and-the-csto-bill.txt` (RUS–KAZ: CSTO paratroopers; recognition of the Donbas
//! republics refused, an ambassador's expulsion dodged, an extradition met),
//! `the-swap-line-and-the-survey-ship.md` (IND–MDV: a currency swap; a survey agreement
//! dodged, ports closed to Chinese ships refused, an exercise met),
//! `algiers-collects-in-tunis.html` (DZA–TUN: loans and deposits; an activist's handover
//! refused, an offensive against militants at home met, recognition of the SADR dodged).

mod common;

/// The documents written for the ledger's rules (see the module docs), scored apart.
const LEDGER_BATCH: [&str; 4] = [
    "kigali-cabo-delgado-account",
    "tripoli-turkish-mortgage",
    "radars-for-runways-manila",
    "price-of-shusha",
];

/// The second batch written for the ledger's rules (see the module docs), scored apart.
const LEDGER_BATCH_2: [&str; 3] =
    ["astana-and-the-csto-bill", "the-swap-line-and-the-survey-ship", "algiers-collects-in-tunis"];

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
    // Per set (0: the earlier documents, 1: LEDGER_BATCH, 2: LEDGER_BATCH_2): signs,
    // right, demands, found by content, status right.
    let mut tally = [[0usize; 5]; 3];
    let mut report = String::new();
    for gold in &golds {
        let stem = gold.file_stem().unwrap().to_str().unwrap();
        let set = if LEDGER_BATCH_2.contains(&stem) { 2 } else { LEDGER_BATCH.contains(&stem) as usize };
        let t = &mut tally[set];
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
        let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split_whitespace().collect()).collect();
        // Each gold demand is paired with one of ours, each of ours used once: first by
        // content (the closest code first: the same code, then one a prefix of the other,
        // then the same root), then, for those the coder gave no content that matches,
        // the creditor's remaining demands in date order.
        let demands: Vec<&Vec<&str>> = lines.iter().filter(|f| f.first() == Some(&"demand:")).collect();
        let mut mine: Vec<Option<(serde_json::Value, bool)>> = vec![None; demands.len()];
        let mut used: std::collections::HashSet<(String, String, u64)> = Default::default();
        let closeness = |gold: &str, c: &serde_json::Value| {
            let (gc, oc) = (gold.rsplit('>').next().unwrap_or(""), c["code"].as_str().unwrap_or(""));
            if gc == oc {
                0
            } else if gc.starts_with(oc) || oc.starts_with(gc) {
                1
            } else {
                2
            }
        };
        let theirs = |l: &serde_json::Value, creditor: &str| -> Vec<serde_json::Value> {
            l["demands"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["source"].as_str().unwrap_or("").starts_with(creditor))
                .cloned()
                .collect()
        };
        for pass in 0..2 {
            for (k, f) in demands.iter().enumerate() {
                if mine[k].is_some() {
                    continue;
                }
                let l = ledger(f[1], f[2]);
                let key =
                    |d: &serde_json::Value| (f[1].to_string(), f[2].to_string(), d["id"].as_u64().unwrap());
                let free: Vec<serde_json::Value> =
                    theirs(&l, f[1]).into_iter().filter(|d| !used.contains(&key(d))).collect();
                let pick = if pass == 0 {
                    free.iter()
                        .filter(|d| d.get("content").is_some_and(|c| content_matches(f[3], c)))
                        .min_by_key(|d| closeness(f[3], &d["content"]))
                        .cloned()
                } else {
                    free.first().cloned()
                };
                if let Some(d) = pick {
                    used.insert(key(&d));
                    mine[k] = Some((d, pass == 0));
                }
            }
        }
        let mut k = 0;
        for f in &lines {
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
                    let want = f[4].trim_start_matches("status=");
                    let by_content = mine[k].as_ref().is_some_and(|m| m.1);
                    t[3] += by_content as usize;
                    let got = mine[k].as_ref().map(|(d, _)| d["status"].as_str().unwrap_or("").to_string());
                    k += 1;
                    let ok = got.as_deref() == Some(want);
                    t[4] += ok as usize;
                    // A demand paired by order, not by content: the content ours has.
                    let paired = match &mine[k - 1] {
                        Some((d, false)) => format!(
                            " (content not found; paired with {}>{}>{})",
                            d["content"]["source"].as_str().unwrap_or("?"),
                            d["content"]["target"].as_str().unwrap_or("?"),
                            d["content"]["code"].as_str().unwrap_or("?")
                        ),
                        _ => String::new(),
                    };
                    report.push_str(&format!(
                        "{stem}: demand {} {} {} {want} got {} {}{paired}\n",
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
    for (set, t) in ["earlier documents", "ledger batch", "ledger batch 2"].iter().zip(&tally) {
        println!(
            "{set}: ledger signs {}/{}; demands found by content {}/{}; status right {}/{}",
            t[1], t[0], t[3], t[2], t[4], t[2]
        );
    }
    let [signs, signs_ok, demands, found, status_ok] =
        [0, 1, 2, 3, 4].map(|k| tally.iter().map(|t| t[k]).sum::<usize>());
    println!("all: ledger signs {signs_ok}/{signs}; demands found by content {found}/{demands}; status right {status_ok}/{demands}");
    assert!(signs >= 10 && demands >= 20, "the gold files hold the ledger lines");
    // Floors a little under the figures of the commit that set them (signs 18/21,
    // statuses 20/44): one sign of the 21 cannot be right (allies-on-paper wants both
    // RUS ARM and ARM RUS positive, and the balance is symmetric), and most wrong
    // statuses are the coder's (a demand without content, an answer not coded), which is
    // being changed at the same time: the status floor leaves room for that.
    assert!(signs_ok * 4 >= signs * 3, "ledger signs {signs_ok}/{signs} under the floor");
    assert!(status_ok * 20 >= demands * 7, "demand statuses {status_ok}/{demands} under the floor");
}

/// Two requests one document tells in two sentences ("Kim Jong Un asked Moscow for help
/// with ... submarines"; "North Korean officials also pressed Moscow for air-defence
/// systems") are two demands, not two reports of one, though both ask for military help
/// in the same month.
#[test]
fn two_requests_of_one_document_are_two_demands() {
    let dir = root().join("testdata/documents/dev");
    let d = Dir::new("fixture-two-requests");
    let o = run(
        &d,
        &["ingest", "--date", "2025-12-03", dir.join("kursk-invoice-pyongyang.html").to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&d, &["ledger", "PRK", "RUS", "--format", "json", "--to", "2025-12-03"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let l: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let sentences: std::collections::HashSet<i64> = l["demands"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["source"].as_str().unwrap_or("").starts_with("PRK"))
        .filter_map(|x| x["evidence"][0]["sentence"].as_i64())
        .collect();
    assert!(sentences.len() >= 2, "one demand per request: {}", l["demands"]);
}
