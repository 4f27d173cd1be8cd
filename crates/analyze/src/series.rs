//! Dyad series: what one actor did to another, period by period.
//!
//! A dyad is a source and a target given as codes or code prefixes (`TUR`, `TURGOV`,
//! `AZEMIL`): an event belongs to the dyad when its source starts with the first and its
//! target with the second; undirected dyads take both directions (and ACLED's undirected
//! pairs belong to both directions always).
//!
//! Each event cluster (events of the same day, source, target and code, reported by
//! several sources or datasets) is counted **once**.
//!
//! Per period: the number of events, the sum and mean of their Goldstein values (GDELT
//! table), the count per quad class (GDELT convention), cooperation (quad 1–2) and
//! conflict (quad 3–4) counts, and the **share**: the dyad's events divided by all events
//! (all dyads, each cluster once) in the store in that period, a normalization against the
//! volume of news (documented as in the literature: §4.2 of the reference notes).
//!
//! **Modality.** Only events stated as having happened count by default: those asserted
//! or reported; events of imported datasets count as asserted. [`Modalities`] widens (or
//! narrows) that. The store keeps coded events that are neither asserted nor reported out
//! of the clusters and the monthly aggregates, so the default series is read from the
//! aggregates as before. A list that includes both asserted and reported adds the
//! clusters of the other modalities asked for, read from the coded events (the `events`
//! table only: a few rows, each checked against the factual clusters of its day, dyad and
//! code so that a cluster still counts once), to the dyad's counts and to the totals the
//! share divides by. Any other list (`hypothetical` alone, `asserted` without
//! `reported`) is computed from all the events, grouped into clusters (slower on a large
//! store: every event of the period is read for the totals).
//!
//! **Domestic dyads.** A dyad whose two sides are of the same country (`SYRGOV` →
//! `SYRREB`, `SYR` → `SYR`) is always computed from the events: the monthly aggregates
//! count an undirected cluster (ACLED) in both directions, which for one country would be
//! twice. An event with an empty side (one-sided) has an empty country and belongs to no
//! dyad of two codes. The commands keep to international dyads unless told otherwise.
//!
//! Periods: `week` (`YYYY-Www`, weeks starting on Monday as SQLite's `%W`), `month`
//! (`YYYY-MM`), `quarter` (`YYYY-Qn`), `year` (`YYYY`). Periods with no event between the
//! first and last period are included with zeros.

use chrono::{Datelike, Duration, NaiveDate};
use quidpro_event::Modality;
use quidpro_store::Store;
use serde::Serialize;

use crate::Error;

/// A period length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Weeks.
    Week,
    /// Months.
    Month,
    /// Quarters.
    Quarter,
    /// Years.
    Year,
}

impl Period {
    /// Parses `week`, `month`, `quarter`, `year`.
    pub fn parse(s: &str) -> Option<Period> {
        Some(match s {
            "week" => Period::Week,
            "month" => Period::Month,
            "quarter" => Period::Quarter,
            "year" => Period::Year,
            _ => return None,
        })
    }

    /// The SQL expression of the period of column `col` (a `YYYY-MM-DD` text).
    pub(crate) fn sql(self, col: &str) -> String {
        match self {
            Period::Week => format!("strftime('%Y-W%W', {col})"),
            Period::Month => format!("substr({col}, 1, 7)"),
            Period::Quarter => {
                format!("substr({col}, 1, 4) || '-Q' || ((CAST(substr({col}, 6, 2) AS INTEGER) + 2) / 3)")
            }
            Period::Year => format!("substr({col}, 1, 4)"),
        }
    }

