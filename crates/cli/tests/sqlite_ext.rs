//! The loadable SQLite extension `libquidpro_sqlite` (crates/sqlite-ext) in the `sqlite3`
//! shell: with it, a store answers SQL over every event, and the counts and sums equal
//! `quidpro events` and `quidpro dyad`; without it, `events` fails with "no such module"
//! rather than counting only the coded events.
//!
//! The extension is built apart (`cargo build --release --manifest-path
//! crates/sqlite-ext/Cargo.toml --target-dir target`); the test finds it at
//! `$QUIDPRO_SQLITE_EXT` or `target/release/libquidpro_sqlite.so`. Without it or without
//! `sqlite3`, the test says so and passes, unless `QUIDPRO_REQUIRE_SQLITE_EXT` is set
//! (CI sets it, in its own step).

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{err, out, root, run, Dir};

fn extension() -> Option<PathBuf> {
    let p = std::env::var_os("QUIDPRO_SQLITE_EXT")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/release/libquidpro_sqlite.so"));
    let have =
        p.exists() && Command::new("sqlite3").arg("--version").output().is_ok_and(|o| o.status.success());
    if !have {
        assert!(
            std::env::var_os("QUIDPRO_REQUIRE_SQLITE_EXT").is_none(),
            "{} or the sqlite3 shell is missing (QUIDPRO_REQUIRE_SQLITE_EXT is set)",
            p.display()
        );
        eprintln!("skipped: {} or sqlite3 missing (build crates/sqlite-ext, install sqlite3)", p.display());
        return None;
    }
    Some(p.canonicalize().unwrap())
}

/// `sqlite3 DB [-cmd '.load EXT'] SQL`, as CSV without a header.
fn sqlite3(d: &Dir, ext: Option<&PathBuf>, sql: &str) -> std::process::Output {
    let mut c = Command::new("sqlite3");
    c.arg("-csv").arg("-bail");
    if let Some(e) = ext {
        // `.load` takes the path without its suffix too; the full one is given here.
        c.arg("-cmd").arg(format!(".load {}", e.display()));
    }
    c.arg(d.db()).arg(sql).output().unwrap()
}

#[test]
fn sqlite3_with_the_extension_reads_every_event() {
    let Some(ext) = extension() else { return };
    let d = Dir::new("sqlite-ext");
    let s = root().join("samples");
    for args in [
        vec!["ingest".to_string(), s.join("stories.jsonl").display().to_string()],
        vec![
            "import".to_string(),
            "gdelt2".to_string(),
            s.join("gdelt-sample.export.CSV").display().to_string(),
        ],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&d, &args);
        assert!(o.status.success(), "{}", err(&o));
    }
    // Without the extension: no silent count of the coded events alone.
    let o = sqlite3(&d, None, "SELECT count(*) FROM events;");
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no such module: quidpro_segment_events"), "{o:?}");
    let coded = sqlite3(&d, None, "SELECT count(*) FROM coded_events;");
    assert!(coded.status.success(), "{coded:?}");

    // With it: the counts and sums of `quidpro events`.
    let o = run(&d, &["events", "--format", "jsonl"]);
    let events: Vec<serde_json::Value> = out(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let o = sqlite3(
        &d,
        Some(&ext),
        "SELECT dataset, count(*), count(DISTINCT id), printf('%.4f', sum(goldstein)), count(plover) \
         FROM events GROUP BY dataset ORDER BY dataset;",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let mut want = String::new();
    for ds in ["gdelt2", "quidpro"] {
        let of: Vec<&serde_json::Value> = events.iter().filter(|e| e["dataset"] == ds).collect();
        assert!(!of.is_empty());
        let g: f64 = of.iter().map(|e| e["goldstein"].as_f64().unwrap()).sum();
        let p = of.iter().filter(|e| !e["plover"].is_null()).count();
        want.push_str(&format!("{ds},{},{},{g:.4},{p}\n", of.len(), of.len()));
    }
    assert_eq!(text, want);
    assert_eq!(
        String::from_utf8_lossy(&coded.stdout).trim(),
        events.iter().filter(|e| e["dataset"] == "quidpro").count().to_string()
    );

    // The monthly aggregates: `quidpro dyad`'s series.
    let o = run(&d, &["dyad", "TUR", "AZE", "--by", "month", "--format", "csv"]);
    assert!(o.status.success(), "{}", err(&o));
    let mut series = String::new();
    for (i, l) in out(&o).lines().enumerate().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        if f[1] != "0" {
            series.push_str(&format!("{},{},{}\n", f[0], f[1], f[2]));
        }
        assert!(i < 1000);
    }
    let o = sqlite3(
        &d,
        Some(&ext),
        "SELECT month, clusters, printf('%.2f', goldstein_sum) FROM all_dyad_months \
         WHERE source_country = 'TUR' AND target_country = 'AZE' AND clusters > 0 ORDER BY month;",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!series.is_empty());
    assert_eq!(String::from_utf8_lossy(&o.stdout), series);
    let o = sqlite3(
        &d,
        Some(&ext),
        "SELECT (SELECT sum(clusters) FROM all_month_totals) = (SELECT count(*) FROM all_clusters);",
    );
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "1", "{o:?}");
}
