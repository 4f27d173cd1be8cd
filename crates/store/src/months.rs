//! The virtual tables `all_dyad_months` and `all_month_totals`: the monthly aggregates of
//! the whole store, as readers use them.
//!
//! A cluster counts once, in the month of its day, in the sums of the batch that stored
//! the event that started it: added into the tables `dyad_months` and `month_totals`
//! row by row (coded events, as documents come and go, and small imports), or, for a
//! batch that starts clusters in many dyad-months (a bulk import), kept as one part per
//! dyad (`dyad_month_parts`, [`MonthSum`] entries) and one of month totals
//! (`month_total_parts`), written at once. These tables add the two up:
//!
//! - `all_dyad_months (source_country, target_country, month, clusters, goldstein_sum,
//!   q1, q2, q3, q4)`, one row per dyad and month (`YYYY-MM`), in that order; `=` on
//!   `source_country` and `target_country` narrows what is read.
//! - `all_month_totals (month, clusters)`, one row per month, in order.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ffi::{c_int, CStr};
use std::marker::PhantomData;

use rusqlite::vtab::{
    Context, CreateVTab, Filters, IndexConstraintOp, IndexInfo, Module, VTab, VTabConnection, VTabCursor,
    VTabKind,
};
use rusqlite::{ffi, Connection};
use rustc_hash::FxHashMap;

/// Bytes of an entry of `dyad_month_parts.months` ([`MonthSum`]): month (`i32`: year
/// × 12 plus month − 1), clusters (`u32`), Goldstein sum (`f64`), clusters of quad
/// classes 1 to 4 (`u32` each); little-endian, by month.
pub const MONTH_SUM: usize = 32;
/// Bytes of an entry of `month_total_parts.months`: month (`i32`), clusters (`u32`).
pub const MONTH_TOTAL: usize = 8;

/// A dyad's sums over the clusters of one month.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MonthSum {
    /// Year × 12 + month − 1.
    pub month: i32,
    /// Clusters.
    pub clusters: i64,
    /// Their Goldstein values summed.
    pub goldstein: f64,
    /// Clusters per quad class 1 to 4.
    pub quad: [i64; 4],
}

impl MonthSum {
    /// Adds another's sums (of the same month).
    pub(crate) fn merge(&mut self, o: &MonthSum) {
        self.clusters += o.clusters;
        self.goldstein += o.goldstein;
        for k in 0..4 {
            self.quad[k] += o.quad[k];
        }
    }

    /// The blob of entries (by month); `None` when a count does not fit its 32 bits.
    pub(crate) fn encode(list: &[MonthSum]) -> Option<Vec<u8>> {
        let n = |v: i64| u32::try_from(v).ok().map(u32::to_le_bytes);
        let mut out = Vec::with_capacity(list.len() * MONTH_SUM);
        for m in list {
            out.extend_from_slice(&m.month.to_le_bytes());
            out.extend_from_slice(&n(m.clusters)?);
            out.extend_from_slice(&m.goldstein.to_le_bytes());
            for q in m.quad {
                out.extend_from_slice(&n(q)?);
            }
        }
        Some(out)
    }

    /// The entries of a blob (a trailing partial entry is ignored).
    pub(crate) fn decode(b: &[u8]) -> impl Iterator<Item = MonthSum> + '_ {
        b.chunks_exact(MONTH_SUM).map(|c| {
            let u = |at: usize| i64::from(u32::from_le_bytes([c[at], c[at + 1], c[at + 2], c[at + 3]]));
            let mut g = [0u8; 8];
            g.copy_from_slice(&c[8..16]);
            MonthSum {
                month: i32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                clusters: u(4),
                goldstein: f64::from_le_bytes(g),
                quad: [u(16), u(20), u(24), u(28)],
            }
        })
    }
}

/// The blob of month totals (by month); `None` when a count does not fit its 32 bits.
pub(crate) fn encode_month_totals(list: &[(i32, i64)]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(list.len() * MONTH_TOTAL);
    for (m, n) in list {
        out.extend_from_slice(&m.to_le_bytes());
        out.extend_from_slice(&u32::try_from(*n).ok()?.to_le_bytes());
    }
    Some(out)
}

/// The entries of a month totals blob: (month, clusters).
pub(crate) fn decode_month_totals(b: &[u8]) -> impl Iterator<Item = (i32, i64)> + '_ {
    b.chunks_exact(MONTH_TOTAL).map(|c| {
        (
            i32::from_le_bytes([c[0], c[1], c[2], c[3]]),
            i64::from(u32::from_le_bytes([c[4], c[5], c[6], c[7]])),
        )
    })
}