    /// The label of the period holding `d`, as the store's SQL computes it.
    pub fn label(self, d: NaiveDate) -> String {
        match self {
            Period::Week => {
                // SQLite %W: week of the year, Monday first, days before the first Monday in week 00.
                let jan1 = NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d);
                let first_monday_offset = (7 - jan1.weekday().num_days_from_monday()) % 7;
                let yday = d.ordinal0();
                let week = if yday < first_monday_offset { 0 } else { (yday - first_monday_offset) / 7 + 1 };
                format!("{}-W{week:02}", d.year())
            }
            Period::Month => format!("{}-{:02}", d.year(), d.month()),
            Period::Quarter => format!("{}-Q{}", d.year(), d.month().div_ceil(3)),
            Period::Year => format!("{}", d.year()),
        }
    }

    /// The first day of the period after the one holding `d`.
    pub fn next_start(self, d: NaiveDate) -> NaiveDate {
        let month_start = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d);
        match self {
            Period::Week => d + Duration::days(7 - i64::from(d.weekday().num_days_from_monday())),
            Period::Month => {
                if d.month() == 12 {
                    month_start(d.year() + 1, 1)
                } else {
                    month_start(d.year(), d.month() + 1)
                }
            }
            Period::Quarter => {
                let q_end = ((d.month() - 1) / 3 + 1) * 3;
                if q_end == 12 {
                    month_start(d.year() + 1, 1)
                } else {
                    month_start(d.year(), q_end + 1)
                }
            }
            Period::Year => month_start(d.year() + 1, 1),
        }
    }

    /// Every period label from the one holding `from` to the one holding `to`.
    pub fn labels(self, from: NaiveDate, to: NaiveDate) -> Vec<String> {
        let mut out = Vec::new();
        let mut d = from;
        while d <= to {
            let l = self.label(d);
            if out.last() != Some(&l) {
                out.push(l);
            }
            d = self.next_start(d);
        }
        let last = self.label(to);
        if out.last() != Some(&last) {
            out.push(last);
        }
        out
    }
}

/// The modalities the relations count (default: asserted and reported); events of
/// imported datasets count as asserted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Modalities(Vec<Modality>);

impl Default for Modalities {
    fn default() -> Modalities {
        Modalities(vec![Modality::Asserted, Modality::Reported])
    }
}

impl Modalities {
    /// Parses a comma-separated list (`asserted,reported,hypothetical`); the error names
    /// the first word that is no modality.
    pub fn parse(list: &str) -> Result<Modalities, String> {
        let mut v = Vec::new();
        for w in list.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            let m = Modality::parse(&w.to_lowercase()).ok_or_else(|| {
                let all: Vec<&str> = Modality::ALL.iter().map(|m| m.as_str()).collect();
                format!("{w:?} is no modality ({})", all.join(", "))
            })?;
            if !v.contains(&m) {
                v.push(m);
            }
        }
        if v.is_empty() {
            return Err("an empty list of modalities".into());
        }
        v.sort_by_key(|m| Modality::ALL.iter().position(|x| x == m));
        Ok(Modalities(v))
    }

    /// The modalities, in output order.
    pub fn list(&self) -> &[Modality] {
        &self.0
    }

    /// Whether it is the default (asserted and reported).
    pub fn is_default(&self) -> bool {
        *self == Modalities::default()
    }

    /// Whether it includes asserted and reported: then the aggregates are read, and only
    /// the other modalities added.
    pub fn has_factual(&self) -> bool {
        self.0.contains(&Modality::Asserted) && self.0.contains(&Modality::Reported)
    }

    /// The modalities beyond asserted and reported.
    pub(crate) fn others(&self) -> Vec<Modality> {
        self.0.iter().copied().filter(|m| !m.is_factual()).collect()
    }

    fn quoted(list: &[Modality]) -> String {
        list.iter().map(|m| format!("'{}'", m.as_str())).collect::<Vec<_>>().join(", ")
    }

    /// The SQL condition on `all_events e` (imported events count as asserted).
    pub(crate) fn sql(&self) -> String {
        let coded = format!("e.modality IN ({})", Modalities::quoted(&self.0));
        if self.0.contains(&Modality::Asserted) {
            format!("(e.dataset <> 'quidpro' OR {coded})")
        } else {
            format!("(e.dataset = 'quidpro' AND {coded})")
        }
    }
}

