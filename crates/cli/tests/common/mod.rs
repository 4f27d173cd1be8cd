//! Helpers shared by the end-to-end tests of the `quidpro` binary. Each test file
//! includes this module (`mod common;`) and uses what it needs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_quidpro"))
}

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A temporary folder, removed on drop; `db()` is a store inside it.
pub struct Dir(pub PathBuf);

impl Dir {
    pub fn new(name: &str) -> Dir {
        let p = std::env::temp_dir().join(format!("quidpro-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Dir(p)
    }

    pub fn db(&self) -> PathBuf {
        self.0.join("q.db")
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.0.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, text).unwrap();
        p
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `quidpro --store DIR/q.db ARGS...` with no input.
pub fn run(d: &Dir, args: &[&str]) -> Output {
    bin().arg("--store").arg(d.db()).args(args).stdin(Stdio::null()).output().unwrap()
}

/// Standard output as text (which must be UTF-8).
pub fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("standard output is UTF-8")
}

/// Standard error as text.
pub fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `quidpro events --format jsonl ARGS...` parsed, asserting success.
pub fn jsonl(d: &Dir, args: &[&str]) -> Vec<serde_json::Value> {
    let mut a = vec!["events", "--format", "jsonl"];
    a.extend_from_slice(args);
    let o = run(d, &a);
    assert!(o.status.success(), "{}", err(&o));
    out(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The event whose dataset id is `id`.
pub fn by_id<'a>(evs: &'a [serde_json::Value], id: &str) -> &'a serde_json::Value {
    evs.iter().find(|e| e["dataset_id"] == id).unwrap_or_else(|| panic!("no event {id}"))
}

/// Actor names, which the JSON form does not show, read from the store.
pub fn names(d: &Dir, dataset: &str, id: &str) -> (Option<String>, Option<String>) {
    let store = quidpro_store::Store::open(&d.db()).unwrap();
    store
        .connection()
        .query_row(
            "SELECT source_name, target_name FROM all_events WHERE dataset = ?1 AND dataset_id = ?2",
            [dataset, id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}