/// A month number as `YYYY-MM`.
pub(crate) fn month_text(m: i32) -> String {
    format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

/// The month number of `YYYY-MM`.
pub(crate) fn parse_month(s: &str) -> Option<i32> {
    let (y, m) = s.split_once('-')?;
    let (y, m): (i32, i32) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some(y * 12 + m - 1)
}

/// Registers both tables on a connection.
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    const DYADS: Module<DyadMonthsTab> = Module::read_only_module();
    const TOTALS: Module<MonthTotalsTab> = Module::read_only_module();
    // The store's persistent tables `all_dyad_months` and `all_month_totals` are made with
    // these modules (schema version 13).
    conn.create_module(c"quidpro_dyad_months", &DYADS, None)?;
    conn.create_module(c"quidpro_month_totals", &TOTALS, None)
}

#[repr(C)]
struct DyadMonthsTab {
    /// Base class. Must be first.
    base: ffi::sqlite3_vtab,
    db: *mut ffi::sqlite3,
}

const V_SOURCE: c_int = 0;
const V_TARGET: c_int = 1;

impl CreateVTab<'_> for DyadMonthsTab {
    const KIND: VTabKind = VTabKind::Default;
}

unsafe impl<'vtab> VTab<'vtab> for DyadMonthsTab {
    type Aux = ();
    type Cursor = DyadMonthsCursor<'vtab>;

    fn connect(
        db: &mut VTabConnection,
        _aux: Option<&()>,
        _module_name: &[u8],
        _database_name: &[u8],
        _table_name: &[u8],
        _args: &[&[u8]],
    ) -> rusqlite::Result<(Cow<'static, CStr>, Self)> {
        // SAFETY: the handle is the connection that owns this table; the cursor only runs
        // statements on it while SQLite is inside one of its calls.
        let handle = unsafe { db.handle() };
        let schema =
            c"CREATE TABLE x(source_country TEXT, target_country TEXT, month TEXT, clusters INTEGER, \
            goldstein_sum REAL, q1 INTEGER, q2 INTEGER, q3 INTEGER, q4 INTEGER)";
        Ok((Cow::Borrowed(schema), DyadMonthsTab { base: ffi::sqlite3_vtab::default(), db: handle }))
    }

    fn best_index(&self, info: &mut IndexInfo) -> rusqlite::Result<bool> {
        let mut plan: Vec<(usize, char)> = Vec::new();
        for (i, c) in info.constraints().enumerate() {
            if !c.is_usable() || c.operator() != IndexConstraintOp::SQLITE_INDEX_CONSTRAINT_EQ {
                continue;
            }
            match c.column() {
                V_SOURCE if !plan.iter().any(|p| p.1 == 's') => plan.push((i, 's')),
                V_TARGET if !plan.iter().any(|p| p.1 == 't') => plan.push((i, 't')),
                _ => {}
            }
        }
        let mut codes = String::new();
        let mut cost = 1e6;
        for (n, (i, code)) in plan.iter().enumerate() {
            let mut u = info.constraint_usage(*i);
            u.set_argv_index(n as c_int + 1);
            // SQLite checks the rows again: the narrowing only drops rows.
            u.set_omit(false);
            codes.push(*code);
            cost /= 200.0;
        }
        info.set_idx_str(&codes);
        info.set_estimated_cost(cost);
        info.set_estimated_rows(cost as i64);
        Ok(true)
    }

    fn open(&'vtab mut self) -> rusqlite::Result<DyadMonthsCursor<'vtab>> {
        Ok(DyadMonthsCursor {
            base: ffi::sqlite3_vtab_cursor::default(),
            db: self.db,
            dyads: Vec::new(),
            rows: Vec::new(),
            at: 0,
            phantom: PhantomData,
        })
    }
}

#[repr(C)]
struct DyadMonthsCursor<'vtab> {
    /// Base class. Must be first.
    base: ffi::sqlite3_vtab_cursor,
    db: *mut ffi::sqlite3,
    /// The dyads the rows name.
    dyads: Vec<(String, String)>,
    /// (dyad, sums), by dyad and month.
    rows: Vec<(u32, MonthSum)>,
    at: usize,
    phantom: PhantomData<&'vtab DyadMonthsTab>,
}

/// Dyads (source and target country), and per dyad (its index) and month its sums.
type Merged = (Vec<(String, String)>, Vec<(u32, MonthSum)>);

