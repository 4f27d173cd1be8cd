//! The balance: the chronological pass over the entries that opens debts with favours,
//! calls them in with demands and pays them down with repayments (each debt decaying
//! with its half-life), the balance after each step, and each debt's final status.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Config, Debt, DebtStatus, Entry, Kind, Status};

/// The debts the entries (`(side, entry)`, in date order, ids their positions) open and
/// pay down, and the balance after each entry that moves it. Entries are rewritten as
/// the pass goes: a material favour by a side that owes becomes a repayment, diplomatic
/// backing by a debtor an acknowledgement, and an acknowledgement, refusal or defection
/// by a side that owes nothing and answers no demand gets a NaN weight (dropped).
pub(super) fn chronological_pass(
    entries: &mut [(usize, Entry)],
    names: [&str; 2],
    cfg: &Config,
) -> (Vec<Debt>, Vec<(NaiveDate, f64)>) {
    let h = cfg.half_life_days;
    let decay = |from: NaiveDate, to: NaiveDate| 0.5f64.powf((to - from).num_days().max(0) as f64 / h);
    let mut debts: Vec<Debt> = Vec::new();
    let mut series = Vec::new();
    let value = |d: &Debt, t: NaiveDate| d.remaining * decay(d.updated, t);
    let mut open_calls: HashMap<usize, Vec<usize>> = HashMap::new(); // demand id -> debts
                                                                     // Demand id -> what compliance with it may still pay: its share of the debts it called
                                                                     // in when it was first complied with, less what its instalments paid.
    let mut may_pay: HashMap<usize, f64> = HashMap::new();
    #[allow(clippy::needless_range_loop)] // entries[i] is rewritten while debts refer to i
    for i in 0..entries.len() {
        let (side, e) = (&entries[i].0, entries[i].1.clone());
        let side = *side;
        let t = e.date;
        let mut moved = false;
        match e.kind {
            Kind::Favour => {
                let diplomatic = cfg.diplomatic_codes.iter().any(|c| c == &e.code);
                let factor = if diplomatic { cfg.diplomatic_factor } else { cfg.favour_factor };
                // What the act is worth by its class (troops, arms, money: `[classes]`).
                let mut w = if e.evidence.first().is_some_and(|x| x.dataset == "manual") {
                    e.weight.abs()
                } else {
                    e.goldstein.abs() * factor * cfg.class_factor(&e.code)
                };
                let material = !diplomatic;
                // A material favour by a side that owes first repays it.
                let owes: Vec<usize> = debts
                    .iter()
                    .filter(|d| d.debtor_side == side && d.remaining > 1e-9 && value(d, t) > 1e-9)
                    .map(|d| d.id)
                    .collect();
                if material && !owes.is_empty() {
                    let pay = w * cfg.return_factor / cfg.favour_factor.max(1e-9);
                    let (paid, left) = pay_down(&mut debts, side, pay, t, &[], i, &decay);
                    entries[i].1.kind = Kind::Repayment;
                    entries[i].1.how = Some("return");
                    entries[i].1.weight = pay - left;
                    entries[i].1.debts = paid;
                    w = left * cfg.favour_factor / cfg.return_factor.max(1e-9);
                    moved = true;
                    if w > 1e-9 {
                        // What is left over is a favour of its own.
                        let id = debts.len();
                        debts.push(Debt::open(id, names, side, i, t, w));
                        entries[i].1.debts.push(id);
                    }
                } else if !material && !owes.is_empty() {
                    // Diplomatic backing by a debtor: an acknowledgement.
                    entries[i].1.kind = Kind::Acknowledgement;
                } else if w > 0.0 {
                    entries[i].1.weight = w;
                    let id = debts.len();
                    debts.push(Debt::open(id, names, side, i, t, w));
                    entries[i].1.debts = vec![id];
                    moved = true;
                }
            }
            Kind::Demand => {
                // Calls in what the target owes the demander.
                let called: Vec<usize> = debts
                    .iter()
                    .filter(|d| d.debtor_side != side && d.remaining > 1e-9 && value(d, t) > 1e-9)
                    .map(|d| d.id)
                    .collect();
                for &d in &called {
                    debts[d].called_in_by.push(i);
                }
                open_calls.insert(i, called.clone());
                entries[i].1.debts = called;
            }
            Kind::Repayment => {
                let mut pay = if e.how == Some("manual") { e.weight.abs() } else { e.weight };
                let prefer = e.demand.and_then(|d| open_calls.get(&d)).cloned().unwrap_or_default();
                // A debt called in by several demands is repaid by complying with one of
                // them only in that demand's share ("join the operation against the SDF"
                // met, "close the ports to Abkhazia" evaded: half the debt is left).
                // Instalments of one compliance together pay at most that share.
                if e.how == Some("compliance") {
                    let share: f64 = prefer
                        .iter()
                        .map(|&d| value(&debts[d], t) / debts[d].called_in_by.len().max(1) as f64)
                        .sum();
                    let cap = match e.demand {
                        Some(d) => *may_pay.entry(d).or_insert(share),
                        None => share,
                    };
                    if cap > 0.0 || e.demand.is_some_and(|d| may_pay.contains_key(&d)) {
                        pay = pay.min(cap.max(0.0));
                    }
                }
                let (paid, left) = pay_down(&mut debts, side, pay, t, &prefer, i, &decay);
                if let Some(m) =
                    e.demand.filter(|_| e.how == Some("compliance")).and_then(|d| may_pay.get_mut(&d))
                {
                    *m -= pay - left;
                }
                entries[i].1.weight = pay - left;
                entries[i].1.debts = paid;
                // An answer pays at most what is owed.
                moved = pay - left > 1e-9;
            }
            Kind::Acknowledgement | Kind::Refusal | Kind::Defection => {
                // Only a side that owes, or answers a demand, acknowledges, refuses or defects.
                let owes =
                    debts.iter().any(|d| d.debtor_side == side && d.remaining > 1e-9 && value(d, t) > 1e-9);
                if !owes && e.demand.is_none() {
                    entries[i].1.weight = f64::NAN; // dropped below
                }
            }
        }
        if moved {
            series.push((t, net(&debts, t, &decay)));
        }
    }
    (debts, series)
}

