//! The means of an act of violence: CAMEO tells unconventional violence (18: bombings,
//! suicide attacks, car bombs, roadside bombs) from conventional military force (19) by
//! how it was done, which the verb often does not say ("killed in a suicide car
//! bombing", "killed when a bomb exploded next to his motorcade"). The words are grammar
//! classes (`BOMB_MEANS`, `SUICIDE_MEANS`, `VEHICLE_MEANS`, `ROADSIDE_MEANS` of
//! `dictionaries/grammar.txt`).

use quidpro_event::{ActorCode, EventCode};

use super::*;

/// The code of a violent act refined by the means its clause names: a generic use of
/// force (`190`) or unconventional violence (`180`) with a bomb is a bombing (`183`),
/// a suicide bombing (`1831`), a vehicular one (`1832`) or a roadside one (`1833`).
/// Specific codes (air strikes `195`, artillery `194`, ...) are kept.
pub(super) fn refine_by_means(lex: &Lexicon, s: &Sentence, m: &Match, code: EventCode) -> EventCode {
    if !matches!(code.as_str(), "190" | "18" | "180" | "19" | "183") {
        return code;
    }
    // The clause around the verb: back to the subject, on to the means.
    let mut lo = m.anchor_start;
    while lo > 0 && m.anchor_start - lo < 8 && !is_break(lex, s, lo - 1) {
        lo -= 1;
    }
    let mut hi = m.end;
    while hi < s.toks.len() && hi - m.end < 10 && !is_break(lex, s, hi) {
        hi += 1;
    }
    let (mut bomb, mut suicide, mut vehicle, mut roadside) = (false, false, false, false);
    for j in lo..hi {
        let c = lex.cues(s.toks[j]);
        bomb |= c & cue::BOMB_MEANS != 0;
        suicide |= c & cue::SUICIDE_MEANS != 0;
        vehicle |= c & cue::VEHICLE_MEANS != 0;
        roadside |= c & cue::ROADSIDE_MEANS != 0;
    }
    let refined = match (bomb || suicide, suicide, vehicle, roadside) {
        (true, true, _, _) => "1831",
        (true, false, true, _) => "1832",
        (true, false, false, true) => "1833",
        (true, false, false, false) => "183",
        _ => return code,
    };
    EventCode::parse(refined).unwrap_or(code)
}

/// Roles of people who take no part in fighting.
const NONCOMBATANT: &[&str] = &["CVL", "MED", "EDU", "HLH", "REL", "LAB", "REF", "HRI", "NGO", "BUS", "AGR"];
/// Roles of armed groups outside a state's forces.
const IRREGULAR: &[&str] = &["REB", "INS", "UAF", "CRM", "SEP", "RAD"];

/// A generic use of force (`190`) by an armed group against people who take no part in
/// fighting ("gunmen killed seven pilgrims", "rebels killed ten villagers") is
/// unconventional violence (`180`), not conventional military force. An unnamed attacker
/// leaves it as it is: a state's forces may be behind it.
pub(super) fn unconventional(code: EventCode, source: &ActorCode, target: &ActorCode) -> EventCode {
    if code.as_str() != "190" {
        return code;
    }
    let victims = target.roles().any(|r| NONCOMBATANT.contains(&r));
    let irregular = source.roles().any(|r| IRREGULAR.contains(&r));
    if victims && irregular {
        EventCode::parse("180").unwrap_or(code)
    } else {
        code
    }
}

/// Whether a plain noun phrase with a determiner stands right before the verb at `anchor`
/// as its subject ("A suicide bomber killed", "a roadside bomb wounded"): no actor, no
/// break, the word before the verb a plain lower-case word.
pub(super) fn noun_subject(lex: &Lexicon, s: &Sentence, anchor: usize) -> bool {
    let plain = |k: usize| {
        s.np_at[k].is_none()
            && lex.flags(s.toks[k]) == 0
            && s.norms[k].bytes().all(|b| b.is_ascii_lowercase())
    };
    if anchor == 0 {
        return false;
    }
    // The pattern's own first word is the noun ("a suicide bomber killed": `$ &suicide
    // {kill} +`).
    if lex.flags(s.toks[anchor - 1]) & gw::DET != 0 && s.np_at[anchor - 1].is_none() && plain(anchor) {
        return true;
    }
    if !plain(anchor - 1) {
        return false;
    }
    let lo = anchor.saturating_sub(4);
    (lo..anchor - 1)
        .rev()
        .take_while(|&k| s.np_at[k].is_none() && !is_break(lex, s, k))
        .any(|k| lex.flags(s.toks[k]) & gw::DET != 0 && (k + 1..anchor).all(plain))
}
