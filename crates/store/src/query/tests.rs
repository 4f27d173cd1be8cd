//! Tests of writing and reading events: duplicates, clusters, the monthly aggregates,
//! every field round-tripping, and limited queries.

use super::*;
use crate::{NewDocument, NewEvent, NewSentence, RunStats, Store};
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
    assert!(!b.add_event(&ev("gdelt2", "1", "2024-01-02", "TURGOV", "AZEGOV", "042"), Some(run)).unwrap());
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
        n(EventQuery { dyad: Some(("AZE".into(), "ARM".into())), undirected: true, ..Default::default() }),
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
    for (i, (s, t)) in [("SYRGOV", "SYRREB"), ("TURCOP", ""), ("", "ARMCVL"), ("TURGOV", "AZEGOV"), ("", "")]
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
