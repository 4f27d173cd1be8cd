//! Calls and their answers: each demand's status (compliance with its content, a
//! dataset row's inferred answer, refusals and defections, lapses), the repayments that
//! comply with a call, and the acts toward the creditor's stated aims.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, TimeDelta};
use quidpro_store::Store;

use super::entries::{entry_from, Item};
use super::read::{aim_key, read_rows, side_cond, state_side};
use super::{aims, Answer, Kind, Options, Status};
use crate::Error;

/// What answering the demands adds: the repayments found (compliance, aims) and the
/// events they were made of (an act counted as a repayment is no favour besides).
pub(super) struct Answers {
    /// Repayments, each with `demand` set to the item index of the demand it answers.
    pub(super) extra: Vec<Item>,
    /// The event ids of the acts counted as repayments.
    pub(super) used_acts: HashSet<String>,
}

/// Sets each demand's status among `items` (sorted by date; `names`: A and B; `evasions`:
/// each side's negated rejections of the other, by date), links
/// refusals and defections to the demand they answer, and finds the repayments that
/// comply with a call or serve the creditor's aims. `as_of` bounds the answers; `lapse`
/// is the date past which an unanswered call has lapsed.
pub(super) fn answer_demands(
    store: &Store,
    items: &mut [Item],
    evasions: &[(usize, NaiveDate)],
    names: [&str; 2],
    opts: &Options,
    as_of: Option<NaiveDate>,
    lapse: Option<NaiveDate>,
) -> Result<Answers, Error> {
    let cfg = &opts.config;
    let window = TimeDelta::days(cfg.demand_window_days);
    let mut extra: Vec<Item> = Vec::new();
    let mut status: HashMap<usize, (Status, Option<NaiveDate>)> = HashMap::new(); // item index -> status, answer date
    let demand_ix: Vec<usize> = (0..items.len()).filter(|&i| items[i].entry.kind == Kind::Demand).collect();
    let mut used_acts: HashSet<String> = HashSet::new();
    // Item index -> what settled its status.
    let mut answered: HashMap<usize, Answer> = HashMap::new();
    for &di in &demand_ix {
        let d = &items[di].entry;
        let debtor = 1 - items[di].side;
        let until = as_of.map_or(d.date + window, |u| u.min(d.date + window));
        let content = d.content.clone();
        let mut answer: Option<(Status, NaiveDate, bool)> = None;
        let mut why: Option<Answer> = None;
        if let Some(c) =
            content.as_ref().filter(|c| c.source.is_empty() || c.source.get(..3) == names[debtor].get(..3))
        {
            // The debtor's acts toward the content's target, in the window.
            let cond = format!("{} AND e.target_country = ?2", side_cond("?1", "source_country", "source"));
            let tc = c.target.get(..3).unwrap_or("");
            let mut acts =
                read_rows(store, &cond, names[debtor], tc, Some(d.date), Some(until), &opts.modalities)?;
            let fam = cfg.family(&c.code);
            // A yield demanded (a ceasefire, a release) is also met by yielding to the
            // creditor itself: "accepted the American proposal for a ceasefire".
            let creditor = names[1 - debtor];
            let accepts = fam == cfg.family("08");
            let cc = creditor.get(..3).unwrap_or("");
            if accepts && cc != tc {
                acts.extend(read_rows(
                    store,
                    &cond,
                    names[debtor],
                    cc,
                    Some(d.date),
                    Some(until),
                    &opts.modalities,
                )?);
                acts.sort_by_key(|a| a.date);
            }
            // The first answer of each kind: compliance meets the call (later compliance
            // in the window is counted as its instalments); a refusal (the demanded act
            // refused, or a deed contrary to it toward its target) and an evasion (another
            // act toward the target abstained from) stand unless the debtor complies later
            // in the window.
            let (mut refused, mut evaded): (Option<Answer>, Option<Answer>) = (None, None);
            let of =
                |how, act: &super::read::Row| Some(Answer::of(how, act.date, &act.code, Some(&act.evidence)));
            for act in acts {
                let to_creditor = state_side(&act.target, creditor);
                // The same yield (087 for 087, a ceasefire for a ceasefire) when the content
                // names one: releasing the creditor's prisoners meets no call to release
                // someone else's.
                let acceptance = accepts
                    && to_creditor
                    && act.root() == "08"
                    && c.code.get(..3).is_none_or(|k| act.code.starts_with(k));
                if !state_side(&act.source, names[debtor])
                    || !(target_matches(&c.target, &act.target) || acceptance)
                {
                    continue;
                }
                let same = (cfg.family(&act.code) == fam
                    && (acceptance || cfg.same_kind(&c.code, &act.code))
                    && !(matches!(act.root(), "03" | "04" | "05")
                        && !(act.code.starts_with(&c.code)
                            || c.code.starts_with(act.code.get(..3).unwrap_or("")))))
                    || cfg.equivalent(&c.code, &act.code);
                if same && act.moves() {
                    if used_acts.insert(act.evidence.event_id.clone()) {
                        let mut e = entry_from(&act, Kind::Repayment, 0);
                        e.how = Some("compliance");
                        e.weight = act.goldstein.abs() * cfg.compliance_factor * cfg.class_factor(&act.code);
                        e.demand = Some(di);
                        extra.push(Item { entry: e, side: debtor, family: fam.clone() });
                    }
                    // The first compliance meets the call; the later ones in its window
                    // pay it in instalments ("paid the remaining 40 million in August"),
                    // compliance too, not favours in return.
                    if answer.is_none() {
                        answer = Some((Status::Met, act.date, false));
                        why = Some(Answer::of("compliance", act.date, &act.code, Some(&act.evidence)));
                    }
                    continue;
                }
                if answer.is_some() {
                    continue;
                }
                if act.modality == "refused" {
                    // "refused to close its ports": the demanded act refused; "abstained
                    // from the vote against Abkhazia": another act toward the target,
                    // unless it is the very act another call asked for (that call's
                    // refusal: "Pakistan declined" to let Chinese guards in answers the
                    // call for them, not an older call for troops).
                    if same {
                        refused = refused.or(of("refused_act", &act));
                    } else if !asked_by_another(items, di, &act, cfg) {
                        evaded = evaded.or(of("abstention", &act));
                    }
                } else if act.moves()
                    && !(to_creditor && act.root() == "12")
                    && contrary(c.code.get(..2).unwrap_or(""), act.root())
                {
                    // A rejection of the creditor itself answers one call, the latest
                    // pending (below), not every call whose content names the creditor.
                    refused = refused.or(of("contrary_act", &act));
                }
                // A negated act of the content ("has not closed its ports", "has neither
                // recognised the SADR nor declined to") is an evasion once the debtor has
                // had `evasion_after_days` to do it; stated sooner it is no answer, and the
                // call stays outstanding until its window ends, then it is evaded.
                if act.modality == "negated"
                    && same
                    && act.date >= d.date + TimeDelta::days(cfg.evasion_after_days)
                {
                    evaded = evaded.or(of("not_done", &act));
                }
            }
            if answer.is_none() {
                let (s, a) = match (refused, evaded) {
                    (Some(a), _) => (Status::Refused, Some(a)),
                    (None, Some(a)) => (Status::Evaded, Some(a)),
                    (None, None) => (Status::Outstanding, None),
                };
                if let Some(a) = a {
                    answer = Some((s, a.date, false));
                    why = Some(a);
                }
            }
        }
        if answer.is_none() || answer.is_some_and(|x| x.0 != Status::Met) {
            // Inferred: the debtor's material cooperation toward the creditor in the window.
            if content.is_none() {
                if let Some(it) = items.iter().find(|it| {
                    it.side == debtor
                        && it.entry.kind == Kind::Favour
                        && cfg.favour_roots.iter().any(|r| it.entry.code.starts_with(r.as_str()))
                        && it.entry.date >= d.date
                        && it.entry.date <= until.min(d.date + TimeDelta::days(cfg.inferred_window_days))
                }) {
                    answer = Some((Status::Met, it.entry.date, true));
                    why = Some(Answer::of(
                        "inferred",
                        it.entry.date,
                        &it.entry.code,
                        it.entry.evidence.first(),
                    ));
                }
            }
        }
        if let Some((s, when, inferred)) = answer {
            status.insert(di, (s, Some(when)));
            if let Some(a) = why {
                answered.insert(di, a);
            }
            if inferred {
                items[di].entry.inferred = true;
            }
        }
    }
    // The latest call on `who` pending on `date`: one not met later first (a debtor that
    // complies with a call afterwards did not refuse that one; one refused only later is
    // pending), else one met later.
    let pending = |items: &[Item], status: &HashMap<usize, (Status, Option<NaiveDate>)>, who: usize, date| {
        let open = |di: &usize, later_met: bool| {
            items[*di].side != who
                && items[*di].entry.date <= date
                && date <= items[*di].entry.date + window
                && match status.get(di) {
                    None | Some((Status::Evaded, _)) => !later_met,
                    // Refused by a deed or a refusal of its act dated after `date`: it was
                    // still pending then ("rejected the request" on 18 March, fuel
                    // shipments going on in April).
                    Some((Status::Refused, Some(w))) => !later_met && *w > date,
                    Some((Status::Met, Some(w))) => later_met && *w > date,
                    _ => false,
                }
        };
        let latest = |later_met| demand_ix.iter().rev().copied().find(|di| open(di, later_met));
        latest(false).or_else(|| latest(true))
    };
    // In date order, refusals and defections answer the latest call pending on their
    // date (refused), and so do negated rejections of the creditor ("neither accepted nor
    // rejected": evaded, unless answered otherwise). Only deeds count as defections here
    // (material conflict, roots 15-20): a threat or a protest (13, 14) answers no call.
    let mut answers: Vec<(NaiveDate, usize, Option<usize>)> =
        evasions.iter().map(|&(w, d)| (d, w, None)).collect();
    for (i, it) in items.iter().enumerate() {
        let deed = it.entry.code.get(..2).is_some_and(|r| r >= "15");
        if it.entry.kind == Kind::Refusal || (it.entry.kind == Kind::Defection && deed) {
            answers.push((it.entry.date, it.side, Some(i)));
        }
    }
    answers.sort_by_key(|&(d, _, i)| (d, i.is_none()));
    for (date, who, item) in answers {
        // A rejection of the creditor reported with the refusal of a call's very act
        // ("Pakistan declined": a 12 to Beijing and the refused 086 of the same sentence)
        // answers that call, not an older one still pending.
        let refused_then = |di: &usize| {
            items[*di].side != who
                && items[*di].entry.date <= date
                && matches!(status.get(di), Some((Status::Refused, Some(w)))
                    if (*w - date).num_days().abs() <= cfg.dedup_window_days)
        };
        if let Some(i) = item {
            if let Some(di) = demand_ix.iter().rev().copied().find(refused_then) {
                items[i].entry.demand = Some(di);
                continue;
            }
        }
        let Some(di) = pending(items, &status, who, date) else { continue };
        match item {
            Some(i) => {
                if !matches!(status.get(&di), Some((Status::Met, _))) {
                    status.insert(di, (Status::Refused, Some(date)));
                    let e = &items[i].entry;
                    let how = if e.kind == Kind::Refusal { "rejection" } else { "defection" };
                    answered.insert(di, Answer::of(how, date, &e.code, e.evidence.first()));
                }
                items[i].entry.demand = Some(di);
            }
            None => {
                if let std::collections::hash_map::Entry::Vacant(v) = status.entry(di) {
                    v.insert((Status::Evaded, Some(date)));
                    answered.insert(
                        di,
                        Answer { date, how: "no_answer", code: None, name: None, evidence: None },
                    );
                }
            }
        }
    }
    for &di in &demand_ix {
        let s = match status.get(&di) {
            Some((s, _)) => *s,
            None if lapse.is_some_and(|u| u > items[di].entry.date + window) => {
                let date = items[di].entry.date + window;
                answered.insert(di, Answer { date, how: "lapse", code: None, name: None, evidence: None });
                Status::Evaded
            }
            None => Status::Outstanding,
        };
        items[di].entry.status = Some(s);
        items[di].entry.answer = answered.remove(&di);
    }

    // Aims: the debtor's conflict with third parties the creditor spoke against or
    // demanded action against.
    if cfg.aims {
        for creditor in 0..2 {
            let demanded: Vec<String> = demand_ix
                .iter()
                .filter(|&&di| items[di].side == creditor)
                .filter_map(|&di| items[di].entry.content.as_ref().and_then(|c| aim_key(&c.target)))
                .collect();
            let first_favour = items
                .iter()
                .filter(|it| it.side == creditor && it.entry.kind == Kind::Favour)
                .map(|it| it.entry.date)
                .min();
            let Some(first) = first_favour else { continue };
            for mut e in
                aims::aims_repayments(store, names[creditor], names[1 - creditor], first, &demanded, opts)?
            {
                if used_acts.insert(e.evidence[0].event_id.clone()) {
                    e.how = Some("aims");
                    extra.push(Item { family: cfg.family(&e.code), entry: e, side: 1 - creditor });
                }
            }
        }
    }
    Ok(Answers { extra, used_acts })
}

