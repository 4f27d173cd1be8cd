//! Faults while an import writes: a store that cannot grow (SQLite's `max_page_count`,
//! the same `SQLITE_FULL` a full disk gives) ends the import with an error, never a hang;
//! the store keeps what committed transactions hold, and the run says `failed` with
//! those rows.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use quidpro_import::countries::Countries;
use quidpro_import::dataset::{import_file, Bulk, ImportOptions, Kind};
use quidpro_store::Store;

fn gdelt2_row(i: usize) -> String {
    let codes = ["042", "111", "190", "057", "0874", "163"];
    let mut f = vec![String::new(); 61];
    f[0] = format!("{}", 7_000_000 + i);
    f[1] = format!("2024{:02}{:02}", 1 + i % 12, 1 + i % 28);
    f[5] = ["TURGOV", "AZEMIL", "RUS", "ARMGOV"][i % 4].into();
    f[15] = ["AZEGOV", "ARM", "UKRMIL", "TUR"][(i / 4) % 4].into();
    f[26] = codes[i % codes.len()].into();
    f[59] = "20240301000000".into();
    f[60] = format!("https://example.org/{i}/{}", "x".repeat(i % 50));
    f.join("\t")
}

fn write_rows(path: &Path, from: usize, to: usize) {
    let mut s = String::new();
    for i in from..to {
        s.push_str(&gdelt2_row(i));
        s.push('\n');
    }
    std::fs::write(path, s).unwrap();
}

fn remove(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

fn runs(store: &Store) -> Vec<(String, i64)> {
    let mut st =
        store.connection().prepare("SELECT status, rows_stored FROM import_runs ORDER BY id").unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

/// Imports 200 rows, then 80,000 into a store that may grow by only `room` pages, on
/// another thread with a deadline (a hang fails the test instead of blocking it).
fn full_disk(name: &str, bulk: Bulk, room: i64) -> (Store, quidpro_import::Result<u64>, PathBuf) {
    let dir = std::env::temp_dir().join(format!("quidpro-faults-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("f.db");
    remove(&db);
    let (small, big) = (dir.join("small.export.CSV"), dir.join("big.export.CSV"));
    write_rows(&small, 0, 200);
    write_rows(&big, 200, 80_200);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let countries = Countries::new(&quidpro_dict::Dictionary::embedded().0);
        let mut store = Store::open(&db).unwrap();
        let opts = ImportOptions { bulk: Bulk::Never, ..Default::default() };
        import_file(&mut store, &countries, Some(Kind::Gdelt2), &small, &opts, &mut |_| {}).unwrap();
        let pages: i64 = store.connection().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
        store.connection().pragma_update(None, "max_page_count", pages + room).unwrap();
        let opts = ImportOptions { bulk, batch: 4_000, ..Default::default() };
        let result = import_file(&mut store, &countries, Some(Kind::Gdelt2), &big, &opts, &mut |_| {})
            .map(|s| s.stats.stored);
        let _ = tx.send((store, result));
    });
    let (store, result) =
        rx.recv_timeout(Duration::from_secs(120)).expect("the import hung after a failed write");
    (store, result, dir)
}

#[test]
fn a_failed_write_in_batches_ends_the_import_and_marks_the_run_failed() {
    let (store, result, dir) = full_disk("batches", Bulk::Never, 60);
    let err = result.expect_err("the import cannot succeed on a full store");
    assert!(err.to_string().contains("full"), "{err}");
    let runs = runs(&store);
    assert_eq!(runs.len(), 2, "{runs:?}");
    assert_eq!(runs[0], ("complete".to_string(), 200));
    assert_eq!(runs[1].0, "failed", "{runs:?}");
    // The run's rows are those its committed transactions hold, and they are stored.
    let events = store.count("events").unwrap();
    assert_eq!(events, 200 + runs[1].1, "{runs:?}");
    assert!(runs[1].1 > 0 && runs[1].1 < 80_000, "{runs:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_failed_write_in_one_transaction_leaves_the_store_as_it_was() {
    let (store, result, dir) = full_disk("bulk", Bulk::Always, 20);
    assert!(result.is_err());
    assert_eq!(store.count("events").unwrap(), 200);
    assert_eq!(runs(&store), [("complete".to_string(), 200), ("failed".to_string(), 0)]);
    let _ = std::fs::remove_dir_all(dir);
}

/// Each committed transaction writes its run's counts with its rows: while an import in
/// batches runs, another reader sees the run `running` with exactly the rows committed
/// so far, which is what a run that could not even be marked `failed` (no byte left, or
/// a killed process) keeps.
#[test]
fn a_running_import_run_counts_what_its_committed_batches_hold() {
    let dir = std::env::temp_dir().join(format!("quidpro-faults-running-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("r.db");
    remove(&db);
    let file = dir.join("rows.export.CSV");
    write_rows(&file, 0, 30_000);
    let countries = Countries::new(&quidpro_dict::Dictionary::embedded().0);
    let mut store = Store::open(&db).unwrap();
    let opts = ImportOptions { bulk: Bulk::Never, batch: 4_000, ..Default::default() };
    let mut seen = Vec::new();
    import_file(&mut store, &countries, Some(Kind::Gdelt2), &file, &opts, &mut |_| {
        let reader = Store::open_read_only(&db).unwrap();
        let run: (String, i64) = reader
            .connection()
            .query_row("SELECT status, rows_stored FROM import_runs ORDER BY id DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        let events = reader.count("events").unwrap();
        seen.push((run, events));
    })
    .unwrap();
    let running: Vec<_> = seen.iter().filter(|((status, _), _)| status == "running").collect();
    assert!(running.iter().any(|((_, rows), _)| *rows > 0), "{seen:?}");
    for ((_, rows), events) in running {
        assert_eq!(rows, events, "a running run counts exactly the committed rows: {seen:?}");
    }
    assert_eq!(runs(&store), [("complete".to_string(), 30_000)]);
    let _ = std::fs::remove_dir_all(dir);
}
