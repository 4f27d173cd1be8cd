//! Merging small segments: what many small imports leave behind.
//!
//! Every committed batch of an import writes its own segments, so a thousand imports of a
//! thousand rows leave a thousand segments of a thousand rows, and every reader pays per
//! segment: a `segments` row and a `segment_dyads` run per dyad to look up, a blob to open
//! per run, a header to parse. [`Store::merge_segments`] rewrites them as few large ones
//! (like a log-structured merge; [`MergePolicy`] says which).
//!
//! What a merge keeps exactly: every row with every field (decoded with
//! [`quidpro_segment::read_rows`] and encoded again), its dataset, its import run and
//! when it was retrieved (a merged segment keeps these per row, in the columns `RunId`
//! and `Retrieved`, when its rows come from more than one run), the dedup keys and
//! cluster keys (the same rows), and so the `clusters` table and the monthly aggregates,
//! which a merge does not touch (they count clusters, not segments). What changes: the
//! row ids of the merged events (`all_events.id` is the row's place in its segment,
//! `2^40 + segment × 2^20 + row`), and with them the order of imported events of the same
//! day (by dyad in a segment). The stable event id (`StoredEvent::id`, from dataset and
//! dataset id) does not change.
//!
//! A merge is one immediate transaction: the merged segments are written first (their
//! ids above every id in the table, so no id is reused while a reader may hold it), the
//! small ones deleted after, and the rows counted before and after; a kill at any point
//! leaves the store as it was before or after the merge.

use rusqlite::{params, TransactionBehavior};

use crate::segment::{self, event_key, read_rows, Builder};
use crate::{sql_err, Error, Result, Store};

/// Which segments a merge combines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MergePolicy {
    /// A segment of fewer rows is small (default 2^16, half a full segment: a bulk import
    /// writes full segments of 2^17 rows and a last one of the rest; batches of the
    /// default 50,000 rows are small).
    pub small_below: usize,
    /// The most rows of a merged segment (default 2^17, what a bulk import writes).
    pub max_rows: usize,
    /// A dataset's small segments are merged only when it has at least this many
    /// (default 2; at least 2).
    pub min_segments: usize,
}

impl Default for MergePolicy {
    fn default() -> MergePolicy {
        MergePolicy { small_below: 1 << 16, max_rows: segment::FLUSH_ROWS, min_segments: 2 }
    }
}

/// What a merge did to one dataset's segments.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct MergedDataset {
    /// The dataset.
    pub dataset: String,
    /// Its segments before the merge.
    pub segments_before: usize,
    /// The small segments merged.
    pub merged: usize,
    /// The segments written in their place.
    pub written: usize,
    /// The rows moved.
    pub rows: u64,
    /// Its segments after the merge.
    pub segments_after: usize,
}

/// One small segment to merge.
struct Small {
    id: i64,
    run: Option<i64>,
    retrieved: String,
    rows: usize,
}

impl Store {
    /// Merges each dataset's small segments (fewer than `policy.small_below` rows, in the
    /// order they were written) into segments of up to `policy.max_rows` rows, in one
    /// transaction. Returns what it did per dataset (datasets with nothing to merge too);
    /// merging again right after finds nothing.
    ///
    /// # Errors
    /// [`Error::Sqlite`] when SQLite fails or a segment is damaged (nothing is changed
    /// then); [`Error::Invalid`] for a policy of `max_rows` 0 or above the segment limit.
    pub fn merge_segments(&mut self, policy: &MergePolicy) -> Result<Vec<MergedDataset>> {
        if policy.max_rows == 0 || policy.max_rows > segment::MAX_ROWS {
            return Err(Error::Invalid(format!(
                "merged segments hold 1 to {} rows, not {}",
                segment::MAX_ROWS,
                policy.max_rows
            )));
        }
        let path = self.path.clone();
        let e = sql_err(&path);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&e)?;
        let datasets: Vec<(String, usize)> = {
            let mut stmt = tx
                .prepare("SELECT dataset, count(*) FROM segments GROUP BY dataset ORDER BY dataset")
                .map_err(&e)?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize))).map_err(&e)?;
            rows.collect::<rusqlite::Result<_>>().map_err(&e)?
        };
        let mut out = Vec::new();
        for (dataset, before) in datasets {
            let small: Vec<Small> = {
                let mut stmt = tx
                    .prepare(
                        "SELECT id, run_id, retrieved, rows FROM segments WHERE dataset = ?1 AND rows < ?2 ORDER BY id",
                    )
                    .map_err(&e)?;
                let rows = stmt
                    .query_map(params![dataset, policy.small_below as i64], |r| {
                        Ok(Small {
                            id: r.get(0)?,
                            run: r.get(1)?,
                            retrieved: r.get(2)?,
                            rows: r.get::<_, i64>(3)? as usize,
                        })
                    })
                    .map_err(&e)?;
                rows.collect::<rusqlite::Result<_>>().map_err(&e)?
            };
            let mut done =
                MergedDataset { dataset: dataset.clone(), segments_before: before, ..Default::default() };
            if small.len() >= policy.min_segments.max(2) {
                // Consecutive small segments, as many as fill a merged one.
                let mut plans: Vec<&[Small]> = Vec::new();
                let mut start = 0;
                let mut rows = 0;
                for (i, s) in small.iter().enumerate() {
                    if i > start && rows + s.rows > policy.max_rows {
                        plans.push(&small[start..i]);
                        (start, rows) = (i, 0);
                    }
                    rows += s.rows;
                }
                plans.push(&small[start..]);
                for plan in plans.into_iter().filter(|p| p.len() >= 2) {
                    let (written, moved) = merge_plan(&tx, &path, &dataset, plan, policy.max_rows)?;
                    done.merged += plan.len();
                    done.written += written;
                    done.rows += moved;
                }
            }
            done.segments_after = before - done.merged + done.written;
            out.push(done);
        }
        tx.commit().map_err(&e)?;
        Ok(out)
    }
}

