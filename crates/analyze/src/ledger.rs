//! The quid-pro-quo ledger of an ordered pair: A (the creditor) and B (the debtor).
//!
//! Entries, from the store's events between A and B (each cluster once) and from a file
//! of entries that analysts add by hand ([`parse_manual`]):
//!
//! | kind | direction | CAMEO roots | weight |
//! |---|---|---|---|
//! | favour | A → B | 06 material cooperation, 07 aid, 08 yield | Goldstein value |
//! | demand | A → B, after A's first favour | 02 appeal, 10 demand | \|Goldstein\| |
//! | repayment | B → A, after A's first favour | 05 diplomatic cooperation (but 051), 06, 07, 08 | Goldstein value |
//! | acknowledgement | B → A, after A's first favour | 051 praise, endorse, thank | Goldstein value |
//! | repayment toward A's aims | B → C, after A's first favour, C an opponent A has stated | 10–20 (conflict) | \|Goldstein\| × `aims_weight` |
//! | refusal | B → A, after A's first favour | 12 reject | \|Goldstein\| |
//! | defection | B → A, after A's first favour | 11, 13–20 (conflict other than refusal) | \|Goldstein\| |
//!
//! **Balance** (positive when B owes A): favours add their weight, repayments subtract
//! theirs (thanks acknowledge a debt, they do not pay it: acknowledgements are listed
//! but do not move the balance); the balance decays with a half-life (default 365 days): between two entries
//! `t` days apart it is multiplied by `0.5^(t / half_life)`. Demands, refusals and
//! defections are recorded but do not move the balance: they tell whether and how the
//! debt is called in and answered.
//!
//! **A's stated aims** (with `Options::aims`, `quidpro ledger --aims`). B also repays A by acting on what A has said it wants: when A has
//! spoken against a third party C (verbal conflict, quad class 3: demands, disapproval,
//! rejection, threats, protests against C) at least `aims_min_statements` times in the
//! `aims_window_days` before B's act, B's conflict toward C (quad classes 3 and 4) is a
//! repayment toward A's aims, weighted by its |Goldstein| × `aims_weight` (default 0.5: an
//! indirect service counts half of direct help). Third parties are compared by their
//! **aim key**: the country of a state actor (`ARMGOV`, `ARMMIL` → `ARM`), or country and
//! role of a non-state one (`TURREB` for the PKK, `SYRREB` for the YPG; roles REB, INS, SEP,
//! UAF, OPP, RAD, CRM), or the first two blocks of a transnational one (`IGONAT`, `IMGMOS`).
//! A's and B's own states are never a third party, nor are B's own adversaries: a C that
//! B was in conflict with before A first spoke against it (Azerbaijan's war with Armenia
//! does not repay Turkey for taking Azerbaijan's side in it). The entry's `toward` names C and carries
//! A's statements against C (the latest three) as evidence of the aim.
//!
//! A **demand** is `met` when a repayment follows it, `refused` when a refusal or a
//! defection follows it first, and `open` otherwise.
//!
//! Every entry carries its **evidence**: the events behind it (id, dataset, date, code,
//! the story and sentence or the file and line, the sentence's text, the URL), or for a
//! manual entry its text and citation.

use std::collections::BTreeSet;

use chrono::{NaiveDate, TimeDelta};
use quidpro_store::Store;
use serde::Serialize;

use crate::series::Dyad;
use crate::Error;

/// The kind of a ledger entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A's cooperation, aid or yielding toward B.
    Favour,
    /// A's demand or appeal to B after a favour.
    Demand,
    /// B's cooperation toward A after a favour.
    Repayment,
    /// B's rejection of A.
    Refusal,
    /// B's praise or thanks to A after a favour: the debt acknowledged, not paid.
    Acknowledgement,
    /// B's conflict toward A.
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

/// The evidence behind an entry.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Evidence {
    /// The event's stable id (empty for manual entries).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub event_id: String,
    /// Dataset, or `manual`.
    pub dataset: String,
    /// The story (our document key).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story_id: Option<String>,
    /// Sentence index.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence: Option<i64>,
    /// The sentence's text, or the manual entry's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The imported file and line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_line: Option<String>,
    /// Source URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Who asserts it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub attribution: String,
    /// A manual entry's citation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
}

