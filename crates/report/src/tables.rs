//! The printers of the relations commands: tables, Markdown, CSV (through the `csv`
//! crate, numbers rounded: Goldstein values and weights to 2 decimals, shares to 4) and
//! JSON, for dyad series, reciprocity, the ledger, obligations and alerts. The CLI
//! computes with `quidpro-analyze` and prints with these; every format a command lists
//! is one of [`Format`]'s and every one works.

use std::collections::HashMap;
use std::fmt::Write as _;

use quidpro_analyze::ledger::{self, Entry, Evidence, Ledger};
use quidpro_analyze::series::DyadSeries;
use quidpro_analyze::{alerts, obligations};
use quidpro_store::Store;

/// Output formats of the relations commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// JSON (the analysis types' serde form).
    Json,
    /// CSV with a header line.
    Csv,
    /// Markdown.
    Md,
}

/// The name of a country a reader expects among its dictionary names (its label is not
/// stored apart): the one most of the others contain ("Russia" in "Russian Federation",
/// "Abkhazia" in "Republic of Abkhazia"; a former name such as "USSR" or a native one
/// such as "Apsny" is in none), then the one that begins most others ("United States", not
/// "America"), then one written in words rather than capitals ("North Korea", not
/// "DPRK"), then the shortest.
pub fn common_name(names: &[String]) -> Option<&str> {
    names
        .iter()
        .min_by_key(|n| {
            let inside = names.iter().filter(|o| o.len() > n.len() && o.contains(n.as_str())).count();
            let starts = names.iter().filter(|o| o.len() > n.len() && o.starts_with(n.as_str())).count();
            let words = n.chars().any(char::is_lowercase);
            (std::cmp::Reverse(inside), std::cmp::Reverse(starts), !words, n.len(), n.as_str())
        })
        .map(String::as_str)
}

/// Names of actors for people: a country code's dictionary name from the store
/// (`TUR` → `Turkey`), a longer code as the country's name and the code
/// (`TURGOV` → `Turkey (TURGOV)`), else the code itself.
#[derive(Default)]
pub struct Names(HashMap<String, String>);

impl Names {
    /// Looks up the names of `codes` in the store's actors: of a country's dictionary
    /// names, [`common_name`]'s choice ("Russia", not "USSR"; "Abkhazia", not "Apsny").
    pub fn lookup<'a>(store: &Store, codes: impl IntoIterator<Item = &'a str>) -> Names {
        let mut map = HashMap::new();
        let conn = store.connection();
        let Ok(mut stmt) = conn.prepare_cached(
            "SELECT name FROM actors WHERE code = ?1 AND origin = 'dictionary' AND kind = 'country' \
             UNION ALL SELECT * FROM (SELECT name FROM actors WHERE code = ?1 AND origin = 'dictionary' \
             AND kind <> 'country' ORDER BY length(name) LIMIT 1)",
        ) else {
            return Names(map);
        };
        for code in codes {
            let Some(country) = code.get(..3) else { continue };
            let Ok(rows) = stmt.query_map([country], |r| r.get::<_, String>(0)) else { continue };
            let names: Vec<String> = rows.filter_map(Result::ok).collect();
            if let Some(name) = common_name(&names) {
                map.insert(country.to_string(), name.to_string());
            }
        }
        Names(map)
    }

    /// The names of a ledger's actors: the pair's and those its demands' contents name
    /// (the third parties a creditor asked action against).
    pub fn for_ledger(store: &Store, l: &Ledger) -> Names {
        let mut codes: Vec<&str> = vec![l.a.as_str(), l.b.as_str()];
        for c in l.demands.iter().chain(&l.expectations).filter_map(|d| d.content.as_ref()) {
            codes.push(&c.source);
            codes.push(&c.target);
        }
        codes.sort_unstable();
        codes.dedup();
        Names::lookup(store, codes)
    }

    /// Adds the name of a country code (tests).
    #[cfg(test)]
    pub(crate) fn insert(&mut self, code: &str, name: &str) {
        self.0.insert(code.into(), name.into());
    }

    /// The name of `code` (see the type's docs).
    pub fn name(&self, code: &str) -> String {
        match (code.get(..3).and_then(|c| self.0.get(c)), code.len()) {
            (Some(n), 3) => n.clone(),
            (Some(n), _) => format!("{n} ({code})"),
            (None, _) if code.is_empty() => "nobody named".to_string(),
            (None, _) => code.to_string(),
        }
    }
}

