//! The quid-pro-quo ledger of a pair of actors A and B: favours that open debts, demands
//! that call them in, and how the debtor answered.
//!
//! # Debts
//!
//! A **favour** opens a **debt** of the receiver to the giver: material cooperation,
//! aid or a yield (roots 06, 07, 08) weighted by its |Goldstein| value, or diplomatic
//! backing in a conflict (050, 052–054) at half that (weights and windows: the table in
//! `data/ledger.toml`, [`Config`], overridable with `quidpro ledger --config FILE`). A
//! side that owes the other repays first: its material favours pay its own debts, and
//! only what is left over opens a debt of the other side.
//!
//! A **demand** or appeal (roots 10, 02) **calls in** the debts its target owes its
//! source. Its **content** (the event demanded: who is to do what to whom, from the
//! coder; [`ContentSource`]) says what the creditor wants. Its **status**:
//!
//! | status | when |
//! |---|---|
//! | `met` | the debtor did it (verbal cooperation only when the content asks for that very code) within `[demand] window_days`: an act of the debtor with the content's target and act family (`[demand] families`); for a demand without content (every dataset row) the debtor's material cooperation toward the creditor within `[demand] inferred_window_days`, marked `inferred` |
//! | `refused` | the debtor rejected (12) the creditor, or turned to conflict with it (13–20), after the call and before complying (a refusal answers the latest demand still pending) |
//! | `evaded` | the debtor abstained (an act of the content with modality `refused`), or the window ran out without an answer |
//! | `outstanding` | otherwise: still pending on the ledger's date |
//!
//! **Repayments** pay down the debts (the called-in ones first, then the oldest):
//! acts that comply with a called-in demand (|Goldstein| × `compliance_factor`), material
//! favours in return (× `material_factor`), and acts toward the creditor's **stated aims**
//! (× `aims_factor`, on by default; with `aims_text_only`, the default, only events coded
//! from text count, as machine-coded datasets align every pair of states with every
//! third party by chance): the debtor's conflict with a third party C that the
//! creditor has spoken against (verbal conflict, at least `aims_min_statements` times in
//! the `aims_window_days` before the act), C compared by its [`aim_key`]. Neither side's
//! own state is a third party, nor are the debtor's own adversaries (a C it fought before
//! the creditor spoke against it) — unless the creditor demanded action against C: then
//! the debtor's acts against C count, non-state groups on the debtor's own soil included.
//! **Thanks** (051) and other verbal cooperation (03–05) by a debtor are
//! **acknowledgements**: listed, not payment.
//!
//! Each debt has a status: `outstanding` (not called in), `called` (called in, the demand
//! pending), `partly_repaid`, `repaid` (less than `repaid_share` of it left), `refused` or
//! `evaded` (the latest demand calling it in was refused or evaded).
//!
//! # Balance
//!
//! One balance per pair, symmetric: the value of the debts B owes A minus those A owes B,
//! each debt's remainder halving every `half_life_days`. Positive: B owes A; negative: A
//! owes B; [`Ledger::summary`] says it in words ("Azerbaijan owes Turkey 42.0; 2 debts
//! called in, 1 refused").
//!
//! # Modality, reports, evidence
//!
//! Only asserted and reported events move the balance. Hypothetical and planned ones are
//! listed as **expectations** with who expects them; negated, denied, refused and
//! questioned ones are left out (listed under `negated` with `Options::include_negated`).
//! One act reported by several stories or datasets counts once: events of the same
//! ordered pair of sides, kind and act family within `[dedup] window_days` (the same month
//! when a date is only known to the month or coarser) are one entry whose evidence lists
//! every report: the sentence and its footnoted citations for a document, the actor
//! names, the source URL and the file and line for a dataset row, or a manual entry's
//! text and citation.
//!
//! # JSON (`quidpro ledger --format json`)
//!
//! [`Ledger`] serialized: `a`, `b`, `as_of`, `balance`, `summary`, `debts` ([`Debt`]),
//! the entries by kind (`favours`, `demands`, `repayments`, `refusals`, `defections`,
//! `acknowledgements`, `expectations`, `negated`; each an [`Entry`]: `id`, `kind`, `date`,
//! `date_precision`, `code`, `name`, `goldstein`, `weight`, `source`, `target`,
//! `modality`, `attribution`, and where they apply `status` (`outstanding`, `met`,
//! `refused`, `evaded`), `inferred`, `content`, `debts`, `demand`, `toward`, `evidence`),
//! `balance_series` (`[date, balance]` after each entry that moves it) and `config`.

mod aims;
pub mod config;
mod manual;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, TimeDelta};
use quidpro_store::Store;
use serde::Serialize;

pub use config::Config;
pub use manual::parse_manual;

use crate::Error;

/// The kind of a ledger entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Material cooperation, aid, a yield or diplomatic backing: opens a debt.
    Favour,
    /// A demand or appeal: calls debts in.
    Demand,
    /// An act that pays a debt down.
    Repayment,
    /// A rejection by the debtor.
    Refusal,
    /// Thanks, praise and other verbal cooperation by the debtor: acknowledged, not paid.
    Acknowledgement,
    /// Conflict by the debtor toward the creditor.
    Defection,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "favour" | "favor" => Kind::Favour,
            "demand" => Kind::Demand,
            "repayment" => Kind::Repayment,
            "refusal" => Kind::Refusal,
            "defection" => Kind::Defection,
            "acknowledgement" | "acknowledgment" => Kind::Acknowledgement,
            _ => return None,
        })
    }
}

/// How a demand ended (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Still pending.
    Outstanding,
    /// The debtor did it.
    Met,
    /// The debtor said no.
    Refused,
    /// The debtor did not do it and did not say no.
    Evaded,
}

impl Status {
    /// The JSON word.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Outstanding => "outstanding",
            Status::Met => "met",
            Status::Refused => "refused",
            Status::Evaded => "evaded",
        }
    }
}

/// The state of a debt (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DebtStatus {
    /// Not called in.
    Outstanding,
    /// Called in; the demand pending.
    Called,
    /// Paid down, not off.
    PartlyRepaid,
    /// Paid off.
    Repaid,
    /// The call was refused.
    Refused,
    /// The call was evaded.
    Evaded,
}

