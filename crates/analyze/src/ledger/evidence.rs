//! Evidence in brief: each entry keeps the count of its reports and its top few, each
//! debt a summary of the reports behind it (how many, when, from which sources, and the
//! top items of its entries by weight), and the entries that move no balance and answer
//! no demand (acknowledgements, unanswered refusals and defections) their strongest few;
//! everything with [`Options::full_evidence`](super::Options::full_evidence). Computed after the ledger, so that the balance and the
//! statuses never depend on how much evidence is listed.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Entry, Evidence, Kind, Ledger};

/// How many reports an entry lists, and how many evidence items a debt's summary holds,
/// unless every one is asked for.
pub const TOP_REPORTS: usize = 3;
/// How many sources a debt's summary names (the rest counted in `more_sources`).
pub const TOP_SOURCES: usize = 5;

/// The reports behind a debt in brief: those of its favour, of the demands that called it
/// in, of the answers to them (refusals, defections) and of the repayments that paid it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DebtEvidence {
    /// How many reports in all.
    pub reports: usize,
    /// The earliest report's date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<NaiveDate>,
    /// The latest report's date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<NaiveDate>,
    /// Where the reports come from, most reports first: a dataset (`gdelt2`), a coded
    /// document (its title, else its key) or `manual`; at most [`TOP_SOURCES`].
    pub sources: Vec<SourceCount>,
    /// How many other sources there are.
    #[serde(skip_serializing_if = "is_zero")]
    pub more_sources: usize,
    /// The debt's entries with the most weight, the favour first, each with its first
    /// report; at most [`TOP_REPORTS`].
    pub top: Vec<TopEvidence>,
}

/// A source and how many of a debt's reports it gives.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceCount {
    /// The dataset, document or `manual`.
    pub source: String,
    /// Its reports.
    pub reports: usize,
}

/// One of a debt's top evidence items: an entry and the gist of its first report (the
/// whole reports are the entry's `evidence`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopEvidence {
    /// The entry's id.
    pub entry: usize,
    /// The entry's kind.
    pub kind: Kind,
    /// Its date.
    pub date: NaiveDate,
    /// Its CAMEO code.
    pub code: String,
    /// Its weight in the balance.
    pub weight: f64,
    /// How many reports the entry has.
    pub reports: usize,
    /// Where its first report comes from ([`source_of`]).
    pub source: String,
    /// The first report's sentence, else the dataset's actor names (`source → target`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The first report's URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// What the summarised ledger leaves out of its lists of entries that move no balance and
/// answer no demand (every one with `full`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Omitted {
    /// Acknowledgements left out.
    #[serde(skip_serializing_if = "is_zero")]
    pub acknowledgements: usize,
    /// Refusals that answer no demand left out.
    #[serde(skip_serializing_if = "is_zero")]
    pub refusals: usize,
    /// Defections that answer no demand left out.
    #[serde(skip_serializing_if = "is_zero")]
    pub defections: usize,
}

impl Omitted {
    /// Whether nothing was left out.
    pub fn is_empty(&self) -> bool {
        self.acknowledgements + self.refusals + self.defections == 0
    }
}

/// How many acknowledgements, and refusals and defections that answer no demand, the
/// summarised ledger lists (the strongest: largest |Goldstein| value, then earliest).
pub const TOP_UNLINKED: usize = 20;

