//! Modality: intents, negation, refusal, hedges, conditions and questions, from the
//! words around a verb.

use super::*;

/// Whether the verb is what an actor is ready, willing or pledging to do: "ready to
/// resume talks", "pledged to send aid". What it will or plans to do ("will send
/// troops", "plans to hold exercises") is the act itself, planned.
pub(super) fn intended(lex: &Lexicon, s: &Sentence, m: &Match) -> bool {
    let a = m.anchor_start;
    if a == 0 {
        return false;
    }
    if s.toks[a - 1] != lex.word("to") {
        return false;
    }
    (a.saturating_sub(4)..a - 1).any(|k| lex.flags(s.toks[k]) & gw::INTENT != 0)
}

/// Whether the verb of denying at `k` denies a claim: "denied" and "denies" always; "rejected"
/// and "dismissed" only a that-clause or a claim ("rejected reports that", "dismissed
/// allegations of"), not a thing ("rejected the memorandum that Ethiopia signed").
fn denies_claim(s: &Sentence, k: usize) -> bool {
    if !matches!(s.norms[k], "rejected" | "dismissed" | "rejects" | "dismisses") {
        return true;
    }
    let mut j = k + 1;
    // Over determiners and a possessor ("rejected Russia's demand").
    loop {
        if matches!(s.norms.get(j), Some(&("the" | "as" | "any" | "all" | "these" | "those" | "such"))) {
            j += 1;
        } else if let Some(n) = s.np_at.get(j).copied().flatten().filter(|&n| s.nps[n].start == j) {
            if s.norms.get(s.nps[n].end) != Some(&"'s") {
                break;
            }
            j = s.nps[n].end + 1;
        } else {
            break;
        }
    }
    matches!(
        s.norms.get(j),
        Some(
            &("that"
                | "reports"
                | "report"
                | "claims"
                | "claim"
                | "allegations"
                | "allegation"
                | "accusations"
                | "accusation"
                | "suggestions"
                | "suggestion"
                | "charges"
                | "assertions"
                // ("rejected Russia's demand that it withdraw": the act asked is not told.)
                | "demand"
                | "demands"
                | "request"
                | "requests"
                | "call"
                | "calls"
                | "proposal"
                | "proposals"
                | "ultimatum"
                | "baseless"
                | "unfounded"
                | "false")
        )
    )
}

/// The CAMEO "express intent" code for a cooperative act (roots 04–08), by the table of
/// CAMEO 1.1b3: meet or negotiate → 036, diplomatic cooperation → 032, material
/// cooperation → 031x, aid → 033x, yield → 035x.
pub(super) fn intent_code(code: EventCode) -> Option<EventCode> {
    let c = code.as_str();
    let to = match (code.root(), c) {
        ("04", "045") => "039",
        ("04", _) => "036",
        ("05", _) => "032",
        ("06", "061") => "0311",
        ("06", "062") => "0312",
        ("06", "063") => "0313",
        ("06", "064") => "0314",
        ("06", _) => "031",
        ("07", "071") => "0331",
        ("07", "072") => "0332",
        ("07", "073") => "0333",
        ("07", "074") => "0334",
        ("07", _) => "033",
        ("08", _) if c.starts_with("081") => "0351",
        ("08", "082") => "0352",
        ("08", _) if c.starts_with("084") => "0353",
        ("08", "085") => "0354",
        ("08", _) if c.starts_with("086") => "0355",
        ("08", _) if c.starts_with("087") => "0356",
        ("08", _) => "035",
        _ => return None,
    };
    EventCode::parse(to).ok()
}

