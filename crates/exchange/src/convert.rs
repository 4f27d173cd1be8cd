//! The event schema's values of an event no store holds yet: the coder's events in the
//! Python package and the Spark job, written with the export's columns before (or
//! instead of) `ingest`.

use quidpro_store::query::{ClusterRef, StoredProvenance};
use quidpro_store::segment::cluster_key;
use quidpro_store::{NewEvent, StoredEvent};

use crate::Values;

/// The values (in the order of `quidpro_event::schema::COLUMNS`) that `ev` would have
/// once stored at `retrieved` (RFC 3339; `ev.retrieved` when it has one), as the store's
/// view `events` gives them, but for the size of its cluster, which only the other events
/// tell: `cluster_events` is 1. Its `cluster_id` is the store's (a hash of day, source,
/// target and code, the same in every store) when it is asserted or reported, else null
/// (it joins no cluster); its countries are [`NewEvent::countries`], its root, quad
/// class, Goldstein value and PLOVER type its code's.
pub fn new_event_values(ev: &NewEvent, retrieved: &str) -> Values {
    let (source_country, target_country) = ev.countries();
    let provenance = match (&ev.doc_key, ev.sentence, ev.span, &ev.file_line) {
        (Some(document), sentence, span, _) => StoredProvenance::Document {
            document: document.clone(),
            sentence: sentence.map_or(0, |s| s as i64),
            span: span.map_or([0, 0], |s| [s.start as i64, s.end as i64]),
            url: ev.url.clone(),
        },
        (None, _, _, Some((file, line))) => {
            StoredProvenance::Row { file: file.clone(), line: *line as i64, url: ev.url.clone() }
        }
        _ => StoredProvenance::None {},
    };
    StoredEvent {
        id: ev.id(),
        dataset: ev.dataset.clone(),
        dataset_id: ev.dataset_id.clone(),
        date: ev.event_date.format("%Y-%m-%d").to_string(),
        date_precision: ev.date_precision.clone(),
        date_source: ev.date_source.clone(),
        published: ev.published.map(|d| d.format("%Y-%m-%d").to_string()),
        retrieved: ev.retrieved.clone().unwrap_or_else(|| retrieved.to_string()),
        source: ev.source.clone(),
        target: ev.target.clone(),
        code: ev.code.as_str().to_string(),
        root: ev.code.root().to_string(),
        quad_class: i64::from(ev.code.quad_class().number()),
        goldstein: ev.code.goldstein(),
        directed: ev.directed,
        attribution: ev.attribution.clone(),
        modality: ev.modality.clone(),
        content: ev.content.as_deref().and_then(|c| serde_json::from_str(c).ok()),
        coder_version: ev.coder_version.clone(),
        dict_hash: ev.dict_hash.clone(),
        rule: ev.rule.clone(),
        entries: ev.entries.clone(),
        text: ev.text.clone(),
        cluster: ev.is_factual().then(|| ClusterRef {
            id: format!(
                "{:016x}",
                cluster_key(ev.event_date, &ev.source, &ev.target, ev.code.as_str()) as u64
            ),
            events: 1,
        }),
        provenance,
        source_country: source_country.to_string(),
        target_country: target_country.to_string(),
        content_text: ev.content.clone(),
        source_name: ev.source_name.clone(),
        target_name: ev.target_name.clone(),
    }
    .schema_values()
}

#[cfg(test)]
mod tests {
    use quidpro_event::schema::COLUMNS;
    use quidpro_store::{NewDocument, Store};
    use rusqlite::types::Value;

    use super::*;

    /// An event's values before it is stored equal the export's after (each alone in its
    /// cluster); one that joins no cluster has no cluster id.
    #[test]
    fn values_before_storing_are_the_exports_after() {
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
            r#"{"source":"AZEGOV","target":"","code":"0871","root":"08","modality":"planned","span":[26,30],"text":"join"}"#
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
        assert_eq!(exported.len(), 2);
        let col = |name: &str| COLUMNS.iter().position(|c| c.name == name).unwrap();
        for (before, after) in [(&ev, &exported[0]), (&imported, &exported[1])] {
            let retrieved = match &after[col("retrieved")] {
                Value::Text(t) => t.clone(),
                other => panic!("{other:?}"),
            };
            assert_eq!(&new_event_values(before, &retrieved), after);
        }
        let mut planned = ev.clone();
        planned.modality = "planned".into();
        assert_eq!(new_event_values(&planned, "")[col("cluster_id")], Value::Null);
        assert_ne!(exported[0][col("cluster_id")], Value::Null);
        let batch = crate::record_batch(&exported).unwrap();
        assert_eq!((batch.num_rows(), batch.num_columns()), (2, COLUMNS.len()));
    }
}
