//! Resolution: actor phrases to codes on the event's date, with pronouns, roles
//! without a country, and the place where the event happened.

use super::*;

/// Resolves a fill's phrases to codes on a date (the other party's phrases given).
pub(super) type Resolver<'a> = dyn Fn(&Fill, NaiveDate, &StoryState, &[usize]) -> Vec<Resolved> + 'a;

/// The phrases of a fill that name an actor or refer to one (no bare roles).
pub(super) fn named_fill(s: &Sentence, f: &Fill) -> Fill {
    Fill { nps: f.nps.iter().copied().filter(|&n| s.nps[n].head != Head::Unresolved).collect() }
}

#[derive(Clone)]
pub(super) struct Resolved {
    pub(super) code: ActorCode,
    pub(super) np: usize,
}

/// Roots whose events are coded with no target when none is named: a condemnation of an
/// unnamed attacker, a protest, a mobilisation or exercise, arrests and curfews, attacks.
pub(super) const ONE_SIDED_ROOTS: &[&str] = &["11", "14", "15", "17", "18", "19", "20"];

/// Roots of violence: their victims are coded even when the attacker is not named.
pub(super) const VIOLENT_ROOTS: &[&str] = &["18", "19", "20"];

/// A role named without its country ("rebel positions", "the police", "protesters"):
/// the country of a named member of its compound or of the sentence's scene (`hint`),
/// else the country of the other party of its event (a domestic event), else the country where
/// the sentence's event happens ("police in Ankara"), else the country the story was last
/// about.
pub(super) fn bare_role(
    lex: &Lexicon,
    s: &Sentence,
    npi: usize,
    hint: Option<String>,
    other: &[usize],
    state: &StoryState,
    date: NaiveDate,
) -> Option<ActorCode> {
    let role = s.nps[npi].role.map(|r| &lex.dict.agents[r as usize].code)?;
    // "Turkish-backed forces": a hyphenated modifier says whose they are not; only the
    // place where they act can tell ("Iran-backed militias in Syria").
    let start = s.nps[npi].start;
    let hyphened = start >= 2 && s.norms[start - 2] == "-";
    let hint = hint.filter(|_| !hyphened);
    let from_other = other
        .iter()
        .filter(|_| !hyphened)
        .filter(|&&o| s.nps[o].is_resolved())
        .filter_map(|&o| s.nps[o].code(lex, date))
        .find(|c| !c.is_transnational())
        .map(|c| c.primary().to_string());
    let located = || {
        s.nps.iter().enumerate().find_map(|(j, np)| match np.head {
            Head::Country { idx, .. }
                if np.role.is_none()
                    && prep_before(lex, s, np.start).is_some_and(|p| lex.flags(p) & gw::LOC != 0) =>
            {
                let _ = j;
                Some(lex.dict.countries[idx as usize].code.primary().to_string())
            }
            _ => None,
        })
    };
    // Armed groups and people take the country where the event happens ("militants in
    // northern Iraq"), else the other party's (a domestic event).
    let last = state.last_country.clone().filter(|_| !hyphened);
    let country = hint.or_else(located).or(from_other).or(last)?;
    Some(ActorCode::parse(&country).ok()?.with_role(role))
}

/// Roots whose events take the country where they happened as target when no target is
/// named: protest, force posture, coerce, assault, fight, mass violence.
pub(super) const LOCATED_ROOTS: &[&str] = &["14", "15", "17", "18", "19", "20"];

/// The country where the event of `m` happened: the first country or capital after the
/// verb that stands after a locative preposition ("in Mogadishu", "in northwestern
/// Nigeria's Katsina state", "near the Nigerian city of"), in the same clause.
pub(super) fn location_country(lex: &Lexicon, s: &Sentence, m: &Match) -> Option<(usize, ActorCode)> {
    let hi = (m.end + 14).min(s.toks.len());
    let mut j = m.end;
    while j < hi {
        if lex.flags(s.toks[j]) & gw::CLAUSE != 0 {
            return None;
        }
        if let Some(npi) = s.np_at[j] {
            let np = &s.nps[npi];
            if np.start == j {
                if let Head::Country { idx, .. } = np.head {
                    let located = prep_before(lex, s, j).is_some_and(|p| lex.flags(p) & gw::LOC != 0)
                        || np.role.is_none() && j > 0 && lex.flags(s.toks[j - 1]) & (gw::DET | gw::LOC) != 0;
                    if located {
                        return Some((npi, lex.dict.countries[idx as usize].code.clone()));
                    }
                }
            }
            j = np.end;
            continue;
        }
        j += 1;
    }
    None
}

/// Whether two codes are one state: the same country, with no role other than the
/// government on either side ("Ukraine condemned the attack on Kyiv"). A state acting on
/// its own police, opposition or rebels remains an event.
pub(super) fn same_state(a: &ActorCode, b: &ActorCode) -> bool {
    a.primary() == b.primary() && !a.is_transnational() && a.roles().chain(b.roles()).all(|r| r == "GOV")
}

/// A pronoun refers to the first named actor of the sentence that is not the other
/// party of its event, or else to the last subject of the story.
pub(super) fn resolve_pronoun(
    lex: &Lexicon,
    s: &Sentence,
    npi: usize,
    other: &[usize],
    state: &StoryState,
    date: NaiveDate,
) -> Option<ActorCode> {
    let np = &s.nps[npi];
    let word = s.norms[np.start];
    if matches!(word, "he" | "she" | "his") {
        let person = s.nps[..npi].iter().rev().find(|c| matches!(c.head, Head::Person(_)));
        if let Some(p) = person {
            return p.code(lex, date);
        }
    }
    let role = np.role.map(|r| &lex.dict.agents[r as usize].code);
    let other_codes: Vec<ActorCode> = other.iter().filter_map(|&o| s.nps[o].code(lex, date)).collect();
    let base = s.nps[..npi]
        .iter()
        .filter(|c| c.is_resolved())
        .filter_map(|c| c.code(lex, date))
        .find(|c| !other_codes.iter().any(|o| o.primary() == c.primary()))
        .or_else(|| state.last_subject.as_ref().and_then(|n| n.code(lex, date)))?;
    Some(match role {
        Some(r) => ActorCode::parse(base.primary()).ok()?.with_role(r),
        None => base,
    })
}
