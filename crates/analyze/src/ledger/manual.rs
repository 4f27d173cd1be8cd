//! Manual ledger entries: analysts' favours, demands, repayments, refusals and
//! defections not in the data, each with its citation.

use chrono::{Datelike, NaiveDate};

use super::{code_name, Entry, Evidence, Kind};
use crate::Error;

/// A manual entry file: analysts' favours, demands, repayments, refusals and defections
/// not in the data, each with its citation.
///
/// ```text
/// entry favour TUR AZE 2020-10-01
///   code: 072
///   weight: 8.3                # optional: default the code's Goldstein value
///   text: Turkey supplied Bayraktar TB2 drones used in the 2020 war.
///   citation: "Turkish drones in Karabakh", Anadolu Agency, 01.10.2020, https://example.org/a
/// ```
///
/// `entry KIND A B DATE`: A is always the creditor and B the debtor, whatever the kind
/// (a repayment `entry repayment TUR AZE ...` is Azerbaijan repaying Turkey).
///
/// # Errors
/// [`Error::Line`] naming the first bad line.
pub fn parse_manual(file: &str, text: &str) -> Result<Vec<(String, String, Entry)>, Error> {
    let err = |line: usize, message: String| Error::Line { file: file.to_string(), line, message };
    let mut out: Vec<(String, String, Entry)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.split(" #").next().unwrap_or("").trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            let parts: Vec<&str> = line.split_whitespace().collect();
            let [kw, kind, a, b, date] = parts.as_slice() else {
                return Err(err(n, format!("expected `entry KIND A B YYYY-MM-DD`, got {line:?}")));
            };
            if *kw != "entry" {
                return Err(err(n, format!("expected `entry`, got {kw:?}")));
            }
            let kind = Kind::parse(kind).ok_or_else(|| {
                err(n, format!("unknown kind {kind:?} (favour, demand, repayment, refusal, defection, acknowledgement)"))
            })?;
            // Years 0001 to 9999: the ledger's windows are added to the date.
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .ok()
                .filter(|d| (1..=9999).contains(&d.year()))
                .ok_or_else(|| err(n, format!("bad date {date:?} (YYYY-MM-DD, years 0001 to 9999)")))?;
            let (source, target) = match kind {
                Kind::Favour | Kind::Demand => (a.to_string(), b.to_string()),
                _ => (b.to_string(), a.to_string()),
            };
            out.push((
                a.to_string(),
                b.to_string(),
                Entry {
                    id: 0,
                    kind,
                    date,
                    date_precision: "day".into(),
                    code: String::new(),
                    name: String::new(),
                    goldstein: 0.0,
                    weight: f64::NAN,
                    source,
                    target,
                    modality: "asserted".into(),
                    attribution: "manual".into(),
                    status: None,
                    inferred: false,
                    content: None,
                    answer: None,
                    debts: Vec::new(),
                    demand: None,
                    how: None,
                    toward: None,
                    reports: 1,
                    evidence: vec![Evidence {
                        dataset: "manual".into(),
                        date: Some(date),
                        ..Default::default()
                    }],
                },
            ));
            continue;
        }
        let Some((_, _, entry)) = out.last_mut() else {
            return Err(err(n, "field outside an entry".into()));
        };
        let (k, v) = line
            .trim()
            .split_once(':')
            .ok_or_else(|| err(n, format!("expected `field: value`, got {line:?}")))?;
        let v = v.trim();
        match k.trim() {
            "code" => {
                let c = quidpro_event::EventCode::parse(v).map_err(|e| err(n, e.to_string()))?;
                entry.code = c.as_str().to_string();
                entry.name = code_name(&entry.code);
                entry.goldstein = c.goldstein();
                if entry.weight.is_nan() {
                    entry.weight = c.goldstein();
                }
            }
            "weight" => {
                entry.weight = v
                    .parse::<f64>()
                    .ok()
                    .filter(|w| w.is_finite())
                    .ok_or_else(|| err(n, format!("weight must be a finite number, got {v:?}")))?
            }
            "text" => entry.evidence[0].text = Some(v.to_string()),
            "citation" => entry.evidence[0].citations = vec![v.to_string()],
            "url" => entry.evidence[0].url = Some(v.to_string()),
            other => {
                return Err(err(n, format!("unknown field `{other}` (code, weight, text, citation, url)")))
            }
        }
    }
    for (_, _, e) in &out {
        if e.code.is_empty() {
            return Err(Error::Invalid(format!("{file}: an entry of {} has no `code`", e.date)));
        }
        if e.evidence[0].citations.is_empty() {
            return Err(Error::Invalid(format!("{file}: the entry of {} has no `citation`", e.date)));
        }
    }
    Ok(out)
}
