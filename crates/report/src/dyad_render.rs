//! The dyad report's renderers: Markdown and HTML (the first screen, charts on a time
//! axis, evidence grouped per debt), from a [`DyadReport`](crate::DyadReport).

use super::*;

/// Where text goes: Markdown or HTML.
struct Out {
    html: bool,
    s: String,
}

impl Out {
    fn esc(&self, t: &str) -> String {
        if self.html {
            svg::esc(t)
        } else {
            t.replace('|', "\\|")
        }
    }
    fn h(&mut self, level: usize, t: &str) {
        if self.html {
            let _ = writeln!(self.s, "<h{level}>{}</h{level}>", svg::esc(t));
        } else {
            let _ = write!(self.s, "\n{} {t}\n\n", "#".repeat(level));
        }
    }
    /// A paragraph of already escaped or formatted text.
    fn p(&mut self, t: &str) {
        if self.html {
            let _ = writeln!(self.s, "<p>{t}</p>");
        } else {
            let _ = write!(self.s, "{t}\n\n");
        }
    }
    fn bold(&self, t: &str) -> String {
        if self.html {
            format!("<b>{}</b>", svg::esc(t))
        } else {
            format!("**{t}**")
        }
    }
    fn list(&mut self, items: &[String]) {
        if items.is_empty() {
            return;
        }
        if self.html {
            self.s.push_str("<ul>");
            for i in items {
                let _ = write!(self.s, "<li>{i}</li>");
            }
            self.s.push_str("</ul>\n");
        } else {
            for i in items {
                let _ = writeln!(self.s, "- {i}");
            }
            self.s.push('\n');
        }
    }
    /// A link to an http(s) URL; other URLs as plain text.
    fn link(&self, url: &str, text: &str) -> String {
        if self.html {
            if linkable(url) {
                format!("<a href=\"{}\">{}</a>", svg::esc(url.trim()), svg::esc(text))
            } else {
                svg::esc(text)
            }
        } else if linkable(url) {
            format!(
                "[{}]({})",
                text.replace(['[', ']'], ""),
                url.trim().replace(' ', "%20").replace(')', "%29")
            )
        } else {
            text.to_string()
        }
    }
    fn details(&mut self, summary: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        if self.html {
            let _ = write!(self.s, "<details><summary>{}</summary><ul>", svg::esc(summary));
            for i in items {
                let _ = write!(self.s, "<li>{i}</li>");
            }
            self.s.push_str("</ul></details>\n");
        } else {
            let _ = writeln!(self.s, "{summary}:\n");
            self.list(items);
        }
    }
}

/// How many entries of each list, and reports of each entry, the report shows unfolded.
const TOP: usize = 3;
/// Debts shown with their evidence before the rest is folded.
const TOP_DEBTS: usize = 8;
/// The most lines a folded list holds (the rest counted) unless `full`.
const FOLDED: usize = 200;

impl DyadReport {
    /// The JSON form: `{a, b, names, by, summary, series: {forward, backward},
    /// reciprocity, tit_for_tat, ledger, obligations, alerts, evidence}`.
    pub fn json(&self) -> serde_json::Value {
        json!({
            "a": self.a, "b": self.b,
            "names": {"a": self.names.name(&self.a), "b": self.names.name(&self.b)},
            "by": self.forward.by,
            "summary": self.headline(),
            "series": {"forward": self.forward, "backward": self.backward},
            "reciprocity": self.reciprocity.0,
            "tit_for_tat": self.tit_for_tat,
            "ledger": self.ledger,
            "obligations": self.instruments,
            "alerts": self.alerts,
            "evidence": self.evidence,
        })
    }

    /// The headline: the balance and the debts called in, in words.
    pub fn headline(&self) -> String {
        self.ledger.summary_with(&|c: &str| self.names.name(c))
    }

    fn name(&self, code: &str) -> String {
        self.names.name(code)
    }

    /// The ledger's balance a year before its date (the last value on or before then).
    fn balance_a_year_before(&self) -> Option<(NaiveDate, f64)> {
        let l = &self.ledger;
        let then = l.as_of? - chrono::TimeDelta::days(365);
        l.balance_series.iter().rev().find(|(d, _)| *d <= then).map(|(_, v)| (then, *v))
    }

