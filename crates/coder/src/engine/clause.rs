//! Clauses and slots: the actor to the right of a word, the subject to its left,
//! coordination, passive voice, and complements that become a demand's content.

use super::*;

/// The first actor phrase starting within `reach` tokens of `from`, with any actors
/// joined to it by "and" or a list comma.
pub(super) fn right_actor(lex: &Lexicon, s: &Sentence, from: usize, reach: usize) -> Option<(Fill, usize)> {
    // "shelled rebel positions", "arrested protesters": a role without a country is the
    // target when no named actor follows ("supply drones to Azerbaijan": Azerbaijan).
    let mut role: Option<usize> = None;
    let fallback = |role: Option<usize>| role.map(|np| (Fill { nps: vec![np] }, s.nps[np].end));
    let mut j = from;
    let mut reach = reach;
    while j < s.toks.len() && j <= from + reach {
        // "Iran-backed militias": a word joined by a hyphen to the next (a name that the
        // actor finder dropped as a modifier) is passed over with its partner.
        let in_phrase = s.np_at[j].is_some_and(|n| s.nps[n].end > j + 1);
        if !in_phrase && s.norms.get(j + 1) == Some(&"-") && j + 2 < s.toks.len() {
            reach += 2;
            j += 3;
            continue;
        }
        // "condemned the strike as state terrorism": what follows "as" after a definite
        // object noun is a predicate, no target ("recognised Crimea as Russian" and "on
        // alert as China began" are not such objects).
        if j > from + 1
            && s.norms[j] == "as"
            && s.norms[j - 2] == "the"
            && s.np_at[j - 1].is_none()
            && !crate::dates::is_time_word(s.norms[j - 1])
        {
            return fallback(role);
        }
        // "expelled, in response to similar moves by Berlin, 40 German diplomats"
        if let Some(next) = interruption_end(lex, s, j) {
            reach += next - j;
            j = next;
            continue;
        }
        if let Some(np) = s.np_at[j] {
            // "condemned the bombing outside the Turkish interior ministry", "met in Ankara":
            // an actor after a locative preposition is where it happened, not the target
            // (violence takes its country as target later, see `location_country`).
            // The pattern's own last word is no venue ("participation in the CSTO",
            // "deposited 5 billion dollars at the Central Bank of Egypt"): the locative
            // preposition must stand between the word before the slot and the actor.
            let venue = j > from
                && (from..j).any(|k| lex.flags(s.toks[k]) & gw::LOC != 0)
                && prep_before(lex, s, j).is_some_and(|p| lex.flags(p) & gw::LOC != 0);
            // "Iran-backed militias", "Turkish-made drones": a name joined by a hyphen to
            // the next word modifies it; it is no actor of its own.
            let hyphened = s.norms.get(s.nps[np].end) == Some(&"-");
            if s.nps[np].start == j && hyphened {
                let next = (s.nps[np].end + 2).min(s.toks.len());
                reach += next - j;
                j = next;
                continue;
            }
            // "attack ships alongside Hezbollah", "strike Israel in support of Hamas": an
            // ally named after the verb is no target (the pattern's own "alongside",
            // before `from`, is not such a phrase).
            if s.nps[np].start == j && ally_before(s, j, from) {
                j = s.nps[np].end;
                continue;
            }
            if s.nps[np].start == j && (s.nps[np].head == Head::Unresolved || venue) {
                if !venue && role.is_none() && s.nps[np].role.is_some() {
                    role = Some(np);
                }
                j = s.nps[np].end;
                continue;
            }
            if s.nps[np].start == j {
                let mut fill = Fill { nps: vec![np] };
                let mut end = s.nps[np].end;
                // compound: X and Y, X, Y and Z (a comma alone does not join: "Russia and
                // Ukraine, Turkish Foreign Minister Hakan Fidan said")
                let mut last_and = (1, end);
                loop {
                    let mut k = end;
                    if k < s.toks.len() && (lex.flags(s.toks[k]) & gw::AND != 0 || s.toks[k] == lex.word(","))
                    {
                        k += 1;
                        while k < s.toks.len() && lex.flags(s.toks[k]) & gw::DET != 0 && s.np_at[k].is_none()
                        {
                            k += 1;
                        }
                        if let Some(next) = s.np_at.get(k).copied().flatten() {
                            // "operations against the SDF and Azerbaijan's silence": a
                            // possessor owns the next noun; it is no member of the compound.
                            let possessor = s.toks.get(s.nps[next].end) == Some(&lex.word("'s"));
                            // "shelled the SDF and Russia bombed Idlib": an actor followed by
                            // a past tense is the subject of a clause of its own.
                            let after = s.nps[next].end;
                            let subject_of_next = matches!(
                                s.toks.get(after).and_then(|t| lex.verb_forms.get(t)),
                                Some(Form::Past | Form::PastOrParticiple)
                            ) && s.toks.get(after + 1) != Some(&lex.word("by"));
                            // ("between Russia and Ukraine" always joins its two members.)
                            let between = fill.nps.len() == 1
                                && s.nps[fill.nps[0]].start > 0
                                && s.norms[s.nps[fill.nps[0]].start - 1] == "between";
                            if s.nps[next].start == k && !possessor && (!subject_of_next || between) {
                                let is_and = lex.flags(s.toks[end]) & gw::AND != 0;
                                fill.nps.push(next);
                                end = s.nps[next].end;
                                if is_and {
                                    last_and = (fill.nps.len(), end);
                                }
                                continue;
                            }
                        }
                    }
                    break;
                }
                fill.nps.truncate(last_and.0);
                return Some((fill, last_and.1));
            }
        }
        // "condemned Armenia's attack and pledged to stand by Azerbaijan": an "and" before
        // any actor starts the next clause.
        if is_break(lex, s, j) || lex.flags(s.toks[j]) & gw::AND != 0 {
            return fallback(role);
        }
        j += 1;
    }
    fallback(role)
}

