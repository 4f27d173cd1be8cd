//! Stories into the store: each story is coded and stored with its sentences and events.
//!
//! A story is identified by its `id`. Ingesting the same story again (same content hash:
//! date, source, url and text) changes nothing; a changed story replaces its earlier
//! version's sentences and events. Stories are written in batches, one transaction each.

use std::io::BufRead;

use quidpro_coder::{CodedEvent, Coder};
use quidpro_store::{DocumentOutcome, NewDocument, NewEvent, NewSentence, RunStats, Store};
use quidpro_text::{Story, StoryReader};

use crate::{Error, Result};

/// What an ingest did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IngestSummary {
    /// Stories read.
    pub stories: u64,
    /// New stories stored.
    pub new: u64,
    /// Stories already stored with the same content.
    pub unchanged: u64,
    /// Stories whose earlier version was replaced.
    pub replaced: u64,
    /// Events stored.
    pub events: u64,
    /// Bad input lines (`file:line: message`), skipped.
    pub bad_lines: Vec<String>,
}

/// What coded the events: the coder's version and the dictionaries' hash, kept with each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodedBy {
    /// `quidpro_coder::VERSION`.
    pub version: String,
    /// `Coder::dictionary_hash`.
    pub dict_hash: String,
}

impl CodedBy {
    /// What `coder` is.
    pub fn of(coder: &Coder) -> CodedBy {
        CodedBy { version: quidpro_coder::VERSION.to_string(), dict_hash: coder.dictionary_hash() }
    }
}

/// The store event for a coded event of a story, with every field the coder emits
/// (`content` as its JSON text) and what coded it.
pub fn stored_event(e: &CodedEvent, story: &Story, doc_id: i64, by: &CodedBy) -> NewEvent {
    let ev = &e.event;
    NewEvent {
        dataset: "quidpro".into(),
        dataset_id: ev.id(),
        event_date: ev.date,
        date_precision: ev.date_precision.as_str().into(),
        date_source: ev.date_source.as_str().into(),
        published: Some(story.date),
        source: ev.source.to_string(),
        target: ev.target.to_string(),
        // The dictionaries' country: the code's first block.
        source_country: None,
        target_country: None,
        code: ev.code,
        directed: true,
        modality: ev.modality.as_str().into(),
        attribution: ev.attribution.label().into(),
        source_name: Some(e.explanation.source_span.slice(&story.text).to_string()),
        target_name: Some(e.explanation.target_span.slice(&story.text).to_string()),
        doc_id: Some(doc_id),
        sentence: Some(ev.provenance.sentence),
        span: Some(ev.provenance.span),
        doc_key: Some(story.id.clone()),
        rule: Some(ev.provenance.rule.clone()),
        entries: ev.provenance.entries.clone(),
        text: Some(ev.text.clone()),
        file_line: None,
        url: story.url.clone(),
        content: ev.content.as_ref().and_then(|c| serde_json::to_string(c).ok()),
        coder_version: Some(by.version.clone()),
        dict_hash: Some(by.dict_hash.clone()),
        retrieved: None,
    }
}

/// Ingests JSON-lines stories from `reader` (named `origin` in errors), `batch` stories
/// per transaction; `progress` is called with the number of stories done.
///
/// # Errors
/// [`Error::Io`] when reading fails, [`Error::Store`] when the store fails; batches
/// committed before stay, the failing batch is not stored.
pub fn ingest<R: BufRead>(
    store: &mut Store,
    coder: &Coder,
    reader: R,
    origin: &str,
    batch: usize,
    progress: &mut dyn FnMut(u64),
) -> Result<IngestSummary> {
    let mut summary = IngestSummary::default();
    let run = {
        let mut b = store.batch()?;
        let run = b.begin_run("ingest", origin)?;
        b.commit()?;
        run
    };
    let mut pending: Vec<Story> = Vec::with_capacity(batch);
    let mut reader = StoryReader::new(reader, origin);
    loop {
        let item = reader.next();
        let done = item.is_none();
        match item {
            Some(Ok(story)) => pending.push(story),
            Some(Err(quidpro_text::StoryError::Io { origin, source })) => {
                return Err(Error::Io { path: origin, message: source.to_string() })
            }
            Some(Err(e)) => summary.bad_lines.push(e.to_string()),
            None => {}
        }
        if pending.len() >= batch.max(1) || (done && !pending.is_empty()) {
            write_batch(store, coder, &pending, run, &mut summary)?;
            pending.clear();
            progress(summary.stories);
        }
        if done {
            break;
        }
    }
    let mut b = store.batch()?;
    let mut stats = RunStats {
        read: summary.stories + summary.bad_lines.len() as u64,
        stored: summary.new + summary.replaced,
        duplicates: summary.unchanged,
        ..Default::default()
    };
    if !summary.bad_lines.is_empty() {
        stats.skipped.insert("bad line".into(), summary.bad_lines.len() as u64);
    }
    b.finish_run(run, &stats)?;
    b.commit()?;
    Ok(summary)
}

