//! Clusters (same day, source, target and code): counting each new event into its
//! cluster, and writing the `clusters` rows.

use std::path::Path;

use chrono::NaiveDate;
use quidpro_event::EventCode;
use rusqlite::{params, OptionalExtension, Transaction};

use crate::{sql_err, Result};

use super::{ymd, Batch, NewEvent};

/// The cluster of a segment event added in this batch, packed in 32 bits (a bulk import
/// keeps one per cluster of millions): its events in this batch, whether a segment event
/// stored earlier is in it (alone, when it has no `clusters` row), and whether it had a
/// `clusters` row when the batch first met it. Its fields are kept apart (`infos`) once
/// it needs a row: a second event, or one stored.
#[derive(Clone, Copy)]
pub(super) struct PendingCluster(u32);

impl PendingCluster {
    const IN_SEGMENT: u32 = 1 << 31;
    const HAS_ROW: u32 = 1 << 30;
    /// The event that started it here is undirected.
    const UNDIRECTED: u32 = 1 << 29;
    const COUNT: u32 = (1 << 29) - 1;

    fn new(in_segment: bool, has_row: bool, directed: bool) -> PendingCluster {
        let mut v = 1;
        if in_segment {
            v |= Self::IN_SEGMENT;
        }
        if has_row {
            v |= Self::HAS_ROW;
        }
        if !directed {
            v |= Self::UNDIRECTED;
        }
        PendingCluster(v)
    }

    fn directed(self) -> bool {
        self.0 & Self::UNDIRECTED == 0
    }

    fn n(self) -> u32 {
        self.0 & Self::COUNT
    }

    fn in_segment(self) -> bool {
        self.0 & Self::IN_SEGMENT != 0
    }

    fn has_row(self) -> bool {
        self.0 & Self::HAS_ROW != 0
    }

    fn add(&mut self) {
        if self.n() < Self::COUNT {
            self.0 += 1;
        }
    }

    /// Its events moved into a row.
    fn absorbed(&mut self) {
        self.0 = (self.0 & !Self::COUNT) | Self::HAS_ROW;
    }
}

/// What a `clusters` row says of its cluster besides the count.
pub(super) struct ClusterInfo {
    pub(super) date: NaiveDate,
    pub(super) source: String,
    pub(super) target: String,
    pub(super) code: EventCode,
    pub(super) directed: bool,
}

impl ClusterInfo {
    pub(super) fn of(ev: &NewEvent) -> Box<ClusterInfo> {
        Box::new(ClusterInfo {
            date: ev.event_date,
            source: ev.source.clone(),
            target: ev.target.clone(),
            code: ev.code,
            directed: ev.directed,
        })
    }
}