/// Whether the phrase at `j` is named as an ally by the words right before it, from `from`
/// on: "alongside X", "in support of X", "on behalf of X", "in solidarity with X".
pub(super) fn ally_before(s: &Sentence, j: usize, from: usize) -> bool {
    let w = |d: usize| j.checked_sub(d).filter(|&k| k >= from).map(|k| s.norms[k]);
    w(1) == Some("alongside")
        || w(1) == Some("of")
            && matches!((w(3), w(2)), (Some("in"), Some("support")) | (Some("on"), Some("behalf")))
        || w(1) == Some("with") && (w(3), w(2)) == (Some("in"), Some("solidarity"))
}

/// The subject of a verb whose words start at `anchor`: the nearest actor phrase to the
/// left in the same clause that does not follow a preposition and is not inside a
/// relative clause or parenthesis; "which"/"who" right before the verb refer to the
/// phrase before the comma.
/// The antecedent of a subject relative pronoun right before the verb ("gunmen who
/// stormed", "militias that later attacked", "Turkey, which shelled"): the actor phrase
/// just before "who", "which" or "that", even after a preposition ("killed by Hamas
/// gunmen who stormed kibbutzim": the gunmen stormed).
fn relative_antecedent(lex: &Lexicon, s: &Sentence, anchor: usize) -> Option<usize> {
    let mut k = anchor;
    // Up to two adverbs or auxiliaries between the pronoun and the verb.
    for _ in 0..3 {
        k = k.checked_sub(1)?;
        let t = s.toks[k];
        if s.np_at[k].is_some() || is_break(lex, s, k) && t != lex.word(",") {
            return None;
        }
        if matches!(s.norms[k], "who" | "which" | "that") {
            let mut a = k.checked_sub(1)?;
            if s.toks[a] == lex.word(",") {
                a = a.checked_sub(1)?;
            }
            let npi = s.np_at[a]?;
            return (s.nps[npi].end == a + 1).then_some(npi);
        }
        if t == lex.word(",") {
            return None;
        }
    }
    None
}

