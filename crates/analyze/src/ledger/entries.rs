//! Entries: a pair's rows classified by kind (favours, demands, refusals, defections,
//! acknowledgements), one act reported many times merged into one entry with every
//! report as its evidence, expectations and negated events set apart, and the manual
//! entries added.

use chrono::{Datelike, NaiveDate};
use quidpro_store::Store;

use super::read::{aim_key, state_side, Row};
use super::{ContentSource, Entry, EventKey, Kind, Options};

/// A working item of the chronological pass.
pub(super) struct Item {
    pub(super) entry: Entry,
    /// The giver's or actor's side: 0 = A, 1 = B.
    pub(super) side: usize,
    /// The act family it is merged by: a demand's content (`target>source>family`), else
    /// its code's family.
    pub(super) family: String,
}

/// The entries of a pair's rows (both ways, in date order), and the expectations and
/// negated events set apart.
pub(super) struct Collected {
    /// Entries that move the balance or answer demands, one act many reports merged.
    pub(super) items: Vec<Item>,
    /// Hypothetical and planned events.
    pub(super) expectations: Vec<Entry>,
    /// Negated, denied, refused and questioned events (when asked for).
    pub(super) negated: Vec<Entry>,
    /// Negated rejections ("neither accepted nor rejected"): the side and the date.
    pub(super) evasions: Vec<(usize, NaiveDate)>,
}

/// The kind of entry a row between the two sides is, if any.
fn kind_of(row: &Row, cfg: &super::Config) -> Option<Kind> {
    let root = row.root();
    Some(
        if cfg.favour_roots.iter().any(|r| r == root) || cfg.diplomatic_codes.iter().any(|c| c == &row.code) {
            Kind::Favour
        } else if cfg.demand_roots.iter().any(|r| r == root) {
            Kind::Demand
        } else if root == "12" {
            Kind::Refusal
        } else if matches!(root, "03" | "04" | "05") {
            Kind::Acknowledgement
        } else if matches!(root, "13" | "14" | "15" | "16" | "17" | "18" | "19" | "20") {
            Kind::Defection
        } else {
            return None;
        },
    )
}

/// Classifies the pair's rows into entries (`names`: A and B as given), reading each
/// demand's content from `contents`.
pub(super) fn collect(
    store: &Store,
    rows: &[Row],
    names: [&str; 2],
    opts: &Options,
    contents: &dyn ContentSource,
) -> Collected {
    let cfg = &opts.config;
    let [a, b] = names;
    let mut expectations = Vec::new();
    let mut negated = Vec::new();
    let mut evasions = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    for row in rows {
        let (Some(s), Some(t)) = (side_of(&row.source, a, b), side_of(&row.target, a, b)) else {
            continue;
        };
        if s == t {
            continue;
        }
        let Some(kind) = kind_of(row, cfg) else { continue };
        if row.expected() {
            expectations.push(entry_from(row, kind, expectations.len()));
            continue;
        }
        if !row.moves() {
            if kind == Kind::Refusal && row.modality == "negated" {
                evasions.push((s, row.date));
            }
            if opts.include_negated {
                negated.push(entry_from(row, kind, negated.len()));
            }
            continue;
        }
        let mut entry = entry_from(row, kind, 0);
        if kind == Kind::Demand {
            let key = EventKey {
                dataset: &row.evidence.dataset,
                dataset_id: &row.dataset_id,
                doc_key: row.doc_key.as_deref(),
                span: row.span,
                code: &row.code,
            };
            entry.content = contents.content(store, &key);
        }
        let family = match &entry.content {
            Some(c) => format!(
                "{}>{}>{}",
                aim_key(&c.target).unwrap_or_default(),
                c.source.get(..3).unwrap_or(""),
                cfg.family(&c.code)
            ),
            None => cfg.family(&row.code),
        };
        // One act, many reports. Two events one document tells in different sentences
        // with different codes ("asked Moscow for help with submarines", "pressed Moscow
        // for air-defence systems") are two acts, whatever their family.
        let same_doc_other_act = |it: &Item| {
            row.evidence.story_id.is_some()
                && it.entry.evidence.iter().any(|e| {
                    e.story_id == row.evidence.story_id
                        && e.sentence != row.evidence.sentence
                        && (it.entry.code != row.code
                            || it.entry.content.as_ref().map(|c| &c.code)
                                != entry.content.as_ref().map(|c| &c.code))
                })
        };
        let same = items.iter_mut().rev().take(64).find(|it| {
            it.side == s
                && it.entry.kind == kind
                && it.family == family
                && !same_doc_other_act(it)
                && (entry.content.is_some()
                    || it.entry.code.starts_with(&row.code)
                    || row.code.starts_with(&it.entry.code))
                && same_time(
                    it.entry.date,
                    &it.entry.date_precision,
                    row.date,
                    &row.precision,
                    cfg.dedup_window_days,
                )
        });
        if let Some(it) = same {
            it.entry.evidence.push(row.evidence.clone());
            // The more precise date wins.
            if rank(&row.precision) < rank(&it.entry.date_precision) {
                it.entry.date = row.date;
                it.entry.date_precision = row.precision.clone();
            }
            if it.entry.content.is_none() {
                it.entry.content = entry.content;
            }
            continue;
        }
        items.push(Item { entry, side: s, family });
    }
    Collected { items, expectations, negated, evasions }
}

