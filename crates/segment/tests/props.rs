//! Property tests of the segment format: any rows encoded and decoded come back as they
//! went in, sorted by dyad, day and arrival, with their keys and dyad directory; any
//! slice of any column reads back the same; damaged or arbitrary bytes are errors, never
//! panics.

use chrono::NaiveDate;
use proptest::prelude::*;
use quidpro_segment::{
    pack_dyad, read_rows, Builder, Col, Encoded, Header, Row, ALL, COLUMNS, GROUP, VERSION,
};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(32)
}

/// Short strings from a few values (so that columns hold one value, repeat, or differ),
/// any text now and then, and long ones (so that columns compress).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["", "TUR", "AZEGOV", "ARM", "Azərbaycan", "https://example.org/a"])
            .prop_map(str::to_string),
        // Any character but NUL, which ends a country in the dyad directory.
        2 => prop::collection::vec(any::<char>().prop_filter("NUL", |c| *c != '\0'), 0..12)
            .prop_map(|c| c.into_iter().collect()),
        1 => "[a-z]{0,8}".prop_map(|s| s.repeat(40)),
    ]
}

/// An integer that may be null: `i64::MIN` is the null of the format, so it is none.
fn int() -> impl Strategy<Value = Option<i64>> {
    prop::option::of(prop_oneof![0i64..1000, any::<i64>().prop_filter("null", |v| *v != i64::MIN)])
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1i32..800_000).prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).expect("a day"))
}

fn row() -> impl Strategy<Value = Row> {
    let a = (text(), date(), text(), prop::option::of(date()), text(), text(), text(), any::<bool>());
    let b = (text(), text(), prop::option::of(text()), prop::option::of(text()), int(), int(), int());
    let c = (
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(text()),
    );
    let d = (int(), prop::option::of(text()), prop::option::of(text()), any::<i64>(), text(), text());
    let e = (int(), prop::option::of(text()));
    (a, b, c, d, e).prop_map(|(a, b, c, d, e)| Row {
        dataset_id: a.0,
        event_date: a.1,
        date_precision: a.2,
        published: a.3,
        source: a.4,
        target: a.5,
        code: a.6,
        directed: a.7,
        modality: b.0,
        attribution: b.1,
        source_name: b.2,
        target_name: b.3,
        sentence: b.4,
        span_start: b.5,
        span_end: b.6,
        rule: c.0,
        entries: c.1,
        text: c.2,
        file: c.3,
        line: d.0,
        url: d.1,
        doc_key: d.2,
        cluster: d.3,
        source_country: d.4,
        target_country: d.5,
        run: e.0,
        retrieved: e.1,
    })
}

fn encode(rows: &[Row]) -> Encoded {
    let mut b = Builder::new();
    for (i, r) in rows.iter().enumerate() {
        b.push(&r.as_ref(), i as u128 * 7919);
    }
    let enc = b.encode();
    assert!(b.is_empty(), "the builder is left empty");
    enc
}

/// The rows in the order a segment keeps them.
fn sorted(rows: &[Row]) -> Vec<Row> {
    let mut order: Vec<(u64, NaiveDate, usize)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (pack_dyad(&r.source_country, &r.target_country), r.event_date, i))
        .collect();
    order.sort();
    order.into_iter().map(|o| rows[o.2].clone()).collect()
}

fn decode(enc: &Encoded) -> Vec<Row> {
    enc.groups.iter().flat_map(|g| read_rows(&mut std::io::Cursor::new(&g[..])).expect("decodes")).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// Encode, then decode: every row with every field, in the segment's order, and the
    /// sorted keys, dates and dyad directory that go with them.
    #[test]
    fn rows_round_trip(rows in prop::collection::vec(row(), 1..60)) {
        let enc = encode(&rows);
        let want = sorted(&rows);
        prop_assert_eq!(enc.rows, rows.len());
        prop_assert_eq!(decode(&enc), want.clone());
        let mut keys: Vec<u128> = (0..rows.len()).map(|i| i as u128 * 7919).collect();
        keys.sort_unstable();
        prop_assert_eq!(enc.keys.clone(), keys.iter().flat_map(|k| k.to_le_bytes()).collect::<Vec<u8>>());
        let mut clusters: Vec<i64> = rows.iter().map(|r| r.cluster).collect();
        clusters.sort_unstable();
        prop_assert_eq!(enc.clusters.clone(), clusters.iter().flat_map(|k| k.to_le_bytes()).collect::<Vec<u8>>());
        prop_assert_eq!(enc.min_date, rows.iter().map(|r| r.event_date).min().unwrap());
        prop_assert_eq!(enc.max_date, rows.iter().map(|r| r.event_date).max().unwrap());
        // The dyad runs tile the rows, each one dyad with its dates.
        let mut at = 0;
        for d in &enc.dyads {
            prop_assert_eq!(d.first_row as usize, at);
            let run = &want[at..at + d.rows as usize];
            prop_assert!(run.iter().all(|r| pack_dyad(&r.source_country, &r.target_country) == pack_dyad(&d.source_country, &d.target_country)));
            prop_assert_eq!(d.min_date, run.iter().map(|r| r.event_date).min().unwrap());
            prop_assert_eq!(d.max_date, run.iter().map(|r| r.event_date).max().unwrap());
            at += d.rows as usize;
        }
        prop_assert_eq!(at, rows.len());
        // Decoded rows encode to the same bytes (what a merge relies on).
        let again = encode(&want);
        prop_assert_eq!(again.groups, enc.groups);
    }

    /// Any slice of any column reads back as the whole column's rows.
    #[test]
    fn any_slice_of_any_column(rows in prop::collection::vec(row(), 1..50), cuts in prop::collection::vec((0usize..50, 0usize..50), 1..5)) {
        let enc = encode(&rows);
        let mut r = std::io::Cursor::new(&enc.groups[0][..]);
        let h = Header::parse(&mut r).expect("header");
        let n = h.rows;
        for c in ALL {
            let whole = h.column(&mut r, c, 0, n).expect("column");
            for &(x, y) in &cuts {
                let (a, b) = (x.min(y).min(n), x.max(y).min(n));
                let part = h.column(&mut r, c, a, b).expect("slice");
                for i in a..b {
                    prop_assert_eq!(part.str(i - a), whole.str(i), "{:?} row {}", c, i);
                    prop_assert_eq!(part.int(i - a), whole.int(i), "{:?} row {}", c, i);
                }
            }
        }
    }

    /// Damaged groups (cut, or a byte changed) and arbitrary bytes are errors, not panics.
    #[test]
    fn damage_is_an_error_not_a_panic(rows in prop::collection::vec(row(), 1..30), at in any::<prop::sample::Index>(), byte in any::<u8>(), junk in prop::collection::vec(any::<u8>(), 0..200)) {
        let enc = encode(&rows);
        let g = &enc.groups[0];
        let i = at.index(g.len());
        let _ = read_rows(&mut std::io::Cursor::new(&g[..i]));
        let mut changed = g.clone();
        changed[i] = byte;
        let _ = read_rows(&mut std::io::Cursor::new(&changed[..]));
        let _ = read_rows(&mut std::io::Cursor::new(&junk[..]));
        let mut head = b"QPSEG\x01\0\0".to_vec();
        head.extend_from_slice(&junk);
        let _ = read_rows(&mut std::io::Cursor::new(&head[..]));
    }
}

