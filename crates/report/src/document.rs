//! The report of one analytic document (`quidpro analyze FILE`): the actors it names, its
//! events (claims) with their asserter, modality, date as written and as resolved (with
//! its precision), content and the footnotes of their sentences, its claims
//! grouped by who asserts them, the alternative explanations it weighs, and its citations
//! with the linter's findings.
//!
//! The document is read by [`quidpro_document::Document`] and coded by the coder as one story
//! whose default asserter is the document's author or publisher and whose date is its
//! publication date. Footnotes and markers are blanked before coding (they are sources,
//! not claims); a sentence's citations are the footnotes whose markers stand in it or right
//! after it (before the next sentence).
//!
//! # JSON (stable)
//!
//! One object: `file`, `title`, `author`, `date` (YYYY-MM-DD), `actors` (`code`, `names`
//! as written, `mentions`, `entries`), `events` (`sentence`; `date` (the first day of its
//! period), `date_precision` (`day` … `year`), `date_token` (the annotation guide's token:
//! `2025-01-21`, `2025-01`, `2020-autumn`), `date_source` (`text` or `document`),
//! `date_text` (the date as written, or null); `source`, `target`, `code`, `name`,
//! `quad_class`, `goldstein`; `attribution` (the asserter's actor code, else its text),
//! `asserter` (as text; a chain of reporting sources as "TASS > the Kremlin"), `asserter_code` (the innermost speaker's, or null), `modality`; `content` (what a demand,
//! appeal, promise, offer or threat asks for: `source`, `target`, `code`, `name`,
//! `modality`, `text`; else null); `text` (the sentence), `span`, `rule`, `citations`:
//! footnote labels, `footnotes`: indices into `citations`), `claims` (`asserter`,
//! `events`: indices into `events`), `alternatives` (`sentence`, `cue`, `text`),
//! `citations` (`footnote`, `kind`, `works` with `title`, `outlet`, `language`,
//! `published`, `accessed`, `urls`, `secondary`; `cited_by`: sentence indices;
//! `findings`: indices into `findings`), `findings` (`rule`, `severity`, `message`,
//! `footnote`, `line`, `column`, `text`; the first [`MAX_FINDINGS_PER_RULE`] of each
//! rule), `omitted` (`rule`, `count`: the findings of each rule left out).
//!
//! The report is linear in the document: a sentence's markers and a footnote's sentences
//! are found by binary search, a footnote's findings by its index (numbers may repeat).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use quidpro_coder::Coder;
use quidpro_document::lint::lint_capped;
use quidpro_document::Document;
use quidpro_document::FootnoteKind;
use quidpro_event::{DateSource, Span};
use serde::Serialize;

use crate::svg::esc;

/// An actor the document names.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorRow {
    /// Actor code.
    pub code: String,
    /// The names as written (distinct, in order of appearance, at most five).
    pub names: Vec<String>,
    /// How many times it is named.
    pub mentions: usize,
    /// The dictionary entries behind it.
    pub entries: Vec<String>,
}

/// What a demand, appeal, promise, offer or threat asks for or offers: the event demanded.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocContent {
    /// Who is to act (`""` when unnamed).
    pub source: String,
    /// Whom the act is to be done to (`""` when nobody).
    pub target: String,
    /// Its CAMEO code.
    pub code: String,
    /// The code's name.
    pub name: String,
    /// How the demanded act is stated.
    pub modality: String,
    /// Its words in the document.
    pub text: String,
}

