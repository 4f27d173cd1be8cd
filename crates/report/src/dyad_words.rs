//! The dyad report's first screen in words: each debt called in as a sentence an analyst
//! can forward ("2025-02-11: Turkey asked Azerbaijan to use conventional military force
//! against rebels in Syria (190) — refused on 2025-03-03: “Aliyev rejected …”"), and a
//! debt's evidence in brief.

use std::fmt::Write as _;

use quidpro_analyze::ledger::{self, Answer, DemandContent, Entry, Status};

use crate::tables::Names;

/// What a role code after the country means, for a reader: the state's own agents read as
/// the state; the others name who they are (`None`: the state itself).
fn role_words(role: &str) -> Option<&'static str> {
    Some(match role {
        "REB" => "rebels",
        "INS" => "insurgents",
        "SEP" => "separatists",
        "OPP" => "the opposition",
        "UAF" => "armed groups",
        "CRM" => "criminals",
        "RAD" => "radicals",
        "CVL" => "civilians",
        "BUS" => "companies",
        "REF" => "refugees",
        "MED" => "the media",
        "NGO" => "NGOs",
        _ => return None,
    })
}

/// An actor for a reader: a state or one of its agents by the state's name ("Turkey" for
/// `TURGOV`), a non-state group by what it is and where ("rebels in Syria (SYRREB)"), an
/// unknown code as itself.
pub(crate) fn actor(names: &Names, code: &str) -> String {
    if code.is_empty() {
        return "nobody named".into();
    }
    let country = names.name(code.get(..3).unwrap_or(code));
    match code.get(3..6).and_then(role_words) {
        Some(w) => format!("{w} in {country} ({code})"),
        // The state or its agents (TURGOV, USAMIL): the state's name, else its code.
        None => country,
    }
}

/// The word that ties a demanded act to its target, by the act's code (the longest
/// prefix listed): aid, recognition and releases go "to" their receiver, conflict and
/// sanctions are "against" it, criticism, rejection and threats take it as their object
/// (""), the rest is done "with" it.
fn preposition(code: &str) -> &'static str {
    const BY_PREFIX: [(&str, &str); 14] = [
        ("051", ""),
        ("054", "to"),
        ("055", "to"),
        ("07", "to"),
        ("084", "to"),
        ("09", ""),
        ("11", ""),
        ("12", ""),
        ("13", ""),
        ("162", "to"),
        ("163", "against"),
        ("166", "from"),
        ("16", "with"),
        ("10", "of"),
    ];
    if let Some((_, w)) = BY_PREFIX.iter().filter(|(p, _)| code.starts_with(p)).max_by_key(|(p, _)| p.len()) {
        return w;
    }
    match code.get(..2).and_then(|r| r.parse::<u8>().ok()).unwrap_or(0) {
        14 | 15 | 17..=20 => "against",
        _ => "with",
    }
}

/// What a demand asks for, in words: "Azerbaijan to use conventional military force
/// against rebels in Syria (190)" (the code's name, then its number).
pub(crate) fn content_phrase(c: &DemandContent, names: &Names) -> String {
    let mut s = format!("{} to {}", actor(names, &c.source), lower_first(&c.name));
    if !c.target.is_empty() {
        let w = preposition(&c.code);
        let _ = write!(s, " {w}{}{}", if w.is_empty() { "" } else { " " }, actor(names, &c.target));
    }
    let _ = write!(s, " ({})", c.code);
    s
}

/// A string with its first letter in lower case (a code's name inside a sentence; names
/// such as "NATO" in it keep their case).
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A debt called in, in words without its status: "2025-02-11: Turkey asked Azerbaijan to
/// …"; a demand without content (a dataset row): "… Turkey → Azerbaijan: demand (100)".
pub(crate) fn call(d: &Entry, names: &Names) -> String {
    match &d.content {
        Some(c) => format!("{}: {} asked {}", d.date, actor(names, &d.source), content_phrase(c, names)),
        None => format!(
            "{}: {} → {}: {} ({}; what was asked is not known)",
            d.date,
            actor(names, &d.source),
            actor(names, &d.target),
            lower_first(&d.name),
            d.code
        ),
    }
}

