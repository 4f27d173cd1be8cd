//! The citation linter: what a careful editor checks in a comment's footnotes.
//!
//! [`lint`] returns [`Finding`]s, each with a [`Rule`], its [`Severity`], a message and
//! the span of the offending text in [`Document::text`].
//!
//! # Rules
//!
//! | id | severity | what it finds |
//! |---|---|---|
//! | `date-after-access` | error | a publication date after the access date of the same citation |
//! | `date-after-document` | error | a publication date after the document's own (latest) date |
//! | `url-date-mismatch` | error | a date in the URL (`/2024/12/25/`, `/20241225/`, `?date=`) whose year or month disagrees with the cited date, day and month swapped included |
//! | `url-day-mismatch` | warning | a URL date in the cited month whose day differs by more than one |
//! | `url-bad-escape` | error | a `%` not followed by two hex digits, or escapes that decode to a broken character |
//! | `url-space` | error | white space inside a URL |
//! | `url-unbalanced` | error | unbalanced `(` `)` or `[` `]` in a URL |
//! | `url-no-scheme` | error | a URL without `http://`/`https://`, or with a mangled scheme (`htps://`) |
//! | `url-bad-host` | error | a host that cannot be a domain (`..`, no top-level domain, a comma) |
//! | `url-bad-char` | error | a character that cannot stand in a URL (typographic quote or dash, invisible character) |
//! | `marker-without-footnote` | error | a footnote marker with no footnote of that number |
//! | `footnote-unreferenced` | error | a footnote that no marker refers to |
//! | `footnote-duplicate-number` | error | two footnotes with the same number |
//! | `marker-duplicate` | warning | a number marked twice in the text |
//! | `marker-order` | warning | a marker whose number is lower than one before it |
//! | `footnote-order` | warning | a footnote whose number is lower than one before it |
//! | `duplicate-citation` | warning | the same work (same normalised URL or title) cited under two numbers |
//! | `missing-date` | warning | a citation without publication date where most citations of the document have one |
//! | `missing-access-date` | warning | a web citation without access date where most web citations of the document have one |
//! | `impossible-date` | error | a date that cannot exist (`31.02.2025`, `14.13.2023`) |
//! | `ambiguous-date` | warning | `03/04/2023`: day and month can be read either way and no other date tells |
//! | `language-mismatch` | warning | a language tag that the title's script or the URL's language (`/ru/`, `en.`) contradicts |
//! | `event-date-store` | warning | with `quidpro lint --check-store`: the text dates an event (a date written in its sentence) on a day the store does not hold it, while the store holds the same dyad and CAMEO root within 60 days (the nearest is named); see `quidpro_report::document::store_check` |
//!
//! A Latin-script title with a tag such as "(in Rus.)" is a translated title and is
//! sound; a Cyrillic title tagged "(in Turkish)" is not.
//!
//! Footnote numbers may restart (a block of notes after each section): a marker refers
//! to the next footnote with its number, and `marker-duplicate` flags a second marker of
//! the same footnote, not of the same number.
//!
//! # Cost
//!
//! Linear in the document: every lookup is a hash or a binary search. A document whose
//! numbers repeat may still have a finding per marker; [`lint_capped`] keeps the first
//! findings of each rule and counts the others ([`Linted::omitted`]), which is what
//! `quidpro lint` and `quidpro analyze` print.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::citation::{dominant_script, fold, Script};
use super::date::dotted;
use super::url::{check_url, normalize_url, url_date, url_language, url_naive_date, UrlProblemKind};
use super::{Citation, Document, Footnote, MarkerStyle};
use quidpro_text::Span;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Wrong: the citation or the reference does not hold up.
    Error,
    /// Suspicious or inconsistent: worth a look.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! rules {
    ($($variant:ident => $id:literal, $sev:ident, $expl:literal;)*) => {
        /// A check of the linter (see the module documentation for the table).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(
                #[doc = $expl]
                $variant,
            )*
        }

        impl Rule {
            /// Every rule.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The rule's id (`date-after-access`).
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// The rule's severity.
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$sev,)* }
            }

            /// A one-line explanation.
            pub fn explanation(self) -> &'static str {
                match self { $(Rule::$variant => $expl,)* }
            }

            /// The rule with this id.
            pub fn from_id(id: &str) -> Option<Rule> {
                Rule::ALL.iter().copied().find(|r| r.id() == id)
            }
        }
    };
}

