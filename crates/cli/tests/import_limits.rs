//! `quidpro import` at its limits, end to end: lines and fields longer than the limits
//! are bad rows named by file and line, with the flag that sets the limit, and exit 1
//! unless `--max-skipped` allows them; a file of the wrong kind is refused once with a
//! hint; many bad rows are shown up to 20 and then counted; a SQLite error is said once.

mod common;

use common::{err, run, Dir};

/// A GDELT 2.0 event row with the given id and URL.
fn gdelt2(id: u64, url: &str) -> String {
    let mut f = vec![String::new(); 61];
    f[0] = id.to_string();
    f[1] = "20240301".into();
    f[5] = "TURGOV".into();
    f[7] = "TUR".into();
    f[15] = "AZEGOV".into();
    f[17] = "AZE".into();
    f[26] = "042".into();
    f[59] = "20240301000000".into();
    f[60] = url.into();
    f.join("\t")
}

#[test]
fn a_long_field_or_line_is_reported_with_its_line_and_flag_and_fails_the_import() {
    let d = Dir::new("lim-field");
    let long = format!("https://a.example/{}", "x".repeat(70_000));
    let text = format!(
        "{}\n{}\n{}\n{}\n",
        gdelt2(1, "https://a.example/1"),
        gdelt2(2, &long),
        "\t".repeat(2 << 20),
        gdelt2(3, "https://a.example/3")
    );
    let f = d.write("x.export.CSV", &text);
    let o = run(&d, &["import", "gdelt2", f.to_str().unwrap()]);
    let e = err(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    let name = f.display().to_string();
    assert!(
        e.contains(&format!(
            "{name}:2: field longer than the limit (--max-field-bytes): field 61 of 70018 bytes"
        )),
        "{e}"
    );
    assert!(
        e.contains(&format!("{name}:3: line longer than the limit (--max-line-bytes): 2097152 bytes")),
        "{e}"
    );
    assert!(e.contains("4 rows read, 2 stored, 0 duplicates, 2 skipped"), "{e}");
    assert!(e.contains("2 malformed row(s) skipped"), "{e}");
    // Allowed: the same report, exit 0; larger limits take both rows (the second a row of
    // empty fields, still reported).
    let d = Dir::new("lim-field-allowed");
    let f = d.write("x.export.CSV", &text);
    let o = run(&d, &["import", "gdelt2", "--max-skipped", "2", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("2 skipped"), "{}", err(&o));
    let d = Dir::new("lim-field-larger");
    let f = d.write("x.export.CSV", &text);
    let args =
        ["import", "gdelt2", "--max-field-bytes", "100000", "--max-line-bytes", "0", f.to_str().unwrap()];
    let o = run(&d, &args);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("3 stored, 0 duplicates, 1 skipped (1 a row of empty fields)"), "{}", err(&o));
}

#[test]
fn a_file_of_another_kind_is_refused_once_with_a_hint() {
    let d = Dir::new("lim-kind");
    let src = common::root().join("testdata/import/acled.csv");
    let o = run(&d, &["import", "gdelt2", src.to_str().unwrap()]);
    let e = err(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.contains("this looks like a acled file, not gdelt2; give `acled` or `auto`"), "{e}");
}

#[test]
fn many_bad_rows_are_shown_up_to_twenty_then_counted() {
    let d = Dir::new("lim-many");
    let mut text = gdelt2(1, "https://a.example/1") + "\n";
    for i in 0..60 {
        text.push_str(&format!("{}\t20240301\tshort row\n", 10 + i));
    }
    let f = d.write("m.export.CSV", &text);
    let o = run(&d, &["import", "gdelt2", f.to_str().unwrap()]);
    let e = err(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert_eq!(e.matches("columns, GDELT 2.0 events have 61").count(), 20 + 1, "{e}");
    assert!(
        e.contains("40 more bad row(s) not shown (the first 20 are; all are counted by reason below)"),
        "{e}"
    );
    assert!(e.contains("60 skipped (60 columns, GDELT 2.0 events have 61)"), "{e}");
}

#[test]
fn a_sqlite_error_is_said_once() {
    let d = Dir::new("lim-sqlite");
    let junk: Vec<u8> = (0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(d.db(), junk).unwrap();
    for args in [&["events"][..], &["import", "gdelt2", "nothing.CSV"][..]] {
        let o = run(&d, args);
        let e = err(&o);
        assert_eq!(o.status.code(), Some(1), "{e}");
        assert_eq!(e.matches("not a database").count(), 1, "{args:?}: {e}");
    }
}
