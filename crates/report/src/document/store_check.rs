//! The `event-date-store` check: the document's written dates against the store's
//! records of the same events.

use chrono::NaiveDate;
use quidpro_coder::Coder;
use quidpro_document::Document;

/// How far from the text's date the store's record of the same event may lie and still
/// be taken for it, in days.
pub const STORE_CHECK_WINDOW_DAYS: i64 = 60;

/// The `event-date-store` check: for each event of the document whose sentence writes
/// its date (to the day), the store's events of the same source and target countries and
/// CAMEO root within [`STORE_CHECK_WINDOW_DAYS`] of that date (the document's own events
/// and negated, denied or hypothetical ones left out). When there are some and none lies
/// within a day of the text's date, the written date is flagged with the nearest stored
/// date and where that record comes from.
///
/// # Errors
/// When the store cannot be read.
pub fn store_check(
    coder: &Coder,
    file: &str,
    doc: &Document,
    store: &quidpro_store::Store,
    date: Option<NaiveDate>,
) -> Result<Vec<quidpro_document::lint::Finding>, String> {
    use quidpro_document::lint::{Finding, Rule};
    let Some(story_date) = doc.date_or(date) else { return Ok(Vec::new()) };
    let story = doc.to_story(file, story_date);
    let sentences = quidpro_text::sentences(&story.text);
    let conn = store.connection();
    let sql = "SELECT e.event_date, e.dataset, coalesce(d.doc_key, e.doc_key, e.file, ''), coalesce(e.url, d.url, '') \
               FROM coded_events e LEFT JOIN documents d ON d.id = e.doc_id \
               WHERE e.source_country = ?1 AND e.target_country = ?2 AND e.root = ?3 \
               AND e.event_date BETWEEN ?4 AND ?5 AND coalesce(d.doc_key, e.doc_key, '') <> ?6 \
               AND e.modality NOT IN ('negated', 'denied', 'hypothetical')";
    let mut stmt = conn.prepare(sql).map_err(|e| format!("store: {e}"))?;
    let mut out: Vec<Finding> = Vec::new();
    for c in coder.code_to_vec(&story) {
        let e = c.event;
        if e.date_precision != quidpro_event::DatePrecision::Day || e.modality.is_negative() {
            continue;
        }
        let Some(sent) = sentences.get(e.provenance.sentence) else { continue };
        // The date must be written in the sentence.
        let first = doc.mentions.partition_point(|m| m.span.start < sent.start);
        let Some(written) = doc.mentions[first..]
            .iter()
            .take_while(|m| m.span.start < sent.end)
            .find(|m| m.span.end <= sent.end && m.date == Some(e.date))
        else {
            continue;
        };
        let country = |code: &str| code.get(..3).unwrap_or("").to_string();
        let window = chrono::TimeDelta::days(STORE_CHECK_WINDOW_DAYS);
        let rows = stmt
            .query_map(
                (
                    country(e.source.as_str()),
                    country(e.target.as_str()),
                    e.code.root(),
                    (e.date - window).to_string(),
                    (e.date + window).to_string(),
                    file,
                ),
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                },
            )
            .map_err(|e| format!("store: {e}"))?;
        let mut nearest: Option<(i64, NaiveDate, String)> = None;
        let mut agrees = false;
        for row in rows {
            let (d, dataset, key, url) = row.map_err(|e| format!("store: {e}"))?;
            let Ok(d) = NaiveDate::parse_from_str(&d, "%Y-%m-%d") else { continue };
            let gap = (d - e.date).num_days().abs();
            if gap <= 1 {
                agrees = true;
                break;
            }
            let from = if url.is_empty() { format!("{dataset} {key}") } else { format!("{dataset} {url}") };
            if nearest.as_ref().is_none_or(|(g, _, _)| gap < *g) {
                nearest = Some((gap, d, from));
            }
        }
        if agrees || out.iter().any(|f| f.span == written.span) {
            continue;
        }
        if let Some((_, d, from)) = nearest {
            let footnote = doc.footnote_at(written.span.start).map(|f| f.label.clone());
            out.push(Finding::of(
                Rule::EventDateStore,
                written.span,
                format!(
                    "the text dates {} → {} {} ({}) on {}, but the store holds it on {d} ({from})",
                    e.source,
                    e.target,
                    e.code.as_str(),
                    e.code.name(),
                    e.date
                ),
                footnote,
            ));
        }
    }
    Ok(out)
}
