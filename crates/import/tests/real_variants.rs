//! Dataset files as they are found after passing through common tools, read through
//! `import_file` into a store (hand-written rows in the real layouts; testdata/import/README.md
//! says what each fixture shows): a POLECAT release saved through a data frame, an ACLED
//! export written back by one, a Phoenix daily file with a trailing tab, ICEWS with a
//! data-frame header or quoted fields. Each file is imported twice: the second time
//! stores nothing.

use std::path::{Path, PathBuf};

use quidpro_import::countries::Countries;
use quidpro_import::dataset::{import_file, ImportOptions, ImportSummary, Kind};
use quidpro_store::query::StoredProvenance;
use quidpro_store::{EventQuery, Store, StoredEvent};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/import").join(name)
}

/// A store in a fresh temporary file, removed when dropped.
struct TempStore {
    path: PathBuf,
    store: Option<Store>,
}

impl TempStore {
    fn new(name: &str) -> TempStore {
        let path = std::env::temp_dir().join(format!("quidpro-import-{name}-{}.db", std::process::id()));
        remove(&path);
        let store = Store::open(&path).unwrap();
        TempStore { path, store: Some(store) }
    }

    fn store(&mut self) -> &mut Store {
        self.store.as_mut().unwrap()
    }
}

fn remove(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

impl Drop for TempStore {
    fn drop(&mut self) {
        self.store = None;
        remove(&self.path);
    }
}

fn countries() -> Countries {
    let (d, _) = quidpro_dict::Dictionary::embedded();
    Countries::new(&d)
}

fn import(s: &mut TempStore, c: &Countries, kind: Option<Kind>, file: &str) -> ImportSummary {
    import_file(s.store(), c, kind, &fixture(file), &ImportOptions::default(), &mut |_| {}).unwrap()
}

/// `(read, stored, duplicates, skipped)`.
fn counts(s: &ImportSummary) -> (u64, u64, u64, u64) {
    (s.stats.read, s.stats.stored, s.stats.duplicates, s.stats.skipped_total())
}

fn events(s: &mut TempStore, dataset: &str) -> Vec<StoredEvent> {
    let q = EventQuery { dataset: Some(dataset.into()), ..Default::default() };
    let mut v = s.store().events(&q).unwrap();
    v.sort_by(|a, b| a.dataset_id.cmp(&b.dataset_id));
    v
}

/// `(dataset_id, date, source, target, code)`.
fn key(e: &StoredEvent) -> (&str, &str, &str, &str, &str) {
    (&e.dataset_id, &e.date, &e.source, &e.target, &e.code)
}

/// Imports `file` again with the kind detected: nothing new, the store unchanged.
fn import_again(s: &mut TempStore, c: &Countries, file: &str, dataset: &str, stored: u64) {
    let before = events(s, dataset).len();
    let again = import(s, c, None, file);
    assert_eq!(again.kind.map(Kind::name), Some(dataset), "{file}: kind detected");
    assert_eq!((again.stats.stored, again.stats.duplicates), (0, stored), "{file}: {:?}", again.messages);
    assert_eq!(events(s, dataset).len(), before);
}

#[test]
fn polecat_saved_through_a_data_frame() {
    let c = countries();
    let mut s = TempStore::new("polecat-df");
    let f = "polecat.dataframe.tsv";
    // The slugified header (`event_id`, `actor_cow`) is POLECAT's, detected as such.
    let sum = import(&mut s, &c, None, f);
    assert_eq!(sum.kind, Some(Kind::Polecat));
    assert_eq!(counts(&sum), (4, 3, 0, 1), "{:?}", sum.messages);
    assert_eq!(sum.messages.len(), 1);
    assert!(
        sum.messages[0].ends_with("polecat.dataframe.tsv:5: bad date \"None\" (YYYY-MM-DD)"),
        "{:?}",
        sum.messages
    );
    let evs = events(&mut s, "polecat");
    let got: Vec<_> = evs.iter().map(key).collect();
    assert_eq!(
        got,
        [
            // COW numbers written as floats; 260 (German Federal Republic) and 817
            // (Republic of Vietnam) as POLECAT writes Germany and Vietnam.
            ("20230301-SYN-1_CONSULT_R", "2023-03-01", "DEUGOV", "VNMMIL", "042"),
            ("20230302-SYN-2_ACCUSE_R", "2023-03-02", "AZE", "ARM", "111"),
            // `640.5` is no COW number; `None; 365.0` is Russia.
            ("20230303-SYN-3_ASSAULT_R", "2023-03-03", "", "RUSGOV", "195"),
        ]
    );
    assert_eq!(evs[0].published.as_deref(), Some("2023-03-02"));
    assert_eq!(evs[0].attribution, "Synthetic Wire");
    match &evs[2].provenance {
        StoredProvenance::Row { file, line, .. } => {
            assert!(file.ends_with(f), "{file}");
            assert_eq!(*line, 4);
        }
        p => panic!("provenance {p:?}"),
    }
    import_again(&mut s, &c, f, "polecat", 3);
}

#[test]
fn acled_written_back_by_a_data_frame() {
    let c = countries();
    let mut s = TempStore::new("acled-df");
    let f = "acled.dataframe.csv";
    let sum = import(&mut s, &c, Some(Kind::Acled), f);
    assert_eq!(counts(&sum), (4, 3, 0, 1), "{:?}", sum.messages);
    assert!(
        sum.messages[0].ends_with("acled.dataframe.csv:5: bad time_precision \"2.5\" (1, 2 or 3)"),
        "{:?}",
        sum.messages
    );
    let evs = events(&mut s, "acled");
    let got: Vec<_> = evs.iter().map(key).collect();
    assert_eq!(
        got,
        [
            // `inter1` 1.0 (state forces) and `inter2` 2.0 (rebels).
            ("SYN9001", "2023-09-19", "AZEMIL", "AZEREB", "190"),
            // Jersey named in full is Jersey.
            ("SYN9002", "2023-09-20", "JEYCVL", "", "141"),
            // External forces whose name holds "New Jersey" name no country: IMG.
            ("SYN9003", "2023-09-21", "IMG", "IRQUAF", "195"),
        ]
    );
    // `time_precision` 2.0 is a week; 1.0 a day.
    let precision: Vec<&str> = evs.iter().map(|e| e.date_precision.as_str()).collect();
    assert_eq!(precision, ["week", "day", "day"]);
    assert!(evs.iter().all(|e| !e.directed), "ACLED pairs are undirected");
    // The pair is found from either side.
    for (a, b) in [("AZE", "AZE"), ("IRQ", "IMG"), ("IMG", "IRQ")] {
        let q = EventQuery {
            dataset: Some("acled".into()),
            dyad: Some((a.into(), b.into())),
            undirected: true,
            ..Default::default()
        };
        assert_eq!(s.store().events(&q).unwrap().len(), 1, "{a}-{b}");
    }
    import_again(&mut s, &c, f, "acled", 3);
}

#[test]
fn phoenix_daily_file_with_a_trailing_tab() {
    let c = countries();
    let mut s = TempStore::new("phoenix-tab");
    let f = "Phoenix.events.20150301.trailing-tab.txt";
    let sum = import(&mut s, &c, None, f);
    assert_eq!(sum.kind, Some(Kind::Phoenix));
    assert_eq!(counts(&sum), (3, 2, 0, 1), "{:?}", sum.messages);
    assert!(sum.messages[0].ends_with(":3: 27 columns, Phoenix events have 26"), "{:?}", sum.messages);
    let evs = events(&mut s, "phoenix");
    let got: Vec<_> = evs.iter().map(key).collect();
    assert_eq!(
        got,
        [
            ("9001_v0.1.0", "2015-03-01", "ROUGOV", "TURGOV", "042"),
            ("9002_v0.1.0", "2015-03-02", "AZE", "ARM", "111"),
        ]
    );
    assert_eq!(evs[0].attribution, "synthetic_wire");
    match &evs[0].provenance {
        StoredProvenance::Row { url, line, .. } => {
            assert_eq!(url.as_deref(), Some("http://example.invalid/a"));
            assert_eq!(*line, 1);
        }
        p => panic!("provenance {p:?}"),
    }
    import_again(&mut s, &c, f, "phoenix", 2);
}

/// ICEWS as data-frame tools write it (`event_id`, `cameo_code`: lower case, `_`), with
/// intergovernmental organisations that have no country: detected, read, and the
/// organisations keep a code (`IGOUNO` for the United Nations, `IGO` for the others).
#[test]
fn icews_with_a_data_frame_header_and_organisations() {
    let c = countries();
    let mut s = TempStore::new("icews-df");
    let f = "icews.dataframe.tab";
    let sum = import(&mut s, &c, None, f);
    assert_eq!(sum.kind, Some(Kind::Icews));
    assert_eq!(counts(&sum), (3, 3, 0, 0), "{:?}", sum.messages);
    let evs = events(&mut s, "icews");
    let got: Vec<_> = evs.iter().map(key).collect();
    assert_eq!(
        got,
        [
            ("7101|2019-04-02", "2019-04-02", "IGOUNO", "AZE", "020"),
            ("7102|2019-04-03", "2019-04-03", "IGO", "ARM", "039"),
            ("7103|2019-04-04", "2019-04-04", "ARM", "AZE", "111"),
        ]
    );
    import_again(&mut s, &c, f, "icews", 3);
}

/// ICEWS with every field quoted, header included: detected and read.
#[test]
fn icews_quoted_header_is_detected() {
    let c = countries();
    let mut s = TempStore::new("icews-quoted");
    let f = "icews.quoted.tab";
    let sum = import(&mut s, &c, None, f);
    assert_eq!(sum.kind, Some(Kind::Icews));
    assert_eq!(counts(&sum), (1, 1, 0, 0), "{:?}", sum.messages);
    let evs = events(&mut s, "icews");
    assert_eq!(key(&evs[0]), ("8101|2017-10-09", "2017-10-09", "TUR", "AZE", "043"));
    import_again(&mut s, &c, f, "icews", 1);
}
