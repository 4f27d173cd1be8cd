//! `quidpro export` writes safely. It never writes through a symbolic link, dangling or
//! not, whether the link is the folder, `events.csv`, `events.jsonl` or a `year=`
//! partition. It replaces an earlier export only with `--force`, and leaves no stale
//! partition and no temporary file behind.

mod common;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use common::{err, run, Dir};

/// A GDELT 2.0 row (61 columns) of 2024, month `1 + i % 12`.
fn gdelt2_row(i: usize) -> String {
    let mut f = vec![String::new(); 61];
    f[0] = format!("{}", 7_000_000 + i);
    f[1] = format!("2024{:02}{:02}", 1 + i % 12, 1 + i % 28);
    f[5] = ["TURGOV", "AZEMIL"][i % 2].into();
    f[15] = ["AZEGOV", "ARM"][(i / 2) % 2].into();
    f[26] = ["042", "190"][i % 2].into();
    f[59] = "20240301000000".into();
    f[60] = format!("https://example.org/{i}");
    f.join("\t")
}

fn store(name: &str, rows: usize) -> Dir {
    let d = Dir::new(name);
    let text: String = (0..rows).map(|i| gdelt2_row(i) + "\n").collect();
    let f = d.write("rows.export.CSV", &text);
    let o = run(&d, &["import", "gdelt2", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    d
}

fn export(d: &Dir, args: &[&str], out: &Path) -> std::process::Output {
    let mut a = vec!["export"];
    a.extend_from_slice(args);
    a.push(out.to_str().unwrap());
    run(d, &a)
}

/// The names in a folder, hidden ones included, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Every Parquet file under `dir`, relative to it.
fn parts(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, p: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(p).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut v = Vec::new();
    walk(dir, dir, &mut v);
    v.sort();
    v
}

#[test]
fn export_never_writes_through_a_symbolic_link() {
    let d = store("export-links", 60);
    let out = d.0.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let victim = d.0.join("victim.txt");
    std::fs::write(&victim, "precious\n").unwrap();
    for (format, name) in [("csv", "events.csv"), ("jsonl", "events.jsonl")] {
        let link = out.join(name);
        // A link to an existing file: refused even with --force, the file untouched.
        symlink(&victim, &link).unwrap();
        for force in [&[][..], &["--force"][..]] {
            let mut args = vec!["--format", format];
            args.extend_from_slice(force);
            let o = export(&d, &args, &out);
            assert_eq!(o.status.code(), Some(1), "{format} {force:?}: {}", err(&o));
            assert!(err(&o).contains(&link.display().to_string()), "{}", err(&o));
            assert!(err(&o).contains("symbolic link"), "{}", err(&o));
            assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
        }
        std::fs::remove_file(&link).unwrap();
        // A dangling link: nothing is created where it points.
        let nowhere = d.0.join(format!("created-{name}"));
        symlink(&nowhere, &link).unwrap();
        let o = export(&d, &["--format", format, "--force"], &out);
        assert_eq!(o.status.code(), Some(1), "{}", err(&o));
        assert!(!nowhere.exists(), "written through a dangling link");
        std::fs::remove_file(&link).unwrap();
    }
    // The output folder itself a link.
    let real = d.0.join("real");
    std::fs::create_dir_all(&real).unwrap();
    let linked = d.0.join("linked");
    symlink(&real, &linked).unwrap();
    let o = export(&d, &["--format", "csv"], &linked);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains(&linked.display().to_string()), "{}", err(&o));
    assert!(names(&real).is_empty());
    // A `year=` partition that is a link to another folder: a forced Parquet export
    // replaces the link, and the folder it pointed to keeps its file.
    let elsewhere = d.0.join("elsewhere");
    std::fs::create_dir_all(elsewhere.join("month=01")).unwrap();
    std::fs::write(elsewhere.join("month=01/part-00000.parquet"), "not ours").unwrap();
    symlink(&elsewhere, out.join("year=2024")).unwrap();
    let o = export(&d, &["--format", "parquet"], &out);
    assert_eq!(o.status.code(), Some(1), "an earlier partition is refused without --force: {}", err(&o));
    assert!(err(&o).contains("year=2024"), "{}", err(&o));
    let o = export(&d, &["--format", "parquet", "--force"], &out);
    assert!(o.status.success(), "{}", err(&o));
    assert!(!out.join("year=2024").is_symlink());
    assert_eq!(std::fs::read_to_string(elsewhere.join("month=01/part-00000.parquet")).unwrap(), "not ours");
    assert_eq!(names(&elsewhere), ["month=01"]);
}

#[test]
fn export_replaces_an_earlier_export_only_with_force() {
    let d = store("export-force", 120);
    let out = d.0.join("out");
    for format in ["csv", "jsonl"] {
        let file = out.join(format!("events.{format}"));
        let o = export(&d, &["--format", format, "--to", "2024-06-30"], &out);
        assert!(o.status.success(), "{}", err(&o));
        let first = std::fs::read_to_string(&file).unwrap();
        // Again: refused, naming the file, the first export kept.
        let o = export(&d, &["--format", format], &out);
        assert_eq!(o.status.code(), Some(1), "{}", err(&o));
        assert!(err(&o).contains(&file.display().to_string()), "{}", err(&o));
        assert!(err(&o).contains("--force"), "{}", err(&o));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), first);
        // Forced: replaced by the whole store.
        let o = export(&d, &["--format", format, "--force"], &out);
        assert!(o.status.success(), "{}", err(&o));
        let second = std::fs::read_to_string(&file).unwrap();
        assert!(second.len() > first.len());
        assert_eq!(second.lines().count(), 120 + usize::from(format == "csv"));
    }
    // Parquet: all twelve months, then only the last three, forced: no stale partition.
    let o = export(&d, &["--format", "parquet"], &out);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(parts(&out).iter().filter(|p| p.starts_with("year=2024")).count(), 12);
    let o = export(&d, &["--format", "parquet", "--from", "2024-10-01"], &out);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("year=2024"), "{}", err(&o));
    let o = export(&d, &["--format", "parquet", "--from", "2024-10-01", "--force"], &out);
    assert!(o.status.success(), "{}", err(&o));
    let p = parts(&out);
    assert_eq!(
        p.iter().filter(|p| p.starts_with("year=2024")).map(|p| p.display().to_string()).collect::<Vec<_>>(),
        [
            "year=2024/month=10/part-00000.parquet",
            "year=2024/month=11/part-00000.parquet",
            "year=2024/month=12/part-00000.parquet"
        ]
    );
    // Nothing temporary is left, and the export reads back as the last one wrote it.
    assert_eq!(names(&out), ["_schema.json", "events.csv", "events.jsonl", "year=2024"]);
    let d2 = Dir::new("export-force-back");
    let o = run(&d2, &["import", "parquet", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("30 rows read, 30 stored"), "{}", err(&o));
}

#[test]
fn a_failed_parquet_export_keeps_the_earlier_one() {
    let d = store("export-fail", 24);
    let out = d.0.join("out");
    let o = export(&d, &["--format", "parquet"], &out);
    assert!(o.status.success(), "{}", err(&o));
    let before = parts(&out);
    // A bad date fails before anything is written; a store that cannot be opened fails
    // after the folder is checked. Either way the earlier export stays whole.
    let o = export(&d, &["--format", "parquet", "--force", "--from", "2024-13-01"], &out);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let empty = Dir::new("export-fail-nostore");
    let o = export(&empty, &["--format", "parquet", "--force"], &out);
    assert_ne!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(parts(&out), before);
    assert_eq!(names(&out).iter().filter(|n| n.starts_with('.')).count(), 0);
}
