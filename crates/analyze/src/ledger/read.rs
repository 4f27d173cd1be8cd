//! Reading the store: a pair's events as ledger rows (coded events by SQL, imported ones
//! from the segments), their evidence, demands' contents, and which side of the pair an
//! actor code stands for.

use chrono::NaiveDate;
use quidpro_store::Store;

use super::{DemandContent, Evidence};
use crate::Error;

/// Where a demand's content comes from: one function, so that the store's `content`
/// column (when the store has one) and other sources (re-coding the sentence) plug in
/// the same way.
pub trait ContentSource {
    /// The content of the event `ev` (a demand or appeal), if known.
    fn content(&self, store: &Store, ev: &EventKey<'_>) -> Option<DemandContent>;
}

/// What identifies a stored event to a [`ContentSource`].
#[derive(Clone, Copy, Debug)]
pub struct EventKey<'a> {
    /// Dataset.
    pub dataset: &'a str,
    /// The dataset's id.
    pub dataset_id: &'a str,
    /// The document's key, for coded events.
    pub doc_key: Option<&'a str>,
    /// Span start and end in the document.
    pub span: Option<(i64, i64)>,
    /// The event's code.
    pub code: &'a str,
}

/// The store's own record of contents: the `content` column of `events` (JSON, as in the
/// coder's output) when the store has it; nothing otherwise.
pub struct StoredContent;

impl ContentSource for StoredContent {
    fn content(&self, store: &Store, ev: &EventKey<'_>) -> Option<DemandContent> {
        stored_content(store, ev)
    }
}

/// Reads a demand's content from the store's `content` column, when it has one.
pub fn stored_content(store: &Store, ev: &EventKey<'_>) -> Option<DemandContent> {
    // A store without the column fails to prepare the statement: no content.
    let json: Option<String> = store
        .connection()
        .prepare_cached("SELECT content FROM coded_events WHERE dataset = ?1 AND dataset_id = ?2")
        .and_then(|mut s| s.query_row([ev.dataset, ev.dataset_id], |r| r.get(0)))
        .ok()
        .flatten();
    content_from_json(&json?)
}

/// A content from its JSON form (`{"source", "target", "code", "modality", "text", ...}`).
pub fn content_from_json(json: &str) -> Option<DemandContent> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
    let code = s("code");
    let name = quidpro_event::EventCode::parse(&code).ok()?.name().to_string();
    Some(DemandContent {
        source: s("source"),
        target: s("target"),
        code,
        name,
        modality: s("modality"),
        text: s("text"),
    })
}

/// Whether `code` stands for the party that the prefix `party` names: a country prefix
/// (`TUR`) means the state and its people, not the non-state armed or opposition groups
/// coded with that country (`TURREB`, the PKK, neither owes nor is owed Turkey's debts);
/// a longer prefix is taken as given.
pub(super) fn state_side(code: &str, party: &str) -> bool {
    code.starts_with(party) && (party.len() > 3 || aim_key(code).as_deref() == code.get(..3))
}

/// The aim key of an actor code: the country of a state actor (`ARMGOV`, `ARMMIL` →
/// `ARM`), country and role of a non-state one (`TURREB` for the PKK, `SYRREB` for the
/// YPG; roles REB, INS, SEP, UAF, OPP, RAD, CRM), or the first two blocks of a
/// transnational one (`IGONAT`, `IMGMOS`); `None` for codes too short to say.
pub fn aim_key(code: &str) -> Option<String> {
    let country = code.get(..3)?;
    if matches!(country, "IGO" | "NGO" | "IMG" | "MNC" | "NGM" | "UIS" | "INT") {
        return Some(code.get(..6).unwrap_or(code).to_string());
    }
    match code.get(3..6) {
        Some(role @ ("REB" | "INS" | "SEP" | "UAF" | "OPP" | "RAD" | "CRM")) => {
            Some(format!("{country}{role}"))
        }
        _ => Some(country.to_string()),
    }
}

pub(super) fn sq(e: rusqlite::Error) -> Error {
    Error::Store(quidpro_store::Error::Sqlite { path: "store".into(), source: e })
}

/// A stored event as the ledger reads it.
#[derive(Clone, Debug)]
pub(super) struct Row {
    /// The `id` of `all_events` (coded events first on a day, then the segments' rows).
    pub(super) id: i64,
    pub(super) date: NaiveDate,
    pub(super) precision: String,
    pub(super) code: String,
    pub(super) goldstein: f64,
    pub(super) source: String,
    pub(super) target: String,
    pub(super) modality: String,
    pub(super) doc_key: Option<String>,
    pub(super) span: Option<(i64, i64)>,
    pub(super) dataset_id: String,
    pub(super) evidence: Evidence,
    /// Whether its modality moves the balance ([`super::Options::modalities`]).
    pub(super) counts: bool,
}

