//! The floor under `quidpro import`: how fast SQLite alone takes the same rows.
//!
//! Reads a GDELT 2.0 events file (as `gen-gdelt` writes it) and inserts its rows, with
//! the columns the store writes for an imported event, into a bare table that has only
//! the `(dataset, dataset_id)` key, in one transaction, with the store's pragmas (16 KiB
//! pages, WAL, synchronous NORMAL, 256 MiB cache); then builds the store's three secondary event
//! indexes on it. No parsing of dates or codes beyond slicing, no clusters, no monthly
//! aggregates, no actors: this is what the store's import cannot beat.
//!
//! The file is read and sliced into memory first (`parse_s`, not counted), so that the
//! timings are SQLite's alone. Two runs into a new database each: `bare_*`, the table with
//! only its key, inserted and committed; then the same with the two query indexes built
//! before the commit (`insert_s`, `index_s`, `commit_s`; `rows_per_s` is rows over the
//! three).
//!
//! `floor DB FILE` prints `rows N parse_s S bare_insert_s S bare_commit_s S
//! bare_rows_per_s R insert_s S index_s S commit_s S rows_per_s R bytes B` (B: the
//! database's pages in use with the indexes, what the rows take) and checks that the
//! table holds one row per line of the file.

use std::io::{BufRead, BufReader};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: floor DB GDELT2-FILE");
        std::process::exit(2);
    }
    let (db, file) = (&args[1], &args[2]);
    // The rows are read and sliced first, so that the timings below are SQLite's alone.
    let reader = BufReader::with_capacity(1 << 20, std::fs::File::open(file).expect("file"));
    let parse_start = Instant::now();
    let date =
        |s: &str| s.get(..8).map(|d| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8])).unwrap_or_default();
    let country = |s: &str| s.get(..3).unwrap_or("").to_string();
    let rows: Vec<[String; 12]> = reader
        .lines()
        .map(|line| {
            let line = line.expect("read");
            let f: Vec<&str> = line.split('\t').collect();
            [
                f[0].to_string(),
                date(f[1]),
                date(f[59]),
                f[5].to_string(),
                f[15].to_string(),
                country(f[5]),
                country(f[15]),
                f[26].to_string(),
                f[26].get(..2).unwrap_or("").to_string(),
                f[6].to_string(),
                f[16].to_string(),
                f[60].to_string(),
            ]
        })
        .collect();
    let parse_s = parse_start.elapsed().as_secs_f64();
    let n = rows.len() as f64;
    let bare = run(db, file, &rows, false);
    let full = run(db, file, &rows, true);
    println!(
        "rows {} parse_s {parse_s:.3} bare_insert_s {:.3} bare_commit_s {:.3} bare_rows_per_s {:.0} \
         insert_s {:.3} index_s {:.3} commit_s {:.3} rows_per_s {:.0} bytes {}",
        rows.len(),
        bare.insert,
        bare.commit,
        n / (bare.insert + bare.commit),
        full.insert,
        full.index,
        full.commit,
        n / (full.insert + full.index + full.commit),
        full.bytes
    );
}

/// Seconds spent by one run, and the database's size after it.
struct Times {
    insert: f64,
    index: f64,
    commit: f64,
    /// Pages in use times the page size: what the rows and their indexes take.
    bytes: i64,
}

/// Inserts `rows` into a new database at `db` in one transaction, builds the two query
/// indexes when `indexes`, commits, checks the count and removes the database.
fn run(db: &str, file: &str, rows: &[[String; 12]], indexes: bool) -> Times {
    let remove = || {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{db}{suffix}"));
        }
    };
    remove();
    let mut c = rusqlite::Connection::open(db).expect("open");
    c.pragma_update(None, "page_size", 16384).expect("page size");
    c.pragma_update(None, "journal_mode", "WAL").expect("wal");
    c.pragma_update(None, "synchronous", "NORMAL").expect("sync");
    c.pragma_update(None, "cache_size", -262_144).expect("cache");
    c.execute_batch(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, dataset TEXT NOT NULL, dataset_id TEXT NOT NULL, \
         event_date TEXT NOT NULL, published TEXT, retrieved TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, \
         source_country TEXT NOT NULL, target_country TEXT NOT NULL, code TEXT NOT NULL, root TEXT NOT NULL, \
         quad_class INTEGER NOT NULL, goldstein REAL NOT NULL, source_name TEXT, target_name TEXT, file TEXT, line INTEGER, \
         url TEXT, run_id INTEGER, UNIQUE (dataset, dataset_id))",
    )
    .expect("schema");
    let start = Instant::now();
    let tx = c.transaction().expect("tx");
    {
        let mut st = tx
            .prepare(
                "INSERT OR IGNORE INTO events (dataset, dataset_id, event_date, published, retrieved, source, target, \
                 source_country, target_country, code, root, quad_class, goldstein, source_name, target_name, file, line, \
                 url, run_id) VALUES ('gdelt2', ?1, ?2, ?3, '2026-01-01T00:00:00Z', ?4, ?5, ?6, ?7, ?8, ?9, 1, 1.0, ?10, ?11, ?12, ?13, ?14, 1)",
            )
            .expect("prepare");
        for (i, r) in rows.iter().enumerate() {
            st.execute(rusqlite::params![
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                r[9],
                r[10],
                file,
                i as i64 + 1,
                r[11]
            ])
            .expect("insert");
        }
    }
    let inserted = start.elapsed().as_secs_f64();
    if indexes {
        tx.execute_batch(
            "CREATE INDEX events_dyad ON events (source_country, target_country, event_date, goldstein, root); \
             CREATE INDEX events_date ON events (event_date);",
        )
        .expect("index");
    }
    let indexed = start.elapsed().as_secs_f64();
    let stored: i64 = tx.query_row("SELECT count(*) FROM events", [], |r| r.get(0)).expect("count");
    tx.commit().expect("commit");
    let total = start.elapsed().as_secs_f64();
    let bytes: i64 = c
        .query_row(
            "SELECT (page_count - freelist_count) * page_size FROM pragma_page_count, pragma_freelist_count, pragma_page_size",
            [],
            |r| r.get(0),
        )
        .expect("size");
    drop(c);
    remove();
    if stored as usize != rows.len() {
        eprintln!("floor: {stored} rows stored of {}", rows.len());
        std::process::exit(1);
    }
    Times { insert: inserted, index: indexed - inserted, commit: total - indexed, bytes }
}