impl DebtStatus {
    /// In words.
    pub fn as_str(self) -> &'static str {
        match self {
            DebtStatus::Outstanding => "outstanding",
            DebtStatus::Called => "called in",
            DebtStatus::PartlyRepaid => "partly repaid",
            DebtStatus::Repaid => "repaid",
            DebtStatus::Refused => "refused",
            DebtStatus::Evaded => "evaded",
        }
    }
}

/// One report behind an entry.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Evidence {
    /// The event's stable id (empty for manual entries).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub event_id: String,
    /// Dataset, or `manual`.
    pub dataset: String,
    /// The event's date as this report gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The story or document (our document key).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story_id: Option<String>,
    /// The document's title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Sentence index.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence: Option<i64>,
    /// The sentence's text, or the manual entry's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The dataset's actor names (source, target), when it has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_names: Option<(String, String)>,
    /// The imported file and line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_line: Option<String>,
    /// Source URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Who asserts it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub attribution: String,
    /// How it is stated.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub modality: String,
    /// The works the sentence cites (its footnotes), or a manual entry's citation.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<String>,
}

/// What a demand asks for: the event demanded.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DemandContent {
    /// Who is to act (`""` when unnamed).
    pub source: String,
    /// To whom (`""` when nobody).
    pub target: String,
    /// CAMEO code.
    pub code: String,
    /// The code's name.
    pub name: String,
    /// How the demanded act is stated.
    pub modality: String,
    /// Its words.
    pub text: String,
}

/// One entry of the ledger.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    /// Its index in the ledger (demands and debts refer to entries by it).
    pub id: usize,
    /// Its kind.
    pub kind: Kind,
    /// `YYYY-MM-DD` (the first day of its period when less precise).
    pub date: NaiveDate,
    /// `day`, `month`, `year`, ...
    pub date_precision: String,
    /// CAMEO code.
    pub code: String,
    /// The code's name.
    pub name: String,
    /// The code's Goldstein value.
    pub goldstein: f64,
    /// Weight in the balance (0 for entries that do not move it).
    pub weight: f64,
    /// Source actor code.
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// How it is stated (asserted, reported, hypothetical, ...).
    pub modality: String,
    /// Who asserts it (the first report's asserter).
    pub attribution: String,
    /// A demand's status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The status is inferred (a demand without content met by material cooperation).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    /// A demand's content.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<DemandContent>,
    /// A demand: the debts it calls in; a repayment: the debts it paid.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub debts: Vec<usize>,
    /// A repayment, refusal or defection: the demand it answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demand: Option<usize>,
    /// A repayment: `compliance`, `return` (material favour in return), `aims` or
    /// `manual`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub how: Option<&'static str>,
    /// A repayment toward the creditor's stated aims: the third party and the creditor's
    /// statements against it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toward: Option<Aim>,
    /// Every report of it.
    pub evidence: Vec<Evidence>,
}

/// A creditor's stated aim that a repayment serves: opposition to a third party.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Aim {
    /// The third party's aim key (see [`aim_key`]).
    pub actor: String,
    /// How many of the creditor's statements against it fall in the window before the act
    /// (0 when the creditor demanded action against it).
    pub statements: usize,
    /// The latest three of them.
    pub stance: Vec<Evidence>,
}

/// A debt: a favour not (yet) repaid.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Debt {
    /// Its index.
    pub id: usize,
    /// Who is owed (the favour's source side: A or B as given).
    pub creditor: String,
    /// Who owes.
    pub debtor: String,
    /// The favour's entry id (in `favours`).
    pub favour: usize,
    /// When it opened.
    pub date: NaiveDate,
    /// Its weight when it opened (after any part of the favour that repaid the giver's own debt).
    pub weight: f64,
    /// What is left of it on the ledger's date, decayed.
    pub value: f64,
    /// What repayments took off it (each at its own date's value).
    pub paid: f64,
    /// Its state.
    pub status: DebtStatus,
    /// The demands that called it in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub called_in_by: Vec<usize>,
    /// The repayments that paid it down.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub repaid_by: Vec<usize>,
    #[serde(skip)]
    remaining: f64,
    #[serde(skip)]
    updated: NaiveDate,
    #[serde(skip)]
    debtor_side: usize,
}

/// The ledger of a pair.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ledger {
    /// A, as given.
    pub a: String,
    /// B.
    pub b: String,
    /// The ledger's date: `Options::to`, else its last entry's.
    pub as_of: Option<NaiveDate>,
    /// Positive: B owes A; negative: A owes B.
    pub balance: f64,
    /// The balance and the calls in words.
    pub summary: String,
    /// Every debt, both ways.
    pub debts: Vec<Debt>,
    /// Favours both ways.
    pub favours: Vec<Entry>,
    /// Demands both ways.
    pub demands: Vec<Entry>,
    /// Repayments.
    pub repayments: Vec<Entry>,
    /// Refusals.
    pub refusals: Vec<Entry>,
    /// Defections.
    pub defections: Vec<Entry>,
    /// Acknowledgements.
    pub acknowledgements: Vec<Entry>,
    /// Hypothetical and planned favours, demands and answers, with their asserters.
    pub expectations: Vec<Entry>,
    /// Negated, denied, refused and questioned events (with `Options::include_negated`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub negated: Vec<Entry>,
    /// The balance after each entry that moves it.
    pub balance_series: Vec<(NaiveDate, f64)>,
    /// The weights and windows used.
    pub config: Config,
}

/// Ledger options.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Weights and windows.
    pub config: Config,
    /// Only events from this day.
    pub from: Option<NaiveDate>,
    /// Only events up to this day; the ledger's date.
    pub to: Option<NaiveDate>,
    /// List negated, denied and questioned events too.
    pub include_negated: bool,
    /// The modalities that move the balance (default asserted and reported; imported
    /// events count as asserted); the others are expectations or left out.
    pub modalities: crate::series::Modalities,
}