impl Row {
    pub(super) fn root(&self) -> &str {
        self.code.get(..2).unwrap_or("")
    }
    pub(super) fn moves(&self) -> bool {
        self.counts
    }
    pub(super) fn expected(&self) -> bool {
        !self.counts && matches!(self.modality.as_str(), "hypothetical" | "planned")
    }
}

/// The roots the ledger reads between the two sides.
const ROOTS: &str =
    "'02','03','04','05','06','07','08','10','11','12','13','14','15','16','17','18','19','20'";

/// Reads the events that meet `cond` (`?1`, `?2` its parameters, `?3` from, `?4` to),
/// every modality, in date order.
pub(super) fn read_rows(
    store: &Store,
    cond: &str,
    p1: &str,
    p2: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    mods: &crate::series::Modalities,
) -> Result<Vec<Row>, Error> {
    let mut rows = read_rows_all(store, cond, p1, p2, from, to)?;
    mark_modalities(&mut rows, mods);
    Ok(rows)
}

/// The events of the pair `source` → `target` (code prefixes, taken as states by the
/// caller) with the ledger's roots, every modality, in date order: the coded events by
/// SQL, the imported ones straight from the pair's runs of the segments
/// ([`Store::segment_dyad_rows`]; no SQL per row).
pub(super) fn read_dyad_rows(
    store: &Store,
    source: &str,
    target: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    mods: &crate::series::Modalities,
) -> Result<Vec<Row>, Error> {
    let cond = format!(
        "{} AND {} AND e.root IN ({ROOTS})",
        side_cond("?1", "source_country", "source"),
        side_cond("?2", "target_country", "target"),
    );
    let mut rows = read_rows_from(store, "coded_events", &cond, source, target, from, to)?;
    let roots: Vec<&str> = ROOTS.split(',').map(|r| r.trim_matches('\'')).collect();
    for r in store.segment_dyad_rows(source, target, from, to)? {
        if !r.code.get(..2).is_some_and(|root| roots.contains(&root)) {
            continue;
        }
        let Ok(code) = quidpro_event::EventCode::parse(&r.code) else { continue };
        let evidence = Evidence {
            event_id: quidpro_store::stable_id(&r.dataset, &r.dataset_id),
            date: Some(r.date),
            story_id: None,
            title: None,
            sentence: None,
            text: None,
            actor_names: match (r.source_name, r.target_name) {
                (Some(s), Some(t)) if !(s.is_empty() && t.is_empty()) => Some((s, t)),
                _ => None,
            },
            file_line: r.file.map(|f| format!("{f}:{}", r.line.unwrap_or(0))),
            url: r.url,
            attribution: r.attribution,
            modality: r.modality.clone(),
            citations: Vec::new(),
            dataset: r.dataset,
        };
        rows.push(Row {
            id: r.id,
            date: r.date,
            precision: r.date_precision,
            goldstein: code.goldstein(),
            code: r.code,
            source: r.source,
            target: r.target,
            modality: r.modality,
            doc_key: None,
            span: None,
            counts: false,
            dataset_id: r.dataset_id,
            evidence,
        });
    }
    rows.sort_by_key(|r| (r.date, r.id));
    mark_modalities(&mut rows, mods);
    Ok(rows)
}

/// Marks the rows whose modality moves the balance.
fn mark_modalities(rows: &mut [Row], mods: &crate::series::Modalities) {
    for r in rows {
        // Imported events carry no modality of their own: asserted.
        let m = if r.modality.is_empty() { "asserted" } else { r.modality.as_str() };
        r.counts = mods.list().iter().any(|x| x.as_str() == m);
    }
}

