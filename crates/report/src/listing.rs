//! The printers of the store's listings: `quidpro events`, `quidpro actors` and
//! `quidpro search` as aligned tables (for people, not stable) and CSV rows (stable:
//! the columns below).

use quidpro_store::query::StoredProvenance;
use quidpro_store::{SearchHit, StoredActor, StoredEvent};

/// The CSV columns of `quidpro events`, in order.
pub const EVENT_COLUMNS: &[&str] = &[
    "id",
    "dataset",
    "dataset_id",
    "date",
    "date_precision",
    "source",
    "target",
    "code",
    "root",
    "quad_class",
    "goldstein",
    "directed",
    "attribution",
    "modality",
    "cluster_id",
    "cluster_events",
    "provenance",
    "url",
    "date_source",
    "content",
    "coder_version",
    "dict_hash",
];

/// Where an event comes from, in one word (`doc#sentence@start-end`, `file:line`), and
/// its URL (`""` when none).
pub fn provenance(e: &StoredEvent) -> (String, String) {
    match &e.provenance {
        StoredProvenance::Document { document, sentence, span, url } => {
            (format!("{document}#{sentence}@{}-{}", span[0], span[1]), url.clone().unwrap_or_default())
        }
        StoredProvenance::Row { file, line, url } => {
            (format!("{file}:{line}"), url.clone().unwrap_or_default())
        }
        StoredProvenance::None {} => (String::new(), String::new()),
    }
}

/// An event's values in the order of [`EVENT_COLUMNS`] (`content` as JSON text, empty
/// when none).
pub fn event_row(e: &StoredEvent) -> Vec<String> {
    let (p, url) = provenance(e);
    vec![
        e.id.clone(),
        e.dataset.clone(),
        e.dataset_id.clone(),
        e.date.clone(),
        e.date_precision.clone(),
        e.source.clone(),
        e.target.clone(),
        e.code.clone(),
        e.root.clone(),
        e.quad_class.to_string(),
        e.goldstein.to_string(),
        e.directed.to_string(),
        e.attribution.clone(),
        e.modality.clone(),
        e.cluster.as_ref().map(|c| c.id.to_string()).unwrap_or_default(),
        e.cluster.as_ref().map(|c| c.events.to_string()).unwrap_or_default(),
        p,
        url,
        e.date_source.clone(),
        e.content.as_ref().map(|c| c.to_string()).unwrap_or_default(),
        e.coder_version.clone().unwrap_or_default(),
        e.dict_hash.clone().unwrap_or_default(),
    ]
}

/// The header of the events table (with its newline).
pub fn event_table_header() -> String {
    format!(
        "{:<10}  {:<12}  {:<12}  {:<5}  {:>6}  {:<8}  provenance\n",
        "date", "source", "target", "code", "gold", "dataset"
    )
}

/// An event as a line of the events table (with its newline).
pub fn event_table_row(e: &StoredEvent) -> String {
    let (p, _) = provenance(e);
    format!(
        "{:<10}  {:<12}  {:<12}  {:<5}  {:>6.1}  {:<8}  {}\n",
        e.date, e.source, e.target, e.code, e.goldstein, e.dataset, p
    )
}

/// The CSV columns of `quidpro actors`, in order.
pub const ACTOR_COLUMNS: &[&str] = &[
    "code",
    "name",
    "origin",
    "kind",
    "country",
    "valid_from",
    "valid_to",
    "entry",
    "first_event",
    "last_event",
    "events",
];

/// An actor's values in the order of [`ACTOR_COLUMNS`] (empty when unknown).
pub fn actor_row(a: &StoredActor) -> Vec<String> {
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    vec![
        a.code.clone(),
        a.name.clone(),
        a.origin.clone(),
        a.kind.clone(),
        a.country.clone(),
        opt(&a.valid_from),
        opt(&a.valid_to),
        opt(&a.entry),
        opt(&a.first_event),
        opt(&a.last_event),
        a.events.to_string(),
    ]
}

/// The header of the actors table (with its newline).
pub fn actor_table_header() -> String {
    format!(
        "{:<12}  {:<36}  {:<10}  {:<12}  {:<23}  {:>7}\n",
        "code", "name", "origin", "kind", "valid / seen", "events"
    )
}

/// An actor as a line of the actors table (with its newline): the days a dictionary
/// name holds, or the first and last event a dataset names it in; the name cut at 36
/// characters.
pub fn actor_table_row(a: &StoredActor) -> String {
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let span = match a.origin.as_str() {
        "dictionary" if a.valid_from.is_some() || a.valid_to.is_some() => {
            format!("{}..{}", opt(&a.valid_from), opt(&a.valid_to))
        }
        "dictionary" => String::new(),
        _ => format!("{}..{}", opt(&a.first_event), opt(&a.last_event)),
    };
    let name: String = a.name.chars().take(36).collect();
    format!("{:<12}  {:<36}  {:<10}  {:<12}  {:<23}  {:>7}\n", a.code, name, a.origin, a.kind, span, a.events)
}

/// A search hit for people (with its newline): where (document, sentence), when, how
/// many events, then the snippet indented on a line of its own.
pub fn search_hit_text(h: &SearchHit) -> String {
    let at = match h.sentence {
        Some(s) => format!("{}#{s}", h.document),
        None => h.document.clone(),
    };
    format!(
        "{at}  {}  {} event(s)\n    {}\n",
        h.published.as_deref().unwrap_or("-"),
        h.events,
        h.snippet.replace('\n', " ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_rows_have_every_column_and_the_table_cuts_long_names() {
        let a = StoredActor {
            code: "TURGOV".into(),
            name: "Recep Tayyip Erdoğan, President of the Republic of Türkiye".into(),
            origin: "dictionary".into(),
            kind: "person".into(),
            country: "TUR".into(),
            valid_from: Some("2014-08-28".into()),
            valid_to: None,
            entry: Some("actors/people.txt:1".into()),
            first_event: None,
            last_event: None,
            events: 0,
        };
        assert_eq!(actor_row(&a).len(), ACTOR_COLUMNS.len());
        let line = actor_table_row(&a);
        assert!(line.contains("2014-08-28..") && !line.contains("Türkiye"), "{line}");
        assert_eq!(line.chars().count(), actor_table_header().chars().count(), "aligned");
    }
}
