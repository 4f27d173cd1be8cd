//! Writing an export safely.
//!
//! * Nothing is written through a symbolic link. This applies to the output folder, an
//!   `events.csv` or `events.jsonl` in it, or a `year=` folder. A link is refused by
//!   name, dangling or not.
//! * Each file is written under a temporary name in the same folder. It is synced, then
//!   renamed over its final name. A reader sees the old file or the new one, never half
//!   of one.
//! * An existing export is replaced only when forced. That means an `events.csv`, an
//!   `events.jsonl`, or the `year=YYYY` partitions of a Parquet export.
//! * A Parquet export is written into a hidden staging folder inside the output folder.
//!   When every part is written, the old partitions move out and the new ones move in.
//!   A forced export therefore leaves no stale partition. A failed export leaves the old
//!   export as it was. Readers skip hidden folders; [`crate::import_parquet`] does too.

use std::fs::{File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::{Error, Result};

fn io(path: &Path, message: impl Into<String>) -> Error {
    Error::Io { path: path.display().to_string(), message: message.into() }
}

/// A name unique to this process and call, for temporary files and folders.
fn unique(prefix: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!(".{prefix}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

/// The output folder: created when missing; refused when it is a symbolic link or no
/// folder.
pub(crate) fn prepare_dir(dir: &Path) -> Result<()> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => Err(io(
            dir,
            "is a symbolic link; export does not write through one (give the folder it points to)",
        )),
        Ok(m) if !m.is_dir() => Err(io(dir, "exists and is not a folder")),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|e| io(dir, e.to_string()))
        }
        Err(e) => Err(io(dir, e.to_string())),
    }
}

/// Refuses a final name that is a symbolic link or a folder. An existing file is refused
/// too, unless `force`.
fn check_target(target: &Path, force: bool) -> Result<()> {
    match std::fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => {
            Err(io(target, "is a symbolic link; export does not write through one"))
        }
        Ok(m) if m.is_dir() => Err(io(target, "is a folder")),
        Ok(_) if !force => Err(Error::Exists { path: target.display().to_string() }),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io(target, e.to_string())),
    }
}

/// Syncs a folder so that a rename in it is durable. Filesystems that cannot sync a
/// folder are not an error.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// A file written under a temporary name in its final folder, renamed over the final
/// name on [`AtomicFile::commit`]. If it is dropped uncommitted, the temporary file is
/// removed.
pub(crate) struct AtomicFile {
    target: PathBuf,
    tmp: PathBuf,
    file: File,
    force: bool,
    done: bool,
}

impl AtomicFile {
    /// Checks `target` (see [`check_target`]) and creates the temporary file beside it.
    /// The temporary file is opened with `O_CREAT | O_EXCL`, which never follows a link.
    pub(crate) fn create(target: &Path, force: bool) -> Result<AtomicFile> {
        check_target(target, force)?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = target.with_file_name(unique(&format!("{name}.tmp")));
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| io(&tmp, e.to_string()))?;
        Ok(AtomicFile { target: target.to_path_buf(), tmp, file, force, done: false })
    }

    /// A handle to write through. It shares the file with the one kept for the sync.
    pub(crate) fn writer(&self) -> Result<File> {
        self.file.try_clone().map_err(|e| io(&self.tmp, e.to_string()))
    }

    /// Syncs the file and renames it over the final name, after checking that name again
    /// (a link may have appeared meanwhile).
    pub(crate) fn commit(mut self) -> Result<()> {
        self.file.sync_all().map_err(|e| io(&self.tmp, e.to_string()))?;
        check_target(&self.target, self.force)?;
        std::fs::rename(&self.tmp, &self.target).map_err(|e| io(&self.target, e.to_string()))?;
        self.done = true;
        if let Some(parent) = self.target.parent() {
            sync_dir(parent);
        }
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Whether a folder entry's name is one of a Parquet export's partitions (`year=...`).
fn is_partition(name: &str) -> bool {
    name.starts_with("year=")
}

/// The partitions of an earlier Parquet export in `dir`, sorted.
fn partitions(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).map_err(|e| io(dir, e.to_string()))? {
        let e = e.map_err(|e| io(dir, e.to_string()))?;
        if is_partition(&e.file_name().to_string_lossy()) {
            v.push(e.path());
        }
    }
    v.sort();
    Ok(v)
}

/// A hidden staging folder inside the output folder that a Parquet export is written
/// into. It is removed with everything in it unless [`Staging::publish`] succeeds.
pub(crate) struct Staging {
    dir: PathBuf,
    path: PathBuf,
    force: bool,
}

impl Staging {
    /// Refuses an existing export unless `force`, then creates the staging folder.
    pub(crate) fn create(dir: &Path, force: bool) -> Result<Staging> {
        if !force {
            if let Some(p) = partitions(dir)?.into_iter().next() {
                return Err(Error::Exists { path: p.display().to_string() });
            }
        }
        let path = dir.join(unique("quidpro-export"));
        std::fs::create_dir(&path).map_err(|e| io(&path, e.to_string()))?;
        Ok(Staging { dir: dir.to_path_buf(), path, force })
    }

    /// The folder to write the partitions into.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Moves the old partitions out and the new ones in, then removes both leftovers.
    /// `files` (paths under the staging folder) become paths under the output folder.
    pub(crate) fn publish(self, files: &mut [String]) -> Result<()> {
        let new = partitions(&self.path)?;
        let old = partitions(&self.dir)?;
        if !old.is_empty() && !self.force {
            return Err(Error::Exists { path: old[0].display().to_string() });
        }
        let trash = self.dir.join(unique("quidpro-replaced"));
        if !old.is_empty() {
            std::fs::create_dir(&trash).map_err(|e| io(&trash, e.to_string()))?;
        }
        // Each step is a rename (a link moves itself, never what it points to); on a
        // failure the steps done are undone in reverse, so the old export stays.
        let mut done: Vec<(PathBuf, PathBuf)> = Vec::new();
        let steps = old
            .iter()
            .map(|p| (p.clone(), trash.join(p.file_name().unwrap_or_default())))
            .chain(new.iter().map(|p| (p.clone(), self.dir.join(p.file_name().unwrap_or_default()))));
        for (from, to) in steps {
            if let Err(e) = std::fs::rename(&from, &to) {
                for (f, t) in done.iter().rev() {
                    let _ = std::fs::rename(t, f);
                }
                let _ = std::fs::remove_dir(&trash);
                return Err(io(&to, e.to_string()));
            }
            done.push((from, to));
        }
        sync_dir(&self.dir);
        if !old.is_empty() {
            std::fs::remove_dir_all(&trash).map_err(|e| io(&trash, e.to_string()))?;
        }
        let staged = self.path.display().to_string();
        let dir = self.dir.display().to_string();
        for f in files.iter_mut() {
            if let Some(rest) = f.strip_prefix(&staged) {
                *f = format!("{dir}{rest}");
            }
        }
        // Drop removes the staging folder, empty now.
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Syncs a finished part file (its folder is synced when the partitions move in).
pub(crate) fn sync_file(file: &File, path: &Path) -> Result<()> {
    file.sync_all().map_err(|e| io(path, e.to_string()))
}
