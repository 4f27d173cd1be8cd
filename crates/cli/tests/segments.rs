//! The store's segments from the command line: `quidpro store merge` after many small
//! imports changes no answer, and `quidpro import auto` takes an export's Parquet.

mod common;

use common::{err, jsonl, out, run, Dir};

/// A GDELT 2.0 row (61 columns) of 2023 or 2024: dyads of Turkey, Azerbaijan and Armenia
/// both ways, cooperation and conflict.
fn gdelt2_row(i: usize) -> String {
    let mut f = vec![String::new(); 61];
    f[0] = format!("{}", 9_000_000 + i);
    f[1] = format!("{}{:02}{:02}", 2023 + i % 2, 1 + (i / 2) % 12, 1 + (i / 24) % 28);
    f[5] = ["TURGOV", "AZEMIL", "ARM", "AZEGOV"][i % 4].into();
    f[7] = ["TUR", "AZE", "ARM", "AZE"][i % 4].into();
    f[15] = ["AZEGOV", "TUR", "AZE", "TURGOV"][(i / 3) % 4].into();
    f[17] = ["AZE", "TUR", "AZE", "TUR"][(i / 3) % 4].into();
    f[26] = ["042", "190", "0231", "112", "061"][i % 5].into();
    f[27] = f[26][..3].to_string();
    f[28] = f[26][..2].to_string();
    f[59] = "20240301000000".into();
    f[60] = format!("https://example.org/{i}");
    f.join("\t")
}

/// `files` imports of `rows` rows each, `import gdelt2`, each its own file and run.
fn many_imports(d: &Dir, files: usize, rows: usize) {
    for k in 0..files {
        let text: String = (k * rows..(k + 1) * rows).map(|i| gdelt2_row(i) + "\n").collect();
        let f = d.write(&format!("part{k}.export.CSV"), &text);
        let o = run(d, &["import", "gdelt2", f.to_str().unwrap()]);
        assert!(o.status.success(), "{}", err(&o));
    }
}

fn segments(d: &Dir) -> i64 {
    let conn = rusqlite::Connection::open(d.db()).unwrap();
    conn.query_row("SELECT count(*) FROM segments", [], |r| r.get(0)).unwrap()
}

/// What the reading commands answer: every event (by stable id; row order within a day
/// is storage order), a dyad's series both ways and the pair's ledger.
fn answers(d: &Dir) -> Vec<String> {
    let mut events: Vec<String> = jsonl(d, &[]).iter().map(|e| e.to_string()).collect();
    events.sort();
    assert!(events.len() > 100);
    for args in [
        &["dyad", "TUR", "AZE", "--format", "csv"][..],
        &["dyad", "AZE", "TUR", "--by", "quarter", "--format", "csv"],
        &["ledger", "TUR", "AZE", "--format", "json"],
        &["alerts", "--from", "2023-01-01", "--format", "csv"],
    ] {
        let o = run(d, args);
        assert!(o.status.success(), "{args:?}: {}", err(&o));
        events.push(format!("{args:?}\n{}", out(&o)));
    }
    events
}

#[test]
fn a_merge_after_many_small_imports_changes_no_answer() {
    let d = Dir::new("merge");
    many_imports(&d, 24, 40);
    assert_eq!(segments(&d), 24);
    let before = answers(&d);
    let o = run(&d, &["store", "merge", "--format", "json"]);
    assert!(o.status.success(), "{}", err(&o));
    let done: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(done[0]["dataset"], "gdelt2");
    assert_eq!(done[0]["merged"], 24);
    assert_eq!(done[0]["written"], 1);
    assert_eq!(done[0]["rows"], 960);
    assert_eq!(segments(&d), 1);
    assert_eq!(answers(&d), before);
    // Nothing left to merge; the same files again store nothing.
    let o = run(&d, &["store", "merge"]);
    assert!(
        out(&o).contains("0 small segments merged into 0 (0 rows); 1 segments before, 1 after"),
        "{}",
        out(&o)
    );
    let f = d.0.join("part3.export.CSV");
    let o = run(&d, &["import", "gdelt2", f.to_str().unwrap()]);
    assert!(err(&o).contains("40 rows read, 0 stored, 40 duplicates"), "{}", err(&o));
    // In segments of at most 100 rows: two imports of 40 each.
    let d2 = Dir::new("merge-small");
    many_imports(&d2, 24, 40);
    let before = answers(&d2);
    let o = run(&d2, &["store", "merge", "--max-rows", "100"]);
    assert!(out(&o).contains("24 small segments merged into 12 (960 rows)"), "{}", out(&o));
    assert_eq!(segments(&d2), 12);
    assert_eq!(answers(&d2), before);
}

