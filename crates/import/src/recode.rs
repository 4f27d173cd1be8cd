//! Coding the stored stories and documents again with the current dictionaries.
//!
//! [`recode`] reads every document of the store, codes it again with the coder it is
//! given, replaces the document's events with the new ones and reports what changed,
//! all in **one transaction**: on any error nothing changes. An event is the same event
//! when its id is (story, sentence, span, source, target and code); it is *changed* when
//! another of its stored fields differs (date, precision, date source, modality,
//! attribution, content, pattern, entries, words, actor names), *added* or *removed*
//! otherwise. The coder's version and the dictionaries' hash are written to every
//! event, and do not by themselves make an event changed. The recoded events are stored
//! again (their `retrieved` time is the recode's) under a run of kind `recode`.
//!
//! A story is coded from its stored text, date, outlet and URL, as `ingest` coded it.
//! An analytic document (kind `document`) is read again from its stored text in the
//! format its key's extension names (Markdown or plain text), with its footnotes and
//! headings blanked for coding; an HTML document's stored text is already the page's
//! text, and is read as plain text unless the file it was ingested from (its key) is
//! still there with the same text, which is then read as HTML (its headings and byline
//! known again).

use std::collections::{BTreeMap, HashSet};

use quidpro_coder::Coder;
use quidpro_store::{NewEvent, RunStats, Store};
use quidpro_text::Story;
use serde::Serialize;

use crate::ingest::{stored_event, CodedBy};
use crate::Result;

/// Changes of one CAMEO code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CodeChanges {
    /// The CAMEO code.
    pub code: String,
    /// Events of this code coded now and not before.
    pub added: u64,
    /// Events of this code coded before and not now.
    pub removed: u64,
    /// Events of this code coded both times with some field changed.
    pub changed: u64,
}

/// What a recode did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RecodeSummary {
    /// Documents (stories and analytic documents) coded again.
    pub documents: u64,
    /// Documents skipped: stored without a date.
    pub skipped: u64,
    /// Events before.
    pub before: u64,
    /// Events after.
    pub after: u64,
    /// Events added.
    pub added: u64,
    /// Events removed.
    pub removed: u64,
    /// Events changed.
    pub changed: u64,
    /// Events unchanged.
    pub unchanged: u64,
    /// The coder's version.
    pub coder_version: String,
    /// The dictionaries' hash.
    pub dict_hash: String,
    /// Per CAMEO code with any change, by code.
    pub by_code: Vec<CodeChanges>,
}

/// The fields that make an event changed (its id fixes story, sentence, span, actors and
/// code; what coded it does not count).
fn same(a: &NewEvent, b: &NewEvent) -> bool {
    a.event_date == b.event_date
        && a.date_precision == b.date_precision
        && a.date_source == b.date_source
        && a.modality == b.modality
        && a.attribution == b.attribution
        && a.content == b.content
        && a.rule == b.rule
        && a.entries == b.entries
        && a.text == b.text
        && a.source_name == b.source_name
        && a.target_name == b.target_name
}

/// The story to code for a stored document; `None` when it has no date.
fn story_of(doc: &quidpro_store::NewDocument) -> Option<Story> {
    let date = doc.published?;
    if doc.kind != "document" {
        return Some(Story {
            id: doc.key.clone(),
            date,
            text: doc.text.clone(),
            source: doc.source.clone(),
            url: doc.url.clone(),
        });
    }
    use quidpro_document::{Document, Format};
    let path = std::path::Path::new(&doc.key);
    let format = Format::from_path(path);
    let parsed = match format {
        Format::Html => Document::read_path(path)
            .ok()
            .filter(|d| d.text == doc.text)
            .unwrap_or_else(|| Document::parse(doc.text.as_bytes(), Format::Text)),
        f => Document::parse(doc.text.as_bytes(), f),
    };
    let mut story = parsed.to_story(&doc.key, date);
    // The asserter it was stored with.
    if doc.source.is_some() {
        story.source = doc.source.clone();
    }
    Some(story)
}

/// Codes every stored document again with `coder`, in one transaction, and replaces its
/// events; `progress` is called with the number of documents done.
///
/// # Errors
/// [`crate::Error::Store`] when the store fails; then nothing has changed.
pub fn recode(store: &mut Store, coder: &Coder, progress: &mut dyn FnMut(u64)) -> Result<RecodeSummary> {
    let by = CodedBy::of(coder);
    let mut summary = RecodeSummary {
        coder_version: by.version.clone(),
        dict_hash: by.dict_hash.clone(),
        ..Default::default()
    };
    let mut codes: BTreeMap<String, CodeChanges> = BTreeMap::new();
    let mut b = store.batch()?;
    // The store's actors list the dictionary its events were coded with.
    b.replace_dictionary_actors(&crate::actors::dictionary_actors(coder.dictionary()))?;
    let run = b.begin_run("recode", &format!("dictionaries {}", by.dict_hash))?;
    for id in b.document_ids()? {
        let Some(doc) = b.document(id)? else { continue };
        let Some(story) = story_of(&doc) else {
            summary.skipped += 1;
            continue;
        };
        let old = b.document_events(id)?;
        let mut seen = HashSet::new();
        let new: Vec<NewEvent> = coder
            .code_to_vec(&story)
            .iter()
            .map(|e| stored_event(e, &story, id, &by))
            .filter(|e| seen.insert(e.dataset_id.clone()))
            .collect();
        let old_by_id: BTreeMap<&str, &NewEvent> = old.iter().map(|e| (e.dataset_id.as_str(), e)).collect();
        let new_ids: HashSet<&str> = new.iter().map(|e| e.dataset_id.as_str()).collect();
        for e in &new {
            match old_by_id.get(e.dataset_id.as_str()) {
                None => {
                    summary.added += 1;
                    codes.entry(e.code.as_str().into()).or_default().added += 1;
                }
                Some(o) if same(o, e) => summary.unchanged += 1,
                Some(_) => {
                    summary.changed += 1;
                    codes.entry(e.code.as_str().into()).or_default().changed += 1;
                }
            }
        }
        for o in &old {
            if !new_ids.contains(o.dataset_id.as_str()) {
                summary.removed += 1;
                codes.entry(o.code.as_str().into()).or_default().removed += 1;
            }
        }
        summary.before += old.len() as u64;
        b.remove_document_events(id)?;
        for e in &new {
            if b.add_event(e, Some(run))? {
                summary.after += 1;
            }
        }
        summary.documents += 1;
        progress(summary.documents);
    }
    b.finish_run(
        run,
        &RunStats { read: summary.documents + summary.skipped, stored: summary.after, ..Default::default() },
    )?;
    b.commit()?;
    summary.by_code = codes
        .into_iter()
        .map(|(code, mut c)| {
            c.code = code;
            c
        })
        .collect();
    Ok(summary)
}
