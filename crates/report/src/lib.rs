/*!
Reports: a dyad's relations, for people (Markdown, a self-contained HTML page with SVG
charts drawn by [`svg`]) and for programs (JSON).

A [`DyadReport`] gathers, for actors A and B: the monthly series both ways (events,
Goldstein sums, quad classes), the reciprocity tests, the quid-pro-quo ledger of A and
B and of B and A, the instruments that bind both, the alerts on the dyad, and the
strongest events with their sentences and sources.
*/
#![deny(missing_docs)]

pub mod document;

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
pub mod svg;

use std::fmt::Write as _;

use chrono::NaiveDate;
use quidpro_analyze::series::{dyad_series, Dyad, DyadSeries, Period, Range};
use quidpro_analyze::{alerts, ledger, obligations, reciprocity};
use quidpro_store::{EventQuery, Store, StoredEvent};
use serde_json::json;

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
    /// Half-life of the ledger balance, in days.
    pub half_life_days: f64,
    /// Manual ledger entries.
    pub manual: &'a [(String, String, ledger::Entry)],
    /// The obligations register.
    pub register: &'a [obligations::Instrument],
    /// Events listed as evidence.
    pub evidence: usize,
    /// Count repayments toward the creditor's stated aims in the ledgers.
    pub aims: bool,
}

/// A dyad report.
pub struct DyadReport {
    /// Actor A.
    pub a: String,
    /// Actor B.
    pub b: String,
    /// A → B.
    pub forward: DyadSeries,
    /// B → A.
    pub backward: DyadSeries,
    /// Period labels shared by both series.
    pub labels: Vec<String>,
    /// Reciprocity outcome (JSON form) and text.
    pub reciprocity: (serde_json::Value, String),
    /// Ledger with A as creditor.
    pub ledger_ab: ledger::Ledger,
    /// Ledger with B as creditor.
    pub ledger_ba: ledger::Ledger,
    /// Instruments binding both.
    pub instruments: Vec<obligations::Instrument>,
    /// Alerts on the dyad (either direction).
    pub alerts: Vec<alerts::Alert>,
    /// Strongest events both ways.
    pub evidence: Vec<StoredEvent>,
}

fn values(
    s: &DyadSeries,
    labels: &[String],
    f: impl Fn(&quidpro_analyze::series::PeriodStats) -> f64,
) -> Vec<f64> {
    labels.iter().map(|l| s.periods.iter().find(|p| &p.period == l).map(&f).unwrap_or(0.0)).collect()
}