rules! {
    DateAfterAccess => "date-after-access", Error, "A work cannot be published after the day it was accessed.";
    DateAfterDocument => "date-after-document", Error, "A cited work cannot be published after the document that cites it.";
    UrlDateMismatch => "url-date-mismatch", Error, "The date in the URL's path disagrees with the cited publication date.";
    UrlDayMismatch => "url-day-mismatch", Warning, "The day in the URL's path differs from the cited day by more than one.";
    UrlBadEscape => "url-bad-escape", Error, "A percent-escape must be `%` and two hex digits, and escapes must decode to whole characters.";
    UrlSpace => "url-space", Error, "A URL cannot contain white space: the link was broken when pasted.";
    UrlUnbalanced => "url-unbalanced", Error, "Brackets in a URL must be balanced: one was lost or added when pasting.";
    UrlNoScheme => "url-no-scheme", Error, "A URL must start with `http://` or `https://`.";
    UrlBadHost => "url-bad-host", Error, "The host of a URL must be a domain name or an IP address.";
    UrlBadChar => "url-bad-char", Error, "The URL contains a character that no URL has (a typographic quote or dash, an invisible character).";
    MarkerWithoutFootnote => "marker-without-footnote", Error, "Every footnote marker must have a footnote with its number.";
    FootnoteUnreferenced => "footnote-unreferenced", Error, "Every footnote must be referenced by a marker in the text.";
    FootnoteDuplicateNumber => "footnote-duplicate-number", Error, "Two footnotes cannot share a number.";
    MarkerDuplicate => "marker-duplicate", Warning, "Each footnote number should be marked once in the text.";
    MarkerOrder => "marker-order", Warning, "Footnote markers should appear in the order of their numbers.";
    FootnoteOrder => "footnote-order", Warning, "Footnotes should be listed in the order of their numbers.";
    DuplicateCitation => "duplicate-citation", Warning, "The same work is cited under two footnote numbers.";
    MissingDate => "missing-date", Warning, "The citation has no publication date, unlike most citations of the document.";
    MissingAccessDate => "missing-access-date", Warning, "The web citation has no access date, unlike most web citations of the document.";
    ImpossibleDate => "impossible-date", Error, "The date cannot exist.";
    AmbiguousDate => "ambiguous-date", Warning, "Day and month can be read either way and no other date of the document tells which.";
    LanguageMismatch => "language-mismatch", Warning, "The language tag disagrees with the title's script or the URL's language.";
    EventDateStore => "event-date-store", Warning, "The text dates an event differently from the store's record of the same event (checked only with a store: `quidpro lint --check-store`).";
}

/// A problem found in a document.
///
/// # JSON
///
/// [`Finding::to_json`] gives one object with these fields (stable); `quidpro lint
/// --format json` prints `{"findings": [...]}` with one such object per finding of all
/// the files, in file order then text order:
///
/// | field | type | meaning |
/// |---|---|---|
/// | `file` | string | the file, as given on the command line |
/// | `rule` | string | the rule's id (`url-date-mismatch`) |
/// | `severity` | string | `error` or `warning` |
/// | `message` | string | what is wrong, with the values involved |
/// | `explanation` | string | the rule's one-line explanation |
/// | `footnote` | string or null | the footnote's label (`"4"`) when the finding concerns one |
/// | `span` | `[start, end]` | byte offsets into the document's plain text (for HTML, the extracted text) |
/// | `line` | number | 1-based line of the span's start in that text |
/// | `column` | number | 1-based column (in characters) of the span's start |
/// | `text` | string | the offending text itself (the span's text) |
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule that found it.
    pub rule: Rule,
    /// Its severity (the rule's).
    pub severity: Severity,
    /// What is wrong, with the values involved.
    pub message: String,
    /// The offending text.
    pub span: Span,
    /// The footnote it concerns, by label.
    pub footnote: Option<String>,
    /// The footnote it concerns, as an index into [`Document::footnotes`] (labels may
    /// repeat).
    pub footnote_index: Option<usize>,
}

impl Finding {
    /// A finding of `rule` at `span` (for checks that live outside this crate, such as
    /// the store check).
    pub fn of(rule: Rule, span: Span, message: String, footnote: Option<String>) -> Finding {
        Finding { rule, severity: rule.severity(), message, span, footnote, footnote_index: None }
    }

