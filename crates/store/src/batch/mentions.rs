//! Mentions of events in sources (GDELT 2.0 mentions).

use rusqlite::params;

use crate::{sql_err, Result};

use super::Batch;

/// A mention of an event in a source (GDELT 2.0 mentions).
#[derive(Clone, Debug, PartialEq)]
pub struct NewMention {
    /// Dataset (`gdelt2`).
    pub dataset: String,
    /// The dataset's event id.
    pub event_id: String,
    /// Event time as given.
    pub event_time: Option<String>,
    /// Mention time as given.
    pub mention_time: Option<String>,
    /// Mention type (1 web, 2 citation-only, ...).
    pub mention_type: Option<i64>,
    /// Source name.
    pub source_name: Option<String>,
    /// URL or identifier.
    pub url: String,
    /// Sentence number in the article.
    pub sentence: Option<i64>,
    /// Character offsets of actor 1, actor 2 and the action in the article (-1: none);
    /// with the event, URL and sentence they tell one mention from another.
    pub offsets: [Option<i64>; 3],
    /// Confidence (0–100).
    pub confidence: Option<i64>,
    /// Document tone.
    pub doc_tone: Option<f64>,
    /// File and line.
    pub file_line: Option<(String, u64)>,
}

impl Batch<'_> {
    /// Adds a mention unless stored already; returns whether it was added.
    ///
    /// # Errors
    /// [`Error::Sqlite`](crate::Error::Sqlite) if SQLite fails.
    pub fn add_mention(&mut self, m: &NewMention, run: Option<i64>) -> Result<bool> {
        let (file, line) = match &m.file_line {
            Some((f, l)) => (Some(f.as_str()), Some(*l as i64)),
            None => (None, None),
        };
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO mentions (dataset, event_id, event_time, mention_time, mention_type, source_name, url, \
                 sentence, confidence, doc_tone, file, line, run_id, actor1_offset, actor2_offset, action_offset) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )
            .map_err(sql_err(self.path))?;
        let n = stmt
            .execute(params![
                m.dataset,
                m.event_id,
                m.event_time,
                m.mention_time,
                m.mention_type,
                m.source_name,
                m.url,
                m.sentence,
                m.confidence,
                m.doc_tone,
                file,
                line,
                run,
                m.offsets[0],
                m.offsets[1],
                m.offsets[2],
            ])
            .map_err(sql_err(self.path))?;
        Ok(n == 1)
    }
}
