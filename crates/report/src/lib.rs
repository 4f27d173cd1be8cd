/*!
Reports: a dyad's relations, for people (Markdown, a self-contained HTML page with SVG
charts drawn by [`svg`]) and for programs (JSON).

A [`DyadReport`] gathers, for actors A and B: the monthly series both ways (events,
Goldstein sums, quad classes), the reciprocity tests with the tit-for-tat rates expected
by chance, the quid-pro-quo ledger of the pair (one symmetric balance), the instruments
that bind both, the alerts on the dyad, and the strongest events with their sentences
and sources. Its Markdown and HTML forms open with a one-screen summary (the balance in
words, the debts called in and their status, the strongest turns, reciprocity in one
sentence with its baseline), then charts on a true time axis (HTML), then the evidence
grouped per debt (the top reports of each entry; the rest folded, or listed with
`full`). [`tables`] holds the printers of the relations commands (tables, Markdown,
CSV, JSON): all printing is here.
*/
#![deny(missing_docs)]

pub mod coded;
pub mod document;
mod dyad_render;
mod dyad_words;
pub mod listing;
pub mod maintenance;

/// A self-contained HTML page: the reports' shared style, `css` added, no script, no
/// network.
pub(crate) fn html_page(title: &str, css: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>\
         body{{font-family:Georgia,serif;max-width:900px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}}\
         h1,h2,h3{{font-family:Helvetica,Arial,sans-serif}} h2{{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}}\
         table{{border-collapse:collapse;font-size:.9em}} td,th{{border:1px solid #ddd;padding:.25em .5em;vertical-align:top}}\
         .muted{{color:#666;font-size:.9em}} svg{{max-width:100%;height:auto;margin:.5em 0}} {css}</style></head><body>\n{body}</body></html>\n",
        svg::esc(title)
    )
}
pub mod sql;
pub mod svg;
pub mod tables;

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use quidpro_analyze::ledger::{self, ContentSource, DebtStatus, Entry, Kind, Status};
use quidpro_analyze::series::{dyad_series, Dyad, DyadSeries, Period, Range};
use quidpro_analyze::{alerts, obligations, reciprocity};
use quidpro_store::{EventQuery, Store, StoredEvent};
use serde_json::json;
use tables::{demand_status, evidence_source, evidence_text, linkable, num, Names};

/// A report error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An analysis failed.
    #[error(transparent)]
    Analyze(#[from] quidpro_analyze::Error),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] quidpro_store::Error),
    /// Reciprocity failed on degenerate data.
    #[error("reciprocity: {0}")]
    Reciprocity(String),
}

/// What goes into a report.
pub struct Options<'a> {
    /// Period of the series.
    pub by: Period,
    /// The ledger's options (weights and windows, `from` and `to`: the report's window).
    pub ledger: ledger::Options,
    /// Manual ledger entries.
    pub manual: &'a [(String, String, ledger::Entry)],
    /// Where demands' contents come from.
    pub contents: &'a dyn ContentSource,
    /// The obligations register.
    pub register: &'a [obligations::Instrument],
    /// The strongest events listed.
    pub evidence: usize,
    /// List every entry and report (else the top ones, the rest folded or counted).
    pub full: bool,
}

/// Reciprocity in one sentence's numbers: each side's tit-for-tat rate and the rate
/// expected by chance from the answering side's base rates.
#[derive(Clone, Debug, serde::Serialize)]
pub struct TitForTatBaseline {
    /// B answers A in kind: (rate, chance, acts).
    pub b_answers_a: Option<(f64, f64, usize)>,
    /// A answers B in kind.
    pub a_answers_b: Option<(f64, f64, usize)>,
}

/// A dyad report.
pub struct DyadReport {
    /// Actor A.
    pub a: String,
    /// Actor B.
    pub b: String,
    /// Names for people.
    pub names: Names,
    /// A → B.
    pub forward: DyadSeries,
    /// B → A.
    pub backward: DyadSeries,
    /// Period labels shared by both series.
    pub labels: Vec<String>,
    /// Reciprocity outcome (JSON form) and text.
    pub reciprocity: (serde_json::Value, String),
    /// Tit-for-tat with its chance baseline.
    pub tit_for_tat: TitForTatBaseline,
    /// The pair's ledger (positive balance: B owes A).
    pub ledger: ledger::Ledger,
    /// Instruments binding both.
    pub instruments: Vec<obligations::Instrument>,
    /// Alerts on the dyad (either direction).
    pub alerts: Vec<alerts::Alert>,
    /// Strongest events both ways.
    pub evidence: Vec<StoredEvent>,
    /// Everything listed.
    pub full: bool,
}

fn values(
    s: &DyadSeries,
    labels: &[String],
    f: impl Fn(&quidpro_analyze::series::PeriodStats) -> f64,
) -> Vec<f64> {
    labels.iter().map(|l| s.periods.iter().find(|p| &p.period == l).map(&f).unwrap_or(0.0)).collect()
}

/// The first and last day of a period label (`2024`, `2024-Q2`, `2024-05`, `2024-W07`).
pub fn period_range(label: &str) -> Option<(NaiveDate, NaiveDate)> {
    let year: i32 = label.get(..4)?.parse().ok()?;
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
    let month_end = |y: i32, m: u32| {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        ymd(ny, nm, 1).map(|d| d - chrono::TimeDelta::days(1))
    };
    match label.get(4..) {
        Some("") | None => Some((ymd(year, 1, 1)?, ymd(year, 12, 31)?)),
        Some(rest) if rest.starts_with("-Q") => {
            let q: u32 = rest[2..].parse().ok()?;
            Some((ymd(year, 3 * q - 2, 1)?, month_end(year, 3 * q)?))
        }
        Some(rest) if rest.starts_with("-W") => {
            // SQLite's %W: week 0 holds the days before the first Monday.
            let w: i64 = rest[2..].parse().ok()?;
            let jan1 = ymd(year, 1, 1)?;
            let first_monday =
                jan1 + chrono::TimeDelta::days((7 - jan1.weekday().num_days_from_monday() as i64) % 7);
            let start = if w == 0 { jan1 } else { first_monday + chrono::TimeDelta::days(7 * (w - 1)) };
            Some((start, start + chrono::TimeDelta::days(6)))
        }
        Some(rest) => {
            let m: u32 = rest.strip_prefix('-')?.parse().ok()?;
            Some((ymd(year, m, 1)?, month_end(year, m)?))
        }
    }
}

/// Builds the report of A and B.
///
/// # Errors
/// [`Error`] when the store or an analysis fails.
pub fn dyad_report(store: &Store, a: &str, b: &str, opts: &Options<'_>) -> Result<DyadReport, Error> {
    let (a, b) = (a.to_uppercase(), b.to_uppercase());
    let range =
        Range { from: opts.ledger.from.map(|d| d.to_string()), to: opts.ledger.to.map(|d| d.to_string()) };
    let forward = dyad_series(store, &Dyad::directed(&a, &b), opts.by, &range)?;
    let backward = dyad_series(store, &Dyad::directed(&b, &a), opts.by, &range)?;
    let mut labels: Vec<String> =
        forward.periods.iter().chain(&backward.periods).map(|p| p.period.clone()).collect();
    labels.sort();
    labels.dedup();
    let x = values(&forward, &labels, |p| p.goldstein_sum);
    let y = values(&backward, &labels, |p| p.goldstein_sum);
    let config = reciprocity::Config::default();
    let outcome = reciprocity::analyze(&x, &y, &config).map_err(|e| Error::Reciprocity(e.to_string()))?;
    let reciprocity = (reciprocity::outcome_json(&outcome), reciprocity::outcome_text(&outcome, &a, &b));
    let tft = |act: &[f64], answer: &[f64]| {
        let t = reciprocity::tit_for_tat(act, answer, config.threshold, config.window).ok()?;
        let chance = reciprocity::chance_rate(act, answer, config.threshold, config.window)?;
        Some((t.rate()?, chance, t.all.acts))
    };
    let tit_for_tat = TitForTatBaseline { b_answers_a: tft(&x, &y), a_answers_b: tft(&y, &x) };
    let ledger = ledger::ledger_with(store, &a, &b, opts.manual, &opts.ledger, opts.contents)?;
    let instruments = obligations::binding(opts.register, &a, Some(&b), None).into_iter().cloned().collect();
    let first = labels.first().and_then(|l| period_range(l)).map(|r| r.0);
    let alerts = match first {
        Some(d) => alerts::alerts_between(
            store,
            d,
            &a,
            &b,
            &alerts::Options { min_events: 10, ..Default::default() },
        )?
        .into_iter()
        .filter(|al| {
            (al.source == a[..3] && al.target == b[..3]) || (al.source == b[..3] && al.target == a[..3])
        })
        .filter(|al| range.to.as_deref().is_none_or(|t| al.period.as_str() <= &t[..7]))
        .collect(),
        None => Vec::new(),
    };
    let mut evidence = store.events(&EventQuery {
        dyad: Some((a.clone(), b.clone())),
        undirected: true,
        from: range.from.clone(),
        to: range.to.clone(),
        ..Default::default()
    })?;
    evidence.sort_by(|p, q| {
        q.goldstein
            .abs()
            .partial_cmp(&p.goldstein.abs())
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(p.date.cmp(&q.date))
    });
    evidence.truncate(opts.evidence);
    evidence.sort_by(|p, q| p.date.cmp(&q.date));
    let names = Names::for_ledger(store, &ledger);
    Ok(DyadReport {
        a,
        b,
        names,
        forward,
        backward,
        labels,
        reciprocity,
        tit_for_tat,
        ledger,
        instruments,
        alerts,
        evidence,
        full: opts.full,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_ranges() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(period_range("2024"), Some((d("2024-01-01"), d("2024-12-31"))));
        assert_eq!(period_range("2024-02"), Some((d("2024-02-01"), d("2024-02-29"))));
        assert_eq!(period_range("2024-Q4"), Some((d("2024-10-01"), d("2024-12-31"))));
        assert_eq!(period_range("2024-W00"), Some((d("2024-01-01"), d("2024-01-07"))));
        assert_eq!(period_range("2024-W02").map(|r| r.0), Some(d("2024-01-08")));
    }
}
