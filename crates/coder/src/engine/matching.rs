//! Matching: the verb patterns extended over a sentence's tokens and actor phrases; where
//! matches share words the most specific wins. (Discards and clause masks, found before,
//! are in `prepare.rs`; object words displaced before the verb in `displaced.rs`.)

use super::*;

/// The preposition before an actor phrase, over determiners and up to two modifiers
/// ("in the", "outside the", "in northern", "in the occupied").
pub(super) fn prep_before(lex: &Lexicon, s: &Sentence, start: usize) -> Option<Tok> {
    let mut j = start;
    let mut modifiers = 0;
    while j > 0 {
        j -= 1;
        let t = s.toks[j];
        let f = lex.flags(t);
        // "thousands of Jordanian protesters", "supporters of the junta": "of" after a
        // word of quantity or membership does not make a prepositional phrase.
        if t == lex.word("of") && j > 0 && lex.flags(s.toks[j - 1]) & gw::QUANT != 0 {
            return None;
        }
        // "a spokesman for the Chinese foreign ministry", "the head of Ukraine's navy",
        // "officials in Baku": the actor after a title and its preposition is the one the
        // person speaks or acts for.
        if f & gw::PREP != 0 && j > 0 && lex.cues(s.toks[j - 1]) & cue::TITLE != 0 {
            return None;
        }
        if f & gw::PREP != 0 {
            return Some(t);
        }
        // "on Wednesday as Ankara launched": a subordinator starts a clause.
        if s.np_at[j].is_some() || is_break(lex, s, j) || lex.cues(t) & cue::CLAUSE_OPENER != 0 {
            return None;
        }
        if f & gw::DET != 0 {
            continue;
        }
        // "On Tuesday Bulgaria accused ...": a phrase of time before the actor is no
        // modifier of it; the actor opens the clause.
        if crate::dates::is_time_word(s.norms[j]) {
            return None;
        }
        let plain =
            f == 0 && !lex.verb_forms.contains_key(&t) && s.norms[j].chars().all(|c| c.is_ascii_lowercase());
        modifiers += 1;
        if !plain || modifiers > 2 {
            return None;
        }
    }
    None
}

pub(super) fn masked(s: &Sentence, np: &Np, anchor: usize) -> bool {
    s.masks.iter().any(|&(a, b)| np.start >= a && np.end <= b && !(anchor >= a && anchor < b))
}

/// Whether token `i` is clause punctuation or a comma.
pub(super) fn is_break(lex: &Lexicon, s: &Sentence, i: usize) -> bool {
    lex.flags(s.toks[i]) & gw::CLAUSE != 0 || s.toks[i] == lex.word(",")
}

/// Matches one alternative (consecutive steps) at token `i`.
pub(super) fn match_alt(s: &Sentence, alt: &[crate::lexicon::Step], i: usize) -> bool {
    alt.iter()
        .enumerate()
        .all(|(k, step)| s.toks.get(i + k).is_some_and(|t| step.toks.binary_search(t).is_ok()))
}

pub(super) fn find_matches(lex: &Lexicon, s: &Sentence) -> Vec<Match> {
    FIRSTS_AT.with_borrow_mut(|at| find_matches_with(lex, s, at))
}