/// The clusters (`event_date, source, target, code, goldstein, quad_class`) of the coded
/// events of the modalities beyond asserted and reported in `mods`, that meet `cond` (on
/// `coded_events e`), leaving out those of a day, dyad and code that has a factual cluster
/// (counted already); `None` when `mods` has no other modality.
pub(crate) fn extra_clusters_sql(mods: &Modalities, cond: &str) -> Option<String> {
    let others = mods.others();
    if others.is_empty() {
        return None;
    }
    Some(format!(
        "SELECT e.event_date AS event_date, e.source AS source, e.target AS target, e.code AS code, \
         e.source_country AS source_country, e.target_country AS target_country, \
         min(e.goldstein) AS goldstein, min(e.quad_class) AS quad_class FROM main.coded_events e \
         WHERE e.cluster_id IS NULL AND e.modality IN ({}) AND {cond} \
         AND NOT EXISTS (SELECT 1 FROM all_events f WHERE f.source_country = e.source_country \
           AND f.target_country = e.target_country AND f.event_date = e.event_date AND f.source = e.source \
           AND f.target = e.target AND f.code = e.code AND f.cluster_id IS NOT NULL) \
         GROUP BY e.event_date, e.source, e.target, e.code",
        Modalities::quoted(&others)
    ))
}

/// Whether two code prefixes are of the same country: a domestic dyad.
pub fn is_domestic(a: &str, b: &str) -> bool {
    let (ca, cb) = (a.get(..3).unwrap_or(a), b.get(..3).unwrap_or(b));
    !ca.is_empty() && ca.eq_ignore_ascii_case(cb)
}

/// A dyad: source and target code prefixes, directed or not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Dyad {
    /// Source code prefix.
    pub a: String,
    /// Target code prefix.
    pub b: String,
    /// Both directions.
    pub undirected: bool,
}

impl Dyad {
    /// A directed dyad.
    pub fn directed(a: &str, b: &str) -> Dyad {
        Dyad { a: a.to_uppercase(), b: b.to_uppercase(), undirected: false }
    }

    /// The same dyad the other way.
    pub fn reversed(&self) -> Dyad {
        Dyad { a: self.b.clone(), b: self.a.clone(), undirected: self.undirected }
    }

    /// SQL condition on `events e` and its parameters (`?1` = a, `?2` = b).
    pub(crate) fn sql(&self) -> String {
        // A country (three letters) is the events' country, as the dataset gave it (a
        // GDELT `MNCUSA` is the USA's; a bare `GOV` no country's); a longer prefix is
        // also the start of the code, taken literally (a `%` or `_` in it matched
        // anything). The country narrows what `segment_events` reads.
        let side = |col: &str, country: &str, p: &str| -> String {
            format!(
                "(e.{country} = substr({p}, 1, 3) AND (length({p}) <= 3 \
                 OR upper(substr(e.{col}, 1, length({p}))) = upper({p})))"
            )
        };
        let fwd = format!(
            "({} AND {})",
            side("source", "source_country", "?1"),
            side("target", "target_country", "?2")
        );
        let back = format!(
            "({} AND {})",
            side("source", "source_country", "?2"),
            side("target", "target_country", "?1")
        );
        if self.undirected {
            format!("({fwd} OR {back})")
        } else {
            format!("({fwd} OR (e.directed = 0 AND {back}))")
        }
    }
}

/// One period of a dyad series.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PeriodStats {
    /// The period label.
    pub period: String,
    /// Events (clusters).
    pub events: u64,
    /// Sum of Goldstein values.
    pub goldstein_sum: f64,
    /// Mean Goldstein value (0 without events).
    pub goldstein_mean: f64,
    /// Events per quad class 1–4.
    pub quad: [u64; 4],
    /// Cooperation: quad classes 1 and 2.
    pub cooperation: u64,
    /// Conflict: quad classes 3 and 4.
    pub conflict: u64,
    /// The dyad's events over all events of the period in the store (0 when none).
    pub share: f64,
}