/// How a demand ended, in words, with its evidence: "met on 2025-02-17 (share
/// intelligence or information, 064): “…”", "evaded: no answer by 2024-02-01, when the
/// 365-day window ran out", "outstanding".
pub(crate) fn answer(d: &Entry, window_days: i64) -> String {
    let status = d.status.map_or("-", |s| s.as_str());
    let inferred = if d.inferred { " (inferred from later cooperation)" } else { "" };
    let Some(a) = &d.answer else {
        return match d.status {
            Some(Status::Outstanding) => format!("outstanding (no answer yet; {window_days}-day window)"),
            _ => format!("{status}{inferred}"),
        };
    };
    let how = match a.how {
        "compliance" => "",
        "inferred" => "",
        "rejection" => "rejected",
        "defection" => "a hostile act",
        "refused_act" => "the act refused",
        "contrary_act" => "the opposite done",
        "abstention" => "abstained",
        "not_done" => "still not done",
        "no_answer" => "neither accepted nor rejected",
        "lapse" => {
            return format!("{status}: no answer by {}, when the {window_days}-day window ran out", a.date)
        }
        other => other,
    };
    let mut s = format!("{status}{inferred} on {}", a.date);
    // A rejection says what it is; other acts name their code.
    let what = if a.how == "rejection" { String::new() } else { act_words(a) };
    match (how.is_empty(), what.is_empty()) {
        (true, true) => {}
        (true, false) => {
            let _ = write!(s, " ({what})");
        }
        (false, true) => {
            let _ = write!(s, " ({how})");
        }
        (false, false) => {
            let _ = write!(s, " ({how}: {what})");
        }
    }
    if let Some(t) = a.evidence.as_ref().and_then(|e| e.text.as_deref()).filter(|t| !t.trim().is_empty()) {
        let _ = write!(s, ": “{}”", t.trim());
    } else if let Some(e) = &a.evidence {
        // A dataset row: its dataset, actor names and source URL (printed, never linked here).
        let _ = write!(s, ": {} row", e.dataset);
        if let Some((x, y)) = &e.actor_names {
            let _ = write!(s, " {x} → {y}");
        }
        if let Some(u) = e.url.as_deref().filter(|u| crate::tables::linkable(u)) {
            let _ = write!(s, ", {u}");
        }
    }
    s
}

/// The answering act's code in words: "share intelligence or information, 064".
fn act_words(a: &Answer) -> String {
    match (&a.name, &a.code) {
        (Some(n), Some(c)) => format!("{}, {c}", lower_first(n)),
        (None, Some(c)) => c.clone(),
        _ => String::new(),
    }
}

/// A debt's evidence in brief: "4 reports from 2020-09-01 to 2025-02-17; sources: The
/// Karabakh Debt Comes Due (4)".
pub(crate) fn debt_evidence(d: &ledger::Debt) -> String {
    let e = &d.evidence;
    let mut s = crate::tables::reports_span(d);
    if !e.sources.is_empty() {
        let list: Vec<String> = e.sources.iter().map(|c| format!("{} ({})", c.source, c.reports)).collect();
        let _ = write!(s, "; sources: {}", list.join(", "));
        if e.more_sources > 0 {
            let _ = write!(s, " and {} more", e.more_sources);
        }
    }
    s
}