/// Merges the segments of `plan` (one dataset's, in id order) into new ones of up to
/// `max_rows` rows, then deletes them. Returns the segments written and the rows moved.
fn merge_plan(
    tx: &rusqlite::Transaction<'_>,
    path: &std::path::Path,
    dataset: &str,
    plan: &[Small],
    max_rows: usize,
) -> Result<(usize, u64)> {
    let e = sql_err(path);
    let damaged = |id: i64, m: std::io::Error| {
        e(rusqlite::Error::ModuleError(format!("merging segments: segment {id} is damaged: {m}")))
    };
    // The merged segment's run and time are its rows' when they share them; else none and
    // the latest, and each row keeps its own.
    let run = plan[0].run.filter(|r| plan.iter().all(|s| s.run == Some(*r)));
    let retrieved = plan.iter().map(|s| s.retrieved.as_str()).max().unwrap_or_default().to_string();
    let mut builder = Builder::new();
    let mut written = 0;
    let mut moved = 0u64;
    let mut store = |b: &mut Builder| -> Result<()> {
        if !b.is_empty() {
            crate::batch::store_encoded(tx, path, dataset, run, &retrieved, b.encode())?;
            written += 1;
        }
        Ok(())
    };
    for s in plan {
        let mut read = 0;
        for g in 0..s.rows.div_ceil(segment::GROUP) {
            let data: Vec<u8> = tx
                .query_row(
                    "SELECT data FROM segment_groups WHERE id = ?1",
                    [segment::group_id(s.id, g)],
                    |r| r.get(0),
                )
                .map_err(&e)?;
            let rows = read_rows(&mut std::io::Cursor::new(&data[..])).map_err(|m| damaged(s.id, m))?;
            for mut row in rows {
                row.run = row.run.or(s.run);
                row.retrieved = row.retrieved.or_else(|| Some(s.retrieved.clone()));
                builder.push(&row.as_ref(), event_key(dataset, &row.dataset_id));
                read += 1;
                if builder.len() >= max_rows || builder.full() {
                    store(&mut builder)?;
                }
            }
        }
        if read != s.rows {
            return Err(Error::Invalid(format!(
                "merging segments: segment {} says {} rows and holds {read}",
                s.id, s.rows
            )));
        }
        moved += read as u64;
    }
    store(&mut builder)?;
    // `segment_dyads` is keyed by dyad first: the plan's rows leave in one pass over it
    // (a pass per segment made a merge of a thousand segments take 50 s).
    let ids: Vec<String> = plan.iter().map(|s| s.id.to_string()).collect();
    tx.execute(&format!("DELETE FROM segment_dyads WHERE segment IN ({})", ids.join(", ")), [])
        .map_err(&e)?;
    for s in plan {
        tx.execute(
            "DELETE FROM segment_groups WHERE id >= ?1 AND id < ?2",
            [segment::group_id(s.id, 0), segment::group_id(s.id + 1, 0)],
        )
        .map_err(&e)?;
        tx.execute("DELETE FROM segments WHERE id = ?1", [s.id]).map_err(&e)?;
    }
    Ok((written, moved))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EventQuery, NewEvent};

    /// Everything a reader sees of the events, clusters and aggregates, in an order that
    /// does not depend on storage.
    fn snapshot(store: &Store) -> Vec<String> {
        let mut events: Vec<String> = store
            .events(&EventQuery::default())
            .unwrap()
            .into_iter()
            .map(|e| serde_json::to_string(&e).unwrap())
            .collect();
        events.sort();
        let conn = store.connection();
        let mut out = events;
        for sql in [
            "SELECT dataset || '/' || dataset_id || ' ' || coalesce(run_id, '-') || ' ' || retrieved || ' ' || \
             coalesce(cluster_id, '-') || ' ' || source_country || target_country FROM all_events ORDER BY 1",
            "SELECT id || ' ' || n_events FROM all_clusters ORDER BY 1",
            "SELECT source_country || target_country || month || ' ' || clusters || ' ' || goldstein_sum FROM all_dyad_months ORDER BY 1",
            "SELECT month || ' ' || clusters FROM all_month_totals ORDER BY 1",
        ] {
            let mut stmt = conn.prepare(sql).unwrap();
            let rows: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
            assert!(!rows.is_empty(), "{sql}");
            out.push(format!("-- {sql}"));
            out.extend(rows);
        }
        let mut pair: Vec<String> = store
            .segment_dyad_rows("TUR", "AZE", None, None)
            .unwrap()
            .into_iter()
            .map(|r| format!("{} {} {}", r.dataset_id, r.date, r.code))
            .collect();
        pair.sort();
        out.extend(pair);
        out
    }

    fn segments(store: &Store) -> i64 {
        store.connection().query_row("SELECT count(*) FROM segments", [], |r| r.get(0)).unwrap()
    }

    /// `n` imports of `rows` events each (some shared clusters), each its own run.
    fn many_imports(store: &mut Store, n: usize, rows: usize) {
        let actors = [("TURGOV", "AZE"), ("AZE", "TURMIL"), ("ARM", "AZE"), ("RUS", "UKR")];
        for k in 0..n {
            let mut b = store.batch().unwrap();
            let run = b.begin_run("gdelt2", &format!("f{k}.csv")).unwrap();
            for i in 0..rows {
                let j = k * rows + i;
                let (s, t) = actors[j % actors.len()];
                let date = format!("2023-{:02}-{:02}", 1 + j % 12, 1 + (j / 12) % 28);
                let mut ev =
                    NewEvent::new("gdelt2", &j.to_string(), &date, s, t, ["042", "190"][j % 2]).unwrap();
                ev.url = Some(format!("https://example.org/{j}"));
                ev.file_line = Some((format!("f{k}.csv"), i as u64 + 1));
                b.add_event(&ev, Some(run)).unwrap();
            }
            b.commit().unwrap();
            // Each import its own time.
            store
                .connection()
                .execute(
                    "UPDATE segments SET retrieved = ?1 WHERE run_id = ?2",
                    params![format!("2024-01-{:02}T00:00:00Z", 1 + k), run],
                )
                .unwrap();
        }
    }

    #[test]
    fn a_merge_keeps_every_event_cluster_and_aggregate() {
        let mut store = Store::open_in_memory().unwrap();
        many_imports(&mut store, 12, 50);
        // An ICEWS segment alone stays as it is.
        let mut b = store.batch().unwrap();
        b.add_event(&NewEvent::new("icews", "1", "2023-01-01", "TUR", "AZE", "042").unwrap(), None).unwrap();
        b.commit().unwrap();
        assert_eq!(segments(&store), 13);
        let before = snapshot(&store);
        let policy = MergePolicy { max_rows: 250, ..Default::default() };
        let done = store.merge_segments(&policy).unwrap();
        let gdelt = done.iter().find(|d| d.dataset == "gdelt2").unwrap();
        assert_eq!((gdelt.segments_before, gdelt.merged, gdelt.written, gdelt.rows), (12, 12, 3, 600));
        assert_eq!(gdelt.segments_after, 3);
        let icews = done.iter().find(|d| d.dataset == "icews").unwrap();
        assert_eq!((icews.merged, icews.segments_after), (0, 1));
        assert_eq!(segments(&store), 4);
        assert_eq!(snapshot(&store), before);
        // Again: nothing to merge.
        assert!(store.merge_segments(&policy).unwrap().iter().all(|d| d.merged == 0));
        // The same events again are duplicates, by this connection and a fresh one.
        let mut b = store.batch().unwrap();
        assert!(!b
            .add_event(&NewEvent::new("gdelt2", "7", "2023-08-01", "TURGOV", "AZE", "042").unwrap(), None)
            .unwrap());
        b.commit().unwrap();
        assert_eq!(snapshot(&store), before);
    }

    #[test]
    fn merged_segments_count_and_dedup_on_reopen() {
        let dir = std::env::temp_dir().join(format!("quidpro-merge-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.db");
        let _ = std::fs::remove_file(&path);
        let before = {
            let mut store = Store::open(&path).unwrap();
            many_imports(&mut store, 5, 40);
            let before = snapshot(&store);
            store.merge_segments(&MergePolicy::default()).unwrap();
            before
        };
        let mut store = Store::open(&path).unwrap();
        assert_eq!(segments(&store), 1);
        assert_eq!(snapshot(&store), before);
        many_imports(&mut store, 5, 40);
        assert_eq!(snapshot(&store)[..200], before[..200]);
        assert_eq!(store.count("events").unwrap(), 200);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_bad_policy_is_refused() {
        let mut store = Store::open_in_memory().unwrap();
        assert!(store.merge_segments(&MergePolicy { max_rows: 0, ..Default::default() }).is_err());
    }
}
