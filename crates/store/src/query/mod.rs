//! Reading: [`EventQuery`] filters, [`StoredEvent`] rows.
//!
//! # The JSON form of a stored event (stable)
//!
//! `quidpro events --format jsonl` writes one object per event with the fields of
//! `quidpro code` (`id`, `date`, `date_precision`, `date_source`, `source`, `target`
//! (either `""` for an unnamed side), `code`, `root`, `quad_class`, `goldstein`,
//! `attribution`, `modality`, `content`, and `story_id`, `sentence`, `span`, `rule`,
//! `entries`, `text` where the event was coded by us), plus:
//!
//! | field | meaning |
//! |---|---|
//! | `date_source` | coded events: `text`, `story` or `document` (as `quidpro code`); imported events: `dataset`; `""` for coded events stored before schema version 12 |
//! | `content` | coded demands, appeals, promises and threats: the `content` object of `quidpro code` (`source`, `target`, `code`, `root`, `modality`, `span`, `text`); else null |
//! | `coder_version` | coded events: the version of the coder that coded it (omitted for imported events and events stored before version 12) |
//! | `dict_hash` | coded events: the hash of the dictionaries that coded it (16 hex digits; omitted likewise) |
//! | `dataset` | `quidpro`, `gdelt1`, `gdelt2`, `icews`, ... |
//! | `dataset_id` | the dataset's own id |
//! | `published` | publication date, when known |
//! | `retrieved` | when the event entered the store |
//! | `directed` | `false` for undirected pairs (ACLED) |
//! | `cluster` | `{ "id": "16 hex digits", "events": N }`: events of the same day, dyad and code (the id hashes them, so it is the same in every store) |
//! | `provenance` | `{ "document": KEY, "sentence": N, "span": [a, b] }` or `{ "file": F, "line": N }`, with `url` |

use rusqlite::types::Value;
use serde::Serialize;

use crate::{sql_err, Result, Store};

/// Filters for [`Store::events`]; every field left `None` matches all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventQuery {
    /// Source or target code starts with this (`TURGOV`, `TUR`); three letters also
    /// match the source's or target's country (a GDELT `MNCUSA` for `USA`).
    pub actor: Option<String>,
    /// Source or target country is this (3 letters).
    pub country: Option<String>,
    /// Directed dyad of codes or countries: source code starts with A or (three letters)
    /// the source's country is A, target likewise with B.
    pub dyad: Option<(String, String)>,
    /// With `dyad`: both directions.
    pub undirected: bool,
    /// First day, `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    /// Last day, inclusive.
    pub to: Option<String>,
    /// CAMEO code prefix (`19`, `042`).
    pub code: Option<String>,
    /// The code is one of these (exactly; a category of another scheme, such as a
    /// PLOVER type, given as its CAMEO codes).
    pub codes: Option<Vec<String>>,
    /// Quad class 1–4.
    pub quad: Option<u8>,
    /// Dataset name.
    pub dataset: Option<String>,
    /// Modality.
    pub modality: Option<String>,
    /// Only domestic events: source and target of the same (non-empty) country.
    pub domestic: bool,
    /// Only one-sided events: the source or the target is empty.
    pub one_sided: bool,
    /// Full-text search in the events' sentences (FTS5 syntax).
    pub search: Option<String>,
    /// At most this many events.
    pub limit: Option<u64>,
}

/// Provenance of a stored event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum StoredProvenance {
    /// Coded by us from a document.
    Document {
        /// The document's key (story id).
        document: String,
        /// Sentence index.
        sentence: i64,
        /// Byte span in the document text.
        span: [i64; 2],
        /// URL of the document.
        #[serde(skip_serializing_if = "Option::is_none")]
        url: Option<String>,
    },
    /// Imported from a file.
    Row {
        /// The file.
        file: String,
        /// The 1-based line.
        line: i64,
        /// The source URL the dataset gives.
        #[serde(skip_serializing_if = "Option::is_none")]
        url: Option<String>,
    },
    /// Unknown.
    None {},
}

/// The cluster of an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterRef {
    /// Cluster id: 16 hex digits of a hash of the day, source, target and code, the same
    /// in every store.
    pub id: String,
    /// Number of events in it.
    pub events: i64,
}