    /// The `n` largest departures of either direction's series from its rolling baseline
    /// (the alerts' window and floor of the standard deviation), in words, the largest
    /// first: what turned most, even when no CUSUM alert fired.
    pub fn swings(&self, n: usize) -> Vec<String> {
        let opts = alerts::Options::default();
        let mut found: Vec<(f64, String)> = Vec::new();
        for s in [&self.forward, &self.backward] {
            let v = values(s, &self.labels, |p| p.goldstein_sum);
            for t in opts.window..v.len() {
                let base = &v[t - opts.window..t];
                let mean = base.iter().sum::<f64>() / base.len() as f64;
                let var =
                    base.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (base.len() - 1).max(1) as f64;
                let z = (v[t] - mean) / var.sqrt().max(opts.min_sd);
                if z.abs() < 2.0 {
                    continue;
                }
                found.push((
                    z.abs(),
                    format!(
                        "{}: {} → {} toward {} (Goldstein sum {} against a baseline of {}, {} standard deviations)",
                        self.labels[t],
                        self.name(&s.dyad.a),
                        self.name(&s.dyad.b),
                        if z < 0.0 { "conflict" } else { "cooperation" },
                        num(v[t], 1),
                        num(mean, 1),
                        num(z.abs(), 1)
                    ),
                ));
            }
        }
        found.sort_by(|x, y| y.0.total_cmp(&x.0));
        found.into_iter().take(n).map(|x| x.1).collect()
    }

    /// Reciprocity in one sentence, with its baseline.
    pub fn reciprocity_sentence(&self) -> String {
        let (na, nb) = (self.name(&self.a), self.name(&self.b));
        let unit = format!("{:?}", self.forward.by).to_lowercase();
        let one = |who: &str, whom: &str, x: Option<(f64, f64, usize)>| {
            match x {
            Some((rate, chance, acts)) => format!(
                "{who} answered {whom}'s moves in kind within a {unit} in {:.0}% of {acts} {unit}{} with a move, against {:.0}% expected by chance from {who}'s own base rates",
                rate * 100.0,
                if acts == 1 { "" } else { "s" },
                chance * 100.0
            ),
            None => format!("{whom} made no move {who} could answer"),
        }
        };
        let b = one(&nb, &na, self.tit_for_tat.b_answers_a);
        let a = one(&na, &nb, self.tit_for_tat.a_answers_b);
        let verdict = match (self.tit_for_tat.b_answers_a, self.tit_for_tat.a_answers_b) {
            (Some((r1, c1, _)), Some((r2, c2, _))) if r1 - c1 < 0.1 && r2 - c2 < 0.1 => {
                " — no more reciprocity than chance would give".to_string()
            }
            (Some((r1, c1, _)), Some((r2, c2, _))) if r1 - c1 >= 0.1 && r2 - c2 >= 0.1 => {
                " — both reciprocate beyond chance".to_string()
            }
            _ => String::new(),
        };
        format!("{b}; {a}{verdict}.")
    }

    fn entry_line(&self, o: &Out, e: &Entry) -> String {
        let ev = e.evidence.first();
        let text = ev.map(|v| evidence_text(v, e)).unwrap_or_default();
        let src = ev.map(evidence_source).unwrap_or_default();
        let url = ev.and_then(|v| v.url.clone()).unwrap_or_default();
        let what = format!("{} ({}, Goldstein {})", e.name, e.code, num(e.goldstein, 1));
        let modal = if matches!(e.modality.as_str(), "asserted" | "reported") {
            String::new()
        } else {
            format!(" [{}]", e.modality)
        };
        format!(
            "{} {} → {}: {}{} — “{}” {}{}",
            e.date,
            o.esc(&self.name(&e.source)),
            o.esc(&self.name(&e.target)),
            if o.html { o.bold(&what) } else { what },
            o.esc(&modal),
            o.esc(&text),
            if src.is_empty() && url.is_empty() {
                String::new()
            } else if o.html {
                format!(
                    "<span class=\"muted\">({}{})</span>",
                    svg::esc(&src),
                    if linkable(&url) { format!(", {}", o.link(&url, "source")) } else { String::new() }
                )
            } else {
                format!(
                    "({}{})",
                    o.esc(&src),
                    if linkable(&url) { format!(", {}", o.link(&url, "source")) } else { String::new() }
                )
            },
            if e.reports > 1 {
                format!(" +{} more report{}", e.reports - 1, if e.reports == 2 { "" } else { "s" })
            } else {
                String::new()
            }
        )
    }