    fn new(rule: Rule, span: Span, message: String, footnote: Option<(usize, &Footnote)>) -> Finding {
        Finding {
            rule,
            severity: rule.severity(),
            message,
            span,
            footnote: footnote.map(|(_, f)| f.label.clone()),
            footnote_index: footnote.map(|(k, _)| k),
        }
    }

    /// The finding as the JSON object documented on [`Finding`].
    pub fn to_json(&self, doc: &Document, file: &str) -> serde_json::Value {
        let (line, column) = doc.line_col(self.span.start);
        serde_json::json!({
            "file": file,
            "rule": self.rule.id(),
            "severity": self.severity.as_str(),
            "message": self.message,
            "explanation": self.rule.explanation(),
            "footnote": self.footnote,
            "span": [self.span.start, self.span.end],
            "line": line,
            "column": column,
            "text": self.span.slice(&doc.text),
        })
    }
}

/// Runs every check on a document; the findings come in text order.
pub fn lint(doc: &Document) -> Vec<Finding> {
    lint_capped(doc, usize::MAX).findings
}

/// What [`lint_capped`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Linted {
    /// The findings kept, in text order: the first `max_per_rule` of each rule.
    pub findings: Vec<Finding>,
    /// Per rule, how many more findings were left out (rules with none are not listed).
    pub omitted: Vec<(Rule, usize)>,
}

impl Linted {
    /// Every finding, kept or left out.
    pub fn total(&self) -> usize {
        self.findings.len() + self.omitted.iter().map(|(_, n)| n).sum::<usize>()
    }

    /// How many findings, kept or left out, are errors.
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
            + self
                .omitted
                .iter()
                .filter(|(r, _)| r.severity() == Severity::Error)
                .map(|(_, n)| n)
                .sum::<usize>()
    }
}

/// Where the checks put their findings: at most `cap` per rule are kept, the others
/// counted. Each rule reports in text order, so the first ones are kept.
struct Sink {
    cap: usize,
    kept: Vec<Finding>,
    /// Per rule: findings seen and the span of the last (the same rule at the same span
    /// is one finding).
    seen: HashMap<Rule, (usize, Span)>,
}

impl Sink {
    fn push(&mut self, f: Finding) {
        match self.seen.get_mut(&f.rule) {
            Some((_, last)) if *last == f.span => {}
            Some((n, last)) => {
                *n += 1;
                *last = f.span;
                if *n <= self.cap {
                    self.kept.push(f);
                }
            }
            None => {
                self.seen.insert(f.rule, (1, f.span));
                if self.cap > 0 {
                    self.kept.push(f);
                }
            }
        }
    }
}

/// Runs every check on a document, keeping the first `max_per_rule` findings of each
/// rule (in text order) and counting the rest.
pub fn lint_capped(doc: &Document, max_per_rule: usize) -> Linted {
    let mut out = Sink { cap: max_per_rule, kept: Vec::new(), seen: HashMap::new() };
    references(doc, &mut out);
    for (k, f) in doc.footnotes.iter().enumerate() {
        for c in &f.citations {
            citation_dates(doc, (k, f), c, &mut out);
            language(doc, (k, f), c, &mut out);
        }
    }
    urls(doc, &mut out);
    mentions(doc, &mut out);
    duplicates(doc, &mut out);
    missing(doc, &mut out);
    let mut findings = out.kept;
    findings.sort_by_key(|f| (f.span.start, f.rule));
    findings.dedup_by(|a, b| a.rule == b.rule && a.span == b.span);
    let mut omitted: Vec<(Rule, usize)> = out
        .seen
        .into_iter()
        .filter(|(_, (n, _))| *n > max_per_rule)
        .map(|(r, (n, _))| (r, n - max_per_rule))
        .collect();
    omitted.sort();
    Linted { findings, omitted }
}

fn label_of(f: &Footnote) -> &str {
    &f.label
}