/// A dyad series.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DyadSeries {
    /// The dyad.
    pub dyad: Dyad,
    /// The period length.
    pub by: Period,
    /// The periods, in order, gaps filled with zeros.
    pub periods: Vec<PeriodStats>,
}

/// Date limits of a series (inclusive, `YYYY-MM-DD`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Range {
    /// First day.
    pub from: Option<String>,
    /// Last day.
    pub to: Option<String>,
}

fn sq(e: rusqlite::Error) -> Error {
    Error::Store(quidpro_store::Error::Sqlite { path: "store".into(), source: e })
}

fn month_start(m: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok()
}

/// The monthly aggregates the store keeps (`all_dyad_months`, `all_month_totals`) summed into
/// periods: for directed country dyads by month, quarter or year over the whole record.
fn from_aggregates(store: &Store, dyad: &Dyad, by: Period, mods: &Modalities) -> Result<DyadSeries, Error> {
    let conn = store.connection();
    // The clusters of other modalities asked for, by month: (dyad's, all dyads').
    let mut extra: std::collections::HashMap<String, (PeriodStats, i64)> = std::collections::HashMap::new();
    if let Some(sql) = extra_clusters_sql(mods, "1 = 1") {
        let sql = format!(
            "SELECT substr(event_date, 1, 7), substr(source, 1, 3) = ?1 AND substr(target, 1, 3) = ?2, goldstein, \
             quad_class FROM ({sql})"
        );
        let mut stmt = conn.prepare(&sql).map_err(sq)?;
        let mut rows = stmt.query(rusqlite::params![dyad.a, dyad.b]).map_err(sq)?;
        while let Some(r) = rows.next().map_err(sq)? {
            let x = extra.entry(r.get(0).map_err(sq)?).or_default();
            x.1 += 1;
            if r.get::<_, bool>(1).map_err(sq)? {
                x.0.events += 1;
                x.0.goldstein_sum += r.get::<_, f64>(2).map_err(sq)?;
                let q: i64 = r.get(3).map_err(sq)?;
                if (1..=4).contains(&q) {
                    x.0.quad[q as usize - 1] += 1;
                }
            }
        }
    }
    let mut stmt = conn
        .prepare(
            "SELECT month, clusters, goldstein_sum, q1, q2, q3, q4 FROM all_dyad_months \
             WHERE source_country = ?1 AND target_country = ?2 AND clusters > 0 ORDER BY month",
        )
        .map_err(sq)?;
    let mut rows = stmt.query(rusqlite::params![dyad.a, dyad.b]).map_err(sq)?;
    let mut by_label: std::collections::BTreeMap<String, PeriodStats> = std::collections::BTreeMap::new();
    let (mut first, mut last): (Option<NaiveDate>, Option<NaiveDate>) = (None, None);
    while let Some(r) = rows.next().map_err(sq)? {
        let month: String = r.get(0).map_err(sq)?;
        let Some(d) = month_start(&month) else { continue };
        first = Some(first.map_or(d, |f: NaiveDate| f.min(d)));
        last = Some(last.map_or(d, |l: NaiveDate| l.max(d)));
        let label = by.label(d);
        let p = by_label
            .entry(label.clone())
            .or_insert_with(|| PeriodStats { period: label, ..Default::default() });
        let n: i64 = r.get(1).map_err(sq)?;
        p.events += n as u64;
        p.goldstein_sum += r.get::<_, f64>(2).map_err(sq)?;
        for k in 0..4 {
            p.quad[k] += r.get::<_, i64>(3 + k).map_err(sq)? as u64;
        }
    }
    for (month, (x, _)) in &extra {
        let Some(d) = month_start(month) else { continue };
        if x.events == 0 {
            continue;
        }
        first = Some(first.map_or(d, |f: NaiveDate| f.min(d)));
        last = Some(last.map_or(d, |l: NaiveDate| l.max(d)));
        let label = by.label(d);
        let p = by_label
            .entry(label.clone())
            .or_insert_with(|| PeriodStats { period: label, ..Default::default() });
        p.events += x.events;
        p.goldstein_sum += x.goldstein_sum;
        for k in 0..4 {
            p.quad[k] += x.quad[k];
        }
    }
    let mut totals: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    if let (Some(f), Some(l)) = (first, last) {
        let mut stmt = conn
            .prepare("SELECT month, clusters FROM all_month_totals WHERE month >= ?1 AND month <= ?2")
            .map_err(sq)?;
        let mut rows = stmt
            .query(rusqlite::params![by.label(f).get(..7).unwrap_or(""), format!("{}-12", l.format("%Y"))])
            .map_err(sq)?;
        while let Some(r) = rows.next().map_err(sq)? {
            let m: String = r.get(0).map_err(sq)?;
            if let Some(d) = month_start(&m) {
                *totals.entry(by.label(d)).or_default() += r.get::<_, i64>(1).map_err(sq)?;
            }
        }
        for (month, (_, n)) in &extra {
            if let Some(d) = month_start(month) {
                if d >= f && d <= l {
                    *totals.entry(by.label(d)).or_default() += n;
                }
            }
        }
    }
    let mut periods = Vec::new();
    if let (Some(f), Some(l)) = (first, last) {
        for label in by.labels(f, l) {
            let mut p = by_label
                .remove(&label)
                .unwrap_or(PeriodStats { period: label.clone(), ..Default::default() });
            p.cooperation = p.quad[0] + p.quad[1];
            p.conflict = p.quad[2] + p.quad[3];
            p.goldstein_mean = if p.events > 0 { p.goldstein_sum / p.events as f64 } else { 0.0 };
            if let Some(&t) = totals.get(&label) {
                if t > 0 {
                    p.share = p.events as f64 / t as f64;
                }
            }
            periods.push(p);
        }
    }
    Ok(DyadSeries { dyad: dyad.clone(), by, periods })
}

