//! The ledger's output: entries, debts and the ledger itself as they serialize to JSON
//! (the shape is documented on each type and in `docs/ledger.md`), and the options that
//! shape a ledger.

use chrono::NaiveDate;
use serde::Serialize;

use super::Config;

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
    pub(super) fn parse(s: &str) -> Option<Kind> {
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
    /// A demand's answer: what settled its status (absent while it is outstanding).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
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
    /// How many reports it has in all (one act reported by several stories or datasets).
    pub reports: usize,
    /// Its reports: the first (which dated it and names its asserter), then the most
    /// telling (a sentence, then a link) up to [`TOP_REPORTS`](super::TOP_REPORTS); every
    /// one with [`Options::full_evidence`].
    pub evidence: Vec<Evidence>,
}

/// What settled a demand's status: the debtor's act and its report, or the window's end.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Answer {
    /// When.
    pub date: NaiveDate,
    /// How: `compliance` (the act demanded), `inferred` (material cooperation, for a
    /// demand without content), `rejection` (of the creditor), `defection` (a deed of
    /// conflict against it), `refused_act` (the act demanded refused), `contrary_act` (a
    /// deed against the content toward its target), `abstention` (another act toward the
    /// target refused), `not_done` (the act demanded negated, long after the call),
    /// `no_answer` (neither accepted nor rejected, in so many words) or `lapse` (the
    /// window ran out).
    pub how: &'static str,
    /// The act's CAMEO code and name (absent for a lapse).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The code's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The act's first report (absent for a lapse).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

impl Answer {
    /// The answer an entry or act gives: its date, code, name and first report.
    pub(super) fn of(how: &'static str, date: NaiveDate, code: &str, evidence: Option<&Evidence>) -> Answer {
        Answer {
            date,
            how,
            code: Some(code.to_string()),
            name: Some(super::code_name(code)),
            evidence: evidence.cloned(),
        }
    }
}

/// A creditor's stated aim that a repayment serves: opposition to a third party.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Aim {
    /// The third party's aim key (see [`aim_key`](super::aim_key)).
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
    /// The reports behind it in brief (how many, when, from where, the top items).
    pub evidence: super::DebtEvidence,
    /// What is left of it at `updated` (before decay since then).
    #[serde(skip)]
    pub(super) remaining: f64,
    /// When it was last paid down (or opened).
    #[serde(skip)]
    pub(super) updated: NaiveDate,
    /// The debtor's side: 0 = A, 1 = B.
    #[serde(skip)]
    pub(super) debtor_side: usize,
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
    /// How many acknowledgements, refusals and defections that answer no demand the
    /// lists above leave out (unless `Options::full_evidence`); absent when none.
    #[serde(skip_serializing_if = "super::Omitted::is_empty")]
    pub omitted: super::Omitted,
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
    /// List every report of every entry (else each entry's top
    /// [`TOP_REPORTS`](super::TOP_REPORTS) and its count; `--full`).
    pub full_evidence: bool,
    /// The modalities that move the balance (default asserted and reported; imported
    /// events count as asserted); the others are expectations or left out.
    pub modalities: crate::series::Modalities,
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