/// Modality from the words before the verb.
pub(super) fn modality(lex: &Lexicon, s: &Sentence, m: &Match) -> Modality {
    let mut j = m.anchor_start;
    let lo = m.anchor_start.saturating_sub(5);
    let mut result = Modality::Asserted;
    // "denied any involvement in the drone attack", "denied that its forces shelled"
    let lo_deny = m.anchor_start.saturating_sub(8);
    for k in (lo_deny..m.anchor_start).rev() {
        if is_break(lex, s, k) {
            break;
        }
        if lex.flags(s.toks[k]) & gw::DENY != 0 && k + 1 < m.anchor_start && denies_claim(s, k) {
            return Modality::Denied;
        }
    }
    // "received help from neither Russia nor the CSTO": a party under "neither".
    let under_neither = |npi: &usize| {
        let start = s.nps[*npi].start;
        (start.saturating_sub(2)..start).any(|k| s.norms[k] == "neither")
    };
    if m.source.nps.iter().chain(&m.target.nps).any(under_neither) {
        return Modality::Negated;
    }
    // "sent no troops", "has delivered no weapons": the act's object is none.
    // (Not the pattern's own "no", "sees no chance", nor "a no-fly zone".)
    if (m.anchor_end..(m.anchor_end + 2).min(m.end)).any(|k| {
        s.norms[k] == "no"
            && s.np_at[k].is_none()
            && !m.words.contains(&k)
            && s.norms.get(k + 1) != Some(&"-")
    }) {
        return Modality::Negated;
    }
    // "There has been no Kazakh condemnation of Russia": "no" before a noun of the act,
    // over its agent's adjective.
    if m.anchor_form == Some(Form::Noun) || nominal_anchor(lex, s, m) {
        let mut k = m.anchor_start;
        if k > 0 && s.np_at[k - 1].is_some() {
            k = s.nps[s.np_at[k - 1].expect("checked")].start;
        }
        if k > 0 && s.norms[k - 1] == "no" {
            return Modality::Negated;
        }
    }
    // "Neither Russia nor the CSTO sent troops": a subject under "neither ... nor".
    let mut k = m.anchor_start;
    while k > m.anchor_start.saturating_sub(10) {
        k -= 1;
        if matches!(s.norms[k], "neither" | "nor") {
            return Modality::Negated;
        }
        if is_break(lex, s, k) || s.np_at[k].is_none() && lex.flags(s.toks[k]) & gw::DET == 0 {
            break;
        }
    }
    while j > lo {
        j -= 1;
        if s.np_at[j].is_some() || is_break(lex, s, j) {
            break;
        }
        let f = lex.flags(s.toks[j]);
        if f & gw::NEG != 0 {
            return Modality::Negated;
        }
        if f & gw::DENY != 0 {
            return Modality::Denied;
        }
        // "has yet to send", "stopped short of imposing", "avoided criticising".
        if f & gw::NEG_LINKED != 0
            && m.anchor_start - j <= 3
            && (j + 1 == m.anchor_start || matches!(s.norms[j + 1], "to" | "of" | "from" | "at" | "away"))
        {
            return Modality::Negated;
        }
        // ("would like Baku to join": a wish stated, not a hypothesis.)
        let wish = s.norms[j] == "would" && matches!(s.norms.get(j + 1), Some(&("like" | "prefer")));
        if f & gw::HYPO != 0 && result == Modality::Asserted && !wish {
            result = Modality::Hypothetical;
        }
        // "has to withdraw", "needs to", "ought to": an obligation, not a fact ("had to"
        // tells what was done).
        if lex.cues(s.toks[j]) & cue::DEONTIC_TO != 0
            && s.norms[j] != "had"
            && s.toks.get(j + 1) == Some(&lex.word("to"))
            && result == Modality::Asserted
        {
            result = Modality::Hypothetical;
        }
        if f & (gw::PLAN | gw::PLAN_VERB) != 0 && result == Modality::Asserted {
            result = Modality::Planned;
        }
        if lex.cues(s.toks[j]) & cue::REPORTED_ADVERB != 0 && result == Modality::Asserted {
            result = Modality::Reported;
        }
        // "is said to have promised", "are reported to be", "was alleged to have": an
        // impersonal report of the act.
        if lex.cues(s.toks[j]) & cue::FRAME_IMPERSONAL_SAY != 0
            && j > 0
            && lex.flags(s.toks[j - 1]) & gw::BE != 0
            && s.norms.get(j + 1) == Some(&"to")
            && matches!(result, Modality::Asserted | Modality::Planned)
        {
            result = Modality::Reported;
        }
        // "refused to send", "refrain from sending", "abstained from": not done, by choice
        // (a modal before it keeps the refusal itself hypothetical).
        if lex.is_refusal(s.norms[j]) && k_ok(lex, s, j, m.anchor_start) {
            return if result == Modality::Hypothetical { Modality::Hypothetical } else { Modality::Refused };
        }
    }
    // "Will Baku send troops?", "Is Ankara preparing to ...?": a question asks; it
    // states nothing, planned or possible.
    let end = (m.end..s.toks.len()).find(|&k| lex.flags(s.toks[k]) & gw::CLAUSE != 0);
    if end.is_some_and(|k| s.norms[k] == "?")
        && matches!(result, Modality::Asserted | Modality::Planned | Modality::Hypothetical)
    {
        return Modality::Questioned;
    }
    if matches!(result, Modality::Asserted | Modality::Planned) {
        // A condition governs the rest of its clause, over actors too: "if Armenia
        // attacks", "unless Baku withdraws", "whether Tehran will supply".
        let lo = m.anchor_start.saturating_sub(12);
        for k in (lo..m.anchor_start).rev() {
            if lex.flags(s.toks[k]) & gw::CLAUSE != 0 || s.toks[k] == lex.word(",") {
                break;
            }
            if lex.cues(s.toks[k]) & cue::CONDITION != 0 {
                return Modality::Hypothetical;
            }
        }
    }
    result
}

/// Whether the refusal word at `j` governs the verb at `a`: "refused to", "refrain
/// from", "declined to" (`REFUSAL_LINK`), with at most one word between.
pub(super) fn k_ok(lex: &Lexicon, s: &Sentence, j: usize, a: usize) -> bool {
    (j + 1..a).any(|k| lex.cues(s.toks[k]) & cue::REFUSAL_LINK != 0) && a - j <= 3
}

/// Whether the only hedge before the verb is "would" (`BACKSHIFT`, within five words,
/// with no `DOUBT` word) and the sentence states no condition (`CONDITION`,
/// `COUNTERFACTUAL`): reported speech's future.
pub(super) fn backshifted_will(lex: &Lexicon, s: &Sentence, m: &Match) -> bool {
    let lo = m.anchor_start.saturating_sub(5);
    let before = &s.toks[lo..m.anchor_start];
    before.iter().any(|&t| lex.cues(t) & cue::BACKSHIFT != 0)
        && !before.iter().any(|&t| lex.cues(t) & cue::DOUBT != 0)
        && !s.toks.iter().any(|&t| lex.cues(t) & (cue::CONDITION | cue::COUNTERFACTUAL) != 0)
}