pub(super) fn subject(lex: &Lexicon, s: &Sentence, anchor: usize) -> Option<Fill> {
    // A noun's possessor is its agent, whatever governs the phrase: "despite Ankara's halt
    // of trade with Israel" (Ankara halts).
    if anchor >= 2 && s.toks[anchor - 1] == lex.word("'s") {
        if let Some(npi) = s.np_at[anchor - 2] {
            return Some(Fill { nps: vec![npi] });
        }
    }
    if let Some(npi) = relative_antecedent(lex, s, anchor) {
        return Some(Fill { nps: vec![npi] });
    }
    let lo = anchor.saturating_sub(SUBJECT_REACH);
    let mut j = anchor;
    let mut seen_rel = false;
    let mut seen_comma = false;
    // "Egypt's army ousted President Morsi and rounded up ...": a phrase right after a past
    // tense, before the "and" that joins this verb, is that verb's object.
    let mut joined = false;
    // "held talks in Cairo after meeting the Israeli prime minister": a participle right
    // after a subordinator has the main clause's subject (and skips its object).
    // Not a gerund that is a subject itself ("as fighting forced people from their homes").
    let adjunct = anchor > 0
        && lex.verb_forms.get(&s.toks[anchor]) == Some(&Form::Ing)
        && lex.cues(s.toks[anchor - 1]) & cue::SUBJECT_OPENER != 0
        && s.norms[anchor - 1] != "as"
        && s.np_at[anchor - 1].is_none()
        && !s
            .toks
            .get(anchor + 1)
            .is_some_and(|t| matches!(lex.verb_forms.get(t), Some(Form::Past | Form::PastOrParticiple)));
    if adjunct {
        j = anchor - 1;
        joined = true;
    }
    // ", forcing schools to close": a participle clause shares the main clause's subject,
    // not its object.
    joined |= anchor > 0
        && s.toks[anchor - 1] == lex.word(",")
        && lex.verb_forms.get(&s.toks[anchor]) == Some(&Form::Ing);
    while j > lo {
        j -= 1;
        let t = s.toks[j];
        if lex.flags(t) & gw::CLAUSE != 0 {
            return None;
        }
        joined |= lex.flags(t) & gw::AND != 0 && s.np_at[j].is_none();
        if lex.flags(t) & gw::REL != 0 && j > 0 && s.toks[j - 1] == lex.word(",") {
            seen_rel = true;
        }
        seen_comma |= t == lex.word(",");
        // "protested a day after drones killed two children": the verb of a subordinate
        // clause has its subject after the subordinator or none named, never the main
        // clause's.
        if lex.cues(t) & cue::SUBJECT_OPENER != 0
            && !seen_comma
            && s.np_at[j].is_none()
            && s.toks.get(j + 1).is_some_and(|&n| lex.flags(n) & gw::PRON == 0)
        {
            return None;
        }
        let Some(npi) = s.np_at[j] else { continue };
        let np = &s.nps[npi];
        j = np.start;
        if masked(s, np, anchor) && !seen_rel {
            continue;
        }
        // "before it approves", "after Iranian strikes killed": a pronoun, or an actor
        // with at most a noun before the verb, after a subordinating word is a subject.
        let subordinate = np.start > 0
            && lex.cues(s.toks[np.start - 1]) & cue::SUBJECT_OPENER != 0
            && (np.head == Head::Pronoun
                || anchor - np.end <= 2
                    && (np.end..anchor).all(|k| s.np_at[k].is_none() && !is_break(lex, s, k)));
        if !subordinate && prep_before(lex, s, np.start).is_some() {
            continue;
        }
        if np.start > 0 && s.toks[np.start - 1] == lex.word("'s") {
            continue;
        }
        if joined && after_past_tense(lex, s, np.start) {
            continue;
        }
        // Compound subject: "Turkey and Azerbaijan", "Turkey, Azerbaijan and Pakistan".
        let mut fill = Fill { nps: vec![npi] };
        let mut start = np.start;
        let mut seen_and = false;
        loop {
            if start < 2 {
                break;
            }
            // "The President of Georgia, Mikheil Saakashvili, ...": a person named after an
            // office of a state, set off by commas, is that office; the compound goes on
            // before it.
            if let Some(office) = office_of(lex, s, fill.nps[0]) {
                fill.nps[0] = office;
                start = s.nps[office].start;
                continue;
            }
            // "Israel and the United Arab Emirates": determiners before a member.
            let mut link_at = start - 1;
            while link_at > 1 && lex.flags(s.toks[link_at]) & gw::DET != 0 && s.np_at[link_at].is_none() {
                link_at -= 1;
            }
            let link = s.toks[link_at];
            let is_and = lex.flags(link) & gw::AND != 0;
            let is_comma = link == lex.word(",");
            if !(is_and || is_comma && seen_and) || link_at == 0 {
                break;
            }
            // "..., Dmitry Medvedev, and the President of Georgia": a comma closing an
            // apposition before "and".
            let office = (is_and && link_at >= 2 && s.toks[link_at - 1] == lex.word(","))
                .then(|| s.np_at[link_at - 2].and_then(|n| office_of(lex, s, n)))
                .flatten();
            let Some(prev) = office.or(s.np_at[link_at - 1]) else { break };
            let pnp = &s.nps[prev];
            if prep_before(lex, s, pnp.start).is_some() {
                break;
            }
            // "Turkey shelled the SDF and Russia bombed Idlib": a member right after a past
            // tense is that verb's object, not the subject's.
            let mut b = pnp.start;
            while b > 0 && lex.flags(s.toks[b - 1]) & gw::DET != 0 && s.np_at[b - 1].is_none() {
                b -= 1;
            }
            if b > 0
                && matches!(lex.verb_forms.get(&s.toks[b - 1]), Some(Form::Past | Form::PastOrParticiple))
            {
                break;
            }
            seen_and |= is_and;
            fill.nps.insert(0, prev);
            start = pnp.start;
        }
        return Some(fill);
    }
    None
}

