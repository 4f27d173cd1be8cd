//! Rows of the event table from events not read by the export's own query: an event about
//! to be stored ([`NewEvent`], as the coder's events are before `ingest`) and an event a
//! store query found ([`StoredEvent`], as `quidpro events` lists them).

use quidpro_store::query::StoredProvenance;
use quidpro_store::{NewEvent, StoredEvent};

use crate::Row;

impl Row {
    /// The row `ev` would have once stored at `retrieved` (RFC 3339), in a cluster of
    /// `cluster_events` events (`None` when no store has clustered it). Its countries
    /// are [`NewEvent::countries`], its root, quad class and Goldstein value its code's,
    /// and its entries a JSON array (null when none), as the store keeps them.
    pub fn from_new_event(ev: &NewEvent, retrieved: &str, cluster_events: Option<i64>) -> Row {
        let (source_country, target_country) = ev.countries();
        let (file, line) = match &ev.file_line {
            Some((f, l)) => (Some(f.clone()), Some(*l as i64)),
            None => (None, None),
        };
        Row {
            id: ev.id(),
            dataset: ev.dataset.clone(),
            dataset_id: ev.dataset_id.clone(),
            event_date: ev.event_date,
            date_precision: ev.date_precision.clone(),
            published: ev.published,
            retrieved: retrieved.to_string(),
            source: ev.source.clone(),
            target: ev.target.clone(),
            source_country: source_country.to_string(),
            target_country: target_country.to_string(),
            code: ev.code.as_str().to_string(),
            root: ev.code.root().to_string(),
            quad_class: i32::from(ev.code.quad_class().number()),
            goldstein: ev.code.goldstein(),
            directed: ev.directed,
            modality: ev.modality.clone(),
            attribution: ev.attribution.clone(),
            source_name: ev.source_name.clone(),
            target_name: ev.target_name.clone(),
            doc_key: ev.doc_key.clone(),
            sentence: ev.sentence.map(|s| s as i64),
            span_start: ev.span.map(|s| s.start as i64),
            span_end: ev.span.map(|s| s.end as i64),
            rule: ev.rule.clone(),
            entries: entries_json(&ev.entries),
            text: ev.text.clone(),
            file,
            line,
            url: ev.url.clone(),
            cluster_events,
            date_source: ev.date_source.clone(),
            content: ev.content.clone(),
            coder_version: ev.coder_version.clone(),
            dict_hash: ev.dict_hash.clone(),
        }
    }

    /// The row of a stored event, as the export writes it (`cluster_events` 1 for an event
    /// in no cluster). `content` is the same JSON object as the store's, its keys in
    /// alphabetical order; `None` for a date the store holds that is not `YYYY-MM-DD`.
    pub fn from_stored(e: &StoredEvent) -> Option<Row> {
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok();
        let (mut doc_key, mut sentence, mut span, mut file, mut line, mut url) =
            (None, None, None, None, None, None);
        match &e.provenance {
            StoredProvenance::Document { document, sentence: s, span: sp, url: u } => {
                doc_key = Some(document.clone());
                sentence = Some(*s);
                span = Some(*sp);
                url = u.clone();
            }
            StoredProvenance::Row { file: f, line: l, url: u } => {
                file = Some(f.clone());
                line = Some(*l);
                url = u.clone();
            }
            StoredProvenance::None {} => {}
        }
        Some(Row {
            id: e.id.clone(),
            dataset: e.dataset.clone(),
            dataset_id: e.dataset_id.clone(),
            event_date: day(&e.date)?,
            date_precision: e.date_precision.clone(),
            published: e.published.as_deref().and_then(day),
            retrieved: e.retrieved.clone(),
            source: e.source.clone(),
            target: e.target.clone(),
            source_country: e.source_country.clone(),
            target_country: e.target_country.clone(),
            code: e.code.clone(),
            root: e.root.clone(),
            quad_class: e.quad_class as i32,
            goldstein: e.goldstein,
            directed: e.directed,
            modality: e.modality.clone(),
            attribution: e.attribution.clone(),
            source_name: e.source_name.clone(),
            target_name: e.target_name.clone(),
            doc_key,
            sentence,
            span_start: span.map(|s| s[0]),
            span_end: span.map(|s| s[1]),
            rule: e.rule.clone(),
            entries: entries_json(&e.entries),
            text: e.text.clone(),
            file,
            line,
            url,
            cluster_events: Some(e.cluster.as_ref().map_or(1, |c| c.events)),
            date_source: e.date_source.clone(),
            content: e.content.as_ref().map(|c| c.to_string()),
            coder_version: e.coder_version.clone(),
            dict_hash: e.dict_hash.clone(),
        })
    }
}

