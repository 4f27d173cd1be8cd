//! Documents, their sentences and citations: adding, replacing and reading them back,
//! and taking a document's events out of their clusters and the aggregates.

use chrono::NaiveDate;
use quidpro_event::Span;
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::segment::event_key;
use crate::{sql_err, Result};

use super::{date_str, Batch, NewEvent};

/// A document to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDocument {
    /// Its key: the story id (or file path).
    pub key: String,
    /// `story`, ...
    pub kind: String,
    /// Title, if known.
    pub title: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Full text.
    pub text: String,
}

impl NewDocument {
    /// SHA-256 (hex) of what defines the document's content: date, source, url, title, text.
    pub fn content_hash(&self) -> String {
        let mut h = Sha256::new();
        for part in [
            self.published.map(|d| d.to_string()).unwrap_or_default(),
            self.source.clone().unwrap_or_default(),
            self.url.clone().unwrap_or_default(),
            self.title.clone().unwrap_or_default(),
        ] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        h.update(self.text.as_bytes());
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A sentence of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSentence {
    /// 0-based index.
    pub index: usize,
    /// Its span in the document text.
    pub span: Span,
}

/// What adding a document did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentOutcome {
    /// New document (its id): code it and add its events.
    New(i64),
    /// Same content as stored: nothing to do.
    Unchanged(i64),
    /// Changed content: the earlier version's sentences and events were removed.
    Replaced(i64),
}

/// A cited work of a document's footnote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewCitation {
    /// The footnote's label.
    pub footnote: String,
    /// The work's place in the footnote.
    pub index: usize,
    /// A "See also" work.
    pub secondary: bool,
    /// Title.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Access date.
    pub accessed: Option<NaiveDate>,
    /// The first URL.
    pub url: Option<String>,
    /// Where it stands in the document text.
    pub span: Span,
}