/// The sums of both sources for the dyads `source` and `target` allow (`None`: any), in
/// order: the dyads, and per dyad and month its sums.
fn dyad_months(conn: &Connection, source: Option<&str>, target: Option<&str>) -> rusqlite::Result<Merged> {
    let mut ids: FxHashMap<(String, String), u32> = FxHashMap::default();
    let mut dyads: Vec<(String, String)> = Vec::new();
    let mut id = |s: String, t: String| -> u32 {
        let key = (s, t);
        if let Some(&i) = ids.get(&key) {
            return i;
        }
        let i = dyads.len() as u32;
        dyads.push(key.clone());
        ids.insert(key, i);
        i
    };
    let mut cond = String::new();
    let mut args: Vec<&str> = Vec::new();
    for (col, v) in [("source_country", source), ("target_country", target)] {
        if let Some(v) = v {
            args.push(v);
            cond.push_str(&format!(" AND {col} = ?{}", args.len()));
        }
    }
    let mut rows: Vec<(u32, MonthSum)> = Vec::new();
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT source_country, target_country, month, clusters, goldstein_sum, q1, q2, q3, q4 \
             FROM main.dyad_months WHERE 1{cond}"
        ))?;
        let mut q = stmt.query(rusqlite::params_from_iter(&args))?;
        while let Some(r) = q.next()? {
            let month: String = r.get(2)?;
            let Some(month) = parse_month(&month) else { continue };
            let d = id(r.get(0)?, r.get(1)?);
            let sums = MonthSum {
                month,
                clusters: r.get(3)?,
                goldstein: r.get(4)?,
                quad: [r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?],
            };
            rows.push((d, sums));
        }
    }
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT source_country, target_country, months FROM main.dyad_month_parts WHERE 1{cond}"
        ))?;
        let mut q = stmt.query(rusqlite::params_from_iter(&args))?;
        while let Some(r) = q.next()? {
            let blob = r.get_ref(2)?.as_blob()?;
            if blob.is_empty() {
                continue;
            }
            let d = id(r.get(0)?, r.get(1)?);
            rows.extend(MonthSum::decode(blob).map(|m| (d, m)));
        }
    }
    // Dyads in order, then each dyad's months merged.
    let mut order: Vec<u32> = (0..dyads.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| dyads[a as usize].cmp(&dyads[b as usize]));
    let mut rank = vec![0u32; dyads.len()];
    for (r, &d) in order.iter().enumerate() {
        rank[d as usize] = r as u32;
    }
    for row in &mut rows {
        row.0 = rank[row.0 as usize];
    }
    let mut sorted: Vec<(String, String)> = vec![(String::new(), String::new()); dyads.len()];
    for (d, name) in dyads.into_iter().enumerate() {
        sorted[rank[d] as usize] = name;
    }
    rows.sort_unstable_by_key(|r| (r.0, r.1.month));
    let mut merged: Vec<(u32, MonthSum)> = Vec::with_capacity(rows.len());
    for (d, m) in rows {
        match merged.last_mut() {
            Some((ld, lm)) if *ld == d && lm.month == m.month => lm.merge(&m),
            _ => merged.push((d, m)),
        }
    }
    Ok((sorted, merged))
}

unsafe impl VTabCursor for DyadMonthsCursor<'_> {
    fn filter(&mut self, _idx_num: c_int, idx_str: Option<&str>, args: &Filters<'_>) -> rusqlite::Result<()> {
        self.dyads.clear();
        self.rows.clear();
        self.at = 0;
        let (mut source, mut target): (Option<String>, Option<String>) = (None, None);
        for (n, code) in idx_str.unwrap_or("").chars().enumerate() {
            // `= NULL` matches nothing.
            let Some(v) = args.get::<Option<String>>(n)? else { return Ok(()) };
            match code {
                's' => source = Some(v),
                't' => target = Some(v),
                _ => {}
            }
        }
        let conn = crate::vtab::connection(self.db)?;
        (self.dyads, self.rows) = dyad_months(&conn, source.as_deref(), target.as_deref())?;
        Ok(())
    }

    fn next(&mut self) -> rusqlite::Result<()> {
        self.at += 1;
        Ok(())
    }

    fn eof(&self) -> bool {
        self.at >= self.rows.len()
    }

    fn column(&self, ctx: &mut Context, i: c_int) -> rusqlite::Result<()> {
        let Some((d, m)) = self.rows.get(self.at) else { return ctx.set_result(rusqlite::types::Null) };
        let (s, t) = &self.dyads[*d as usize];
        match i {
            0 => ctx.set_result(s),
            1 => ctx.set_result(t),
            2 => ctx.set_result(month_text(m.month)),
            3 => ctx.set_result(m.clusters),
            4 => ctx.set_result(m.goldstein),
            5..=8 => ctx.set_result(m.quad[i as usize - 5]),
            _ => ctx.set_result(rusqlite::types::Null),
        }
    }

    fn rowid(&self) -> rusqlite::Result<i64> {
        Ok(self.at as i64)
    }
}

#[repr(C)]
struct MonthTotalsTab {
    /// Base class. Must be first.
    base: ffi::sqlite3_vtab,
    db: *mut ffi::sqlite3,
}

impl CreateVTab<'_> for MonthTotalsTab {
    const KIND: VTabKind = VTabKind::Default;
}