/// An event as stored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredEvent {
    /// Stable id.
    pub id: String,
    /// Dataset.
    pub dataset: String,
    /// The dataset's own id.
    pub dataset_id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `day`, `week`, `month`, `quarter`, `season`, `year`.
    pub date_precision: String,
    /// `text`, `story`, `document` (coded), `dataset` (imported), `""` (unknown).
    pub date_source: String,
    /// Publication date.
    pub published: Option<String>,
    /// When stored.
    pub retrieved: String,
    /// Source code.
    pub source: String,
    /// Target code.
    pub target: String,
    /// CAMEO code.
    pub code: String,
    /// Root.
    pub root: String,
    /// Quad class (GDELT convention).
    pub quad_class: i64,
    /// Goldstein (GDELT table).
    pub goldstein: f64,
    /// Directed pair.
    pub directed: bool,
    /// Who asserts it.
    pub attribution: String,
    /// How it is stated.
    pub modality: String,
    /// What a demand, appeal, promise or threat asks for (the coder's `content` object).
    pub content: Option<serde_json::Value>,
    /// The coder's version, for coded events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coder_version: Option<String>,
    /// The hash of the dictionaries that coded it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dict_hash: Option<String>,
    /// Our pattern, for coded events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Our dictionary entries, for coded events.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<String>,
    /// The event's words, for coded events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Cluster.
    pub cluster: Option<ClusterRef>,
    /// Where it comes from.
    pub provenance: StoredProvenance,
    /// The source's country (the dataset's own; `""` for none).
    #[serde(skip)]
    pub source_country: String,
    /// The target's country.
    #[serde(skip)]
    pub target_country: String,
    /// `content` as the store keeps it (JSON text, its keys in the coder's order).
    #[serde(skip)]
    pub content_text: Option<String>,
    /// The dataset's text for the source actor.
    #[serde(skip)]
    pub source_name: Option<String>,
    /// The dataset's text for the target actor.
    #[serde(skip)]
    pub target_name: Option<String>,
}