/// One entry of the ledger.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    /// Its kind.
    pub kind: Kind,
    /// `YYYY-MM-DD`.
    pub date: NaiveDate,
    /// CAMEO code.
    pub code: String,
    /// Weight (see the table in the module docs).
    pub weight: f64,
    /// Source actor code.
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// For demands: `met`, `refused` or `open`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// What it rests on.
    pub evidence: Vec<Evidence>,
    /// For a repayment toward the creditor's stated aims: the third party and A's
    /// statements against it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toward: Option<Aim>,
}

/// A creditor's stated aim that a repayment serves: opposition to a third party.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Aim {
    /// The third party's aim key (see the module docs).
    pub actor: String,
    /// How many of A's statements against it fall in the window before the repayment.
    pub statements: usize,
    /// The latest three of them.
    pub stance: Vec<Evidence>,
}

/// The ledger of a pair.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ledger {
    /// A, the creditor.
    pub creditor: String,
    /// B, the debtor.
    pub debtor: String,
    /// Half-life of the balance, in days.
    pub half_life_days: f64,
    /// A's favours to B.
    pub favours: Vec<Entry>,
    /// A's demands on B.
    pub demands: Vec<Entry>,
    /// B's repayments.
    pub repayments: Vec<Entry>,
    /// B's refusals.
    pub refusals: Vec<Entry>,
    /// B's defections.
    pub defections: Vec<Entry>,
    /// B's thanks and praise: the debt acknowledged.
    pub acknowledgements: Vec<Entry>,
    /// The balance on the last entry's date (positive: B owes A).
    pub balance: f64,
    /// The balance after each entry that moves it: (date, balance).
    pub balance_series: Vec<(NaiveDate, f64)>,
    /// The demands still open.
    pub open_demands: Vec<Entry>,
}

/// Ledger options.
#[derive(Clone, Debug)]
pub struct Options {
    /// Half-life of the balance, in days.
    pub half_life_days: f64,
    /// Only events up to this day.
    pub until: Option<NaiveDate>,
    /// Count repayments toward the creditor's stated aims. Off by default: over a large
    /// machine-coded store it reads every conflict event of both actors (seconds, not
    /// milliseconds, at 10 million events) and finds many incidental alignments.
    pub aims: bool,
    /// How far back A's statements against a third party count, in days.
    pub aims_window_days: i64,
    /// How many of A's statements make an aim.
    pub aims_min_statements: usize,
    /// The weight of a repayment toward A's aims, as a share of its |Goldstein|.
    pub aims_weight: f64,
    /// The modalities counted (default asserted and reported; imported events count as
    /// asserted).
    pub modalities: crate::series::Modalities,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            half_life_days: 365.0,
            until: None,
            aims: false,
            aims_window_days: 365,
            aims_min_statements: 2,
            aims_weight: 0.5,
            modalities: crate::series::Modalities::default(),
        }
    }
}

/// Whether `code` stands for the party that the prefix `party` names in a ledger: a
/// country prefix (`TUR`) means the state and its people, not the non-state armed or
/// opposition groups coded with that country (`TURREB`, the PKK, neither owes nor is owed
/// Turkey's debts); a longer prefix is taken as given.
fn state_side(code: &str, party: &str) -> bool {
    party.len() > 3 || aim_key(code).as_deref() == code.get(..3)
}

/// The aim key of an actor code (see the module docs); `None` for codes too short to say.
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

fn classify(forward: bool, root: &str, code: &str) -> Option<Kind> {
    match (forward, root) {
        (false, "05") if code.starts_with("051") => Some(Kind::Acknowledgement),
        (true, "06" | "07" | "08") => Some(Kind::Favour),
        (true, "02" | "10") => Some(Kind::Demand),
        (false, "05" | "06" | "07" | "08") => Some(Kind::Repayment),
        (false, "12") => Some(Kind::Refusal),
        (false, "11" | "13" | "14" | "15" | "16" | "17" | "18" | "19" | "20") => Some(Kind::Defection),
        _ => None,
    }
}