/// Whether a URL may be a link: http and https only.
pub fn linkable(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("https://") || u.starts_with("http://")
}

fn csv_text(rows: Vec<Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        let _ = w.write_record(&r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A number rounded to `d` decimals, without float noise (`-0` printed as `0`).
pub fn num(x: f64, d: usize) -> String {
    let s = format!("{x:.d$}");
    if s.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
        s.trim_start_matches('-').to_string()
    } else {
        s
    }
}

/// The CSV and table columns of a dyad series.
pub const SERIES_COLUMNS: &[&str] = &[
    "period",
    "events",
    "goldstein_sum",
    "goldstein_mean",
    "quad1",
    "quad2",
    "quad3",
    "quad4",
    "cooperation",
    "conflict",
    "share",
];

/// A dyad series in `format`.
pub fn series(s: &DyadSeries, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(s).unwrap_or_default() + "\n",
        Format::Csv => {
            let mut rows = vec![SERIES_COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>()];
            for p in &s.periods {
                rows.push(vec![
                    p.period.clone(),
                    p.events.to_string(),
                    num(p.goldstein_sum, 2),
                    num(p.goldstein_mean, 2),
                    p.quad[0].to_string(),
                    p.quad[1].to_string(),
                    p.quad[2].to_string(),
                    p.quad[3].to_string(),
                    p.cooperation.to_string(),
                    p.conflict.to_string(),
                    num(p.share, 4),
                ]);
            }
            csv_text(rows)
        }
        Format::Table | Format::Md => {
            let md = format == Format::Md;
            let mut out = String::new();
            if md {
                out.push_str("| period | events | Goldstein sum | mean | coop. | conflict | quad 1/2/3/4 | share |\n|---|---:|---:|---:|---:|---:|---|---:|\n");
            } else {
                let _ = writeln!(
                    out,
                    "{:<9} {:>6} {:>9} {:>6} {:>5} {:>8}  {:<15} {:>6}",
                    "period", "events", "goldstein", "mean", "coop", "conflict", "quad 1/2/3/4", "share"
                );
            }
            for p in &s.periods {
                let q = format!("{}/{}/{}/{}", p.quad[0], p.quad[1], p.quad[2], p.quad[3]);
                if md {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {:.1} | {:.2} | {} | {} | {} | {:.4} |",
                        p.period,
                        p.events,
                        p.goldstein_sum,
                        p.goldstein_mean,
                        p.cooperation,
                        p.conflict,
                        q,
                        p.share
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "{:<9} {:>6} {:>9.1} {:>6.2} {:>5} {:>8}  {:<15} {:>6.4}",
                        p.period,
                        p.events,
                        p.goldstein_sum,
                        p.goldstein_mean,
                        p.cooperation,
                        p.conflict,
                        q,
                        p.share
                    );
                }
            }
            out
        }
    }
}

/// Reciprocity in `format`: `json` the given value, `csv` the two series by period,
/// `table` the text, `md` the text as a Markdown section.
pub fn reciprocity(json: &serde_json::Value, text: &str, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(json).unwrap_or_default() + "\n",
        Format::Csv => {
            let mut rows = vec![vec!["period".to_string(), "x".into(), "y".into()]];
            let col = |k: &str| json[k].as_array().cloned().unwrap_or_default();
            let (p, x, y) = (col("periods"), col("x"), col("y"));
            for (i, period) in p.iter().enumerate() {
                rows.push(vec![
                    period.as_str().unwrap_or("").to_string(),
                    num(x.get(i).and_then(|v| v.as_f64()).unwrap_or(0.0), 2),
                    num(y.get(i).and_then(|v| v.as_f64()).unwrap_or(0.0), 2),
                ]);
            }
            csv_text(rows)
        }
        Format::Table => text.to_string(),
        Format::Md => {
            let mut out = String::from("## Reciprocity\n\n");
            for l in text.lines() {
                let l = l.trim();
                if !l.is_empty() {
                    let _ = writeln!(out, "- {l}");
                }
            }
            out
        }
    }
}

