//! Limits and edge cases of dataset files, through `import_file`: a line or field longer
//! than the limits is a bad row named by file and line (never held in memory, never
//! skipped silently); Windows-1252 text is decoded as such; a file given as the wrong
//! kind is refused once with the kind it looks like; past the first bad rows the rest
//! are counted in one line; a truncated .gz names the last line read whole.

use std::io::Write;
use std::path::{Path, PathBuf};

use quidpro_import::countries::Countries;
use quidpro_import::dataset::{import_file, ImportOptions, ImportSummary, Kind, Limits, MAX_MESSAGES};
use quidpro_import::Error;
use quidpro_store::Store;

/// A folder of its own for each test, removed when dropped, with a store in it.
struct Scratch {
    dir: PathBuf,
    store: Option<Store>,
}

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("quidpro-limits-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::open(&dir.join("s.db")).unwrap();
        Scratch { dir, store: Some(store) }
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn import(
        &mut self,
        kind: Option<Kind>,
        path: &Path,
        opts: &ImportOptions,
    ) -> quidpro_import::Result<ImportSummary> {
        let c = countries();
        import_file(self.store.as_mut().unwrap(), &c, kind, path, opts, &mut |_| {})
    }

    fn store(&self) -> &Store {
        self.store.as_ref().unwrap()
    }

    /// A text column of every stored event (`source_name`, `url`, ...), nulls left out.
    fn column(&self, col: &str) -> Vec<String> {
        let conn = self.store().connection();
        let mut st = conn.prepare(&format!("SELECT {col} FROM all_events WHERE {col} IS NOT NULL")).unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        self.store = None;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn countries() -> Countries {
    let (d, _) = quidpro_dict::Dictionary::embedded();
    Countries::new(&d)
}

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

fn lines(rows: &[String]) -> Vec<u8> {
    let mut out = rows.join("\n").into_bytes();
    out.push(b'\n');
    out
}

#[test]
fn a_line_longer_than_the_limit_is_a_bad_row_named_by_its_line() {
    let mut s = Scratch::new("line");
    // 3 MB of tabs between two good rows (the 100 MB line took 5.6 GB).
    let mut bytes = lines(&[gdelt2(1, "https://a.example/1")]);
    bytes.extend(std::iter::repeat_n(b'\t', 3 << 20));
    bytes.push(b'\n');
    bytes.extend(lines(&[gdelt2(2, "https://a.example/2")]));
    let path = s.file("long.export.CSV", &bytes);
    let sum = s.import(Some(Kind::Gdelt2), &path, &ImportOptions::default()).unwrap();
    assert_eq!((sum.stats.read, sum.stats.stored, sum.stats.skipped_total()), (3, 2, 1), "{sum:?}");
    let key = "line longer than the limit";
    assert_eq!(sum.stats.skipped.get(key), Some(&1), "{:?}", sum.stats.skipped);
    let shown =
        format!("{}:2: line longer than the limit (--max-line-bytes): {} bytes", path.display(), 3 << 20);
    assert!(sum.messages.iter().any(|m| m.starts_with(&shown)), "{:?}", sum.messages);
    // With no limit the line is read, and is still no silent skip: a row of empty fields.
    let mut s = Scratch::new("line-nolimit");
    let path = s.file("long.export.CSV", &bytes);
    let opts = ImportOptions { limits: Limits { line: 0, field: 0 }, ..Default::default() };
    let sum = s.import(Some(Kind::Gdelt2), &path, &opts).unwrap();
    assert_eq!(sum.stats.skipped.get("a row of empty fields"), Some(&1), "{:?}", sum.stats.skipped);
}

#[test]
fn a_field_longer_than_the_limit_is_a_bad_row_and_is_not_stored() {
    let mut s = Scratch::new("field");
    let long_url = format!("https://a.example/{}", "x".repeat(100_000));
    let path = s.file(
        "field.export.CSV",
        &lines(&[gdelt2(1, "https://a.example/1"), gdelt2(2, &long_url), gdelt2(3, "https://a.example/3")]),
    );
    let sum = s.import(Some(Kind::Gdelt2), &path, &ImportOptions::default()).unwrap();
    assert_eq!((sum.stats.stored, sum.stats.skipped_total()), (2, 1), "{sum:?}");
    let shown = format!("{}:2: field longer than the limit (--max-field-bytes): field 61 of", path.display());
    assert!(sum.messages.iter().any(|m| m.starts_with(&shown)), "{:?}", sum.messages);
    let urls = s.column("url");
    assert!(urls.len() == 2 && urls.iter().all(|u| u.len() < 100), "{urls:?}");
    // A larger limit takes it.
    let mut s = Scratch::new("field-larger");
    let path = s.file("field.export.CSV", &lines(&[gdelt2(2, &long_url)]));
    let opts = ImportOptions { limits: Limits { field: 1 << 20, ..Limits::default() }, ..Default::default() };
    assert_eq!(s.import(Some(Kind::Gdelt2), &path, &opts).unwrap().stats.stored, 1);
}

const ACLED_HEADER: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

#[test]
fn windows_1252_acled_text_is_decoded_as_windows_1252() {
    let mut s = Scratch::new("cp1252");
    // "Côte d’Ivoire – Rebels…" as Windows-1252: ô 0xF4, ’ 0x92, – 0x96, … 0x85.
    let mut bytes = format!("{ACLED_HEADER}\n").into_bytes();
    bytes.extend_from_slice(b"CIV1,2023-03-04,2023,1,Political violence,Battles,Armed clash,Military Forces of C\xf4te d\x92Ivoire,,1,Rebels \x96 West\x85,,2,12,,384,Western Africa,C\xf4te d'Ivoire,,,,Town,7.5,-5.5,1,Monitor,National,Notes,0,,1700000000\n");
    let path = s.file("acled.csv", &bytes);
    let sum = s.import(Some(Kind::Acled), &path, &ImportOptions::default()).unwrap();
    assert_eq!(sum.stats.stored, 1, "{sum:?}");
    let mut names = s.column("source_name");
    names.extend(s.column("target_name"));
    assert!(names.iter().any(|n| n == "Military Forces of C\u{f4}te d\u{2019}Ivoire"), "{names:?}");
    assert!(names.iter().any(|n| n == "Rebels \u{2013} West\u{2026}"), "{names:?}");
    assert!(names.iter().all(|n| !n.chars().any(|c| ('\u{80}'..'\u{a0}').contains(&c))), "{names:?}");
}

#[test]
fn a_file_given_as_the_wrong_kind_is_refused_once_with_its_likely_kind() {
    let mut s = Scratch::new("kind");
    let mut text = format!("{ACLED_HEADER}\n");
    for i in 0..50 {
        text.push_str(&format!("ETH{i},2023-03-04,2023,1,Political violence,Battles,Armed clash,Military Forces of Ethiopia (2018-),,1,Rebels,,2,12,,231,Eastern Africa,Ethiopia,,,,Town,9.0,38.7,1,Monitor,National,Notes,3,,1700000000\n"));
    }
    let path = s.file("acled.csv", text.as_bytes());
    let err = s.import(Some(Kind::Gdelt2), &path, &ImportOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, Error::Kind { .. }), "{msg}");
    assert!(msg.starts_with(&format!("{}:1: ", path.display())), "{msg}");
    assert!(msg.contains("this looks like a acled file, not gdelt2; give `acled` or `auto`"), "{msg}");
    assert_eq!(s.store().count("events").unwrap(), 0);
}

#[test]
fn past_the_first_bad_rows_the_rest_are_counted_in_one_line() {
    let mut s = Scratch::new("many");
    let mut rows = vec![gdelt2(1, "https://a.example/1")];
    for i in 0..150 {
        rows.push(format!("{}\tnot a row", 100 + i));
    }
    let path = s.file("many.export.CSV", &lines(&rows));
    let sum = s.import(Some(Kind::Gdelt2), &path, &ImportOptions::default()).unwrap();
    assert_eq!(sum.stats.skipped_total(), 150);
    let per_row = sum.messages.iter().filter(|m| m.contains("columns, GDELT 2.0 events have 61")).count();
    assert_eq!(per_row, MAX_MESSAGES, "{:?}", sum.messages);
    let last = sum.messages.last().unwrap();
    assert_eq!(
        *last,
        format!(
            "{}: 130 more bad row(s) not shown (the first 20 are; all are counted by reason below)",
            path.display()
        )
    );
}

#[test]
fn a_truncated_gzip_names_the_file_and_the_last_line_read_whole() {
    let mut s = Scratch::new("gz");
    let rows: Vec<String> = (0..2000).map(|i| gdelt2(i, &format!("https://a.example/{i}"))).collect();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&lines(&rows)).unwrap();
    let whole = gz.finish().unwrap();
    let path = s.file("cut.export.CSV.gz", &whole[..whole.len() / 2]);
    let opts = ImportOptions { bulk: quidpro_import::dataset::Bulk::Never, ..Default::default() };
    let err = s.import(Some(Kind::Gdelt2), &path, &opts).unwrap_err().to_string();
    assert!(err.starts_with(&format!("{}: ", path.display())), "{err}");
    let n: u64 = err
        .split("after line ")
        .nth(1)
        .and_then(|t| t.split(',').next())
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no line in {err:?}"));
    assert!(n > 0 && n < 2000, "{err}");
    // The rows before the cut are stored, as the rows before any read error are.
    assert!(s.store().count("events").unwrap() > 0);
}

#[test]
fn a_csv_record_longer_than_the_limit_ends_the_file_naming_its_line() {
    let mut s = Scratch::new("csv");
    let mut text = format!("{ACLED_HEADER}\n");
    text.push_str("ETH1,2023-03-04,2023,1,Political violence,Battles,Armed clash,Military Forces of Ethiopia (2018-),,1,Rebels,,2,12,,231,Eastern Africa,Ethiopia,,,,Town,9.0,38.7,1,Monitor,National,Notes,3,,1700000000\n");
    // An unclosed quote runs to the end of the file: 3 MB in one record.
    text.push_str(
        "ETH2,2023-03-04,2023,1,x,Battles,Armed clash,A,,1,B,,2,12,,231,R,Ethiopia,,,,T,9,38,1,M,N,\"",
    );
    text.push_str(&"a line of notes\n".repeat(200_000));
    let path = s.file("acled.csv", text.as_bytes());
    let opts = ImportOptions { bulk: quidpro_import::dataset::Bulk::Never, ..Default::default() };
    let err = s.import(Some(Kind::Acled), &path, &opts).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!("{}:3: a record longer than the limit (--max-line-bytes)", path.display())),
        "{err}"
    );
}