/// Each debt's value on `as_of` and its status, from what paid it and the latest demand
/// that called it in.
pub(super) fn settle(debts: &mut [Debt], entries: &[(usize, Entry)], as_of: NaiveDate, cfg: &Config) {
    let h = cfg.half_life_days;
    let decay = |from: NaiveDate, to: NaiveDate| 0.5f64.powf((to - from).num_days().max(0) as f64 / h);
    for d in debts {
        d.value = d.remaining * decay(d.updated, as_of.max(d.updated));
        let latest = d.called_in_by.last().and_then(|&k| entries[k].1.status);
        d.status = if d.value <= cfg.repaid_share * d.weight
            || (d.paid > 0.0 && d.remaining <= cfg.repaid_share * d.weight)
        {
            DebtStatus::Repaid
        } else {
            match latest {
                Some(Status::Refused) => DebtStatus::Refused,
                Some(Status::Evaded) => DebtStatus::Evaded,
                Some(Status::Outstanding) => DebtStatus::Called,
                _ if d.paid > 0.0 => DebtStatus::PartlyRepaid,
                Some(Status::Met) => DebtStatus::PartlyRepaid,
                None => DebtStatus::Outstanding,
            }
        };
    }
}

impl Debt {
    fn open(id: usize, names: [&str; 2], giver: usize, favour: usize, t: NaiveDate, w: f64) -> Debt {
        Debt {
            id,
            creditor: names[giver].to_string(),
            debtor: names[1 - giver].to_string(),
            debtor_side: 1 - giver,
            favour,
            date: t,
            weight: w,
            value: w,
            paid: 0.0,
            status: DebtStatus::Outstanding,
            called_in_by: Vec::new(),
            repaid_by: Vec::new(),
            evidence: Default::default(),
            remaining: w,
            updated: t,
        }
    }
}

/// Pays `amount` of `side`'s debts at `t`: `prefer` first, then the oldest. Returns the
/// debts paid and what is left of the amount.
fn pay_down(
    debts: &mut [Debt],
    side: usize,
    amount: f64,
    t: NaiveDate,
    prefer: &[usize],
    entry: usize,
    decay: &dyn Fn(NaiveDate, NaiveDate) -> f64,
) -> (Vec<usize>, f64) {
    let mut left = amount;
    let mut order: Vec<usize> = prefer.to_vec();
    order.extend(debts.iter().filter(|d| !prefer.contains(&d.id)).map(|d| d.id));
    let mut paid = Vec::new();
    for id in order {
        if left <= 1e-9 {
            break;
        }
        let d = &mut debts[id];
        if d.debtor_side != side || d.remaining <= 1e-9 {
            continue;
        }
        let v = d.remaining * decay(d.updated, t);
        if v <= 1e-9 {
            continue;
        }
        let p = v.min(left);
        d.remaining = v - p;
        d.updated = t;
        d.paid += p;
        d.repaid_by.push(entry);
        left -= p;
        paid.push(id);
    }
    (paid, left)
}

/// The net balance at `t`: what B owes A minus what A owes B.
fn net(debts: &[Debt], t: NaiveDate, decay: &dyn Fn(NaiveDate, NaiveDate) -> f64) -> f64 {
    debts
        .iter()
        .filter(|d| d.remaining != 0.0)
        .map(|d| {
            let v = d.remaining * decay(d.updated, t.max(d.updated));
            if d.debtor_side == 1 {
                v
            } else {
                -v
            }
        })
        .sum()
}

pub(super) fn net_value(debts: &[Debt]) -> f64 {
    debts.iter().map(|d| if d.debtor_side == 1 { d.value } else { -d.value }).sum()
}
