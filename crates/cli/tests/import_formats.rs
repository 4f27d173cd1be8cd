//! End-to-end tests of `quidpro import` for POLECAT, ACLED and Phoenix files
//! (synthetic fixtures in `testdata/import/`, described in its README).

mod common;

use common::{by_id, err, jsonl, names, root, run, Dir};

fn fixture(name: &str) -> String {
    root().join("testdata/import").join(name).to_str().unwrap().to_string()
}

/// `(dataset_id, source, target, code)` of the events, sorted by dataset id.
fn rows(evs: &[serde_json::Value]) -> Vec<(String, String, String, String)> {
    let s = |e: &serde_json::Value, k: &str| e[k].as_str().unwrap_or_default().to_string();
    let mut v: Vec<_> =
        evs.iter().map(|e| (s(e, "dataset_id"), s(e, "source"), s(e, "target"), s(e, "code"))).collect();
    v.sort();
    v
}

fn row(id: &str, source: &str, target: &str, code: &str) -> (String, String, String, String) {
    (id.into(), source.into(), target.into(), code.into())
}

#[test]
fn polecat_columns_by_name_and_idempotent() {
    let d = Dir::new("polecat");
    let f = fixture("polecat.events.txt");
    let o = run(&d, &["import", "polecat", &f]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let e = err(&o);
    assert!(e.contains("polecat.events.txt:7: no CAMEO code for PLOVER type: \"CRIME\""), "{e}");
    assert!(e.contains("polecat.events.txt:8: bad date \"2023-13-45\""), "{e}");
    assert!(e.contains("polecat.events.txt:9: 2 columns, fewer than the header (44)"), "{e}");
    assert!(e.contains("(polecat): 8 rows read, 5 stored, 0 duplicates, 3 skipped"), "{e}");
    let evs = jsonl(&d, &["--dataset", "polecat"]);
    assert_eq!(
        rows(&evs),
        [
            // ASSAULT aerial; countries as codes, sectors as roles.
            row("syn-pc-0001", "AZEMIL", "ARMMIL", "195"),
            // CONSULT visit; a country name, and a recipient known only by its COW number.
            row("syn-pc-0002", "AZEGOV", "TURGOV", "042"),
            // ACCUSE allege; `None` skipped, first of several values; PLOVER JRN/MED are
            // CAMEO MED/HLH.
            row("syn-pc-0003", "TURMED", "RUSHLH", "112"),
            // PROTEST demo without a recipient.
            row("syn-pc-0004", "ARMCVL", "", "141"),
            // SANCTION expel; PLOVER's EUR is the European Union.
            row("syn-pc-0005", "USAGOV", "IGOEEC", "166"),
        ]
    );
    let first = by_id(&evs, "syn-pc-0001");
    assert_eq!(first["goldstein"], -10.0, "derived from the code, not the file's Event Intensity");
    assert_eq!(first["quad_class"], 4);
    assert_eq!(first["published"], "2023-01-06");
    assert_eq!(first["attribution"], "Synthetic Wire");
    assert_eq!(first["directed"], true);
    assert_eq!(first["line"], 2);
    assert_eq!(first["url"], "polecat:story:S-1");
    assert_eq!(
        names(&d, "polecat", "syn-pc-0002"),
        (Some("Synthetic Minister A".into()), Some("Synthetic Minister B".into()))
    );
    // Again: nothing new.
    let o = run(&d, &["import", "polecat", &f]);
    assert!(err(&o).contains("8 rows read, 0 stored, 5 duplicates, 3 skipped"), "{}", err(&o));
    // Zipped monthly files with the older header (`Intensity`), one with columns reordered.
    let o = run(&d, &["import", "auto", &fixture("polecat.2018.txt.zip")]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("(polecat): 3 rows read, 3 stored, 0 duplicates, 0 skipped"), "{}", err(&o));
    let evs = jsonl(&d, &["--dataset", "polecat", "--to", "2018-12-31"]);
    assert_eq!(
        rows(&evs),
        [
            row("syn-pc-1001", "RUSGOV", "UKRGOV", "138"),
            row("syn-pc-1002", "TURCOP", "TURMED", "173"),
            row("syn-pc-1003", "KSVLEG", "SRBGOV", "030"),
        ]
    );
    assert_eq!(jsonl(&d, &[]).len(), 8);
}

#[test]
fn acled_pairs_are_undirected() {
    let d = Dir::new("acled");
    let f = fixture("acled.csv");
    let o = run(&d, &["import", "acled", &f]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let e = err(&o);
    // Row 2's note spans two lines, so the later rows start a line further down.
    assert!(e.contains("acled.csv:8: bad date \"March 5th 2023\""), "{e}");
    assert!(
        e.contains("acled.csv:9: no CAMEO code for ACLED type: \"Strategic developments\" / \"Other\""),
        "{e}"
    );
    assert!(e.contains("acled.csv:10: empty event_id_cnty"), "{e}");
    assert!(e.contains("acled.csv:11: bad inter1 \"9\""), "{e}");
    assert!(e.contains("(acled): 9 rows read, 5 stored, 0 duplicates, 4 skipped"), "{e}");
    let evs = jsonl(&d, &["--dataset", "acled"]);
    assert_eq!(
        rows(&evs),
        [
            // Agreement between two state forces: each takes the country its name mentions.
            row("AZE90001", "AZEMIL", "ARMMIL", "057"),
            // State forces against a rebel group.
            row("ETH90001", "ETHMIL", "ETHREB", "190"),
            // Protesters alone.
            row("ETH90002", "ETHCVL", "", "141"),
            // External forces naming no country are IMG.
            row("SDN90001", "IMG", "SDNCVL", "181"),
            // External forces naming a country take it.
            row("UKR90001", "RUS", "UKRCVL", "195"),
        ]
    );
    assert!(evs.iter().all(|e| e["directed"] == false));
    let note = by_id(&evs, "ETH90002");
    assert_eq!(note["text"], "Teachers protested over unpaid wages, demanding payment.\nSize: around 200.");
    assert_eq!(note["date_precision"], "week");
    assert_eq!(note["line"], 3);
    assert_eq!(by_id(&evs, "UKR90001")["line"], 5);
    assert_eq!(by_id(&evs, "SDN90001")["date_precision"], "month");
    assert_eq!(by_id(&evs, "ETH90001")["attribution"], "Synthetic Monitor");
    assert_eq!(
        names(&d, "acled", "ETH90001"),
        (Some("Military Forces of Ethiopia (2018-)".into()), Some("Synthetic Liberation Front".into()))
    );
    // Undirected: the pair is found both ways without --undirected.
    assert_eq!(rows(&jsonl(&d, &["--dyad", "ETHMIL-ETHREB"])), [row("ETH90001", "ETHMIL", "ETHREB", "190")]);
    assert_eq!(rows(&jsonl(&d, &["--dyad", "ETHREB-ETHMIL"])), [row("ETH90001", "ETHMIL", "ETHREB", "190")]);
    // Again: nothing new.
    let o = run(&d, &["import", "acled", &f]);
    assert!(err(&o).contains("9 rows read, 0 stored, 5 duplicates, 4 skipped"), "{}", err(&o));
    // Codebook style: byte-order mark, CRLF, dd-mm-yyyy dates, text labels for inter1/inter2.
    let o = run(&d, &["import", "auto", &fixture("acled.labels.csv")]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("(acled): 2 rows read, 2 stored, 0 duplicates, 0 skipped"), "{}", err(&o));
    let evs = jsonl(&d, &["--dataset", "acled", "--from", "2023-06-01"]);
    assert_eq!(
        rows(&evs),
        [row("ARM90001", "AZEMIL", "ARMMIL", "194"), row("ARM90002", "ARMCVL", "ARMCVL", "145")]
    );
    assert_eq!(by_id(&evs, "ARM90001")["date"], "2023-06-05");
    for dyad in ["ARM-AZE", "AZE-ARM"] {
        let ids: Vec<String> = rows(&jsonl(&d, &["--dyad", dyad])).into_iter().map(|r| r.0).collect();
        assert_eq!(ids, ["ARM90001", "AZE90001"], "{dyad}");
    }
}

#[test]
fn phoenix_codes_from_the_file_scores_from_the_store() {
    let d = Dir::new("phoenix");
    let f = fixture("Phoenix.events.20140623.txt");
    let o = run(&d, &["import", "phoenix", &f]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let e = err(&o);
    assert!(e.contains("Phoenix.events.20140623.txt:4: not a CAMEO code: \"0110\""), "{e}");
    assert!(e.contains("Phoenix.events.20140623.txt:5: bad date \"20141340\""), "{e}");
    assert!(e.contains("Phoenix.events.20140623.txt:6: 3 columns, Phoenix events have 26"), "{e}");
    assert!(e.contains("(phoenix): 6 rows read, 3 stored, 0 duplicates, 3 skipped"), "{e}");
    let evs = jsonl(&d, &["--dataset", "phoenix"]);
    assert_eq!(
        rows(&evs),
        [
            row("101_v0.1.0", "TURGOV", "AZEGOV", "042"),
            row("102_v0.1.0", "ROUGOV", "RUS", "163"),
            row("103_v0.1.0", "", "ARMMIL", "190"),
        ]
    );
    let visit = by_id(&evs, "101_v0.1.0");
    assert_eq!(visit["goldstein"], 1.9, "GDELT table, not the file's 9.9");
    assert_eq!(visit["quad_class"], 1);
    assert_eq!(visit["url"], "http://example.invalid/a", "the first of the URLs");
    assert_eq!(visit["attribution"], "synthetic_wire");
    assert_eq!(visit["published"], "2014-06-23");
    let embargo = by_id(&evs, "102_v0.1.0");
    assert_eq!(embargo["goldstein"], -8.0, "Phoenix's -6.5 is the CAMEO 0.5b1 meaning of 163");
    assert_eq!(embargo["quad_class"], 4, "GDELT convention, not Phoenix's 3");
    let o = run(&d, &["import", "phoenix", &f]);
    assert!(err(&o).contains("6 rows read, 0 stored, 3 duplicates, 3 skipped"), "{}", err(&o));
}

#[test]
fn strict_refuses_files_with_a_bad_row() {
    let d = Dir::new("strict");
    for (kind, file, first_bad) in [
        ("polecat", "polecat.events.txt", "polecat.events.txt:7: no CAMEO code for PLOVER type"),
        ("acled", "acled.csv", "acled.csv:8: bad date"),
        ("phoenix", "Phoenix.events.20140623.txt", "Phoenix.events.20140623.txt:4: not a CAMEO code"),
    ] {
        let o = run(&d, &["import", kind, "--strict", &fixture(file)]);
        assert_eq!(o.status.code(), Some(1), "{kind}: {}", err(&o));
        assert!(err(&o).contains(first_bad), "{kind}: {}", err(&o));
        assert!(err(&o).contains("(strict: nothing imported)"), "{kind}: {}", err(&o));
    }
    assert_eq!(jsonl(&d, &[]).len(), 0);
    // Clean files import under --strict.
    let o = run(
        &d,
        &["import", "--strict", "auto", &fixture("acled.labels.csv"), &fixture("polecat.2018.txt.zip")],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(jsonl(&d, &[]).len(), 5);
}

#[test]
fn auto_detects_each_format() {
    let d = Dir::new("auto");
    for (file, kind) in [
        ("polecat.events.txt", "polecat"),
        ("polecat.2018.txt.zip", "polecat"),
        ("acled.csv", "acled"),
        ("acled.labels.csv", "acled"),
        ("Phoenix.events.20140623.txt", "phoenix"),
    ] {
        let o = run(&d, &["import", "auto", &fixture(file)]);
        assert!(err(&o).contains(&format!("{file} ({kind}): ")), "{file}: {}", err(&o));
    }
    // The formats of before still tell themselves apart from the new ones.
    let o = run(&d, &["import", "auto", &fixture("icews.events.tab"), &fixture("gdelt1.export.CSV")]);
    assert!(err(&o).contains("icews.events.tab (icews): "), "{}", err(&o));
    assert!(err(&o).contains("gdelt1.export.CSV (gdelt1): "), "{}", err(&o));
    let o = run(&d, &["import", "nonsense", &fixture("acled.csv")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("polecat, acled, phoenix"), "{}", err(&o));
}