/// An event of the document: a claim, with who asserts it, how, when and on what source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocEvent {
    /// Sentence index (of the coder's sentences).
    pub sentence: usize,
    /// Event date, as resolved: the first day of its period.
    pub date: NaiveDate,
    /// How precisely the date is known: `day`, `week`, `month`, `quarter`, `season`,
    /// `year`.
    pub date_precision: String,
    /// The resolved date as the annotation guide's token (`2025-01-21`, `2025-01`,
    /// `2020-autumn`, `2024-Q1`, `2020`).
    pub date_token: String,
    /// `text` when the sentence says when, `document` when the date is the document's.
    pub date_source: String,
    /// The date as written in the sentence ("In the autumn of 2020", "Two days later");
    /// `None` when the sentence gives none.
    pub date_text: Option<String>,
    /// Source actor code.
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// CAMEO code.
    pub code: String,
    /// The code's name.
    pub name: String,
    /// Quad class.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f64,
    /// Who asserts it: the actor code of a speaking actor, else [`DocEvent::asserter`].
    pub attribution: String,
    /// Who asserts it, as text: the document's author or publisher, the speaker, or the
    /// words of a frame ("sources in the region", "Western diplomats").
    pub asserter: String,
    /// The asserter's actor code, when the asserter is a coded actor.
    pub asserter_code: Option<String>,
    /// How: `asserted`, `reported`, `hypothetical`, `planned`, `negated`, `refused`,
    /// `denied`, `questioned`.
    pub modality: String,
    /// What a demand, appeal, promise, offer or threat asks for; `None` for other events.
    pub content: Option<DocContent>,
    /// The sentence.
    pub text: String,
    /// The event's bytes in the document text.
    pub span: [usize; 2],
    /// The pattern that fired.
    pub rule: String,
    /// The footnotes the sentence cites, by label.
    pub citations: Vec<String>,
    /// The same footnotes, as indices into the report's citations (labels may repeat
    /// when the numbering restarts).
    pub footnotes: Vec<usize>,
}

/// The events one asserter stands behind.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Claim {
    /// Who.
    pub asserter: String,
    /// Indices into the report's events.
    pub events: Vec<usize>,
}

/// A sentence that weighs an alternative explanation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alternative {
    /// Sentence index.
    pub sentence: usize,
    /// The cue that marks it ("perhaps", "alternatively", ...).
    pub cue: String,
    /// The sentence.
    pub text: String,
}

/// A cited work.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Work {
    /// Title.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Language tag (ISO 639-1).
    pub language: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Access date.
    pub accessed: Option<NaiveDate>,
    /// URLs.
    pub urls: Vec<String>,
    /// A "See also" citation.
    pub secondary: bool,
}

/// A footnote.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CitationRow {
    /// Its label.
    pub footnote: String,
    /// `citation` or `note`.
    pub kind: String,
    /// The works it cites.
    pub works: Vec<Work>,
    /// The sentences that cite it.
    pub cited_by: Vec<usize>,
    /// Its findings (indices into the report's findings).
    pub findings: Vec<usize>,
}

/// A lint finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FindingRow {
    /// Rule id.
    pub rule: String,
    /// `error` or `warning`.
    pub severity: String,
    /// What is wrong.
    pub message: String,
    /// The footnote it concerns.
    pub footnote: Option<String>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The offending text.
    pub text: String,
}

/// Findings of one rule left out of the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OmittedRow {
    /// Rule id.
    pub rule: String,
    /// How many.
    pub count: usize,
}

/// The findings of each rule that a report lists; the others are counted in
/// [`DocumentReport::omitted`].
pub const MAX_FINDINGS_PER_RULE: usize = 100;

/// The report of one document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentReport {
    /// The file.
    pub file: String,
    /// Title.
    pub title: Option<String>,
    /// Author or publisher: the default asserter.
    pub author: Option<String>,
    /// The date its events default to.
    pub date: NaiveDate,
    /// The actors it names, most named first.
    pub actors: Vec<ActorRow>,
    /// Its events, in text order.
    pub events: Vec<DocEvent>,
    /// Its claims by asserter (the document's own first).
    pub claims: Vec<Claim>,
    /// The alternative explanations it weighs.
    pub alternatives: Vec<Alternative>,
    /// Its footnotes.
    pub citations: Vec<CitationRow>,
    /// The linter's findings (the first [`MAX_FINDINGS_PER_RULE`] of each rule).
    pub findings: Vec<FindingRow>,
    /// The findings left out, by rule.
    pub omitted: Vec<OmittedRow>,
}

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

/// How a report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Text,
    Markdown,
    Html,
}

