//! End-to-end tests of the relations commands on a small store with known events.

mod common;

use std::process::Output;

use common::{root, run, Dir};

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
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

/// Turkey helps Azerbaijan (favours), asks for a return (demands), Azerbaijan repays once,
/// refuses once; some background events of other dyads.
fn store(d: &Dir) {
    let rows = [
        row(1, "2020-09-28", "TURGOV", "AZEGOV", "0331"), // intent, not a favour
        row(2, "2020-10-01", "TURMIL", "AZEMIL", "072"),  // favour 8.3
        row(3, "2020-10-01", "TURMIL", "AZEMIL", "072"),  // same day, dyad, code: one cluster
        row(4, "2020-11-15", "TURGOV", "AZEGOV", "073"),  // favour 7.4
        row(5, "2021-03-01", "TURGOV", "AZEGOV", "1011"), // demand
        row(6, "2021-06-15", "AZEGOV", "TURGOV", "057"),  // repayment 8.0
        row(7, "2022-01-10", "TURGOV", "AZEGOV", "0234"), // demand (appeal)
        row(8, "2022-02-10", "AZEGOV", "TURGOV", "1242"), // refusal
        row(9, "2023-05-01", "TURGOV", "AZEGOV", "1041"), // demand, open
        row(10, "2021-06-15", "RUS", "UKR", "190"),
    ];
    let f = d.0.join("events.export.CSV");
    std::fs::write(&f, rows.join("\n") + "\n").unwrap();
    ok(&run(d, &["import", "gdelt2", f.to_str().unwrap()]));
}