#[test]
fn merge_wants_an_existing_store_and_a_sane_policy() {
    let d = Dir::new("merge-missing");
    let o = run(&d, &["store", "merge"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(!d.db().exists(), "a store was made");
    many_imports(&d, 2, 10);
    let o = run(&d, &["store", "merge", "--max-rows", "0"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("1 to 1048576 rows, not 0"), "{}", err(&o));
    assert_eq!(segments(&d), 2);
}

#[test]
fn import_auto_takes_an_exports_parquet() {
    let d = Dir::new("auto-parquet");
    many_imports(&d, 1, 60);
    let before = jsonl(&d, &[]).len();
    let export = d.0.join("export");
    let o = run(&d, &["export", "--format", "parquet", export.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    // The folder.
    let d2 = Dir::new("auto-parquet-dir");
    let o = run(&d2, &["import", "auto", export.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains(&format!("(parquet, 24 file(s)): {before} rows read, {before} stored")),
        "{}",
        err(&o)
    );
    assert_eq!(jsonl(&d2, &[]).len(), before);
    // One file of it, and a dataset's rows beside it, in one command.
    let part = std::fs::read_dir(export.join("year=2023/month=01")).unwrap().next().unwrap().unwrap().path();
    let rows = d.write("more.export.CSV", &(1000..1010).map(|i| gdelt2_row(i) + "\n").collect::<String>());
    let d3 = Dir::new("auto-parquet-file");
    let o = run(&d3, &["import", "AUTO", rows.to_str().unwrap(), part.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("(gdelt2): 10 rows read, 10 stored"), "{}", err(&o));
    assert!(err(&o).contains("(parquet, 1 file(s))"), "{}", err(&o));
    // A file named .parquet that is none is refused, naming it.
    let bad = d.write("bad.parquet", "not parquet\n");
    let o = run(&d3, &["import", "auto", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("bad.parquet"), "{}", err(&o));
}

/// A merge killed (SIGKILL) at any moment leaves the store as it was before or after:
/// sound, every event there once, its segments either all the small ones or the merged
/// ones, and a merge after it finishes the work.
#[test]
fn a_killed_merge_leaves_the_store_before_or_after() {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let d = Dir::new("merge-kill");
    let text: String = (0..12_000).map(|i| gdelt2_row(i) + "\n").collect();
    let f = d.write("rows.export.CSV", &text);
    // Batches of 25 rows, each committed with a segment of its own.
    let o = run(&d, &["import", "gdelt2", "--bulk", "never", "--batch", "25", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let small = segments(&d);
    assert_eq!(small, 480);
    let events = |d: &Dir| {
        let mut v: Vec<String> = jsonl(d, &["--limit", "100000"]).iter().map(|e| e.to_string()).collect();
        v.sort();
        v
    };
    let before = events(&d);
    assert_eq!(before.len(), 12_000);
    let pristine = d.0.join("pristine.db");
    std::fs::copy(d.db(), &pristine).unwrap();
    let restore = || {
        for ext in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", d.db().display()));
        }
        std::fs::copy(&pristine, d.db()).unwrap();
    };
    // How long a whole merge takes here.
    let t = Instant::now();
    assert!(run(&d, &["store", "merge"]).status.success());
    let whole = t.elapsed();
    let merged = segments(&d);
    assert_eq!(merged, 1);
    let (mut killed, mut left_before) = (0, 0);
    for k in 0..8u32 {
        restore();
        let mut child = common::bin()
            .arg("--store")
            .arg(d.db())
            .args(["store", "merge"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole.mul_f64(f64::from(k) / 8.0) + Duration::from_millis(2));
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        let conn = rusqlite::Connection::open(d.db()).unwrap();
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "trial {k}");
        drop(conn);
        let n = segments(&d);
        assert!(n == small || n == merged, "trial {k}: {n} segments");
        left_before += usize::from(n == small);
        assert_eq!(events(&d), before, "trial {k}");
        assert!(run(&d, &["store", "merge"]).status.success());
        assert_eq!(segments(&d), merged, "trial {k}");
    }
    eprintln!(
        "8 trials over a {whole:?} merge: {killed} killed while running, {left_before} left before the merge"
    );
    assert!(killed > 0, "no merge was killed while running");
}
