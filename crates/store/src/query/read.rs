//! Running an [`EventQuery`]: its filters as one SQL statement over `all_events`, the
//! first days that hold a limited query's events, and the rows read into
//! [`StoredEvent`]s.

use rusqlite::types::Value;

use crate::{sql_err, Result, Store};

use super::{ClusterRef, EventQuery, StoredEvent, StoredProvenance};

/// The columns read for a [`StoredEvent`], in order.
const COLUMNS: &str = "e.id, e.dataset, e.dataset_id, e.event_date, e.date_precision, e.published, e.retrieved, \
    e.source, e.target, e.code, e.root, e.quad_class, e.goldstein, e.directed, e.attribution, e.modality, e.rule, \
    e.entries, e.text, coalesce(c.id, e.cluster_id), coalesce(c.n_events, 1), coalesce(d.doc_key, e.doc_key), e.sentence, e.span_start, e.span_end, e.file, e.line, \
    coalesce(e.url, d.url), e.date_source, e.content, e.coder_version, e.dict_hash, e.source_country, e.target_country, \
    e.source_name, e.target_name";

impl Store {
    /// The events matching `q`, by date, then in the order they were stored.
    ///
    /// # Errors
    /// [`crate::Error::Sqlite`] if SQLite fails (including a malformed `search`).
    pub fn events(&self, q: &EventQuery) -> Result<Vec<StoredEvent>> {
        let mut out = Vec::new();
        self.for_each_event(q, |e| {
            out.push(e);
            true
        })?;
        Ok(out)
    }

