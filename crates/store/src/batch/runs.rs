//! Import runs: the rows of `import_runs` and their counts.

use std::collections::BTreeMap;

use rusqlite::params;

use crate::Result;

use super::Batch;

/// Counts of an import run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Rows (or stories) read.
    pub read: u64,
    /// Stored.
    pub stored: u64,
    /// Already in the store.
    pub duplicates: u64,
    /// Skipped, by reason.
    pub skipped: BTreeMap<String, u64>,
}

impl RunStats {
    /// Total skipped.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }
}

impl Batch<'_> {
    /// Records the start of an import run; returns its id.
    ///
    /// # Errors
    /// [`Error::Sqlite`](crate::Error::Sqlite) if SQLite fails.
    pub fn begin_run(&mut self, kind: &str, file: &str) -> Result<i64> {
        self.tx
            .execute(
                "INSERT INTO import_runs (kind, file, started) VALUES (?1, ?2, ?3)",
                params![kind, file, self.now],
            )
            .map_err(self.e())?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Records the counts and status of a run (`complete`).
    ///
    /// # Errors
    /// [`Error::Sqlite`](crate::Error::Sqlite) if SQLite fails.
    pub fn finish_run(&mut self, run: i64, stats: &RunStats) -> Result<()> {
        self.end_run(run, stats, "complete")
    }

    /// Records that a run failed (a write failed, reading stopped) with the counts of the
    /// transactions it committed before (status `failed`).
    ///
    /// # Errors
    /// [`Error::Sqlite`](crate::Error::Sqlite) if SQLite fails.
    pub fn fail_run(&mut self, run: i64, committed: &RunStats) -> Result<()> {
        self.end_run(run, committed, "failed")
    }

    /// Records the counts of a run so far, in this batch's transaction: what its committed
    /// transactions hold stays written with them, even when the final status cannot be
    /// written (a disk with no room left at all; a killed process). A run still `running`
    /// after its process ended was interrupted, and its counts are what it committed.
    ///
    /// # Errors
    /// [`Error::Sqlite`](crate::Error::Sqlite) if SQLite fails.
    pub fn record_run(&mut self, run: i64, stats: &RunStats) -> Result<()> {
        let reasons = serde_json::to_string(&stats.skipped).unwrap_or_else(|_| "{}".into());
        self.tx
            .execute(
                "UPDATE import_runs SET rows_read = ?2, rows_stored = ?3, rows_skipped = ?4, duplicates = ?5, \
                 skipped_by_reason = ?6 WHERE id = ?1",
                params![
                    run,
                    stats.read as i64,
                    stats.stored as i64,
                    stats.skipped_total() as i64,
                    stats.duplicates as i64,
                    reasons
                ],
            )
            .map_err(self.e())?;
        Ok(())
    }

    fn end_run(&mut self, run: i64, stats: &RunStats, status: &str) -> Result<()> {
        let reasons = serde_json::to_string(&stats.skipped).unwrap_or_else(|_| "{}".into());
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.tx
            .execute(
                "UPDATE import_runs SET finished = ?2, rows_read = ?3, rows_stored = ?4, \
                 rows_skipped = ?5, duplicates = ?6, skipped_by_reason = ?7, status = ?8 \
                 WHERE id = ?1",
                params![
                    run,
                    now,
                    stats.read as i64,
                    stats.stored as i64,
                    stats.skipped_total() as i64,
                    stats.duplicates as i64,
                    reasons,
                    status
                ],
            )
            .map_err(self.e())?;
        Ok(())
    }

    /// Removes a run record (a refused strict import leaves no trace).
    ///
    /// # Errors
    /// [`Error::Sqlite`](crate::Error::Sqlite) if SQLite fails.
    pub fn remove_run(&mut self, run: i64) -> Result<()> {
        self.tx.execute("DELETE FROM import_runs WHERE id = ?1", [run]).map_err(self.e())?;
        Ok(())
    }
}