    /// The reports of `e` after its first: those the ledger kept (its top ones, or all
    /// with `full`), and a line saying how to list the rest.
    fn more_reports(&self, o: &Out, e: &Entry) -> Vec<String> {
        let cap = if self.full { usize::MAX } else { FOLDED };
        let mut lines: Vec<String> = e
            .evidence
            .iter()
            .skip(1)
            .take(cap)
            .map(|v| {
                let url = v.url.clone().unwrap_or_default();
                format!(
                    "{} “{}” ({}{})",
                    v.date.map(|d| d.to_string()).unwrap_or_default(),
                    o.esc(&evidence_text(v, e)),
                    o.esc(&evidence_source(v)),
                    if linkable(&url) { format!(", {}", o.link(&url, "source")) } else { String::new() }
                )
            })
            .collect();
        let rest = e.reports.saturating_sub(1 + lines.len());
        if rest > 0 {
            lines.push(o.esc(&format!(
                "… and {rest} more (--full, or quidpro events --dyad {}-{} --from {} --to {} --code {})",
                e.source, e.target, e.date, e.date, e.code
            )));
        }
        lines
    }

    fn charts(&self) -> Vec<String> {
        let (a, b) = (&self.a, &self.b);
        let l = &self.ledger;
        let periods: Vec<(NaiveDate, NaiveDate)> =
            self.labels.iter().filter_map(|p| period_range(p)).collect();
        let mid = |p: &(NaiveDate, NaiveDate)| p.0 + (p.1 - p.0) / 2;
        let points = |s: &DyadSeries| -> Vec<(NaiveDate, f64)> {
            self.labels
                .iter()
                .zip(values(s, &self.labels, |p| p.goldstein_sum))
                .filter_map(|(lab, v)| period_range(lab).map(|r| (mid(&r), v)))
                .collect()
        };
        // Labelled events: the demands that called debts in, refusals, and the largest
        // favours and repayments (at most twelve).
        let mut marks: Vec<(f64, svg::Marker)> = Vec::new();
        for d in l.demands.iter().filter(|d| !d.debts.is_empty()) {
            let status = d.status.map(|s| s.as_str()).unwrap_or("");
            let what = d
                .content
                .as_ref()
                .map(|c| format!("{} {}", c.name.to_lowercase(), c.target))
                .unwrap_or_else(|| d.name.to_lowercase());
            marks.push((
                100.0,
                svg::Marker {
                    date: d.date,
                    label: format!("demand: {what} ({status})"),
                    colour: "#d62728".into(),
                },
            ));
        }
        for r in &l.refusals {
            marks.push((
                90.0,
                svg::Marker { date: r.date, label: format!("refusal {}", r.source), colour: "#000".into() },
            ));
        }
        for f in &l.favours {
            marks.push((
                f.weight,
                svg::Marker {
                    date: f.date,
                    label: format!("favour {}: {}", f.source, f.name.to_lowercase()),
                    colour: "#1f77b4".into(),
                },
            ));
        }
        for r in &l.repayments {
            marks.push((
                r.weight,
                svg::Marker {
                    date: r.date,
                    label: format!("repaid: {}", r.name.to_lowercase()),
                    colour: "#2ca02c".into(),
                },
            ));
        }
        marks.sort_by(|x, y| y.0.total_cmp(&x.0));
        marks.truncate(12);
        let mut markers: Vec<svg::Marker> = marks.into_iter().map(|m| m.1).collect();
        markers.sort_by_key(|m| m.date);
        let bal = svg::time_lines(
            &format!(
                "Ledger balance (above zero: {} owes {}), with the events that moved it",
                self.name(b),
                self.name(a)
            ),
            &[svg::TimeLine {
                name: "balance",
                colour: "#2ca02c",
                points: l.balance_series.clone(),
                step: true,
            }],
            &markers,
        );
        let series = svg::time_lines(
            &format!(
                "Goldstein sums by {}: {a}→{b} and {b}→{a}",
                format!("{:?}", self.forward.by).to_lowercase()
            ),
            &[
                svg::TimeLine {
                    name: &format!("{a}→{b}"),
                    colour: "#1f77b4",
                    points: points(&self.forward),
                    step: false,
                },
                svg::TimeLine {
                    name: &format!("{b}→{a}"),
                    colour: "#d62728",
                    points: points(&self.backward),
                    step: false,
                },
            ],
            &[],
        );
        let quad = |k: usize| -> Vec<f64> {
            self.labels
                .iter()
                .filter(|lab| period_range(lab).is_some())
                .map(|lab| {
                    [&self.forward, &self.backward]
                        .iter()
                        .filter_map(|s| s.periods.iter().find(|p| &p.period == lab))
                        .map(|p| p.quad[k] as f64)
                        .sum()
                })
                .collect()
        };
        let quads = svg::time_stacked(
            &format!("Events by quad class, both ways ({a}, {b})"),
            &periods,
            &[
                svg::Line { name: "verbal cooperation", colour: "#9ecae1", values: quad(0) },
                svg::Line { name: "material cooperation", colour: "#3182bd", values: quad(1) },
                svg::Line { name: "verbal conflict", colour: "#fdae6b", values: quad(2) },
                svg::Line { name: "material conflict", colour: "#e6550d", values: quad(3) },
            ],
        );
        vec![bal, series, quads]
    }