    /// Calls `f` for each event matching `q`, by date then storing order; stops when `f` returns
    /// false.
    ///
    /// # Errors
    /// [`crate::Error::Sqlite`] if SQLite fails.
    pub fn for_each_event(&self, q: &EventQuery, mut f: impl FnMut(StoredEvent) -> bool) -> Result<()> {
        // Only coded events have sentences to search: imported ones need not be read.
        let from = if q.search.is_some() { "coded_events" } else { "all_events" };
        let mut sql = format!(
            "SELECT {COLUMNS} FROM {from} e LEFT JOIN clusters c ON c.id = e.cluster_id \
             LEFT JOIN documents d ON d.id = e.doc_id WHERE 1=1"
        );
        let conditions_start = sql.len();
        let mut args: Vec<Value> = Vec::new();
        // Binds a value and returns its placeholder.
        fn bind(args: &mut Vec<Value>, v: Value) -> String {
            args.push(v);
            format!("?{}", args.len())
        }
        // `col` starts with `lit`, taken literally: `%` and `_` in user input are escaped
        // (they matched anything). A plain prefix stays a two-argument LIKE, which
        // `segment_events` narrows its reads by; an escaped one is a LIKE ... ESCAPE.
        fn starts(args: &mut Vec<Value>, col: &str, lit: &str) -> String {
            if lit.contains(['%', '_', '\\']) {
                let p = bind(args, Value::Text(format!("{}%", crate::like_escape(lit))));
                format!("{col} LIKE {p} ESCAPE '\\'")
            } else {
                let p = bind(args, Value::Text(format!("{lit}%")));
                format!("{col} LIKE {p}")
            }
        }
        // A country (three letters) matches the events' countries as the datasets give
        // them (a GDELT `MNCUSA` is the USA's, a bare `GOV` no country's); any prefix
        // matches the codes.
        fn is_country(a: &str) -> bool {
            a.len() == 3 && a.bytes().all(|b| b.is_ascii_alphabetic())
        }
        if let Some(a) = &q.actor {
            let (s, t) = (starts(&mut args, "e.source", a), starts(&mut args, "e.target", a));
            if is_country(a) {
                let p = bind(&mut args, Value::Text(a.to_ascii_uppercase()));
                sql.push_str(&format!(
                    " AND ({s} OR {t} OR e.source_country = {p} OR e.target_country = {p})"
                ));
            } else {
                sql.push_str(&format!(" AND ({s} OR {t})"));
            }
        }
        if let Some(c) = &q.country {
            let p = bind(&mut args, Value::Text(c.clone()));
            sql.push_str(&format!(" AND (e.source_country = {p} OR e.target_country = {p})"));
        }
        if let Some((a, b)) = &q.dyad {
            // A side matches the start of the code; three letters also the country.
            fn side(args: &mut Vec<Value>, col: &str, v: &str) -> String {
                let code = starts(args, col, v);
                if is_country(v) {
                    let p = bind(args, Value::Text(v.to_ascii_uppercase()));
                    format!("({code} OR {col}_country = {p})")
                } else {
                    code
                }
            }
            let forward =
                format!("({} AND {})", side(&mut args, "e.source", a), side(&mut args, "e.target", b));
            let back = format!("({} AND {})", side(&mut args, "e.source", b), side(&mut args, "e.target", a));
            if q.undirected {
                sql.push_str(&format!(" AND ({forward} OR {back})"));
            } else {
                // Undirected pairs (ACLED) match either way.
                sql.push_str(&format!(" AND ({forward} OR (e.directed = 0 AND {back}))"));
            }
        }
        if let Some(v) = &q.from {
            let p = bind(&mut args, Value::Text(v.clone()));
            sql.push_str(&format!(" AND e.event_date >= {p}"));
        }
        if let Some(v) = &q.to {
            let p = bind(&mut args, Value::Text(v.clone()));
            sql.push_str(&format!(" AND e.event_date <= {p}"));
        }
        if let Some(v) = &q.code {
            let c = starts(&mut args, "e.code", v);
            sql.push_str(&format!(" AND {c}"));
        }
        if let Some(codes) = &q.codes {
            let ps: Vec<String> = codes.iter().map(|c| bind(&mut args, Value::Text(c.clone()))).collect();
            if ps.is_empty() {
                sql.push_str(" AND 0");
            } else {
                sql.push_str(&format!(" AND e.code IN ({})", ps.join(", ")));
            }
        }
        if let Some(v) = q.quad {
            let p = bind(&mut args, Value::Integer(i64::from(v)));
            sql.push_str(&format!(" AND e.quad_class = {p}"));
        }
        if let Some(v) = &q.dataset {
            let p = bind(&mut args, Value::Text(v.clone()));
            sql.push_str(&format!(" AND e.dataset = {p}"));
        }
        if let Some(v) = &q.modality {
            let p = bind(&mut args, Value::Text(v.clone()));
            sql.push_str(&format!(" AND e.modality = {p}"));
        }
        if q.domestic {
            sql.push_str(" AND e.source_country = e.target_country AND e.source_country <> ''");
        }
        if q.one_sided {
            sql.push_str(" AND (e.source = '' OR e.target = '')");
        }
        if let Some(v) = &q.search {
            let p = bind(&mut args, Value::Text(v.clone()));
            // The full-text query runs once: the matching sentences are a subquery that
            // does not depend on the event (a MATCH per event took minutes for a long query).
            sql.push_str(&format!(
                " AND e.doc_id IS NOT NULL AND (e.doc_id, e.sentence) IN (SELECT s.doc_id, s.idx FROM sentences s \
                 WHERE s.rowid IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH {p}))"
            ));
        }
        // The first N events by date: imported events have no date index, so the days that
        // hold them are found first (counting grows a window from the first day), and only
        // those days are read and sorted.
        if let (Some(n), None, None) = (q.limit, &q.search, &q.dyad) {
            let conditions = sql[conditions_start..].to_string();
            if let Some(last) = self.first_days(&conditions, &args, q, n)? {
                let p = bind(&mut args, Value::Text(last));
                sql.push_str(&format!(" AND e.event_date <= {p}"));
            }
        }
        sql.push_str(" ORDER BY e.event_date, e.id");
        if let Some(n) = q.limit {
            sql.push_str(&format!(" LIMIT {n}"));
        }
        let e = sql_err(self.path());
        // A search the FTS5 syntax cannot read fails while the statement runs: bad input.
        let running = |err: rusqlite::Error| match &q.search {
            Some(text) => crate::search::search_error(self.path(), text)(err),
            None => sql_err(self.path())(err),
        };
        let mut stmt = self.connection().prepare(&sql).map_err(&e)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args)).map_err(running)?;
        while let Some(r) = rows.next().map_err(running)? {
            let entries: Option<String> = r.get(17).map_err(&e)?;
            let cluster_id: Option<i64> = r.get(19).map_err(&e)?;
            let n: Option<i64> = r.get(20).map_err(&e)?;
            let doc_key: Option<String> = r.get(21).map_err(&e)?;
            let url: Option<String> = r.get(27).map_err(&e)?;
            let provenance = match (doc_key, r.get::<_, Option<String>>(25).map_err(&e)?) {
                (Some(document), _) => StoredProvenance::Document {
                    document,
                    sentence: r.get::<_, Option<i64>>(22).map_err(&e)?.unwrap_or(0),
                    span: [
                        r.get::<_, Option<i64>>(23).map_err(&e)?.unwrap_or(0),
                        r.get::<_, Option<i64>>(24).map_err(&e)?.unwrap_or(0),
                    ],
                    url,
                },
                (None, Some(file)) => StoredProvenance::Row {
                    file,
                    line: r.get::<_, Option<i64>>(26).map_err(&e)?.unwrap_or(0),
                    url,
                },
                (None, None) => StoredProvenance::None {},
            };
            let dataset: String = r.get(1).map_err(&e)?;
            let dataset_id: String = r.get(2).map_err(&e)?;
            let content_text: Option<String> = r.get(29).map_err(&e)?;
            let ev = StoredEvent {
                id: crate::batch::stable_id(&dataset, &dataset_id),
                dataset,
                dataset_id,
                date: r.get(3).map_err(&e)?,
                date_precision: r.get(4).map_err(&e)?,
                date_source: r.get::<_, Option<String>>(28).map_err(&e)?.unwrap_or_default(),
                published: r.get(5).map_err(&e)?,
                retrieved: r.get(6).map_err(&e)?,
                source: r.get(7).map_err(&e)?,
                target: r.get(8).map_err(&e)?,
                code: r.get(9).map_err(&e)?,
                root: r.get(10).map_err(&e)?,
                quad_class: r.get(11).map_err(&e)?,
                goldstein: r.get(12).map_err(&e)?,
                directed: r.get(13).map_err(&e)?,
                attribution: r.get(14).map_err(&e)?,
                modality: r.get(15).map_err(&e)?,
                content: content_text.as_deref().and_then(|s| serde_json::from_str(s).ok()),
                content_text,
                coder_version: r.get(30).map_err(&e)?,
                dict_hash: r.get(31).map_err(&e)?,
                source_country: r.get::<_, Option<String>>(32).map_err(&e)?.unwrap_or_default(),
                target_country: r.get::<_, Option<String>>(33).map_err(&e)?.unwrap_or_default(),
                source_name: r.get(34).map_err(&e)?,
                target_name: r.get(35).map_err(&e)?,
                rule: r.get(16).map_err(&e)?,
                entries: entries.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default(),
                text: r.get(18).map_err(&e)?,
                cluster: cluster_id
                    .map(|id| ClusterRef { id: format!("{:016x}", id as u64), events: n.unwrap_or(1) }),
                provenance,
            };
            if !f(ev) {
                break;
            }
        }
        Ok(())
    }
}

