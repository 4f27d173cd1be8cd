//! The coding engine: patterns matched over a sentence's tokens and actor phrases,
//! slots resolved to actors, and events built with dates, attribution and modality.

use chrono::NaiveDate;
use quidpro_dict::Slot;
use quidpro_event::{
    ActorCode, Attribution, Content, DatePrecision, DateSource, Event, EventCode, Modality, Provenance, Span,
};
use quidpro_text::{Story, Tokenizer};

use crate::actors::{self, EntryRef, Head, Np};
use crate::dates::{self, DateExpr};
use crate::inflect::Form;
use crate::lexicon::{gw, CElement, DiscardValue, Lexicon, Tok};
use crate::{CodedEvent, EventSink, Explanation, Options};

/// Largest number of words allowed between two word elements of a pattern.
pub const MAX_GAP: usize = 4;
/// How far a slot may start after the element before it.
pub const SLOT_GAP: usize = 3;
/// How far a final slot may start after the last element.
pub const END_SLOT_GAP: usize = 6;
/// How far left the subject of a pattern may be.
pub const SUBJECT_REACH: usize = 30;

/// A slot filled with actor phrases (indices into the sentence's phrases).
#[derive(Clone, Debug, Default)]
struct Fill {
    nps: Vec<usize>,
}

#[derive(Clone, Debug)]
struct Match {
    pattern: u32,
    /// Token positions of the matched words.
    words: Vec<usize>,
    anchor_start: usize,
    anchor_end: usize,
    end: usize,
    source: Fill,
    target: Fill,
    source_is_subject: bool,
    target_is_subject: bool,
    weight: u32,
    anchor_form: Option<Form>,
    /// The event this one demands, appeals for, promises, offers or threatens: the
    /// complement verb ("urged Armenia to withdraw", "demanded that Baku join").
    content: Option<Box<Match>>,
    /// How the content's actor is found: the governor's target ("called on Y to"), its
    /// source ("pledged to"), or the complement's own subject ("demanded that Y").
    content_actor: ContentActor,
    /// A statement whose reported clause has a deontic modal ("said that Y must
    /// withdraw"): a demand, not a statement.
    demand: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum ContentActor {
    #[default]
    Subject,
    GovernorTarget,
    GovernorSource,
}

/// Per-sentence working state.
pub(crate) struct Sentence<'a> {
    pub toks: Vec<Tok>,
    pub spans: Vec<Span>,
    pub norms: Vec<&'a str>,
    pub nps: Vec<Np>,
    /// For each token, the phrase that covers it.
    pub np_at: Vec<Option<usize>>,
    /// Tokens inside a relative clause or parenthesis: (start, end) ranges.
    pub masks: Vec<(usize, usize)>,
}

pub(crate) struct StoryState {
    /// The subject of the last coded event, for pronouns.
    pub last_subject: Option<Np>,
    /// The country of the last coded event's source, for roles named without a country.
    pub last_country: Option<String>,
    /// The narrative's reference time: the last date the text gave.
    pub reference: Option<dates::Reference>,
}

pub(crate) fn code_story(lex: &Lexicon, opts: &Options, story: &Story, sink: &mut dyn EventSink) -> bool {
    let mut state = StoryState { last_subject: None, last_country: None, reference: None };
    for_each_sentence(opts, story, |index, tokenizer, norms| {
        let mut events = Vec::new();
        code_sentence(lex, opts, story, index, tokenizer, norms, &mut state, &mut events);
        state.reference = dates::reference_after(norms, story.date, state.reference);
        events.into_iter().all(|e| sink.event(e))
    })
}

/// Calls `f` with each sentence of the story that is not longer than `opts.max_tokens`:
/// its index, its tokens and their normalised words. Stops when `f` returns `false`, and
/// returns whether it went through.
fn for_each_sentence(
    opts: &Options,
    story: &Story,
    mut f: impl FnMut(usize, &Tokenizer, &[&str]) -> bool,
) -> bool {
    let mut tokenizer = Tokenizer::new();
    for (index, span) in quidpro_text::sentences(&story.text).into_iter().enumerate() {
        tokenizer.tokenize_at(span.slice(&story.text), span.start);
        let norms: Vec<&str> = tokenizer.tokens().iter().map(|t| t.norm(&tokenizer)).collect();
        if norms.len() <= opts.max_tokens && !f(index, &tokenizer, &norms) {
            return false;
        }
    }
    true
}

/// A sentence's vocabulary tokens, byte spans and actor phrases; `None` when a discard
/// matches it.
fn actor_phrases(
    lex: &Lexicon,
    tokenizer: &Tokenizer,
    norms: &[&str],
) -> Option<(Vec<Tok>, Vec<Span>, Vec<Np>)> {
    let tokens = tokenizer.tokens();
    let toks: Vec<Tok> = norms.iter().map(|n| lex.tok(n)).collect();
    if discarded(lex, &toks, norms) {
        return None;
    }
    let spans: Vec<Span> = tokens.iter().map(|t| t.span).collect();
    let is_word: Vec<bool> = tokens.iter().map(|t| t.is_word).collect();
    let nps = actors::find(lex, &toks, &is_word);
    Some((toks, spans, nps))
}

#[allow(clippy::too_many_arguments)]
fn code_sentence(
    lex: &Lexicon,
    opts: &Options,
    story: &Story,
    index: usize,
    tokenizer: &Tokenizer,
    norms: &[&str],
    state: &mut StoryState,
    out: &mut Vec<CodedEvent>,
) {
    let Some((toks, spans, nps)) = actor_phrases(lex, tokenizer, norms) else { return };
    if nps.is_empty() {
        return;
    }
    let mut np_at = vec![None; toks.len()];
    for (i, np) in nps.iter().enumerate() {
        for slot in &mut np_at[np.start..np.end] {
            *slot = Some(i);
        }
    }
    let masks = masks(lex, &toks, &nps);
    let s = Sentence { toks, spans, norms: norms.to_vec(), nps, np_at, masks };
    let mut matches = find_matches(lex, &s);
    if matches.is_empty() {
        return;
    }
    select(lex, &s, &mut matches);
    drop_nested(&mut matches);
    suppress_complements(lex, &s, &mut matches);
    drop_object_nouns(&mut matches, &s);
    let dates = dates::find(&s.norms, story.date, state.reference);
    build_events(lex, opts, story, index, &s, &matches, &dates, state, out);
}

/// Whether a discard phrase or `together` line matches.
fn discarded(lex: &Lexicon, toks: &[Tok], norms: &[&str]) -> bool {
    let mut seen: Vec<(u32, u32)> = Vec::new();
    let mut hit = false;
    for i in 0..toks.len() {
        lex.discards.all(&toks[i..], |_, values| {
            for v in values {
                match *v {
                    DiscardValue::Phrase(_) => hit = true,
                    DiscardValue::Part { line, part } => seen.push((line, part)),
                }
            }
        });
        if hit {
            return true;
        }
    }
    if lex.together.is_empty() {
        return false;
    }
    let has_score = norms.iter().any(|n| {
        let mut it = n.splitn(2, '-');
        match (it.next(), it.next()) {
            (Some(a), Some(b)) => {
                !a.is_empty()
                    && !b.is_empty()
                    && a.len() <= 3
                    && b.len() <= 3
                    && a.bytes().all(|c| c.is_ascii_digit())
                    && b.bytes().all(|c| c.is_ascii_digit())
            }
            _ => false,
        }
    });
    lex.together.iter().enumerate().any(|(line, t)| {
        (0..t.parts).all(|p| {
            if t.score_parts.contains(&p) {
                has_score
            } else {
                seen.contains(&(line as u32, p))
            }
        })
    })
}

