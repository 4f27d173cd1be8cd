//! The quid-pro-quo ledger of a pair of actors A and B: favours that open debts, demands
//! that call them in, and how the debtor answered.
//!
//! # Debts
//!
//! A **favour** opens a **debt** of the receiver to the giver: material cooperation,
//! aid or a yield (roots 06, 07, 08) weighted by its |Goldstein| value, or diplomatic
//! backing in a conflict (050, 052–054) at half that (weights and windows: the table in
//! `data/ledger.toml`, [`Config`], overridable with `quidpro ledger --config FILE`).
//! Goldstein values score how cooperative an act is, not what it costs the giver, so
//! every act that opens, repays or complies with a debt is also weighted by its
//! **class** (`[classes]`, [`Config::class_factor`]): troops sent to protect or fight
//! for the receiver (074) three times, military cooperation and arms (062, 072) twice,
//! money (061, 071) and anything else once — a payment does not repay an army. A
//! side that owes the other repays first: its material favours pay its own debts, and
//! only what is left over opens a debt of the other side.
//!
//! A **demand** or appeal (roots 10, 02) **calls in** the debts its target owes its
//! source. Its **content** (the event demanded: who is to do what to whom, from the
//! coder; [`ContentSource`]) says what the creditor wants. Its **status**:
//!
//! | status | when |
//! |---|---|
//! | `met` | the debtor did it (verbal cooperation only when the content asks for that very code) within `[demand] window_days`: an act of the debtor with the content's target and act family (`[demand] families`) and, for material help, its kind (`[demand] kinds`: money, military help, judicial help, intelligence, humanitarian aid, asylum; an extradition asked is not met by a payment) or an act the content names under another root (`[demand] equivalents`: an extradition asked, 063, is met by handing the person over, 0841); a yield asked (08: a ceasefire, a release) is also met by yielding to the creditor itself ("accepted the American proposal for a ceasefire"); for a demand without content (every dataset row) the debtor's material cooperation toward the creditor within `[demand] inferred_window_days`, marked `inferred` |
//! | `refused` | the debtor said no or did the opposite, after the call and before complying: it rejected (12) the creditor or turned to deeds of conflict against it (15–20; each answers the latest call still pending, named or not, preferring one the debtor does not comply with later (a call refused only later, by a deed or a refusal of its act, was still pending); a rejection reported with the refusal of a call's very act, within `[dedup] window_days`, answers that call; a threat or a protest, 13–14, answers none); it refused the demanded act itself (an act of the content's family toward its target with modality `refused`: "refused to close its ports"); or it acted against the content toward its target (rejection, or a deed of reduction or conflict, 12 and 15–20, when cooperation with the target was asked; material cooperation or aid, 06–07, when pressure on it or conflict with it was asked) |
//! | `evaded` | the debtor did not do it and did not say no: it abstained from another act toward the content's target (modality `refused` in another family: "abstained in the vote on Abkhazia"; not when that act is what another of the creditor's calls asked for: it answers that call), it has not done the act `[demand] evasion_after_days` or more after the call (a negated act of the content's family toward its target: "has neither recognised the SADR nor declined to"), it left the call unanswered in so many words (a negated rejection of the creditor: "neither accepted nor rejected the request", answering the latest call pending), or the window ran out without an answer |
//! | `outstanding` | otherwise: still pending on the ledger's date (a negated act of the content stated sooner than `evasion_after_days` after the call, "has not closed its ports", is no answer yet: the call stays outstanding until its window ends) |
//!
//! Acts with modality `refused` or `negated` answer a call only when the store holds
//! them: `quidpro ingest` stores what the coder emits by default, which leaves negated,
//! refused and denied events out.
//!
//! **Repayments** pay down the debts (the called-in ones first, then the oldest):
//! acts that comply with a called-in demand (|Goldstein| × `compliance_factor`, at most
//! the demand's share of each debt it called in: what the debt is worth then divided by
//! the number of demands that called it in; every compliant act in the call's window is
//! an instalment of that compliance, and together they pay at most that share), material
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
//! every report, unless one document tells them in different sentences with different
//! codes or contents (two requests, not one told twice): the sentence and its footnoted citations for a document, the actor
//! names, the source URL and the file and line for a dataset row, or a manual entry's
//! text and citation.
//!
//! **Evidence is summarised** unless [`Options::full_evidence`] (`--full`) asks for all of
//! it: each entry counts its reports (`reports`) and lists its first and then its most
//! telling ones (a sentence, then a link) up to [`TOP_REPORTS`]; each debt carries a
//! [`DebtEvidence`] (the reports of its favour, calls, answers and repayments: how many,
//! first and last date, the sources with the most reports, its top entries by weight);
//! acknowledgements, and refusals and defections that answer no demand, keep their
//! [`TOP_UNLINKED`] strongest and count the rest in `omitted`. The balance and statuses
//! never depend on it; `quidpro events` lists every event.
//!
//! # JSON (`quidpro ledger --format json`)
//!
//! [`Ledger`] serialized: `a`, `b`, `as_of`, `balance`, `summary`, `debts` ([`Debt`],
//! each with its `evidence` summary), the entries by kind (`favours`, `demands`,
//! `repayments`, `refusals`, `defections`, `acknowledgements`, `expectations`, `negated`;
//! each an [`Entry`]: `id`, `kind`, `date`, `date_precision`, `code`, `name`,
//! `goldstein`, `weight`, `source`, `target`, `modality`, `attribution`, and where they
//! apply `status` (`outstanding`, `met`, `refused`, `evaded`), `inferred`, `content`,
//! `debts`, `demand`, `how`, `toward`, then `reports` and `evidence`), `omitted`,
//! `balance_series` (`[date, balance]` after each entry that moves it) and `config`.
//! Every field with an example: `docs/ledger.md`.