fn sq(e: rusqlite::Error) -> Error {
    Error::Store(quidpro_store::Error::Sqlite { path: "store".into(), source: e })
}

/// Reads the events of one direction with the given CAMEO roots, each cluster once, with
/// their evidence. (The roots are tested in the dyad index: other events' rows are not
/// read.)
fn events(
    store: &Store,
    dyad: &Dyad,
    roots: &[&str],
    until: Option<NaiveDate>,
    mods: &crate::series::Modalities,
) -> Result<Vec<(Entry, String)>, Error> {
    let list = roots.iter().map(|r| format!("'{r}'")).collect::<Vec<_>>().join(", ");
    let cond = format!("{} AND e.root IN ({list})", Dyad { undirected: false, ..dyad.clone() }.sql());
    events_where(store, &cond, &dyad.a, &dyad.b, until, mods)
}

/// The roots that make ledger entries, from A to B and from B to A (see [`classify`]).
const FORWARD_ROOTS: &[&str] = &["02", "06", "07", "08", "10"];
const BACKWARD_ROOTS: &[&str] =
    &["05", "06", "07", "08", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"];

/// Reads the events that meet `cond` (with `?1` = `p1`, `?2` = `p2`, `?3` = until), each
/// cluster once, with their evidence.
fn events_where(
    store: &Store,
    cond: &str,
    p1: &str,
    p2: &str,
    until: Option<NaiveDate>,
    mods: &crate::series::Modalities,
) -> Result<Vec<(Entry, String)>, Error> {
    let sql = format!(
        "SELECT e.dataset, e.dataset_id, e.event_date, e.code, e.goldstein, e.source, e.target, e.attribution, \
         coalesce(d.doc_key, e.doc_key), e.sentence, s.text, e.file, e.line, coalesce(e.url, d.url), e.event_date || e.source || '|' || e.target || '|' || e.code, e.root \
         FROM all_events e LEFT JOIN documents d ON d.id = e.doc_id LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.idx = e.sentence \
         WHERE {} AND {} AND (?3 IS NULL OR e.event_date <= ?3) \
         ORDER BY e.event_date, e.id",
        cond,
        mods.sql()
    );
    let conn = store.connection();
    let mut stmt = conn.prepare_cached(&sql).map_err(sq)?;
    let mut rows = stmt.query(rusqlite::params![p1, p2, until.map(|d| d.to_string())]).map_err(sq)?;
    let mut out: Vec<(Entry, String)> = Vec::new();
    let mut cluster_at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    while let Some(r) = rows.next().map_err(sq)? {
        let dataset: String = r.get(0).map_err(sq)?;
        let dataset_id: String = r.get(1).map_err(sq)?;
        let date: String = r.get(2).map_err(sq)?;
        let Ok(date) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") else { continue };
        let line: Option<i64> = r.get(12).map_err(sq)?;
        let file: Option<String> = r.get(11).map_err(sq)?;
        let ev = Evidence {
            event_id: quidpro_store::stable_id(&dataset, &dataset_id),
            dataset,
            story_id: r.get(8).map_err(sq)?,
            sentence: r.get(9).map_err(sq)?,
            text: r.get(10).map_err(sq)?,
            file_line: file.map(|f| format!("{f}:{}", line.unwrap_or(0))),
            url: r.get(13).map_err(sq)?,
            attribution: r.get(7).map_err(sq)?,
            citation: None,
        };
        let cluster: String = r.get(14).map_err(sq)?;
        if let Some(&k) = cluster_at.get(&cluster) {
            out[k].0.evidence.push(ev);
            continue;
        }
        let root: String = r.get(15).map_err(sq)?;
        let entry = Entry {
            kind: Kind::Favour,
            date,
            code: r.get(3).map_err(sq)?,
            weight: r.get(4).map_err(sq)?,
            source: r.get(5).map_err(sq)?,
            target: r.get(6).map_err(sq)?,
            status: None,
            evidence: vec![ev],
            toward: None,
        };
        cluster_at.insert(cluster, out.len());
        out.push((entry, root));
    }
    Ok(out)
}

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
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .map_err(|_| err(n, format!("bad date {date:?}")))?;
            let (source, target) = match kind {
                Kind::Favour | Kind::Demand => (a.to_string(), b.to_string()),
                _ => (b.to_string(), a.to_string()),
            };
            out.push((
                a.to_string(),
                b.to_string(),
                Entry {
                    kind,
                    date,
                    code: String::new(),
                    weight: f64::NAN,
                    source,
                    target,
                    status: None,
                    evidence: vec![Evidence { dataset: "manual".into(), ..Default::default() }],
                    toward: None,
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
                if entry.weight.is_nan() {
                    entry.weight = c.goldstein();
                }
            }
            "weight" => {
                entry.weight = v.parse().map_err(|_| err(n, format!("weight must be a number, got {v:?}")))?
            }
            "text" => entry.evidence[0].text = Some(v.to_string()),
            "citation" => entry.evidence[0].citation = Some(v.to_string()),
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
        if e.evidence[0].citation.is_none() {
            return Err(Error::Invalid(format!("{file}: the entry of {} has no `citation`", e.date)));
        }
    }
    Ok(out)
}

/// The ledger of creditor `a` and debtor `b` (code prefixes), with `manual` entries
/// added (those whose pair is `a`, `b`).
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
    let (a, b) = (a.to_uppercase(), b.to_uppercase());
    let fwd = Dyad::directed(&a, &b);
    let mut all: Vec<Entry> = Vec::new();
    for (mut e, root) in events(store, &fwd, FORWARD_ROOTS, opts.until, &opts.modalities)? {
        if let Some(k) =
            classify(true, &root, &e.code).filter(|_| state_side(&e.source, &a) && state_side(&e.target, &b))
        {
            e.kind = k;
            all.push(e);
        }
    }
    for (mut e, root) in events(store, &fwd.reversed(), BACKWARD_ROOTS, opts.until, &opts.modalities)? {
        if let Some(k) =
            classify(false, &root, &e.code).filter(|_| state_side(&e.source, &b) && state_side(&e.target, &a))
        {
            e.kind = k;
            all.push(e);
        }
    }
    for (ma, mb, e) in manual {
        if *ma == a && *mb == b && opts.until.is_none_or(|u| e.date <= u) {
            all.push(e.clone());
        }
    }
    // Only what follows A's first favour counts as demand, repayment, refusal or defection.
    let first_favour = all.iter().filter(|e| e.kind == Kind::Favour).map(|e| e.date).min();
    if let (true, Some(first)) = (opts.aims, first_favour) {
        all.extend(aims_repayments(store, &a, &b, first, opts)?);
    }
    all.sort_by_key(|e| e.date);
    for e in &mut all {
        if e.kind != Kind::Favour && e.kind != Kind::Repayment {
            e.weight = e.weight.abs();
        }
    }
    all.retain(|e| e.kind == Kind::Favour || first_favour.is_some_and(|f| e.date >= f));
    // Demand status.
    for i in 0..all.len() {
        if all[i].kind != Kind::Demand {
            continue;
        }
        let after = &all[i + 1..];
        let status = after
            .iter()
            .find_map(|e| match e.kind {
                Kind::Repayment => Some("met"),
                Kind::Refusal | Kind::Defection => Some("refused"),
                _ => None,
            })
            .unwrap_or("open");
        all[i].status = Some(status.to_string());
    }
    // Balance with decay.
    let mut balance = 0.0;
    let mut last: Option<NaiveDate> = None;
    let mut series = Vec::new();
    let decay = |days: i64| 0.5f64.powf(days as f64 / opts.half_life_days);
    for e in &all {
        let sign = match e.kind {
            Kind::Favour => 1.0,
            Kind::Repayment => -1.0,
            _ => continue,
        };
        if let Some(l) = last {
            balance *= decay((e.date - l).num_days());
        }
        balance += sign * e.weight;
        last = Some(e.date);
        series.push((e.date, balance));
    }
    if let (Some(l), Some(u)) = (last, opts.until) {
        balance *= decay((u - l).num_days().max(0));
    }
    let pick = |k: Kind| all.iter().filter(|e| e.kind == k).cloned().collect::<Vec<_>>();
    let demands = pick(Kind::Demand);
    let open_demands = demands.iter().filter(|d| d.status.as_deref() == Some("open")).cloned().collect();
    Ok(Ledger {
        creditor: a,
        debtor: b,
        half_life_days: opts.half_life_days,
        favours: pick(Kind::Favour),
        demands,
        repayments: pick(Kind::Repayment),
        refusals: pick(Kind::Refusal),
        defections: pick(Kind::Defection),
        acknowledgements: pick(Kind::Acknowledgement),
        balance,
        balance_series: series,
        open_demands,
    })
}