#[test]
fn dyad_series_counts_clusters_once() {
    let d = Dir::new("dyad");
    store(&d);
    let out = ok(&run(&d, &["dyad", "TUR", "AZE", "--by", "year", "--format", "csv"]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "period,events,goldstein_sum,goldstein_mean,quad1,quad2,quad3,quad4,cooperation,conflict,share"
    );
    assert!(lines[1].starts_with("2020,3,"), "{out}");
    let v: serde_json::Value =
        serde_json::from_str(&ok(&run(&d, &["dyad", "TUR", "AZE", "--by", "month", "--format", "json"])))
            .unwrap();
    let oct = v["periods"].as_array().unwrap().iter().find(|p| p["period"] == "2020-10").unwrap();
    assert_eq!(oct["events"], 1);
    assert_eq!(oct["goldstein_sum"], 8.3);
    assert_eq!(v["periods"].as_array().unwrap().len(), 33, "2020-09 .. 2023-05, gaps filled");
}

#[test]
fn ledger_names_favours_demands_repayments_refusals() {
    let d = Dir::new("ledger");
    store(&d);
    let v: serde_json::Value =
        serde_json::from_str(&ok(&run(&d, &["ledger", "TUR", "AZE", "--format", "json"]))).unwrap();
    let codes = |k: &str| {
        v[k].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    assert_eq!(codes("favours"), ["072", "073"]);
    assert_eq!(codes("demands"), ["1011", "0234", "1041"]);
    assert_eq!(codes("refusals"), ["1242"]);
    assert_eq!(v["debts"].as_array().unwrap().len(), 2);
    assert!(v["balance"].as_f64().unwrap() > 0.0, "Azerbaijan owes Turkey");
    assert!(v["summary"].as_str().unwrap().starts_with("AZE owes TUR "), "{}", v["summary"]);
    let statuses: Vec<&str> =
        v["demands"].as_array().unwrap().iter().map(|e| e["status"].as_str().unwrap()).collect();
    // No content in dataset rows: no material cooperation answered the first within 90
    // days (the agreement is verbal) and the record ran on past its window (evaded), the
    // appeal was refused, the last one is pending.
    assert_eq!(statuses, ["evaded", "refused", "outstanding"]);
    assert_eq!(v["favours"][0]["evidence"].as_array().unwrap().len(), 2, "both reports of the act");
    assert_eq!(v["favours"][0]["evidence"][0]["url"], "https://example.org/2");
    // One balance per pair: the other way round it is the same, negated.
    let w: serde_json::Value =
        serde_json::from_str(&ok(&run(&d, &["ledger", "AZE", "TUR", "--format", "json"]))).unwrap();
    assert!((w["balance"].as_f64().unwrap() + v["balance"].as_f64().unwrap()).abs() < 1e-9);
    // Every format works; CSV is quoted and rounded.
    let csv = ok(&run(&d, &["ledger", "TUR", "AZE", "--format", "csv"]));
    assert!(csv.starts_with("id,kind,date,source,target,code,name,goldstein,weight"), "{csv}");
    // Arms weigh twice their Goldstein value (`[classes] military_factor`).
    assert!(csv.contains(",072,Provide military aid,8.3,16.60,"), "{csv}");
    let md = ok(&run(&d, &["ledger", "TUR", "AZE", "--format", "md"]));
    assert!(md.contains("**Azerbaijan owes Turkey") || md.contains("**AZE owes TUR"), "{md}");
    let t = ok(&run(&d, &["ledger", "TUR", "AZE", "--to", "2020-12-31"]));
    assert!(t.contains("none called in"), "{t}");
    for cmd in [
        &["reciprocity", "TUR", "AZE"][..],
        &["alerts", "--since", "2020-01-01"],
        &["obligations", "AZE"],
        &["dyad", "TUR", "AZE"],
    ] {
        for f in ["table", "json", "csv", "md"] {
            let mut args = cmd.to_vec();
            args.extend(["--format", f]);
            ok(&run(&d, &args));
        }
    }
    let cfg = d.0.join("ledger.toml");
    std::fs::write(&cfg, "[balance]\nhalf_life_days = 10\n").unwrap();
    let short: serde_json::Value = serde_json::from_str(&ok(&run(
        &d,
        &["ledger", "TUR", "AZE", "--format", "json", "--config", cfg.to_str().unwrap()],
    )))
    .unwrap();
    assert!(short["balance"].as_f64().unwrap() < v["balance"].as_f64().unwrap());
    std::fs::write(&cfg, "[balance]\nhalflife = 10\n").unwrap();
    assert_eq!(run(&d, &["ledger", "TUR", "AZE", "--config", cfg.to_str().unwrap()]).status.code(), Some(1));
}

#[test]
fn reciprocity_warns_on_short_series_and_obligations_list_instruments() {
    let d = Dir::new("recip");
    store(&d);
    let v: serde_json::Value = serde_json::from_str(&ok(&run(&d, &["reciprocity", "TUR", "AZE"]))).unwrap();
    assert_eq!(v["outcome"]["status"], "insufficient");
    assert!(v["outcome"]["warnings"][0].as_str().unwrap().starts_with("too short"));
    let out = ok(&run(&d, &["obligations", "AZE", "--with", "TUR"]));
    assert!(out.contains("Shusha"), "{out}");
    // Loaded into the store, a register edited there is what the analyses read.
    let reg = d.0.join("reg.txt");
    std::fs::write(&reg, "instrument t Test pact\n  parties: AZE; TUR\n  signed: 2020-01-01\n  obligations: defense\n  source: test\n").unwrap();
    let o = run(&d, &["obligations", "AZE", "--load", "--register", reg.to_str().unwrap()]);
    assert!(ok(&o).contains("Test pact"));
    let out = ok(&run(&d, &["obligations", "AZE", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "the stored register");
    let md = ok(&run(&d, &["report", "dyad", "TUR", "AZE"]));
    assert!(md.contains("Test pact"), "the report reads the stored register");
    let o = run(&d, &["obligations", "AZE", "--register", root().join("nonexistent.txt").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn report_renders_all_three_formats() {
    let d = Dir::new("report");
    store(&d);
    let md = ok(&run(&d, &["report", "dyad", "TUR", "AZE"]));
    assert!(md.contains(": relations") && md.contains("## Debts and their evidence"), "{md}");
    assert!(!md.contains("signed ?"), "no placeholders");
    assert!(md.contains("expected by chance"), "{md}");
    let html = ok(&run(&d, &["report", "dyad", "TUR", "AZE", "--format", "html"]));
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg") && !html.contains("<script"));
    assert!(!html.contains("events.export.CSV"), "no local file paths");
    let v: serde_json::Value =
        serde_json::from_str(&ok(&run(&d, &["report", "dyad", "TUR", "AZE", "--format", "json"]))).unwrap();
    assert_eq!(v["ledger"]["favours"].as_array().unwrap().len(), 2);
    assert!(v["summary"].as_str().unwrap().contains(" owes "), "{}", v["summary"]);
}

#[test]
fn usage_errors() {
    let d = Dir::new("usage");
    store(&d);
    assert_eq!(run(&d, &["dyad", "TUR", "AZE", "--by", "fortnight"]).status.code(), Some(2));
    assert_eq!(run(&d, &["dyad", "T", "AZE"]).status.code(), Some(2));
    assert_eq!(run(&d, &["alerts", "--since", "yesterday"]).status.code(), Some(2));
    assert_eq!(run(&d, &["ledger", "TUR", "AZE", "--half-life", "0"]).status.code(), Some(2));
    assert_eq!(run(&d, &["ledger", "TUR", "AZE", "--from", "2020"]).status.code(), Some(2));
}

/// Only asserted and reported events count unless `--modality` says otherwise.
#[test]
fn relations_count_asserted_and_reported_events_by_default() {
    let d = Dir::new("modality");
    let stories = d.write(
        "s.jsonl",
        "{\"id\":\"f\",\"date\":\"2024-01-10\",\"text\":\"Armenia sent humanitarian aid to Turkey.\"}\n\
         {\"id\":\"m\",\"date\":\"2024-03-06\",\"text\":\"Turkey could attack Armenia. Turkey condemned Armenia. \
         Turkey plans to send troops to Armenia.\"}\n",
    );
    ok(&run(&d, &["ingest", stories.to_str().unwrap()]));
    let events = |args: &[&str]| -> u64 {
        let mut a = vec!["dyad", "TUR", "ARM", "--format", "json"];
        a.extend_from_slice(args);
        let v: serde_json::Value = serde_json::from_str(&ok(&run(&d, &a))).unwrap();
        v["periods"].as_array().unwrap().iter().map(|p| p["events"].as_u64().unwrap()).sum()
    };
    assert_eq!(events(&[]), 1, "the condemnation");
    assert_eq!(events(&["--modality", "asserted,reported,hypothetical"]), 2);
    assert_eq!(events(&["--modality", "asserted,reported,hypothetical,planned"]), 3);
    assert_eq!(events(&["--modality", "planned"]), 1);
    // From the events (a week series) the same.
    assert_eq!(events(&["--by", "week", "--modality", "hypothetical,planned"]), 2);
    assert_eq!(events(&["--by", "week"]), 1);
    let o = run(&d, &["dyad", "TUR", "ARM", "--modality", "perhaps"]);
    assert_eq!(o.status.code(), Some(2));
    // The ledger: the hypothetical attack is an expectation, and a defection only when
    // hypothetical events count (the condemnation is words, no defection).
    let ledger = |args: &[&str]| -> (usize, usize) {
        let mut a = vec!["ledger", "ARM", "TUR", "--format", "json"];
        a.extend_from_slice(args);
        let v: serde_json::Value = serde_json::from_str(&ok(&run(&d, &a))).unwrap();
        (v["defections"].as_array().unwrap().len(), v["expectations"].as_array().unwrap().len())
    };
    assert_eq!(ledger(&[]), (0, 2), "the attack and the planned troops are expectations");
    assert_eq!(ledger(&["--modality", "asserted,reported,hypothetical"]), (1, 1));
    // Alerts take the flags.
    ok(&run(&d, &["alerts", "--since", "2024-01-01", "--modality", "asserted,hypothetical", "--domestic"]));
}