/// What a report of an event says, in one line: the sentence where there is one, else
/// the actor names and the code's name (dataset rows); never a local file path.
pub fn evidence_text(ev: &Evidence, e: &Entry) -> String {
    if let Some(t) = ev.text.as_deref().filter(|t| !t.trim().is_empty()) {
        return t.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let (s, t) = ev.actor_names.clone().unwrap_or((e.source.clone(), e.target.clone()));
    format!("{s} → {t}: {} ({})", e.name, e.code)
}

/// Where a report comes from, for people: the dataset or document, the citations.
pub fn evidence_source(ev: &Evidence) -> String {
    let mut parts = Vec::new();
    match (&ev.title, &ev.story_id) {
        (Some(t), _) if ev.dataset == "quidpro" => parts.push(t.clone()),
        (None, Some(s)) if ev.dataset == "quidpro" => {
            parts.push(s.rsplit('/').next().unwrap_or(s).to_string())
        }
        _ if ev.dataset == "manual" => parts.push("entered by hand".into()),
        _ => parts.push(ev.dataset.clone()),
    }
    if !ev.attribution.is_empty() && ev.dataset == "quidpro" {
        parts.push(format!("according to {}", ev.attribution));
    }
    parts.extend(ev.citations.iter().cloned());
    parts.join("; ")
}

/// What a demand asks for, in words: "Azerbaijan to reduce or stop material aid, aimed at
/// Israel (162): “stop oil shipments to Israel”" (actors by name, the code's name and
/// number, the words of the text).
fn content_words(c: &ledger::DemandContent, names: &Names) -> String {
    let mut s = format!("{} to {}", names.name(&c.source), c.name.to_lowercase());
    if !c.target.is_empty() {
        let _ = write!(s, ", aimed at {}", names.name(&c.target));
    }
    let _ = write!(s, " ({})", c.code);
    if !c.text.trim().is_empty() {
        let _ = write!(s, ": “{}”", c.text.trim());
    }
    s
}

/// A demand in words: who asked what of whom, and how it ended.
pub fn demand_words(d: &Entry, names: &Names) -> String {
    format!("{} — {}", demand_what(d, names), demand_status(d))
}

/// A demand's status in words: `met`, `met (inferred)`, `refused`, ...
pub fn demand_status(d: &Entry) -> String {
    format!("{}{}", d.status.map(|s| s.as_str()).unwrap_or("-"), if d.inferred { " (inferred)" } else { "" })
}

/// A demand in words without its status: its date, who asked what of whom.
pub fn demand_what(d: &Entry, names: &Names) -> String {
    // With its content: "Turkey asked Azerbaijan to fight SYRREB (190)"; a dataset row has
    // none: "Turkey → Azerbaijan: appeal for economic aid (0231)".
    let what = match &d.content {
        Some(c) => format!("{} asked {}", names.name(&d.source), content_words(c, names)),
        None => format!(
            "{} → {}: {} ({})",
            names.name(&d.source),
            names.name(&d.target),
            d.name.to_lowercase(),
            d.code
        ),
    };
    format!("{}: {what}", d.date)
}

/// How many reports a debt's evidence has and when they run: "12 reports from 2020-10-01
/// to 2025-03-18", "1 report of 2024-05-02".
pub(crate) fn reports_span(d: &ledger::Debt) -> String {
    let e = &d.evidence;
    let mut s = format!("{} report{}", e.reports, if e.reports == 1 { "" } else { "s" });
    match (e.first, e.last) {
        (Some(f), Some(l)) if f != l => {
            let _ = write!(s, " from {f} to {l}");
        }
        (Some(f), _) => {
            let _ = write!(s, " of {f}");
        }
        _ => {}
    }
    s
}

/// A debt's evidence in words: "12 reports from 2020-10-01 to 2025-03-18: gdelt2 10,
/// Hürriyet 2" (its sources, most reports first; the others counted).
pub fn debt_evidence_words(d: &ledger::Debt) -> String {
    let e = &d.evidence;
    let mut s = reports_span(d);
    if !e.sources.is_empty() {
        let list: Vec<String> = e.sources.iter().map(|c| format!("{} {}", c.source, c.reports)).collect();
        let _ = write!(s, ": {}", list.join(", "));
        if e.more_sources > 0 {
            let _ = write!(
                s,
                " and {} more source{}",
                e.more_sources,
                if e.more_sources == 1 { "" } else { "s" }
            );
        }
    }
    s
}

/// The ledger's CSV columns (one row per entry).
pub const LEDGER_COLUMNS: &[&str] = &[
    "id",
    "kind",
    "date",
    "source",
    "target",
    "code",
    "name",
    "goldstein",
    "weight",
    "modality",
    "status",
    "inferred",
    "content",
    "how",
    "demand",
    "debts",
    "reports",
    "evidence",
    "url",
];

fn entry_row(e: &Entry) -> Vec<String> {
    let ev = e.evidence.first();
    vec![
        e.id.to_string(),
        format!("{:?}", e.kind).to_lowercase(),
        e.date.to_string(),
        e.source.clone(),
        e.target.clone(),
        e.code.clone(),
        e.name.clone(),
        num(e.goldstein, 1),
        num(e.weight, 2),
        e.modality.clone(),
        e.status.map(|s| s.as_str().to_string()).unwrap_or_default(),
        if e.inferred { "true".into() } else { String::new() },
        e.content.as_ref().map(|c| format!("{}>{}>{}", c.source, c.target, c.code)).unwrap_or_default(),
        e.how.unwrap_or("").to_string(),
        e.demand.map(|d| d.to_string()).unwrap_or_default(),
        e.debts.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(" "),
        e.reports.to_string(),
        ev.map(|v| evidence_text(v, e)).unwrap_or_default(),
        ev.and_then(|v| v.url.clone()).filter(|u| linkable(u)).unwrap_or_default(),
    ]
}

/// The ledger in `format`. Tables and Markdown: the summary, the debts, the demands with
/// their content and status, the answers, the expectations; `full` lists every entry
/// (else the first 20 of each list and a count of the rest).
pub fn ledger(l: &Ledger, names: &Names, format: Format, full: bool) -> String {
    if format == Format::Json {
        return serde_json::to_string_pretty(l).unwrap_or_default() + "\n";
    }
    if format == Format::Csv {
        let mut rows = vec![LEDGER_COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>()];
        let mut all: Vec<&Entry> = [
            &l.favours,
            &l.demands,
            &l.repayments,
            &l.refusals,
            &l.defections,
            &l.acknowledgements,
            &l.expectations,
            &l.negated,
        ]
        .into_iter()
        .flatten()
        .collect();
        all.sort_by_key(|e| (e.date, e.id));
        rows.extend(all.into_iter().map(entry_row));
        return csv_text(rows);
    }
    let md = format == Format::Md;
    let mut out = String::new();
    let summary = l.summary_with(&|c: &str| names.name(c));
    if md {
        let _ = writeln!(out, "## Ledger of {} and {}\n\n**{summary}.**", names.name(&l.a), names.name(&l.b));
    } else {
        let _ = writeln!(out, "{summary}.");
    }
    if let Some(d) = l.as_of {
        let _ = writeln!(
            out,
            "{}As of {d}; a debt's value halves every {} days; weights and windows: data/ledger.toml.",
            if md { "\n" } else { "" },
            l.config.half_life_days
        );
    }
    let h = |out: &mut String, t: &str| {
        if md {
            let _ = write!(out, "\n### {t}\n\n");
        } else {
            let _ = write!(out, "\n{t}\n");
        }
    };
    let item = if md { "- " } else { "  " };
    let cap = if full { usize::MAX } else { 20 };
    let more = |out: &mut String, n: usize| {
        if n > cap {
            let _ = writeln!(out, "{item}… and {} more (--full)", n - cap);
        }
    };
    h(&mut out, &format!("Debts ({})", l.debts.len()));
    let mut debts: Vec<&ledger::Debt> = l.debts.iter().collect();
    debts.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.date.cmp(&b.date)));
    for d in debts.iter().take(cap) {
        let f = l.entry(d.favour);
        let _ = writeln!(
            out,
            "{item}{} {} owes {} {} of {} — {}: {}{}",
            d.date,
            names.name(&d.debtor),
            names.name(&d.creditor),
            num(d.value, 1),
            num(d.weight, 1),
            d.status.as_str(),
            f.map(|f| format!("{} ({}, Goldstein {})", f.name, f.code, num(f.goldstein, 1)))
                .unwrap_or_default(),
            f.and_then(|f| f.evidence.first().map(|ev| format!(": {}", evidence_text(ev, f))))
                .unwrap_or_default(),
        );
        if d.evidence.reports > 1 {
            let _ = writeln!(out, "    {}", debt_evidence_words(d));
        }
    }
    more(&mut out, debts.len());
    let o = &l.omitted;
    for (title, list, omitted) in [
        ("Demands", &l.demands, 0),
        ("Repayments", &l.repayments, 0),
        ("Refusals", &l.refusals, o.refusals),
        ("Defections", &l.defections, o.defections),
        (
            "Acknowledgements (thanks and verbal cooperation: not payment)",
            &l.acknowledgements,
            o.acknowledgements,
        ),
        ("Expectations (hypothetical and planned: do not move the balance)", &l.expectations, 0),
        ("Negated, denied, questioned (left out)", &l.negated, 0),
    ] {
        if list.is_empty() {
            continue;
        }
        // The ledger keeps the strongest of those that answer no demand (all with --full).
        let total = list.len() + omitted;
        h(&mut out, &format!("{title} ({total})"));
        for e in list.iter().take(cap) {
            let line = match e.kind {
                ledger::Kind::Demand if e.modality == "asserted" || e.modality == "reported" => {
                    demand_words(e, names)
                }
                _ => format!(
                    "{} {} → {}: {} ({}, Goldstein {}){}{}",
                    e.date,
                    names.name(&e.source),
                    names.name(&e.target),
                    e.name,
                    e.code,
                    num(e.goldstein, 1),
                    if e.weight > 0.0 { format!(", pays {}", num(e.weight, 1)) } else { String::new() },
                    match (&e.how, &e.toward) {
                        (_, Some(aim)) =>
                            format!(" toward {}'s aim against {}", names.name(&e.target), aim.actor),
                        (Some(h), None) => format!(" [{h}]"),
                        _ => String::new(),
                    }
                ),
            };
            let asserted = if matches!(e.modality.as_str(), "asserted" | "reported") {
                String::new()
            } else {
                format!(" [{}, according to {}]", e.modality, e.attribution)
            };
            let ev = e.evidence.first().map(|v| evidence_text(v, e)).unwrap_or_default();
            let reports = if e.reports > 1 { format!(" ({} reports)", e.reports) } else { String::new() };
            let _ = writeln!(out, "{item}{line}{asserted}{reports}");
            if !ev.is_empty() && !line.contains(&ev) {
                let _ = writeln!(out, "    {ev}");
            }
        }
        more(&mut out, total);
    }
    out
}

