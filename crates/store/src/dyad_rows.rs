//! The imported events of one dyad read straight from their segments: the runs that
//! `segment_dyads` lists for the pair's countries, the columns a reader of a pair's
//! history needs, without SQL per row (what `quidpro ledger` reads on a large store:
//! every event of a pair, both ways, in a few milliseconds).
//!
//! What `segment_events` would give for `source LIKE 'TUR%' AND target LIKE 'AZE%'` (ASCII
//! case ignored, the countries the prefixes' first three letters) and the dates, in the
//! same order as its `id`: segment by segment, row by row.

use chrono::NaiveDate;
use rusqlite::MAIN_DB;

use crate::segment::{self, Col, Column, Header};
use crate::{sql_err, Result, Store};

/// One imported event of a dyad ([`Store::segment_dyad_rows`]).
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentRow {
    /// Its row id (the `id` of `all_events`).
    pub id: i64,
    /// The dataset.
    pub dataset: String,
    /// The dataset's id of the event.
    pub dataset_id: String,
    /// When it happened.
    pub date: NaiveDate,
    /// `day`, `month`, ...
    pub date_precision: String,
    /// Source actor code.
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// CAMEO code.
    pub code: String,
    /// Its modality (empty when the dataset gives none).
    pub modality: String,
    /// Who asserts it (empty when the dataset gives none).
    pub attribution: String,
    /// The dataset's names of the actors.
    pub source_name: Option<String>,
    /// The dataset's name of the target.
    pub target_name: Option<String>,
    /// The imported file.
    pub file: Option<String>,
    /// Its line there.
    pub line: Option<i64>,
    /// The source URL.
    pub url: Option<String>,
}

/// Whether `code` starts with `prefix`, ASCII case ignored (as `LIKE 'prefix%'`).
fn has_prefix(code: &str, prefix: &str) -> bool {
    code.len() >= prefix.len() && code.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// The columns read, in the order of the blob (its overflow pages are walked once).
const COLS: [Col; 13] = [
    Col::DatasetId,
    Col::EventDate,
    Col::DatePrecision,
    Col::Source,
    Col::Target,
    Col::Code,
    Col::Modality,
    Col::Attribution,
    Col::SourceName,
    Col::TargetName,
    Col::File,
    Col::Line,
    Col::Url,
];

impl Store {
    /// The imported events whose source code starts with `source` and target code with
    /// `target` (ASCII case ignored; each at least a country's three letters), between
    /// `from` and `to` (days, inclusive), in segment and row order. Coded events (the
    /// `events` table) are not among them.
    ///
    /// # Errors
    /// [`crate::Error::Sqlite`] when SQLite fails or a segment is damaged.
    pub fn segment_dyad_rows(
        &self,
        source: &str,
        target: &str,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<SegmentRow>> {
        let e = sql_err(&self.path);
        let (Some(sc), Some(tc)) = (source.get(..3), target.get(..3)) else { return Ok(Vec::new()) };
        let (sc, tc) = (sc.to_ascii_uppercase(), tc.to_ascii_uppercase());
        let conn = &self.conn;
        let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let mut stmt = conn
            .prepare_cached(
                "SELECT d.segment, d.first_row, d.rows, s.dataset FROM main.segment_dyads d \
                 JOIN main.segments s ON s.id = d.segment \
                 WHERE d.source_country = ?1 AND d.target_country = ?2 \
                 AND (?3 IS NULL OR d.max_date >= ?3) AND (?4 IS NULL OR d.min_date <= ?4) \
                 ORDER BY d.segment, d.first_row",
            )
            .map_err(&e)?;
        let runs: Vec<(i64, usize, usize, String)> = stmt
            .query_map(rusqlite::params![sc, tc, day(from), day(to)], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize, r.get(3)?))
            })
            .map_err(&e)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&e)?;
        let damaged = |m: std::io::Error| {
            e(rusqlite::Error::ModuleError(format!("segment_dyad_rows: a damaged segment: {m}")))
        };
        let (min_day, max_day) = (from.map(days), to.map(days));
        let mut out = Vec::new();
        for (seg, first, rows, dataset) in runs {
            // A run may cross row groups: one stretch per group.
            let mut at = first;
            while at < first + rows {
                let g = at / segment::GROUP;
                let within = at % segment::GROUP;
                let take = (first + rows - at).min(segment::GROUP - within);
                let mut blob = conn
                    .blob_open(MAIN_DB, c"segment_groups", c"data", segment::group_id(seg, g), true)
                    .map_err(&e)?;
                let header = Header::parse(&mut blob).map_err(damaged)?;
                let mut cols: Vec<Column> = vec![Column::Null; segment::COLUMNS];
                for c in COLS {
                    cols[c as usize] =
                        header.column_cached(&mut blob, c, within, within + take, None).map_err(damaged)?;
                }
                let col = |c: Col| &cols[c as usize];
                let text = |c: Col, i: usize| col(c).str(i).map(str::to_string);
                for i in 0..take {
                    let (Some(s), Some(t)) = (col(Col::Source).str(i), col(Col::Target).str(i)) else {
                        continue;
                    };
                    if !has_prefix(s, source) || !has_prefix(t, target) {
                        continue;
                    }
                    let Some(d) = col(Col::EventDate).int(i) else { continue };
                    if min_day.is_some_and(|m| d < m) || max_day.is_some_and(|m| d > m) {
                        continue;
                    }
                    let Some(date) = segment::day(d) else { continue };
                    out.push(SegmentRow {
                        id: segment::event_row_id(seg, at + i),
                        dataset: dataset.clone(),
                        dataset_id: text(Col::DatasetId, i).unwrap_or_default(),
                        date,
                        date_precision: text(Col::DatePrecision, i).unwrap_or_else(|| "day".into()),
                        source: s.to_string(),
                        target: t.to_string(),
                        code: text(Col::Code, i).unwrap_or_default(),
                        modality: text(Col::Modality, i).unwrap_or_default(),
                        attribution: text(Col::Attribution, i).unwrap_or_default(),
                        source_name: text(Col::SourceName, i),
                        target_name: text(Col::TargetName, i),
                        file: text(Col::File, i),
                        line: col(Col::Line).int(i),
                        url: text(Col::Url, i),
                    });
                }
                at += take;
            }
        }
        Ok(out)
    }
}