/// Relative clauses (", which ... ,"), appositions after a named actor (", a key US
/// ally,") and parentheses.
fn masks(lex: &Lexicon, toks: &[Tok], nps: &[Np]) -> Vec<(usize, usize)> {
    let mut named_end = vec![false; toks.len()];
    for np in nps.iter().filter(|n| n.is_resolved()) {
        named_end[np.end - 1] = true;
    }
    let comma = lex.word(",");
    let open = lex.word("(");
    let close = lex.word(")");
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if toks[i] == open {
            if let Some(j) = (i + 1..toks.len()).find(|&j| toks[j] == close) {
                out.push((i, j + 1));
                i = j + 1;
                continue;
            }
        }
        // ", a key US ally," after a named actor: an apposition.
        // ", Armenia's treaty ally," (a possessive actor) likewise.
        let possessive_after = i + 1 < toks.len()
            && nps.iter().any(|np| np.start == i + 1 && toks.get(np.end) == Some(&lex.word("'s")));
        let apposition = toks[i] == comma
            && i > 0
            && named_end[i - 1]
            && i + 1 < toks.len()
            && (matches!(lex.flags(toks[i + 1]) & gw::DET, d if d != 0) && toks[i + 1] != lex.word("its")
                || possessive_after);
        if apposition {
            if let Some(end) = (i + 2..toks.len().min(i + 14)).find(|&j| toks[j] == comma) {
                out.push((i, end + 1));
                i = end + 1;
                continue;
            }
        }
        if toks[i] == comma && i + 1 < toks.len() && lex.flags(toks[i + 1]) & gw::REL != 0 {
            let end = (i + 2..toks.len())
                .find(|&j| toks[j] == comma || lex.flags(toks[j]) & gw::CLAUSE != 0)
                .unwrap_or(toks.len());
            out.push((i, end));
            i = end;
            continue;
        }
        i += 1;
    }
    out
}

