//! Demands' contents for the ledger ([`quidpro_analyze::ledger::ContentSource`]): the
//! store's `content` column when it has one, else the demand's document coded again with
//! the dictionaries (the same coder that stored it) and its event found by span and code.
//! Documents are coded at most once per command; the coder is built only when needed.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use quidpro_analyze::ledger::{self, DemandContent, EventKey};
use quidpro_coder::{Coder, CoderBuilder};
use quidpro_store::Store;

/// A coded event's span start and end, code and content.
type Coded = (usize, usize, String, Option<DemandContent>);

/// Contents from the store, else by coding the document again.
pub struct Recode {
    dict: Vec<PathBuf>,
    coder: OnceCell<Option<Coder>>,
    /// document key -> (span start, span end, code, content)
    docs: RefCell<HashMap<String, Vec<Coded>>>,
}

impl Recode {
    /// With the dictionaries of `--dict` (default: the shipped ones).
    pub fn new(dict: &[PathBuf]) -> Recode {
        Recode { dict: dict.to_vec(), coder: OnceCell::new(), docs: RefCell::new(HashMap::new()) }
    }

    fn coder(&self) -> Option<&Coder> {
        self.coder
            .get_or_init(|| super::load_dictionary(&self.dict).ok().map(|d| CoderBuilder::new().build(d)))
            .as_ref()
    }

    fn code_document(&self, store: &Store, key: &str) -> Vec<Coded> {
        let row: Option<(String, Option<String>, Option<String>, String)> = store
            .connection()
            .query_row("SELECT text, published, source, kind FROM documents WHERE doc_key = ?1", [key], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .ok();
        let Some((text, published, source, kind)) = row else { return Vec::new() };
        let Some(coder) = self.coder() else { return Vec::new() };
        let date = published
            .and_then(|p| chrono::NaiveDate::parse_from_str(p.get(..10).unwrap_or(&p), "%Y-%m-%d").ok())
            .unwrap_or_default();
        let story = if kind == "document" {
            // The stored text is the document's plain text: read it again (HTML as the
            // text it was extracted to) and code it as `ingest` did.
            let format = match quidpro_document::Format::from_path(Path::new(key)) {
                quidpro_document::Format::Html => quidpro_document::Format::Text,
                f => f,
            };
            let doc = quidpro_document::Document::parse(text.as_bytes(), format);
            let mut story = doc.to_story(key, date);
            if story.text.len() != text.len() {
                story.text = text;
            }
            if let Some(s) = source {
                story.source = Some(s);
            }
            story
        } else {
            quidpro_text::Story { id: key.to_string(), date, text, source, url: None }
        };
        coder
            .code_to_vec(&story)
            .into_iter()
            .map(|e| {
                let ev = e.event;
                let content = ev.content.as_ref().map(|c| DemandContent {
                    source: c.source.to_string(),
                    target: c.target.to_string(),
                    code: c.code.as_str().to_string(),
                    name: c.code.name().to_string(),
                    modality: c.modality.as_str().to_string(),
                    text: c.text.clone(),
                });
                (ev.provenance.span.start, ev.provenance.span.end, ev.code.as_str().to_string(), content)
            })
            .collect()
    }
}

impl ledger::ContentSource for Recode {
    fn content(&self, store: &Store, ev: &EventKey<'_>) -> Option<DemandContent> {
        if let Some(c) = ledger::stored_content(store, ev) {
            return Some(c);
        }
        let (key, (start, end)) = (ev.doc_key?, ev.span?);
        let mut docs = self.docs.borrow_mut();
        if !docs.contains_key(key) {
            let coded = self.code_document(store, key);
            docs.insert(key.to_string(), coded);
        }
        let coded = docs.get(key)?;
        let (start, end) = (start as usize, end as usize);
        coded
            .iter()
            .find(|(s, e, c, _)| *s == start && *e == end && c == ev.code)
            .or_else(|| coded.iter().find(|(s, e, c, _)| c == ev.code && *s < end && start < *e))
            .and_then(|x| x.3.clone())
    }
}