/// The series of `dyad` by `period`, of asserted and reported events
/// ([`dyad_series_of`] with the default [`Modalities`]).
///
/// # Errors
/// [`Error::Store`] when the store fails.
pub fn dyad_series(store: &Store, dyad: &Dyad, by: Period, range: &Range) -> Result<DyadSeries, Error> {
    dyad_series_of(store, dyad, by, range, &Modalities::default())
}

/// The series of `dyad` by `period`, counting the events of the modalities `mods`.
///
/// Directed dyads of two different countries over the whole record, by month, quarter or
/// year, are read from the monthly aggregates the store keeps (with the clusters of the
/// other modalities asked for added, when `mods` includes asserted and reported; see the
/// module docs); every other series (weeks, roles, undirected or domestic dyads, date
/// ranges, other modalities) is computed from the events.
///
/// # Errors
/// [`Error::Store`] when the store fails.
pub fn dyad_series_of(
    store: &Store,
    dyad: &Dyad,
    by: Period,
    range: &Range,
    mods: &Modalities,
) -> Result<DyadSeries, Error> {
    if by != Period::Week
        && !dyad.undirected
        && dyad.a.len() == 3
        && dyad.b.len() == 3
        && dyad.a != dyad.b
        && range.from.is_none()
        && range.to.is_none()
        && mods.has_factual()
    {
        return from_aggregates(store, dyad, by, mods);
    }
    let conn = store.connection();
    let p = by.sql("event_date");
    let sql = format!(
        "SELECT {p} AS per, count(*), sum(goldstein), sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3), \
         sum(quad_class = 4), min(event_date), max(event_date) FROM \
         (SELECT min(e.event_date) AS event_date, min(e.goldstein) AS goldstein, min(e.quad_class) AS quad_class \
          FROM all_events e WHERE {} AND {} AND (?3 IS NULL OR e.event_date >= ?3) AND (?4 IS NULL OR e.event_date <= ?4) \
          GROUP BY e.event_date, e.source, e.target, e.code) GROUP BY per ORDER BY per",
        dyad.sql(),
        mods.sql()
    );
    let mut stmt = conn.prepare(&sql).map_err(sq)?;
    let mut rows = stmt.query(rusqlite::params![dyad.a, dyad.b, range.from, range.to]).map_err(sq)?;
    let mut found: Vec<PeriodStats> = Vec::new();
    let (mut first, mut last): (Option<String>, Option<String>) = (None, None);
    while let Some(r) = rows.next().map_err(sq)? {
        let events: i64 = r.get(1).map_err(sq)?;
        let sum: f64 = r.get(2).map_err(sq)?;
        let q: [i64; 4] =
            [r.get(3).map_err(sq)?, r.get(4).map_err(sq)?, r.get(5).map_err(sq)?, r.get(6).map_err(sq)?];
        let lo: String = r.get(7).map_err(sq)?;
        let hi: String = r.get(8).map_err(sq)?;
        if first.as_ref().is_none_or(|f| lo < *f) {
            first = Some(lo);
        }
        if last.as_ref().is_none_or(|l| hi > *l) {
            last = Some(hi);
        }
        found.push(PeriodStats {
            period: r.get(0).map_err(sq)?,
            events: events as u64,
            goldstein_sum: sum,
            goldstein_mean: if events > 0 { sum / events as f64 } else { 0.0 },
            quad: q.map(|x| x as u64),
            cooperation: (q[0] + q[1]) as u64,
            conflict: (q[2] + q[3]) as u64,
            share: 0.0,
        });
    }
    let parse = |s: &Option<String>| s.as_deref().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
    let from = parse(&range.from).or(parse(&first));
    let to = parse(&range.to).or(parse(&last));
    let mut periods = Vec::new();
    if let (Some(from), Some(to)) = (from, to) {
        // Totals of all dyads in the same window, each cluster once: the stored clusters
        // (asserted and reported), with the other modalities' clusters when asked for;
        // for other lists, the events' clusters of those modalities.
        let clusters = if mods.has_factual() {
            match extra_clusters_sql(mods, "e.event_date >= ?1 AND e.event_date <= ?2") {
                Some(extra) => format!(
                    "(SELECT event_date FROM all_clusters UNION ALL SELECT event_date FROM ({extra}))"
                ),
                None => "all_clusters".to_string(),
            }
        } else {
            format!(
                "(SELECT e.event_date AS event_date FROM all_events e WHERE {} AND e.event_date >= ?1 AND e.event_date <= ?2 \
                 GROUP BY e.event_date, e.source, e.target, e.code)",
                mods.sql()
            )
        };
        let sql = format!("SELECT {} AS per, count(*) FROM {clusters} WHERE event_date >= ?1 AND event_date <= ?2 GROUP BY per", by.sql("event_date"));
        let mut stmt = conn.prepare(&sql).map_err(sq)?;
        let totals: std::collections::HashMap<String, i64> = stmt
            .query_map(rusqlite::params![from.to_string(), to.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(sq)?
            .collect::<Result<_, _>>()
            .map_err(sq)?;
        let mut by_label: std::collections::HashMap<String, PeriodStats> =
            found.into_iter().map(|p| (p.period.clone(), p)).collect();
        for label in by.labels(from, to) {
            let mut p = by_label
                .remove(&label)
                .unwrap_or(PeriodStats { period: label.clone(), ..Default::default() });
            if let Some(&t) = totals.get(&label) {
                if t > 0 {
                    p.share = p.events as f64 / t as f64;
                }
            }
            periods.push(p);
        }
    }
    Ok(DyadSeries { dyad: dyad.clone(), by, periods })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quidpro_store::NewEvent;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn labels_match_sqlite() {
        let store = Store::open_in_memory().unwrap();
        for day in
            ["2024-01-01", "2024-01-07", "2024-01-08", "2023-01-01", "2023-01-02", "2024-12-31", "2021-03-15"]
        {
            let sql = format!(
                "SELECT {}, {}, {}",
                Period::Week.sql("?1"),
                Period::Quarter.sql("?1"),
                Period::Month.sql("?1")
            );
            let (w, q, m): (String, String, String) =
                store.connection().query_row(&sql, [day], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
            assert_eq!(w, Period::Week.label(d(day)), "{day}");
            assert_eq!(q, Period::Quarter.label(d(day)), "{day}");
            assert_eq!(m, Period::Month.label(d(day)), "{day}");
        }
    }

    #[test]
    fn labels_fill_gaps() {
        assert_eq!(
            Period::Month.labels(d("2024-11-15"), d("2025-02-01")),
            ["2024-11", "2024-12", "2025-01", "2025-02"]
        );
        assert_eq!(
            Period::Quarter.labels(d("2024-02-15"), d("2024-12-01")),
            ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
        );
        assert_eq!(Period::Year.labels(d("2020-02-15"), d("2022-01-01")), ["2020", "2021", "2022"]);
        assert_eq!(Period::Week.labels(d("2024-01-01"), d("2024-01-15")).len(), 3);
    }

    #[test]
    fn clusters_count_once_and_shares() {
        let mut store = Store::open_in_memory().unwrap();
        let mut b = store.batch().unwrap();
        let ev = |ds: &str, id: &str, date: &str, s: &str, t: &str, c: &str| {
            NewEvent::new(ds, id, date, s, t, c).unwrap()
        };
        // Two reports of one event (one cluster), one more event, one event of another dyad.
        b.add_event(&ev("gdelt2", "1", "2024-01-05", "TURGOV", "AZEGOV", "042"), None).unwrap();
        b.add_event(&ev("icews", "1", "2024-01-05", "TURGOV", "AZEGOV", "042"), None).unwrap();
        b.add_event(&ev("gdelt2", "2", "2024-03-05", "TURMIL", "AZE", "190"), None).unwrap();
        b.add_event(&ev("gdelt2", "3", "2024-01-09", "RUS", "UKR", "190"), None).unwrap();
        b.commit().unwrap();
        let s = dyad_series(&store, &Dyad::directed("TUR", "AZE"), Period::Month, &Range::default()).unwrap();
        let got: Vec<(&str, u64, f64)> =
            s.periods.iter().map(|p| (p.period.as_str(), p.events, p.goldstein_sum)).collect();
        assert_eq!(got, [("2024-01", 1, 1.9), ("2024-02", 0, 0.0), ("2024-03", 1, -10.0)]);
        assert_eq!(s.periods[0].share, 0.5);
        assert_eq!(s.periods[2].quad, [0, 0, 0, 1]);
        let s =
            dyad_series(&store, &Dyad::directed("TURGOV", "AZE"), Period::Year, &Range::default()).unwrap();
        assert_eq!(s.periods[0].events, 1, "role filter");
        let s = dyad_series(
            &store,
            &Dyad { a: "AZE".into(), b: "TUR".into(), undirected: true },
            Period::Year,
            &Range::default(),
        )
        .unwrap();
        assert_eq!(s.periods[0].events, 2);
    }

    fn month_events(s: &DyadSeries) -> Vec<(String, u64)> {
        s.periods.iter().map(|p| (p.period.clone(), p.events)).collect()
    }

    /// Coded events (rows) of several modalities and imported ones (counted as asserted).
    fn modality_store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let mut b = store.batch().unwrap();
        let coded = |id: &str, date: &str, code: &str, modality: &str| {
            let mut e = NewEvent::new("quidpro", id, date, "TURGOV", "AZEGOV", code).unwrap();
            e.doc_key = Some("s1".into());
            e.modality = modality.into();
            e
        };
        for e in [
            coded("a", "2024-01-05", "042", "asserted"),
            coded("h", "2024-01-05", "190", "hypothetical"),
            // The same cluster as "a": counted once whatever is asked.
            coded("h2", "2024-01-05", "042", "hypothetical"),
            coded("p", "2024-03-05", "190", "planned"),
            NewEvent::new("gdelt2", "1", "2024-02-01", "TURGOV", "AZEGOV", "190").unwrap(),
            NewEvent::new("gdelt2", "2", "2024-01-07", "RUS", "UKR", "190").unwrap(),
        ] {
            b.add_event(&e, None).unwrap();
        }
        b.commit().unwrap();
        store
    }

    #[test]
    fn only_asserted_and_reported_count_by_default() {
        let store = modality_store();
        let dyad = Dyad::directed("TUR", "AZE");
        let s = dyad_series(&store, &dyad, Period::Month, &Range::default()).unwrap();
        assert_eq!(month_events(&s), [("2024-01".into(), 1), ("2024-02".into(), 1)]);
        assert_eq!(s.periods[0].share, 0.5, "the RUS-UKR cluster and ours");
        // From the events (a date range): the same.
        let range = Range { from: Some("2024-01-01".into()), to: Some("2024-02-28".into()) };
        let e = dyad_series(&store, &dyad, Period::Month, &range).unwrap();
        assert_eq!(month_events(&e), month_events(&s));
        assert_eq!(e.periods[0].share, 0.5);
        // Hypothetical too: the 190 of January (its 042 joins the asserted cluster).
        let mods = Modalities::parse("asserted,reported,hypothetical").unwrap();
        let s = dyad_series_of(&store, &dyad, Period::Month, &Range::default(), &mods).unwrap();
        assert_eq!(month_events(&s), [("2024-01".into(), 2), ("2024-02".into(), 1)]);
        assert_eq!(s.periods[0].goldstein_sum, 1.9 - 10.0);
        assert!((s.periods[0].share - 2.0 / 3.0).abs() < 1e-9);
        let e = dyad_series_of(&store, &dyad, Period::Month, &range, &mods).unwrap();
        assert_eq!(month_events(&e), month_events(&s));
        assert!((e.periods[0].share - 2.0 / 3.0).abs() < 1e-9);
        // Planned alone: imported events (asserted) do not count.
        let mods = Modalities::parse("planned").unwrap();
        let s = dyad_series_of(&store, &dyad, Period::Month, &Range::default(), &mods).unwrap();
        assert_eq!(month_events(&s), [("2024-03".into(), 1)]);
        assert_eq!(s.periods[0].share, 1.0);
        assert!(Modalities::parse("asserted,maybe").unwrap_err().contains("\"maybe\" is no modality"));
        assert!(Modalities::default().is_default());
    }

    /// A same-country dyad counts an undirected cluster once (the monthly aggregates count
    /// it in both directions, which for one country is twice).
    #[test]
    fn a_domestic_dyad_counts_an_undirected_event_once() {
        let mut store = Store::open_in_memory().unwrap();
        let mut b = store.batch().unwrap();
        let mut e = NewEvent::new("acled", "1", "2024-03-01", "SYRGOV", "SYRREB", "190").unwrap();
        e.directed = false;
        b.add_event(&e, None).unwrap();
        b.add_event(&NewEvent::new("icews", "1", "2024-03-02", "SYRREB", "SYRGOV", "190").unwrap(), None)
            .unwrap();
        b.add_event(&NewEvent::new("icews", "2", "2024-03-02", "SYRCOP", "", "145").unwrap(), None).unwrap();
        b.commit().unwrap();
        let kept: i64 = store
            .connection()
            .query_row(
                "SELECT sum(clusters) FROM all_dyad_months WHERE source_country = 'SYR' AND target_country = 'SYR'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(kept, 3, "the undirected cluster twice in the aggregates");
        assert!(is_domestic("SYRGOV", "SYRREB") && !is_domestic("SYR", "TUR") && !is_domestic("", ""));
        for undirected in [false, true] {
            let d = Dyad { a: "SYR".into(), b: "SYR".into(), undirected };
            let s = dyad_series(&store, &d, Period::Month, &Range::default()).unwrap();
            assert_eq!(month_events(&s), [("2024-03".into(), 2)], "undirected {undirected}");
        }
        let d = Dyad::directed("SYRGOV", "SYRREB");
        assert_eq!(
            month_events(&dyad_series(&store, &d, Period::Month, &Range::default()).unwrap()),
            [("2024-03".into(), 1)]
        );
    }
}