impl StoredEvent {
    /// The event's values in the order of the event schema's columns
    /// (`quidpro_event::schema::COLUMNS`), as SQLite values: what the view `events` gives
    /// for it (dates as text, `directed` as 0 or 1, `content` and `entries` as JSON text).
    pub fn schema_values(&self) -> Vec<Value> {
        let text = |s: &str| Value::Text(s.to_string());
        let opt = |s: &Option<String>| s.as_ref().map_or(Value::Null, |s| Value::Text(s.clone()));
        let (story_id, sentence, span, file, line, url) = match &self.provenance {
            StoredProvenance::Document { document, sentence, span, url } => {
                (Some(document.clone()), Some(*sentence), Some(*span), None, None, url.clone())
            }
            StoredProvenance::Row { file, line, url } => {
                (None, None, None, Some(file.clone()), Some(*line), url.clone())
            }
            StoredProvenance::None {} => (None, None, None, None, None, None),
        };
        let int = |v: Option<i64>| v.map_or(Value::Null, Value::Integer);
        let plover = quidpro_event::EventCode::parse(&self.code).ok().and_then(|c| c.plover());
        let values = vec![
            text(&self.id),
            text(&self.dataset),
            text(&self.dataset_id),
            text(&self.date),
            text(&self.date_precision),
            text(&self.date_source),
            opt(&self.published),
            text(&self.retrieved),
            text(&self.source),
            text(&self.target),
            text(&self.source_country),
            text(&self.target_country),
            opt(&self.source_name),
            opt(&self.target_name),
            text(&self.code),
            text(&self.root),
            Value::Integer(self.quad_class),
            Value::Real(self.goldstein),
            plover.map_or(Value::Null, text),
            Value::Integer(i64::from(self.directed)),
            text(&self.modality),
            text(&self.attribution),
            match (&self.content_text, &self.content) {
                (Some(t), _) => Value::Text(t.clone()),
                (None, Some(c)) => Value::Text(c.to_string()),
                (None, None) => Value::Null,
            },
            opt(&story_id),
            int(sentence),
            int(span.map(|s| s[0])),
            int(span.map(|s| s[1])),
            opt(&self.text),
            opt(&self.rule),
            if self.dataset == quidpro_event::event::DATASET || !self.entries.is_empty() {
                Value::Text(serde_json::to_string(&self.entries).unwrap_or_default())
            } else {
                Value::Null
            },
            opt(&file),
            int(line),
            opt(&url),
            self.cluster.as_ref().map_or(Value::Null, |c| Value::Text(c.id.clone())),
            Value::Integer(self.cluster.as_ref().map_or(1, |c| c.events)),
            opt(&self.coder_version),
            opt(&self.dict_hash),
        ];
        debug_assert_eq!(values.len(), quidpro_event::schema::COLUMNS.len());
        values
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{NewDocument, NewEvent, NewSentence, RunStats};
    use quidpro_event::Span;

    fn ev(dataset: &str, id: &str, date: &str, s: &str, t: &str, code: &str) -> NewEvent {
        NewEvent::new(dataset, id, date, s, t, code).unwrap()
    }

    #[test]
    fn duplicates_are_ignored_and_clusters_count_sources() {
        let mut store = Store::open_in_memory().unwrap();
        let mut b = store.batch().unwrap();
        let run = b.begin_run("test", "x").unwrap();
        assert!(b.add_event(&ev("gdelt2", "1", "2024-01-02", "TURGOV", "AZEGOV", "042"), Some(run)).unwrap());
        assert!(b.add_event(&ev("gdelt2", "2", "2024-01-02", "TURGOV", "AZEGOV", "042"), Some(run)).unwrap());
        assert!(!b
            .add_event(&ev("gdelt2", "1", "2024-01-02", "TURGOV", "AZEGOV", "042"), Some(run))
            .unwrap());
        assert!(b.add_event(&ev("icews", "1", "2024-01-02", "TURGOV", "AZEGOV", "042"), Some(run)).unwrap());
        b.finish_run(run, &RunStats { read: 4, stored: 3, duplicates: 1, ..Default::default() }).unwrap();
        b.commit().unwrap();
        assert_eq!(store.count("events").unwrap(), 3);
        assert_eq!(store.count("clusters").unwrap(), 1);
        let all = store.events(&EventQuery::default()).unwrap();
        assert!(all.iter().all(|e| e.cluster.as_ref().unwrap().events == 3));
    }

    #[test]
    fn filters() {
        let mut store = Store::open_in_memory().unwrap();
        let mut b = store.batch().unwrap();
        for (i, (d, s, t, c)) in [
            ("2024-01-01", "TURGOV", "AZEGOV", "042"),
            ("2024-02-01", "AZEMIL", "ARMMIL", "190"),
            ("2024-03-01", "ARM", "AZE", "111"),
            ("2024-04-01", "RUS", "UKR", "195"),
        ]
        .iter()
        .enumerate()
        {
            b.add_event(&ev("t", &i.to_string(), d, s, t, c), None).unwrap();
        }
        b.commit().unwrap();
        let n = |q: EventQuery| store.events(&q).unwrap().len();
        assert_eq!(n(EventQuery { actor: Some("AZE".into()), ..Default::default() }), 3);
        assert_eq!(n(EventQuery { country: Some("ARM".into()), ..Default::default() }), 2);
        assert_eq!(n(EventQuery { dyad: Some(("AZE".into(), "ARM".into())), ..Default::default() }), 1);
        assert_eq!(
            n(EventQuery {
                dyad: Some(("AZE".into(), "ARM".into())),
                undirected: true,
                ..Default::default()
            }),
            2
        );
        assert_eq!(
            n(EventQuery {
                from: Some("2024-02-01".into()),
                to: Some("2024-03-31".into()),
                ..Default::default()
            }),
            2
        );
        assert_eq!(n(EventQuery { code: Some("19".into()), ..Default::default() }), 2);
        assert_eq!(n(EventQuery { codes: Some(vec!["190".into(), "042".into()]), ..Default::default() }), 2);
        assert_eq!(n(EventQuery { codes: Some(Vec::new()), ..Default::default() }), 0);
        assert_eq!(n(EventQuery { quad: Some(3), ..Default::default() }), 1);
        assert_eq!(n(EventQuery { limit: Some(1), ..Default::default() }), 1);
    }

    #[test]
    fn documents_replace_and_search() {
        let mut store = Store::open_in_memory().unwrap();
        let text = "Turkey condemned Armenia. Baku agreed.";
        let mut doc = NewDocument {
            key: "s1".into(),
            kind: "story".into(),
            title: None,
            source: Some("AA".into()),
            url: None,
            published: chrono::NaiveDate::from_ymd_opt(2024, 1, 1),
            text: text.into(),
        };
        let mut b = store.batch().unwrap();
        let id = match b.add_document(&doc, None).unwrap() {
            crate::DocumentOutcome::New(id) => id,
            other => panic!("{other:?}"),
        };
        b.add_sentence(id, &NewSentence { index: 0, span: Span::new(0, 25) }, text).unwrap();
        let mut e = ev("quidpro", "abc", "2024-01-01", "TUR", "ARM", "111");
        e.doc_id = Some(id);
        e.sentence = Some(0);
        e.span = Some(Span::new(0, 24));
        b.add_event(&e, None).unwrap();
        b.commit().unwrap();
        let q = EventQuery { search: Some("condemned".into()), ..Default::default() };
        assert_eq!(store.events(&q).unwrap().len(), 1);
        let q = EventQuery { search: Some("praised".into()), ..Default::default() };
        assert_eq!(store.events(&q).unwrap().len(), 0);
        // The same document again: unchanged.
        let mut b = store.batch().unwrap();
        assert_eq!(b.add_document(&doc, None).unwrap(), crate::DocumentOutcome::Unchanged(id));
        // Changed: replaced, its events gone.
        doc.text.push_str(" More.");
        assert_eq!(b.add_document(&doc, None).unwrap(), crate::DocumentOutcome::Replaced(id));
        b.commit().unwrap();
        assert_eq!(store.count("events").unwrap(), 0);
        assert_eq!(store.count("sentences").unwrap(), 0);
        assert_eq!(store.count("clusters").unwrap(), 0);
    }

    #[test]
    fn a_dropped_batch_stores_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        {
            let mut b = store.batch().unwrap();
            b.add_event(&ev("t", "1", "2024-01-01", "TUR", "ARM", "111"), None).unwrap();
        }
        assert_eq!(store.count("events").unwrap(), 0);
    }

