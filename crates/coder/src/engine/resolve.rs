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

/// Whether a pattern's act may be coded without a target: its root's acts are (protest,
/// force posture, violence, ...), or the pattern says so (`[alone]`).
pub(super) fn one_sided(p: &quidpro_dict::Pattern) -> bool {
    p.flags.alone || ONE_SIDED_ROOTS.contains(&p.code.root())
}

/// Roots of the answers that take their target from the previous sentence's dyads:
/// cooperation, yielding, rejecting and disapproving, reducing relations.
pub(super) const ANSWER_ROOTS: &[&str] = &["04", "05", "06", "07", "08", "11", "12", "16"];

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
    let organ = matches!(role.as_str(), "GOV" | "MIL" | "COP" | "SPY" | "JUD" | "LEG");
    // The other party's country makes a domestic event ("the government cracked down on
    // Kenyan protesters").
    let other_codes: Vec<ActorCode> = other
        .iter()
        .filter(|&&o| s.nps[o].is_resolved())
        .filter_map(|&o| s.nps[o].code(lex, date))
        .filter(|c| !c.is_transnational())
        .collect();
    let from_other = other_codes.first().filter(|_| !hyphened).map(|c| c.primary().to_string());
    // Not a country whose state is itself the other party: an organ acting on a state
    // ("the junta broke off relations with Kyiv") is not that state's own. Only for the
    // organ as subject: "Georgians marched against the government" is domestic.
    // A person of that state is no state ("soldiers detained President Bazoum": Niger's).
    let subject = other.iter().all(|&o| s.nps[o].start > s.nps[npi].start);
    let states: Vec<ActorCode> = other
        .iter()
        .filter(|&&o| matches!(s.nps[o].head, Head::Country { .. }))
        .filter_map(|&o| s.nps[o].code(lex, date))
        .collect();
    let foreign = |c: &String| {
        !organ || !subject || !states.iter().any(|o| o.primary() == c && o.roles().all(|r| r == "GOV"))
    };
    // The first country or place after a locative preposition ("police in Istanbul").
    let located = || {
        let country = s.nps.iter().find_map(|np| match np.head {
            Head::Country { idx, .. }
                if np.role.is_none()
                    && prep_before(lex, s, np.start).is_some_and(|p| lex.flags(p) & gw::LOC != 0) =>
            {
                Some((np.start, idx))
            }
            _ => None,
        });
        let before = country.map_or(s.toks.len(), |(at, _)| at);
        let place = (0..before).find_map(|j| located_place(lex, s, j).map(|(_, idx)| (j, idx)));
        place.or(country).map(|(_, idx)| lex.dict.countries[idx as usize].code.primary().to_string())
    };
    // Armed groups and people take the country where the event happens ("militants in
    // northern Iraq"), else the other party's (a domestic event).
    // The story's last country stands only for the state's own organs ("officials",
    // "the government", "police"); civilians, media or rebels need the sentence to say.
    let last = state.last_country.clone().filter(|_| !hyphened && organ);
    // "Kurdish militia in northeast Syria": a place right after the role is its own,
    // before any country the rest of the sentence is about.
    let own = own_place(lex, s, s.nps[npi].end);
    // Armed groups belong where they act ("militants kidnapped a Chinese engineer in
    // Pakistan"), before the country of the sentence's scene.
    let armed = matches!(role.as_str(), "REB" | "INS" | "UAF" | "SEP" | "RAD" | "CRM");
    // "retook the port town of Mocimboa da Praia from insurgents": for armed groups, a
    // place the sentence names anywhere, when no locative phrase says where.
    let any_place = || {
        (0..s.toks.len()).find_map(|j| {
            let (len, idx) = place_at(lex, s, j)?;
            let inside = s.np_at[j].is_some_and(|n| s.nps[n].start != j || s.nps[n].end >= j + len);
            (!inside).then(|| lex.dict.countries[idx as usize].code.primary().to_string())
        })
    };
    let country = if armed {
        own.or_else(located)
            .or_else(|| if lex.places.is_empty() { None } else { any_place() })
            .or(hint)
            .or(from_other)
            .or(last)?
    } else {
        let f = |c: Option<String>| c.filter(foreign);
        // People who act are where they act ("protesters stormed the Saudi embassy in
        // Tehran"); the scene's country is for those acted on.
        if subject && !organ {
            f(own).or_else(|| f(located())).or(f(hint)).or(f(from_other)).or(f(last))?
        } else {
            f(own).or(f(hint)).or_else(|| f(located())).or(f(from_other)).or(f(last))?
        }
    };
    Some(ActorCode::parse(&country).ok()?.with_role(role))
}