/// Keeps every entry of `list` that answers a demand and the [`TOP_UNLINKED`] strongest
/// of the others, in date order; returns how many were left out.
fn keep_strongest(list: &mut Vec<Entry>) -> usize {
    let (mut kept, mut others): (Vec<Entry>, Vec<Entry>) = list.drain(..).partition(|e| e.demand.is_some());
    others.sort_by(|a, b| b.goldstein.abs().total_cmp(&a.goldstein.abs()).then(a.date.cmp(&b.date)));
    let left_out = others.len().saturating_sub(TOP_UNLINKED);
    others.truncate(TOP_UNLINKED);
    kept.extend(others);
    kept.sort_by_key(|e| (e.date, e.id));
    *list = kept;
    left_out
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Where a report comes from, as a debt's summary counts it.
pub fn source_of(ev: &Evidence) -> String {
    if ev.dataset == "quidpro" {
        if let Some(t) = ev.title.as_ref().or(ev.story_id.as_ref()).filter(|t| !t.is_empty()) {
            return t.clone();
        }
    }
    ev.dataset.clone()
}

/// How telling a report is: a sentence first, then a link, then the rest.
fn rank(ev: &Evidence) -> u8 {
    let text = ev.text.as_ref().is_some_and(|t| !t.trim().is_empty());
    let link = ev.url.as_ref().is_some_and(|u| u.starts_with("http://") || u.starts_with("https://"));
    match (text, link) {
        (true, _) => 0,
        (false, true) => 1,
        _ => 2,
    }
}

/// Sets `reports` of every entry and keeps its top reports: the first (which dated it
/// and names its asserter), then those with a sentence, then with a link, each in date
/// order; all of them when `full`.
fn bound_entry(e: &mut Entry, full: bool) {
    e.reports = e.evidence.len();
    if full || e.evidence.len() <= TOP_REPORTS {
        return;
    }
    let mut rest: Vec<Evidence> = e.evidence.drain(1..).collect();
    rest.sort_by_key(|v| (rank(v), v.date));
    e.evidence.extend(rest.into_iter().take(TOP_REPORTS - 1));
}

impl Ledger {
    /// Summarises the evidence: every entry's report count and top reports, each debt's
    /// [`DebtEvidence`], and the lists of acknowledgements, refusals and defections that
    /// answer no demand cut to their [`TOP_UNLINKED`] strongest ([`Ledger::omitted`]
    /// counts the rest); with `full`, every entry and report.
    pub(super) fn bound_evidence(&mut self, full: bool) {
        // The debts' summaries first, from every report.
        let mut by_id: HashMap<usize, &Entry> = HashMap::new();
        for e in [&self.favours, &self.demands, &self.repayments, &self.refusals, &self.defections]
            .into_iter()
            .flatten()
        {
            by_id.insert(e.id, e);
        }
        let answers: Vec<&Entry> = self.refusals.iter().chain(&self.defections).collect();
        let summaries: Vec<DebtEvidence> = self
            .debts
            .iter()
            .map(|d| {
                let mut ids = vec![d.favour];
                ids.extend(&d.called_in_by);
                ids.extend(
                    answers
                        .iter()
                        .filter(|a| a.demand.is_some_and(|k| d.called_in_by.contains(&k)))
                        .map(|a| a.id),
                );
                ids.extend(&d.repaid_by);
                let mut seen = std::collections::HashSet::new();
                ids.retain(|i| seen.insert(*i));
                let entries: Vec<&Entry> = ids.iter().filter_map(|i| by_id.get(i).copied()).collect();
                summarise(&entries, d.favour)
            })
            .collect();
        for (d, s) in self.debts.iter_mut().zip(summaries) {
            d.evidence = s;
        }
        if !full {
            self.omitted = Omitted {
                acknowledgements: keep_strongest(&mut self.acknowledgements),
                refusals: keep_strongest(&mut self.refusals),
                defections: keep_strongest(&mut self.defections),
            };
        }
        for list in [
            &mut self.favours,
            &mut self.demands,
            &mut self.repayments,
            &mut self.refusals,
            &mut self.defections,
            &mut self.acknowledgements,
            &mut self.expectations,
            &mut self.negated,
        ] {
            for e in list.iter_mut() {
                bound_entry(e, full);
            }
        }
    }
}

/// The summary of the reports of `entries` (`favour`: the entry that opened the debt).
fn summarise(entries: &[&Entry], favour: usize) -> DebtEvidence {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut s = DebtEvidence::default();
    for e in entries {
        for v in &e.evidence {
            s.reports += 1;
            *counts.entry(source_of(v)).or_default() += 1;
            if let Some(d) = v.date {
                s.first = Some(s.first.map_or(d, |f| f.min(d)));
                s.last = Some(s.last.map_or(d, |l| l.max(d)));
            }
        }
    }
    let mut sources: Vec<SourceCount> =
        counts.into_iter().map(|(source, reports)| SourceCount { source, reports }).collect();
    sources.sort_by(|a, b| b.reports.cmp(&a.reports).then_with(|| a.source.cmp(&b.source)));
    s.more_sources = sources.len().saturating_sub(TOP_SOURCES);
    sources.truncate(TOP_SOURCES);
    s.sources = sources;
    let mut top: Vec<&&Entry> = entries.iter().filter(|e| !e.evidence.is_empty()).collect();
    top.sort_by(|a, b| {
        (b.id == favour)
            .cmp(&(a.id == favour))
            .then(b.weight.abs().total_cmp(&a.weight.abs()))
            .then(a.date.cmp(&b.date))
    });
    s.top = top
        .into_iter()
        .take(TOP_REPORTS)
        .map(|e| {
            let ev = &e.evidence[0];
            TopEvidence {
                entry: e.id,
                kind: e.kind,
                date: e.date,
                code: e.code.clone(),
                weight: e.weight,
                reports: e.evidence.len(),
                source: source_of(ev),
                text: ev
                    .text
                    .clone()
                    .filter(|t| !t.trim().is_empty())
                    .or_else(|| ev.actor_names.as_ref().map(|(a, b)| format!("{a} → {b}"))),
                url: ev.url.clone(),
            }
        })
        .collect();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: usize, text: bool, url: &str, day: u32) -> Evidence {
        Evidence {
            event_id: id.to_string(),
            dataset: if text { "quidpro".into() } else { "gdelt2".into() },
            date: NaiveDate::from_ymd_opt(2024, 1, day),
            title: text.then(|| "Doc".to_string()),
            text: text.then(|| format!("sentence {id}")),
            url: (!url.is_empty()).then(|| url.to_string()),
            ..Default::default()
        }
    }

    #[test]
    fn an_entry_keeps_its_first_report_then_the_most_telling() {
        let mut e = crate::ledger::tests::entry(Kind::Favour, 0);
        e.evidence = vec![
            ev(0, false, "", 1),
            ev(1, false, "", 2),
            ev(2, false, "javascript:x", 3),
            ev(3, false, "https://a", 4),
            ev(4, true, "", 5),
        ];
        bound_entry(&mut e, false);
        assert_eq!(e.reports, 5);
        let ids: Vec<&str> = e.evidence.iter().map(|v| v.event_id.as_str()).collect();
        assert_eq!(ids, ["0", "4", "3"], "first, then a sentence, then a link (never javascript:)");
        let mut all = crate::ledger::tests::entry(Kind::Favour, 0);
        all.evidence = (0..7).map(|i| ev(i, false, "", 1)).collect();
        bound_entry(&mut all, true);
        assert_eq!((all.reports, all.evidence.len()), (7, 7));
    }

    #[test]
    fn a_debts_summary_counts_every_report_by_source() {
        let mut f = crate::ledger::tests::entry(Kind::Favour, 0);
        f.weight = 8.0;
        f.evidence = (0..4).map(|i| ev(i, false, "", 1 + i as u32)).collect();
        let mut r = crate::ledger::tests::entry(Kind::Repayment, 1);
        r.weight = 9.0;
        r.evidence = vec![ev(10, true, "", 20)];
        let mut d = crate::ledger::tests::entry(Kind::Demand, 2);
        d.evidence = vec![ev(11, true, "", 9), ev(12, false, "", 10)];
        let s = summarise(&[&f, &d, &r], 0);
        assert_eq!(s.reports, 7);
        assert_eq!(
            (s.first, s.last),
            (NaiveDate::from_ymd_opt(2024, 1, 1), NaiveDate::from_ymd_opt(2024, 1, 20))
        );
        assert_eq!(
            s.sources,
            [
                SourceCount { source: "gdelt2".into(), reports: 5 },
                SourceCount { source: "Doc".into(), reports: 2 }
            ]
        );
        let top: Vec<(usize, usize)> = s.top.iter().map(|t| (t.entry, t.reports)).collect();
        assert_eq!(top, [(0, 4), (1, 1), (2, 2)], "the favour, then by weight");
    }
}
