//! What the store already holds, for dedup: the stored segments' dedup and cluster keys
//! ([`KeySets`], kept from batch to batch) and the checks against `coded_events`.

use rusqlite::OptionalExtension;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::{sql_err, Result};

use super::Batch;

/// What the store knows of its segments, kept from batch to batch so that each does not
/// read them again: every dataset's dedup keys (read when a batch first adds an event of
/// the dataset), the cluster keys of all segment rows and the ids of the `clusters`
/// rows. A batch adds to it only when it commits; a commit by another connection
/// (`PRAGMA data_version`) makes it read again.
#[derive(Default)]
pub(crate) struct KeySets {
    pub(super) version: Option<i64>,
    pub(super) clusters_loaded: bool,
    pub(super) segment_clusters: KeyIndex<i64>,
    pub(super) row_clusters: FxHashSet<i64>,
    pub(super) keys: FxHashMap<String, KeyIndex<u128>>,
}

/// Keys of the stored segments: in a hash set, which a large import probes once per row;
/// or, for an import much smaller than the store, as each segment keeps them, sorted
/// (building a set of ten million keys for a file of fifteen hundred rows cost a second and
/// most of a gigabyte).
pub(super) enum KeyIndex<K> {
    Set(FxHashSet<K>),
    Sorted(Vec<Vec<K>>),
}

impl<K> Default for KeyIndex<K> {
    fn default() -> KeyIndex<K> {
        KeyIndex::Set(FxHashSet::default())
    }
}

impl<K: Ord + std::hash::Hash + Copy> KeyIndex<K> {
    /// An empty index of the kind for `rows` keys in `runs` sorted runs probed about
    /// `probes` times: the runs themselves when probing them all (a binary search in each)
    /// costs less than building a set of every key.
    fn for_sizes(rows: usize, runs: usize, probes: Option<usize>) -> KeyIndex<K> {
        match probes {
            Some(p) if p.saturating_mul(16) < rows && p.saturating_mul(runs.max(1)) < rows => {
                KeyIndex::Sorted(Vec::new())
            }
            _ => {
                let mut s = FxHashSet::default();
                s.reserve(rows);
                KeyIndex::Set(s)
            }
        }
    }

    pub(super) fn contains(&self, k: &K) -> bool {
        match self {
            KeyIndex::Set(s) => s.contains(k),
            KeyIndex::Sorted(runs) => runs.iter().any(|r| r.binary_search(k).is_ok()),
        }
    }

    /// Adds keys (a segment's, or a batch's).
    pub(super) fn extend(&mut self, keys: impl IntoIterator<Item = K>) {
        match self {
            KeyIndex::Set(s) => s.extend(keys),
            KeyIndex::Sorted(runs) => {
                let mut run: Vec<K> = keys.into_iter().collect();
                run.sort_unstable();
                if !run.is_empty() {
                    runs.push(run);
                }
                // Very many runs make each probe slow: one set then.
                if runs.len() > 4096 {
                    let mut set = FxHashSet::default();
                    set.reserve(runs.iter().map(Vec::len).sum());
                    set.extend(runs.drain(..).flatten());
                    *self = KeyIndex::Set(set);
                }
            }
        }
    }
}

impl Batch<'_> {
    /// Reads the dedup keys of a dataset's segments, once.
    pub(super) fn load_keys(&mut self, dataset: &str) -> Result<()> {
        if self.sets.keys.contains_key(dataset) {
            return Ok(());
        }
        let e = sql_err(self.path);
        let (stored, runs): (i64, i64) = self
            .tx
            .query_row(
                "SELECT coalesce(sum(rows), 0), count(*) FROM segments WHERE dataset = ?1",
                [dataset],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(&e)?;
        let mut index = KeyIndex::for_sizes(stored as usize, runs as usize, self.expected);
        {
            let mut stmt =
                self.tx.prepare_cached("SELECT keys FROM segments WHERE dataset = ?1").map_err(&e)?;
            let mut rows = stmt.query([dataset]).map_err(&e)?;
            while let Some(r) = rows.next().map_err(&e)? {
                let blob = r.get_ref(0).and_then(|v| v.as_blob().map_err(Into::into)).map_err(&e)?;
                index.extend(
                    blob.chunks_exact(16).map(|c| u128::from_le_bytes(c.try_into().unwrap_or_default())),
                );
            }
        }
        self.sets.keys.insert(dataset.to_string(), index);
        Ok(())
    }

    /// Reads the cluster keys of all segment rows and the ids of `clusters`, once.
    pub(super) fn load_clusters(&mut self) -> Result<()> {
        if self.sets.clusters_loaded {
            return Ok(());
        }
        let e = sql_err(self.path);
        {
            let (stored, runs): (i64, i64) = self
                .tx
                .query_row("SELECT coalesce(sum(rows), 0), count(*) FROM segments", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .map_err(&e)?;
            self.sets.segment_clusters = KeyIndex::for_sizes(stored as usize, runs as usize, self.expected);
            let mut stmt = self.tx.prepare_cached("SELECT clusters FROM segments").map_err(&e)?;
            let mut rows = stmt.query([]).map_err(&e)?;
            while let Some(r) = rows.next().map_err(&e)? {
                let blob = r.get_ref(0).and_then(|v| v.as_blob().map_err(Into::into)).map_err(&e)?;
                self.sets.segment_clusters.extend(
                    blob.chunks_exact(8).map(|c| i64::from_le_bytes(c.try_into().unwrap_or_default())),
                );
            }
            let mut stmt = self.tx.prepare_cached("SELECT id FROM clusters").map_err(&e)?;
            let ids = stmt.query_map([], |r| r.get::<_, i64>(0)).map_err(&e)?;
            for id in ids {
                self.sets.row_clusters.insert(id.map_err(&e)?);
            }
        }
        self.sets.clusters_loaded = true;
        Ok(())
    }

    pub(super) fn has_rows_of(&mut self, dataset: &str) -> Result<bool> {
        if let Some(&b) = self.dataset_rows.get(dataset) {
            return Ok(b);
        }
        let b = self
            .tx
            .query_row("SELECT 1 FROM coded_events WHERE dataset = ?1 LIMIT 1", [dataset], |_| Ok(()))
            .optional()
            .map_err(sql_err(self.path))?
            .is_some();
        self.dataset_rows.insert(dataset.to_string(), b);
        Ok(b)
    }

    pub(super) fn row_exists(&self, dataset: &str, id: &str) -> Result<bool> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT 1 FROM coded_events WHERE dataset = ?1 AND dataset_id = ?2")
            .map_err(sql_err(self.path))?;
        stmt.exists([dataset, id]).map_err(sql_err(self.path))
    }
}