/// Where a demand's content comes from: one function, so that the store's `content`
/// column (when the store has one) and other sources (re-coding the sentence) plug in
/// the same way.
pub trait ContentSource {
    /// The content of the event `ev` (a demand or appeal), if known.
    fn content(&self, store: &Store, ev: &EventKey<'_>) -> Option<DemandContent>;
}

/// What identifies a stored event to a [`ContentSource`].
#[derive(Clone, Copy, Debug)]
pub struct EventKey<'a> {
    /// Dataset.
    pub dataset: &'a str,
    /// The dataset's id.
    pub dataset_id: &'a str,
    /// The document's key, for coded events.
    pub doc_key: Option<&'a str>,
    /// Span start and end in the document.
    pub span: Option<(i64, i64)>,
    /// The event's code.
    pub code: &'a str,
}

/// The store's own record of contents: the `content` column of `events` (JSON, as in the
/// coder's output) when the store has it; nothing otherwise.
pub struct StoredContent;

impl ContentSource for StoredContent {
    fn content(&self, store: &Store, ev: &EventKey<'_>) -> Option<DemandContent> {
        stored_content(store, ev)
    }
}

/// Reads a demand's content from the store's `content` column, when it has one.
pub fn stored_content(store: &Store, ev: &EventKey<'_>) -> Option<DemandContent> {
    // A store without the column fails to prepare the statement: no content.
    let json: Option<String> = store
        .connection()
        .prepare_cached("SELECT content FROM coded_events WHERE dataset = ?1 AND dataset_id = ?2")
        .and_then(|mut s| s.query_row([ev.dataset, ev.dataset_id], |r| r.get(0)))
        .ok()
        .flatten();
    content_from_json(&json?)
}

/// A content from its JSON form (`{"source", "target", "code", "modality", "text", ...}`).
pub fn content_from_json(json: &str) -> Option<DemandContent> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
    let code = s("code");
    let name = quidpro_event::EventCode::parse(&code).ok()?.name().to_string();
    Some(DemandContent {
        source: s("source"),
        target: s("target"),
        code,
        name,
        modality: s("modality"),
        text: s("text"),
    })
}

/// Whether `code` stands for the party that the prefix `party` names: a country prefix
/// (`TUR`) means the state and its people, not the non-state armed or opposition groups
/// coded with that country (`TURREB`, the PKK, neither owes nor is owed Turkey's debts);
/// a longer prefix is taken as given.
fn state_side(code: &str, party: &str) -> bool {
    code.starts_with(party) && (party.len() > 3 || aim_key(code).as_deref() == code.get(..3))
}

/// The aim key of an actor code: the country of a state actor (`ARMGOV`, `ARMMIL` →
/// `ARM`), country and role of a non-state one (`TURREB` for the PKK, `SYRREB` for the
/// YPG; roles REB, INS, SEP, UAF, OPP, RAD, CRM), or the first two blocks of a
/// transnational one (`IGONAT`, `IMGMOS`); `None` for codes too short to say.
pub fn aim_key(code: &str) -> Option<String> {
    let country = code.get(..3)?;
    if matches!(country, "IGO" | "NGO" | "IMG" | "MNC" | "NGM" | "UIS" | "INT") {
        return Some(code.get(..6).unwrap_or(code).to_string());
    }
    match code.get(3..6) {
        Some(role @ ("REB" | "INS" | "SEP" | "UAF" | "OPP" | "RAD" | "CRM")) => {
            Some(format!("{country}{role}"))
        }
        _ => Some(country.to_string()),
    }
}

fn sq(e: rusqlite::Error) -> Error {
    Error::Store(quidpro_store::Error::Sqlite { path: "store".into(), source: e })
}

/// A stored event as the ledger reads it.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    /// The `id` of `all_events` (coded events first on a day, then the segments' rows).
    id: i64,
    date: NaiveDate,
    precision: String,
    code: String,
    goldstein: f64,
    source: String,
    target: String,
    modality: String,
    doc_key: Option<String>,
    span: Option<(i64, i64)>,
    dataset_id: String,
    evidence: Evidence,
    /// Whether its modality moves the balance ([`Options::modalities`]).
    counts: bool,
}

impl Row {
    fn root(&self) -> &str {
        self.code.get(..2).unwrap_or("")
    }
    fn moves(&self) -> bool {
        self.counts
    }
    fn expected(&self) -> bool {
        !self.counts && matches!(self.modality.as_str(), "hypothetical" | "planned")
    }
}

/// The roots the ledger reads between the two sides.
const ROOTS: &str =
    "'02','03','04','05','06','07','08','10','11','12','13','14','15','16','17','18','19','20'";

/// Reads the events that meet `cond` (`?1`, `?2` its parameters, `?3` from, `?4` to),
/// every modality, in date order.
pub(crate) fn read_rows(
    store: &Store,
    cond: &str,
    p1: &str,
    p2: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    mods: &crate::series::Modalities,
) -> Result<Vec<Row>, Error> {
    let mut rows = read_rows_all(store, cond, p1, p2, from, to)?;
    mark_modalities(&mut rows, mods);
    Ok(rows)
}

/// The events of the pair `source` → `target` (code prefixes, taken as states by the
/// caller) with the ledger's roots, every modality, in date order: the coded events by
/// SQL, the imported ones straight from the pair's runs of the segments
/// ([`Store::segment_dyad_rows`]; no SQL per row).
pub(crate) fn read_dyad_rows(
    store: &Store,
    source: &str,
    target: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    mods: &crate::series::Modalities,
) -> Result<Vec<Row>, Error> {
    let cond = format!(
        "{} AND {} AND e.root IN ({ROOTS})",
        side_cond("?1", "source_country", "source"),
        side_cond("?2", "target_country", "target"),
    );
    let mut rows = read_rows_from(store, "coded_events", &cond, source, target, from, to)?;
    let roots: Vec<&str> = ROOTS.split(',').map(|r| r.trim_matches('\'')).collect();
    for r in store.segment_dyad_rows(source, target, from, to)? {
        if !r.code.get(..2).is_some_and(|root| roots.contains(&root)) {
            continue;
        }
        let Ok(code) = quidpro_event::EventCode::parse(&r.code) else { continue };
        let evidence = Evidence {
            event_id: quidpro_store::stable_id(&r.dataset, &r.dataset_id),
            date: Some(r.date),
            story_id: None,
            title: None,
            sentence: None,
            text: None,
            actor_names: match (r.source_name, r.target_name) {
                (Some(s), Some(t)) if !(s.is_empty() && t.is_empty()) => Some((s, t)),
                _ => None,
            },
            file_line: r.file.map(|f| format!("{f}:{}", r.line.unwrap_or(0))),
            url: r.url,
            attribution: r.attribution,
            modality: r.modality.clone(),
            citations: Vec::new(),
            dataset: r.dataset,
        };
        rows.push(Row {
            id: r.id,
            date: r.date,
            precision: r.date_precision,
            goldstein: code.goldstein(),
            code: r.code,
            source: r.source,
            target: r.target,
            modality: r.modality,
            doc_key: None,
            span: None,
            counts: false,
            dataset_id: r.dataset_id,
            evidence,
        });
    }
    rows.sort_by_key(|r| (r.date, r.id));
    mark_modalities(&mut rows, mods);
    Ok(rows)
}

