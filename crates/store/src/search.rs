//! Full-text search (SQLite FTS5) over the stored documents and their sentences.
//!
//! # The JSON form of a hit (stable)
//!
//! `quidpro search --format jsonl` writes one object per hit, best first:
//!
//! | field | meaning |
//! |---|---|
//! | `document` | the document's key (story id or file path) |
//! | `title`, `source`, `url`, `published` | the document's, when known |
//! | `sentence` | the sentence's index (sentence hits; `null` for document hits) |
//! | `span` | `[start, end]`: the sentence's byte span in the document text (sentence hits) |
//! | `snippet` | the matching text, matched terms in `[` `]` (a sentence, or an excerpt of the document) |
//! | `events` | events coded from the sentence (sentence hits) or the document |
//! | `rank` | FTS5's BM25 rank: lower is better |
//!
//! The query is FTS5's syntax: words (all must occur), `"a phrase"`, `OR`, `NOT`,
//! `prefix*`, `NEAR(a b, 5)`.

use serde::Serialize;

use crate::{Error, Result, Store};

/// What to search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// The FTS5 query.
    pub text: String,
    /// Whole documents (title and text) instead of sentences.
    pub documents: bool,
    /// At most this many hits.
    pub limit: u64,
}

/// A hit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit {
    /// The document's key.
    pub document: String,
    /// Its title.
    pub title: Option<String>,
    /// Its outlet.
    pub source: Option<String>,
    /// Its URL.
    pub url: Option<String>,
    /// Its publication date.
    pub published: Option<String>,
    /// The sentence's index (sentence hits).
    pub sentence: Option<i64>,
    /// The sentence's byte span in the document text (sentence hits).
    pub span: Option<[i64; 2]>,
    /// The matching text, matched terms in brackets.
    pub snippet: String,
    /// Events coded from the sentence or document.
    pub events: i64,
    /// BM25 rank (lower is better).
    pub rank: f64,
}

/// Maps the errors of running a statement that matches `query`: the statement is ours,
/// so a plain SQL error while it runs is the query's (FTS5 reports its syntax errors so);
/// I/O, locking and corruption stay store errors.
pub(crate) fn search_error<'a>(
    path: &'a std::path::Path,
    query: &'a str,
) -> impl Fn(rusqlite::Error) -> Error + 'a {
    move |e| match e {
        rusqlite::Error::SqliteFailure(f, Some(message)) if f.code == rusqlite::ErrorCode::Unknown => {
            Error::Invalid(format!("search {query:?}: {message} (FTS5 query syntax)"))
        }
        e => Error::Sqlite { path: path.display().to_string(), source: e },
    }
}

impl Store {
    /// Searches the documents' sentences (or, with `documents`, whole documents).
    ///
    /// # Errors
    /// [`Error::Invalid`] for a query FTS5 cannot read (named so in the message);
    /// [`Error::Sqlite`] if SQLite fails otherwise.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        let sql = if q.documents {
            "SELECT d.doc_key, d.title, d.source, d.url, d.published, NULL, NULL, NULL, \
             snippet(documents_fts, 1, '[', ']', '…', 24), \
             (SELECT count(*) FROM coded_events e WHERE e.doc_id = d.id), bm25(documents_fts, 3.0, 1.0) AS r \
             FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid \
             WHERE documents_fts MATCH ?1 ORDER BY r, d.doc_key LIMIT ?2"
        } else {
            "SELECT d.doc_key, d.title, d.source, d.url, d.published, s.idx, s.span_start, s.span_end, \
             highlight(sentences_fts, 0, '[', ']'), \
             (SELECT count(*) FROM coded_events e WHERE e.doc_id = s.doc_id AND e.sentence = s.idx), bm25(sentences_fts) AS r \
             FROM sentences_fts JOIN sentences s ON s.rowid = sentences_fts.rowid JOIN documents d ON d.id = s.doc_id \
             WHERE sentences_fts MATCH ?1 ORDER BY r, d.doc_key, s.idx LIMIT ?2"
        };
        let fail = search_error(self.path(), &q.text);
        let mut stmt = self.connection().prepare(sql).map_err(crate::sql_err(self.path()))?;
        let rows = stmt
            .query_map(rusqlite::params![q.text, q.limit as i64], |r| {
                let start: Option<i64> = r.get(6)?;
                let end: Option<i64> = r.get(7)?;
                Ok(SearchHit {
                    document: r.get(0)?,
                    title: r.get(1)?,
                    source: r.get(2)?,
                    url: r.get(3)?,
                    published: r.get(4)?,
                    sentence: r.get(5)?,
                    span: start.zip(end).map(|(a, b)| [a, b]),
                    snippet: r.get(8)?,
                    events: r.get(9)?,
                    rank: r.get(10)?,
                })
            })
            .map_err(&fail)?;
        rows.collect::<std::result::Result<Vec<_>, _>>().map_err(&fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{NewDocument, NewSentence};
    use quidpro_event::Span;

    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let mut b = store.batch().unwrap();
        for (key, title, text) in [
            ("a", "Drones over Karabakh", "Turkey sold drones to Azerbaijan. Armenia protested."),
            ("b", "Gas deal", "Azerbaijan signed a gas deal with Turkey. No drones were mentioned."),
        ] {
            let doc = NewDocument {
                key: key.into(),
                kind: "story".into(),
                title: Some(title.into()),
                source: Some("Wire".into()),
                url: None,
                published: None,
                text: text.into(),
            };
            let id = match b.add_document(&doc, None).unwrap() {
                crate::DocumentOutcome::New(id) => id,
                other => panic!("{other:?}"),
            };
            let mut start = 0;
            for (i, s) in text.split_inclusive(". ").enumerate() {
                let span = Span { start, end: start + s.trim_end().len() };
                b.add_sentence(id, &NewSentence { index: i, span }, text).unwrap();
                start += s.len();
            }
        }
        b.commit().unwrap();
        store
    }

    #[test]
    fn sentences_and_documents_ranked_with_snippets() {
        let s = store();
        let hits =
            s.search(&SearchQuery { text: "drones azerbaijan".into(), documents: false, limit: 10 }).unwrap();
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(
            (hits[0].document.as_str(), hits[0].sentence, hits[0].span),
            ("a", Some(0), Some([0, 33]))
        );
        assert_eq!(hits[0].snippet, "Turkey sold [drones] to [Azerbaijan].");
        let hits = s.search(&SearchQuery { text: "drones".into(), documents: true, limit: 10 }).unwrap();
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].document, "a", "the title's match weighs more");
        assert!(
            hits[0].snippet.contains("[Drones]") || hits[0].snippet.contains("[drones]"),
            "{}",
            hits[0].snippet
        );
        let phrase =
            s.search(&SearchQuery { text: "\"gas deal\"".into(), documents: false, limit: 10 }).unwrap();
        assert_eq!(phrase.len(), 1);
        assert_eq!(phrase[0].document, "b");
    }

    #[test]
    fn a_bad_query_is_named() {
        let s = store();
        let err =
            s.search(&SearchQuery { text: "\"unclosed".into(), documents: false, limit: 10 }).unwrap_err();
        assert!(matches!(err, Error::Invalid(ref m) if m.contains("search \"\\\"unclosed\"")), "{err}");
    }
}