/// The preposition before an actor phrase, over determiners and up to two modifiers
/// ("in the", "outside the", "in northern", "in the occupied").
fn prep_before(lex: &Lexicon, s: &Sentence, start: usize) -> Option<Tok> {
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
        if f & gw::PREP != 0 {
            return Some(t);
        }
        // "on Wednesday as Ankara launched": a subordinator starts a clause.
        if s.np_at[j].is_some()
            || is_break(lex, s, j)
            || matches!(
                s.norms[j],
                "as" | "while" | "because" | "although" | "though" | "whereas" | "if" | "unless" | "once"
            )
        {
            return None;
        }
        if f & gw::DET != 0 {
            continue;
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

fn masked(s: &Sentence, np: &Np, anchor: usize) -> bool {
    s.masks.iter().any(|&(a, b)| np.start >= a && np.end <= b && !(anchor >= a && anchor < b))
}

/// Whether token `i` is clause punctuation or a comma.
fn is_break(lex: &Lexicon, s: &Sentence, i: usize) -> bool {
    lex.flags(s.toks[i]) & gw::CLAUSE != 0 || s.toks[i] == lex.word(",")
}

/// Matches one alternative (consecutive steps) at token `i`.
fn match_alt(s: &Sentence, alt: &[crate::lexicon::Step], i: usize) -> bool {
    alt.iter()
        .enumerate()
        .all(|(k, step)| s.toks.get(i + k).is_some_and(|t| step.toks.binary_search(t).is_ok()))
}

fn find_matches(lex: &Lexicon, s: &Sentence) -> Vec<Match> {
    let mut out = Vec::new();
    for i in 0..s.toks.len() {
        if s.np_at[i].is_some() {
            continue;
        }
        let Some(cands) = lex.anchors.get(&s.toks[i]) else { continue };
        for &(pi, ai) in cands {
            let p = &lex.patterns[pi as usize];
            let CElement::Words(w) = &p.elements[p.anchor] else { continue };
            let alt = &w.alts[ai as usize];
            if !match_alt(s, alt, i) {
                continue;
            }
            if let Some(m) = extend(lex, s, pi, i, alt.len()) {
                // "condemned the attack on Kyiv", "a captured pilot": after a determiner
                // the word is a noun or an adjective, not the verb of a subject.
                let after_det = i > 0 && lex.flags(s.toks[i - 1]) & gw::DET != 0 && s.np_at[i - 1].is_none()
                    // "quake-hit", "war-torn": a hyphen makes the verb part of an adjective.
                    || i > 0 && s.toks[i - 1] == lex.word("-");
                if after_det && (m.source_is_subject || m.target_is_subject) && m.anchor_form.is_some() {
                    continue;
                }
                // "an air strike", "a drone attack": a present-tense form right after a plain
                // lower-case word is the head of a noun compound, not a verb.
                // "the suicide bombing": after a determiner and a plain word, any form is a noun.
                let after_det_modifier =
                    i > 1 && lex.flags(s.toks[i - 2]) & gw::DET != 0 && s.np_at[i - 2].is_none();
                let compound = i > 0
                    && (matches!(m.anchor_form, Some(Form::Base | Form::Third)) || after_det_modifier)
                    && s.np_at[i - 1].is_none()
                    && lex.flags(s.toks[i - 1]) == 0
                    && !lex.verb_forms.contains_key(&s.toks[i - 1])
                    && s.norms[i - 1].bytes().all(|b| b.is_ascii_lowercase())
                    && !s.norms[i - 1].ends_with("ly");
                if compound && (m.source_is_subject || m.target_is_subject) {
                    continue;
                }
                // "after terrorist attacks on Turkish soil", "amid strikes": a base or
                // third-person form right after a preposition of time, or after one and a
                // modifier, is a plural or mass noun in the background, not the verb of the
                // clause's subject. (Not "for talks with": the subject holds those.)
                let prep_at = |k: usize| {
                    matches!(s.norms[k], "after" | "before" | "amid" | "despite" | "following" | "during")
                };
                let modifier = |k: usize| {
                    s.np_at[k].is_none_or(|n| s.nps[n].head == Head::Unresolved)
                        && s.norms[k].bytes().all(|b| b.is_ascii_lowercase())
                        && lex.flags(s.toks[k]) & gw::DET == 0
                        && !matches!(s.norms[k], "it" | "they" | "he" | "she" | "we" | "i" | "you")
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
                if violent && (m.source_is_subject || m.target_is_subject) && in_noun_phrase(lex, s, i, &m) {
                    continue;
                }
                out.push(m);
            }
        }
    }
    out
}

/// Whether the anchor at `i` is a noun inside a prepositional phrase: a base or third
/// person form (or any form after a determiner) after "in", "by", "of" or "from" with
/// at most a determiner and two modifiers between ("in a drone attack", "by an air
/// strike", "of the bombing").
fn in_noun_phrase(lex: &Lexicon, s: &Sentence, i: usize, m: &Match) -> bool {
    let mut j = i;
    let mut det = false;
    let mut steps = 0;
    while j > 0 && steps < 4 {
        j -= 1;
        steps += 1;
        let t = s.toks[j];
        if matches!(s.norms[j], "in" | "by" | "of" | "from") {
            return det || matches!(m.anchor_form, Some(Form::Base | Form::Third));
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
fn extend(lex: &Lexicon, s: &Sentence, pi: u32, i: usize, len: usize) -> Option<Match> {
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
                let (j, l) = find_words(lex, s, w, cur)?;
                m.words.extend(j..j + l);
                cur = j + l;
                m.end = cur;
            }
            CElement::Slot(slot) => {
                let reach = if k + 1 == n { END_SLOT_GAP } else { SLOT_GAP };
                let fill = right_actor(lex, s, cur, reach).map(|(mut fill, mut end)| {
                    // A compound that swallows the next word element ("talks between
                    // Ankara and Baku"), or leaves it only further on ("talks between the
                    // SDF and Damascus fail and Turkey ..."), gives way to its first member.
                    if let Some(CElement::Words(w)) = p.elements.get(k + 1) {
                        let right_after_first = find_words(lex, s, w, s.nps[fill.nps[0]].end)
                            .is_some_and(|(j, _)| j == s.nps[fill.nps[0]].end);
                        let next = find_words(lex, s, w, end);
                        if fill.nps.len() > 1
                            && (next.is_none() || right_after_first && next.is_some_and(|(j, _)| j != end))
                        {
                            let first = fill.nps[0];
                            fill.nps.truncate(1);
                            end = s.nps[first].end;
                        }
                    }
                    (fill, end)
                });
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

/// The first place at or after `cur` (within [`MAX_GAP`] words) where one of `alts`
/// matches. The words skipped may not be clause punctuation, and may belong to an actor
/// phrase only when the match itself is inside that phrase ("supplied Turkish drones").
fn find_words(
    lex: &Lexicon,
    s: &Sentence,
    words: &crate::lexicon::Words,
    cur: usize,
) -> Option<(usize, usize)> {
    let hi = (cur + MAX_GAP).min(s.toks.len().saturating_sub(1));
    for j in cur..=hi {
        if j > cur && is_break(lex, s, j - 1) {
            return None;
        }
        // Words may pass over roles without a country, pronouns ("its sanctions") and a
        // named modifier of the word itself ("most US sanctions on").
        let blocks = |t: usize| match s.np_at[t] {
            Some(np) => {
                let n = &s.nps[np];
                s.np_at[j] != Some(np) && n.is_resolved() && n.end != j
            }
            None => false,
        };
        if (cur..j).any(blocks) {
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

/// The first actor phrase starting within `reach` tokens of `from`, with any actors
/// joined to it by "and" or a list comma.
fn right_actor(lex: &Lexicon, s: &Sentence, from: usize, reach: usize) -> Option<(Fill, usize)> {
    // "shelled rebel positions", "arrested protesters": a role without a country is the
    // target when no named actor follows ("supply drones to Azerbaijan": Azerbaijan).
    let mut role: Option<usize> = None;
    let fallback = |role: Option<usize>| role.map(|np| (Fill { nps: vec![np] }, s.nps[np].end));
    let mut j = from;
    while j < s.toks.len() && j <= from + reach {
        if let Some(np) = s.np_at[j] {
            // "condemned the bombing outside the Turkish interior ministry", "met in Ankara":
            // an actor after a locative preposition is where it happened, not the target
            // (violence takes its country as target later, see `location_country`).
            let venue = j > from && prep_before(lex, s, j).is_some_and(|p| lex.flags(p) & gw::LOC != 0);
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
                            if s.nps[next].start == k && !possessor {
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

/// The subject of a verb whose words start at `anchor`: the nearest actor phrase to the
/// left in the same clause that does not follow a preposition and is not inside a
/// relative clause or parenthesis; "which"/"who" right before the verb refer to the
/// phrase before the comma.
fn subject(lex: &Lexicon, s: &Sentence, anchor: usize) -> Option<Fill> {
    // A noun's possessor is its agent, whatever governs the phrase: "despite Ankara's halt
    // of trade with Israel" (Ankara halts).
    if anchor >= 2 && s.toks[anchor - 1] == lex.word("'s") {
        if let Some(npi) = s.np_at[anchor - 2] {
            return Some(Fill { nps: vec![npi] });
        }
    }
    let lo = anchor.saturating_sub(SUBJECT_REACH);
    let mut j = anchor;
    let mut seen_rel = false;
    while j > lo {
        j -= 1;
        let t = s.toks[j];
        if lex.flags(t) & gw::CLAUSE != 0 {
            return None;
        }
        if lex.flags(t) & gw::REL != 0 && j > 0 && s.toks[j - 1] == lex.word(",") {
            seen_rel = true;
        }
        let Some(npi) = s.np_at[j] else { continue };
        let np = &s.nps[npi];
        j = np.start;
        if masked(s, np, anchor) && !seen_rel {
            continue;
        }
        // "before it approves": a pronoun after a subordinating word is a subject.
        let subordinate = np.head == Head::Pronoun
            && np.start > 0
            && matches!(
                s.norms[np.start - 1],
                "before" | "after" | "since" | "until" | "as" | "while" | "because"
            );
        if !subordinate && prep_before(lex, s, np.start).is_some() {
            continue;
        }
        if np.start > 0 && s.toks[np.start - 1] == lex.word("'s") {
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
            let Some(prev) = s.np_at[link_at - 1] else { break };
            let pnp = &s.nps[prev];
            if prep_before(lex, s, pnp.start).is_some() {
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

/// The position of "and" when the verb at `anchor` is coordinated with an earlier one:
/// "and recalled", ", and then recalled".
fn coordinated(lex: &Lexicon, s: &Sentence, anchor: usize) -> Option<usize> {
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

/// Keeps the most specific match where matches share words; a match that has its
/// target (or gets it otherwise: subject, speech, mutual) beats one that lacks it.
fn select(lex: &Lexicon, s: &Sentence, matches: &mut Vec<Match>) {
    let complete = |m: &Match| {
        let p = &lex.dict.patterns[lex.patterns[m.pattern as usize].source as usize];
        !m.target.nps.is_empty()
            || m.target_is_subject
            // "three soldiers were killed": the subject is the target.
            || is_passive(lex, s, m)
            || p.flags.speech
            || p.flags.mutual
            || p.code.root() == "01"
    };
    matches.sort_by(|a, b| {
        complete(b)
            .cmp(&complete(a))
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
fn drop_nested(matches: &mut Vec<Match>) {
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
/// targets", "hit Russian positions" (a noun, not a verb).
fn drop_object_nouns(matches: &mut Vec<Match>, s: &Sentence) {
    let objects: Vec<(usize, usize)> =
        matches.iter().flat_map(|m| m.target.nps.iter().map(move |&np| (m.anchor_start, np))).collect();
    matches.retain(|m| {
        if !m.source_is_subject
            || !matches!(m.anchor_form, Some(Form::Third | Form::Base))
            || m.anchor_start == 0
        {
            return true;
        }
        let before = s.np_at[m.anchor_start - 1];
        !objects.iter().any(|&(a, np)| a < m.anchor_start && before == Some(np))
    });
}

/// Deontic modals: "must", "should", "has to", "needs to", "ought to".
fn deontic_before(s: &Sentence, a: usize) -> bool {
    let lo = a.saturating_sub(3);
    (lo..a).any(|k| {
        matches!(s.norms[k], "must" | "should")
            || matches!(s.norms[k], "has" | "have" | "had" | "needs" | "need" | "ought")
                && s.norms.get(k + 1) == Some(&"to")
    })
}

/// What kind of complement a governing match takes as its content: appeals and demands
/// (02, 10) ask their target to act, intents, threats and refusals (03, 13, 12) are the
/// source's own acts; verbs of saying take one when they order ("told Y to", "said that Y
/// must").
fn content_kind(lex: &Lexicon, m: &Match) -> Option<ContentActor> {
    let p = &lex.dict.patterns[lex.patterns[m.pattern as usize].source as usize];
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
fn suppress_complements(lex: &Lexicon, s: &Sentence, matches: &mut Vec<Match>) {
    let to = lex.word("to");
    let of = lex.word("of");
    let for_ = lex.word("for");
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
        let g = if prev == to {
            governor(3)
        } else if (prev == of || prev == for_) && m.anchor_form == Some(Form::Ing) {
            governor(6)
        } else {
            None
        };
        if let Some(g) = g {
            drop[k] = true;
            // "Turkey pledged to help Azerbaijan": the pledge is toward Azerbaijan.
            if matches[g].target.nps.is_empty() && !matches[g].target_is_subject && !m.target_is_subject {
                inherit.push((g, m.target.clone()));
            }
            if prev == to {
                if let Some(kind) = content_kind(lex, &matches[g]) {
                    let speech = lex.dict.patterns[lex.patterns[matches[g].pattern as usize].source as usize]
                        .flags
                        .speech;
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
        let has_that = (ge..a).any(|j| s.toks[j] == that);
        let speech =
            lex.dict.patterns[lex.patterns[matches[g].pattern as usize].source as usize].flags.speech;
        if speech {
            if deontic_before(s, a) {
                drop[k] = true;
                contents.push((g, k, ContentActor::Subject, true));
            }
        } else if has_that && (kind == ContentActor::GovernorTarget || deontic_before(s, a)) {
            drop[k] = true;
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
    let mut k = 0;
    matches.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// Whether the verb is what an actor is ready, willing, pledging or planning to do:
/// "ready to resume talks", "pledged to send aid", "will send troops".
fn intended(lex: &Lexicon, s: &Sentence, m: &Match) -> bool {
    let a = m.anchor_start;
    if a == 0 {
        return false;
    }
    if lex.flags(s.toks[a - 1]) & gw::PLAN != 0 {
        return true;
    }
    if s.toks[a - 1] != lex.word("to") {
        return false;
    }
    (a.saturating_sub(4)..a - 1).any(|k| lex.flags(s.toks[k]) & gw::INTENT != 0)
}

/// The CAMEO "express intent" code for a cooperative act (roots 04–08), by the table of
/// CAMEO 1.1b3: meet or negotiate → 036, diplomatic cooperation → 032, material
/// cooperation → 031x, aid → 033x, yield → 035x.
fn intent_code(code: EventCode) -> Option<EventCode> {
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
fn modality(lex: &Lexicon, s: &Sentence, m: &Match) -> Modality {
    let mut j = m.anchor_start;
    let lo = m.anchor_start.saturating_sub(5);
    let mut result = Modality::Asserted;
    // "denied any involvement in the drone attack", "denied that its forces shelled"
    let lo_deny = m.anchor_start.saturating_sub(8);
    for k in (lo_deny..m.anchor_start).rev() {
        if is_break(lex, s, k) {
            break;
        }
        if lex.flags(s.toks[k]) & gw::DENY != 0 && k + 1 < m.anchor_start {
            return Modality::Denied;
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
        if f & gw::HYPO != 0 && result == Modality::Asserted {
            result = Modality::Hypothetical;
        }
        if f & (gw::PLAN | gw::PLAN_VERB) != 0 && result == Modality::Asserted {
            result = Modality::Planned;
        }
        // "refused to send", "refrain from sending", "abstained from": not done, by choice
        // (a modal before it keeps the refusal itself hypothetical).
        if refusal(s.norms[j]) && k_ok(s, j, m.anchor_start) {
            return if result == Modality::Hypothetical { Modality::Hypothetical } else { Modality::Refused };
        }
    }
    if result == Modality::Asserted {
        // A condition governs the rest of its clause, over actors too: "if Armenia
        // attacks", "unless Baku withdraws".
        let lo = m.anchor_start.saturating_sub(12);
        for k in (lo..m.anchor_start).rev() {
            if lex.flags(s.toks[k]) & gw::CLAUSE != 0 || s.toks[k] == lex.word(",") {
                break;
            }
            if matches!(s.norms[k], "if" | "unless" | "whether") {
                return Modality::Hypothetical;
            }
        }
        // "Will Baku send troops?"
        let end = (m.end..s.toks.len()).find(|&k| lex.flags(s.toks[k]) & gw::CLAUSE != 0);
        if end.is_some_and(|k| s.norms[k] == "?") {
            return Modality::Questioned;
        }
    }
    result
}

/// Verbs of refusing and abstaining, in any form.
fn refusal(w: &str) -> bool {
    ["refus", "declin", "refrain", "abstain"].iter().any(|p| w.starts_with(p) && w.len() <= p.len() + 4)
}

/// Whether the refusal word at `j` governs the verb at `a`: "refused to", "refrain
/// from", "declined to", with at most one word between.
fn k_ok(s: &Sentence, j: usize, a: usize) -> bool {
    (j + 1..a).any(|k| matches!(s.norms[k], "to" | "from")) && a - j <= 3
}

/// Whether the only hedge before the verb is "would" (within five words) and the
/// sentence states no condition: reported speech's future.
fn backshifted_will(s: &Sentence, m: &Match) -> bool {
    let lo = m.anchor_start.saturating_sub(5);
    let before = &s.norms[lo..m.anchor_start];
    before.contains(&"would")
        && !before
            .iter()
            .any(|w| matches!(*w, "could" | "might" | "may" | "possibly" | "perhaps" | "probably"))
        && !s.norms.iter().any(|w| matches!(*w, "if" | "unless" | "whether" | "otherwise"))
}

/// Whether the verb is passive ("were shelled", "was reportedly attacked").
fn is_passive(lex: &Lexicon, s: &Sentence, m: &Match) -> bool {
    if !m.anchor_form.is_some_and(|f| f.is_participle()) || !m.source_is_subject {
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
    }
    false
}

/// The agent of a passive: the actor after "by".
fn by_agent(lex: &Lexicon, s: &Sentence, m: &Match) -> Option<Fill> {
    let by = lex.word("by");
    let hi = (m.anchor_end + 8).min(s.toks.len());
    for j in m.anchor_end..hi {
        if is_break(lex, s, j) {
            return None;
        }
        if s.toks[j] == by {
            return right_actor(lex, s, j + 1, 2).map(|(f, _)| f);
        }
    }
    None
}

/// Resolves a fill's phrases to codes on a date (the other party's phrases given).
type Resolver<'a> = dyn Fn(&Fill, NaiveDate, &StoryState, &[usize]) -> Vec<Resolved> + 'a;

/// The phrases of a fill that name an actor or refer to one (no bare roles).
fn named_fill(s: &Sentence, f: &Fill) -> Fill {
    Fill { nps: f.nps.iter().copied().filter(|&n| s.nps[n].head != Head::Unresolved).collect() }
}

#[derive(Clone)]
struct Resolved {
    code: ActorCode,
    np: usize,
}

#[allow(clippy::too_many_arguments)]
fn build_events(
    lex: &Lexicon,
    opts: &Options,
    story: &Story,
    index: usize,
    s: &Sentence,
    matches: &[Match],
    dates: &[DateExpr],
    state: &mut StoryState,
    out: &mut Vec<CodedEvent>,
) {
    struct Draft {
        m: usize,
        sources: Fill,
        targets: Fill,
        modality: Modality,
        speech: bool,
        mutual: bool,
        code: EventCode,
        /// A passive with no agent named: the victims are known, the attacker is not.
        unnamed_agent: bool,
    }
    let mut drafts: Vec<Draft> = Vec::new();
    // The subject of the last verb, for a verb coordinated with it ("X rebuked Y and
    // recalled Z": X recalled).
    let mut last_subject: Option<(usize, Fill)> = None;
    for (mi, m) in matches.iter().enumerate() {
        let pat = &lex.dict.patterns[lex.patterns[m.pattern as usize].source as usize];
        let mut sources = m.source.clone();
        let mut targets = m.target.clone();
        let mut unnamed_agent = false;
        if m.source_is_subject || m.target_is_subject {
            let subj = match (&last_subject, coordinated(lex, s, m.anchor_start)) {
                (Some((end, f)), Some(and)) if *end <= and => Some(f.clone()),
                _ => subject(lex, s, m.anchor_start),
            };
            // A noun ("Armenia's attack") is no clause of its own: a verb coordinated after
            // it belongs to the clause's subject.
            let nominal = m.anchor_start > 0 && s.toks[m.anchor_start - 1] == lex.word("'s");
            if let (Some(f), false) = (&subj, nominal) {
                last_subject = Some((m.end, f.clone()));
            }
            if is_passive(lex, s, m) {
                targets = subj.unwrap_or_default();
                sources = by_agent(lex, s, m).unwrap_or_default();
                // Victims of an unnamed attacker only when they are the clause's own subject
                // ("three soldiers were killed"), not an actor before a verb of saying.
                let close = targets.nps.last().is_some_and(|&n| s.nps[n].end + 4 >= m.anchor_start);
                unnamed_agent = sources.nps.is_empty() && close;
            } else if m.source_is_subject {
                sources = subj.unwrap_or_default();
                // "'We will respond,' said Turkey's foreign minister."
                if sources.nps.is_empty() && pat.flags.speech {
                    if let Some((f, _)) = right_actor(lex, s, m.end, 2) {
                        sources = f;
                    }
                }
            } else {
                targets = subj.unwrap_or_default();
            }
        }
        // "Lavrov said that Armenia must withdraw": the demand is made of the one who must.
        if m.demand && targets.nps.is_empty() {
            if let Some(c) = m.content.as_deref().filter(|c| c.source_is_subject) {
                if let Some(f) = subject(lex, s, c.anchor_start) {
                    targets = f;
                }
            }
        }
        let mut modality = modality(lex, s, m);
        // "Baku may send troops and supply weapons": a verb coordinated with the one
        // before shares its modality.
        if modality == Modality::Asserted {
            if let (Some(prev), Some(_)) = (drafts.last(), coordinated(lex, s, m.anchor_start)) {
                if !prev.speech && matches!(prev.modality, Modality::Hypothetical | Modality::Planned) {
                    modality = prev.modality;
                }
            }
        }
        let mut code = pat.code;
        if m.demand {
            code = EventCode::parse("100").expect("CAMEO 100");
        }
        if let Some(c) = &m.content {
            let ccode = lex.dict.patterns[lex.patterns[c.pattern as usize].source as usize].code;
            code = refine_by_content(code, ccode);
        }
        if intended(lex, s, m) {
            if let Some(intent) = intent_code(code) {
                code = intent;
                // "will send aid" is planned; "pledged to send aid" is a pledge, asserted.
                let will = lex.flags(s.toks[m.anchor_start - 1]) & gw::PLAN != 0;
                if modality == Modality::Asserted && will {
                    modality = Modality::Planned;
                }
            }
        }
        drafts.push(Draft {
            m: mi,
            sources,
            targets,
            modality,
            speech: pat.flags.speech && !m.demand,
            mutual: pat.flags.mutual,
            code,
            unnamed_agent,
        });
    }
    // Dates: each expression belongs to the nearest verb that has its actors (a match
    // that will code nothing does not take a date away from one that will).
    let mut own_date: Vec<Option<&DateExpr>> = vec![None; matches.len()];
    let eligible: Vec<bool> = drafts
        .iter()
        .map(|d| {
            let m = &matches[d.m];
            let verbal = m.anchor_form.is_some() && !nominal_anchor(lex, s, m);
            !d.sources.nps.is_empty()
                && (!d.targets.nps.is_empty()
                    || d.speech
                    || d.mutual
                    || d.code.root() == "01"
                    || verbal && ONE_SIDED_ROOTS.contains(&d.code.root()))
                || d.unnamed_agent && !d.targets.nps.is_empty()
        })
        .collect();
    for d in dates {
        // A date inside a relative clause or apposition belongs to that clause.
        let mask = s.masks.iter().find(|&&(a, b)| d.start >= a && d.end <= b).copied();
        let same_clause = |m: &Match| mask.is_none_or(|(a, b)| m.anchor_start >= a && m.anchor_start < b);
        let nearest =
            matches.iter().enumerate().filter(|(mi, m)| eligible[*mi] && same_clause(m)).min_by_key(
                |(_, m)| {
                    if d.end <= m.anchor_start {
                        m.anchor_start - d.end
                    } else {
                        d.start.saturating_sub(m.end)
                    }
                },
            );
        if let Some((mi, _)) = nearest {
            if own_date[mi].is_none() {
                own_date[mi] = Some(d);
            }
        }
    }
    let owned: Vec<bool> =
        dates.iter().map(|d| own_date.iter().any(|od| od.is_some_and(|x| x == d))).collect();
    let date_of = |mi: usize| -> (NaiveDate, DatePrecision, DateSource) {
        if let Some(d) = own_date[mi] {
            return (d.date, d.precision, DateSource::Text);
        }
        if !drafts[mi].speech {
            let m = &matches[mi];
            let best = dates
                .iter()
                .enumerate()
                .filter(|(k, d)| {
                    !owned[*k]
                        && s.masks.iter().all(|&(a, b)| {
                            !(d.start >= a && d.end <= b) || (m.anchor_start >= a && m.anchor_start < b)
                        })
                })
                .min_by_key(|(_, d)| {
                    if d.end <= m.anchor_start {
                        m.anchor_start - d.end
                    } else {
                        d.start.saturating_sub(m.end)
                    }
                });
            if let Some((_, d)) = best {
                return (d.date, d.precision, DateSource::Text);
            }
        }
        (story.date, DatePrecision::Day, DateSource::Story)
    };
    // A verb coordinated with the one before ("attacked X on Saturday, killing Y") and
    // without a date of its own shares that verb's date.
    let mut dated: Vec<(NaiveDate, DatePrecision, DateSource)> = Vec::with_capacity(matches.len());
    for mi in 0..matches.len() {
        let shared =
            own_date[mi].is_none() && mi > 0 && coordinated(lex, s, matches[mi].anchor_start).is_some();
        let d = if shared { dated[mi - 1] } else { date_of(mi) };
        dated.push(d);
    }
    // Resolve codes.
    // The scene: the first named target of any match ("a surprise attack on southern
    // Israel, killing hundreds of people": the people are Israel's).
    let scene: Option<String> = matches
        .iter()
        .flat_map(|m| m.target.nps.iter())
        .filter(|&&n| s.nps[n].is_resolved())
        .filter_map(|&n| s.nps[n].code(lex, story.date))
        .find(|c| !c.is_transnational())
        .map(|c| c.primary().to_string());
    let resolve = |fill: &Fill, date: NaiveDate, state: &StoryState, other: &[usize]| -> Vec<Resolved> {
        let mut v: Vec<Resolved> = Vec::new();
        // "Turkish warplanes and artillery": a role in a compound is its named member's.
        let member = fill
            .nps
            .iter()
            .filter(|&&n| s.nps[n].is_resolved())
            .filter_map(|&n| s.nps[n].code(lex, date))
            .find(|c| !c.is_transnational())
            .map(|c| c.primary().to_string());
        for &npi in &fill.nps {
            let np = &s.nps[npi];
            let code = match np.head {
                Head::Pronoun => resolve_pronoun(lex, s, npi, other, state, date),
                Head::Unresolved => {
                    let hint = member.clone().or_else(|| scene.clone().filter(|_| !other.is_empty()));
                    bare_role(lex, s, npi, hint, other, state, date)
                }
                _ => np.code(lex, date),
            };
            if let Some(code) = code {
                if !v.iter().any(|r| r.code == code) {
                    v.push(Resolved { code, np: npi });
                }
            }
        }
        v
    };
    let named = |f: &Fill| named_fill(s, f);
    let speaker: Option<(usize, Vec<Resolved>)> = drafts
        .iter()
        .find(|d| d.speech)
        .map(|d| (d.m, resolve(&named(&d.sources), dated[d.m].0, state, &[])));
    let asserter = story.source.clone().unwrap_or_default();
    // Frames of non-actor asserters and hedges ("Western diplomats believe", "perhaps").
    let actor: Vec<bool> = s.np_at.iter().map(|n| n.is_some_and(|i| s.nps[i].is_resolved())).collect();
    let frame = crate::frame::frame(&s.norms, &s.spans, &actor, &story.text);
    // One event per dyad and CAMEO root in a sentence: the first (most specific) wins.
    let mut emitted: Vec<(String, String, &'static str)> = Vec::new();
    // Events coded so far: (anchor, source, target), for the statements that report them.
    let mut coded: Vec<(usize, Resolved, Resolved)> = Vec::new();
    // A statement of the speaker's own intent ("said it would release"): no separate statement.
    let mut self_intent = false;
    let mut statements = Vec::new();
    for d in &drafts {
        let m = &matches[d.m];
        let code = d.code;
        let (date, precision, date_source) = dated[d.m];
        let sources = resolve(&d.sources, date, state, &d.targets.nps);
        let mut targets = resolve(&d.targets, date, state, &d.sources.nps);
        // Violence against people named only by role ("killed 30 civilians in Mogadishu",
        // "abducted schoolboys in Nigeria's Katsina state") or against no named actor
        // ("detonated car bombs near the ministry in Mogadishu") is coded against the
        // country where it happened.
        if targets.is_empty() && LOCATED_ROOTS.contains(&code.root()) {
            if let Some((np, country)) = location_country(lex, s, m) {
                let role = d
                    .targets
                    .nps
                    .iter()
                    .find_map(|&t| s.nps[t].role)
                    .map(|r| &lex.dict.agents[r as usize].code);
                let code = match role {
                    Some(r) => country.with_role(r),
                    None => country,
                };
                targets.push(Resolved { code, np });
            }
        }
        // Statements (speech, and root 01 with no target of their own: "claimed
        // responsibility for the bombing that ...") take the actor of what they report.
        if d.speech || (code.root() == "01" && targets.is_empty()) {
            // A speaker named only by role ("Western diplomats", "people familiar with the
            // matter") is an asserter, not an actor: the sentence frame takes it.
            let sources = if d.speech { resolve(&named(&d.sources), date, state, &[]) } else { sources };
            statements.push((d, sources, targets, date, precision, date_source));
            continue;
        }
        let mut sources = sources;
        if d.mutual {
            // Both directions between every party: sources and targets together.
            for t in targets.drain(..) {
                if !sources.iter().any(|r| r.code == t.code) {
                    sources.push(t);
                }
            }
            targets = sources.iter().map(|r| Resolved { code: r.code.clone(), np: r.np }).collect();
        }
        let mut modality = d.modality;
        let mut attribution = Attribution { asserter: asserter.clone(), actor: None };
        let mut code = code;
        if let Some((sm, sp)) = &speaker {
            if *sm != d.m {
                // "Iran said it would release the tanker": the speaker's own future act is
                // its statement of intent, asserted, not a reported plan.
                let own = sp.first().is_some_and(|r| {
                    sources
                        .iter()
                        .all(|x| x.code == r.code || x.np < s.nps.len() && s.nps[x.np].head == Head::Pronoun)
                });
                let future = matches!(modality, Modality::Planned)
                    || modality == Modality::Hypothetical && backshifted_will(s, m);
                if own && future && !sources.is_empty() {
                    if let Some(intent) = intent_code(code) {
                        code = intent;
                        modality = Modality::Asserted;
                        self_intent = true;
                    }
                }
            }
            if *sm != d.m && !self_intent {
                if let Some(r) = sp.first() {
                    attribution = Attribution { asserter: r.code.to_string(), actor: Some(r.code.clone()) };
                    if modality == Modality::Asserted {
                        modality = Modality::Reported;
                    }
                    // "Akar said Turkish officers would train the army": a reported "will",
                    // a promise or plan, not a hypothesis (unless a condition is stated).
                    if modality == Modality::Hypothetical && backshifted_will(s, m) {
                        modality = Modality::Planned;
                    }
                }
            }
        }
        if attribution.actor.is_none() {
            if let Some(f) = frame.as_ref().filter(|f| f.covers(m.anchor_start)) {
                if let Some(a) = &f.asserter {
                    attribution.asserter = a.clone();
                }
                modality = match (f.modality, modality) {
                    (Modality::Hypothetical, Modality::Asserted | Modality::Planned | Modality::Reported) => {
                        Modality::Hypothetical
                    }
                    (Modality::Reported, Modality::Asserted) => Modality::Reported,
                    (_, m) => m,
                };
            }
        }
        if modality.is_negative() && !opts.include_negated {
            // Not emitted, but a denial still names whom it is about: "Iran denied any
            // involvement in a drone attack that killed three US soldiers".
            for src in &sources {
                for tgt in &targets {
                    if src.code != tgt.code {
                        coded.push((m.anchor_start, src.clone(), tgt.clone()));
                    }
                }
            }
            continue;
        }
        // One-sided events: no target named (a protest, a mobilisation, a condemnation of
        // an unnamed attacker), or victims of an unnamed attacker.
        let nobody = Resolved { code: ActorCode::none(), np: usize::MAX };
        if sources.is_empty()
            && d.unnamed_agent
            && VIOLENT_ROOTS.contains(&code.root())
            && !targets.is_empty()
        {
            sources.push(nobody.clone());
        }
        let verbal = m.anchor_form.is_some() && !nominal_anchor(lex, s, m);
        // Inside a relative clause the object may be the antecedent ("Armenia, which Turkey
        // condemned"): no one-sided event there.
        let in_clause = s.masks.iter().any(|&(a, b)| m.anchor_start >= a && m.anchor_start < b);
        if targets.is_empty()
            && !d.mutual
            && !in_clause
            && verbal
            && ONE_SIDED_ROOTS.contains(&code.root())
            && sources.iter().any(|r| !r.code.is_none())
        {
            targets.push(nobody.clone());
        }
        for src in &sources {
            for tgt in &targets {
                if src.code == tgt.code || same_state(&src.code, &tgt.code) {
                    continue;
                }
                let key = (src.code.to_string(), tgt.code.to_string(), code.root());
                if emitted.contains(&key) {
                    continue;
                }
                emitted.push(key);
                if !src.code.is_none() && !tgt.code.is_none() {
                    coded.push((m.anchor_start, src.clone(), tgt.clone()));
                }
                let mut ev = make_event(
                    lex,
                    story,
                    index,
                    s,
                    m,
                    code,
                    src,
                    tgt,
                    date,
                    precision,
                    date_source,
                    modality,
                    attribution.clone(),
                    dates,
                );
                ev.event.content =
                    content_for(lex, s, m, code, src, tgt, date, state, &resolve).map(Box::new);
                if !src.code.is_none() && !src.code.is_transnational() {
                    state.last_country = Some(src.code.primary().to_string());
                }
                out.push(ev);
            }
        }
        if let Some(first) = d.sources.nps.first() {
            if s.nps[*first].is_resolved() {
                state.last_subject = Some(s.nps[*first].clone());
            }
        }
    }
    for (d, sources, targets, date, precision, date_source) in statements {
        if self_intent && d.speech {
            continue;
        }
        let m = &matches[d.m];
        let code = d.code;
        let modality = d.modality;
        if modality.is_negative() && !opts.include_negated {
            continue;
        }
        for src in &sources {
            let tgts: Vec<Resolved> = if !targets.is_empty() {
                targets.to_vec()
            } else {
                // The other party of the event reported: its source, or its target when the
                // speaker is the source. A statement that is not speech reports what follows it.
                let reported = coded.iter().filter(|(a, _, _)| d.speech || *a > m.anchor_start).find_map(
                    |(_, es, et)| {
                        if es.code != src.code {
                            Some(es)
                        } else if !d.speech && et.code != src.code {
                            Some(et)
                        } else {
                            None
                        }
                    },
                );
                match reported {
                    Some(r) => vec![r.clone()],
                    // "Aliyev said that Armenia would bear responsibility": the first actor named
                    // after the verb of saying.
                    None if d.speech => right_actor(lex, s, m.end, END_SLOT_GAP)
                        .and_then(|(f, _)| f.nps.first().copied())
                        .filter(|&np| s.nps[np].is_resolved())
                        .and_then(|np| s.nps[np].code(lex, date).map(|code| Resolved { code, np }))
                        .into_iter()
                        .collect(),
                    None => Vec::new(),
                }
            };
            // A statement to no one: a declaration, or words of saying that report nothing
            // coded in the sentence.
            let alone = coded.is_empty() && out.iter().all(|e| e.event.provenance.sentence != index);
            let _ = alone;
            for tgt in &tgts {
                // A statement about one's own country is not a dyad.
                if src.code.primary() == tgt.code.primary() {
                    continue;
                }
                let key = (src.code.to_string(), tgt.code.to_string(), code.root());
                if emitted.contains(&key) {
                    continue;
                }
                emitted.push(key);
                let attribution = Attribution { asserter: asserter.clone(), actor: None };
                let mut ev = make_event(
                    lex,
                    story,
                    index,
                    s,
                    m,
                    code,
                    src,
                    tgt,
                    date,
                    precision,
                    date_source,
                    modality,
                    attribution,
                    dates,
                );
                ev.event.content =
                    content_for(lex, s, m, code, src, tgt, date, state, &resolve).map(Box::new);
                out.push(ev);
            }
        }
        if let Some(first) = d.sources.nps.first() {
            if s.nps[*first].is_resolved() {
                state.last_subject = Some(s.nps[*first].clone());
            }
        }
    }
    for e in out.iter_mut() {
        if let Some(c) = e.event.content.as_mut() {
            if c.text.is_empty() {
                c.text = c.span.slice(&story.text).to_string();
            }
        }
    }
    out.sort_by_key(|e| (e.event.provenance.span.start, e.event.provenance.span.end));
}

/// Whether the match's first word is a noun: after a possessive or a determiner.
fn nominal_anchor(lex: &Lexicon, s: &Sentence, m: &Match) -> bool {
    let a = m.anchor_start;
    // "unprecedented Houthi attacks": a plural after a name used as a modifier is a noun.
    let after_modifier = a > 0
        && matches!(m.anchor_form, Some(Form::Third | Form::Base))
        && s.np_at[a - 1].is_some_and(|n| {
            let np = &s.nps[n];
            // ... itself after a determiner or a plain modifier ("the Houthi attacks",
            // "unprecedented Houthi attacks"); "Turkey launches" is a subject and its verb.
            np.end == a
                && np.role.is_none()
                && np.start > 0
                && (lex.flags(s.toks[np.start - 1]) & gw::DET != 0
                    || lex.flags(s.toks[np.start - 1]) == 0
                        && !lex.verb_forms.contains_key(&s.toks[np.start - 1])
                        && s.norms[np.start - 1].bytes().all(|b| b.is_ascii_lowercase())
                        && s.np_at[np.start - 1].is_none())
        });
    a > 0 && (s.toks[a - 1] == lex.word("'s") || lex.flags(s.toks[a - 1]) & gw::DET != 0) || after_modifier
}

/// Roots whose events are coded with no target when none is named: a condemnation of an
/// unnamed attacker, a protest, a mobilisation or exercise, arrests and curfews, attacks.
const ONE_SIDED_ROOTS: &[&str] = &["11", "14", "15", "17", "18", "19", "20"];

/// Roots of violence: their victims are coded even when the attacker is not named.
const VIOLENT_ROOTS: &[&str] = &["18", "19", "20"];

/// The event a demand, appeal, intent, threat or refusal asks for or offers: the
/// complement's actors as `kind` says, its code, and a modality that says it has not
/// happened (planned for intents, hypothetical otherwise).
#[allow(clippy::too_many_arguments)]
fn content_of(
    lex: &Lexicon,
    s: &Sentence,
    c: &Match,
    kind: ContentActor,
    g_source: Option<&Resolved>,
    g_target: Option<&Resolved>,
    date: NaiveDate,
    state: &StoryState,
    resolve: &Resolver<'_>,
) -> Content {
    let pat = &lex.dict.patterns[lex.patterns[c.pattern as usize].source as usize];
    let own_subject = || {
        if c.source_is_subject {
            subject(lex, s, c.anchor_start).map(|f| resolve(&f, date, state, &[])).unwrap_or_default()
        } else {
            resolve(&c.source, date, state, &[])
        }
    };
    let source = match kind {
        ContentActor::GovernorTarget => g_target.cloned().or_else(|| own_subject().into_iter().next()),
        ContentActor::GovernorSource => g_source.cloned(),
        ContentActor::Subject => own_subject().into_iter().next(),
    }
    .map(|r| r.code)
    .unwrap_or_else(ActorCode::none);
    let target = resolve(&c.target, date, state, &[])
        .into_iter()
        .map(|r| r.code)
        .find(|t| *t != source)
        .unwrap_or_else(ActorCode::none);
    let mut span = s.spans[c.words[0]];
    for &w in &c.words {
        span = span.cover(s.spans[w]);
    }
    for np in c.target.nps.iter().chain(&c.source.nps) {
        span = span.cover(s.nps[*np].span(&s.spans));
    }
    let modality = if pat.code.root() == "03" || kind == ContentActor::GovernorSource {
        Modality::Planned
    } else {
        Modality::Hypothetical
    };
    Content { source, target, code: pat.code, modality, span, text: String::new() }
}

/// The content of an event of `code` between `src` and `tgt`: the complement's event
/// when one was matched, else the act that a specific appeal, intent, demand or threat
/// code names (CAMEO's parallel subcodes: 0233 appeal for humanitarian aid asks for 073).
/// Appeals and demands ask their target to act toward the one who asks; intents and
/// threats are the source's own acts toward the target.
#[allow(clippy::too_many_arguments)]
fn content_for(
    lex: &Lexicon,
    s: &Sentence,
    m: &Match,
    code: EventCode,
    src: &Resolved,
    tgt: &Resolved,
    date: NaiveDate,
    state: &StoryState,
    resolve: &Resolver<'_>,
) -> Option<Content> {
    let asks = matches!(code.root(), "02" | "10");
    let offers = matches!(code.root(), "03" | "13");
    if !asks && !offers && m.content.is_none() {
        return None;
    }
    let named = |r: &Resolved| (!r.code.is_none()).then(|| r.clone());
    let mut content = match m.content.as_deref() {
        Some(c) => content_of(
            lex,
            s,
            c,
            m.content_actor,
            named(src).as_ref(),
            named(tgt).as_ref(),
            date,
            state,
            resolve,
        ),
        None => {
            let act = act_of(code)?;
            let (a, b) = if asks { (tgt, src) } else { (src, tgt) };
            let mut span = s.spans[m.words[0]];
            for &w in &m.words {
                span = span.cover(s.spans[w]);
            }
            Content {
                source: a.code.clone(),
                target: b.code.clone(),
                code: act,
                modality: if offers { Modality::Planned } else { Modality::Hypothetical },
                span,
                text: String::new(),
            }
        }
    };
    // "asked China to increase its investment": toward the one who asks; "pledged to
    // send troops": toward the target of the pledge.
    // De-escalation (087) is toward an adversary, not the asker.
    let toward_asker = matches!(content.code.root(), "04" | "05" | "06" | "07" | "08")
        && !content.code.as_str().starts_with("087");
    if content.target.is_none() && toward_asker {
        let other = if asks { src } else { tgt };
        if other.code != content.source {
            content.target = other.code.clone();
        }
    }
    Some(content)
}

/// The act that a specific appeal (02), intent (03), demand (10) or threat (13) code
/// names, by CAMEO's parallel subcodes; `None` for the generic codes.
fn act_of(code: EventCode) -> Option<EventCode> {
    let c = code.as_str();
    let root = code.root();
    let rest = &c[2..];
    let to = match root {
        "02" | "03" | "10" => match rest {
            "1" => "060",
            "11" => "061",
            "12" => "062",
            "13" => "063",
            "14" => "064",
            "2" => "050",
            "3" => "070",
            "31" => "071",
            "32" => "072",
            "33" => "073",
            "34" => "074",
            "4" => "083",
            "41" => "0831",
            "42" => "0832",
            "43" => "0833",
            "44" => "0834",
            "5" => "080",
            "51" => "081",
            "52" => "082",
            "53" => "084",
            "54" => "085",
            "55" => "086",
            "56" => "087",
            "6" => "040",
            "8" | "9" => "045",
            _ => return None,
        },
        "13" => match rest {
            "1" => "160",
            "11" => "162",
            "12" => "163",
            "13" => "161",
            "2" => "172",
            "21" => "1721",
            "22" => "1722",
            "23" => "1723",
            "24" => "1724",
            "3" => "140",
            "4" => "164",
            "6" => "166",
            "7" => "175",
            "8" => "190",
            "81" => "191",
            "82" => "192",
            "83" => "180",
            "84" => "190",
            "85" => "200",
            _ => return None,
        },
        _ => return None,
    };
    EventCode::parse(to).ok()
}

/// The specific code of a demand (10), appeal (02), intent (03) or threat (13) given what
/// it asks for or offers, when the pattern gave only the generic code: CAMEO's parallel
/// subcodes for material cooperation (06), diplomatic cooperation (05), aid (07), yielding
/// (08), meeting (04); threats of force (18–20), sanctions (16) and coercion (17).
fn refine_by_content(code: EventCode, content: EventCode) -> EventCode {
    let generic = matches!(code.as_str(), "02" | "020" | "03" | "030" | "10" | "100" | "13" | "130");
    if !generic {
        return code;
    }
    let c = content.as_str();
    let kind = code.root();
    let (two, three, ten) = match content.root() {
        "04" => ("026", "036", "106"),
        "05" => ("022", "032", "102"),
        "06" => match c {
            "061" => ("0211", "0311", "1011"),
            "062" => ("0212", "0312", "1012"),
            "063" => ("0213", "0313", "1013"),
            "064" => ("0214", "0314", "1014"),
            _ => ("021", "031", "101"),
        },
        "07" => match c {
            "071" => ("0231", "0331", "1031"),
            "072" => ("0232", "0332", "1032"),
            "073" => ("0233", "0333", "1033"),
            "074" => ("0234", "0334", "1034"),
            _ => ("023", "033", "103"),
        },
        "08" => match &c[..c.len().min(3)] {
            "081" => ("0251", "0351", "1051"),
            "082" => ("0252", "0352", "1052"),
            "083" => ("024", "034", "104"),
            "084" => ("0253", "0353", "1053"),
            "085" => ("0254", "0354", "1054"),
            "086" => ("0255", "0355", "1055"),
            "087" => ("0256", "0356", "1056"),
            _ => ("025", "035", "105"),
        },
        // Joining or supporting force against others: military cooperation.
        "18" | "19" | "20" | "15" => ("0212", "0312", "1012"),
        "16" | "17" => ("022", "032", "102"),
        _ => return code,
    };
    let to = match kind {
        "02" => two,
        "03" => three,
        "10" => ten,
        "13" => match content.root() {
            "16" => match c {
                "162" | "1621" | "1622" | "1623" => "1311",
                "163" => "1312",
                _ => "1313",
            },
            "17" => "137",
            "18" => "1383",
            "19" | "20" | "15" => match c {
                "191" => "1381",
                "192" => "1382",
                _ => "138",
            },
            "14" => "133",
            _ => return code,
        },
        _ => return code,
    };
    EventCode::parse(to).unwrap_or(code)
}

/// A role named without its country ("rebel positions", "the police", "protesters"):
/// the country of a named member of its compound or of the sentence's scene (`hint`),
/// else the country of the other party of its event (a domestic event), else the country where
/// the sentence's event happens ("police in Ankara"), else the country the story was last
/// about.
fn bare_role(
    lex: &Lexicon,
    s: &Sentence,
    npi: usize,
    hint: Option<String>,
    other: &[usize],
    state: &StoryState,
    date: NaiveDate,
) -> Option<ActorCode> {
    let role = s.nps[npi].role.map(|r| &lex.dict.agents[r as usize].code)?;
    // "Turkish-backed forces": a hyphenated modifier says whose they are not.
    let start = s.nps[npi].start;
    if start >= 2 && s.norms[start - 2] == "-" {
        return None;
    }
    let from_other = other
        .iter()
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
    let country = hint.or_else(located).or(from_other).or_else(|| state.last_country.clone())?;
    Some(ActorCode::parse(&country).ok()?.with_role(role))
}

/// Roots whose events take the country where they happened as target when no target is
/// named: protest, force posture, coerce, assault, fight, mass violence.
const LOCATED_ROOTS: &[&str] = &["14", "15", "17", "18", "19", "20"];

/// The country where the event of `m` happened: the first country or capital after the
/// verb that stands after a locative preposition ("in Mogadishu", "in northwestern
/// Nigeria's Katsina state", "near the Nigerian city of"), in the same clause.
fn location_country(lex: &Lexicon, s: &Sentence, m: &Match) -> Option<(usize, ActorCode)> {
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
fn same_state(a: &ActorCode, b: &ActorCode) -> bool {
    a.primary() == b.primary() && !a.is_transnational() && a.roles().chain(b.roles()).all(|r| r == "GOV")
}

/// A pronoun refers to the first named actor of the sentence that is not the other
/// party of its event, or else to the last subject of the story.
fn resolve_pronoun(
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

#[allow(clippy::too_many_arguments)]
fn make_event(
    lex: &Lexicon,
    story: &Story,
    index: usize,
    s: &Sentence,
    m: &Match,
    code: EventCode,
    src: &Resolved,
    tgt: &Resolved,
    date: NaiveDate,
    precision: DatePrecision,
    date_source: DateSource,
    modality: Modality,
    attribution: Attribution,
    dates: &[DateExpr],
) -> CodedEvent {
    let pat = &lex.dict.patterns[lex.patterns[m.pattern as usize].source as usize];
    // An unnamed side (`ActorCode::none`) has no words.
    let np_of = |r: &Resolved| s.nps.get(r.np).filter(|_| !r.code.is_none());
    let source_span = np_of(src).map(|np| np.span(&s.spans)).unwrap_or_default();
    let target_span = np_of(tgt).map(|np| np.span(&s.spans)).unwrap_or_default();
    let words: Vec<Span> = m.words.iter().map(|&w| s.spans[w]).collect();
    let mut span = words[0];
    for sp in np_of(src).iter().map(|_| source_span).chain(np_of(tgt).iter().map(|_| target_span)) {
        span = span.cover(sp);
    }
    for w in &words {
        span = span.cover(*w);
    }
    let label = |e: &EntryRef| entry_label(lex, e);
    let source_entries: Vec<String> =
        np_of(src).map(|np| np.entries.iter().map(label).collect()).unwrap_or_default();
    let target_entries: Vec<String> =
        np_of(tgt).map(|np| np.entries.iter().map(label).collect()).unwrap_or_default();
    let mut entries = source_entries.clone();
    for e in &target_entries {
        if !entries.contains(e) {
            entries.push(e.clone());
        }
    }
    let event = Event {
        date,
        date_precision: precision,
        date_source,
        // The words of the expression the date was resolved from.
        date_text: (date_source == DateSource::Text)
            .then(|| dates.iter().find(|d| d.date == date && d.precision == precision))
            .flatten()
            .map(|d| d.written(&s.spans, &story.text).to_string()),
        source: src.code.clone(),
        target: tgt.code.clone(),
        code,
        attribution,
        modality,
        content: None,
        provenance: Provenance {
            story_id: story.id.clone(),
            sentence: index,
            span,
            rule: format!("{}: {}", pat.origin, pat.text),
            entries,
        },
        text: span.slice(&story.text).to_string(),
    };
    CodedEvent {
        event,
        explanation: Explanation { source_span, target_span, words, source_entries, target_entries },
    }
}

/// The actors a story names: every resolved actor phrase, with its code on the story's
/// date and the dictionary entries behind it.
pub(crate) fn mentions(lex: &Lexicon, opts: &Options, story: &Story) -> Vec<crate::Mention> {
    let mut out = Vec::new();
    for_each_sentence(opts, story, |index, tokenizer, norms| {
        let Some((_, spans, nps)) = actor_phrases(lex, tokenizer, norms) else { return true };
        for np in nps {
            let Some(code) = np.code(lex, story.date) else { continue };
            out.push(crate::Mention {
                sentence: index,
                span: np.span(&spans),
                code,
                entries: np.entries.iter().map(|e| entry_label(lex, e)).collect(),
            });
        }
        true
    });
    out
}

fn entry_label(lex: &Lexicon, e: &EntryRef) -> String {
    match *e {
        EntryRef::Country(i) => lex.labels.countries[i as usize].clone(),
        EntryRef::Person(i) => lex.labels.people[i as usize].clone(),
        EntryRef::Org(i) => lex.labels.orgs[i as usize].clone(),
        EntryRef::Agent(i) => lex.labels.agents[i as usize].clone(),
    }
}