    fn coded_story(store: &mut Store) -> i64 {
        let text = "Ankara may strike. Turkey urged Azerbaijan to join.";
        let doc = NewDocument {
            key: "s1".into(),
            kind: "story".into(),
            title: None,
            source: Some("Wire".into()),
            url: None,
            published: chrono::NaiveDate::from_ymd_opt(2024, 1, 1),
            text: text.into(),
        };
        let mut b = store.batch().unwrap();
        let id = match b.add_document(&doc, None).unwrap() {
            crate::DocumentOutcome::New(id) => id,
            other => panic!("{other:?}"),
        };
        let coded = |n: &str, modality: &str, code: &str| {
            let mut e = ev("quidpro", n, "2024-01-01", "TURGOV", "AZEGOV", code);
            e.doc_id = Some(id);
            e.doc_key = Some("s1".into());
            e.sentence = Some(0);
            e.span = Some(Span::new(0, 5));
            e.modality = modality.into();
            e.date_source = "text".into();
            e.coder_version = Some("9.9.9".into());
            e.dict_hash = Some("00112233aabbccdd".into());
            e
        };
        let mut asserted = coded("a", "asserted", "0234");
        asserted.content = Some(
            r#"{"source":"AZEGOV","target":"","code":"0871","root":"08","modality":"planned","span":[30,34],"text":"join"}"#
                .into(),
        );
        for e in [
            asserted,
            coded("h", "hypothetical", "190"),
            coded("r", "refused", "0234"),
            coded("q", "questioned", "0234"),
            coded("p", "reported", "042"),
        ] {
            assert!(b.add_event(&e, None).unwrap());
        }
        b.commit().unwrap();
        id
    }

