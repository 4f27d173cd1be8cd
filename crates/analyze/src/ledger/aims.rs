//! Repayments toward the creditor's stated aims (see the module docs of [`super`]).

use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, TimeDelta};
use quidpro_store::Store;

use super::entries::entry_from;
use super::read::{aim_key, read_rows, side_cond, sq, state_side, Row};
use super::{Aim, Entry, Kind, Options};
use crate::Error;

/// The debtor `b`'s conflict toward third parties that the creditor `a` has spoken
/// against, or demanded action against (`demanded`: aim keys), after `first_favour`.
pub(super) fn aims_repayments(
    store: &Store,
    a: &str,
    b: &str,
    first_favour: NaiveDate,
    demanded: &[String],
    opts: &Options,
) -> Result<Vec<Entry>, Error> {
    let cfg = &opts.config;
    let (Some(a_country), Some(b_country)) = (a.get(..3), b.get(..3)) else { return Ok(Vec::new()) };
    let from = opts.from.map_or(first_favour, |f| f.max(first_favour));
    let first_month = from.format("%Y-%m").to_string();
    let until_month = opts.to.map(|u| u.format("%Y-%m").to_string());
    // The countries where both could meet, from the monthly aggregates: A spoke against
    // someone there and B acted against someone there after the first favour.
    let mut candidates: BTreeSet<String> = {
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
    // Groups the creditor demanded action against, the debtor's own soil included.
    for k in demanded {
        if let Some(c) = k.get(..3) {
            candidates.insert(c.to_string());
        }
    }
    let text = if cfg.aims_text_only { " AND e.dataset = 'quidpro'" } else { "" };
    // Each side's acts read once, toward every country (two statements, not two per
    // candidate country), then kept for the candidates.
    let act_cond = format!(
        "{} AND e.directed = 1 AND e.quad_class IN (3, 4){text}",
        side_cond("?1", "source_country", "source")
    );
    let stance_cond = format!(
        "{} AND e.directed = 1 AND e.quad_class = 3{text}",
        side_cond("?1", "source_country", "source")
    );
    let candidate = |e: &Row| candidates.contains(e.target.get(..3).unwrap_or(""));
    let excluded = |key: &str| key == a_country || key == b_country;
    let all_acts: Vec<Row> = read_rows(store, &act_cond, b, "", None, opts.to, &opts.modalities)?
        .into_iter()
        .filter(|e| state_side(&e.source, b) && e.moves() && candidate(e))
        .collect();
    if !all_acts.iter().any(|e| e.date >= from) {
        return Ok(Vec::new());
    }
    let stance: Vec<Row> = read_rows(store, &stance_cond, a, "", None, opts.to, &opts.modalities)?
        .into_iter()
        .filter(|e| state_side(&e.source, a) && e.moves() && candidate(e))
        .collect();
    // B's own adversaries: B was in conflict with them before A first spoke against them.
    let first_of = |list: &[Row]| {
        let mut first: HashMap<String, NaiveDate> = HashMap::new();
        for e in list {
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
    let mut out = Vec::new();
    for act in all_acts.iter().filter(|e| e.date >= from) {
        let Some(key) = aim_key(&act.target) else { continue };
        let asked = demanded.contains(&key);
        if excluded(&key) || (!asked && own(&key)) {
            continue;
        }
        let since = act.date - TimeDelta::days(cfg.aims_window_days);
        let said: Vec<&Row> = stance
            .iter()
            .filter(|e| {
                e.date >= since && e.date <= act.date && aim_key(&e.target).as_deref() == Some(key.as_str())
            })
            .collect();
        if !asked && said.len() < cfg.aims_min_statements.max(1) {
            continue;
        }
        let mut e = entry_from(act, Kind::Repayment, 0);
        e.weight = act.goldstein.abs() * cfg.aims_factor;
        e.toward = Some(Aim {
            actor: key,
            statements: said.len(),
            stance: said.iter().rev().take(3).map(|e| e.evidence.clone()).collect(),
        });
        out.push(e);
    }
    Ok(out)
}