impl Batch<'_> {
    /// Adds a document, or finds it unchanged, or replaces an earlier version (removing
    /// its sentences and events).
    ///
    /// # Errors
    /// [`Error::Sqlite`](crate::Error::Sqlite) if SQLite fails.
    pub fn add_document(&mut self, doc: &NewDocument, run: Option<i64>) -> Result<DocumentOutcome> {
        let hash = doc.content_hash();
        let found: Option<(i64, String)> = self
            .tx
            .query_row("SELECT id, content_hash FROM documents WHERE doc_key = ?1", [&doc.key], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(self.e())?;
        match found {
            Some((id, h)) if h == hash => Ok(DocumentOutcome::Unchanged(id)),
            Some((id, _)) => {
                self.remove_document_content(id)?;
                self.tx
                    .execute(
                        "UPDATE documents SET content_hash = ?2, kind = ?3, title = ?4, source = ?5, url = ?6, published = ?7, \
                         retrieved = ?8, text = ?9, run_id = ?10 WHERE id = ?1",
                        params![
                            id,
                            hash,
                            doc.kind,
                            doc.title,
                            doc.source,
                            doc.url,
                            date_str(doc.published),
                            self.now,
                            doc.text,
                            run
                        ],
                    )
                    .map_err(self.e())?;
                Ok(DocumentOutcome::Replaced(id))
            }
            None => {
                self.tx
                    .execute(
                        "INSERT INTO documents (doc_key, content_hash, kind, title, source, url, published, retrieved, text, run_id) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                        params![
                            doc.key,
                            hash,
                            doc.kind,
                            doc.title,
                            doc.source,
                            doc.url,
                            date_str(doc.published),
                            self.now,
                            doc.text,
                            run
                        ],
                    )
                    .map_err(self.e())?;
                Ok(DocumentOutcome::New(self.tx.last_insert_rowid()))
            }
        }
    }

    fn remove_document_content(&mut self, id: i64) -> Result<()> {
        self.remove_document_events(id)?;
        self.tx.execute("DELETE FROM sentences WHERE doc_id = ?1", [id]).map_err(self.e())?;
        self.tx.execute("DELETE FROM citations WHERE doc_id = ?1", [id]).map_err(self.e())?;
        self.tx.execute("DELETE FROM citation_links WHERE doc_id = ?1", [id]).map_err(self.e())?;
        Ok(())
    }

    /// Removes the events coded from document `id` (a row id of `documents`): they leave
    /// their clusters, and clusters left without events leave the monthly aggregates. The
    /// document, its sentences and citations stay (`quidpro recode` adds its events again).
    ///
    /// # Errors
    /// [`Error::Sqlite`](crate::Error::Sqlite) if SQLite fails.
    pub fn remove_document_events(&mut self, id: i64) -> Result<()> {
        // The document's events leave their clusters.
        let counts: Vec<(i64, i64)> = {
            let mut stmt = self
                .tx
                .prepare_cached(
                    "SELECT cluster_id, count(*) FROM coded_events WHERE doc_id = ?1 AND cluster_id IS NOT NULL GROUP BY cluster_id",
                )
                .map_err(self.e())?;
            let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.e())?;
            rows.collect::<std::result::Result<_, _>>().map_err(self.e())?
        };
        for (c, k) in &counts {
            self.tx
                .execute("UPDATE clusters SET n_events = n_events - ?2 WHERE id = ?1", params![c, k])
                .map_err(self.e())?;
        }
        // Their keys leave the sets that skip stored events, so that the same events may
        // come back (a story replaced, then restored in the same run). The store's set
        // of a dataset is read again when next needed; rows are also checked in SQL.
        let gone: Vec<(String, String)> = {
            let mut stmt = self
                .tx
                .prepare_cached("SELECT dataset, dataset_id FROM coded_events WHERE doc_id = ?1")
                .map_err(self.e())?;
            let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.e())?;
            rows.collect::<std::result::Result<_, _>>().map_err(self.e())?
        };
        for (dataset, dataset_id) in &gone {
            if let Some(k) = self.keys.get_mut(dataset) {
                k.remove(&event_key(dataset, dataset_id));
            }
            self.sets.keys.remove(dataset);
        }
        self.tx.execute("DELETE FROM coded_events WHERE doc_id = ?1", [id]).map_err(self.e())?;
        // Clusters left without events leave the monthly aggregates, then go.
        let gone = self.sum_rows("n_events <= 0 AND ?1 = ?1", 0)?;
        self.write_sums(&gone, -1)?;
        let ids: Vec<i64> = {
            let mut stmt =
                self.tx.prepare_cached("SELECT id FROM clusters WHERE n_events <= 0").map_err(self.e())?;
            let rows = stmt.query_map([], |r| r.get(0)).map_err(self.e())?;
            rows.collect::<std::result::Result<_, _>>().map_err(self.e())?
        };
        for c in ids {
            self.rows_added.remove(&c);
            self.rows_removed.insert(c);
        }
        self.tx.execute("DELETE FROM clusters WHERE n_events <= 0", []).map_err(self.e())?;
        Ok(())
    }

    /// The row ids of the stored documents, in storing order.
    ///
    /// # Errors
    /// [`Error::Sqlite`](crate::Error::Sqlite) if SQLite fails.
    pub fn document_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = self.tx.prepare_cached("SELECT id FROM documents ORDER BY id").map_err(self.e())?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(self.e())?;
        rows.collect::<std::result::Result<_, _>>().map_err(self.e())
    }

    /// A stored document (as [`NewDocument`]) by its row id.
    ///
    /// # Errors
    /// [`Error::Sqlite`](crate::Error::Sqlite) if SQLite fails.
    pub fn document(&self, id: i64) -> Result<Option<NewDocument>> {
        self.tx
            .query_row(
                "SELECT doc_key, kind, title, source, url, published, text FROM documents WHERE id = ?1",
                [id],
                |r| {
                    Ok(NewDocument {
                        key: r.get(0)?,
                        kind: r.get(1)?,
                        title: r.get(2)?,
                        source: r.get(3)?,
                        url: r.get(4)?,
                        published: r
                            .get::<_, Option<String>>(5)?
                            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                        text: r.get(6)?,
                    })
                },
            )
            .optional()
            .map_err(self.e())
    }

    /// The events coded from document `id`, as they were stored (`retrieved` and the run
    /// aside), in storing order.
    ///
    /// # Errors
    /// [`Error::Sqlite`](crate::Error::Sqlite) if SQLite fails; [`Error::Invalid`](crate::Error::Invalid) for a row that is no event.
    pub fn document_events(&self, id: i64) -> Result<Vec<NewEvent>> {
        let e = sql_err(self.path);
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT dataset, dataset_id, event_date, date_precision, published, source, target, code, directed, \
                 modality, attribution, source_name, target_name, sentence, span_start, span_end, rule, entries, text, \
                 url, doc_key, date_source, content, coder_version, dict_hash FROM coded_events WHERE doc_id = ?1 ORDER BY id",
            )
            .map_err(&e)?;
        let mut rows = stmt.query([id]).map_err(&e)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(&e)? {
            let text = |i: usize| r.get::<_, Option<String>>(i).map_err(&e);
            let s = |i: usize| r.get::<_, String>(i).map_err(&e);
            let mut ev = NewEvent::new(&s(0)?, &s(1)?, &s(2)?, &s(5)?, &s(6)?, &s(7)?)?;
            ev.date_precision = s(3)?;
            ev.published = text(4)?.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
            ev.directed = r.get(8).map_err(&e)?;
            ev.modality = s(9)?;
            ev.attribution = s(10)?;
            ev.source_name = text(11)?;
            ev.target_name = text(12)?;
            ev.sentence = r.get::<_, Option<i64>>(13).map_err(&e)?.map(|v| v as usize);
            let (a, b): (Option<i64>, Option<i64>) = (r.get(14).map_err(&e)?, r.get(15).map_err(&e)?);
            ev.span = a.zip(b).map(|(a, b)| Span::new(a as usize, b as usize));
            ev.rule = text(16)?;
            ev.entries = text(17)?.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default();
            ev.text = text(18)?;
            ev.url = text(19)?;
            ev.doc_id = Some(id);
            ev.doc_key = text(20)?;
            ev.date_source = s(21)?;
            ev.content = text(22)?;
            ev.coder_version = text(23)?;
            ev.dict_hash = text(24)?;
            out.push(ev);
        }
        Ok(out)
    }

    /// Adds a sentence of a document.
    ///
    /// # Errors
    /// [`Error::Sqlite`](crate::Error::Sqlite) if SQLite fails.
    pub fn add_sentence(&mut self, doc_id: i64, s: &NewSentence, text: &str) -> Result<()> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO sentences (doc_id, idx, span_start, span_end, text) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(self.e())?;
        stmt.execute(params![
            doc_id,
            s.index as i64,
            s.span.start as i64,
            s.span.end as i64,
            s.span.slice(text)
        ])
        .map_err(self.e())?;
        Ok(())
    }
}