    /// Markdown (the charts are in the HTML form).
    pub fn markdown(&self) -> String {
        let mut o = Out { html: false, s: String::new() };
        self.write(&mut o);
        o.s
    }

    /// A self-contained HTML page (inline CSS and SVG; no script, no network).
    pub fn html(&self) -> String {
        let mut o = Out { html: true, s: String::new() };
        self.write(&mut o);
        html_page(
            &format!("{} and {}: relations", self.name(&self.a), self.name(&self.b)),
            ".summary{background:#f6f6f2;border:1px solid #ddd;padding:.6em 1em} .headline{font-size:1.2em} details{margin:.4em 0} li{margin:.2em 0} .st{padding:0 .3em;border-radius:3px;font-family:Helvetica,Arial,sans-serif;font-size:.85em} .st-met{background:#d9f0d3} .st-refused{background:#f4c7c3} .st-evaded{background:#fde0c5} .st-outstanding{background:#e0e0e0}",
            &o.s,
        )
    }

    fn write(&self, o: &mut Out) {
        let l = &self.ledger;
        let (na, nb) = (self.name(&self.a), self.name(&self.b));
        o.h(1, &format!("{na} and {nb}: relations"));
        // One screen: the summary.
        if o.html {
            o.s.push_str("<div class=\"summary\">");
        }
        let head = format!("{}.", self.headline());
        let as_of = format!(
            " ({}favours weighed by their Goldstein value and their class; each debt's value halving every {} days{})",
            l.as_of.map(|d| format!("as of {d}; ")).unwrap_or_default(),
            num(l.config.half_life_days, 0),
            self.balance_a_year_before()
                .map(|(d, v)| format!("; on {d} the balance stood at {}", num(v, 1)))
                .unwrap_or_default()
        );
        if o.html {
            o.p(&format!("<span class=\"headline\">{}</span>{}", o.bold(&head), svg::esc(&as_of)));
        } else {
            o.p(&format!("{}{as_of}", o.bold(&head)));
        }
        // The latest calls, those that say what they ask for (coded from text) first, then
        // the dataset rows; shown in date order (the story as it happened).
        let mut called: Vec<&Entry> = l.demands.iter().filter(|d| !d.debts.is_empty()).collect();
        called.sort_by(|x, y| y.content.is_some().cmp(&x.content.is_some()).then(y.date.cmp(&x.date)));
        let shown = if self.full { called.len() } else { called.len().min(6) };
        called[..shown].sort_by_key(|d| d.date);
        let mut items = Vec::new();
        for d in &called[..shown] {
            // The status in bold, then its evidence: "refused on 2025-03-03 (rejected: …): “…”".
            let answer = dyad_words::answer(d, l.config.demand_window_days);
            let status = demand_status(d);
            let rest = answer.strip_prefix(status.as_str()).unwrap_or(&answer);
            let status = if o.html {
                format!(
                    "<b class=\"st st-{}\">{}</b>",
                    d.status.map(|s| s.as_str()).unwrap_or("none"),
                    svg::esc(&status)
                )
            } else {
                format!("**{status}**")
            };
            items.push(format!("{} — {status}{}", o.esc(&dyad_words::call(d, &self.names)), o.esc(rest)));
        }
        if called.len() > items.len() {
            items.push(format!("… and {} more calls (below)", called.len() - items.len()));
        }
        if !items.is_empty() {
            o.p(&o.bold("Debts called in"));
            o.list(&items);
        } else {
            o.p(&o.esc(&format!(
                "No debt called in: {} demands of the other without a debt behind them.",
                l.demands.len()
            )));
        }
        let mut turns: Vec<&alerts::Alert> = self.alerts.iter().collect();
        turns.sort_by(|x, y| y.crossing.statistic.abs().total_cmp(&x.crossing.statistic.abs()));
        let turns: Vec<String> = turns
            .iter()
            .take(3)
            .map(|t| {
                o.esc(&crate::dyad_words::turn(
                    &t.period,
                    &self.name(&t.source),
                    &self.name(&t.target),
                    &format!("{:?}", t.crossing.turn),
                    t.crossing.value,
                    t.crossing.baseline,
                ))
            })
            .collect();
        if turns.is_empty() {
            let swings: Vec<String> = self.swings(3).iter().map(|s| o.esc(s)).collect();
            if swings.is_empty() {
                o.p(&o.esc("Strongest turns: none detected (CUSUM on monthly Goldstein sums)."));
            } else {
                o.p(&format!(
                    "{} {}",
                    o.bold("Strongest turns"),
                    o.esc("(no CUSUM alert; the largest departures from the 12-month baseline):")
                ));
                o.list(&swings);
            }
        } else {
            o.p(&o.bold("Strongest turns"));
            o.list(&turns);
        }
        o.p(&format!("{} {}", o.bold("Reciprocity:"), o.esc(&self.reciprocity_sentence())));
        let n_f: u64 = self.forward.periods.iter().map(|p| p.events).sum();
        let n_b: u64 = self.backward.periods.iter().map(|p| p.events).sum();
        o.p(&o.esc(&format!(
            "{n_f} events {}→{} and {n_b} {}→{} from {} to {}, each event cluster counted once; {} on the ledger.",
            self.a,
            self.b,
            self.b,
            self.a,
            self.labels.first().cloned().unwrap_or_default(),
            self.labels.last().cloned().unwrap_or_default(),
            [
                (l.debts.len(), "debt"),
                (l.favours.len(), "favour"),
                (l.demands.len(), "demand"),
                (l.repayments.len(), "repayment"),
                (l.refusals.len() + l.omitted.refusals, "refusal")
            ]
            .iter()
            .map(|(n, w)| format!("{n} {w}{}", if *n == 1 { "" } else { "s" }))
            .collect::<Vec<_>>()
            .join(", ")
        )));
        if o.html {
            o.s.push_str("</div>\n");
            o.h(2, "Charts");
            for c in self.charts() {
                o.s.push_str(&c);
                o.s.push('\n');
            }
        }
        // The evidence, per debt.
        o.h(2, "Debts and their evidence");
        let mut debts: Vec<&ledger::Debt> = l.debts.iter().collect();
        let called_first = |d: &ledger::Debt| d.called_in_by.is_empty();
        debts.sort_by(|x, y| called_first(x).cmp(&called_first(y)).then(y.value.total_cmp(&x.value)));
        let shown = if self.full { debts.len() } else { TOP_DEBTS.min(debts.len()) };
        if debts.is_empty() {
            o.p("No favour on the record opens a debt.");
        }
        for d in &debts[..shown] {
            let Some(f) = l.entry(d.favour) else { continue };
            o.h(
                3,
                &format!(
                    "{} owes {} {} of {} ({}): {} of {}",
                    self.name(&d.debtor),
                    self.name(&d.creditor),
                    num(d.value, 1),
                    num(d.weight, 1),
                    d.status.as_str(),
                    f.name.to_lowercase(),
                    f.date
                ),
            );
            let summary = o.esc(&format!("Evidence: {}.", dyad_words::debt_evidence(d)));
            o.p(&summary);
            let mut lines = vec![format!("{} {}", o.bold("Favour:"), self.entry_line(o, f))];
            for &k in &d.called_in_by {
                if let Some(dm) = l.entry(k) {
                    let status = dm.status.map(|s| s.as_str()).unwrap_or("");
                    let what = match &dm.content {
                        Some(c) => format!(" — asked for: {}", dyad_words::content_phrase(c, &self.names)),
                        None => String::new(),
                    };
                    lines.push(format!(
                        "{} {}{}",
                        o.bold(&format!("Called in ({status}):")),
                        self.entry_line(o, dm),
                        o.esc(&what)
                    ));
                    for ans in l
                        .repayments
                        .iter()
                        .chain(&l.refusals)
                        .chain(&l.defections)
                        .filter(|x| x.demand == Some(k))
                    {
                        lines.push(format!(
                            "{} {}",
                            o.bold(&format!("Answer ({}):", format!("{:?}", ans.kind).to_lowercase())),
                            self.entry_line(o, ans)
                        ));
                    }
                }
            }
            for &k in d.repaid_by.iter().take(if self.full { usize::MAX } else { TOP }) {
                if let Some(r) = l.entry(k).filter(|r| {
                    r.demand.is_none() || !d.called_in_by.contains(&r.demand.unwrap_or(usize::MAX))
                }) {
                    let how = match (&r.how, &r.toward) {
                        (_, Some(aim)) => {
                            format!("Repaid toward {}'s aim against {}:", self.name(&d.creditor), aim.actor)
                        }
                        (Some(h), _) => format!("Repaid ({h}):"),
                        _ => "Repaid:".into(),
                    };
                    lines.push(format!("{} {}", o.bold(&how), self.entry_line(o, r)));
                }
            }
            o.list(&lines);
            let more = self.more_reports(o, f);
            o.details(&format!("{} more reports of the favour", f.reports.saturating_sub(1)), &more);
        }
        if debts.len() > shown {
            let rest: Vec<String> = debts[shown..]
                .iter()
                .take(FOLDED)
                .filter_map(|d| {
                    l.entry(d.favour).map(|f| {
                        format!(
                            "{} ({}, value {} of {}) {}",
                            o.esc(d.status.as_str()),
                            o.esc(&d.creditor),
                            num(d.value, 1),
                            num(d.weight, 1),
                            self.entry_line(o, f)
                        )
                    })
                })
                .collect();
            let extra = debts.len() - shown - rest.len();
            o.details(
                &format!(
                    "{} more debts{}",
                    debts.len() - shown,
                    if extra > 0 {
                        format!(" (the first {} listed; --full for all)", rest.len())
                    } else {
                        String::new()
                    }
                ),
                &rest,
            );
        }
        let unbacked: Vec<&Entry> = l.demands.iter().filter(|d| d.debts.is_empty()).collect();
        if !unbacked.is_empty() {
            let items: Vec<String> = unbacked
                .iter()
                .take(if self.full { usize::MAX } else { FOLDED })
                .map(|d| self.entry_line(o, d))
                .collect();
            o.details(&format!("{} demands with no debt behind them", unbacked.len()), &items);
        }
        if !l.acknowledgements.is_empty() {
            let mut items: Vec<String> = l
                .acknowledgements
                .iter()
                .take(if self.full { usize::MAX } else { FOLDED })
                .map(|e| self.entry_line(o, e))
                .collect();
            // The ledger keeps the strongest (all with --full).
            let rest = l.acknowledgements.len() + l.omitted.acknowledgements - items.len();
            if rest > 0 {
                items.push(o.esc(&format!("… and {rest} more (--full)")));
            }
            o.details(
                &format!(
                    "{} acknowledgements (thanks, verbal cooperation: not payment)",
                    l.acknowledgements.len() + l.omitted.acknowledgements
                ),
                &items,
            );
        }
        o.h(2, "Expectations");
        if l.expectations.is_empty() {
            o.p("No hypothetical or planned favour, demand or answer on the record.");
        } else {
            let items: Vec<String> = l
                .expectations
                .iter()
                .take(if self.full { usize::MAX } else { 12 })
                .map(|e| self.entry_line(o, e))
                .collect();
            o.p(&o.esc("Hypothetical and planned events: listed with who expects them; they do not move the balance."));
            o.list(&items);
        }
        o.h(2, "Obligations");
        if self.instruments.is_empty() {
            o.p("No instrument in the register binds both.");
        }
        let items: Vec<String> = self
            .instruments
            .iter()
            .map(|i| {
                let src = i.sources.first().cloned().unwrap_or_default();
                format!(
                    "{} ({}; {}): {}{}",
                    o.bold(&i.title),
                    o.esc(&i.kind),
                    o.esc(&tables::instrument_dates(i)),
                    if i.obligations.is_empty() {
                        "no obligation coded".to_string()
                    } else {
                        o.esc(&format!("obligations {}", i.obligations.join(", ")))
                    },
                    if src.is_empty() { String::new() } else { format!(". Source: {}", o.esc(&src)) }
                )
            })
            .collect();
        o.list(&items);
        o.h(2, "Alerts");
        if self.alerts.is_empty() {
            o.p("No turn detected.");
        }
        let items: Vec<String> = self
            .alerts
            .iter()
            .map(|al| {
                o.esc(&format!(
                    "{} {} → {}: turn toward {:?} (CUSUM {:.1}; Goldstein sum {:.1} against {:.1})",
                    al.period,
                    self.name(&al.source),
                    self.name(&al.target),
                    al.crossing.turn,
                    al.crossing.statistic,
                    al.crossing.value,
                    al.crossing.baseline
                ))
            })
            .collect();
        o.list(&items);
        o.h(2, "Strongest events");
        let items: Vec<String> = self
            .evidence
            .iter()
            .map(|e| {
                let url = match &e.provenance {
                    quidpro_store::query::StoredProvenance::Document { url, .. } => url.clone(),
                    quidpro_store::query::StoredProvenance::Row { url, .. } => url.clone(),
                    quidpro_store::query::StoredProvenance::None {} => None,
                }
                .unwrap_or_default();
                let name = ledger::code_name(&e.code);
                let text = e.text.clone().unwrap_or_else(|| format!("{} → {}", e.source, e.target));
                format!(
                    "{} {} → {}: {} — “{}” ({}{})",
                    e.date,
                    o.esc(&self.name(&e.source)),
                    o.esc(&self.name(&e.target)),
                    o.bold(&format!("{name} ({}, Goldstein {})", e.code, num(e.goldstein, 1))),
                    o.esc(&text),
                    o.esc(&e.dataset),
                    if linkable(&url) { format!(", {}", o.link(&url, "source")) } else { String::new() }
                )
            })
            .collect();
        o.list(&items);
        if self.full || !o.html {
            // Tables of the series: in full reports.
            if self.full {
                o.h(2, "Series");
                for s in [&self.forward, &self.backward] {
                    o.h(3, &format!("{}→{}", s.dyad.a, s.dyad.b));
                    let md = tables::series(s, tables::Format::Md);
                    if o.html {
                        let _ = writeln!(o.s, "<pre>{}</pre>", svg::esc(&md));
                    } else {
                        o.s.push_str(&md);
                    }
                }
            }
        } else {
            let t = format!(
                "{}\n{}",
                tables::series(&self.forward, tables::Format::Table),
                tables::series(&self.backward, tables::Format::Table)
            );
            let _ = writeln!(
                o.s,
                "<details><summary>The series as tables</summary><pre>{}</pre></details>",
                svg::esc(&t)
            );
        }
        o.h(2, "Method");
        o.p(&o.esc(&format!(
            "Balance: the value of the debts {nb} owes {na} minus those {na} owes {nb}; a debt's value halves every {} days; a favour weighs its |Goldstein| value times its class's factor ({}; any other act 1; diplomatic backing half). Only asserted and reported events move it. Weights and windows: data/ledger.toml. Reciprocity (VAR, Granger tests) in detail: quidpro reciprocity {} {}.",
            l.config.half_life_days,
            l.config
                .classes
                .iter()
                .map(|c| format!("{} {}", c.name, num(c.factor, 1)))
                .collect::<Vec<_>>()
                .join(", "),
            self.a,
            self.b
        )));
        let _ = (DebtStatus::Outstanding, Kind::Favour, Status::Met);
    }
}