/// B's conflict toward third parties that A has spoken against: repayments toward A's
/// stated aims (see the module docs).
fn aims_repayments(
    store: &Store,
    a: &str,
    b: &str,
    first_favour: NaiveDate,
    opts: &Options,
) -> Result<Vec<Entry>, Error> {
    let (Some(a_country), Some(b_country)) = (a.get(..3), b.get(..3)) else { return Ok(Vec::new()) };
    let first_month = first_favour.format("%Y-%m").to_string();
    let until_month = opts.until.map(|u| u.format("%Y-%m").to_string());
    // The countries where both could meet, from the monthly aggregates: A spoke against
    // someone there and B acted against someone there after the first favour.
    let candidates: Vec<String> = {
        let conn = store.connection();
        let targets = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> Result<BTreeSet<String>, Error> {
            let mut stmt = conn.prepare_cached(sql).map_err(sq)?;
            let rows = stmt.query_map(args, |r| r.get(0)).map_err(sq)?;
            rows.collect::<Result<_, _>>().map_err(sq)
        };
        // Each side read once (the aggregates are a virtual table: a correlated
        // subquery would read B's side again for every row of A's).
        let spoke = targets(
            "SELECT DISTINCT target_country FROM all_dyad_months \
             WHERE source_country = ?1 AND q3 > 0 AND (?2 IS NULL OR month <= ?2)",
            &[&a_country, &until_month],
        )?;
        let acted = targets(
            "SELECT DISTINCT target_country FROM all_dyad_months \
             WHERE source_country = ?1 AND q3 + q4 > 0 AND month >= ?2 AND (?3 IS NULL OR month <= ?3)",
            &[&b_country, &first_month, &until_month],
        )?;
        spoke.intersection(&acted).cloned().collect()
    };
    let side = |who: &str| {
        format!("e.source_country = substr({who}, 1, 3) AND e.source LIKE {who} || '%' AND e.target_country = ?2 AND e.directed = 1")
    };
    let stance_cond = format!("{} AND e.quad_class = 3", side("?1"));
    let act_cond = format!("{} AND e.quad_class IN (3, 4)", side("?1"));
    let excluded = |key: &str| key == a_country || key == b_country;
    let mut out = Vec::new();
    for country in candidates {
        let all_acts: Vec<(Entry, String)> =
            events_where(store, &act_cond, b, &country, opts.until, &opts.modalities)?
                .into_iter()
                .filter(|(e, _)| state_side(&e.source, b))
                .collect();
        if !all_acts.iter().any(|(e, _)| e.date >= first_favour) {
            continue;
        }
        let stance: Vec<(Entry, String)> =
            events_where(store, &stance_cond, a, &country, opts.until, &opts.modalities)?
                .into_iter()
                .filter(|(e, _)| state_side(&e.source, a))
                .collect();
        // B's own adversaries: B was in conflict with them before A first spoke against them.
        let first_of = |list: &[(Entry, String)]| {
            let mut first: std::collections::HashMap<String, NaiveDate> = std::collections::HashMap::new();
            for (e, _) in list {
                if let Some(k) = aim_key(&e.target) {
                    first.entry(k).and_modify(|d| *d = (*d).min(e.date)).or_insert(e.date);
                }
            }
            first
        };
        let (b_first, a_first) = (first_of(&all_acts), first_of(&stance));
        let own = |key: &str| match (b_first.get(key), a_first.get(key)) {
            (Some(b), Some(a)) => b < a,
            _ => true,
        };
        for (mut act, _) in all_acts.into_iter().filter(|(e, _)| e.date >= first_favour) {
            let Some(key) = aim_key(&act.target) else { continue };
            if excluded(&key) || own(&key) {
                continue;
            }
            let from = act.date - TimeDelta::days(opts.aims_window_days);
            let said: Vec<&Entry> = stance
                .iter()
                .map(|(e, _)| e)
                .filter(|e| {
                    e.date >= from
                        && e.date <= act.date
                        && aim_key(&e.target).as_deref() == Some(key.as_str())
                })
                .collect();
            if said.len() < opts.aims_min_statements.max(1) {
                continue;
            }
            act.kind = Kind::Repayment;
            act.weight = act.weight.abs() * opts.aims_weight;
            act.toward = Some(Aim {
                actor: key,
                statements: said.len(),
                stance: said.iter().rev().take(3).map(|e| e.evidence[0].clone()).collect(),
            });
            out.push(act);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quidpro_store::NewEvent;

    fn store_with(events: &[(&str, &str, &str, &str)]) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let mut b = store.batch().unwrap();
        for (i, (date, s, t, c)) in events.iter().enumerate() {
            b.add_event(&NewEvent::new("test", &i.to_string(), date, s, t, c).unwrap(), None).unwrap();
        }
        b.commit().unwrap();
        store
    }

    #[test]
    fn known_favours_demands_repayments_and_balance() {
        let store = store_with(&[
            ("2020-01-01", "AZE", "TUR", "042"),       // no favour yet: ignored
            ("2020-10-01", "TURMIL", "AZEMIL", "072"), // favour 8.3
            ("2021-01-01", "TURGOV", "AZEGOV", "100"), // demand after a favour
            ("2021-06-01", "AZEGOV", "TURGOV", "061"), // repayment 6.4
            ("2021-07-01", "AZEGOV", "TURGOV", "051"), // thanks: acknowledged, not paid
            ("2022-01-01", "TUR", "AZE", "1043"),      // demand, then refused
            ("2022-02-01", "AZE", "TUR", "120"),       // refusal
            ("2023-01-01", "TUR", "AZE", "020"),       // demand, open
            ("2023-02-01", "AZE", "TUR", "190"),       // defection... after the open demand? it refuses it
        ]);
        let l = ledger(&store, "TUR", "AZE", &[], &Options { half_life_days: 730.0, ..Options::default() })
            .unwrap();
        assert_eq!(l.favours.len(), 1);
        assert_eq!(l.favours[0].weight, 8.3);
        assert_eq!(l.repayments.len(), 1);
        assert_eq!(l.acknowledgements.len(), 1);
        assert_eq!(l.refusals.len(), 1);
        assert_eq!(l.defections.len(), 1);
        let statuses: Vec<&str> = l.demands.iter().map(|d| d.status.as_deref().unwrap()).collect();
        assert_eq!(statuses, ["met", "refused", "refused"]);
        // 8.3 decayed over 243 days with a half-life of 730, minus 6.4.
        let expected = 8.3 * 0.5f64.powf(243.0 / 730.0) - 6.4;
        assert!((l.balance - expected).abs() < 1e-9, "{} vs {expected}", l.balance);
        assert!(l.balance > 0.0, "Azerbaijan still owes Turkey");
        assert!(l.open_demands.is_empty());
    }

    #[test]
    fn repayments_toward_the_creditors_stated_aims() {
        let store = store_with(&[
            ("2020-10-01", "TURMIL", "AZEMIL", "072"), // favour 8.3
            ("2021-02-01", "TURGOV", "TURREB", "112"), // Turkey accuses the PKK
            ("2021-03-01", "TURGOV", "SYRREB", "130"), // Turkey threatens the YPG, once
            ("2021-03-05", "TURGOV", "TURREB", "111"), // and criticises the PKK again
            ("2021-04-01", "AZEMIL", "TURREB", "190"), // Azerbaijan fights the PKK: toward Turkey's aims
            ("2021-04-02", "AZEMIL", "SYRREB", "190"), // the YPG: one statement is not an aim
            ("2021-04-03", "AZEMIL", "ARMMIL", "190"), // Armenia: Turkey said nothing
            ("2022-06-01", "AZEMIL", "TURREB", "190"), // more than a year after the last statement
            ("2021-04-04", "AZEGOV", "TURGOV", "111"), // against Turkey itself: a defection, not an aim
            ("2021-04-05", "TURREB", "AZEGOV", "070"), // the PKK's "aid" is no favour of Turkey's
            ("2021-03-10", "TUROPP", "ARMGOV", "111"), // Turkey's opposition speaks for itself,
            ("2021-03-11", "TUROPP", "ARMGOV", "111"), // not for Turkey's aims
            ("2019-05-01", "AZEGOV", "IRNGOV", "111"), // Azerbaijan's own quarrel with Iran
            ("2021-01-10", "TURGOV", "IRNGOV", "111"), // which Turkey takes up later
            ("2021-01-11", "TURGOV", "IRNGOV", "111"),
            ("2021-02-10", "AZEGOV", "IRNGOV", "112"), // so this serves Azerbaijan's own aim
        ]);
        let aims = Options { aims: true, ..Options::default() };
        let l = ledger(&store, "TUR", "AZE", &[], &aims).unwrap();
        assert_eq!(l.repayments.len(), 1, "{:#?}", l.repayments);
        let r = &l.repayments[0];
        assert_eq!((r.date.to_string().as_str(), r.target.as_str()), ("2021-04-01", "TURREB"));
        assert_eq!(r.weight, 5.0, "|-10| x 0.5");
        let aim = r.toward.as_ref().unwrap();
        assert_eq!((aim.actor.as_str(), aim.statements, aim.stance.len()), ("TURREB", 2, 2));
        assert_eq!(l.defections.len(), 1, "{:#?}", l.defections);
        assert_eq!(l.favours.len(), 1);
        let without = ledger(&store, "TUR", "AZE", &[], &Options::default()).unwrap();
        assert!(without.repayments.is_empty());
        assert!(without.balance > l.balance, "the aims repayment lowers the debt");
        // No favour, no repayment: Azerbaijan's fights are not counted for Russia.
        let none = ledger(&store, "RUS", "AZE", &[], &aims).unwrap();
        assert!(none.repayments.is_empty());
    }

    #[test]
    fn aim_keys() {
        assert_eq!(aim_key("ARMGOV").as_deref(), Some("ARM"));
        assert_eq!(aim_key("TURREBPKK").as_deref(), Some("TURREB"));
        assert_eq!(aim_key("IGONAT").as_deref(), Some("IGONAT"));
        assert_eq!(aim_key("SY"), None);
        assert_eq!(aim_key("SYR").as_deref(), Some("SYR"));
    }

    #[test]
    fn an_open_demand_and_manual_entries() {
        let store = store_with(&[("2021-03-01", "TUR", "AZE", "020")]);
        let manual = parse_manual(
            "ledger.txt",
            "entry favour TUR AZE 2020-10-01\n  code: 072\n  text: drones\n  citation: \"Drones\", Anadolu, 01.10.2020\n",
        )
        .unwrap();
        let l = ledger(&store, "TUR", "AZE", &manual, &Options::default()).unwrap();
        assert_eq!(l.favours.len(), 1);
        assert_eq!(l.favours[0].evidence[0].dataset, "manual");
        assert_eq!(l.open_demands.len(), 1);
        assert!(l.balance > 8.0);
    }

    #[test]
    fn manual_file_errors_name_the_line() {
        let e = parse_manual("l.txt", "entry gift TUR AZE 2020-01-01\n").unwrap_err().to_string();
        assert!(e.starts_with("l.txt:1: unknown kind"), "{e}");
        let e =
            parse_manual("l.txt", "entry favour TUR AZE 2020-01-01\n  code: 999\n").unwrap_err().to_string();
        assert!(e.starts_with("l.txt:2:"), "{e}");
        let e =
            parse_manual("l.txt", "entry favour TUR AZE 2020-01-01\n  code: 072\n").unwrap_err().to_string();
        assert!(e.contains("no `citation`"), "{e}");
    }
}