fn references(doc: &Document, out: &mut Sink) {
    // Markers seen: by footnote, or by label when they have none.
    let mut seen: HashMap<Result<usize, &str>, usize> = HashMap::new();
    let mut max = 0;
    for m in &doc.markers {
        if m.footnote.is_none() {
            out.push(Finding::new(
                Rule::MarkerWithoutFootnote,
                m.span,
                format!("marker {} has no footnote", m.label),
                None,
            ));
        }
        let foot = m.footnote.and_then(|i| doc.footnotes.get(i).map(|f| (i, f)));
        let key = m.footnote.ok_or(m.label.as_str());
        if let Some(n) = seen.get_mut(&key) {
            *n += 1;
            if m.style != MarkerStyle::Caret {
                out.push(Finding::new(
                    Rule::MarkerDuplicate,
                    m.span,
                    format!("footnote {} is marked a second time", m.label),
                    foot,
                ));
            }
            continue;
        }
        seen.insert(key, 1);
        if let Some(n) = m.number {
            if n < max {
                out.push(Finding::new(
                    Rule::MarkerOrder,
                    m.span,
                    format!("marker {n} comes after marker {max}"),
                    foot,
                ));
            }
            max = max.max(n);
        }
    }
    let mut labels: HashMap<&str, usize> = HashMap::new();
    let mut max = 0;
    for (k, f) in doc.footnotes.iter().enumerate() {
        if let Some(&first) = labels.get(f.label.as_str()) {
            let (line, _) = doc.line_col(doc.footnotes[first].span.start);
            out.push(Finding::new(
                Rule::FootnoteDuplicateNumber,
                f.number_span,
                format!("footnote {} is numbered like the footnote on line {line}", f.label),
                Some((k, f)),
            ));
            continue;
        }
        labels.insert(&f.label, k);
        if f.markers.is_empty() {
            out.push(Finding::new(
                Rule::FootnoteUnreferenced,
                f.number_span,
                format!("no marker in the text refers to footnote {}", label_of(f)),
                Some((k, f)),
            ));
        }
        if let Some(n) = f.number {
            if n < max {
                out.push(Finding::new(
                    Rule::FootnoteOrder,
                    f.number_span,
                    format!("footnote {n} comes after footnote {max}"),
                    Some((k, f)),
                ));
            }
            max = max.max(n);
        }
    }
}

fn citation_dates(doc: &Document, f: (usize, &Footnote), c: &Citation, out: &mut Sink) {
    let Some(p) = c.published.as_ref() else { return };
    let Some(pd) = p.date else { return };
    if let Some(ad) = c.accessed.as_ref().and_then(|a| a.date) {
        if pd > ad {
            out.push(Finding::new(
                Rule::DateAfterAccess,
                p.span,
                format!("published {} but accessed {}", dotted(pd), dotted(ad)),
                Some(f),
            ));
        }
    }
    if let Some(dd) = doc.latest_date() {
        if pd > dd {
            out.push(Finding::new(
                Rule::DateAfterDocument,
                p.span,
                format!("published {}, after the document's date {}", dotted(pd), dotted(dd)),
                Some(f),
            ));
        }
    }
    for u in &c.urls {
        let url = u.span.slice(&doc.text);
        let Some(ud) = url_date(url) else { continue };
        if let Some(msg) = url_date_disagreement(pd, &ud) {
            let (rule, msg) = msg;
            out.push(Finding::new(rule, p.span, msg, Some(f)));
        }
    }
}