/// Adds the manual entries of this pair (either way) within the options' time range.
pub(super) fn add_manual(
    items: &mut Vec<Item>,
    manual: &[(String, String, Entry)],
    names: [&str; 2],
    opts: &Options,
) {
    let [a, b] = names;
    for (ma, mb, e) in manual {
        let fwd = ma == a && mb == b;
        let back = ma == b && mb == a;
        if !(fwd || back) || opts.to.is_some_and(|u| e.date > u) || opts.from.is_some_and(|f| e.date < f) {
            continue;
        }
        // `entry KIND CREDITOR DEBTOR`: favours and demands are the creditor's acts.
        let creditor = if fwd { 0 } else { 1 };
        let side = match e.kind {
            Kind::Favour | Kind::Demand => creditor,
            _ => 1 - creditor,
        };
        let mut entry = e.clone();
        if entry.kind == Kind::Repayment {
            entry.how = Some("manual");
        }
        items.push(Item { family: opts.config.family(&entry.code), entry, side });
    }
}

/// Whether two dates may be the same act's: within `window` days, or in the same month
/// when either is known only to the month or coarser.
fn same_time(a: NaiveDate, pa: &str, b: NaiveDate, pb: &str, window: i64) -> bool {
    if (a - b).num_days().abs() <= window {
        return true;
    }
    let coarse = |p: &str| !matches!(p, "day" | "week");
    (coarse(pa) || coarse(pb)) && a.year() == b.year() && a.month() == b.month()
}

/// How precise a date is: 0 for a day, up to 5 for a year or less.
fn rank(precision: &str) -> u8 {
    match precision {
        "day" => 0,
        "week" => 1,
        "month" => 2,
        "quarter" => 3,
        "season" => 4,
        _ => 5,
    }
}

/// A new entry of `kind` from one row, its only report.
pub(super) fn entry_from(row: &Row, kind: Kind, id: usize) -> Entry {
    Entry {
        id,
        kind,
        date: row.date,
        date_precision: row.precision.clone(),
        code: row.code.clone(),
        name: code_name(&row.code),
        goldstein: row.goldstein,
        weight: 0.0,
        source: row.source.clone(),
        target: row.target.clone(),
        modality: row.modality.clone(),
        attribution: row.evidence.attribution.clone(),
        status: None,
        inferred: false,
        content: None,
        answer: None,
        debts: Vec::new(),
        demand: None,
        how: None,
        toward: None,
        reports: 1,
        evidence: vec![row.evidence.clone()],
    }
}

/// The CAMEO name of a code ("" when unknown).
pub fn code_name(code: &str) -> String {
    quidpro_event::EventCode::parse(code).map(|c| c.name().to_string()).unwrap_or_default()
}

/// Which side (0 = A, 1 = B) an actor code is on, as a state.
fn side_of(code: &str, a: &str, b: &str) -> Option<usize> {
    if state_side(code, a) {
        Some(0)
    } else if state_side(code, b) {
        Some(1)
    } else {
        None
    }
}