/// The country of a locative phrase that starts at token `at`, right after a role ("militia
/// in northeast Syria", "police near the Nigerian city of Kano"): a country named without a
/// role or a place of the dictionaries, within three words of the preposition.
fn own_place(lex: &Lexicon, s: &Sentence, at: usize) -> Option<String> {
    let prep = *s.toks.get(at)?;
    if lex.flags(prep) & gw::LOC == 0 {
        return None;
    }
    for j in at + 1..(at + 5).min(s.toks.len()) {
        if lex.flags(s.toks[j]) & gw::CLAUSE != 0 {
            return None;
        }
        if let Some((_, idx)) = located_place(lex, s, j) {
            return Some(lex.dict.countries[idx as usize].code.primary().to_string());
        }
        if let Some(npi) = s.np_at[j] {
            let np = &s.nps[npi];
            return match np.head {
                Head::Country { idx, .. } if np.role.is_none() && np.start == j => {
                    Some(lex.dict.countries[idx as usize].code.primary().to_string())
                }
                _ => None,
            };
        }
    }
    None
}

/// Roots whose events take the country where they happened as target when no target is
/// named: protest, force posture, coerce, assault, fight, mass violence.
pub(super) const LOCATED_ROOTS: &[&str] = &["14", "15", "17", "18", "19", "20"];

/// The longest place of the dictionaries that starts at token `j`, when it is listed for
/// one country only: its length and that country (index).
pub(super) fn place_at(lex: &Lexicon, s: &Sentence, j: usize) -> Option<(usize, u32)> {
    let (len, countries) = lex.places.longest(&s.toks[j..])?;
    let idx = countries[0];
    countries.iter().all(|&c| c == idx).then_some((len, idx))
}

/// A place of the dictionaries (`places:` of a country) that starts at token `j` after
/// a locative preposition: its end and its country. Not a place where an actor phrase
/// as long or longer starts or runs through ("Gaza City" is a place, "Gaza" an actor),
/// nor one listed for several countries.
pub(super) fn located_place(lex: &Lexicon, s: &Sentence, j: usize) -> Option<(usize, u32)> {
    if lex.places.is_empty() {
        return None;
    }
    let (len, idx) = place_at(lex, s, j)?;
    if let Some(npi) = s.np_at[j] {
        if s.nps[npi].start != j || s.nps[npi].end >= j + len {
            return None;
        }
    }
    prep_before(lex, s, j).is_some_and(|p| lex.flags(p) & gw::LOC != 0).then_some((j + len, idx))
}

/// The country where the event of `m` happened: the first country, capital or place
/// after the verb that stands after a locative preposition ("in Mogadishu", "in
/// northwestern Nigeria's Katsina state", "near the Nigerian city of", "in Idlib"), in
/// the same clause; with the phrase that names it (none for a place).
pub(super) fn location_country(lex: &Lexicon, s: &Sentence, m: &Match) -> Option<(Option<usize>, ActorCode)> {
    // A verb inside a relative clause or apposition happened where that clause says.
    let clause_end =
        s.masks.iter().find(|&&(a, b)| m.anchor_start >= a && m.anchor_start < b).map(|&(_, b)| b);
    let hi = (m.end + 14).min(s.toks.len()).min(clause_end.unwrap_or(usize::MAX));
    // "Russia bombed Idlib", "shelled the town of Jermuk": a place as the object of the
    // verb is where it happened.
    let mut k = m.end;
    while k < hi && lex.flags(s.toks[k]) & gw::DET != 0 && s.np_at[k].is_none() {
        k += 1;
    }
    if k < hi && s.np_at[k].is_none() && !lex.places.is_empty() {
        if let Some((_, idx)) = place_at(lex, s, k) {
            return Some((None, lex.dict.countries[idx as usize].code.clone()));
        }
    }
    if let Some(found) = located_in(lex, s, m.end, hi) {
        return Some(found);
    }
    // ", killing four officers": a participle clause happened where its main clause did.
    let participle =
        m.anchor_start > 0 && s.toks[m.anchor_start - 1] == lex.word(",") && m.anchor_form == Some(Form::Ing);
    if participle {
        let start =
            (0..m.anchor_start).rev().find(|&k| lex.flags(s.toks[k]) & gw::CLAUSE != 0).map_or(0, |k| k + 1);
        return located_in(lex, s, start, m.anchor_start - 1);
    }
    None
}