/// Whether an act of root `act` toward a content's target runs against what the content
/// (of root `content`) asks: rejection, or a deed of reduction or conflict (12, 15–20)
/// when it asks for cooperation with the target (03–08), material cooperation or aid (06,
/// 07) when it asks for pressure on it or conflict with it (11–20).
fn contrary(content: &str, act: &str) -> bool {
    let r = |x: &str| x.parse::<u8>().unwrap_or(0);
    let (c, a) = (r(content), r(act));
    match c {
        // A rejection or a deed (15-20); a threat or a protest (13, 14) is no answer.
        3..=8 => a == 12 || (15..=20).contains(&a),
        11..=20 => (6..=7).contains(&a),
        _ => false,
    }
}

/// Whether `act` is the act that another call of the same creditor on the same debtor
/// (than the demand at item `di`), made before it, asked for: the same act family toward
/// the same target.
fn asked_by_another(items: &[Item], di: usize, act: &super::read::Row, cfg: &super::Config) -> bool {
    items.iter().enumerate().any(|(o, it)| {
        o != di
            && it.entry.kind == Kind::Demand
            && it.side == items[di].side
            && it.entry.date <= act.date
            && it.entry.content.as_ref().is_some_and(|c| {
                target_matches(&c.target, &act.target) && cfg.family(&c.code) == cfg.family(&act.code)
            })
    })
}

/// Whether an act's target matches a content's target.
fn target_matches(content: &str, act: &str) -> bool {
    if content.is_empty() || act.is_empty() {
        return content.is_empty() && act.is_empty();
    }
    aim_key(content) == aim_key(act)
}
