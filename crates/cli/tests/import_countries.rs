//! The countries of imported events are the datasets' own, end to end: real GDELT 2.0
//! rows whose actor codes do not start with their country (`GOV`, `idg` with none,
//! `MNCUSAMED` of the USA, `BLRBUS` of Belarus), written in batches and in bulk, and how
//! the relations and `events` commands find them.

mod common;

use common::{err, out, root, run, Dir};

const FIXTURE: &str = "testdata/import/gdelt2.real-countries.CSV";

/// `(dataset_id, source, target, source_country, target_country)` of every event.
fn sides(d: &Dir) -> Vec<(String, String, String, String, String)> {
    let store = quidpro_store::Store::open(&d.db()).unwrap();
    let mut st = store
        .connection()
        .prepare(
            "SELECT dataset_id, source, target, source_country, target_country FROM all_events ORDER BY dataset_id",
        )
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn dyad_months(d: &Dir) -> Vec<(String, String, String, i64)> {
    let store = quidpro_store::Store::open(&d.db()).unwrap();
    let mut st = store
        .connection()
        .prepare(
            "SELECT source_country, target_country, month, clusters FROM all_dyad_months \
             WHERE clusters > 0 ORDER BY 1, 2, 3",
        )
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn import(d: &Dir, bulk: &str) {
    let f = root().join(FIXTURE);
    let o = run(d, &["import", "gdelt2", "--bulk", bulk, f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
}

/// Data rows of a CSV output.
fn rows(o: &std::process::Output) -> Vec<String> {
    assert!(o.status.success(), "{}", err(o));
    out(o).lines().skip(1).map(str::to_string).collect()
}

#[test]
fn gdelt_countries_are_gdelts_own_and_codes_are_upper_case() {
    let expected = [
        ("410412366", "GOV", "", "", ""),
        ("410414609", "HNI", "PAK", "", "PAK"),
        ("410414611", "IDG", "MIL", "", ""),
        ("913095764", "MNCUSAMED", "MNCUSA", "USA", "USA"),
        ("913095777", "GOV", "USA", "", "USA"),
        ("913097137", "ZWE", "BLRBUS", "ZWE", "BLR"),
        ("913097144", "ZWEMIL", "GBR", "ZWE", "GBR"),
        ("913097147", "SCO", "GBR", "", "GBR"),
        ("913097148", "SCOGOV", "", "", ""),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(a, b, c, d, e)| (a.to_string(), b.to_string(), c.to_string(), d.to_string(), e.to_string()))
        .collect();
    let mut months = Vec::new();
    for bulk in ["never", "always"] {
        let d = Dir::new(&format!("countries-{bulk}"));
        import(&d, bulk);
        assert_eq!(sides(&d), expected, "--bulk {bulk}");
        months.push(dyad_months(&d));
        // No made-up country: the monthly aggregates hold GDELT's.
        let m = months.last().unwrap();
        assert!(
            m.iter().all(|(s, t, _, _)| ["", "PAK", "USA", "ZWE", "BLR", "GBR"].contains(&s.as_str())
                && ["", "PAK", "USA", "ZWE", "BLR", "GBR"].contains(&t.as_str())),
            "{m:?}"
        );
        assert!(m.contains(&("USA".into(), "USA".into(), "2019-03".into(), 1)), "{m:?}");
        assert!(m.contains(&("ZWE".into(), "BLR".into(), "2020-03".into(), 1)), "{m:?}");
    }
    assert_eq!(months[0], months[1], "batches and bulk sum the same");
    // The clusters (what alerts --domestic counts) carry the same countries.
    let d = Dir::new("countries-clusters");
    import(&d, "never");
    let store = quidpro_store::Store::open(&d.db()).unwrap();
    let count = |sql: &str| -> i64 { store.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT count(*) FROM all_clusters WHERE source_country IN ('GOV', 'IDG', 'MNC', 'SCO')"),
        0
    );
    assert_eq!(
        count("SELECT count(*) FROM all_clusters WHERE source_country = 'USA' AND target_country = 'USA'"),
        1
    );
}

#[test]
fn relations_and_events_match_the_datasets_countries() {
    let d = Dir::new("countries-relations");
    import(&d, "never");
    // Belarus's business is Belarus's; a bare GOV is nobody's.
    assert_eq!(rows(&run(&d, &["dyad", "ZWE", "BLR", "--format", "csv"])).len(), 1);
    assert_eq!(rows(&run(&d, &["dyad", "GOV", "USA", "--format", "csv"])), Vec::<String>::new());
    // A US multinational toward another is a USA-USA event, counted from the events.
    let usa = rows(&run(&d, &["dyad", "USA", "USA", "--domestic", "--format", "csv"]));
    assert_eq!(usa.len(), 1, "{usa:?}");
    assert!(usa[0].starts_with("2019-03,1,"), "{usa:?}");
    // `events --actor USA` finds both events with a US side; `--country GOV` none.
    let ids = |o: &std::process::Output| -> Vec<String> {
        rows(o).iter().map(|l| l.split(',').nth(2).unwrap_or("").to_string()).collect()
    };
    assert_eq!(ids(&run(&d, &["events", "--actor", "USA", "--format", "csv"])), ["913095764", "913095777"]);
    assert_eq!(ids(&run(&d, &["events", "--actor", "usa", "--format", "csv"])), ["913095764", "913095777"]);
    assert_eq!(ids(&run(&d, &["events", "--country", "GOV", "--format", "csv"])), Vec::<String>::new());
    assert_eq!(ids(&run(&d, &["events", "--dyad", "ZWE-BLR", "--format", "csv"])), ["913097137"]);
    // Lower-case codes were normalised: `IDG` is found.
    assert_eq!(ids(&run(&d, &["events", "--actor", "IDG", "--format", "csv"])), ["410414611"]);
    // The datasets' actors carry their country too.
    let o = run(&d, &["actors", "--origin", "gdelt2", "--format", "csv", "QUALCOMM"]);
    assert!(out(&o).lines().any(|l| l.starts_with("MNCUSAMED,QUALCOMM,gdelt2,dataset,USA")), "{}", out(&o));
}

#[test]
fn icews_organisations_without_a_country_have_none() {
    let d = Dir::new("countries-icews");
    let f = root().join("testdata/import/icews.dataframe.tab");
    let o = run(&d, &["import", "icews", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let s = sides(&d);
    assert!(s.iter().any(|e| e.1 == "IGOUNO"), "{s:?}");
    for (id, source, target, sc, tc) in &s {
        for (code, country) in [(source, sc), (target, tc)] {
            let want = if code.starts_with("IGO") { "" } else { &code[..3.min(code.len())] };
            assert_eq!(country, want, "{id}: {code}");
        }
    }
}
