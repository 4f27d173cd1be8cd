//! The monthly aggregates: new clusters summed per dyad-month and month, and written
//! into `dyad_months` and `month_totals` or as a part (`crate::months`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use quidpro_event::EventCode;
use rusqlite::params;
use rustc_hash::FxHashMap;

use crate::months::MonthSum;
use crate::{sql_err, Result};

use super::{ymd, Batch, NewEvent};

/// A dyad-month's sums over new clusters.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Sums {
    clusters: i64,
    goldstein: f64,
    quad: [i64; 4],
}

impl Sums {
    /// Counts one cluster of this Goldstein value and quad class (1–4; others count in
    /// no class).
    fn count(&mut self, goldstein: f64, quad: i64) {
        self.clusters += 1;
        self.goldstein += goldstein;
        if (1..=4).contains(&quad) {
            self.quad[quad as usize - 1] += 1;
        }
    }

    /// Adds another's sums.
    fn merge(&mut self, o: &Sums) {
        self.clusters += o.clusters;
        self.goldstein += o.goldstein;
        for k in 0..4 {
            self.quad[k] += o.quad[k];
        }
    }
}

/// A short ASCII key part: its length, then its bytes.
type Packed<const N: usize> = [u8; N];

/// The first `n` characters of `s` (as SQL's `substr(s, 1, n)`), packed, when they are
/// ASCII; `None` sends the key to the string map.
fn pack<const N: usize>(s: &str, n: usize) -> Option<Packed<N>> {
    let head = s.get(..n.min(s.len()))?;
    if !head.is_ascii() || head.len() >= N {
        return None;
    }
    let mut out = [0u8; N];
    out[0] = head.len() as u8;
    out[1..=head.len()].copy_from_slice(head.as_bytes());
    Some(out)
}

fn unpack<const N: usize>(p: &Packed<N>) -> &str {
    std::str::from_utf8(&p[1..=p[0] as usize]).unwrap_or("")
}