/// Dictionary entries as the store keeps them: a JSON array, null when none.
fn entries_json(entries: &[String]) -> Option<String> {
    if entries.is_empty() {
        None
    } else {
        serde_json::to_string(entries).ok()
    }
}

#[cfg(test)]
mod tests {
    use quidpro_store::{EventQuery, NewDocument, Store};

    use super::*;

    /// A coded event's row before it is stored equals the export's row of it after, but
    /// for what only a store knows (when it was stored, its cluster); a stored event's row
    /// from a query equals the export's.
    #[test]
    fn rows_before_and_after_storing_agree_with_the_export() {
        let mut store = Store::open_in_memory().unwrap();
        let doc = NewDocument {
            key: "s1".into(),
            kind: "story".into(),
            title: None,
            source: Some("Wire".into()),
            url: Some("https://example.org/s1".into()),
            published: chrono::NaiveDate::from_ymd_opt(2024, 1, 2),
            text: "Turkey urged Azerbaijan to join.".into(),
        };
        let mut b = store.batch().unwrap();
        let id = match b.add_document(&doc, None).unwrap() {
            quidpro_store::DocumentOutcome::New(id) => id,
            other => panic!("{other:?}"),
        };
        let mut ev = NewEvent::new("quidpro", "abc", "2024-01-02", "TURGOV", "AZEGOV", "0234").unwrap();
        ev.doc_id = Some(id);
        ev.doc_key = Some("s1".into());
        ev.sentence = Some(0);
        ev.span = Some(quidpro_event::Span::new(0, 12));
        ev.rule = Some("verbs.txt:1: urged".into());
        ev.entries = vec!["actors.txt:3: TUR Turkey".into()];
        ev.source_name = Some("Turkey".into());
        ev.target_name = Some("Azerbaijan".into());
        ev.url = Some("https://example.org/s1".into());
        ev.date_source = "story".into();
        ev.published = doc.published;
        ev.content = Some(
            r#"{"code":"0871","modality":"planned","root":"08","source":"AZEGOV","span":[26,30],"target":"","text":"join"}"#
                .into(),
        );
        let mut imported = NewEvent::new("gdelt2", "77", "2024-01-03", "MNCUSA", "IRN", "190").unwrap();
        imported.source_country = Some("USA".into());
        imported.file_line = Some(("f.csv".into(), 4));
        b.add_event(&ev, None).unwrap();
        b.add_event(&imported, None).unwrap();
        b.commit().unwrap();
        let mut exported = Vec::new();
        crate::rows(&store, None, None, |r| {
            exported.push(r);
            Ok(())
        })
        .unwrap();
        let queried: Vec<Row> = store
            .events(&EventQuery::default())
            .unwrap()
            .iter()
            .map(|e| Row::from_stored(e).unwrap())
            .collect();
        assert_eq!(queried, exported);
        let before = Row::from_new_event(&ev, &exported[0].retrieved, Some(1));
        assert_eq!(before, exported[0]);
        let before = Row::from_new_event(&imported, &exported[1].retrieved, Some(1));
        assert_eq!(before, exported[1]);
        assert_eq!(exported[1].source_country, "USA");
        let batch = crate::record_batch(&exported).unwrap();
        assert_eq!(batch.num_rows(), 2);
        assert_eq!(batch.schema().fields().len(), crate::COLUMNS.len());
    }
}