fn days(d: NaiveDate) -> i64 {
    use chrono::Datelike;
    i64::from(d.num_days_from_ce())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NewEvent;

    /// The rows the virtual table gives for the same pair and dates, by SQL.
    fn by_sql(store: &Store, s: &str, t: &str, from: &str, to: &str) -> Vec<(i64, String, String, String)> {
        let mut stmt = store
            .connection()
            .prepare(
                "SELECT id, dataset_id, source || '>' || target || ' ' || code, coalesce(url, '') || ' ' || coalesce(file, '') || ':' || coalesce(line, 0) \
                 FROM segment_events WHERE source LIKE ?1 || '%' AND target LIKE ?2 || '%' \
                 AND event_date >= ?3 AND event_date <= ?4 ORDER BY id",
            )
            .unwrap();
        stmt.query_map([s, t, from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    }

    #[test]
    fn a_pairs_rows_are_those_the_virtual_table_gives() {
        let mut store = Store::open_in_memory().unwrap();
        // Small segments: the pair's rows are spread over several, in runs.
        store.set_segment_rows(7);
        let pairs =
            [("TURGOV", "AZEGOV"), ("AZE", "TURMIL"), ("TUR", "AZE"), ("TURREB", "ARM"), ("ARM", "AZE")];
        let mut b = store.batch().unwrap();
        for i in 0..60 {
            let (s, t) = pairs[i % pairs.len()];
            let date = format!("2020-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
            let mut ev = NewEvent::new("gdelt2", &format!("{}", 1000 + i), &date, s, t, "042").unwrap();
            ev.url = Some(format!("https://example.org/{i}"));
            ev.file_line = Some(("f.csv".into(), i as u64 + 1));
            b.add_event(&ev, None).unwrap();
        }
        b.commit().unwrap();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        for (s, t, from, to) in [
            ("TUR", "AZE", "2020-01-01", "2020-12-31"),
            ("tur", "AZEGOV", "2020-03-01", "2020-09-30"),
            ("AZE", "TUR", "2020-01-01", "2020-12-31"),
        ] {
            let got: Vec<(i64, String, String, String)> = store
                .segment_dyad_rows(s, t, Some(day(from)), Some(day(to)))
                .unwrap()
                .into_iter()
                .map(|r| {
                    (
                        r.id,
                        r.dataset_id,
                        format!("{}>{} {}", r.source, r.target, r.code),
                        format!(
                            "{} {}:{}",
                            r.url.unwrap_or_default(),
                            r.file.unwrap_or_default(),
                            r.line.unwrap_or(0)
                        ),
                    )
                })
                .collect();
            let want = by_sql(&store, s, t, from, to);
            assert!(!want.is_empty(), "{s} {t}");
            assert_eq!(got, want, "{s} → {t}");
        }
        assert!(store.segment_dyad_rows("TUR", "IRN", None, None).unwrap().is_empty());
    }
}