/// The office a person is named after, set off by commas: "the President of Georgia,
/// Mikheil Saakashvili, ..." (the person's phrase `npi`, closed by a comma).
fn office_of(lex: &Lexicon, s: &Sentence, npi: usize) -> Option<usize> {
    let np = &s.nps[npi];
    let comma = lex.word(",");
    if !matches!(np.head, Head::Person(_)) || np.start < 2 || s.toks[np.start - 1] != comma {
        return None;
    }
    if s.toks.get(np.end) != Some(&comma) {
        return None;
    }
    let office = s.np_at[np.start - 2]?;
    let o = &s.nps[office];
    // Not a phrase after a preposition ("according to Lebanese officials, Ali Larijani").
    (o.end == np.start - 1
        && o.role.is_some()
        && matches!(o.head, Head::Country { .. })
        && prep_before(lex, s, o.start).is_none())
    .then_some(office)
}

/// Whether the phrase starting at `start` follows a past tense (a dictionary's, or an
/// unknown lower-case word in "-ed"), determiners apart: that verb's object.
fn after_past_tense(lex: &Lexicon, s: &Sentence, start: usize) -> bool {
    let mut b = start;
    while b > 0 && lex.flags(s.toks[b - 1]) & gw::DET != 0 && s.np_at[b - 1].is_none() {
        b -= 1;
    }
    if b == 0 || s.np_at[b - 1].is_some() {
        return false;
    }
    let t = s.toks[b - 1];
    match lex.verb_forms.get(&t) {
        Some(f) => matches!(f, Form::Past | Form::PastOrParticiple),
        None => {
            let w = s.norms[b - 1];
            w.len() > 4 && w.ends_with("ed") && lex.flags(t) == 0 && w.bytes().all(|c| c.is_ascii_lowercase())
        }
    }
}

/// The position of "and" when the verb at `anchor` is coordinated with an earlier one:
/// "and recalled", ", and then recalled".
pub(super) fn coordinated(lex: &Lexicon, s: &Sentence, anchor: usize) -> Option<usize> {
    // ", killing seven soldiers": a participle clause shares the main subject.
    if anchor > 0
        && s.toks[anchor - 1] == lex.word(",")
        && lex.verb_forms.get(&s.toks[anchor]) == Some(&Form::Ing)
    {
        return Some(anchor - 1);
    }
    let lo = anchor.saturating_sub(3);
    let mut j = anchor;
    while j > lo {
        j -= 1;
        if lex.flags(s.toks[j]) & gw::AND != 0 {
            return Some(j);
        }
        if s.np_at[j].is_some() || is_break(lex, s, j) {
            return None;
        }
    }
    None
}

/// Deontic modals: "must", "should" (`DEONTIC`), "has to", "needs to", "ought to"
/// (`DEONTIC_TO`).
pub(super) fn deontic_before(lex: &Lexicon, s: &Sentence, a: usize) -> bool {
    (a.saturating_sub(3)..a).any(|k| deontic_at(lex, s, k))
}

/// A marker of the future or of a conditional right before a verb ("will", "would",
/// "'ll", "shall", over one negator or adverb): the verb of a promised or threatened act.
pub(super) fn future_before(lex: &Lexicon, s: &Sentence, a: usize) -> bool {
    let would = lex.word("would");
    (a.saturating_sub(3)..a).any(|k| s.toks[k] == would || lex.flags(s.toks[k]) & gw::PLAN != 0)
}

