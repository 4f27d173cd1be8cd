//! Reading, coding and linting one document into a [`DocumentReport`]: its actors,
//! events, claims by asserter, alternative explanations, citations and findings.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use quidpro_coder::Coder;
use quidpro_document::lint::lint_capped;
use quidpro_document::Document;
use quidpro_document::FootnoteKind;
use quidpro_event::{DateSource, Span};

use super::{
    ActorRow, Alternative, CitationRow, Claim, DocContent, DocEvent, DocumentReport, FindingRow, OmittedRow,
    Work, MAX_FINDINGS_PER_RULE,
};

/// Sentence openings and phrases that mark an alternative explanation or a hedge.
const ALTERNATIVE_CUES: &[&str] = &[
    "perhaps",
    "alternatively",
    "possibly",
    "presumably",
    "it cannot be ruled out",
    "it can not be ruled out",
    "it cannot be excluded",
    "it is possible that",
    "it is also possible",
    "another explanation",
    "a second explanation",
    "the first explanation",
    "the second explanation",
    "the third explanation",
    "explanations are possible",
    "one explanation",
    "a more likely explanation",
    "it can be assumed",
    "it may be that",
    "it might be that",
    "on the other hand",
    "if so,",
];

/// Reads, codes and lints one document. `date` replaces a missing publication date.
///
/// # Errors
/// When the document states no date and `date` is `None` (the message says so).
pub fn analyze_document(
    coder: &Coder,
    file: &str,
    doc: &Document,
    date: Option<NaiveDate>,
) -> Result<DocumentReport, String> {
    let date =
        doc.date_or(date).ok_or_else(|| format!("{file}: the document states no date; give --date"))?;
    let story = doc.to_story(file, date);
    let sentences = quidpro_text::sentences(&story.text);
    // The sentence of each marker: the last one that starts at or before it (a marker
    // belongs to the sentence it stands in or follows, up to the next one's start).
    let sentence_of = |pos: usize| sentences.partition_point(|s| s.start <= pos).checked_sub(1);
    // The footnotes cited in each sentence, by label, each once, with the index of the
    // footnote each marker links to.
    let mut cites: Vec<Vec<String>> = vec![Vec::new(); sentences.len()];
    let mut notes: Vec<Vec<usize>> = vec![Vec::new(); sentences.len()];
    for m in &doc.markers {
        if let Some(i) = sentence_of(m.span.start) {
            if !cites[i].contains(&m.label) {
                cites[i].push(m.label.clone());
            }
            if let Some(k) = m.footnote.filter(|k| !notes[i].contains(k)) {
                notes[i].push(k);
            }
        }
    }
    let sentence_text = |i: usize| -> String {
        sentences
            .get(i)
            .map(|s| s.slice(&story.text))
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };

    // Actors.
    let mut actors: Vec<ActorRow> = Vec::new();
    for m in coder.mentions(&story) {
        let name = m.span.slice(&story.text).split_whitespace().collect::<Vec<_>>().join(" ");
        let code = m.code.to_string();
        match actors.iter_mut().find(|a| a.code == code) {
            Some(a) => {
                a.mentions += 1;
                if !a.names.contains(&name) && a.names.len() < 5 {
                    a.names.push(name);
                }
                for e in m.entries {
                    if !a.entries.contains(&e) {
                        a.entries.push(e);
                    }
                }
            }
            None => actors.push(ActorRow { code, names: vec![name], mentions: 1, entries: m.entries }),
        }
    }
    actors.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.code.cmp(&b.code)));

    // Events and claims.
    let events: Vec<DocEvent> = coder
        .code_to_vec(&story)
        .into_iter()
        .map(|c| {
            let e = c.event;
            let s = e.provenance.sentence;
            DocEvent {
                sentence: s,
                date: e.date,
                date_precision: e.date_precision.as_str().to_string(),
                date_token: e.date_precision.token(e.date),
                date_source: match e.date_source {
                    DateSource::Text => "text",
                    DateSource::Narrative => "narrative",
                    _ => "document",
                }
                .to_string(),
                date_text: e.date_text.clone(),
                source: e.source.to_string(),
                target: e.target.to_string(),
                code: e.code.as_str().to_string(),
                name: e.code.name().to_string(),
                quad_class: e.code.quad_class().number(),
                goldstein: e.code.goldstein(),
                attribution: e.attribution.label().to_string(),
                asserter: e.attribution.asserter.clone(),
                asserter_code: e.attribution.actor.as_ref().map(|a| a.to_string()),
                modality: e.modality.as_str().to_string(),
                content: e.content.as_ref().map(|c| DocContent {
                    source: c.source.to_string(),
                    target: c.target.to_string(),
                    code: c.code.as_str().to_string(),
                    name: c.code.name().to_string(),
                    modality: c.modality.as_str().to_string(),
                    text: c.text.split_whitespace().collect::<Vec<_>>().join(" "),
                }),
                text: sentence_text(s),
                span: [e.provenance.span.start, e.provenance.span.end],
                rule: e.provenance.rule.clone(),
                citations: cites.get(s).cloned().unwrap_or_default(),
                footnotes: notes.get(s).cloned().unwrap_or_default(),
            }
        })
        .collect();
    let own = story.source.clone().unwrap_or_default();
    let mut by: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        by.entry(e.attribution.clone()).or_default().push(i);
    }
    let mut claims: Vec<Claim> =
        by.into_iter().map(|(asserter, events)| Claim { asserter, events }).collect();
    claims.sort_by_key(|c| (c.asserter != own, std::cmp::Reverse(c.events.len())));

    // Alternatives.
    let mut alternatives = Vec::new();
    for i in 0..sentences.len() {
        let text = sentence_text(i);
        let lower = text.to_lowercase();
        if let Some(cue) = ALTERNATIVE_CUES.iter().find(|c| {
            lower.starts_with(*c) || lower.contains(&format!(" {c} ")) || lower.contains(&format!(", {c}"))
        }) {
            alternatives.push(Alternative { sentence: i, cue: cue.trim_end_matches(',').to_string(), text });
        }
    }

    // Findings and citations.
    let linted = lint_capped(doc, MAX_FINDINGS_PER_RULE);
    let omitted =
        linted.omitted.iter().map(|(r, n)| OmittedRow { rule: r.id().to_string(), count: *n }).collect();
    // The findings of each footnote, by index.
    let mut by_note: Vec<Vec<usize>> = vec![Vec::new(); doc.footnotes.len()];
    for (i, f) in linted.findings.iter().enumerate() {
        if let Some(list) = f.footnote_index.and_then(|k| by_note.get_mut(k)) {
            list.push(i);
        }
    }
    let findings: Vec<FindingRow> = linted
        .findings
        .into_iter()
        .map(|f| {
            let (line, column) = doc.line_col(f.span.start);
            FindingRow {
                rule: f.rule.id().to_string(),
                severity: f.severity.as_str().to_string(),
                message: f.message.clone(),
                footnote: f.footnote.clone(),
                line,
                column,
                text: slice(doc, f.span),
            }
        })
        .collect();
    let citations = doc
        .footnotes
        .iter()
        .zip(by_note)
        .map(|(f, note_findings)| CitationRow {
            footnote: f.label.clone(),
            kind: match f.kind {
                FootnoteKind::Note => "note",
                _ => "citation",
            }
            .to_string(),
            works: f
                .citations
                .iter()
                .map(|c| Work {
                    title: c.title.map(|s| slice(doc, s).trim_matches(['"', '“', '”', '«', '»']).to_string()),
                    outlet: c.outlet.map(|s| slice(doc, s)),
                    language: c.language.as_ref().map(|l| l.code.to_string()),
                    published: c.published.as_ref().and_then(|d| d.date),
                    accessed: c.accessed.as_ref().and_then(|d| d.date),
                    urls: c.urls.iter().map(|u| slice(doc, u.span)).collect(),
                    secondary: c.secondary,
                })
                .collect(),
            cited_by: {
                let mut v: Vec<usize> = f
                    .markers
                    .iter()
                    .filter_map(|&k| doc.markers.get(k))
                    .filter_map(|m| sentence_of(m.span.start))
                    .collect();
                v.dedup();
                v
            },
            findings: note_findings,
        })
        .collect();
    Ok(DocumentReport {
        file: file.to_string(),
        title: doc.title.as_ref().map(|t| t.text.clone()),
        author: story.source.clone(),
        date,
        actors,
        events,
        claims,
        alternatives,
        citations,
        findings,
        omitted,
    })
}

fn slice(doc: &Document, span: Span) -> String {
    doc.text.get(span.start..span.end).unwrap_or("").to_string()
}
