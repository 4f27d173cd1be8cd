//! The store and the command line under faults and odd inputs: files that are not ours,
//! versions no quidpro wrote, closed pipes, read-only stores, filters with wildcards,
//! long full-text queries.

mod common;

use std::path::Path;

use common::{err, run, Dir};

/// A SQLite file at `path` with `sql` run in it and `user_version` set.
fn sqlite_file(path: &Path, sql: &str, version: i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
    conn.pragma_update(None, "user_version", version).unwrap();
}

fn user_version(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
}

#[test]
fn a_store_with_a_negative_version_is_refused_without_a_panic() {
    let d = Dir::new("rel-negative");
    sqlite_file(&d.db(), "CREATE TABLE import_runs (id INTEGER PRIMARY KEY)", -5);
    for args in [&["events"][..], &["import", "gdelt2", "nothing.CSV"][..]] {
        let o = run(&d, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", err(&o));
        assert!(err(&o).contains("version -5"), "{}", err(&o));
    }
    assert_eq!(user_version(&d.db()), -5);
}

#[test]
fn another_applications_sqlite_file_is_refused_unless_init() {
    let d = Dir::new("rel-foreign");
    sqlite_file(&d.db(), "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES ('x')", 0);
    let tables = |p: &Path| -> i64 {
        let conn = rusqlite::Connection::open(p).unwrap();
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0)).unwrap()
    };
    let header = std::fs::read(d.db()).unwrap();
    let stories = d
        .write("s.jsonl", "{\"id\":\"a\",\"date\":\"2024-03-01\",\"text\":\"Turkey criticized Armenia.\"}\n");
    for args in [&["events"][..], &["ingest", stories.to_str().unwrap()][..]] {
        let o = run(&d, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", err(&o));
        assert!(err(&o).contains("not a quidpro store") && err(&o).contains("--init"), "{}", err(&o));
    }
    assert_eq!(tables(&d.db()), 1, "the file gained tables");
    assert_eq!(std::fs::read(d.db()).unwrap(), header, "the file was changed");
    // With --init it becomes a store, keeping its own table.
    let o = run(&d, &["--init", "ingest", stories.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(tables(&d.db()) > 10);
    assert!(run(&d, &["events"]).status.success());
    // An empty file becomes a store without --init.
    let e = Dir::new("rel-empty");
    std::fs::write(e.db(), b"").unwrap();
    let o = run(&e, &["ingest", stories.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
}
