//! Unit tests of the format.

use super::*;

/// A row as an import of a dataset gives it: asserted, directed, on a day.
fn ev(id: &str, date: &str, s: &str, t: &str, code: &str) -> Row {
    Row {
        dataset_id: id.into(),
        event_date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        date_precision: "day".into(),
        published: None,
        source: s.into(),
        target: t.into(),
        code: code.into(),
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
        cluster: 0,
        source_country: country(s).into(),
        target_country: country(t).into(),
        run: None,
        retrieved: None,
    }
}

fn cursor(b: &[u8]) -> std::io::Cursor<&[u8]> {
    std::io::Cursor::new(b)
}

#[test]
fn rows_come_back_sorted_by_dyad_with_every_field() {
    let mut b = Builder::new();
    let mut a = ev("1", "2024-03-02", "TURGOV", "AZE", "042");
    a.source_name = Some("TURKEY".into());
    a.url = Some("https://example.org/a".into());
    a.file = Some("f.csv".into());
    a.line = Some(7);
    let mut z = ev("2", "2024-03-01", "AZE", "TUR", "190");
    z.published = NaiveDate::from_ymd_opt(2024, 3, 4);
    z.directed = false;
    let c = ev("3", "2024-03-01", "TUR", "AZE", "0231");
    for (i, e) in [&a, &z, &c].into_iter().enumerate() {
        let mut e = e.clone();
        e.cluster = i as i64 * 10;
        b.push(&e.as_ref(), event_key("gdelt2", &e.dataset_id));
    }
    let enc = b.encode();
    assert_eq!(enc.rows, 3);
    assert_eq!(b.len(), 0);
    let mut r = cursor(&enc.groups[0]);
    let h = Header::parse(&mut r).unwrap();
    let ids = h.column(&mut r, Col::DatasetId, 0, 3).unwrap();
    assert_eq!((0..3).map(|i| ids.str(i).unwrap()).collect::<Vec<_>>(), ["2", "3", "1"]);
    let names = h.column(&mut r, Col::SourceName, 0, 3).unwrap();
    assert_eq!([names.str(0), names.str(1), names.str(2)], [None, None, Some("TURKEY")]);
    let dates = h.column(&mut r, Col::EventDate, 1, 3).unwrap();
    assert_eq!(day(dates.int(1).unwrap()), NaiveDate::from_ymd_opt(2024, 3, 2));
    let published = h.column(&mut r, Col::Published, 0, 3).unwrap();
    assert_eq!(published.int(0).and_then(day), NaiveDate::from_ymd_opt(2024, 3, 4));
    assert_eq!(published.int(1), None);
    let directed = h.column(&mut r, Col::Directed, 0, 3).unwrap();
    assert_eq!([directed.int(0), directed.int(1)], [Some(0), Some(1)]);
    // All null, and one value for all rows.
    assert!(matches!(h.column(&mut r, Col::Sentence, 0, 3).unwrap(), Column::Null));
    assert_eq!(h.column(&mut r, Col::Modality, 0, 3).unwrap().str(2), Some("asserted"));
    let lines = h.column(&mut r, Col::Line, 2, 3).unwrap();
    assert_eq!(lines.int(0), Some(7));
    let urls = h.column(&mut r, Col::Url, 1, 3).unwrap();
    assert_eq!([urls.str(0), urls.str(1)], [None, Some("https://example.org/a")]);
    let clusters = h.column(&mut r, Col::Cluster, 0, 3).unwrap();
    assert_eq!([clusters.int(0), clusters.int(1), clusters.int(2)], [Some(10), Some(20), Some(0)]);
    assert_eq!(
        enc.dyads
            .iter()
            .map(|d| (d.source_country.as_str(), d.target_country.as_str(), d.first_row, d.rows))
            .collect::<Vec<_>>(),
        [("AZE", "TUR", 0, 1), ("TUR", "AZE", 1, 2)]
    );
    assert_eq!(enc.keys.len(), 48);
    assert_eq!(enc.clusters.len(), 24);
}