/// What kind of complement a governing match takes as its content: appeals and demands
/// (02, 10) ask their target to act, intents, threats and refusals (03, 13, 12) are the
/// source's own acts; verbs of saying take one when they order ("told Y to", "said that Y
/// must").
pub(super) fn content_kind(lex: &Lexicon, m: &Match) -> Option<ContentActor> {
    let p = &m.pattern(lex);
    match p.code.root() {
        "02" | "10" => Some(ContentActor::GovernorTarget),
        "03" | "12" | "13" => Some(ContentActor::GovernorSource),
        _ if p.flags.speech => Some(ContentActor::GovernorTarget),
        _ => None,
    }
}

/// Drops a verb that is the complement of another matched verb: "agreed to supply"
/// (the agreement is the event), "accused Russia of attacking" (the accusation is). The
/// complement of a demand, appeal, intent, threat or refusal becomes its content ("urged
/// Armenia to withdraw", "demanded that Baku join the operation", "pledged to send
/// troops"); a verb of saying whose clause holds a deontic modal ("said that Armenia must
/// withdraw", "told Baku to") becomes a demand with that content.
pub(super) fn suppress_complements(lex: &Lexicon, s: &Sentence, matches: &mut Vec<Match>) {
    let to = lex.word("to");
    let of = lex.word("of");
    let for_ = lex.word("for");
    let by = lex.word("by");
    let that = lex.word("that");
    let ends: Vec<(usize, usize)> = matches.iter().map(|m| (m.anchor_start, m.end)).collect();
    let mut drop = vec![false; matches.len()];
    let mut inherit: Vec<(usize, Fill)> = Vec::new();
    let mut contents: Vec<(usize, usize, ContentActor, bool)> = Vec::new();
    for (k, m) in matches.iter().enumerate() {
        let a = m.anchor_start;
        if a == 0 {
            continue;
        }
        let prev = s.toks[a - 1];
        let governor =
            |max_gap: usize| ends.iter().rposition(|&(st, e)| st < a && e <= a && a - e <= max_gap);
        // "said Syria had to withdraw": "to" after a deontic verb is the modal's, and the
        // clause is the one after a verb of saying, below.
        let deontic_to = a >= 2 && lex.cues(s.toks[a - 2]) & cue::DEONTIC_TO != 0;
        let g = if prev == to && !deontic_to {
            governor(3)
        } else if (prev == of || prev == for_) && m.anchor_form == Some(Form::Ing) {
            governor(6)
        } else {
            None
        };
        // "asked Baku to join the pressure on Abkhazia by closing its ports": the means of
        // an act asked for is what is asked, when nothing else in between was matched.
        if g.is_none() && prev == by && m.anchor_form == Some(Form::Ing) {
            if let Some(g) = governor(12).filter(|&g| {
                matches[g].content.is_none()
                    && content_kind(lex, &matches[g]).is_some_and(|k| k != ContentActor::Subject)
                    && !(ends[g].1..a).any(|j| lex.flags(s.toks[j]) & gw::CLAUSE != 0)
            }) {
                drop[k] = true;
                let kind = content_kind(lex, &matches[g]).expect("checked");
                contents.push((g, k, kind, false));
                continue;
            }
        }
        if let Some(g) = g {
            drop[k] = true;
            // "Turkey pledged to help Azerbaijan": the pledge is toward Azerbaijan.
            if matches[g].target.nps.is_empty() && !matches[g].target_is_subject && !m.target_is_subject {
                inherit.push((g, m.target.clone()));
            }
            if prev == to {
                if let Some(kind) = content_kind(lex, &matches[g]) {
                    let speech = matches[g].pattern(lex).flags.speech;
                    contents.push((g, k, kind, speech));
                }
            }
            continue;
        }
        // A clause after "that" (or, after a verb of saying, right after it): "demanded
        // that Baku join", "said Armenia must withdraw".
        let Some(g) = governor(10) else { continue };
        let Some(kind) = content_kind(lex, &matches[g]) else { continue };
        let (_, ge) = ends[g];
        if (ge..a).any(|j| lex.flags(s.toks[j]) & gw::CLAUSE != 0) {
            continue;
        }
        // "that" may sit inside the governor's match, before the target it took: "demanded
        // that Azerbaijan cut ...", whose pattern `$ {demand} +` ends after "Azerbaijan".
        // The governor's own words come first: "demanded that Sweden extradite PKK members
        // before it approves" has its complement inside the pattern.
        // ("promised that", whose pattern ends with the "that", counts it).
        let from = matches[g].words.iter().max().map_or(ge, |&w| if s.toks[w] == that { w } else { w + 1 });
        let has_that = (from..a).any(|j| s.toks[j] == that);
        let speech = matches[g].pattern(lex).flags.speech;
        if speech {
            if deontic_before(lex, s, a) {
                drop[k] = true;
                contents.push((g, k, ContentActor::Subject, true));
            }
        } else if has_that && (kind == ContentActor::GovernorTarget || deontic_before(lex, s, a)) {
            drop[k] = true;
            contents.push((g, k, ContentActor::Subject, false));
        } else if has_that && kind == ContentActor::GovernorSource && future_before(lex, s, a) {
            // "promised that Turkey would send troops", "warned that it would retaliate":
            // the promised or threatened act, by its own subject; the promise or threat is
            // toward the act's target when it names none of its own.
            drop[k] = true;
            if matches[g].target.nps.is_empty() && !matches[g].target_is_subject && !m.target_is_subject {
                inherit.push((g, m.target.clone()));
            }
            contents.push((g, k, ContentActor::Subject, false));
        }
    }
    for (g, t) in inherit {
        if matches[g].target.nps.is_empty() {
            matches[g].target = t;
        }
    }
    for (g, k, kind, demand) in contents {
        if matches[g].content.is_none() {
            let c = matches[k].clone();
            matches[g].content = Some(Box::new(c));
            matches[g].content_actor = kind;
            matches[g].demand = demand;
        }
    }
    // `[clause]`: a promise or warning is an event only with the act it governs (or an
    // act of the `act` lines heading its clause).
    for (k, m) in matches.iter().enumerate() {
        let p = &m.pattern(lex);
        let verb_act = || {
            complement_act(lex, s, m).is_some_and(|a| {
                a.start > 0
                    && (s.toks[a.start - 1] == to
                        || lex.flags(s.toks[a.start - 1]) & (gw::PLAN | gw::HYPO) != 0)
            })
        };
        if p.flags.clause && m.content.is_none() && !verb_act() {
            drop[k] = true;
        }
    }
    let mut k = 0;
    matches.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// Whether the verb is passive ("were shelled", "was reportedly attacked").
pub(super) fn is_passive(lex: &Lexicon, s: &Sentence, m: &Match) -> bool {
    if !m.anchor_form.is_some_and(|f| f.is_participle()) || !m.source_is_subject {
        return false;
    }
    // "Japan is prepared to resume talks", "is committed to": an adjective of intent.
    if lex.flags(s.toks[m.anchor_start]) & gw::INTENT != 0
        && s.toks.get(m.anchor_end) == Some(&lex.word("to"))
    {
        return false;
    }
    // A reduced passive: "talks ..., mediated by Oman".
    if s.toks.get(m.anchor_end) == Some(&lex.word("by")) {
        return true;
    }
    let lo = m.anchor_start.saturating_sub(3);
    let mut j = m.anchor_start;
    while j > lo {
        j -= 1;
        if s.np_at[j].is_some() || is_break(lex, s, j) {
            return false;
        }
        if lex.flags(s.toks[j]) & gw::BE != 0 {
            return true;
        }
        // "were killed and three wounded", "were arrested and deported": a participle
        // joined to a passive one shares its "be".
        if lex.flags(s.toks[j]) & gw::AND != 0 && j >= 2 {
            let v = j - 1;
            let participle = lex.verb_forms.get(&s.toks[v]).is_some_and(|f| f.is_participle());
            if participle && (v.saturating_sub(3)..v).any(|k| lex.flags(s.toks[k]) & gw::BE != 0) {
                return true;
            }
        }
    }
    false
}

/// The agent of a passive: the actor after "by".
pub(super) fn by_agent(lex: &Lexicon, s: &Sentence, m: &Match) -> Option<Fill> {
    let by = lex.word("by");
    let hi = (m.anchor_end + 8).min(s.toks.len());
    for j in m.anchor_end..hi {
        if is_break(lex, s, j) {
            break;
        }
        if s.toks[j] == by {
            // "killed by a drone": a role named without its country after an indefinite
            // article is an unnamed attacker, not the forces of the place.
            return right_actor(lex, s, j + 1, 2).map(|(f, _)| f).filter(|f| {
                !f.nps.iter().all(|&n| {
                    let np = &s.nps[n];
                    np.head == Head::Unresolved
                        && np.start > 0
                        && matches!(s.norms[np.start - 1], "a" | "an")
                        && s.norms.get(np.end) != Some(&"of")
                })
            });
        }
    }
    let violent = VIOLENT_ROOTS.contains(&m.pattern(lex).code.root());
    if violent {
        return means_agent(lex, s, m.anchor_end);
    }
    None
}

/// The attacker named by the means of a violent act whose victims are the subject, in the
/// phrase after "in" (or "during") right behind the verb: the modifier of the means
/// ("killed in Israeli air strikes", "wounded in a Maoist ambush", "died in a Taliban
/// attack"), the actor after "by" in it ("in a drone attack by Iran-backed militias"), or
/// the other side of a fight ("killed in a clash with Chinese troops").
pub(super) fn means_agent(lex: &Lexicon, s: &Sentence, start: usize) -> Option<Fill> {
    if !matches!(s.norms.get(start), Some(&"in") | Some(&"during")) {
        return None;
    }
    let hi = (start + 5).min(s.toks.len());
    for j in start + 1..hi {
        if let Some(npi) = s.np_at[j] {
            let np = &s.nps[npi];
            let modifier = np.start == j
                && np.is_resolved()
                && s.norms.get(np.end).is_some_and(|w| w.bytes().all(|b| b.is_ascii_lowercase()))
                && s.np_at.get(np.end).is_some_and(|n| n.is_none());
            return modifier.then(|| Fill { nps: vec![npi] });
        }
        if is_break(lex, s, j) {
            return None;
        }
        // "in a clash with Chinese troops", "in fighting with rebels"
        if s.norms[j] == "with" && j > start + 1 && lex.cues(s.toks[j - 1]) & cue::FIGHT_NOUN != 0 {
            return right_actor(lex, s, j + 1, 2).map(|(f, _)| f);
        }
        if s.norms[j] == "by" && j > start + 1 {
            return right_actor(lex, s, j + 1, 2).map(|(f, _)| f);
        }
    }
    None
}

/// A verb of saying in a sentence whose other clause says what an actor must or should do
/// ("Erdogan said that Sweden must stop harbouring militants", "Russia must withdraw, the
/// French president said") makes a demand of that actor, even when what it must do is no
/// event the dictionaries know.
pub(super) fn deontic_statements(lex: &Lexicon, s: &Sentence, matches: &mut [Match]) {
    let Some(k) = matches.iter().position(|m| {
        let p = &m.pattern(lex);
        p.flags.speech && !m.demand && m.content.is_none()
    }) else {
        return;
    };
    let speech = (matches[k].anchor_start, matches[k].end);
    // An actor phrase (not the speaker's) followed within two words by a deontic modal.
    let found = s.nps.iter().enumerate().find_map(|(npi, np)| {
        if np.start < speech.1 && np.end > speech.0 {
            return None;
        }
        let modal = (np.end..(np.end + 3).min(s.toks.len())).find(|&j| deontic_at(lex, s, j))?;
        if (np.end..modal).any(|j| is_break(lex, s, j) || s.np_at[j].is_some()) {
            return None;
        }
        // Not the subject of the verb of saying itself ("Lavrov must say ...").
        let before_speech = np.end <= speech.0;
        let after_speech = np.start >= speech.1;
        (before_speech && modal < speech.0 || after_speech).then_some(npi)
    });
    if let Some(npi) = found {
        matches[k].demand = true;
        matches[k].demand_target = Some(npi);
        return;
    }
    // "Tehran told Hezbollah to avoid a war with Israel": a verb of saying whose target is
    // followed by "to" and an act of the `act` lines orders that act.
    let m = &matches[k];
    let end = m.end;
    if let (Some(&npi), true) = (m.target.nps.first(), s.toks.get(end) == Some(&lex.word("to"))) {
        if s.nps[npi].end == end && complement_act(lex, s, m).is_some_and(|a| a.start == end + 1) {
            matches[k].demand = true;
        }
    }
}

/// Whether a deontic modal starts at `j`: "must", "should", "has to", "have to", "had
/// to", "needs to", "ought to" (classes `DEONTIC` and `DEONTIC_TO` of
/// `dictionaries/grammar.txt`).
pub(super) fn deontic_at(lex: &Lexicon, s: &Sentence, j: usize) -> bool {
    let c = lex.cues(s.toks[j]);
    c & cue::DEONTIC != 0 || c & cue::DEONTIC_TO != 0 && s.toks.get(j + 1) == Some(&lex.word("to"))
}

/// The agent of a noun of an act: its possessor ("North Korea's dispatch"), a name right
/// before it ("the US strikes", "Russian invasion"), or the actor after "by".
pub(super) fn nominal_agent(lex: &Lexicon, s: &Sentence, m: &Match) -> Option<Fill> {
    let a = m.anchor_start;
    if a >= 2 && s.toks[a - 1] == lex.word("'s") {
        if let Some(npi) = s.np_at[a - 2] {
            return Some(Fill { nps: vec![npi] });
        }
    }
    if let Some(npi) = a.checked_sub(1).and_then(|k| s.np_at[k]) {
        if s.nps[npi].is_resolved() && s.nps[npi].end == a {
            return Some(Fill { nps: vec![npi] });
        }
    }
    by_agent(lex, s, m).or_else(|| object_owner(lex, s, m)).or_else(|| behind(lex, s, a))
}

/// "its forces were behind the downing of the airliner", "Moscow is behind the attacks":
/// the subject of "be behind" is the agent of the act after it.
fn behind(lex: &Lexicon, s: &Sentence, a: usize) -> Option<Fill> {
    let mut k = a.checked_sub(1)?;
    if lex.flags(s.toks[k]) & gw::DET != 0 && s.np_at[k].is_none() {
        k = k.checked_sub(1)?;
    }
    if s.norms[k] != "behind" {
        return None;
    }
    // Over "was", "has been", "were not", "are reportedly".
    let mut j = k;
    let mut be = false;
    while j > 0 && k - j < 4 {
        j -= 1;
        if let Some(npi) = s.np_at[j] {
            return be.then(|| Fill { nps: vec![npi] });
        }
        be |= lex.flags(s.toks[j]) & gw::BE != 0;
    }
    None
}

/// "the suspension of US military aid to Ukraine", "the withdrawal of the last French
/// troops from Niger": a noun of a non-violent act whose object is named with its owner
/// ("of" then an actor used as a modifier, inside the pattern's own words) has that owner
/// as its agent. (Violence is left out: "the killing of Palestinian protesters" names the
/// victims.)
fn object_owner(lex: &Lexicon, s: &Sentence, m: &Match) -> Option<Fill> {
    let root = m.pattern(lex).code.root();
    if VIOLENT_ROOTS.contains(&root) {
        return None;
    }
    let last = *m.words.last()?;
    if s.norms.get(m.anchor_end) != Some(&"of") {
        return None;
    }
    (m.anchor_end + 1..last).find_map(|j| {
        let npi = s.np_at[j]?;
        let np = &s.nps[npi];
        // A modifier ("US military aid") or an actor that ends on the object's own word
        // ("French troops").
        let modifier = np.start == j
            && np.is_resolved()
            && !m.target.nps.contains(&npi)
            && (np.end > last
                || s.norms.get(np.end).is_some_and(|w| w.bytes().all(|b| b.is_ascii_lowercase())));
        modifier.then(|| Fill { nps: vec![npi] })
    })
}

/// The agent of an act whose victims fill a slot: "the killing of protesters by Israeli
/// forces", "the arrest of journalists by Turkish police": the actor after "by" right
/// behind the victims, when they stand after "of".
pub(super) fn act_agent(lex: &Lexicon, s: &Sentence, victims: &Fill) -> Option<Fill> {
    let &npi = victims.nps.last()?;
    let np = &s.nps[npi];
    // "of" right before them, or before a count ("of two American hostages").
    let first = victims.nps.first().map_or(np.start, |&f| s.nps[f].start);
    let of = (first.saturating_sub(3)..first).rev().find(|&k| s.norms[k] == "of");
    if !of.is_some_and(|k| (k + 1..first).all(|j| s.np_at[j].is_none() && !is_break(lex, s, j))) {
        return None;
    }
    let hi = (np.end + 3).min(s.toks.len());
    let by = (np.end..hi).take_while(|&j| !is_break(lex, s, j)).find(|&j| s.norms[j] == "by")?;
    right_actor(lex, s, by + 1, 2).map(|(f, _)| f)
}