/// Marks the rows whose modality moves the balance.
fn mark_modalities(rows: &mut [Row], mods: &crate::series::Modalities) {
    for r in rows {
        // Imported events carry no modality of their own: asserted.
        let m = if r.modality.is_empty() { "asserted" } else { r.modality.as_str() };
        r.counts = mods.list().iter().any(|x| x.as_str() == m);
    }
}

/// [`read_rows`] without the modalities marked.
fn read_rows_all(
    store: &Store,
    cond: &str,
    p1: &str,
    p2: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<Row>, Error> {
    read_rows_from(store, "all_events", cond, p1, p2, from, to)
}

/// [`read_rows_all`] from `table` (`all_events`, or `events` for the coded events only).
fn read_rows_from(
    store: &Store,
    table: &str,
    cond: &str,
    p1: &str,
    p2: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<Row>, Error> {
    let sql = format!(
        "SELECT e.dataset, e.dataset_id, e.event_date, e.code, e.goldstein, e.source, e.target, e.attribution, \
         coalesce(d.doc_key, e.doc_key), e.sentence, s.text, e.file, e.line, coalesce(e.url, d.url), e.modality, \
         e.date_precision, e.source_name, e.target_name, e.span_start, e.span_end, d.title, e.doc_id, e.id \
         FROM {table} e LEFT JOIN documents d ON d.id = e.doc_id LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.idx = e.sentence \
         WHERE {cond} AND (?3 IS NULL OR e.event_date >= ?3) AND (?4 IS NULL OR e.event_date <= ?4) \
         ORDER BY e.event_date, e.id"
    );
    let conn = store.connection();
    let mut stmt = conn.prepare_cached(&sql).map_err(sq)?;
    let mut rows = stmt
        .query(rusqlite::params![p1, p2, from.map(|d| d.to_string()), to.map(|d| d.to_string())])
        .map_err(sq)?;
    let mut out = Vec::new();
    let mut cites = conn
        .prepare_cached(
            "SELECT c.title, c.outlet, c.published, c.url FROM citation_links l JOIN citations c \
             ON c.doc_id = l.doc_id AND c.footnote = l.footnote WHERE l.doc_id = ?1 AND l.sentence = ?2 \
             AND c.secondary = 0 ORDER BY c.footnote, c.idx",
        )
        .map_err(sq)?;
    while let Some(r) = rows.next().map_err(sq)? {
        let dataset: String = r.get(0).map_err(sq)?;
        let dataset_id: String = r.get(1).map_err(sq)?;
        let date: String = r.get(2).map_err(sq)?;
        let Ok(date) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") else { continue };
        let line: Option<i64> = r.get(12).map_err(sq)?;
        let file: Option<String> = r.get(11).map_err(sq)?;
        let names: (Option<String>, Option<String>) = (r.get(16).map_err(sq)?, r.get(17).map_err(sq)?);
        let doc_key: Option<String> = r.get(8).map_err(sq)?;
        let sentence: Option<i64> = r.get(9).map_err(sq)?;
        let doc_id: Option<i64> = r.get(21).map_err(sq)?;
        let mut citations = Vec::new();
        if let (Some(d), Some(s)) = (doc_id, sentence) {
            let mut c = cites.query(rusqlite::params![d, s]).map_err(sq)?;
            while let Some(c) = c.next().map_err(sq)? {
                let parts: Vec<String> = (0..4)
                    .filter_map(|k| c.get::<_, Option<String>>(k).ok().flatten())
                    .filter(|s| !s.is_empty())
                    .collect();
                if !parts.is_empty() {
                    citations.push(parts.join(", "));
                }
            }
        }
        let modality: String = r.get(14).map_err(sq)?;
        let span = match (r.get::<_, Option<i64>>(18).map_err(sq)?, r.get::<_, Option<i64>>(19).map_err(sq)?)
        {
            (Some(s), Some(e)) => Some((s, e)),
            _ => None,
        };
        let evidence = Evidence {
            event_id: quidpro_store::stable_id(&dataset, &dataset_id),
            date: Some(date),
            story_id: doc_key.clone(),
            title: r.get(20).map_err(sq)?,
            sentence,
            text: r.get(10).map_err(sq)?,
            actor_names: match names {
                (Some(s), Some(t)) if doc_id.is_none() && !(s.is_empty() && t.is_empty()) => Some((s, t)),
                _ => None,
            },
            file_line: file.map(|f| format!("{f}:{}", line.unwrap_or(0))),
            url: r.get(13).map_err(sq)?,
            attribution: r.get(7).map_err(sq)?,
            modality: modality.clone(),
            citations,
            dataset,
        };
        out.push(Row {
            id: r.get(22).map_err(sq)?,
            date,
            precision: r.get(15).map_err(sq)?,
            code: r.get(3).map_err(sq)?,
            goldstein: r.get(4).map_err(sq)?,
            source: r.get(5).map_err(sq)?,
            target: r.get(6).map_err(sq)?,
            modality,
            doc_key: if doc_id.is_some() { doc_key } else { None },
            span,
            counts: false,
            dataset_id,
            evidence,
        });
    }
    Ok(out)
}

fn side_cond(who: &str, country_col: &str, col: &str) -> String {
    // The LIKE lets `segment_events` narrow its reads; the comparison takes the code
    // literally (a `%` or `_` in it matched anything).
    format!(
        "(e.{country_col} = substr({who}, 1, 3) AND e.{col} LIKE {who} || '%' \
         AND upper(substr(e.{col}, 1, length({who}))) = upper({who}))"
    )
}

/// Whether two dates may be the same act's: within `window` days, or in the same month
/// when either is known only to the month or coarser.
fn same_time(a: NaiveDate, pa: &str, b: NaiveDate, pb: &str, window: i64) -> bool {
    if (a - b).num_days().abs() <= window {
        return true;
    }
    let coarse = |p: &str| !matches!(p, "day" | "week");
    (coarse(pa) || coarse(pb)) && a.year() == b.year() && a.month() == b.month()
}

fn entry_from(row: &Row, kind: Kind, id: usize) -> Entry {
    Entry {
        id,
        kind,
        date: row.date,
        date_precision: row.precision.clone(),
        code: row.code.clone(),
        name: code_name(&row.code),
        goldstein: row.goldstein,
        weight: 0.0,
        source: row.source.clone(),
        target: row.target.clone(),
        modality: row.modality.clone(),
        attribution: row.evidence.attribution.clone(),
        status: None,
        inferred: false,
        content: None,
        debts: Vec::new(),
        demand: None,
        how: None,
        toward: None,
        evidence: vec![row.evidence.clone()],
    }
}

/// The CAMEO name of a code ("" when unknown).
pub fn code_name(code: &str) -> String {
    quidpro_event::EventCode::parse(code).map(|c| c.name().to_string()).unwrap_or_default()
}

/// Which side (0 = A, 1 = B) an actor code is on, as a state.
fn side_of(code: &str, a: &str, b: &str) -> Option<usize> {
    if state_side(code, a) {
        Some(0)
    } else if state_side(code, b) {
        Some(1)
    } else {
        None
    }
}

/// Whether an act's target matches a content's target.
fn target_matches(content: &str, act: &str) -> bool {
    if content.is_empty() || act.is_empty() {
        return content.is_empty() && act.is_empty();
    }
    aim_key(content) == aim_key(act)
}

/// The ledger of A and B (code prefixes), with `manual` entries added (those of this
/// pair, either way), contents read from the store ([`StoredContent`]).
///
/// # Errors
/// [`Error::Store`] when the store fails.
pub fn ledger(
    store: &Store,
    a: &str,
    b: &str,
    manual: &[(String, String, Entry)],
    opts: &Options,
) -> Result<Ledger, Error> {
    ledger_with(store, a, b, manual, opts, &StoredContent)
}

/// A working item of the chronological pass.
struct Item {
    entry: Entry,
    /// The giver's or actor's side: 0 = A, 1 = B.
    side: usize,
    /// For a repayment: the demand it complies with.
    family: String,
}

/// [`ledger`] with contents from `contents`.
///
/// # Errors
/// [`Error::Store`] when the store fails.
pub fn ledger_with(
    store: &Store,
    a: &str,
    b: &str,
    manual: &[(String, String, Entry)],
    opts: &Options,
    contents: &dyn ContentSource,
) -> Result<Ledger, Error> {
    let cfg = &opts.config;
    let (a, b) = (a.to_uppercase(), b.to_uppercase());
    let names = [a.as_str(), b.as_str()];
    // Both directions, every modality, the roots the ledger uses.
    // One direction at a time: each narrows the imported segments to one dyad.
    let mut rows = read_dyad_rows(store, &a, &b, opts.from, opts.to, &opts.modalities)?;
    rows.extend(read_dyad_rows(store, &b, &a, opts.from, opts.to, &opts.modalities)?);
    rows.sort_by_key(|r| r.date);
    let mut expectations = Vec::new();
    let mut negated = Vec::new();
    // Items: (kind, side, row), one act many reports merged.
    let mut items: Vec<Item> = Vec::new();
    for row in &rows {
        let (Some(s), Some(t)) = (side_of(&row.source, &a, &b), side_of(&row.target, &a, &b)) else {
            continue;
        };
        if s == t {
            continue;
        }
        let root = row.root();
        let kind = if cfg.favour_roots.iter().any(|r| r == root)
            || cfg.diplomatic_codes.iter().any(|c| c == &row.code)
        {
            Kind::Favour
        } else if cfg.demand_roots.iter().any(|r| r == root) {
            Kind::Demand
        } else if root == "12" {
            Kind::Refusal
        } else if matches!(root, "03" | "04" | "05") {
            Kind::Acknowledgement
        } else if matches!(root, "13" | "14" | "15" | "16" | "17" | "18" | "19" | "20") {
            Kind::Defection
        } else {
            continue;
        };
        if row.expected() {
            expectations.push(entry_from(row, kind, expectations.len()));
            continue;
        }
        if !row.moves() {
            if opts.include_negated {
                negated.push(entry_from(row, kind, negated.len()));
            }
            continue;
        }
        let mut entry = entry_from(row, kind, 0);
        if kind == Kind::Demand {
            let key = EventKey {
                dataset: &row.evidence.dataset,
                dataset_id: &row.dataset_id,
                doc_key: row.doc_key.as_deref(),
                span: row.span,
                code: &row.code,
            };
            entry.content = contents.content(store, &key);
        }
        let family = match &entry.content {
            Some(c) => format!(
                "{}>{}>{}",
                aim_key(&c.target).unwrap_or_default(),
                c.source.get(..3).unwrap_or(""),
                cfg.family(&c.code)
            ),
            None => cfg.family(&row.code),
        };
        // One act, many reports.
        let same = items.iter_mut().rev().take(64).find(|it| {
            it.side == s
                && it.entry.kind == kind
                && it.family == family
                && (entry.content.is_some()
                    || it.entry.code.starts_with(&row.code)
                    || row.code.starts_with(&it.entry.code))
                && same_time(
                    it.entry.date,
                    &it.entry.date_precision,
                    row.date,
                    &row.precision,
                    cfg.dedup_window_days,
                )
        });
        if let Some(it) = same {
            it.entry.evidence.push(row.evidence.clone());
            // The more precise date wins.
            if rank(&row.precision) < rank(&it.entry.date_precision) {
                it.entry.date = row.date;
                it.entry.date_precision = row.precision.clone();
            }
            if it.entry.content.is_none() {
                it.entry.content = entry.content;
            }
            continue;
        }
        items.push(Item { entry, side: s, family });
    }
    for (ma, mb, e) in manual {
        let fwd = *ma == a && *mb == b;
        let back = *ma == b && *mb == a;
        if !(fwd || back) || opts.to.is_some_and(|u| e.date > u) || opts.from.is_some_and(|f| e.date < f) {
            continue;
        }
        // `entry KIND CREDITOR DEBTOR`: favours and demands are the creditor's acts.
        let creditor = if fwd { 0 } else { 1 };
        let side = match e.kind {
            Kind::Favour | Kind::Demand => creditor,
            _ => 1 - creditor,
        };
        let mut entry = e.clone();
        if entry.kind == Kind::Repayment {
            entry.how = Some("manual");
        }
        items.push(Item { family: cfg.family(&entry.code), entry, side });
    }
    items.sort_by_key(|it| it.entry.date);
    // Answers are looked for up to `to` (else without end); the ledger's date is `to`,
    // else its last entry's.
    let as_of = opts.to;
    // A demand lapses when the pair's record goes on past its window without an answer.
    let lapse = opts.to.or_else(|| items.iter().map(|i| i.entry.date).max());

    // Answers to demands: compliance (content), inferred material answers, refusals.
    let window = TimeDelta::days(cfg.demand_window_days);
    let mut extra: Vec<Item> = Vec::new();
    let mut status: HashMap<usize, (Status, Option<NaiveDate>)> = HashMap::new(); // item index -> status, answer date
    let demand_ix: Vec<usize> = (0..items.len()).filter(|&i| items[i].entry.kind == Kind::Demand).collect();
    let mut used_acts: std::collections::HashSet<String> = std::collections::HashSet::new();
    for &di in &demand_ix {
        let d = &items[di].entry;
        let debtor = 1 - items[di].side;
        let until = as_of.map_or(d.date + window, |u| u.min(d.date + window));
        let content = d.content.clone();
        let mut answer: Option<(Status, NaiveDate, bool)> = None;
        if let Some(c) =
            content.as_ref().filter(|c| c.source.is_empty() || c.source.get(..3) == names[debtor].get(..3))
        {
            // The debtor's acts toward the content's target, in the window.
            let cond = format!("{} AND e.target_country = ?2", side_cond("?1", "source_country", "source"));
            let tc = c.target.get(..3).unwrap_or("");
            let acts =
                read_rows(store, &cond, names[debtor], tc, Some(d.date), Some(until), &opts.modalities)?;
            let fam = cfg.family(&c.code);
            for act in acts {
                if !state_side(&act.source, names[debtor])
                    || !target_matches(&c.target, &act.target)
                    || cfg.family(&act.code) != fam
                    || (matches!(act.root(), "03" | "04" | "05")
                        && !(act.code.starts_with(&c.code)
                            || c.code.starts_with(act.code.get(..3).unwrap_or(""))))
                {
                    continue;
                }
                if act.moves() {
                    if used_acts.insert(act.evidence.event_id.clone()) {
                        let mut e = entry_from(&act, Kind::Repayment, 0);
                        e.how = Some("compliance");
                        e.weight = act.goldstein.abs() * cfg.compliance_factor;
                        e.demand = Some(di);
                        extra.push(Item { entry: e, side: debtor, family: fam.clone() });
                    }
                    answer = Some((Status::Met, act.date, false));
                    break;
                }
                if act.modality == "refused" && answer.is_none() {
                    answer = Some((Status::Evaded, act.date, false));
                }
            }
        }
        if answer.is_none() || answer.is_some_and(|x| x.0 != Status::Met) {
            // Inferred: the debtor's material cooperation toward the creditor in the window.
            if content.is_none() {
                if let Some(it) = items.iter().find(|it| {
                    it.side == debtor
                        && it.entry.kind == Kind::Favour
                        && cfg.favour_roots.iter().any(|r| it.entry.code.starts_with(r.as_str()))
                        && it.entry.date >= d.date
                        && it.entry.date <= until.min(d.date + TimeDelta::days(cfg.inferred_window_days))
                }) {
                    answer = Some((Status::Met, it.entry.date, true));
                }
            }
        }
        if let Some((s, when, inferred)) = answer {
            status.insert(di, (s, Some(when)));
            if inferred {
                items[di].entry.inferred = true;
            }
        }
    }
    // Refusals and defections answer the latest demand pending on their date.
    for i in 0..items.len() {
        let k = items[i].entry.kind;
        if k != Kind::Refusal && k != Kind::Defection {
            continue;
        }
        let (who, date) = (items[i].side, items[i].entry.date);
        let pending = demand_ix.iter().rev().copied().find(|&di| {
            items[di].side != who
                && items[di].entry.date <= date
                && date <= items[di].entry.date + window
                && match status.get(&di) {
                    None => true,
                    Some((Status::Met, Some(w))) => *w > date,
                    Some((Status::Evaded, _)) => true,
                    _ => false,
                }
        });
        if let Some(di) = pending {
            if !matches!(status.get(&di), Some((Status::Met, _))) {
                status.insert(di, (Status::Refused, Some(date)));
            }
            items[i].entry.demand = Some(di);
        }
    }
    for &di in &demand_ix {
        let s = match status.get(&di) {
            Some((s, _)) => *s,
            None if lapse.is_some_and(|u| u > items[di].entry.date + window) => Status::Evaded,
            None => Status::Outstanding,
        };
        items[di].entry.status = Some(s);
    }

    // Aims: the debtor's conflict with third parties the creditor spoke against or
    // demanded action against.
    if cfg.aims {
        for creditor in 0..2 {
            let demanded: Vec<String> = demand_ix
                .iter()
                .filter(|&&di| items[di].side == creditor)
                .filter_map(|&di| items[di].entry.content.as_ref().and_then(|c| aim_key(&c.target)))
                .collect();
            let first_favour = items
                .iter()
                .filter(|it| it.side == creditor && it.entry.kind == Kind::Favour)
                .map(|it| it.entry.date)
                .min();
            let Some(first) = first_favour else { continue };
            for mut e in
                aims::aims_repayments(store, names[creditor], names[1 - creditor], first, &demanded, opts)?
            {
                if used_acts.insert(e.evidence[0].event_id.clone()) {
                    e.how = Some("aims");
                    extra.push(Item { family: cfg.family(&e.code), entry: e, side: 1 - creditor });
                }
            }
        }
    }
    // An act that complies with a demand is counted as that, not again as a favour.
    for it in items.iter_mut() {
        if it.entry.kind == Kind::Favour && it.entry.evidence.iter().any(|e| used_acts.contains(&e.event_id))
        {
            it.entry.weight = f64::NAN; // dropped below
        }
    }
    // Demand ids are item indices so far; after the merge they become entry ids.
    let mut all: Vec<(usize, Item)> = items.into_iter().enumerate().collect();
    let base = all.len();
    all.extend(extra.into_iter().enumerate().map(|(k, it)| (base + k, it)));
    all.retain(|(_, it)| !it.entry.weight.is_nan());
    all.sort_by_key(|(k, it)| (it.entry.date, *k));
    let mut new_id: HashMap<usize, usize> = HashMap::new();
    for (pos, (old, _)) in all.iter().enumerate() {
        new_id.insert(*old, pos);
    }
    let mut entries: Vec<(usize, Entry)> = all
        .into_iter()
        .enumerate()
        .map(|(pos, (_, mut it))| {
            it.entry.id = pos;
            it.entry.demand = it.entry.demand.and_then(|d| new_id.get(&d).copied());
            (it.side, it.entry)
        })
        .collect();

    // The chronological pass: debts opened, called in and paid down.
    let h = cfg.half_life_days;
    let decay = |from: NaiveDate, to: NaiveDate| 0.5f64.powf((to - from).num_days().max(0) as f64 / h);
    let mut debts: Vec<Debt> = Vec::new();
    let mut series = Vec::new();
    let value = |d: &Debt, t: NaiveDate| d.remaining * decay(d.updated, t);
    let mut open_calls: HashMap<usize, Vec<usize>> = HashMap::new(); // demand id -> debts
    #[allow(clippy::needless_range_loop)] // entries[i] is rewritten while debts refer to i
    for i in 0..entries.len() {
        let (side, e) = (&entries[i].0, entries[i].1.clone());
        let side = *side;
        let t = e.date;
        let mut moved = false;
        match e.kind {
            Kind::Favour => {
                let factor = if cfg.diplomatic_codes.iter().any(|c| c == &e.code) {
                    cfg.diplomatic_factor
                } else {
                    cfg.favour_factor
                };
                let mut w = if e.evidence.first().is_some_and(|x| x.dataset == "manual") {
                    e.weight.abs()
                } else {
                    e.goldstein.abs() * factor
                };
                let material = factor == cfg.favour_factor;
                // A material favour by a side that owes first repays it.
                let owes: Vec<usize> = debts
                    .iter()
                    .filter(|d| d.debtor_side == side && d.remaining > 1e-9 && value(d, t) > 1e-9)
                    .map(|d| d.id)
                    .collect();
                if material && !owes.is_empty() {
                    let pay = w * cfg.return_factor / cfg.favour_factor.max(1e-9);
                    let (paid, left) = pay_down(&mut debts, side, pay, t, &[], i, &decay);
                    entries[i].1.kind = Kind::Repayment;
                    entries[i].1.how = Some("return");
                    entries[i].1.weight = pay - left;
                    entries[i].1.debts = paid;
                    w = left * cfg.favour_factor / cfg.return_factor.max(1e-9);
                    moved = true;
                    if w > 1e-9 {
                        // What is left over is a favour of its own.
                        let id = debts.len();
                        debts.push(Debt::open(id, names, side, i, t, w));
                        entries[i].1.debts.push(id);
                    }
                } else if !material && !owes.is_empty() {
                    // Diplomatic backing by a debtor: an acknowledgement.
                    entries[i].1.kind = Kind::Acknowledgement;
                } else if w > 0.0 {
                    entries[i].1.weight = w;
                    let id = debts.len();
                    debts.push(Debt::open(id, names, side, i, t, w));
                    entries[i].1.debts = vec![id];
                    moved = true;
                }
            }
            Kind::Demand => {
                // Calls in what the target owes the demander.
                let called: Vec<usize> = debts
                    .iter()
                    .filter(|d| d.debtor_side != side && d.remaining > 1e-9 && value(d, t) > 1e-9)
                    .map(|d| d.id)
                    .collect();
                for &d in &called {
                    debts[d].called_in_by.push(i);
                }
                open_calls.insert(i, called.clone());
                entries[i].1.debts = called;
            }
            Kind::Repayment => {
                let pay = if e.how == Some("manual") { e.weight.abs() } else { e.weight };
                let prefer = e.demand.and_then(|d| open_calls.get(&d)).cloned().unwrap_or_default();
                let (paid, left) = pay_down(&mut debts, side, pay, t, &prefer, i, &decay);
                entries[i].1.weight = pay - left;
                entries[i].1.debts = paid;
                // An answer pays at most what is owed.
                moved = pay - left > 1e-9;
            }
            Kind::Acknowledgement | Kind::Refusal | Kind::Defection => {
                // Only a side that owes, or answers a demand, acknowledges, refuses or defects.
                let owes =
                    debts.iter().any(|d| d.debtor_side == side && d.remaining > 1e-9 && value(d, t) > 1e-9);
                if !owes && e.demand.is_none() {
                    entries[i].1.weight = f64::NAN; // dropped below
                }
            }
        }
        if moved {
            series.push((t, net(&debts, t, &decay)));
        }
    }
    let as_of = as_of.or_else(|| entries.iter().map(|(_, e)| e.date).max());
    let as_of_day = as_of.unwrap_or_default();
    for d in &mut debts {
        d.value = d.remaining * decay(d.updated, as_of_day.max(d.updated));
        let latest = d.called_in_by.last().and_then(|&k| entries[k].1.status);
        d.status = if d.value <= cfg.repaid_share * d.weight
            || (d.paid > 0.0 && d.remaining <= cfg.repaid_share * d.weight)
        {
            DebtStatus::Repaid
        } else {
            match latest {
                Some(Status::Refused) => DebtStatus::Refused,
                Some(Status::Evaded) => DebtStatus::Evaded,
                Some(Status::Outstanding) => DebtStatus::Called,
                _ if d.paid > 0.0 => DebtStatus::PartlyRepaid,
                Some(Status::Met) => DebtStatus::PartlyRepaid,
                None => DebtStatus::Outstanding,
            }
        };
    }
    let balance = net_value(&debts);
    let pick = |k: Kind| {
        entries
            .iter()
            .filter(|(_, e)| e.kind == k && !e.weight.is_nan())
            .map(|(_, e)| e.clone())
            .collect::<Vec<_>>()
    };
    let demands = pick(Kind::Demand);
    let refusals = pick(Kind::Refusal);
    let mut l = Ledger {
        a: a.clone(),
        b: b.clone(),
        as_of,
        balance,
        summary: String::new(),
        favours: pick(Kind::Favour),
        repayments: pick(Kind::Repayment),
        refusals,
        defections: pick(Kind::Defection),
        acknowledgements: pick(Kind::Acknowledgement),
        demands,
        expectations,
        negated,
        debts,
        balance_series: series,
        config: cfg.clone(),
    };
    l.summary = l.summary_with(&|c: &str| c.to_string());
    Ok(l)
}

fn rank(precision: &str) -> u8 {
    match precision {
        "day" => 0,
        "week" => 1,
        "month" => 2,
        "quarter" => 3,
        "season" => 4,
        _ => 5,
    }
}

impl Debt {
    fn open(id: usize, names: [&str; 2], giver: usize, favour: usize, t: NaiveDate, w: f64) -> Debt {
        Debt {
            id,
            creditor: names[giver].to_string(),
            debtor: names[1 - giver].to_string(),
            debtor_side: 1 - giver,
            favour,
            date: t,
            weight: w,
            value: w,
            paid: 0.0,
            status: DebtStatus::Outstanding,
            called_in_by: Vec::new(),
            repaid_by: Vec::new(),
            remaining: w,
            updated: t,
        }
    }
}

/// Pays `amount` of `side`'s debts at `t`: `prefer` first, then the oldest. Returns the
/// debts paid and what is left of the amount.
fn pay_down(
    debts: &mut [Debt],
    side: usize,
    amount: f64,
    t: NaiveDate,
    prefer: &[usize],
    entry: usize,
    decay: &dyn Fn(NaiveDate, NaiveDate) -> f64,
) -> (Vec<usize>, f64) {
    let mut left = amount;
    let mut order: Vec<usize> = prefer.to_vec();
    order.extend(debts.iter().filter(|d| !prefer.contains(&d.id)).map(|d| d.id));
    let mut paid = Vec::new();
    for id in order {
        if left <= 1e-9 {
            break;
        }
        let d = &mut debts[id];
        if d.debtor_side != side || d.remaining <= 1e-9 {
            continue;
        }
        let v = d.remaining * decay(d.updated, t);
        if v <= 1e-9 {
            continue;
        }
        let p = v.min(left);
        d.remaining = v - p;
        d.updated = t;
        d.paid += p;
        d.repaid_by.push(entry);
        left -= p;
        paid.push(id);
    }
    (paid, left)
}

/// The net balance at `t`: what B owes A minus what A owes B.
fn net(debts: &[Debt], t: NaiveDate, decay: &dyn Fn(NaiveDate, NaiveDate) -> f64) -> f64 {
    debts
        .iter()
        .filter(|d| d.remaining != 0.0)
        .map(|d| {
            let v = d.remaining * decay(d.updated, t.max(d.updated));
            if d.debtor_side == 1 {
                v
            } else {
                -v
            }
        })
        .sum()
}

fn net_value(debts: &[Debt]) -> f64 {
    debts.iter().map(|d| if d.debtor_side == 1 { d.value } else { -d.value }).sum()
}

impl Ledger {
    /// The balance and the calls in words, actors named by `name` (a code to a name):
    /// "Azerbaijan owes Turkey 42.0; 2 debts called in, 1 refused".
    pub fn summary_with(&self, name: &dyn Fn(&str) -> String) -> String {
        let (a, b) = (name(&self.a), name(&self.b));
        let head = if self.balance.abs() < 0.05 {
            if self.debts.is_empty() {
                format!("Neither {a} nor {b} owes the other anything: no favour on the record")
            } else {
                format!("{a} and {b} are even")
            }
        } else if self.balance > 0.0 {
            format!("{b} owes {a} {:.1}", self.balance)
        } else {
            format!("{a} owes {b} {:.1}", -self.balance)
        };
        let called: Vec<&Entry> = self.demands.iter().filter(|d| !d.debts.is_empty()).collect();
        if called.is_empty() {
            let open = self.debts.iter().filter(|d| d.status != DebtStatus::Repaid).count();
            return format!("{head}; {open} debt{} open, none called in", if open == 1 { "" } else { "s" });
        }
        let count = |s: Status| called.iter().filter(|d| d.status == Some(s)).count();
        let inferred = called.iter().filter(|d| d.status == Some(Status::Met) && d.inferred).count();
        let mut parts = Vec::new();
        for (s, word) in [
            (Status::Met, "met"),
            (Status::Refused, "refused"),
            (Status::Evaded, "evaded"),
            (Status::Outstanding, "outstanding"),
        ] {
            let n = count(s);
            if n > 0 && s == Status::Met && inferred > 0 {
                parts.push(format!("{n} {word} ({inferred} inferred from later cooperation)"));
            } else if n > 0 {
                parts.push(format!("{n} {word}"));
            }
        }
        format!(
            "{head}; {} debt{} called in, {}",
            called.len(),
            if called.len() == 1 { "" } else { "s" },
            parts.join(", ")
        )
    }

    /// The entry with this id, in whichever list it is.
    pub fn entry(&self, id: usize) -> Option<&Entry> {
        [
            &self.favours,
            &self.demands,
            &self.repayments,
            &self.refusals,
            &self.defections,
            &self.acknowledgements,
        ]
        .into_iter()
        .flat_map(|l| l.iter())
        .find(|e| e.id == id)
    }
}

#[cfg(test)]
mod tests;