/// Columns large enough are compressed; any slice of rows reads back as written.
#[test]
fn compressed_columns_read_back_in_any_slice() {
    let mut b = Builder::new();
    let mut events = Vec::new();
    for i in 0..3000u32 {
        let day = format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        let mut e = ev(&(900_000 + i * 7).to_string(), &day, "TURGOV", "AZEGOV", "042");
        e.url = (i % 5 != 0).then(|| format!("https://news.example.org/{}/story-{i}", 2000 + i % 24));
        e.file = Some("f.csv".into());
        e.line = Some(i64::from(i) * 3 + 1);
        e.cluster = i64::from(i) * 1_000_003;
        b.push(&e.as_ref(), u128::from(i));
        events.push(e);
    }
    let enc = b.encode();
    let mut r = cursor(&enc.groups[0]);
    let h = Header::parse(&mut r).unwrap();
    let types: Vec<ColType> = h.cols.iter().map(|c| c.0).collect();
    for c in [Col::DatasetId, Col::EventDate, Col::Url, Col::Line] {
        assert_eq!(types[c as usize], ColType::Lz4, "{c:?}");
    }
    // One dyad: rows sorted by date, then arrival.
    let mut sorted: Vec<&Row> = events.iter().collect();
    sorted.sort_by_key(|e| e.event_date);
    for (a, z) in
        [(0, 3000), (0, 1), (1234, 1240), (1000, 2100), (1023, 1025), (2999, 3000), (700, 700), (3000, 3000)]
    {
        let ids = h.column(&mut r, Col::DatasetId, a, z).unwrap();
        let urls = h.column(&mut r, Col::Url, a, z).unwrap();
        let lines = h.column(&mut r, Col::Line, a, z).unwrap();
        let dates = h.column(&mut r, Col::EventDate, a, z).unwrap();
        for (k, e) in sorted[a..z].iter().enumerate() {
            assert_eq!(ids.str(k), Some(e.dataset_id.as_str()));
            assert_eq!(urls.str(k), e.url.as_deref());
            assert_eq!(lines.int(k), e.line);
            assert_eq!(dates.int(k).and_then(day), Some(e.event_date));
        }
    }
    // A damaged compressed column is an error, not a panic.
    let (_, off, len) = h.cols[Col::Url as usize];
    let mut bad = enc.groups[0].clone();
    for b in &mut bad[off as usize + 5..(off + len) as usize] {
        *b = 0xff;
    }
    let mut r = cursor(&bad);
    assert!(h.column(&mut r, Col::Url, 0, 10).is_err());
}

#[test]
fn short_and_empty_actors_sort_and_read() {
    let mut b = Builder::new();
    let e1 = ev("1", "2024-01-01", "", "AZE", "042");
    let e2 = ev("2", "2024-01-01", "US", "", "042");
    b.push(&Row { cluster: 1, ..e1 }.as_ref(), 1);
    b.push(&Row { cluster: 2, ..e2 }.as_ref(), 2);
    let enc = b.encode();
    assert_eq!(enc.dyads[0].source_country, "");
    assert_eq!(enc.dyads[0].target_country, "");
    let mut r = cursor(&enc.groups[0]);
    let h = Header::parse(&mut r).unwrap();
    let s = h.column(&mut r, Col::Source, 0, 2).unwrap();
    assert_eq!([s.str(0), s.str(1)], [Some("US"), Some("")]);
}

#[test]
fn damaged_segments_are_errors_not_panics() {
    let mut b = Builder::new();
    b.push(&Row { cluster: 1, ..ev("1", "2024-01-01", "TUR", "AZE", "042") }.as_ref(), 1);
    let enc = b.encode();
    for cut in [0, 10, 20, enc.groups[0].len() / 2, enc.groups[0].len() - 1] {
        let mut r = cursor(&enc.groups[0][..cut]);
        if let Ok(h) = Header::parse(&mut r) {
            for c in [Col::DatasetId, Col::Url, Col::Cluster] {
                let _ = h.column(&mut r, c, 0, 1);
            }
        }
    }
    let mut r = cursor(&enc.groups[0]);
    let h = Header::parse(&mut r).unwrap();
    assert!(h.column(&mut r, Col::DatasetId, 0, 2).is_err());
}

#[test]
fn keys_are_stable() {
    assert_eq!(event_key("gdelt2", "1"), event_key("gdelt2", "1"));
    assert_ne!(event_key("gdelt2", "1"), event_key("gdelt1", "1"));
    let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    assert_ne!(cluster_key(d, "TUR", "AZE", "042"), cluster_key(d, "TURA", "ZE", "042"));
    let long = "X".repeat(200);
    assert_eq!(cluster_key(d, &long, "AZE", "042"), cluster_key(d, &long, "AZE", "042"));
}