impl Batch<'_> {
    /// Whether cluster `ckey` has a `clusters` row, as far as this batch knows.
    fn has_cluster_row(&self, ckey: i64) -> bool {
        self.rows_added.contains(&ckey)
            || (self.sets.row_clusters.contains(&ckey) && !self.rows_removed.contains(&ckey))
    }

    /// Counts a segment event into its cluster; true when it starts the cluster (then it
    /// counts in the monthly sums). The `clusters` rows are written at commit; `info`
    /// gives the cluster's fields for those that will need one.
    pub(super) fn count_segment_cluster(
        &mut self,
        ckey: i64,
        directed: bool,
        info: impl FnOnce() -> Box<ClusterInfo>,
    ) -> Result<bool> {
        self.load_clusters()?;
        // One probe of the (large) map for both cases.
        let (in_segment, has_row) = match self.clusters.entry(ckey) {
            std::collections::hash_map::Entry::Occupied(mut o) => {
                o.get_mut().add();
                self.infos.entry(ckey).or_insert_with(info);
                return Ok(false);
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                let in_segment = self.sets.segment_clusters.contains(&ckey);
                let has_row = self.rows_added.contains(&ckey)
                    || (self.sets.row_clusters.contains(&ckey) && !self.rows_removed.contains(&ckey));
                v.insert(PendingCluster::new(in_segment, has_row, directed));
                (in_segment, has_row)
            }
        };
        let new = !in_segment && !has_row;
        if !new {
            self.infos.insert(ckey, info());
        }
        Ok(new)
    }

    /// Counts a row event into its cluster's `clusters` row, at once (with the segment
    /// events of the cluster: stored ones, and this batch's).
    pub(super) fn count_row_cluster(&mut self, ev: &NewEvent, ckey: i64) -> Result<()> {
        self.load_clusters()?;
        let e = sql_err(self.path);
        let n: Option<i64> = self
            .tx
            .prepare_cached("SELECT n_events FROM clusters WHERE id = ?1")
            .and_then(|mut s| s.query_row([ckey], |r| r.get(0)).optional())
            .map_err(&e)?;
        if n.is_some() {
            self.tx
                .execute("UPDATE clusters SET n_events = n_events + 1 WHERE id = ?1", [ckey])
                .map_err(&e)?;
            return Ok(());
        }
        let in_segment = self.sets.segment_clusters.contains(&ckey);
        // This batch's segment events of the cluster move into the row.
        let pending = self.clusters.get_mut(&ckey).map_or(0, |p| {
            let n = p.n();
            p.absorbed();
            n
        });
        let implicit = i64::from(in_segment && !self.has_cluster_row(ckey));
        let total = 1 + implicit + i64::from(pending);
        self.insert_cluster(&ClusterInfo::of(ev), ckey, total, 0)?;
        self.rows_added.insert(ckey);
        self.rows_removed.remove(&ckey);
        if total == 1 {
            self.sums.add_event(ev);
        }
        Ok(())
    }

    /// Inserts a `clusters` row of `n` events, or adds `more` to the row there.
    fn insert_cluster(&self, c: &ClusterInfo, id: i64, n: i64, more: i64) -> Result<()> {
        insert_cluster(&self.tx, self.path, c, id, n, more)
    }

    /// Writes the `clusters` rows of this batch's segment events.
    pub(super) fn write_clusters(&mut self) -> Result<()> {
        let mut rows: Vec<(i64, i64, i64, Box<ClusterInfo>)> = Vec::new();
        for (id, info) in std::mem::take(&mut self.infos) {
            let Some(p) = self.clusters.get(&id).copied() else { continue };
            if p.n() == 0 {
                continue;
            }
            let implicit = i64::from(p.in_segment() && !p.has_row());
            let mut info = info;
            if !p.in_segment() && !p.has_row() {
                // A cluster started in this batch is as directed as the event that
                // started it (which its monthly sums counted), not the next one.
                info.directed = p.directed();
            }
            rows.push((id, i64::from(p.n()) + implicit, i64::from(p.n()), info));
        }
        rows.sort_unstable_by_key(|r| r.0);
        for (id, n, more, info) in &rows {
            self.insert_cluster(info, *id, *n, *more)?;
            self.rows_added.insert(*id);
        }
        Ok(())
    }
}

/// Inserts a `clusters` row of `n` events, or adds `more` to the row there.
pub(super) fn insert_cluster(
    tx: &Transaction<'_>,
    path: &Path,
    c: &ClusterInfo,
    id: i64,
    n: i64,
    more: i64,
) -> Result<()> {
    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO clusters (id, event_date, source, target, code, n_events, goldstein, quad_class, directed) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
             ON CONFLICT (id) DO UPDATE SET n_events = n_events + ?10",
        )
        .map_err(sql_err(path))?;
    stmt.execute(params![
        id,
        ymd(c.date),
        c.source,
        c.target,
        c.code.as_str(),
        n,
        c.code.goldstein(),
        c.code.quad_class().number(),
        c.directed,
        more
    ])
    .map_err(sql_err(path))?;
    Ok(())
}