impl Batch<'_> {
    /// Adds a cited work of a document.
    ///
    /// # Errors
    /// [`Error::Sqlite`](crate::Error::Sqlite) if SQLite fails.
    pub fn add_citation(&mut self, doc_id: i64, c: &NewCitation) -> Result<()> {
        self.tx
            .execute(
                "INSERT OR REPLACE INTO citations (doc_id, footnote, idx, secondary, title, outlet, language, published, accessed, \
                 url, span_start, span_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    doc_id,
                    c.footnote,
                    c.index as i64,
                    c.secondary,
                    c.title,
                    c.outlet,
                    c.language,
                    date_str(c.published),
                    date_str(c.accessed),
                    c.url,
                    c.span.start as i64,
                    c.span.end as i64
                ],
            )
            .map_err(sql_err(self.path))?;
        Ok(())
    }

    /// Records that sentence `sentence` of a document carries the marker of `footnote`.
    ///
    /// # Errors
    /// [`Error::Sqlite`](crate::Error::Sqlite) if SQLite fails.
    pub fn add_citation_link(&mut self, doc_id: i64, sentence: usize, footnote: &str) -> Result<()> {
        self.tx
            .execute(
                "INSERT OR IGNORE INTO citation_links (doc_id, sentence, footnote) VALUES (?1, ?2, ?3)",
                params![doc_id, sentence as i64, footnote],
            )
            .map_err(sql_err(self.path))?;
        Ok(())
    }
}
