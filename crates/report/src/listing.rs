//! The printers of the store's listings: `quidpro events`, `quidpro actors` and
//! `quidpro search` as aligned tables (for people, not stable) and CSV rows (stable:
//! an event's are the event schema's columns, `docs/schema.md`; an actor's below).

use quidpro_store::query::StoredProvenance;
use quidpro_store::{SearchHit, StoredActor, StoredEvent};

/// The CSV header of `quidpro events`: the event schema's column names
/// (`quidpro_event::schema`), as the export's.
pub fn event_csv_header() -> Vec<&'static str> {
    quidpro_event::schema::names().collect()
}

/// An event as a CSV record of `quidpro events` (the export's, [`quidpro_exchange::csv_record`]).
pub fn event_csv_record(e: &StoredEvent) -> Vec<String> {
    quidpro_exchange::csv_record(&e.schema_values())
}

/// An event as the JSON object of `quidpro events --format jsonl` (the export's,
/// [`quidpro_exchange::json_object`]).
pub fn event_json(e: &StoredEvent) -> quidpro_exchange::JsonRow {
    quidpro_exchange::json_object(&e.schema_values())
}

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