thread_local! {
    /// Per set of `Lexicon::firsts`, where its tokens stand in the sentence; set and reset
    /// by each `find_matches`.
    static FIRSTS_AT: std::cell::RefCell<Vec<Stand>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Where the tokens of a first-token set stand in a sentence: the last position plus one
/// (0: nowhere), and the positions modulo 64 as bits.
#[derive(Clone, Copy, Default)]
struct Stand {
    last: u32,
    bits: u64,
}

/// The `Lexicon::firsts` sets that hold token `t`.
fn sets_of(lex: &Lexicon, t: Tok) -> &[u32] {
    match (lex.firsts_at.get(t as usize), lex.firsts_at.get(t as usize + 1)) {
        (Some(&a), Some(&b)) => &lex.firsts_of[a as usize..b as usize],
        _ => &[],
    }
}

fn find_matches_with(lex: &Lexicon, s: &Sentence, at: &mut Vec<Stand>) -> Vec<Match> {
    let mut out = Vec::new();
    if at.len() < lex.firsts.len() {
        at.resize(lex.firsts.len(), Stand::default());
    }
    for (j, &t) in s.toks.iter().enumerate() {
        for &id in sets_of(lex, t) {
            let x = &mut at[id as usize];
            x.last = j as u32 + 1;
            x.bits |= 1 << (j % 64);
        }
    }
    // A word element whose first tokens do not stand after the anchor cannot match, nor
    // can one right after the anchor whose first tokens stand nowhere within `MAX_GAP`
    // words of it: `extend` would fail.
    let at_ref: &[Stand] = at;
    let stands_after = |id: u32, pos: usize| at_ref[id as usize].last as usize > pos;
    let window: u64 = (1 << (MAX_GAP + 1)) - 1;
    let near_bits = |id: u32, pos: usize| at_ref[id as usize].bits & window.rotate_left(pos as u32 % 64) != 0;
    // ... or after an interruption set off by commas, or (a preposition) after a list of
    // objects (`find_words`). (The interruptions, by the comma that opens them, once per
    // sentence.)
    let comma = lex.word(",");
    let interrupted: Vec<(Option<usize>, Option<usize>)> = (0..s.toks.len())
        .map(|p| {
            if s.toks[p] == comma {
                (interruption_end(lex, s, p), interruption_close(lex, s, p))
            } else {
                (None, None)
            }
        })
        .collect();
    // Within six words before `pos` (a passive's object words, `object_before`).
    let stands_before = |id: u32, pos: usize| {
        let lo = pos.saturating_sub(6);
        let mask: u64 = ((1u64 << (pos - lo)) - 1).rotate_left(lo as u32 % 64);
        at_ref[id as usize].bits & mask != 0
    };
    let stands_near = |id: u32, pos: usize| {
        near_bits(id, pos)
            || interrupted.get(pos).is_some_and(|&(end, close)| {
                end.is_some_and(|e| near_bits(id, e)) || close.is_some_and(|e| near_bits(id, e))
            })
            || stands_after(id, pos) && lex.firsts[id as usize].iter().all(|&t| lex.flags(t) & gw::PREP != 0)
    };
    for i in 0..s.toks.len() {
        if s.np_at[i].is_some() {
            continue;
        }
        let Some(cands) = lex.anchors.get(&s.toks[i]) else { continue };
        // "sanctions were imposed by Washington on Caracas": a participle before "by" may
        // have its pattern's object words before it (`object_before`), so the words after
        // it are not all there.
        let passive_by = s.toks.get(i + 1) == Some(&lex.word("by"))
            && lex.verb_forms.get(&s.toks[i]).is_some_and(|f| f.is_participle());
        // "the sanctions Washington imposed on Tehran": a past tense right after its
        // subject may have its object words before that subject (`object_relative`).
        let relative_at = (i > 0)
            .then(|| s.np_at[i - 1])
            .flatten()
            .filter(|&n| s.nps[n].end == i && s.nps[n].is_resolved())
            .filter(|_| matches!(lex.verb_forms.get(&s.toks[i]), Some(Form::Past | Form::PastOrParticiple)))
            .map(|n| s.nps[n].start);
        let first = out.len();
        let mut k = 0;
        while k < cands.len() {
            let a = &cands[k];
            let object_first = a.next != u32::MAX
                && (passive_by && stands_before(a.next, i)
                    || relative_at.is_some_and(|at| stands_before(a.next, at)));
            if a.next != u32::MAX && !object_first && !stands_near(a.next, i + a.len as usize) {
                k = a.run_end as usize;
                continue;
            }
            k += 1;
            let (pi, ai) = (a.pattern, a.alt);
            // The anchor's first word is this token; it may have more.
            let after = if a.len > 1 {
                let p = &lex.patterns[pi as usize];
                let CElement::Words(w) = &p.elements[p.anchor] else { continue };
                let alt = &w.alts[ai as usize];
                if !match_alt(s, alt, i) {
                    continue;
                }
                i + alt.len()
            } else {
                i + 1
            };
            // A closing "PREP +" may be missing after a finite verb (`extend`).
            let finite = || lex.verb_forms.get(&s.toks[i]).is_some_and(|f| f.is_finite());
            if !object_first
                && (a.next != u32::MAX && !stands_near(a.next, after)
                    || !lex.needs[a.needs.0 as usize..a.needs.1 as usize]
                        .iter()
                        .all(|&id| stands_after(id, after) || id == a.elide && finite()))
            {
                continue;
            }
            let p = &lex.patterns[pi as usize];
            if let Some(mut m) = extend(lex, s, pi, i, after - i) {
                // "the killing of", "the shelling of", "the release of": an -ing or base
                // form after a determiner and before "of" is the noun of the act.
                if matches!(m.anchor_form, Some(Form::Ing | Form::Base))
                    && i > 0
                    && lex.flags(s.toks[i - 1]) & gw::DET != 0
                    && s.norms.get(after) == Some(&"of")
                {
                    m.anchor_form = Some(Form::Noun);
                }
                // "condemned the attack on Kyiv", "a captured pilot": after a determiner
                // the word is a noun or an adjective, not the verb of a subject.
                let after_det = i > 0 && lex.flags(s.toks[i - 1]) & gw::DET != 0 && s.np_at[i - 1].is_none()
                    // "quake-hit", "war-torn": a hyphen makes the verb part of an adjective.
                    || i > 0 && s.toks[i - 1] == lex.word("-");
                let noun = m.anchor_form == Some(Form::Noun);
                if after_det
                    && (m.source_is_subject || m.target_is_subject)
                    && m.anchor_form.is_some()
                    && !noun
                {
                    continue;
                }
                // "an air strike", "a drone attack": a present-tense form right after a plain
                // lower-case word is the head of a noun compound, not a verb.
                // "the suicide bombing": after a determiner and a plain word, any form is a noun.
                let after_det_modifier =
                    i > 1 && lex.flags(s.toks[i - 2]) & gw::DET != 0 && s.np_at[i - 2].is_none();
                // A modifier spelled like a verb ("a car bomb attack") still is one when a
                // determiner or a plain word stands before it.
                let plain = |k: usize| {
                    s.np_at[k].is_none()
                        && lex.flags(s.toks[k]) == 0
                        && !lex.verb_forms.contains_key(&s.toks[k])
                        && s.norms[k].bytes().all(|b| b.is_ascii_lowercase())
                };
                let verb_modifier = |k: usize| {
                    lex.verb_forms.contains_key(&s.toks[k])
                        && k > 0
                        && (lex.flags(s.toks[k - 1]) & gw::DET != 0 && s.np_at[k - 1].is_none()
                            || plain(k - 1))
                };
                let compound = i > 0
                    && !noun
                    && (matches!(m.anchor_form, Some(Form::Base | Form::Third)) || after_det_modifier)
                    && s.np_at[i - 1].is_none()
                    && lex.flags(s.toks[i - 1]) == 0
                    && (!lex.verb_forms.contains_key(&s.toks[i - 1])
                        || matches!(m.anchor_form, Some(Form::Base | Form::Third)) && verb_modifier(i - 1))
                    && s.norms[i - 1].bytes().all(|b| b.is_ascii_lowercase())
                    && !lex.is_adverb(s.toks[i - 1], s.norms[i - 1]);
                if compound && (m.source_is_subject || m.target_is_subject) {
                    continue;
                }
                // "after terrorist attacks on Turkish soil", "amid strikes": a base or
                // third-person form right after a preposition of time, or after one and a
                // modifier, is a plural or mass noun in the background, not the verb of the
                // clause's subject. (Not "for talks with": the subject holds those.)
                let prep_at = |k: usize| lex.cues(s.toks[k]) & cue::BACKGROUND != 0;
                let modifier = |k: usize| {
                    s.np_at[k].is_none_or(|n| s.nps[n].head == Head::Unresolved)
                        && s.norms[k].bytes().all(|b| b.is_ascii_lowercase())
                        && lex.flags(s.toks[k]) & gw::DET == 0
                        && lex.cues(s.toks[k]) & cue::SUBJECT_PRONOUN == 0
                };
                let after_prep = matches!(m.anchor_form, Some(Form::Base | Form::Third))
                    && (i > 0 && prep_at(i - 1) || i > 1 && prep_at(i - 2) && modifier(i - 1));
                if after_prep && (m.source_is_subject || m.target_is_subject) {
                    continue;
                }
                // "were killed in a drone attack on a base", "wounded by an air strike": a
                // noun of violence inside a prepositional phrase is where (or how) the clause's
                // event happened, not a verb of its subject.
                let violent = VIOLENT_ROOTS.contains(&lex.dict.patterns[p.source as usize].code.root());
                if violent
                    && !noun
                    && (m.source_is_subject || m.target_is_subject)
                    && in_noun_phrase(lex, s, i, &m)
                {
                    continue;
                }
                out.push(m);
            }
        }
        // In the order of the patterns, as they were tried before the runs.
        out[first..].sort_by_key(|m| m.pattern);
    }
    for &t in &s.toks {
        for &id in sets_of(lex, t) {
            at[id as usize] = Stand::default();
        }
    }
    out
}

/// Whether the anchor at `i` is a noun inside a prepositional phrase: a base or third
/// person form (or any form after a determiner) after "in", "by", "of" or "from" with
/// at most a determiner and two modifiers between ("in a drone attack", "by an air
/// strike", "of the bombing").
pub(super) fn in_noun_phrase(lex: &Lexicon, s: &Sentence, i: usize, m: &Match) -> bool {
    let mut j = i;
    let mut det = false;
    let mut steps = 0;
    while j > 0 && steps < 4 {
        j -= 1;
        steps += 1;
        let t = s.toks[j];
        if lex.cues(t) & cue::NOUN_PREP != 0 {
            // "after more than a year of fighting": an -ing right after "of" that follows a
            // plain noun (not an actor: "accused Armenia of attacking") is a noun too.
            let of_noun = steps == 1
                && s.norms[j] == "of"
                && m.anchor_form == Some(Form::Ing)
                && j > 0
                && s.np_at[j - 1].is_none()
                && !lex.verb_forms.contains_key(&s.toks[j - 1]);
            return det || of_noun || matches!(m.anchor_form, Some(Form::Base | Form::Third));
        }
        if lex.flags(t) & gw::DET != 0 {
            det = true;
            continue;
        }
        let modifier = s.np_at[j].is_none_or(|n| !s.nps[n].is_resolved())
            && s.norms[j].bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            && !lex.verb_forms.contains_key(&t)
            && lex.flags(t) == 0;
        if !modifier || is_break(lex, s, j) {
            return false;
        }
    }
    false
}

/// Continues a pattern after its anchor matched at `i..i+len`.
pub(super) fn extend(lex: &Lexicon, s: &Sentence, pi: u32, i: usize, len: usize) -> Option<Match> {
    let p = &lex.patterns[pi as usize];
    let anchor_form = if let CElement::Words(_) = &p.elements[p.anchor] {
        lex.verb_forms.get(&s.toks[i]).copied()
    } else {
        None
    };
    let mut m = Match {
        pattern: pi,
        words: (i..i + len).collect(),
        anchor_start: i,
        anchor_end: i + len,
        end: i + len,
        source: Fill::default(),
        target: Fill::default(),
        source_is_subject: false,
        target_is_subject: false,
        weight: p.weight,
        anchor_form,
        content: None,
        content_actor: ContentActor::Subject,
        demand: false,
        demand_target: None,
        elided: false,
        object_before: false,
    };
    // Elements before the anchor: at most one slot, the subject.
    for e in &p.elements[..p.anchor] {
        if let CElement::Slot(slot) = e {
            match slot {
                Slot::Source => m.source_is_subject = true,
                Slot::Target => m.target_is_subject = true,
            }
        }
    }
    let mut cur = i + len;
    let n = p.elements.len();
    for (k, e) in p.elements.iter().enumerate().skip(p.anchor + 1) {
        match e {
            CElement::Words(w) => {
                // "sanctions were imposed by Washington on Caracas": a passive participle
                // with the pattern's object words as its subject, and an agent after "by".
                if k == p.anchor + 1 && m.source_is_subject && !m.object_before {
                    if let Some((j, l)) = object_before(lex, s, w, i, cur) {
                        m.words.splice(0..0, j..j + l);
                        m.object_before = true;
                        continue;
                    }
                }
                let found = find_words(lex, s, w, cur);
                // "the sanctions Washington imposed on Tehran", "the memorandum that
                // Ethiopia signed with Somaliland": the object words before the subject.
                if found.is_none() && k == p.anchor + 1 && m.source_is_subject {
                    if let Some((j, l)) = object_relative(lex, s, w, i) {
                        m.words.splice(0..0, j..j + l);
                        continue;
                    }
                }
                let Some((j, l)) = found else {
                    // Only a verb told of its subject ("it suspended ...", "the United
                    // States resumed ..."), not a noun ("Kyiv's request for F-16s").
                    let told = m.source_is_subject
                        && m.anchor_form.is_some_and(Form::is_finite)
                        && !(i > 0
                            && (s.toks[i - 1] == lex.word("'s") || lex.flags(s.toks[i - 1]) & gw::DET != 0));
                    if p.elide == Some(k) && told && clause_ends_at(lex, s, cur) {
                        m.elided = true;
                        break;
                    }
                    return None;
                };
                // "Serbia's sanctions on Russia", "Russia's new sanctions": after a
                // possessive anchor only modifiers come before the noun, not another verb
                // phrase ("Serbia's refusal to impose sanctions").
                let possessive = k == p.anchor + 1 && s.toks[i] == lex.word("'s");
                let phrase_between = (cur..j).any(|t| {
                    lex.verb_forms.contains_key(&s.toks[t])
                        || lex.flags(s.toks[t])
                            & (gw::PREP | gw::AND | gw::CLAUSE | gw::REL | gw::BE | gw::NEG)
                            != 0
                });
                if possessive && phrase_between {
                    return None;
                }
                m.words.extend(j..j + l);
                cur = j + l;
                m.end = cur;
            }
            CElement::Slot(slot) => {
                let reach = if k + 1 == n { END_SLOT_GAP } else { SLOT_GAP };
                // "warned that Moscow would retaliate": the subject of a clause after "that"
                // is no object of the verb, except of one that asks it to act ("demanded
                // that Baku join": Baku is whom the demand is made of).
                let clause_next = s.toks.get(cur) == Some(&lex.word("that"))
                    && !matches!(lex.dict.patterns[p.source as usize].code.root(), "02" | "10");
                let fill = (!clause_next).then(|| right_actor(lex, s, cur, reach)).flatten().map(
                    |(mut fill, mut end)| {
                        // A compound that swallows the next word element ("talks between
                        // Ankara and Baku"), or leaves it only further on ("talks between the
                        // SDF and Damascus fail and Turkey ..."), gives way to its first member.
                        if let Some(CElement::Words(w)) = p.elements.get(k + 1) {
                            let right_after_first = find_words(lex, s, w, s.nps[fill.nps[0]].end)
                                .is_some_and(|(j, _)| j == s.nps[fill.nps[0]].end);
                            let next = find_words(lex, s, w, end);
                            if fill.nps.len() > 1
                                && (next.is_none()
                                    || right_after_first && next.is_some_and(|(j, _)| j != end))
                            {
                                let first = fill.nps[0];
                                fill.nps.truncate(1);
                                end = s.nps[first].end;
                            }
                        }
                        (fill, end)
                    },
                );
                match fill {
                    Some((fill, end)) => {
                        cur = end;
                        m.end = cur;
                        match slot {
                            Slot::Source => m.source = fill,
                            Slot::Target => m.target = fill,
                        }
                    }
                    None if k + 1 == n => {}
                    // "Ethiopian troops were put on high alert" (`$ {put} + on &alert`): a
                    // passive's object is its subject, not after the verb.
                    None if k == p.anchor + 1
                        && *slot == Slot::Target
                        && lex.dict.patterns[p.source as usize].code.root() == "15"
                        && is_passive(lex, s, &m) => {}
                    None => return None,
                }
            }
        }
    }
    // "released Israeli hostages" with `$ {release} &prisoners`: a pattern word inside a
    // named actor phrase makes that phrase the target.
    if m.target.nps.is_empty() && !m.target_is_subject {
        if let Some(np) = m.words.iter().filter_map(|&w| s.np_at[w]).find(|&np| s.nps[np].is_resolved()) {
            m.target = Fill { nps: vec![np] };
        }
    }
    Some(m)
}

/// Whether the clause ends at `cur`, where a pattern's closing "PREP +" may be left out
/// ("it suspended the sharing of intelligence.", "resumed military aid and ...", "... on
/// Monday").
fn clause_ends_at(lex: &Lexicon, s: &Sentence, cur: usize) -> bool {
    if cur == 0 {
        return false;
    }
    let Some(&next) = s.toks.get(cur) else { return true };
    is_break(lex, s, cur)
        || lex.flags(next) & gw::AND != 0
        || lex.flags(next) & gw::PREP != 0
            && s.norms.get(cur + 1).is_some_and(|x| crate::dates::is_time_word(x))
}

/// The first place at or after `cur` (within [`MAX_GAP`] words) where one of `alts`
/// matches. The words skipped may not be clause punctuation, and may belong to an actor
/// phrase only when the match itself is inside that phrase ("supplied Turkish drones").
pub(super) fn find_words(
    lex: &Lexicon,
    s: &Sentence,
    words: &crate::lexicon::Words,
    cur: usize,
) -> Option<(usize, usize)> {
    // "lodged, through diplomatic channels, a formal protest": an interruption right
    // after the verb is passed over.
    // "insisted, according to a foreign ministry readout, that ...": also when the word
    // after it is the pattern's own ("that").
    let own = |n: &usize| {
        words
            .alts
            .iter()
            .any(|a| a.first().is_some_and(|w| s.toks.get(*n).is_some_and(|t| w.toks.contains(t))))
    };
    let cur =
        interruption_end(lex, s, cur).or_else(|| interruption_close(lex, s, cur).filter(own)).unwrap_or(cur);
    // "delivered Bayraktar drones, loitering munitions and jamming equipment to
    // Azerbaijan": a preposition that follows the object may come after a list of objects.
    let prep =
        words.alts.iter().all(|a| a.len() == 1 && a[0].toks.iter().all(|&t| lex.flags(t) & gw::PREP != 0));
    let gap = if prep { LIST_GAP } else { MAX_GAP };
    let hi = (cur + gap).min(s.toks.len().saturating_sub(1));
    // The first end of a named phrase in the gap that is not a modifier in a phrase of its
    // own: past it, the words may not be reached.
    let blocked_after = (cur..=hi)
        .filter_map(|t| s.np_at[t])
        .map(|np| &s.nps[np])
        .filter(|n| {
            let modifier = n.start > cur && lex.flags(s.toks[n.start - 1]) & gw::PREP != 0;
            n.is_resolved() && !modifier
        })
        .map(|n| n.end)
        .min()
        .unwrap_or(usize::MAX);
    for j in cur..=hi {
        if j > cur && is_break(lex, s, j - 1) {
            let list_comma = prep
                && j - 1 > cur
                && s.toks[j - 1] == lex.word(",")
                && lex.flags(s.toks[j]) & (gw::REL | gw::CLAUSE) == 0
                && !lex.verb_forms.contains_key(&s.toks[j]);
            if !list_comma {
                return None;
            }
        }
        if j > cur + MAX_GAP && lex.verb_forms.contains_key(&s.toks[j - 1]) {
            return None;
        }
        // "leave the CSTO and criticised the European Union": a pattern's words never pass
        // over "and" before a past tense, which starts a clause of its own (a present
        // tense is no sign: "grants and deposits to Cairo").
        if j > cur + 1
            && lex.flags(s.toks[j - 2]) & gw::AND != 0
            && matches!(lex.verb_forms.get(&s.toks[j - 1]), Some(Form::PastOrParticiple | Form::Past))
        {
            return None;
        }
        // Words may pass over roles without a country, pronouns ("its sanctions") and a
        // named modifier of the word itself ("most US sanctions on").
        // Nor an actor in a phrase of its own after a preposition inside the gap ("shared
        // intelligence on Russian troop movements with Ukraine").
        // (A named phrase over the gap blocks once it has ended before `j`.)
        if j > blocked_after {
            return None;
        }
        if words.firsts.binary_search(&s.toks[j]).is_err() {
            continue;
        }
        for alt in &words.alts {
            if match_alt(s, alt, j) {
                return Some((j, alt.len()));
            }
        }
    }
    None
}

/// The position after an interruption that starts with the comma at `j`: a phrase set
/// off by commas that begins with a preposition, an adverb, a participle, a determiner or
/// a number ("in a strongly worded statement issued after a cabinet meeting in Ankara,",
/// "subject to parliamentary approval,", "a day after Iranian strikes killed two
/// children,") and is followed by more of the same clause.
pub(super) fn interruption_end(lex: &Lexicon, s: &Sentence, j: usize) -> Option<usize> {
    let next = interruption_close(lex, s, j)?;
    // What follows continues the clause: not "and", not a participle clause, not the end.
    let t = *s.toks.get(next)?;
    if lex.flags(t) & (gw::AND | gw::CLAUSE | gw::REL) != 0 || lex.verb_forms.get(&t) == Some(&Form::Ing) {
        return None;
    }
    Some(next)
}

/// The token after an interruption set off by commas that starts at the comma `j`
/// (whatever follows it).
fn interruption_close(lex: &Lexicon, s: &Sentence, j: usize) -> Option<usize> {
    let comma = lex.word(",");
    if s.toks.get(j) != Some(&comma) || j == 0 || s.toks[j - 1] == comma {
        return None;
    }
    let first = *s.norms.get(j + 1)?;
    let starter = lex.flags(s.toks[j + 1]) & (gw::PREP | gw::DET | gw::QUANT) != 0
        || first.ends_with("ing") && first.len() > 5
        || first.ends_with("ly") && first.len() > 4
        || first.bytes().all(|b| b.is_ascii_digit())
        // ", repeated at every summit since 2002,": a reduced relative clause.
        || matches!(lex.verb_forms.get(&s.toks[j + 1]), Some(Form::PastOrParticiple | Form::Participle))
        || lex.cues(s.toks[j + 1]) & cue::INTERRUPTION_OPENER != 0;
    if !starter {
        return None;
    }
    let hi = (j + 30).min(s.toks.len());
    let close = (j + 2..hi).find(|&k| s.toks[k] == comma || lex.flags(s.toks[k]) & gw::CLAUSE != 0)?;
    if s.toks[close] != comma {
        return None;
    }
    Some(close + 1)
}

/// Keeps the most specific match where matches share words; a match that has its
/// target (or gets it otherwise: subject, speech, mutual) beats one that lacks it.
pub(super) fn select(lex: &Lexicon, s: &Sentence, matches: &mut Vec<Match>) {
    let complete = |m: &Match| {
        let p = &m.pattern(lex);
        if m.elided {
            return false;
        }
        !m.target.nps.is_empty()
            || m.target_is_subject
            // "three soldiers were killed": the subject is the target.
            || is_passive(lex, s, m)
            || p.flags.speech
            // "held joint exercises" needs two parties: joined subjects or a target.
            || p.flags.mutual && subject(lex, s, m.anchor_start).is_some_and(|f| f.nps.len() > 1)
            || p.code.root() == "01"
            // One-sided events are complete without a target ("declared a general
            // mobilisation", "imposed a curfew"): specificity decides among them.
            || one_sided(p) && m.anchor_form.is_some_and(|f| f != Form::Noun)
    };
    matches.sort_by(|a, b| {
        complete(b)
            .cmp(&complete(a))
            .then(a.elided.cmp(&b.elided))
            .then(b.weight.cmp(&a.weight))
            .then(b.words.len().cmp(&a.words.len()))
            .then(a.anchor_start.cmp(&b.anchor_start))
            .then(a.pattern.cmp(&b.pattern))
    });
    let mut used: Vec<usize> = Vec::new();
    matches.retain(|m| {
        if m.words.iter().any(|w| used.contains(w)) {
            return false;
        }
        used.extend(&m.words);
        true
    });
    matches.sort_by_key(|m| m.anchor_start);
}

/// Drops a match whose words all lie inside the words of another match: "pledged $4.5
/// billion in economic support to Ukraine" is one pledge, not also an act of support.
pub(super) fn drop_nested(matches: &mut Vec<Match>) {
    let bounds: Vec<(usize, usize)> =
        matches.iter().map(|m| (m.words[0], *m.words.last().unwrap_or(&m.words[0]))).collect();
    let mut k = 0;
    matches.retain(|m| {
        k += 1;
        let (a, b) = (m.words[0], *m.words.last().unwrap_or(&m.words[0]));
        !bounds.iter().enumerate().any(|(o, &(oa, ob))| o != k - 1 && oa < a && b < ob)
    });
}

/// Drops a present-tense "verb" right after the object of another verb: "struck Hamas
/// targets", "hit Russian positions" (a noun, not a verb). A noun of an act with its own
/// target after it is an act of its own, its modifier the agent: "condemned the new US
/// sanctions on Caracas" (the US sanctioned Caracas).
pub(super) fn drop_object_nouns(matches: &mut Vec<Match>, s: &Sentence) {
    let objects: Vec<(usize, usize)> =
        matches.iter().flat_map(|m| m.target.nps.iter().map(move |&np| (m.anchor_start, np))).collect();
    matches.retain(|m| {
        if !m.source_is_subject
            || !matches!(m.anchor_form, Some(Form::Third | Form::Base))
            || m.anchor_start == 0
            || m.target.nps.iter().any(|&np| s.nps[np].start > m.anchor_start)
        {
            return true;
        }
        let before = s.np_at[m.anchor_start - 1];
        !objects.iter().any(|&(a, np)| a < m.anchor_start && before == Some(np))
    });
}

/// Whether the match's first word is a noun: after a possessive or a determiner.
pub(super) fn nominal_anchor(lex: &Lexicon, s: &Sentence, m: &Match) -> bool {
    let a = m.anchor_start;
    // "unprecedented Houthi attacks": a plural after a name used as a modifier is a noun.
    let after_modifier = a > 0
        && matches!(m.anchor_form, Some(Form::Third | Form::Base | Form::Ing))
        && s.np_at[a - 1].is_some_and(|n| {
            let np = &s.nps[n];
            // ... itself after a determiner or a plain modifier ("the Houthi attacks",
            // "unprecedented Houthi attacks"); "Turkey launches" is a subject and its verb.
            np.end == a
                && np.role.is_none()
                && np.head != Head::Pronoun
                && np.start > 0
                && (lex.flags(s.toks[np.start - 1]) & (gw::DET | gw::PREP) != 0
                    || lex.flags(s.toks[np.start - 1]) == 0
                        && !lex.verb_forms.contains_key(&s.toks[np.start - 1])
                        && s.norms[np.start - 1].bytes().all(|b| b.is_ascii_lowercase())
                        && s.np_at[np.start - 1].is_none())
        });
    a > 0 && (s.toks[a - 1] == lex.word("'s") || lex.flags(s.toks[a - 1]) & gw::DET != 0)
        || after_modifier
        || object_role_noun(lex, s, m)
}

/// "the United States resumed military aid": a base form after a role that is a finite
/// verb's object is a noun.
pub(super) fn object_role_noun(lex: &Lexicon, s: &Sentence, m: &Match) -> bool {
    let a = m.anchor_start;
    a > 0
        && m.anchor_form == Some(Form::Base)
        && s.np_at[a - 1].is_some_and(|n| {
            let np = &s.nps[n];
            np.end == a
                && np.head == Head::Unresolved
                && np.start > 0
                && lex.verb_forms.get(&s.toks[np.start - 1]).is_some_and(|f| f.is_finite())
        })
}
