//! A third party that mediates the sentence's talks, deal or exchange: "Under Angolan
//! mediation, Kinshasa and Kigali held talks", "under the auspices of the African Union",
//! "an exchange brokered by the United Arab Emirates". The mediator mediates (045) toward
//! each party of the sentence's mutual talks and agreements and of its yields.

use quidpro_event::{ActorCode, EventCode};

use super::{source_phrase, Sentence};
use crate::actors::Np;
use crate::lexicon::Lexicon;
use crate::CodedEvent;

/// The nouns of mediation in "under X mediation" and "under the auspices of X".
const MEDIATION: &[&str] = &["mediation", "auspices", "brokerage", "facilitation"];

/// The mediation events the sentence's phrases of mediation tell, for the acts in `out`.
pub(super) fn mediated(
    lex: &Lexicon,
    s: &Sentence,
    out: &[CodedEvent],
    date: chrono::NaiveDate,
) -> Vec<CodedEvent> {
    let Some(np) = mediator(s) else { return Vec::new() };
    let Some(who) = np.code(lex, date) else { return Vec::new() };
    // The parties of the sentence's mutual talks and agreements (04, 05: told both ways)
    // and of its yields (08: a release, an exchange, a ceasefire); not of a third state's
    // welcome or visit.
    let mutual = |e: &CodedEvent| {
        out.iter().any(|o| {
            o.event.source == e.event.target
                && o.event.target == e.event.source
                && o.event.code.root() == e.event.code.root()
        })
    };
    let acts: Vec<&CodedEvent> = out
        .iter()
        .filter(|e| !e.event.target.is_none())
        .filter(|e| match e.event.code.root() {
            "04" | "05" => mutual(e),
            "08" => true,
            _ => false,
        })
        .collect();
    let mut parties: Vec<ActorCode> = Vec::new();
    for e in &acts {
        for p in [&e.event.source, &e.event.target] {
            // (Two parties of one state stay two: "Ethiopia and the TPLF".)
            if !p.is_none() && p.primary() != who.primary() && !parties.iter().any(|q| q == p) {
                parties.push(p.clone());
            }
        }
    }
    let (Some(first), true) = (acts.first(), parties.len() >= 2) else { return Vec::new() };
    let code = EventCode::parse("045").expect("CAMEO 045");
    parties
        .into_iter()
        .filter(|p| {
            !out.iter().any(|e| e.event.source == who && e.event.target == *p && e.event.code == code)
        })
        .map(|p| {
            let mut e = (*first).clone();
            e.event.source = who.clone();
            e.event.target = p;
            e.event.code = code;
            e.event.content = None;
            e.event.provenance.rule =
                "mediation: a third party mediates the sentence's mutual act".to_string();
            source_phrase(lex, s, np, &mut e);
            e
        })
        .collect()
}

/// The mediator's phrase: "under|with|through (the) X mediation", "under the auspices|
/// mediation of X", "mediated|brokered|facilitated by X".
fn mediator<'a>(s: &'a Sentence<'_>) -> Option<&'a Np> {
    let np_to = |k: usize| {
        k.checked_sub(1)
            .and_then(|j| s.np_at[j])
            .map(|n| &s.nps[n])
            .filter(|np| np.end == k && np.is_resolved())
    };
    for i in 0..s.toks.len() {
        let w = s.norms[i];
        if MEDIATION.contains(&w) {
            // "under the auspices of the African Union"
            if s.norms.get(i + 1) == Some(&"of") {
                let np = s.phrase_after_the(i + 2);
                if let Some(np) = np.filter(|np| np.is_resolved()) {
                    return Some(np);
                }
            }
            // "under Angolan mediation", "with Qatar's mediation"
            let k = if i > 0 && s.norms[i - 1] == "'s" { i - 1 } else { i };
            if let Some(np) = np_to(k) {
                let lead = (np.start.saturating_sub(2)..np.start)
                    .any(|j| matches!(s.norms[j], "under" | "with" | "through" | "after" | "amid"));
                if lead {
                    return Some(np);
                }
            }
        }
        if matches!(w, "mediated" | "brokered" | "facilitated") && s.norms.get(i + 1) == Some(&"by") {
            let np = s.phrase_after_the(i + 2);
            if let Some(np) = np.filter(|np| np.is_resolved()) {
                return Some(np);
            }
        }
    }
    None
}
