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
//! `2025-01-21`, `2025-01`, `2020-autumn`), `date_source` (`text`, `narrative` (no date of its own, told in the past tense: the last date the text gave) or `document`),
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

use chrono::NaiveDate;
use serde::Serialize;

mod analyze;
mod render;
mod store_check;
#[cfg(test)]
mod tests;

pub use analyze::analyze_document;
pub use render::html_link;
pub use store_check::{store_check, STORE_CHECK_WINDOW_DAYS};

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