    fn aggregate_sums(store: &Store) -> (i64, i64, i64) {
        store
            .connection()
            .query_row(
                "SELECT (SELECT count(*) FROM all_clusters), (SELECT coalesce(sum(clusters), 0) FROM all_dyad_months), \
                 (SELECT coalesce(sum(clusters), 0) FROM all_month_totals)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    }

    /// Every field the coder emits comes back; the new modalities round-trip; only
    /// asserted and reported coded events join clusters and the monthly aggregates.
    #[test]
    fn coded_fields_round_trip_and_only_factual_events_cluster() {
        let mut store = Store::open_in_memory().unwrap();
        let doc = coded_story(&mut store);
        let all = store.events(&EventQuery::default()).unwrap();
        assert_eq!(all.len(), 5);
        let get = |id: &str| all.iter().find(|e| e.dataset_id == id).unwrap();
        let a = get("a");
        assert_eq!(a.date_source, "text");
        assert_eq!(a.coder_version.as_deref(), Some("9.9.9"));
        assert_eq!(a.dict_hash.as_deref(), Some("00112233aabbccdd"));
        assert_eq!(a.content.as_ref().unwrap()["code"], "0871");
        assert_eq!(a.cluster.as_ref().unwrap().events, 1, "the refused and questioned 0234 stay out");
        let json = serde_json::to_value(a).unwrap();
        assert_eq!(json["content"]["modality"], "planned");
        assert_eq!(json["date_source"], "text");
        assert_eq!(get("r").modality, "refused");
        assert_eq!(get("q").modality, "questioned");
        assert!(get("h").cluster.is_none() && get("r").cluster.is_none() && get("q").cluster.is_none());
        assert!(get("h").content.is_none());
        assert_eq!(aggregate_sums(&store), (2, 2, 2), "the asserted 0234 and the reported 042");
        let q = EventQuery { modality: Some("questioned".into()), ..Default::default() };
        assert_eq!(store.events(&q).unwrap().len(), 1);
        // The document's events go, with their clusters and sums; the document stays.
        let mut b = store.batch().unwrap();
        b.remove_document_events(doc).unwrap();
        assert!(b.document_events(doc).unwrap().is_empty());
        assert_eq!(b.document(doc).unwrap().unwrap().key, "s1");
        b.commit().unwrap();
        assert_eq!(store.count("events").unwrap(), 0);
        assert_eq!(aggregate_sums(&store), (0, 0, 0));
    }

    #[test]
    fn document_events_read_back_as_stored() {
        let mut store = Store::open_in_memory().unwrap();
        let doc = coded_story(&mut store);
        let b = store.batch().unwrap();
        let evs = b.document_events(doc).unwrap();
        assert_eq!(evs.len(), 5);
        assert_eq!(evs[0].dataset_id, "a");
        assert_eq!(evs[0].date_source, "text");
        assert!(evs[0].content.as_deref().unwrap().contains("0871"));
        assert_eq!(evs[2].modality, "refused");
    }

    #[test]
    fn domestic_and_one_sided_events() {
        let mut store = Store::open_in_memory().unwrap();
        let mut b = store.batch().unwrap();
        for (i, (s, t)) in
            [("SYRGOV", "SYRREB"), ("TURCOP", ""), ("", "ARMCVL"), ("TURGOV", "AZEGOV"), ("", "")]
                .iter()
                .enumerate()
        {
            b.add_event(&ev("t", &i.to_string(), "2024-01-01", s, t, "190"), None).unwrap();
        }
        b.commit().unwrap();
        let n = |q: EventQuery| store.events(&q).unwrap().len();
        assert_eq!(n(EventQuery { domestic: true, ..Default::default() }), 1);
        assert_eq!(n(EventQuery { one_sided: true, ..Default::default() }), 3);
        // Imported events' dates are the dataset's.
        assert!(store.events(&EventQuery::default()).unwrap().iter().all(|e| e.date_source == "dataset"));
    }

    /// A limited query answers as the full one cut short, whatever days hold the events.
    #[test]
    fn limited_queries_are_the_first_events_by_date() {
        let mut store = Store::open_in_memory().unwrap();
        let mut b = store.batch().unwrap();
        let evs: Vec<NewEvent> = (0..300)
            .map(|i| {
                // Days spread over three years, unevenly.
                let day = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap()
                    + chrono::Days::new((i * i % 1000) as u64);
                let code = ["042", "190", "111"][i % 3];
                ev("g", &i.to_string(), &day.to_string(), ["TURGOV", "AZE", "ARM"][i % 3], "RUS", code)
            })
            .collect();
        b.add_events(evs.iter(), None).unwrap();
        b.commit().unwrap();
        for base in [
            EventQuery::default(),
            EventQuery { code: Some("19".into()), ..Default::default() },
            EventQuery { from: Some("2022-02-01".into()), ..Default::default() },
            EventQuery { to: Some("2021-03-01".into()), ..Default::default() },
        ] {
            let all = store.events(&base).unwrap();
            for n in [1, 7, 50, 400] {
                let some = store.events(&EventQuery { limit: Some(n), ..base.clone() }).unwrap();
                let ids =
                    |v: &[StoredEvent]| v.iter().map(|e| (e.date.clone(), e.id.clone())).collect::<Vec<_>>();
                assert_eq!(ids(&some), ids(&all[..all.len().min(n as usize)]), "{base:?} limit {n}");
            }
        }
    }
}