fn write_batch(
    store: &mut Store,
    coder: &Coder,
    stories: &[Story],
    run: i64,
    summary: &mut IngestSummary,
) -> Result<()> {
    let mut b = store.batch()?;
    let mut new = IngestSummary::default();
    let by = CodedBy::of(coder);
    for story in stories {
        new.stories += 1;
        let doc = NewDocument {
            key: story.id.clone(),
            kind: "story".into(),
            title: None,
            source: story.source.clone(),
            url: story.url.clone(),
            published: Some(story.date),
            text: story.text.clone(),
        };
        let doc_id = match b.add_document(&doc, Some(run))? {
            DocumentOutcome::Unchanged(_) => {
                new.unchanged += 1;
                continue;
            }
            DocumentOutcome::New(id) => {
                new.new += 1;
                id
            }
            DocumentOutcome::Replaced(id) => {
                new.replaced += 1;
                id
            }
        };
        for (index, span) in quidpro_text::sentences(&story.text).into_iter().enumerate() {
            b.add_sentence(doc_id, &NewSentence { index, span }, &story.text)?;
        }
        for e in coder.code_to_vec(story) {
            if b.add_event(&stored_event(&e, story, doc_id, &by), Some(run))? {
                new.events += 1;
            }
        }
    }
    b.commit()?;
    summary.stories += new.stories;
    summary.new += new.new;
    summary.unchanged += new.unchanged;
    summary.replaced += new.replaced;
    summary.events += new.events;
    Ok(())
}

/// Ingests an analytic document (plain text, Markdown or HTML, told by the extension):
/// the document is read with its footnotes ([`quidpro_document::Document`]), its body is
/// coded (footnote bodies and markers are blanked first, so that neither codes events
/// nor sticks to words: the text keeps its byte offsets), and the document, its
/// sentences, events, cited works and the sentences that cite them are stored. Its date
/// is the document's own (publication) date, else `date`.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read or has no date, [`Error::Store`].
pub fn ingest_document(
    store: &mut Store,
    coder: &Coder,
    path: &std::path::Path,
    date: Option<chrono::NaiveDate>,
) -> Result<IngestSummary> {
    let name = path.display().to_string();
    let doc = quidpro_document::Document::read_path(path)
        .map_err(|e| Error::Io { path: name.clone(), message: e.to_string() })?;
    let published = doc.date_or(date).ok_or_else(|| Error::Io {
        path: name.clone(),
        message: "the document states no date; give --date".into(),
    })?;
    // The body to code: footnotes and markers blanked, offsets kept.
    let story = doc.to_story(&name, published);
    let mut summary = IngestSummary { stories: 1, ..Default::default() };
    let mut b = store.batch()?;
    let run = b.begin_run("ingest", &name)?;
    let new = NewDocument {
        key: name.clone(),
        kind: "document".into(),
        title: doc.title.as_ref().map(|t| t.text.clone()),
        source: story.source.clone(),
        url: None,
        published: Some(published),
        text: doc.text.clone(),
    };
    let doc_id = match b.add_document(&new, Some(run))? {
        DocumentOutcome::Unchanged(_) => {
            summary.unchanged = 1;
            b.commit()?;
            return Ok(summary);
        }
        DocumentOutcome::New(id) => {
            summary.new = 1;
            id
        }
        DocumentOutcome::Replaced(id) => {
            summary.replaced = 1;
            id
        }
    };
    let sentences = quidpro_text::sentences(&story.text);
    for (index, span) in sentences.iter().enumerate() {
        b.add_sentence(doc_id, &NewSentence { index, span: *span }, &doc.text)?;
    }
    for e in coder.code_to_vec(&story) {
        if b.add_event(&stored_event(&e, &story, doc_id, &CodedBy::of(coder)), Some(run))? {
            summary.events += 1;
        }
    }
    let slice = |s: quidpro_event::Span| s.slice(&doc.text).to_string();
    for f in &doc.footnotes {
        for (k, c) in f.citations.iter().enumerate() {
            b.add_citation(
                doc_id,
                &quidpro_store::NewCitation {
                    footnote: f.label.clone(),
                    index: k,
                    secondary: c.secondary,
                    title: c.title.map(slice),
                    outlet: c.outlet.map(slice),
                    language: c.language.as_ref().map(|l| l.code.to_string()),
                    published: c.published.as_ref().and_then(|d| d.date),
                    accessed: c.accessed.as_ref().and_then(|d| d.date),
                    url: c.urls.first().map(|u| slice(u.span)),
                    span: c.span,
                },
            )?;
        }
        // The sentences that carry this footnote's markers cite it.
        for &mi in &f.markers {
            if let Some(m) = doc.markers.get(mi) {
                // The first sentence that ends at or after the marker (binary search).
                let si = sentences.partition_point(|s| s.end < m.span.start);
                if sentences.get(si).is_some_and(|s| s.start <= m.span.start) {
                    b.add_citation_link(doc_id, si, &f.label)?;
                }
            }
        }
    }
    b.finish_run(run, &RunStats { read: 1, stored: summary.new + summary.replaced, ..Default::default() })?;
    b.commit()?;
    Ok(summary)
}