/// A URL for an HTML page: an `<a>` when its scheme is `http` or `https` (any case) and it
/// holds no whitespace or control character; anything else (`javascript:`, `data:`, a
/// relative path) is printed as escaped text, never linked.
pub fn html_link(url: &str) -> String {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let web = lower.starts_with("http://") || lower.starts_with("https://");
    if web && !url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        format!("<a href=\"{0}\">{0}</a>", esc(url))
    } else {
        esc(url)
    }
}

/// `—` for an unnamed side.
fn side(code: &str) -> &str {
    if code.is_empty() {
        "—"
    } else {
        code
    }
}

impl DocumentReport {
    /// The report as JSON (the format in the module docs).
    pub fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    /// The report as plain text (for a terminal).
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Mode::Text);
        out
    }

    /// The report as Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Mode::Markdown);
        out
    }

    /// The report as a self-contained HTML page (inline CSS; no script, no network; only
    /// `http` and `https` URLs are links).
    pub fn html(&self) -> String {
        let mut body = String::new();
        self.write(&mut body, Mode::Html);
        crate::html_page(
            self.title.as_deref().unwrap_or(&self.file),
            "table{width:100%} td,th{text-align:left} th{background:#f4f4f4} .error{color:#a00;font-weight:bold} \
             .warning{color:#a60} code{font-size:.9em} ol.claims li{margin-bottom:.8em} \
             blockquote{margin:.4em 0 .4em 1em;color:#444;border-left:3px solid #ddd;padding-left:.6em}",
            &body,
        )
    }

    /// One cited work in one line; its first URL linked in HTML (see [`html_link`]).
    fn work_line(w: &Work, mode: Mode) -> String {
        let e = |s: &str| match mode {
            Mode::Html => esc(s),
            Mode::Markdown => s.replace('|', "\\|"),
            Mode::Text => s.to_string(),
        };
        let mut parts = Vec::new();
        if w.secondary {
            parts.push("see also:".to_string());
        }
        if let Some(t) = &w.title {
            parts.push(e(&format!("“{t}”")));
        }
        if let Some(o) = &w.outlet {
            parts.push(e(o));
        }
        if let Some(l) = &w.language {
            parts.push(e(&format!("({l})")));
        }
        if let Some(d) = w.published {
            parts.push(d.to_string());
        }
        if let Some(u) = w.urls.first() {
            parts.push(match mode {
                Mode::Html => html_link(u),
                Mode::Markdown => u.replace('|', "\\|"),
                Mode::Text => u.clone(),
            });
        }
        parts.join(", ")
    }

    /// The footnotes an event cites, each with its first work.
    fn sources_of(&self, ev: &DocEvent, mode: Mode) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for &k in &ev.footnotes {
            let Some(c) = self.citations.get(k) else { continue };
            let label = match mode {
                Mode::Html => esc(&format!("[{}]", c.footnote)),
                _ => format!("[{}]", c.footnote),
            };
            match c.works.first() {
                Some(w) => out.push(format!("{label} {}", Self::work_line(w, mode))),
                None => out.push(format!("{label} (a note without a citation)")),
            }
        }
        // Markers whose footnote is missing.
        for l in &ev.citations {
            if !ev.footnotes.iter().any(|&k| self.citations.get(k).is_some_and(|c| &c.footnote == l)) {
                out.push(format!("[{}] (no footnote)", if mode == Mode::Html { esc(l) } else { l.clone() }));
            }
        }
        out
    }

    /// One claim: the event, who asserts it and how, its date as resolved and as written,
    /// its content, its sources and its sentence.
    fn write_claim(&self, out: &mut String, n: usize, ev: &DocEvent, mode: Mode) {
        let who = match &ev.asserter_code {
            Some(code) if *code != ev.asserter => format!("{} ({code})", ev.asserter),
            _ => ev.asserter.clone(),
        };
        let head = format!(
            "{} → {} {} {} · {} · asserter: {who}",
            side(&ev.source),
            side(&ev.target),
            ev.code,
            ev.name,
            ev.modality
        );
        let date = match &ev.date_text {
            Some(t) => format!("{} ({}), written “{t}”", ev.date_token, ev.date_precision),
            None => {
                format!("{} ({}), the document's date: the text gives none", ev.date_token, ev.date_precision)
            }
        };
        let content = ev.content.as_ref().map(|c| {
            format!(
                "{} → {} {} {} ({}): “{}”",
                side(&c.source),
                side(&c.target),
                c.code,
                c.name,
                c.modality,
                c.text
            )
        });
        let sources = self.sources_of(ev, mode);
        match mode {
            Mode::Html => {
                let _ = write!(out, "<li><b>{}</b>", esc(&head));
                let _ = write!(out, "<br><span class=\"muted\">date</span> {}", esc(&date));
                if let Some(c) = &content {
                    let _ = write!(out, "<br><span class=\"muted\">content</span> {}", esc(c));
                }
                let _ = write!(
                    out,
                    "<br><span class=\"muted\">sources</span> {}",
                    if sources.is_empty() { "none".to_string() } else { sources.join("<br>") }
                );
                let _ = writeln!(out, "<blockquote>{}</blockquote></li>", esc(&ev.text));
            }
            Mode::Markdown => {
                let _ = writeln!(out, "{n}. **{head}**");
                let _ = writeln!(out, "   - date: {date}");
                if let Some(c) = &content {
                    let _ = writeln!(out, "   - content: {c}");
                }
                if sources.is_empty() {
                    let _ = writeln!(out, "   - sources: none");
                } else {
                    let _ = writeln!(out, "   - sources: {}", sources.join("; "));
                }
                let _ = writeln!(out, "   - sentence: {}", ev.text);
            }
            Mode::Text => {
                let _ = writeln!(out, "{n:3}. {head}");
                let _ = writeln!(out, "     date:     {date}");
                if let Some(c) = &content {
                    let _ = writeln!(out, "     content:  {c}");
                }
                for (i, s) in sources.iter().enumerate() {
                    let _ = writeln!(out, "     {}{s}", if i == 0 { "sources:  " } else { "          " });
                }
                if sources.is_empty() {
                    let _ = writeln!(out, "     sources:  none");
                }
                let _ = writeln!(out, "     sentence: {}", ev.text);
            }
        }
    }

    fn write(&self, out: &mut String, mode: Mode) {
        let html = mode == Mode::Html;
        let e = |s: &str| match mode {
            Mode::Html => esc(s),
            Mode::Markdown => s.replace('|', "\\|"),
            Mode::Text => s.to_string(),
        };
        let h = |out: &mut String, level: usize, text: &str| match mode {
            Mode::Html => {
                let _ = writeln!(out, "<h{level}>{}</h{level}>", esc(text));
            }
            Mode::Markdown => {
                let _ = writeln!(out, "\n{} {text}\n", "#".repeat(level));
            }
            Mode::Text => {
                let rule = match level {
                    1 => "=",
                    2 => "-",
                    _ => "",
                };
                let width = text.chars().count();
                if level > 1 {
                    out.push('\n');
                }
                let _ = writeln!(out, "{text}");
                if !rule.is_empty() {
                    let _ = writeln!(out, "{}", rule.repeat(width));
                }
                out.push('\n');
            }
        };
        let table = |out: &mut String, head: &[&str], rows: Vec<Vec<String>>| match mode {
            Mode::Html => {
                out.push_str("<table><tr>");
                for c in head {
                    let _ = write!(out, "<th>{}</th>", esc(c));
                }
                out.push_str("</tr>\n");
                for r in rows {
                    out.push_str("<tr>");
                    for c in r {
                        let _ = write!(out, "<td>{c}</td>");
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
            Mode::Markdown => {
                let _ = writeln!(out, "| {} |", head.join(" | "));
                let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
                for r in rows {
                    let _ = writeln!(out, "| {} |", r.join(" | "));
                }
            }
            Mode::Text => {
                // Aligned columns, the last one not padded.
                let mut width: Vec<usize> = head.iter().map(|c| c.chars().count()).collect();
                for r in &rows {
                    for (w, c) in width.iter_mut().zip(r) {
                        *w = (*w).max(c.chars().count());
                    }
                }
                let line = |out: &mut String, cells: &[&str]| {
                    let mut l = String::new();
                    for (i, c) in cells.iter().enumerate() {
                        l.push_str(c);
                        if i + 1 < cells.len() {
                            let pad = width.get(i).copied().unwrap_or(0).saturating_sub(c.chars().count());
                            l.push_str(&" ".repeat(pad + 2));
                        }
                    }
                    let _ = writeln!(out, "{}", l.trim_end());
                };
                line(out, head);
                for r in &rows {
                    let cells: Vec<&str> = r.iter().map(String::as_str).collect();
                    line(out, &cells);
                }
            }
        };
        let para = |out: &mut String, text: &str| {
            if html {
                let _ = writeln!(out, "<p>{text}</p>");
            } else {
                let _ = writeln!(out, "{text}\n");
            }
        };
        h(out, 1, self.title.as_deref().unwrap_or(&self.file));
        let omitted_errors: usize = self
            .omitted
            .iter()
            .filter(|o| {
                quidpro_document::lint::Rule::from_id(&o.rule)
                    .is_some_and(|r| r.severity().as_str() == "error")
            })
            .map(|o| o.count)
            .sum();
        let errors = self.findings.iter().filter(|f| f.severity == "error").count() + omitted_errors;
        let total = self.findings.len() + self.omitted.iter().map(|o| o.count).sum::<usize>();
        para(
            out,
            &e(&format!(
                "{} · {} · {} · {} actors, {} events, {} footnotes, {} findings ({} errors)",
                self.file,
                self.author.as_deref().unwrap_or("no author found"),
                self.date,
                self.actors.len(),
                self.events.len(),
                self.citations.len(),
                total,
                errors
            )),
        );

        h(out, 2, "Actors");
        table(
            out,
            &["code", "named as", "mentions"],
            self.actors
                .iter()
                .map(|a| vec![e(&a.code), e(&a.names.join("; ")), a.mentions.to_string()])
                .collect(),
        );

        h(out, 2, "Claims by asserter");
        para(
            out,
            &e("Each claim: the event, how it is stated and by whom; its date as resolved (with its \
                precision) and as written; what it demands, promises or threatens; the footnotes of \
                its sentence; the sentence."),
        );
        let mut n = 0;
        for c in &self.claims {
            let claims = if c.events.len() == 1 { "claim" } else { "claims" };
            h(out, 3, &format!("{} ({} {claims})", c.asserter, c.events.len()));
            if html {
                let _ = writeln!(out, "<ol class=\"claims\" start=\"{}\">", n + 1);
            }
            for ev in c.events.iter().filter_map(|&i| self.events.get(i)) {
                n += 1;
                self.write_claim(out, n, ev, mode);
            }
            if html {
                out.push_str("</ol>\n");
            }
        }

        h(out, 2, "Alternative explanations weighed");
        if self.alternatives.is_empty() {
            para(out, "None marked.");
        }
        for a in &self.alternatives {
            match mode {
                Mode::Html => {
                    let _ = writeln!(
                        out,
                        "<blockquote>{} <span class=\"muted\">({})</span></blockquote>",
                        esc(&a.text),
                        esc(&a.cue)
                    );
                }
                Mode::Markdown => {
                    let _ = writeln!(out, "> {} *({})*\n", a.text, a.cue);
                }
                Mode::Text => {
                    let _ = writeln!(out, "  {} ({})", a.text, a.cue);
                }
            }
        }

        h(out, 2, "Citations");
        let rows = self
            .citations
            .iter()
            .map(|c| {
                let works = c
                    .works
                    .iter()
                    .map(|w| Self::work_line(w, mode))
                    .collect::<Vec<_>>()
                    .join(if html { "<br>" } else { "; " });
                let findings = c
                    .findings
                    .iter()
                    .filter_map(|&i| self.findings.get(i))
                    .map(|f| {
                        let text = format!("{}: {}", f.rule, f.message);
                        match mode {
                            Mode::Html => {
                                format!("<span class=\"{}\">{}</span>", esc(&f.severity), esc(&text))
                            }
                            Mode::Markdown => format!("**{}** {}", f.severity, e(&text)),
                            Mode::Text => format!("{} {text}", f.severity),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(if html { "<br>" } else { "; " });
                let cited = if c.cited_by.is_empty() {
                    "never".to_string()
                } else {
                    format!("{} sentences", c.cited_by.len())
                };
                vec![
                    e(&c.footnote),
                    e(&c.kind),
                    works,
                    cited,
                    if findings.is_empty() { "ok".into() } else { findings },
                ]
            })
            .collect();
        table(out, &["fn", "kind", "works", "cited by", "check"], rows);

        let loose: Vec<&FindingRow> = self.findings.iter().filter(|f| f.footnote.is_none()).collect();
        if !loose.is_empty() {
            h(out, 2, "Other findings");
            let rows = loose
                .iter()
                .map(|f| vec![format!("{}:{}", f.line, f.column), e(&f.severity), e(&f.rule), e(&f.message)])
                .collect();
            table(out, &["at", "severity", "rule", "message"], rows);
        }
        if !self.omitted.is_empty() {
            h(out, 2, "Findings not listed");
            let rows = self.omitted.iter().map(|o| vec![e(&o.rule), o.count.to_string()]).collect();
            table(out, &["rule", "more findings"], rows);
        }
    }
}

/// How far from the text's date the store's record of the same event may lie and still
/// be taken for it, in days.
pub const STORE_CHECK_WINDOW_DAYS: i64 = 60;

/// The `event-date-store` check: for each event of the document whose sentence writes
/// its date (to the day), the store's events of the same source and target countries and
/// CAMEO root within [`STORE_CHECK_WINDOW_DAYS`] of that date (the document's own events
/// and negated, denied or hypothetical ones left out). When there are some and none lies
/// within a day of the text's date, the written date is flagged with the nearest stored
/// date and where that record comes from.
///
/// # Errors
/// When the store cannot be read.
pub fn store_check(
    coder: &Coder,
    file: &str,
    doc: &Document,
    store: &quidpro_store::Store,
    date: Option<NaiveDate>,
) -> Result<Vec<quidpro_document::lint::Finding>, String> {
    use quidpro_document::lint::{Finding, Rule};
    let Some(story_date) = doc.date_or(date) else { return Ok(Vec::new()) };
    let story = doc.to_story(file, story_date);
    let sentences = quidpro_text::sentences(&story.text);
    let conn = store.connection();
    let sql = "SELECT e.event_date, e.dataset, coalesce(d.doc_key, e.doc_key, e.file, ''), coalesce(e.url, d.url, '') \
               FROM coded_events e LEFT JOIN documents d ON d.id = e.doc_id \
               WHERE e.source_country = ?1 AND e.target_country = ?2 AND e.root = ?3 \
               AND e.event_date BETWEEN ?4 AND ?5 AND coalesce(d.doc_key, e.doc_key, '') <> ?6 \
               AND e.modality NOT IN ('negated', 'denied', 'hypothetical')";
    let mut stmt = conn.prepare(sql).map_err(|e| format!("store: {e}"))?;
    let mut out: Vec<Finding> = Vec::new();
    for c in coder.code_to_vec(&story) {
        let e = c.event;
        if e.date_precision != quidpro_event::DatePrecision::Day || e.modality.is_negative() {
            continue;
        }
        let Some(sent) = sentences.get(e.provenance.sentence) else { continue };
        // The date must be written in the sentence.
        let first = doc.mentions.partition_point(|m| m.span.start < sent.start);
        let Some(written) = doc.mentions[first..]
            .iter()
            .take_while(|m| m.span.start < sent.end)
            .find(|m| m.span.end <= sent.end && m.date == Some(e.date))
        else {
            continue;
        };
        let country = |code: &str| code.get(..3).unwrap_or("").to_string();
        let window = chrono::TimeDelta::days(STORE_CHECK_WINDOW_DAYS);
        let rows = stmt
            .query_map(
                (
                    country(e.source.as_str()),
                    country(e.target.as_str()),
                    e.code.root(),
                    (e.date - window).to_string(),
                    (e.date + window).to_string(),
                    file,
                ),
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                },
            )
            .map_err(|e| format!("store: {e}"))?;
        let mut nearest: Option<(i64, NaiveDate, String)> = None;
        let mut agrees = false;
        for row in rows {
            let (d, dataset, key, url) = row.map_err(|e| format!("store: {e}"))?;
            let Ok(d) = NaiveDate::parse_from_str(&d, "%Y-%m-%d") else { continue };
            let gap = (d - e.date).num_days().abs();
            if gap <= 1 {
                agrees = true;
                break;
            }
            let from = if url.is_empty() { format!("{dataset} {key}") } else { format!("{dataset} {url}") };
            if nearest.as_ref().is_none_or(|(g, _, _)| gap < *g) {
                nearest = Some((gap, d, from));
            }
        }
        if agrees || out.iter().any(|f| f.span == written.span) {
            continue;
        }
        if let Some((_, d, from)) = nearest {
            let footnote = doc.footnote_at(written.span.start).map(|f| f.label.clone());
            out.push(Finding::of(
                Rule::EventDateStore,
                written.span,
                format!(
                    "the text dates {} → {} {} ({}) on {}, but the store holds it on {d} ({from})",
                    e.source,
                    e.target,
                    e.code.as_str(),
                    e.code.name(),
                    e.date
                ),
                footnote,
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quidpro_coder::CoderBuilder;
    use quidpro_dict::Dictionary;
    use quidpro_document::Format;

    const DOC: &str = "# Baku's bill\n\nRauf Hasanli, Caspian Policy Review\n\nBaku, 14 March 2025\n\n\
Turkey delivered Bayraktar drones to Azerbaijan in 2020.¹ Western diplomats believe Azerbaijan rejected a Turkish request for troops.² \
Perhaps Baku fears that Iran would threaten Azerbaijan.\n\n\
¹ “Drones for Baku”. Anadolu Agency, 02.10.2020, <https://www.aa.com.tr/en/2020/10/02/drones> (accessed: 05.10.2020).\n\
² “Baku says no”. Hürriyet (in Turkish), 31.02.2025, <https://www.hurriyet.com.tr/baku-42234567> (download date: 10.03.2025).\n";

    fn report() -> DocumentReport {
        let (dict, errors) = Dictionary::embedded();
        assert!(errors.is_empty());
        let coder = CoderBuilder::new().build(dict);
        let doc = Document::parse(DOC.as_bytes(), Format::Markdown);
        analyze_document(&coder, "t.md", &doc, None).unwrap()
    }

    #[test]
    fn events_asserters_citations_and_findings() {
        let r = report();
        assert_eq!(r.author.as_deref(), Some("Rauf Hasanli, Caspian Policy Review"));
        assert_eq!(r.date.to_string(), "2025-03-14");
        let ev = |src: &str, root: &str| {
            r.events.iter().find(|e| e.source.starts_with(src) && e.code.starts_with(root))
        };
        let drones = ev("TUR", "07").expect("the drone delivery");
        assert_eq!(
            (drones.attribution.as_str(), drones.modality.as_str()),
            ("Rauf Hasanli, Caspian Policy Review", "asserted")
        );
        assert_eq!(drones.citations, ["1"]);
        let rejected = ev("AZE", "12").expect("the rejection");
        assert_eq!(
            (rejected.attribution.as_str(), rejected.modality.as_str()),
            ("Western diplomats", "reported")
        );
        assert_eq!(rejected.citations, ["2"]);
        let threat = ev("IRN", "13").expect("the threat");
        assert_eq!(threat.modality, "hypothetical");
        assert!(r.claims.iter().any(|c| c.asserter == "Western diplomats"));
        assert_eq!(
            r.claims[0].asserter, "Rauf Hasanli, Caspian Policy Review",
            "the document's own claims first"
        );
        assert_eq!(r.alternatives.len(), 1);
        assert_eq!(r.alternatives[0].cue, "perhaps");
        let codes: Vec<&str> = r.actors.iter().map(|a| a.code.as_str()).collect();
        assert!(codes.contains(&"AZE") && codes.contains(&"TUR") && codes.contains(&"IRN"), "{codes:?}");
        // The impossible date of footnote 2 is found and tied to it.
        let fn2 = r.citations.iter().find(|c| c.footnote == "2").unwrap();
        assert!(fn2.findings.iter().any(|&i| r.findings[i].text.contains("31.02.2025")), "{:#?}", r.findings);
        assert_eq!(fn2.works[0].language.as_deref(), Some("tr"));
        assert_eq!(fn2.cited_by.len(), 1);
        let fn1 = r.citations.iter().find(|c| c.footnote == "1").unwrap();
        assert!(fn1.findings.is_empty(), "{:#?}", r.findings);
    }

    #[test]
    fn claims_show_dates_as_written_and_resolved_asserters_and_sources() {
        let r = report();
        let drones = r.events.iter().find(|e| e.code.starts_with("07")).expect("the drone delivery");
        assert_eq!(
            (drones.date_token.as_str(), drones.date_precision.as_str(), drones.date_source.as_str()),
            ("2020", "year", "text")
        );
        assert_eq!(drones.date_text.as_deref(), Some("2020"));
        assert_eq!(drones.asserter, "Rauf Hasanli, Caspian Policy Review");
        assert_eq!(drones.asserter_code, None);
        assert_eq!(drones.footnotes, [0]);
        let threat = r.events.iter().find(|e| e.code.starts_with("13")).expect("the threat");
        assert_eq!((threat.date_text.as_deref(), threat.date_source.as_str()), (None, "document"));
        for text in [r.text(), r.markdown(), r.html()] {
            assert!(text.contains("2020 (year), written “2020”"), "{text}");
            assert!(text.contains("asserter: Western diplomats"), "{text}");
            assert!(text.contains("Drones for Baku"), "{text}");
            assert!(text.contains("2025-03-14 (day), the document's date"), "{text}");
        }
        let html = r.html();
        assert!(html.contains("<a href=\"https://www.aa.com.tr/en/2020/10/02/drones\">"), "{html}");
    }

    #[test]
    fn html_links_only_http_and_https() {
        assert_eq!(
            html_link("https://a.example/x?a=1&b=2"),
            "<a href=\"https://a.example/x?a=1&amp;b=2\">https://a.example/x?a=1&amp;b=2</a>"
        );
        assert!(html_link("HTTP://A.EXAMPLE/").starts_with("<a href="));
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " https://a.example/",
            "data:text/html,x",
            "//a.example/",
        ] {
            let out = html_link(bad);
            assert!(!out.contains("<a"), "{bad} → {out}");
        }
        // Quotes and brackets inside a web URL are escaped: the attribute cannot be left.
        let out = html_link("https://a.example/\"><script>");
        assert!(!out.contains("<script") && !out.contains("/\">"), "{out}");
        let mut r = report();
        r.citations[0].works[0].urls = vec!["javascript:alert(document.cookie)".into()];
        let html = r.html();
        assert!(html.contains("javascript:alert(document.cookie)"), "printed as text");
        assert!(!html.contains("href=\"javascript"), "{html}");
    }

    #[test]
    fn renders() {
        let r = report();
        let md = r.markdown();
        assert!(md.contains("## Claims by asserter") && md.contains("Western diplomats"));
        let html = r.html();
        assert!(
            html.starts_with("<!DOCTYPE html>") && !html.contains("<script") && !html.contains("http://cdn")
        );
        let json = r.json();
        for k in ["actors", "events", "claims", "alternatives", "citations", "findings"] {
            assert!(json[k].is_array(), "{k}");
        }
        for k in [
            "date_precision",
            "date_token",
            "date_source",
            "date_text",
            "asserter",
            "asserter_code",
            "content",
            "footnotes",
        ] {
            assert!(json["events"][0].get(k).is_some(), "{k}");
        }
        let text = r.text();
        assert!(text.contains("Claims by asserter\n------------------") && !text.contains("<p>"), "{text}");
    }
}