/// Builds the report of A and B.
///
/// # Errors
/// [`Error`] when the store or an analysis fails.
pub fn dyad_report(store: &Store, a: &str, b: &str, opts: &Options<'_>) -> Result<DyadReport, Error> {
    let (a, b) = (a.to_uppercase(), b.to_uppercase());
    let forward = dyad_series(store, &Dyad::directed(&a, &b), opts.by, &Range::default())?;
    let backward = dyad_series(store, &Dyad::directed(&b, &a), opts.by, &Range::default())?;
    let mut labels: Vec<String> =
        forward.periods.iter().chain(&backward.periods).map(|p| p.period.clone()).collect();
    labels.sort();
    labels.dedup();
    let x = values(&forward, &labels, |p| p.goldstein_sum);
    let y = values(&backward, &labels, |p| p.goldstein_sum);
    let outcome = reciprocity::analyze(&x, &y, &reciprocity::Config::default())
        .map_err(|e| Error::Reciprocity(e.to_string()))?;
    let reciprocity = (reciprocity::outcome_json(&outcome), reciprocity::outcome_text(&outcome, &a, &b));
    let lopts =
        ledger::Options { half_life_days: opts.half_life_days, aims: opts.aims, ..Default::default() };
    let ledger_ab = ledger::ledger(store, &a, &b, opts.manual, &lopts)?;
    let ledger_ba = ledger::ledger(store, &b, &a, opts.manual, &lopts)?;
    let instruments = obligations::binding(opts.register, &a, Some(&b), None).into_iter().cloned().collect();
    let first = labels
        .first()
        .and_then(|l| NaiveDate::parse_from_str(&format!("{}-01", &l[..7.min(l.len())]), "%Y-%m-%d").ok());
    let alerts = match first {
        Some(d) => alerts::alerts(store, d, &alerts::Options { min_events: 10, ..Default::default() })?
            .into_iter()
            .filter(|al| {
                (al.source == a[..3] && al.target == b[..3]) || (al.source == b[..3] && al.target == a[..3])
            })
            .collect(),
        None => Vec::new(),
    };
    let mut evidence = store.events(&EventQuery {
        dyad: Some((a.clone(), b.clone())),
        undirected: true,
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
    Ok(DyadReport {
        a,
        b,
        forward,
        backward,
        labels,
        reciprocity,
        ledger_ab,
        ledger_ba,
        instruments,
        alerts,
        evidence,
    })
}

impl DyadReport {
    /// The JSON form: `{a, b, by, series: {forward, backward}, reciprocity, ledger:
    /// {a_b, b_a}, obligations, alerts, evidence}`.
    pub fn json(&self) -> serde_json::Value {
        json!({
            "a": self.a, "b": self.b, "by": self.forward.by,
            "series": {"forward": self.forward, "backward": self.backward},
            "reciprocity": self.reciprocity.0,
            "ledger": {"a_b": self.ledger_ab, "b_a": self.ledger_ba},
            "obligations": self.instruments,
            "alerts": self.alerts,
            "evidence": self.evidence,
        })
    }

    fn charts(&self) -> Vec<(String, String)> {
        let (a, b) = (&self.a, &self.b);
        let labels = &self.labels;
        let fwd = values(&self.forward, labels, |p| p.goldstein_sum);
        let back = values(&self.backward, labels, |p| p.goldstein_sum);
        let series = svg::lines(
            &format!("Goldstein sums by {:?}: {a}→{b} and {b}→{a}", self.forward.by)
                .to_lowercase()
                .replace(a.to_lowercase().as_str(), a)
                .replace(b.to_lowercase().as_str(), b),
            labels,
            &[
                svg::Line { name: &format!("{a}→{b}"), colour: "#1f77b4", values: fwd },
                svg::Line { name: &format!("{b}→{a}"), colour: "#d62728", values: back },
            ],
        );
        let quad = |k: usize| -> Vec<f64> {
            labels
                .iter()
                .map(|l| {
                    [&self.forward, &self.backward]
                        .iter()
                        .filter_map(|s| s.periods.iter().find(|p| &p.period == l))
                        .map(|p| p.quad[k] as f64)
                        .sum()
                })
                .collect()
        };
        let quads = svg::stacked(
            &format!("Events by quad class, both ways ({a}, {b})"),
            labels,
            &[
                svg::Line { name: "verbal cooperation", colour: "#9ecae1", values: quad(0) },
                svg::Line { name: "material cooperation", colour: "#3182bd", values: quad(1) },
                svg::Line { name: "verbal conflict", colour: "#fdae6b", values: quad(2) },
                svg::Line { name: "material conflict", colour: "#e6550d", values: quad(3) },
            ],
        );
        let bal_labels: Vec<String> =
            self.ledger_ab.balance_series.iter().map(|(d, _)| d.to_string()).collect();
        let balance = svg::lines(
            &format!("Ledger balance: what {b} owes {a} (decaying)"),
            &bal_labels,
            &[svg::Line {
                name: "balance",
                colour: "#2ca02c",
                values: self.ledger_ab.balance_series.iter().map(|(_, v)| *v).collect(),
            }],
        );
        vec![("series".into(), series), ("quad".into(), quads), ("balance".into(), balance)]
    }

    /// Markdown (charts as SVG files are not embedded; see the HTML form).
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        self.write_text(&mut out, false);
        out
    }

    /// A self-contained HTML page (inline CSS and SVG; no script, no network).
    pub fn html(&self) -> String {
        let mut body = String::new();
        self.write_text(&mut body, true);
        html_page(
            &format!("{} and {}: relations", self.a, self.b),
            "td,th{text-align:right} td:first-child,th:first-child{text-align:left} .ev{font-size:.92em;margin:.3em 0}",
            &body,
        )
    }

    fn write_text(&self, out: &mut String, html: bool) {
        let (a, b) = (&self.a, &self.b);
        let esc = |s: &str| if html { svg::esc(s) } else { s.to_string() };
        let h = |out: &mut String, level: usize, t: &str| {
            if html {
                let _ = writeln!(out, "<h{level}>{}</h{level}>", svg::esc(t));
            } else {
                let _ = writeln!(out, "\n{} {t}\n", "#".repeat(level));
            }
        };
        let p = |out: &mut String, t: &str| {
            if html {
                let _ = writeln!(out, "<p>{t}</p>");
            } else {
                let _ = writeln!(out, "{t}\n");
            }
        };
        h(out, 1, &format!("{a} and {b}: relations"));
        let n_f: u64 = self.forward.periods.iter().map(|p| p.events).sum();
        let n_b: u64 = self.backward.periods.iter().map(|p| p.events).sum();
        p(out, &esc(&format!(
            "{n_f} events {a}→{b} and {n_b} events {b}→{a} ({} periods from {} to {}), each event cluster counted once. Ledger balance: {:+.1} ({}).",
            self.labels.len(),
            self.labels.first().cloned().unwrap_or_default(),
            self.labels.last().cloned().unwrap_or_default(),
            self.ledger_ab.balance,
            if self.ledger_ab.balance > 0.0 { format!("{b} owes {a}") } else { format!("{b} owes {a} nothing") }
        )));
        if html {
            for (_, chart) in self.charts() {
                out.push_str(&chart);
                out.push('\n');
            }
        }
        h(out, 2, "Series");
        let table = |s: &DyadSeries| -> String {
            let mut t = String::new();
            if html {
                t.push_str("<table><tr><th>period</th><th>events</th><th>Goldstein sum</th><th>mean</th><th>coop.</th><th>conflict</th><th>share</th></tr>");
                for p in s.periods.iter().filter(|p| p.events > 0) {
                    let _ = write!(t, "<tr><td>{}</td><td>{}</td><td>{:.1}</td><td>{:.2}</td><td>{}</td><td>{}</td><td>{:.4}</td></tr>", p.period, p.events, p.goldstein_sum, p.goldstein_mean, p.cooperation, p.conflict, p.share);
                }
                t.push_str("</table>");
            } else {
                t.push_str("| period | events | Goldstein sum | mean | coop. | conflict | share |\n|---|---:|---:|---:|---:|---:|---:|\n");
                for p in s.periods.iter().filter(|p| p.events > 0) {
                    let _ = writeln!(
                        t,
                        "| {} | {} | {:.1} | {:.2} | {} | {} | {:.4} |",
                        p.period,
                        p.events,
                        p.goldstein_sum,
                        p.goldstein_mean,
                        p.cooperation,
                        p.conflict,
                        p.share
                    );
                }
            }
            t
        };
        h(out, 3, &format!("{a}→{b}"));
        out.push_str(&table(&self.forward));
        out.push('\n');
        h(out, 3, &format!("{b}→{a}"));
        out.push_str(&table(&self.backward));
        out.push('\n');
        h(out, 2, "Reciprocity");
        if html {
            let _ = writeln!(out, "<pre>{}</pre>", svg::esc(&self.reciprocity.1));
        } else {
            let _ = writeln!(out, "```\n{}```", self.reciprocity.1);
        }
        for l in [&self.ledger_ab, &self.ledger_ba] {
            h(out, 2, &format!("Ledger: {} as creditor, {} as debtor", l.creditor, l.debtor));
            p(out, &esc(&format!(
                "Balance {:+.1} (half-life {} days); {} favours, {} demands ({} open), {} repayments, {} refusals, {} defections, {} acknowledgements.",
                l.balance, l.half_life_days, l.favours.len(), l.demands.len(), l.open_demands.len(), l.repayments.len(), l.refusals.len(), l.defections.len(), l.acknowledgements.len()
            )));
            for (name, entries) in [
                ("Favours", &l.favours),
                ("Demands", &l.demands),
                ("Repayments", &l.repayments),
                ("Refusals", &l.refusals),
                ("Defections", &l.defections),
                ("Acknowledgements (thanks and praise; they do not move the balance)", &l.acknowledgements),
            ] {
                if entries.is_empty() {
                    continue;
                }
                h(out, 3, name);
                for e in entries {
                    let ev = &e.evidence[0];
                    let text = ev.text.clone().or_else(|| ev.file_line.clone()).unwrap_or_default();
                    let src = ev.citation.clone().or_else(|| ev.url.clone()).unwrap_or_default();
                    let mut status = e.status.as_deref().map(|s| format!(" [{s}]")).unwrap_or_default();
                    if let Some(aim) = &e.toward {
                        let said = aim
                            .stance
                            .first()
                            .and_then(|s| s.text.clone())
                            .map(|t| format!(": \u{201c}{t}\u{201d}"))
                            .unwrap_or_default();
                        status.push_str(&format!(
                            " [toward {}'s aim against {} ({} statements{said})]",
                            l.creditor, aim.actor, aim.statements
                        ));
                    }
                    let status = if html { svg::esc(&status) } else { status };
                    if html {
                        let link = if src.starts_with("http") {
                            format!(" <a href=\"{0}\">{0}</a>", svg::esc(&src))
                        } else {
                            format!(" {}", svg::esc(&src))
                        };
                        let _ = writeln!(out, "<p class=\"ev\">{} <b>{}</b> {}→{} ({:.1}){}: {}<span class=\"muted\">{}</span></p>", e.date, e.code, e.source, e.target, e.weight, status, svg::esc(&text), link);
                    } else {
                        let _ = writeln!(
                            out,
                            "- {} **{}** {}→{} ({:.1}){}: {} {}",
                            e.date, e.code, e.source, e.target, e.weight, status, text, src
                        );
                    }
                }
            }
        }
        h(out, 2, "Obligations");
        if self.instruments.is_empty() {
            p(out, "No instrument in the register binds both.");
        }
        for i in &self.instruments {
            p(
                out,
                &esc(&format!(
                    "{} (signed {}): {}; obligations: {}. Source: {}",
                    i.title,
                    i.signed.map(|d| d.to_string()).unwrap_or_else(|| "?".into()),
                    i.kind,
                    i.obligations.join(", "),
                    i.sources.first().cloned().unwrap_or_default()
                )),
            );
        }
        h(out, 2, "Alerts");
        if self.alerts.is_empty() {
            p(out, "No turn detected.");
        }
        for al in &self.alerts {
            p(
                out,
                &esc(&format!(
                    "{} {}→{}: turn toward {:?} (CUSUM {:.1})",
                    al.period, al.source, al.target, al.crossing.turn, al.crossing.statistic
                )),
            );
        }
        h(out, 2, "Evidence");
        for e in &self.evidence {
            let (prov, url) = match &e.provenance {
                quidpro_store::query::StoredProvenance::Document { document, sentence, url, .. } => {
                    (format!("{document}, sentence {sentence}"), url.clone())
                }
                quidpro_store::query::StoredProvenance::Row { file, line, url } => {
                    (format!("{file}:{line}"), url.clone())
                }
                quidpro_store::query::StoredProvenance::None {} => (String::new(), None),
            };
            let text = e.text.clone().unwrap_or_default();
            if html {
                let link = url.map(|u| format!(" <a href=\"{0}\">{0}</a>", svg::esc(&u))).unwrap_or_default();
                let _ = writeln!(out, "<p class=\"ev\">{} <b>{}</b> {}→{} ({:.1}) {} <span class=\"muted\">[{}; {}]{}</span></p>", e.date, e.code, e.source, e.target, e.goldstein, svg::esc(&text), svg::esc(&e.dataset), svg::esc(&prov), link);
            } else {
                let _ = writeln!(
                    out,
                    "- {} **{}** {}→{} ({:.1}) {} [{}; {}] {}",
                    e.date,
                    e.code,
                    e.source,
                    e.target,
                    e.goldstein,
                    text,
                    e.dataset,
                    prov,
                    url.unwrap_or_default()
                );
            }
        }
    }
}
