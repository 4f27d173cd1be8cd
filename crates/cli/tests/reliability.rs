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