/// Dates of an instrument in words, without placeholders: what is known.
pub fn instrument_dates(i: &obligations::Instrument) -> String {
    let mut parts = Vec::new();
    if let Some(d) = i.signed {
        parts.push(format!("signed {d}"));
    }
    if let Some(d) = i.in_force {
        parts.push(format!("in force {d}"));
    }
    if let Some(d) = i.ends {
        parts.push(format!("ended {d}"));
    }
    if parts.is_empty() {
        parts.push("dates not in the register".into());
    }
    parts.join(", ")
}

/// Instruments in `format`.
pub fn instruments(list: &[&obligations::Instrument], format: Format) -> String {
    let mut out = String::new();
    match format {
        Format::Json => return serde_json::to_string_pretty(list).unwrap_or_default() + "\n",
        Format::Csv => {
            let mut rows = vec![[
                "id",
                "title",
                "kind",
                "signed",
                "in_force",
                "ends",
                "parties",
                "obligations",
                "conditions",
                "source",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()];
            for i in list {
                let d = |x: Option<chrono::NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
                rows.push(vec![
                    i.id.clone(),
                    i.title.clone(),
                    i.kind.clone(),
                    d(i.signed),
                    d(i.in_force),
                    d(i.ends),
                    i.parties.join(" "),
                    i.obligations.join(" "),
                    i.conditions.clone(),
                    i.sources.first().cloned().unwrap_or_default(),
                ]);
            }
            return csv_text(rows);
        }
        Format::Md => {
            for i in list {
                let _ = write!(
                    out,
                    "- **{}** ({}; {}){}. Parties: {}. Obligations: {}.",
                    i.title,
                    i.kind,
                    instrument_dates(i),
                    if i.conditions.is_empty() { String::new() } else { format!(": {}", i.conditions) },
                    i.parties.join(", "),
                    if i.obligations.is_empty() {
                        "none coded".to_string()
                    } else {
                        i.obligations.join(", ")
                    }
                );
                if let Some(s) = i.sources.first() {
                    let _ = write!(out, " Source: {s}.");
                }
                out.push('\n');
            }
        }
        Format::Table => {
            for i in list {
                let _ = writeln!(
                    out,
                    "{} [{}]\n  {}; {}\n  parties: {}\n  obligations: {}",
                    i.title,
                    i.id,
                    i.kind,
                    instrument_dates(i),
                    i.parties.join(", "),
                    i.obligations.join(", ")
                );
                if !i.conditions.is_empty() {
                    let _ = writeln!(out, "  conditions: {}", i.conditions);
                }
                for s in &i.sources {
                    let _ = writeln!(out, "  source: {s}");
                }
            }
        }
    }
    out
}

/// Alerts in `format`.
pub fn alerts(list: &[alerts::Alert], format: Format) -> String {
    let mut out = String::new();
    match format {
        Format::Json => return serde_json::to_string_pretty(list).unwrap_or_default() + "\n",
        Format::Csv => {
            let mut rows =
                vec![["period", "source", "target", "turn", "cusum", "goldstein_sum", "baseline", "events"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()];
            for a in list {
                rows.push(vec![
                    a.period.clone(),
                    a.source.clone(),
                    a.target.clone(),
                    format!("{:?}", a.crossing.turn).to_lowercase(),
                    num(a.crossing.statistic, 2),
                    num(a.crossing.value, 2),
                    num(a.crossing.baseline, 2),
                    a.events.len().to_string(),
                ]);
            }
            return csv_text(rows);
        }
        Format::Md | Format::Table => {
            let md = format == Format::Md;
            for a in list {
                let _ = writeln!(
                    out,
                    "{}{} {}→{}: turn toward {:?} (CUSUM {:.1}; Goldstein sum {:.1} against a baseline of {:.1})",
                    if md { "- " } else { "" },
                    a.period,
                    a.source,
                    a.target,
                    a.crossing.turn,
                    a.crossing.statistic,
                    a.crossing.value,
                    a.crossing.baseline
                );
                for e in &a.events {
                    let _ = writeln!(
                        out,
                        "    {}{} {} {}→{} {:.1} {}",
                        if md { "- " } else { "" },
                        e.date,
                        e.code,
                        e.source,
                        e.target,
                        e.goldstein,
                        e.text.clone().or_else(|| e.url.clone().filter(|u| linkable(u))).unwrap_or_default()
                    );
                }
            }
            if list.is_empty() {
                out.push_str("no alerts\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_goes_by_its_common_name() {
        let of = |names: &[&str]| {
            let v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
            common_name(&v).map(str::to_string)
        };
        let russia = [
            "Russia",
            "Russian Federation",
            "Soviet Union",
            "USSR",
            "U.S.S.R.",
            "Union of Soviet Socialist Republics",
        ];
        assert_eq!(of(&russia).as_deref(), Some("Russia"));
        assert_eq!(of(&["Abkhazia", "Republic of Abkhazia", "Apsny"]).as_deref(), Some("Abkhazia"));
        assert_eq!(
            of(&["North Korea", "Democratic People's Republic of Korea", "DPRK"]).as_deref(),
            Some("North Korea")
        );
        let usa = ["United States", "United States of America", "the US", "U.S.", "USA", "U.S.A.", "America"];
        assert_eq!(of(&usa).as_deref(), Some("United States"));
        let sahara = ["Western Sahara", "Sahrawi Arab Democratic Republic", "Sahrawi Republic", "SADR"];
        assert_eq!(of(&sahara).as_deref(), Some("Western Sahara"));
        assert_eq!(
            of(&["Turkey", "Türkiye", "Republic of Turkey", "Republic of Türkiye"]).as_deref(),
            Some("Turkey")
        );
        assert_eq!(of(&[]), None);
    }

    #[test]
    fn a_demand_in_words_names_who_is_to_do_what_to_whom() {
        let mut names = Names::default();
        for (c, n) in [("TUR", "Turkey"), ("AZE", "Azerbaijan"), ("ISR", "Israel")] {
            names.0.insert(c.into(), n.into());
        }
        let d = Entry {
            id: 0,
            kind: ledger::Kind::Demand,
            date: chrono::NaiveDate::from_ymd_opt(2025, 9, 3).unwrap(),
            date_precision: "day".into(),
            code: "100".into(),
            name: ledger::code_name("100"),
            goldstein: -5.0,
            weight: 0.0,
            source: "TURGOV".into(),
            target: "AZE".into(),
            modality: "asserted".into(),
            attribution: String::new(),
            status: Some(ledger::Status::Met),
            inferred: true,
            content: Some(ledger::DemandContent {
                source: "AZE".into(),
                target: "ISR".into(),
                code: "162".into(),
                name: ledger::code_name("162"),
                modality: "planned".into(),
                text: "stop oil shipments to Israel ".into(),
            }),
            answer: None,
            debts: vec![0],
            demand: None,
            how: None,
            toward: None,
            reports: 0,
            evidence: Vec::new(),
        };
        assert_eq!(
            demand_words(&d, &names),
            "2025-09-03: Turkey (TURGOV) asked Azerbaijan to reduce or stop material aid, aimed at Israel (162): \
             “stop oil shipments to Israel” — met (inferred)"
        );
        let mut row = d.clone();
        row.content = None;
        row.status = Some(ledger::Status::Refused);
        row.inferred = false;
        assert_eq!(demand_status(&row), "refused");
        assert!(
            demand_what(&row, &names).ends_with("Turkey (TURGOV) → Azerbaijan: demand (100)"),
            "{}",
            demand_what(&row, &names)
        );
    }

    #[test]
    fn numbers_and_links() {
        assert_eq!(num(0.1 + 0.2, 2), "0.30");
        assert_eq!(num(-0.0001, 2), "0.00");
        assert!(linkable("https://example.org") && linkable("HTTP://x"));
        assert!(!linkable("javascript:alert(1)") && !linkable("/home/me/file.csv") && !linkable("file:///x"));
    }

    #[test]
    fn csv_quotes_and_rounds() {
        let t = csv_text(vec![vec!["a,b".into(), "say \"x\"".into(), num(7.4 + 0.9, 2)]]);
        assert_eq!(t, "\"a,b\",\"say \"\"x\"\"\",8.30\n");
    }
}