/// The first `n` characters, as SQL's `substr(s, 1, n)`.
fn head(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// New clusters summed per (source country, target country, month) and per month;
/// keys of ASCII codes are packed (no allocation per cluster), others kept as strings.
#[derive(Default)]
pub(super) struct MonthSums {
    packed: FxHashMap<(Packed<4>, Packed<4>, Packed<8>), Sums>,
    other: std::collections::HashMap<(String, String, String), Sums>,
    months: FxHashMap<Packed<8>, i64>,
    other_months: BTreeMap<String, i64>,
}

impl MonthSums {
    /// Adds a cluster of day `date` (`YYYY-MM-DD`).
    fn add(&mut self, source: &str, target: &str, date: &str, goldstein: f64, quad: i64, directed: bool) {
        let month = head(date, 7);
        let m = pack::<8>(month, 7);
        match m {
            Some(m) => *self.months.entry(m).or_default() += 1,
            None => *self.other_months.entry(month.to_string()).or_default() += 1,
        }
        let (s, t) = (head(source, 3), head(target, 3));
        let mut one = |a: &str, b: &str| {
            let sums = match (pack(a, 3), pack(b, 3), m) {
                (Some(a), Some(b), Some(m)) => self.packed.entry((a, b, m)).or_default(),
                _ => self.other.entry((a.to_string(), b.to_string(), month.to_string())).or_default(),
            };
            sums.count(goldstein, quad);
        };
        one(s, t);
        if !directed {
            one(t, s);
        }
    }

    /// Adds a new cluster of an event.
    pub(super) fn add_event(&mut self, ev: &NewEvent) {
        use chrono::Datelike;
        // `YYYY-MM-DD` without allocating (years 0–9999, as the dates the store keeps).
        let d = ev.event_date;
        let mut buf = [b'0'; 10];
        let y = d.year().clamp(0, 9999) as u32;
        for (i, v) in [(0, y / 1000), (1, y / 100 % 10), (2, y / 10 % 10), (3, y % 10)] {
            buf[i] = b'0' + v as u8;
        }
        buf[4] = b'-';
        buf[5] = b'0' + (d.month() / 10) as u8;
        buf[6] = b'0' + (d.month() % 10) as u8;
        buf[7] = b'-';
        buf[8] = b'0' + (d.day() / 10) as u8;
        buf[9] = b'0' + (d.day() % 10) as u8;
        let date = std::str::from_utf8(&buf).unwrap_or("0000-00-00");
        let (source, target) = ev.countries();
        self.add(
            source,
            target,
            date,
            ev.code.goldstein(),
            i64::from(ev.code.quad_class().number()),
            ev.directed,
        );
    }

    /// Adds another's sums.
    fn merge(&mut self, other: MonthSums) {
        for (k, v) in other.packed {
            self.packed.entry(k).or_default().merge(&v);
        }
        for (k, v) in other.other {
            self.other.entry(k).or_default().merge(&v);
        }
        for (k, v) in other.months {
            *self.months.entry(k).or_default() += v;
        }
        for (k, v) in other.other_months {
            *self.other_months.entry(k).or_default() += v;
        }
    }

    /// How many dyad-months it holds.
    fn len(&self) -> usize {
        self.packed.len() + self.other.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every dyad-month with its sums, in key order.
    fn dyads(&self) -> Vec<((&str, &str, &str), Sums)> {
        let mut out: Vec<_> = self
            .packed
            .iter()
            .map(|((a, b, m), v)| ((unpack(a), unpack(b), unpack(m)), *v))
            .chain(self.other.iter().map(|((a, b, m), v)| ((a.as_str(), b.as_str(), m.as_str()), *v)))
            .collect();
        out.sort_unstable_by(|x, y| x.0.cmp(&y.0));
        out
    }

    /// Every month with its count, in key order.
    fn months(&self) -> Vec<(&str, i64)> {
        let mut out: Vec<(&str, i64)> = self
            .months
            .iter()
            .map(|(m, n)| (unpack(m), *n))
            .chain(self.other_months.iter().map(|(m, n)| (m.as_str(), *n)))
            .collect();
        out.sort_unstable();
        out
    }
}

/// Monthly sums as a part (crate::months): per dyad its blob of months, and the blob of
/// month totals.
pub(super) struct Parts {
    dyads: Vec<(String, String, Vec<u8>)>,
    totals: Vec<u8>,
}

impl Parts {
    /// The sums as a part; `None` when a month or count does not fit one (then they are
    /// added into the tables).
    fn of(sums: &MonthSums) -> Option<Parts> {
        let months: Option<Vec<(i32, i64)>> =
            sums.months().into_iter().map(|(m, n)| Some((crate::months::parse_month(m)?, n))).collect();
        let totals = crate::months::encode_month_totals(&months?)?;
        let entry = |m: &str, v: &Sums| {
            Some(MonthSum {
                month: crate::months::parse_month(m)?,
                clusters: v.clusters,
                goldstein: v.goldstein,
                quad: v.quad,
            })
        };
        let mut dyads: Vec<(String, String, Vec<u8>)> = Vec::new();
        // Packed keys sort as their bytes (length first): each dyad's months together, in
        // order, which is all a part needs.
        let mut packed: Vec<_> = sums.packed.iter().collect();
        packed.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for run in packed.chunk_by(|a, b| (a.0 .0, a.0 .1) == (b.0 .0, b.0 .1)) {
            let list: Option<Vec<MonthSum>> = run.iter().map(|(k, v)| entry(unpack(&k.2), v)).collect();
            let blob = MonthSum::encode(&list?)?;
            dyads.push((unpack(&run[0].0 .0).to_string(), unpack(&run[0].0 .1).to_string(), blob));
        }
        let mut other: Vec<_> = sums.other.iter().collect();
        other.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for run in other.chunk_by(|a, b| (&a.0 .0, &a.0 .1) == (&b.0 .0, &b.0 .1)) {
            let list: Option<Vec<MonthSum>> = run.iter().map(|(k, v)| entry(&k.2, v)).collect();
            let blob = MonthSum::encode(&list?)?;
            dyads.push((run[0].0 .0.clone(), run[0].0 .1.clone(), blob));
        }
        Some(Parts { dyads, totals })
    }
}

/// The clusters segment events start in a batch, kept compact as they come (a hash map
/// update per row on the writing thread cost a quarter of a bulk import's time there)
/// and summed into [`MonthSums`] at commit, on a thread of their own.
#[derive(Default)]
pub(super) struct SegmentSums {
    /// Source and target country (packed, in that order, in the high and low half), day
    /// (`num_days_from_ce`), code, directed.
    rows: Vec<(u64, i32, EventCode, bool)>,
    /// Events whose countries or year do not pack, summed as they come.
    other: MonthSums,
}

impl SegmentSums {
    /// Adds a new cluster of this source and target country, day (`days`: its
    /// `num_days_from_ce`) and code.
    pub(super) fn add(
        &mut self,
        source: &str,
        target: &str,
        date: NaiveDate,
        days: i32,
        code: EventCode,
        directed: bool,
    ) {
        use chrono::Datelike;
        match (pack::<4>(source, 3), pack::<4>(target, 3)) {
            (Some(s), Some(t)) if (0..=9999).contains(&date.year()) => {
                let dyad = u64::from(u32::from_be_bytes(s)) << 32 | u64::from(u32::from_be_bytes(t));
                self.rows.push((dyad, days, code, directed))
            }
            _ => self.other.add(
                source,
                target,
                &ymd(date),
                code.goldstein(),
                i64::from(code.quad_class().number()),
                directed,
            ),
        }
    }

    /// The sums, sorted: rows sorted by dyad and day, each run of a dyad and month
    /// summed once; an undirected row's cluster counts for the reverse dyad too.
    pub(super) fn sorted(self) -> SortedSums {
        use chrono::Datelike;
        let SegmentSums { mut rows, other } = self;
        rows.sort_unstable_by_key(|r| (r.0, r.1));
        // Month numbers as `MonthSums` keys them (years clamped to 0–9999).
        let month_of = |days: i32| -> i32 {
            let d = NaiveDate::from_num_days_from_ce_opt(days).unwrap_or_default();
            d.year().clamp(0, 9999) * 12 + d.month0() as i32
        };
        let mut entries: Vec<(u64, i32, Sums)> = Vec::new();
        let mut reverse: Vec<(u64, i32, Sums)> = Vec::new();
        let mut totals: FxHashMap<i32, i64> = FxHashMap::default();
        let (mut last_day, mut last_month) = (i32::MIN, 0);
        for &(dyad, day, code, directed) in &rows {
            if day != last_day {
                (last_day, last_month) = (day, month_of(day));
            }
            let add = |list: &mut Vec<(u64, i32, Sums)>, dyad: u64| {
                let fresh = !matches!(list.last(), Some(l) if l.0 == dyad && l.1 == last_month);
                if fresh {
                    list.push((dyad, last_month, Sums::default()));
                }
                if let Some(l) = list.last_mut() {
                    l.2.count(code.goldstein(), i64::from(code.quad_class().number()));
                }
            };
            add(&mut entries, dyad);
            if !directed {
                add(&mut reverse, dyad.rotate_left(32));
            }
            *totals.entry(last_month).or_default() += 1;
        }
        let mut sorted = SortedSums { entries, totals, other };
        if !reverse.is_empty() {
            reverse.sort_unstable_by_key(|r| (r.0, r.1));
            sorted = sorted.merge(SortedSums { entries: reverse, ..SortedSums::default() });
        }
        sorted
    }
}

/// Monthly sums of segment events' new clusters by packed dyad (as [`SegmentSums`]
/// packs it) and month number, sorted: summed segment by segment and merged without a
/// hash map, and laid out as a part in that order.
#[derive(Default)]
pub(super) struct SortedSums {
    /// (dyad, month number, sums), sorted, one per dyad and month.
    entries: Vec<(u64, i32, Sums)>,
    /// Clusters per month.
    totals: FxHashMap<i32, i64>,
    /// Events whose countries do not pack.
    other: MonthSums,
}

impl SortedSums {
    pub(super) fn merge(self, o: SortedSums) -> SortedSums {
        let SortedSums { entries: a, mut totals, mut other } = self;
        let b = o.entries;
        let mut out: Vec<(u64, i32, Sums)> = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let take_a = j >= b.len() || (i < a.len() && (a[i].0, a[i].1) <= (b[j].0, b[j].1));
            let e = if take_a {
                i += 1;
                a[i - 1]
            } else {
                j += 1;
                b[j - 1]
            };
            match out.last_mut() {
                Some(l) if (l.0, l.1) == (e.0, e.1) => l.2.merge(&e.2),
                _ => out.push(e),
            }
        }
        for (m, n) in o.totals {
            *totals.entry(m).or_default() += n;
        }
        other.merge(o.other);
        SortedSums { entries: out, totals, other }
    }

    /// Dyad-months it holds.
    pub(super) fn len(&self) -> usize {
        self.entries.len() + self.other.len()
    }

    fn split(dyad: u64) -> (Packed<4>, Packed<4>) {
        (((dyad >> 32) as u32).to_be_bytes(), (dyad as u32).to_be_bytes())
    }

    /// As [`MonthSums`], to add into the tables.
    pub(super) fn into_month_sums(self) -> MonthSums {
        let SortedSums { entries, totals, mut other } = self;
        for (dyad, month, v) in entries {
            let (s, t) = SortedSums::split(dyad);
            let m = pack::<8>(&crate::months::month_text(month), 7).unwrap_or_default();
            other.packed.entry((s, t, m)).or_default().merge(&v);
        }
        for (month, n) in totals {
            let m = pack::<8>(&crate::months::month_text(month), 7).unwrap_or_default();
            *other.months.entry(m).or_default() += n;
        }
        other
    }

    /// As a part; `None` when a count does not fit one.
    pub(super) fn parts(&self) -> Option<Parts> {
        let mut part = Parts::of(&self.other)?;
        let mut totals: FxHashMap<i32, i64> = self.totals.clone();
        for (m, n) in crate::months::decode_month_totals(&part.totals) {
            *totals.entry(m).or_default() += n;
        }
        let mut totals: Vec<(i32, i64)> = totals.into_iter().collect();
        totals.sort_unstable();
        part.totals = crate::months::encode_month_totals(&totals)?;
        for run in self.entries.chunk_by(|a, b| a.0 == b.0) {
            let list: Vec<MonthSum> = run
                .iter()
                .map(|e| MonthSum {
                    month: e.1,
                    clusters: e.2.clusters,
                    goldstein: e.2.goldstein,
                    quad: e.2.quad,
                })
                .collect();
            let (s, t) = SortedSums::split(run[0].0);
            part.dyads.push((unpack(&s).to_string(), unpack(&t).to_string(), MonthSum::encode(&list)?));
        }
        Some(part)
    }
}

impl Batch<'_> {
    /// Sums the `clusters` rows selected by `filter` (with parameter `?1` = `param`) per
    /// dyad-month and month.
    pub(super) fn sum_rows(&self, filter: &str, param: i64) -> Result<MonthSums> {
        let mut sums = MonthSums::default();
        let mut stmt = self
            .tx
            .prepare_cached(&format!(
                "SELECT source, target, event_date, goldstein, quad_class, directed FROM clusters WHERE {filter}"
            ))
            .map_err(self.e())?;
        let mut rows = stmt.query([param]).map_err(sql_err(self.path))?;
        while let Some(r) = rows.next().map_err(sql_err(self.path))? {
            let text = |i: usize| r.get_ref(i).and_then(|v| v.as_str().map_err(Into::into));
            let (source, target, date) = (
                text(0).map_err(sql_err(self.path))?,
                text(1).map_err(sql_err(self.path))?,
                text(2).map_err(sql_err(self.path))?,
            );
            let goldstein: f64 = r.get(3).map_err(sql_err(self.path))?;
            let quad: i64 = r.get(4).map_err(sql_err(self.path))?;
            let directed: bool = r.get(5).map_err(sql_err(self.path))?;
            sums.add(source, target, date, goldstein, quad, directed);
        }
        Ok(sums)
    }

    /// Adds (`sign` 1) or removes (`sign` −1) summed clusters to or from `dyad_months`
    /// and `month_totals`, in key order (summing in a hash map is several times faster
    /// than SQL's GROUP BY, which sorts every cluster). Removing drops the rows left at
    /// zero.
    pub(super) fn write_sums(&self, sums: &MonthSums, sign: i64) -> Result<()> {
        let mut up = self
            .tx
            .prepare_cached(
                "INSERT INTO dyad_months (source_country, target_country, month, clusters, goldstein_sum, q1, q2, q3, q4) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
                 ON CONFLICT (source_country, target_country, month) DO UPDATE SET clusters = clusters + excluded.clusters, \
                 goldstein_sum = goldstein_sum + excluded.goldstein_sum, q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, \
                 q3 = q3 + excluded.q3, q4 = q4 + excluded.q4",
            )
            .map_err(sql_err(self.path))?;
        for ((s, t, m), v) in sums.dyads() {
            let q = v.quad.map(|n| sign * n);
            up.execute(params![
                s,
                t,
                m,
                sign * v.clusters,
                sign as f64 * v.goldstein,
                q[0],
                q[1],
                q[2],
                q[3]
            ])
            .map_err(sql_err(self.path))?;
        }
        let mut up = self
            .tx
            .prepare_cached(
                "INSERT INTO month_totals (month, clusters) VALUES (?1, ?2) \
                 ON CONFLICT (month) DO UPDATE SET clusters = clusters + excluded.clusters",
            )
            .map_err(sql_err(self.path))?;
        for (m, n) in sums.months() {
            up.execute(params![m, sign * n]).map_err(sql_err(self.path))?;
        }
        if sign < 0 {
            self.tx
                .execute_batch("DELETE FROM dyad_months WHERE clusters <= 0; DELETE FROM month_totals WHERE clusters <= 0;")
                .map_err(self.e())?;
        }
        Ok(())
    }

    /// Writes a part of the monthly sums (crate::months): a row of `dyad_month_parts` per
    /// dyad and one of `month_total_parts`.
    pub(super) fn write_parts(&self, parts: &Parts) -> Result<()> {
        let e = sql_err(self.path);
        self.tx.execute("INSERT INTO month_total_parts (months) VALUES (?1)", [&parts.totals]).map_err(&e)?;
        let part = self.tx.last_insert_rowid();
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO dyad_month_parts (source_country, target_country, part, months) VALUES (?1, ?2, ?3, ?4)",
            )
            .map_err(&e)?;
        for (s, t, blob) in &parts.dyads {
            stmt.execute(params![s, t, part, blob]).map_err(&e)?;
        }
        Ok(())
    }
}