/// More rows than a row group: the groups follow each other in the segment's order.
#[test]
fn many_groups_round_trip() {
    let rows: Vec<Row> = (0..GROUP + 1500)
        .map(|i| Row {
            dataset_id: format!("{}", 1_000_000 + i),
            event_date: NaiveDate::from_num_days_from_ce_opt(738_000 + (i % 900) as i32).unwrap(),
            date_precision: "day".into(),
            published: None,
            source: ["TURGOV", "AZE", "ARM"][i % 3].into(),
            target: ["AZEGOV", "TUR", "RUS", "IRN"][i % 4].into(),
            code: ["042", "190", "0231"][i % 3].into(),
            directed: i % 7 != 0,
            modality: "asserted".into(),
            attribution: String::new(),
            source_name: (i % 3 == 0).then(|| "TURKEY".into()),
            target_name: None,
            sentence: None,
            span_start: None,
            span_end: None,
            rule: None,
            entries: None,
            text: None,
            file: Some("f.csv".into()),
            line: Some(i as i64 + 1),
            url: Some(format!("https://example.org/{i}")),
            doc_key: None,
            cluster: (i as i64).wrapping_mul(0x9E37_79B9_7F4A_7C15u64 as i64),
            source_country: ["TUR", "AZE", "ARM"][i % 3].into(),
            target_country: ["AZE", "TUR", "RUS", "IRN"][i % 4].into(),
            run: Some(1 + (i / 1000) as i64),
            retrieved: Some(format!("2026-12-0{}T00:00:00Z", 1 + i / 5000)),
        })
        .collect();
    let enc = encode(&rows);
    assert_eq!(enc.groups.len(), 2);
    assert_eq!(decode(&enc), sorted(&rows));
}

/// A group written before the countries (23 columns) or before the rows' own run and
/// time (25) reads with the countries from the codes and the segment's run and time.
#[test]
fn older_groups_read_with_their_defaults() {
    let mut r = Row {
        dataset_id: "1".into(),
        event_date: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
        date_precision: "day".into(),
        published: None,
        source: "TURGOV".into(),
        target: "AZE".into(),
        code: "042".into(),
        directed: true,
        modality: "asserted".into(),
        attribution: String::new(),
        source_name: None,
        target_name: None,
        sentence: None,
        span_start: None,
        span_end: None,
        rule: None,
        entries: None,
        text: None,
        file: None,
        line: None,
        url: None,
        doc_key: None,
        cluster: 5,
        source_country: "XKX".into(),
        target_country: "AZE".into(),
        run: Some(3),
        retrieved: Some("2026-12-01T00:00:00Z".into()),
    };
    let enc = encode(std::slice::from_ref(&r));
    let mut g = enc.groups[0].clone();
    assert_eq!(g[5], VERSION);
    assert_eq!(u32::from_le_bytes(g[12..16].try_into().unwrap()) as usize, COLUMNS);
    for (columns, country, run) in [(25u32, "XKX", None), (23, "TUR", None)] {
        g[12..16].copy_from_slice(&columns.to_le_bytes());
        let back = read_rows(&mut std::io::Cursor::new(&g[..])).unwrap();
        r.source_country = country.into();
        r.run = run;
        r.retrieved = None;
        assert_eq!(back, vec![r.clone()], "{columns} columns");
    }
    g[12..16].copy_from_slice(&22u32.to_le_bytes());
    assert!(read_rows(&mut std::io::Cursor::new(&g[..])).is_err());
    // A newer version is refused, saying so.
    let mut newer = enc.groups[0].clone();
    newer[5] = VERSION + 1;
    let e = read_rows(&mut std::io::Cursor::new(&newer[..])).unwrap_err().to_string();
    assert!(e.contains("a newer quidpro wrote it"), "{e}");
    assert!(Header::parse(&mut std::io::Cursor::new(&b"QPSEH\x01\0\0"[..])).is_err());
    let _ = Col::Retrieved;
}