/// The first country or place after a locative preposition in `from..hi`, stopping at
/// clause punctuation.
fn located_in(lex: &Lexicon, s: &Sentence, from: usize, hi: usize) -> Option<(Option<usize>, ActorCode)> {
    let mut j = from;
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
                        return Some((Some(npi), lex.dict.countries[idx as usize].code.clone()));
                    }
                }
            }
            if let Some((_, idx)) = located_place(lex, s, j) {
                return Some((None, lex.dict.countries[idx as usize].code.clone()));
            }
            j = np.end;
            continue;
        }
        if let Some((_, idx)) = located_place(lex, s, j) {
            return Some((None, lex.dict.countries[idx as usize].code.clone()));
        }
        j += 1;
    }
    None
}

/// Whether a code is a news medium (role `MED`): the channel of what is said, never its
/// target nor a scene that lends its country.
pub(super) fn is_medium(code: &ActorCode) -> bool {
    code.roles().any(|r| r == "MED")
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
    let (base, person) = referent(lex, s, npi, s.toks[np.start], other, state, date, true)?;
    // A person ("he") is the person's own code.
    Some(match np.role.map(|r| &lex.dict.agents[r as usize].code).filter(|_| !person) {
        Some(r) => ActorCode::parse(base.primary()).ok()?.with_role(r),
        None => base,
    })
}

/// A role after a possessive pronoun ("her government", "its army", "their police"):
/// the role of the person or actor the pronoun refers to, as for a pronoun.
pub(super) fn possessed_role(
    lex: &Lexicon,
    s: &Sentence,
    npi: usize,
    other: &[usize],
    state: &StoryState,
    date: NaiveDate,
) -> Option<ActorCode> {
    let np = &s.nps[npi];
    let role = np.role.map(|r| &lex.dict.agents[r as usize].code)?;
    let (base, _) = referent(lex, s, npi, s.toks[np.start - 1], other, state, date, false)?;
    if base.is_transnational() {
        return None;
    }
    Some(ActorCode::parse(base.primary()).ok()?.with_role(role))
}

/// What the pronoun `pronoun` of the phrase `npi` refers to: the last person named
/// before it (for "he", "she", "his", "her"), else the first named actor of the sentence
/// that is not the other party of its event, else (`reflexive`) that other party when
/// an actor was named before, else the last subject of the story; and whether it is the
/// person named before.
#[allow(clippy::too_many_arguments)]
fn referent(
    lex: &Lexicon,
    s: &Sentence,
    npi: usize,
    pronoun: Tok,
    other: &[usize],
    state: &StoryState,
    date: NaiveDate,
    reflexive: bool,
) -> Option<(ActorCode, bool)> {
    if lex.cues(pronoun) & cue::PERSON_PRONOUN != 0 {
        let person = s.nps[..npi].iter().rev().find(|c| matches!(c.head, Head::Person(_)));
        if let Some(p) = person {
            return p.code(lex, date).map(|c| (c, true));
        }
    }
    let other_codes: Vec<ActorCode> = other.iter().filter_map(|&o| s.nps[o].code(lex, date)).collect();
    // An actor that is a verb's subject or object before one inside a prepositional
    // phrase: "after an Israeli strike destroyed its consulate in Damascus, Iran vowed to
    // retaliate, and on 13 April it launched ..." (Iran, not Damascus).
    let candidate = |in_phrase: bool| {
        s.nps[..npi]
            .iter()
            .filter(|c| c.is_resolved())
            .filter(|c| in_phrase || prep_before(lex, s, c.start).is_none())
            .filter_map(|c| c.code(lex, date))
            .find(|c| !other_codes.iter().any(|o| o.primary() == c.primary()))
    };
    let before = candidate(false).or_else(|| candidate(true));
    // "Russia wound down its operations", "Serbia insisted it would never ...": a
    // pronoun whose only actor before it in the sentence is the other party of its own
    // event refers to that party (reflexive), not to an actor of an earlier sentence.
    let reflexive = || {
        let named_before = reflexive && s.nps[..npi].iter().any(|c| c.is_resolved());
        named_before.then(|| other_codes.first().cloned()).flatten()
    };
    before
        .or_else(reflexive)
        .or_else(|| state.last_subject.as_ref().and_then(|n| n.code(lex, date)))
        .map(|c| (c, false))
}