unsafe impl<'vtab> VTab<'vtab> for MonthTotalsTab {
    type Aux = ();
    type Cursor = MonthTotalsCursor<'vtab>;

    fn connect(
        db: &mut VTabConnection,
        _aux: Option<&()>,
        _module_name: &[u8],
        _database_name: &[u8],
        _table_name: &[u8],
        _args: &[&[u8]],
    ) -> rusqlite::Result<(Cow<'static, CStr>, Self)> {
        // SAFETY: as for `all_dyad_months`.
        let handle = unsafe { db.handle() };
        Ok((
            Cow::Borrowed(c"CREATE TABLE x(month TEXT, clusters INTEGER)"),
            MonthTotalsTab { base: ffi::sqlite3_vtab::default(), db: handle },
        ))
    }

    fn best_index(&self, info: &mut IndexInfo) -> rusqlite::Result<bool> {
        info.set_estimated_cost(1000.0);
        info.set_estimated_rows(1000);
        Ok(true)
    }

    fn open(&'vtab mut self) -> rusqlite::Result<MonthTotalsCursor<'vtab>> {
        Ok(MonthTotalsCursor {
            base: ffi::sqlite3_vtab_cursor::default(),
            db: self.db,
            rows: Vec::new(),
            at: 0,
            phantom: PhantomData,
        })
    }
}

#[repr(C)]
struct MonthTotalsCursor<'vtab> {
    /// Base class. Must be first.
    base: ffi::sqlite3_vtab_cursor,
    db: *mut ffi::sqlite3,
    rows: Vec<(i32, i64)>,
    at: usize,
    phantom: PhantomData<&'vtab MonthTotalsTab>,
}

unsafe impl VTabCursor for MonthTotalsCursor<'_> {
    fn filter(
        &mut self,
        _idx_num: c_int,
        _idx_str: Option<&str>,
        _args: &Filters<'_>,
    ) -> rusqlite::Result<()> {
        self.at = 0;
        let conn = crate::vtab::connection(self.db)?;
        let mut totals: BTreeMap<i32, i64> = BTreeMap::new();
        {
            let mut stmt = conn.prepare_cached("SELECT month, clusters FROM main.month_totals")?;
            let mut q = stmt.query([])?;
            while let Some(r) = q.next()? {
                let month: String = r.get(0)?;
                if let Some(m) = parse_month(&month) {
                    *totals.entry(m).or_default() += r.get::<_, i64>(1)?;
                }
            }
        }
        {
            let mut stmt = conn.prepare_cached("SELECT months FROM main.month_total_parts")?;
            let mut q = stmt.query([])?;
            while let Some(r) = q.next()? {
                for (m, n) in decode_month_totals(r.get_ref(0)?.as_blob()?) {
                    *totals.entry(m).or_default() += n;
                }
            }
        }
        self.rows = totals.into_iter().collect();
        Ok(())
    }

    fn next(&mut self) -> rusqlite::Result<()> {
        self.at += 1;
        Ok(())
    }

    fn eof(&self) -> bool {
        self.at >= self.rows.len()
    }

    fn column(&self, ctx: &mut Context, i: c_int) -> rusqlite::Result<()> {
        let Some((m, n)) = self.rows.get(self.at) else { return ctx.set_result(rusqlite::types::Null) };
        match i {
            0 => ctx.set_result(month_text(*m)),
            1 => ctx.set_result(n),
            _ => ctx.set_result(rusqlite::types::Null),
        }
    }

    fn rowid(&self) -> rusqlite::Result<i64> {
        Ok(self.at as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blobs_round_trip_and_refuse_what_does_not_fit() {
        let list = [
            MonthSum { month: 2024 * 12 + 2, clusters: 3, goldstein: -7.5, quad: [1, 0, 2, 0] },
            MonthSum { month: 2024 * 12 + 3, clusters: 1, goldstein: 2.8, quad: [0, 1, 0, 0] },
        ];
        let blob = MonthSum::encode(&list).unwrap();
        assert_eq!(blob.len(), 2 * MONTH_SUM);
        assert_eq!(MonthSum::decode(&blob).collect::<Vec<_>>(), list);
        assert_eq!(MonthSum::encode(&[MonthSum { clusters: 1 << 32, ..MonthSum::default() }]), None);
        let totals = [(2024 * 12, 5), (2024 * 12 + 1, 7)];
        let blob = encode_month_totals(&totals).unwrap();
        assert_eq!(decode_month_totals(&blob).collect::<Vec<_>>(), totals);
        assert_eq!(month_text(2024 * 12 + 2), "2024-03");
        assert_eq!(parse_month("2024-03"), Some(2024 * 12 + 2));
        assert_eq!(parse_month("2024-13"), None);
    }
}