fn url_date_disagreement(pd: NaiveDate, ud: &super::UrlDate) -> Option<(Rule, String)> {
    use chrono::Datelike;
    match ud.day {
        Some(_) => {
            let u = url_naive_date(ud)?;
            if (u - pd).num_days().abs() <= 1 {
                return None;
            }
            let shown = dotted(u);
            if pd.year() == u.year() && pd.day() == u.month() && pd.month() == u.day() {
                return Some((
                    Rule::UrlDateMismatch,
                    format!("cited as {}, but the URL dates it {shown}: day and month swapped?", dotted(pd)),
                ));
            }
            if pd.year() != u.year() {
                return Some((
                    Rule::UrlDateMismatch,
                    format!("cited as {}, but the URL dates it {shown}: the year differs", dotted(pd)),
                ));
            }
            if pd.month() != u.month() {
                return Some((
                    Rule::UrlDateMismatch,
                    format!("cited as {}, but the URL dates it {shown}: the month differs", dotted(pd)),
                ));
            }
            Some((Rule::UrlDayMismatch, format!("cited as {}, but the URL dates it {shown}", dotted(pd))))
        }
        None => {
            if pd.year() == ud.year && pd.month() == ud.month {
                return None;
            }
            // A story from the last evening of a month may carry the next month's date.
            let first = NaiveDate::from_ymd_opt(ud.year, ud.month, 1)?;
            let next = if ud.month == 12 {
                NaiveDate::from_ymd_opt(ud.year + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(ud.year, ud.month + 1, 1)?
            };
            if (pd - first).num_days() == -1 || (pd - next).num_days() == 0 {
                return None;
            }
            let what = if pd.year() != ud.year { "year" } else { "month" };
            Some((
                Rule::UrlDateMismatch,
                format!(
                    "cited as {}, but the URL dates it {}/{:02}: the {what} differs",
                    dotted(pd),
                    ud.year,
                    ud.month
                ),
            ))
        }
    }
}

fn urls(doc: &Document, out: &mut Sink) {
    for u in &doc.urls {
        let url = u.span.slice(&doc.text);
        let foot = doc.footnote_index_at(u.span.start).map(|k| (k, &doc.footnotes[k]));
        for p in check_url(url) {
            let rule = match p.kind {
                UrlProblemKind::BadEscape => Rule::UrlBadEscape,
                UrlProblemKind::Space => Rule::UrlSpace,
                UrlProblemKind::Unbalanced => Rule::UrlUnbalanced,
                UrlProblemKind::NoScheme => Rule::UrlNoScheme,
                UrlProblemKind::BadHost => Rule::UrlBadHost,
                UrlProblemKind::BadChar => Rule::UrlBadChar,
            };
            let span = Span::new(u.span.start + p.span.start, u.span.start + p.span.end.max(p.span.start));
            out.push(Finding::new(rule, span, p.message, foot));
        }
    }
}

fn mentions(doc: &Document, out: &mut Sink) {
    for m in &doc.mentions {
        let foot = doc.footnote_index_at(m.span.start).map(|k| (k, &doc.footnotes[k]));
        if let Some(why) = &m.impossible {
            out.push(Finding::new(
                Rule::ImpossibleDate,
                m.span,
                format!("`{}` cannot be a date: {why}", m.span.slice(&doc.text)),
                foot,
            ));
        }
        if let (Some(d), Some(alt), None) = (m.date, m.ambiguous, doc.date_order) {
            out.push(Finding::new(
                Rule::AmbiguousDate,
                m.span,
                format!(
                    "`{}` may be {} or {}; write the month as a word or use dots (day first)",
                    m.span.slice(&doc.text),
                    long(d),
                    long(alt)
                ),
                foot,
            ));
        }
    }
}

fn long(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {} {}", d.day(), super::date::month_name(d.month()), d.year())
}

fn title_key(t: &str) -> Option<String> {
    let k: String = fold(t).chars().filter(|c| c.is_alphanumeric()).collect();
    (k.chars().count() >= 20).then_some(k)
}

fn duplicates(doc: &Document, out: &mut Sink) {
    let mut first: HashMap<String, &Footnote> = HashMap::new();
    for (fk, f) in doc.footnotes.iter().enumerate() {
        for c in &f.citations {
            let mut keys: Vec<(String, Span)> = Vec::new();
            for u in &c.urls {
                let n = normalize_url(u.span.slice(&doc.text));
                // A bare site is no work.
                if n.contains('/') && n.len() > n.find('/').unwrap_or(0) + 1 {
                    keys.push((format!("url:{n}"), u.span));
                }
            }
            if let Some(t) = c.title {
                if let Some(k) = title_key(t.slice(&doc.text)) {
                    keys.push((format!("title:{k}"), t));
                }
            }
            let mut reported = false;
            for (k, span) in keys {
                match first.get(&k) {
                    Some(g) if g.label != f.label => {
                        if !reported {
                            let what = if k.starts_with("url:") { "URL" } else { "title" };
                            out.push(Finding::new(
                                Rule::DuplicateCitation,
                                span,
                                format!("the same work ({what}) is already cited in footnote {}", g.label),
                                Some((fk, f)),
                            ));
                            reported = true;
                        }
                    }
                    Some(_) => {}
                    None => {
                        first.insert(k, f);
                    }
                }
            }
        }
    }
}

fn missing(doc: &Document, out: &mut Sink) {
    let all: Vec<((usize, &Footnote), &Citation)> = doc
        .footnotes
        .iter()
        .enumerate()
        .flat_map(|(k, f)| f.citations.iter().map(move |c| ((k, f), c)))
        .collect();
    let with_pub = all.iter().filter(|(_, c)| c.published.is_some()).count();
    if with_pub >= 2 && with_pub * 3 >= all.len() * 2 {
        for (f, c) in &all {
            if c.published.is_none() {
                out.push(Finding::new(
                    Rule::MissingDate,
                    c.title.unwrap_or(c.span),
                    "the citation has no publication date".into(),
                    Some(*f),
                ));
            }
        }
    }
    let web: Vec<&((usize, &Footnote), &Citation)> = all.iter().filter(|(_, c)| !c.urls.is_empty()).collect();
    let with_access = web.iter().filter(|(_, c)| c.accessed.is_some()).count();
    if with_access >= 2 && with_access * 3 >= web.len() * 2 {
        for (f, c) in web {
            if c.accessed.is_none() {
                let span = c.urls.last().map(|u| u.span).unwrap_or(c.span);
                out.push(Finding::new(
                    Rule::MissingAccessDate,
                    span,
                    "the web citation has no access date".into(),
                    Some(*f),
                ));
            }
        }
    }
}

fn language(doc: &Document, f: (usize, &Footnote), c: &Citation, out: &mut Sink) {
    let Some(tag) = &c.language else { return };
    let code = tag.code;
    if let Some(t) = c.title {
        let title = t.slice(&doc.text);
        let script = dominant_script(title);
        let name = language_name(code);
        let msg = match script {
            Some(Script::Cyrillic) if !matches!(code, "ru" | "uk" | "az" | "kk" | "be" | "bg") => {
                Some(format!("the title is in Cyrillic, but the tag says {name}"))
            }
            Some(Script::Cyrillic)
                if code == "ru" && title.chars().any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ')) =>
            {
                Some("the title has Ukrainian letters (і, ї, є, ґ), but the tag says Russian".to_string())
            }
            Some(Script::Cyrillic)
                if code == "uk" && title.chars().any(|c| matches!(c, 'ы' | 'э' | 'ъ' | 'ё')) =>
            {
                Some("the title has Russian letters (ы, э, ъ, ё), but the tag says Ukrainian".to_string())
            }
            Some(Script::Armenian) if code != "hy" => {
                Some(format!("the title is in Armenian, but the tag says {name}"))
            }
            Some(Script::Georgian) if code != "ka" => {
                Some(format!("the title is in Georgian, but the tag says {name}"))
            }
            Some(Script::Arabic) if !matches!(code, "ar" | "fa") => {
                Some(format!("the title is in Arabic script, but the tag says {name}"))
            }
            Some(Script::Latin) if !matches!(code, "tr" | "az") && turkish_words(title) >= 2 => {
                Some(format!("the title is in Turkish, but the tag says {name}"))
            }
            _ => None,
        };
        if let Some(msg) = msg {
            out.push(Finding::new(Rule::LanguageMismatch, tag.span, msg, Some(f)));
            return;
        }
    }
    for u in &c.urls {
        if let Some(l) = url_language(u.span.slice(&doc.text)) {
            if l != code {
                out.push(Finding::new(
                    Rule::LanguageMismatch,
                    tag.span,
                    format!(
                        "the tag says {}, but the URL points to the {} version",
                        language_name(code),
                        language_name(l)
                    ),
                    Some(f),
                ));
                return;
            }
        }
    }
}

/// Words with letters that only Turkish (and Azerbaijani) write: ğ, ı, ş, İ.
fn turkish_words(s: &str) -> usize {
    s.split_whitespace().filter(|w| w.chars().any(|c| matches!(c, 'ğ' | 'ı' | 'ş' | 'İ' | 'Ğ' | 'Ş'))).count()
}

fn language_name(code: &str) -> &'static str {
    match code {
        "ru" => "Russian",
        "tr" => "Turkish",
        "en" => "English",
        "az" => "Azerbaijani",
        "hy" => "Armenian",
        "ka" => "Georgian",
        "uk" => "Ukrainian",
        "de" => "German",
        "fr" => "French",
        "fa" => "Persian",
        "ar" => "Arabic",
        "zh" => "Chinese",
        _ => "another language",
    }
}
