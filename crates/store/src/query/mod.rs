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
//! | `date_source` | coded events: `text`, `narrative`, `story` or `document` (as `quidpro code`); imported events: `dataset`; `""` for coded events stored before schema version 12 |
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

mod read;
#[cfg(test)]
mod tests;

/// Filters for [`Store::events`](crate::Store::events); every field left `None` matches all.
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