impl Store {
    /// The last day of the shortest run of days from the first (or `q.from`) that holds
    /// `n` events meeting `conditions`; `None` when that takes every day.
    fn first_days(&self, conditions: &str, args: &[Value], q: &EventQuery, n: u64) -> Result<Option<String>> {
        let e = sql_err(self.path());
        if conditions.trim().is_empty() {
            // No filter: the monthly totals count every cluster (an event or more each),
            // so the month where they first add up to `n` holds the first `n` events.
            let mut stmt = self
                .connection()
                .prepare("SELECT month, clusters FROM all_month_totals ORDER BY month")
                .map_err(&e)?;
            let months =
                stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).map_err(&e)?;
            let mut seen = 0u64;
            for m in months {
                let (month, clusters) = m.map_err(&e)?;
                seen += clusters.max(0) as u64;
                if seen >= n {
                    return Ok(Some(format!("{month}-31")));
                }
            }
            return Ok(None);
        }
        let (lo, hi): (Option<String>, Option<String>) = self
            .connection()
            .query_row(
                "SELECT min(a), max(b) FROM (SELECT min(min_date) AS a, max(max_date) AS b FROM segments \
                 UNION ALL SELECT min(event_date), max(event_date) FROM coded_events)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(&e)?;
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok();
        let (Some(lo), Some(hi)) = (lo.as_deref().and_then(day), hi.as_deref().and_then(day)) else {
            return Ok(None);
        };
        let start = q.from.as_deref().and_then(day).map_or(lo, |f| f.max(lo));
        let end = q.to.as_deref().and_then(day).map_or(hi, |t| t.min(hi));
        let sql = format!(
            "SELECT count(*) FROM all_events e WHERE 1=1{conditions} AND e.event_date <= ?{}",
            args.len() + 1
        );
        let mut stmt = self.connection().prepare(&sql).map_err(&e)?;
        let mut days = 1u64;
        loop {
            let Some(last) = start.checked_add_days(chrono::Days::new(days - 1)) else { return Ok(None) };
            if last >= end {
                return Ok(None);
            }
            let last = last.format("%Y-%m-%d").to_string();
            let mut with = args.to_vec();
            with.push(Value::Text(last.clone()));
            let found: i64 = stmt.query_row(rusqlite::params_from_iter(with), |r| r.get(0)).map_err(&e)?;
            if found as u64 >= n {
                return Ok(Some(last));
            }
            days = days.saturating_mul(8);
        }
    }
}