//! # Stages
//!
//! `read` reads the pair's events from the store, `entries` classifies them and merges
//! the reports of one act, `calls` answers the demands (statuses, compliance, aims),
//! `balance` runs the chronological pass over the debts, `types` holds the output.

mod aims;
mod balance;
mod calls;
pub mod config;
mod entries;
mod evidence;
mod manual;
mod read;
mod types;

use std::collections::HashMap;

use quidpro_store::Store;

pub use config::{ActClass, Config};
pub use entries::code_name;
pub use evidence::{
    source_of, DebtEvidence, Omitted, SourceCount, TopEvidence, TOP_REPORTS, TOP_SOURCES, TOP_UNLINKED,
};
pub use manual::parse_manual;
pub use read::{aim_key, content_from_json, stored_content, ContentSource, EventKey, StoredContent};
pub use types::{
    Aim, Answer, Debt, DebtStatus, DemandContent, Entry, Evidence, Kind, Ledger, Options, Status,
};

use crate::Error;

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
    let mut rows = read::read_dyad_rows(store, &a, &b, opts.from, opts.to, &opts.modalities)?;
    rows.extend(read::read_dyad_rows(store, &b, &a, opts.from, opts.to, &opts.modalities)?);
    rows.sort_by_key(|r| r.date);
    let entries::Collected { mut items, expectations, negated, evasions } =
        entries::collect(store, &rows, names, opts, contents);
    entries::add_manual(&mut items, manual, names, opts);
    items.sort_by_key(|it| it.entry.date);
    // Answers are looked for up to `to` (else without end); the ledger's date is `to`,
    // else its last entry's.
    let as_of = opts.to;
    // A demand lapses when the pair's record goes on past its window without an answer.
    let lapse = opts.to.or_else(|| items.iter().map(|i| i.entry.date).max());
    let calls::Answers { extra, used_acts } =
        calls::answer_demands(store, &mut items, &evasions, names, opts, as_of, lapse)?;
    // An act that complies with a demand is counted as that, not again as a favour.
    for it in items.iter_mut() {
        if it.entry.kind == Kind::Favour && it.entry.evidence.iter().any(|e| used_acts.contains(&e.event_id))
        {
            it.entry.weight = f64::NAN; // dropped below
        }
    }
    // Demand ids are item indices so far; after the merge they become entry ids.
    let mut all: Vec<(usize, entries::Item)> = items.into_iter().enumerate().collect();
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

    let (mut debts, series) = balance::chronological_pass(&mut entries, names, cfg);
    let as_of = as_of.or_else(|| entries.iter().map(|(_, e)| e.date).max());
    balance::settle(&mut debts, &entries, as_of.unwrap_or_default(), cfg);
    let balance = balance::net_value(&debts);
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
        omitted: Omitted::default(),
        balance_series: series,
        config: cfg.clone(),
    };
    l.summary = l.summary_with(&|c: &str| c.to_string());
    l.bound_evidence(opts.full_evidence);
    Ok(l)
}

#[cfg(test)]
mod gold_tests;
#[cfg(test)]
mod tests;