/// Whether a verb with no target answers something said before: nothing follows it in
/// its clause but a few words ("Pakistan declined.", "Baku complied two days later"), or
/// its object points back ("welcomed the decision", "rejected the request": grammar class
/// `ANAPHOR_NOUN`). "Russia recognised the independence of the two regions" names its
/// own object and answers nobody.
pub(super) fn answers_back(lex: &Lexicon, s: &Sentence, m: &Match) -> bool {
    let end = (m.end..s.toks.len()).find(|&j| is_break(lex, s, j)).unwrap_or(s.toks.len());
    let rest = m.end..end;
    let after_verb = end.saturating_sub(m.anchor_end);
    let words = |j: &usize| lex.cues(s.toks[*j]) & cue::ANAPHOR_NOUN != 0;
    // A definite object with no complement of its own points back too ("brokered the
    // ceasefire that ended the war"); "the independence of the two regions" does not.
    let a = m.anchor_end;
    let definite = s.norms.get(a) == Some(&"the")
        && s.norms.get(a + 2).is_none_or(|w| *w != "of")
        && s.norms.get(a + 3).is_none_or(|w| *w != "of");
    // The pattern's own words may hold the object ("welcomed the decision").
    m.words.iter().any(words) || rest.clone().any(|j| words(&j)) || after_verb <= 4 || definite
}

/// What a noun that points back refers to ("the alliance", "the group", "the country",
/// "the two countries"): the last actor of its kind named before it in the sentence, not
/// the other party of its own event, else the last of the story's parties of that kind;
/// for a pair, the two parties of the previous sentence's first dyad, else the last two
/// states named before it in the sentence.
pub(super) fn resolve_anaphor(
    lex: &Lexicon,
    s: &Sentence,
    npi: usize,
    kind: Anaphor,
    other: &[usize],
    state: &StoryState,
    date: NaiveDate,
) -> Vec<ActorCode> {
    let other_codes: Vec<ActorCode> = other.iter().filter_map(|&o| s.nps[o].code(lex, date)).collect();
    let armed = ["REB", "INS", "UAF", "SEP", "RAD", "CRM", "OPP", "PTY"];
    let fits = |c: &ActorCode| match kind {
        Anaphor::Org => c.primary() == "IGO",
        Anaphor::Group => {
            c.is_transnational() && c.primary() != "IGO" || c.roles().any(|r| armed.contains(&r))
        }
        Anaphor::State | Anaphor::Pair => !c.is_transnational(),
    };
    let candidate = |c: &ActorCode| fits(c) && !other_codes.iter().any(|o| o.primary() == c.primary());
    let before: Vec<ActorCode> = s.nps[..npi]
        .iter()
        .filter(|c| c.is_resolved())
        .filter_map(|c| c.code(lex, date))
        .filter(|c| candidate(c))
        .collect();
    // "the two governments": the role the noun names, on each state.
    let role = s.nps[npi].role.map(|r| &lex.dict.agents[r as usize].code);
    let state_of = |c: &ActorCode| {
        let st = ActorCode::parse(c.primary()).ok()?;
        Some(match role {
            Some(r) => st.with_role(r),
            None => st,
        })
    };
    match kind {
        Anaphor::Pair => {
            // The pair of states the story's events were most often between, the latest
            // of equals: "Israel struck Iran ... Iran fired missiles at Israel ... Erdogan
            // condemned the attack. The UN urged both countries to ..." (Israel and Iran).
            let mut best: Option<(usize, usize)> = None;
            for (k, (a, b)) in state.state_dyads.iter().enumerate() {
                let n =
                    state.state_dyads.iter().filter(|(x, y)| x == a && y == b || x == b && y == a).count();
                if best.is_none_or(|(bn, _)| n >= bn) {
                    best = Some((n, k));
                }
            }
            if let Some((_, k)) = best {
                let (a, b) = &state.state_dyads[k];
                return [a, b].into_iter().filter_map(state_of).collect();
            }
            let mut v: Vec<ActorCode> = Vec::new();
            for c in before.iter().rev().filter_map(state_of) {
                if !v.contains(&c) {
                    v.push(c);
                }
            }
            if v.len() >= 2 {
                v.truncate(2);
                v.reverse();
                v
            } else {
                Vec::new()
            }
        }
        _ => {
            let last = before
                .last()
                .cloned()
                .or_else(|| state.mentioned.iter().rev().find(|c| candidate(c)).cloned());
            let last = if kind == Anaphor::State { last.as_ref().and_then(state_of) } else { last };
            last.into_iter().collect()
        }
    }
}