/// [`read_rows`] without the modalities marked.
fn read_rows_all(
    store: &Store,
    cond: &str,
    p1: &str,
    p2: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<Row>, Error> {
    read_rows_from(store, "all_events", cond, p1, p2, from, to)
}

/// [`read_rows_all`] from `table` (`all_events`, or `events` for the coded events only).
fn read_rows_from(
    store: &Store,
    table: &str,
    cond: &str,
    p1: &str,
    p2: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<Row>, Error> {
    let sql = format!(
        "SELECT e.dataset, e.dataset_id, e.event_date, e.code, e.goldstein, e.source, e.target, e.attribution, \
         coalesce(d.doc_key, e.doc_key), e.sentence, s.text, e.file, e.line, coalesce(e.url, d.url), e.modality, \
         e.date_precision, e.source_name, e.target_name, e.span_start, e.span_end, d.title, e.doc_id, e.id \
         FROM {table} e LEFT JOIN documents d ON d.id = e.doc_id LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.idx = e.sentence \
         WHERE {cond} AND (?3 IS NULL OR e.event_date >= ?3) AND (?4 IS NULL OR e.event_date <= ?4) \
         ORDER BY e.event_date, e.id"
    );
    let conn = store.connection();
    let mut stmt = conn.prepare_cached(&sql).map_err(sq)?;
    let mut rows = stmt
        .query(rusqlite::params![p1, p2, from.map(|d| d.to_string()), to.map(|d| d.to_string())])
        .map_err(sq)?;
    let mut out = Vec::new();
    let mut cites = conn
        .prepare_cached(
            "SELECT c.title, c.outlet, c.published, c.url FROM citation_links l JOIN citations c \
             ON c.doc_id = l.doc_id AND c.footnote = l.footnote WHERE l.doc_id = ?1 AND l.sentence = ?2 \
             AND c.secondary = 0 ORDER BY c.footnote, c.idx",
        )
        .map_err(sq)?;
    while let Some(r) = rows.next().map_err(sq)? {
        let dataset: String = r.get(0).map_err(sq)?;
        let dataset_id: String = r.get(1).map_err(sq)?;
        let date: String = r.get(2).map_err(sq)?;
        let Ok(date) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") else { continue };
        let line: Option<i64> = r.get(12).map_err(sq)?;
        let file: Option<String> = r.get(11).map_err(sq)?;
        let names: (Option<String>, Option<String>) = (r.get(16).map_err(sq)?, r.get(17).map_err(sq)?);
        let doc_key: Option<String> = r.get(8).map_err(sq)?;
        let sentence: Option<i64> = r.get(9).map_err(sq)?;
        let doc_id: Option<i64> = r.get(21).map_err(sq)?;
        let mut citations = Vec::new();
        if let (Some(d), Some(s)) = (doc_id, sentence) {
            let mut c = cites.query(rusqlite::params![d, s]).map_err(sq)?;
            while let Some(c) = c.next().map_err(sq)? {
                let parts: Vec<String> = (0..4)
                    .filter_map(|k| c.get::<_, Option<String>>(k).ok().flatten())
                    .filter(|s| !s.is_empty())
                    .collect();
                if !parts.is_empty() {
                    citations.push(parts.join(", "));
                }
            }
        }
        let modality: String = r.get(14).map_err(sq)?;
        let span = match (r.get::<_, Option<i64>>(18).map_err(sq)?, r.get::<_, Option<i64>>(19).map_err(sq)?)
        {
            (Some(s), Some(e)) => Some((s, e)),
            _ => None,
        };
        let evidence = Evidence {
            event_id: quidpro_store::stable_id(&dataset, &dataset_id),
            date: Some(date),
            story_id: doc_key.clone(),
            title: r.get(20).map_err(sq)?,
            sentence,
            text: r.get(10).map_err(sq)?,
            actor_names: match names {
                (Some(s), Some(t)) if doc_id.is_none() && !(s.is_empty() && t.is_empty()) => Some((s, t)),
                _ => None,
            },
            file_line: file.map(|f| format!("{f}:{}", line.unwrap_or(0))),
            url: r.get(13).map_err(sq)?,
            attribution: r.get(7).map_err(sq)?,
            modality: modality.clone(),
            citations,
            dataset,
        };
        out.push(Row {
            id: r.get(22).map_err(sq)?,
            date,
            precision: r.get(15).map_err(sq)?,
            code: r.get(3).map_err(sq)?,
            goldstein: r.get(4).map_err(sq)?,
            source: r.get(5).map_err(sq)?,
            target: r.get(6).map_err(sq)?,
            modality,
            doc_key: if doc_id.is_some() { doc_key } else { None },
            span,
            counts: false,
            dataset_id,
            evidence,
        });
    }
    Ok(out)
}

pub(super) fn side_cond(who: &str, country_col: &str, col: &str) -> String {
    // The LIKE lets `segment_events` narrow its reads; the comparison takes the code
    // literally (a `%` or `_` in it matched anything).
    format!(
        "(e.{country_col} = substr({who}, 1, 3) AND e.{col} LIKE {who} || '%' \
         AND upper(substr(e.{col}, 1, length({who}))) = upper({who}))"
    )
}