/// A turn of the first screen: "2021-01: Turkey → Azerbaijan turned toward cooperation
/// (Goldstein sum 30.5 against a baseline of 16.9)". Only the turn's word is in lower
/// case; the countries keep their names.
pub(crate) fn turn(
    period: &str,
    source: &str,
    target: &str,
    toward: &str,
    value: f64,
    baseline: f64,
) -> String {
    format!(
        "{period}: {source} → {target} turned toward {} (Goldstein sum {value:.1} against a baseline of {baseline:.1})",
        toward.to_lowercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_turn_keeps_the_countries_names() {
        let t = turn("2021-01", "Turkey", "Azerbaijan", "Cooperation", 30.52, 16.9);
        assert_eq!(t, "2021-01: Turkey → Azerbaijan turned toward cooperation (Goldstein sum 30.5 against a baseline of 16.9)");
    }

    fn names() -> Names {
        let mut n = Names::default();
        for (c, name) in [("TUR", "Turkey"), ("AZE", "Azerbaijan"), ("SYR", "Syria"), ("USA", "USA")] {
            n.insert(c, name);
        }
        n
    }

    fn demand(content: DemandContent, status: Status, answer: Option<Answer>) -> Entry {
        Entry {
            id: 0,
            kind: ledger::Kind::Demand,
            date: chrono::NaiveDate::from_ymd_opt(2025, 2, 11).unwrap(),
            date_precision: "day".into(),
            code: "0234".into(),
            name: ledger::code_name("0234"),
            goldstein: 3.4,
            weight: 0.0,
            source: "TURGOV".into(),
            target: "AZE".into(),
            modality: "asserted".into(),
            attribution: String::new(),
            status: Some(status),
            inferred: false,
            content: Some(content),
            answer,
            debts: vec![0],
            demand: None,
            how: None,
            toward: None,
            reports: 1,
            evidence: Vec::new(),
        }
    }

    fn content(code: &str, target: &str) -> DemandContent {
        DemandContent {
            source: "AZE".into(),
            target: target.into(),
            code: code.into(),
            name: ledger::code_name(code),
            modality: "planned".into(),
            text: String::new(),
        }
    }

    #[test]
    fn a_demanded_act_takes_its_target_with_the_right_word() {
        let n = names();
        let phrase = |code: &str, t: &str| content_phrase(&content(code, t), &n);
        assert_eq!(phrase("054", "ESH"), "Azerbaijan to grant diplomatic recognition to ESH (054)");
        assert_eq!(phrase("163", "ABK").split(" (").next().unwrap().rsplit(' ').nth(1), Some("against"));
        assert!(phrase("0841", "TUR").contains(" to Turkey (0841)"), "{}", phrase("0841", "TUR"));
        assert!(
            phrase("111", "TUR").ends_with("criticize or denounce Turkey (111)"),
            "{}",
            phrase("111", "TUR")
        );
        assert!(phrase("064", "TURGOV").ends_with("with Turkey (064)"));
        assert!(phrase("161", "TUR").contains("relations with Turkey"), "{}", phrase("161", "TUR"));
        // A state's agents read as the state, also when its name is its code.
        assert!(phrase("064", "USAGOV").ends_with("with USA (064)"), "{}", phrase("064", "USAGOV"));
        assert!(phrase("19", "SYRREB").ends_with("against rebels in Syria (SYRREB) (19)"));
    }

    #[test]
    fn a_call_reads_as_a_sentence_with_its_answer() {
        let n = names();
        let d = demand(content("190", "SYRREB"), Status::Outstanding, None);
        assert_eq!(
            call(&d, &n),
            "2025-02-11: Turkey asked Azerbaijan to use conventional military force against rebels in Syria (SYRREB) (190)"
        );
        assert_eq!(answer(&d, 365), "outstanding (no answer yet; 365-day window)");
        let lapse = Answer {
            date: chrono::NaiveDate::from_ymd_opt(2026, 2, 11).unwrap(),
            how: "lapse",
            code: None,
            name: None,
            evidence: None,
        };
        let d = demand(content("064", "TUR"), Status::Evaded, Some(lapse));
        assert!(
            call(&d, &n).ends_with("asked Azerbaijan to share intelligence or information with Turkey (064)")
        );
        assert_eq!(answer(&d, 365), "evaded: no answer by 2026-02-11, when the 365-day window ran out");
        let ev = ledger::Evidence {
            text: Some("Aliyev rejected the request.".into()),
            ..ledger::Evidence::default()
        };
        let rejected = Answer {
            date: chrono::NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(),
            how: "rejection",
            code: Some("120".into()),
            name: Some(ledger::code_name("120")),
            evidence: Some(ev),
        };
        let d = demand(content("162", "ISR"), Status::Refused, Some(rejected));
        assert!(call(&d, &n).ends_with("to reduce or stop material aid to ISR (162)"), "{}", call(&d, &n));
        assert_eq!(answer(&d, 365), "refused on 2025-03-03 (rejected): “Aliyev rejected the request.”");
    }
}
