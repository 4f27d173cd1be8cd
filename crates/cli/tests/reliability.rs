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

/// A GDELT 2.0 row (61 columns).
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

/// A store with `rows` imported GDELT 2.0 events.
fn store_with_rows(name: &str, rows: usize) -> Dir {
    let d = Dir::new(name);
    let text: String = (0..rows).map(|i| gdelt2_row(i) + "\n").collect();
    let f = d.write("rows.export.CSV", &text);
    let o = run(&d, &["import", "gdelt2", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    d
}

/// Runs `quidpro --store DB ARGS` writing into a pipe (standard error too when
/// `stderr_too`), reads one line and closes the pipe; the exit code and standard error.
fn into_closed_pipe(d: &Dir, args: &[&str], stderr_too: bool) -> (Option<i32>, String) {
    use std::io::{BufRead, BufReader, Read};
    use std::process::Stdio;
    let (reader, writer) = std::io::pipe().unwrap();
    let mut cmd = common::bin();
    cmd.arg("--store").arg(d.db()).args(args).stdin(Stdio::null()).stdout(writer.try_clone().unwrap());
    if stderr_too {
        cmd.stderr(writer.try_clone().unwrap());
    } else {
        cmd.stderr(Stdio::piped());
    }
    let mut child = cmd.spawn().unwrap();
    drop(cmd);
    drop(writer);
    let mut first = String::new();
    BufReader::new(reader).read_line(&mut first).unwrap();
    assert!(!first.is_empty());
    // The reader is dropped here: the pipe is closed.
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        e.read_to_string(&mut stderr).unwrap();
    }
    (child.wait().unwrap().code(), stderr)
}

#[test]
fn a_closed_pipe_ends_quietly_with_exit_0() {
    let d = store_with_rows("rel-pipe", 3000);
    for format in ["jsonl", "csv", "table"] {
        let (code, stderr) = into_closed_pipe(&d, &["events", "--format", format], false);
        assert_eq!(code, Some(0), "{format}: {stderr}");
        assert!(stderr.is_empty(), "{format}: {stderr}");
        // Standard error is the closed pipe too (`2>&1 | head -1`): no panic.
        let (code, _) = into_closed_pipe(&d, &["events", "--format", format], true);
        assert_eq!(code, Some(0), "{format}, standard error closed too");
    }
    for args in [&["actors", "--format", "jsonl"][..], &["dict", "stats"][..]] {
        let (code, stderr) = into_closed_pipe(&d, args, true);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn percent_and_underscore_in_filters_are_taken_literally() {
    let d = store_with_rows("rel-like", 50);
    let count = |args: &[&str]| -> usize {
        let o = run(&d, args);
        assert!(o.status.success(), "{args:?}: {}", err(&o));
        common::out(&o).lines().count()
    };
    assert_eq!(count(&["events", "--format", "jsonl"]), 50);
    assert_eq!(count(&["events", "--format", "jsonl", "--code", "04"]), 9);
    for args in [
        &["events", "--format", "jsonl", "--code", "%"][..],
        &["events", "--format", "jsonl", "--code", "_"][..],
        &["events", "--format", "jsonl", "--code", "0_2"][..],
        &["events", "--format", "jsonl", "--actor", "%"][..],
        &["events", "--format", "jsonl", "--actor", "TUR%"][..],
        &["events", "--format", "jsonl", "--dyad", "TUR%-AZE"][..],
        &["actors", "--format", "jsonl", "%"][..],
        &["actors", "--format", "jsonl", "--code", "_"][..],
    ] {
        assert_eq!(count(args), 0, "{args:?}");
    }
    assert!(count(&["actors", "--format", "jsonl", "--code", "TUR"]) > 0);
}

#[test]
fn a_long_full_text_query_is_refused_naming_the_flag_and_runs_once_when_allowed() {
    let d = store_with_rows("rel-fts", 20_000);
    let stories = common::root().join("samples/stories.jsonl");
    let o = run(&d, &["ingest", stories.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let o = run(&d, &["events", "--format", "jsonl", "--search", "Azerbaijan"]);
    assert!(o.status.success(), "{}", err(&o));
    let found = common::out(&o).lines().count();
    assert!(found > 0);
    // A long query: refused by default, with the flag named.
    let long: String = (0..3000).map(|i| format!("w{i} ")).collect::<String>() + "Azerbaijan";
    let long = format!("{} OR Azerbaijan", long.split(' ').collect::<Vec<_>>().join(" OR "));
    for cmd in ["events", "search"] {
        let args: Vec<&str> =
            if cmd == "events" { vec!["events", "--search", &long] } else { vec!["search", &long] };
        let o = run(&d, &args);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", err(&o));
        assert!(err(&o).contains("--max-query-bytes"), "{}", err(&o));
    }
    // Allowed, it runs the full-text query once, not once per event.
    let started = std::time::Instant::now();
    let o = run(&d, &["events", "--format", "jsonl", "--max-query-bytes", "0", "--search", &long]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(common::out(&o).lines().count(), found);
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

/// Runs `quidpro --store DIR/q.db ARGS` with the folder read-only: through a read-only
/// bind mount in a mount namespace of its own when the tests run as root (for whom file
/// modes do not stop writes), else with the folder's and files' modes; `None` when
/// neither can be arranged.
fn run_read_only(d: &Dir, args: &[&str]) -> Option<std::process::Output> {
    use std::os::unix::fs::PermissionsExt;
    let root = std::process::Command::new("id").arg("-u").output().ok()?.stdout == b"0\n";
    if root {
        let dir = d.0.display().to_string();
        let script = format!(
            "mount --bind '{dir}' '{dir}' && mount -o remount,bind,ro '{dir}' && touch '{dir}/probe' 2>/dev/null && exit 99; exec \"$0\" \"$@\""
        );
        let o = std::process::Command::new("unshare")
            .args(["-m", "sh", "-c", &script, env!("CARGO_BIN_EXE_quidpro"), "--store"])
            .arg(d.db())
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .ok()?;
        // unshare or mount refused (no privilege), or the folder stayed writable.
        if err(&o).contains("unshare:") || err(&o).contains("mount:") || o.status.code() == Some(99) {
            return None;
        }
        return Some(o);
    }
    let set =
        |p: &Path, mode: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    let files: Vec<_> = std::fs::read_dir(&d.0).unwrap().map(|e| e.unwrap().path()).collect();
    files.iter().for_each(|f| set(f, 0o444));
    set(&d.0, 0o555);
    let o = run(d, args);
    set(&d.0, 0o755);
    files.iter().for_each(|f| set(f, 0o644));
    Some(o)
}

#[test]
fn reading_commands_work_on_a_read_only_store() {
    let d = store_with_rows("rel-ro", 500);
    let stories = common::root().join("samples/stories.jsonl");
    assert!(run(&d, &["ingest", stories.to_str().unwrap()]).status.success());
    let before = common::out(&run(&d, &["events", "--format", "jsonl"]));
    let out = std::env::temp_dir().join(format!("quidpro-ro-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    for args in [
        &["events", "--format", "jsonl"][..],
        &["events", "--search", "Azerbaijan"][..],
        &["dyad", "TUR", "AZE"][..],
        &["ledger", "TUR", "AZE"][..],
        &["actors", "erdogan"][..],
        &["search", "Azerbaijan"][..],
        &["report", "dyad", "TUR", "AZE"][..],
        &["export", "--format", "jsonl", out.to_str().unwrap()][..],
    ] {
        let Some(o) = run_read_only(&d, args) else {
            eprintln!("a read-only folder cannot be arranged here; skipped");
            return;
        };
        assert!(o.status.success(), "{args:?}: {}", err(&o));
        if args[..2] == ["events", "--format"] {
            assert_eq!(common::out(&o), before);
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    // A writing command says that it needs to write.
    let o = run_read_only(&d, &["ingest", stories.to_str().unwrap()]).unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("read-only"), "{}", err(&o));
}
