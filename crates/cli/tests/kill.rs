//! Killed imports lose nothing: real `quidpro import` processes are killed (SIGKILL) at
//! varying moments, batched and bulk in turn, and after each kill the store must hold
//! whole batches only (their events in whole segments), keep its indexes, be consistent,
//! and take the rest of the file on the next import.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROWS: usize = 60_000;
const BATCH: usize = 2_000;

fn gdelt2_row(i: usize) -> String {
    let codes = ["042", "111", "190", "057", "0874", "163"];
    let mut f = vec![String::new(); 61];
    f[0] = format!("{}", 5_000_000 + i);
    f[1] = format!("2024{:02}{:02}", 1 + i % 12, 1 + i % 28);
    f[5] = ["TURGOV", "AZEMIL", "RUS", "ARMGOV"][i % 4].into();
    f[15] = ["AZEGOV", "ARM", "UKRMIL", "TUR"][(i / 4) % 4].into();
    f[26] = codes[i % codes.len()].into();
    f[59] = "20240301000000".into();
    f[60] = format!("https://example.org/{i}");
    f.join("\t")
}

fn write_file(dir: &Path) -> PathBuf {
    let p = dir.join("big.export.CSV");
    let mut s = String::with_capacity(ROWS * 120);
    for i in 0..ROWS {
        s.push_str(&gdelt2_row(i));
        s.push('\n');
    }
    std::fs::write(&p, s).unwrap();
    p
}

fn count(db: &Path) -> (i64, i64, String) {
    let conn = rusqlite::Connection::open(db).unwrap();
    // Every index a bulk import drops comes back, killed or not.
    let indexes: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('events_dyad', 'events_date', 'events_doc')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    // A kill while the store is being created leaves it without tables (each schema step
    // is one transaction): nothing stored, as it was.
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('coded_events', 'events', 'clusters')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if tables < 2 {
        return (0, 0, check);
    }
    assert_eq!(indexes, 3, "the event indexes are there");
    drop(conn);
    // Read through the store, which reads the segments: each segment's rows, as its
    // header gives them, match its row in `segments`.
    let store = quidpro_store::Store::open(db).unwrap();
    let c = store.connection();
    let events = store.count("events").unwrap();
    let read: i64 = c.query_row("SELECT count(*) FROM all_events", [], |r| r.get(0)).unwrap();
    assert_eq!(read, events, "every stored event reads back");
    let clustered: i64 =
        c.query_row("SELECT coalesce(sum(n_events), 0) FROM all_clusters", [], |r| r.get(0)).unwrap();
    (events, clustered, check)
}

#[test]
fn killed_imports_leave_whole_batches() {
    let dir = std::env::temp_dir().join(format!("quidpro-kill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = write_file(&dir);
    let db = dir.join("q.db");
    // Moments spread over a run, varied by the clock so that runs differ.
    let seed = Instant::now().elapsed().subsec_nanos() as u64 ^ std::process::id() as u64;
    let mut rng = seed | 1;
    let mut kills = 0;
    for round in 0..8 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let wait = Duration::from_millis(20 + rng % 400 + round * 30);
        // Batches of BATCH rows (a segment each), and bulk imports (one transaction), in
        // turn.
        let bulk = if round % 2 == 0 { "never" } else { "always" };
        let mut child = Command::new(env!("CARGO_BIN_EXE_quidpro"))
            .arg("--store")
            .arg(&db)
            .args(["import", "gdelt2", "--bulk", bulk, "--batch", &BATCH.to_string()])
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(wait);
        let finished = child.try_wait().unwrap().is_some();
        if !finished {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        child.wait().unwrap();
        if !db.exists() {
            continue;
        }
        let (events, clustered, check) = count(&db);
        assert_eq!(check, "ok", "integrity after kill {round}");
        assert_eq!(
            events % BATCH as i64,
            0,
            "a partial batch is stored after a kill at {wait:?}: {events} events"
        );
        assert_eq!(events, clustered, "clusters count every stored event");
        assert!(events <= ROWS as i64);
    }
    // A last import without a kill completes the file, with no duplicates.
    let o = Command::new(env!("CARGO_BIN_EXE_quidpro"))
        .arg("--store")
        .arg(&db)
        .args(["import", "gdelt2"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (events, clustered, check) = count(&db);
    assert_eq!((events, clustered, check.as_str()), (ROWS as i64, ROWS as i64, "ok"));
    eprintln!("killed {kills} of 8 imports (seed {seed})");
    let _ = std::fs::remove_dir_all(&dir);
}
