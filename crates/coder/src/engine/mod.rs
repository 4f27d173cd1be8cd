//! The coding engine, by stage (`matching`, `clause`, `modality`, `resolve`, `content`,
//! `assemble`): patterns matched over a sentence's tokens and actor phrases,
//! slots resolved to actors, and events built with dates, attribution and modality.

use chrono::NaiveDate;
use quidpro_dict::{Pattern, Slot};
use quidpro_event::{
    ActorCode, Attribution, Content, DatePrecision, DateSource, Event, EventCode, Modality, Provenance, Span,
};
use quidpro_text::{Story, Tokenizer};

use crate::actors::{self, Anaphor, EntryRef, Head, Np};
use crate::dates::{self, DateExpr};
use crate::inflect::Form;
use crate::lexicon::{cue, gw, CElement, DiscardValue, Lexicon, Tok};
use crate::{CodedEvent, EventSink, Explanation, Options};

mod assemble;
mod clause;
mod content;
mod dating;
mod displaced;
mod drafts;
mod ellipsis;
mod make;
mod matching;
mod means;
mod mediation;
mod modality;
mod names;
mod prepare;
mod request;
mod resolve;

use assemble::*;
use clause::*;
use content::*;
use displaced::*;
use make::*;
use matching::*;
use means::*;
use modality::*;
use prepare::*;
use resolve::*;

/// Largest number of words allowed between two word elements of a pattern.
pub const MAX_GAP: usize = 4;

/// How far a preposition may follow the element before it over a list of objects.
pub const LIST_GAP: usize = 12;
/// How far a slot may start after the element before it.
pub const SLOT_GAP: usize = 3;

/// How far a final slot may start after the last element.
pub const END_SLOT_GAP: usize = 6;

/// How far left the subject of a pattern may be.
pub const SUBJECT_REACH: usize = 30;

/// Roots whose acts a narrative tells without repeating whom they are toward ("... and
/// the United States resumed military aid"): cooperation and its reduction. Their
/// patterns' closing "PREP +" may be left out where the clause ends.
/// Force posture (15) is among them only as the answer to a call made to its source
/// in the previous sentence ("Kinshasa asked Bujumbura for troops. Burundi sent troops.").
pub(crate) const ELIDING_ROOTS: &[&str] = &["04", "05", "06", "07", "08", "15", "16"];

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
    /// For a demand made by a verb of saying without a matched complement: the actor of
    /// the deontic clause ("said that Sweden must stop harbouring militants").
    demand_target: Option<usize>,
    /// The pattern's closing "PREP +" was left out where the clause ends ("and two days
    /// later it suspended the sharing of intelligence"): the target is the one the text
    /// was just about, or there is no event.
    elided: bool,
    /// A passive whose pattern's object words stand before the verb ("sanctions were
    /// imposed by Washington on Caracas", "the drones supplied by Iran to Russia"): its
    /// source is the actor after "by", its target the pattern's own slot.
    object_before: bool,
}

impl Match {
    /// The dictionary pattern this match is of: its code, flags and text.
    fn pattern<'l>(&self, lex: &'l Lexicon) -> &'l Pattern {
        &lex.dict.patterns[lex.patterns[self.pattern as usize].source as usize]
    }
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

impl Sentence<'_> {
    /// The actor phrase that starts at token `k`.
    fn phrase_at(&self, k: usize) -> Option<&Np> {
        self.np_at.get(k).copied().flatten().map(|n| &self.nps[n]).filter(|np| np.start == k)
    }

    /// The actor phrase that starts at token `k`, or right after a "the" there ("under the
    /// auspices of the African Union").
    fn phrase_after_the(&self, k: usize) -> Option<&Np> {
        self.phrase_at(k).or_else(|| self.phrase_at(k + 1).filter(|_| self.norms.get(k) == Some(&"the")))
    }
}

/// Makes the phrase `np` the source of `e` in its provenance and explanation: its words
/// and the dictionary entries behind it (an event restated with another source: an
/// answer, an appeal a request tells, a mediation).
fn source_phrase(lex: &Lexicon, s: &Sentence, np: &Np, e: &mut CodedEvent) {
    let entries: Vec<String> = np.entries.iter().map(|x| entry_label(lex, x)).collect();
    e.explanation.source_span = np.span(&s.spans);
    e.explanation.source_entries = entries.clone();
    e.event.provenance.entries = entries;
}

pub(crate) struct StoryState {
    /// The subject of the last coded event, for pronouns.
    pub last_subject: Option<Np>,
    /// The country of the last coded event's source, for roles named without a country.
    pub last_country: Option<String>,
    /// The narrative's reference time: the last date the text gave.
    pub reference: Option<dates::Reference>,
    /// Sentences since the reference time was set.
    pub reference_age: usize,
    /// The dyads (source, target) of the previous sentence's events, for an answer that
    /// names no target ("Beijing pressed Islamabad to ... . Pakistan declined.").
    pub previous_dyads: Vec<(ActorCode, ActorCode)>,
    /// The calls (demands and appeals with their content) of the previous sentence, for
    /// an answer that leaves the act out ("... . Petro did not.").
    pub previous_calls: Vec<ellipsis::Call>,
    /// People the story introduced with an office, for when it names them again.
    pub names: Vec<names::Learned>,
    /// The actors the story's sentences named so far, oldest first (at most
    /// [`MENTIONED`]), for nouns that point back ("the alliance", "the group").
    pub mentioned: Vec<ActorCode>,
    /// The states of the story's last events between two states (at most
    /// [`MENTIONED`]), oldest first, for "the two countries".
    pub state_dyads: Vec<(ActorCode, ActorCode)>,
    /// The acts (not statements, calls or threats) the previous sentence told as fact or
    /// report, for a denial that points back at them ("Belgrade denies this").
    pub previous_acts: Vec<CodedEvent>,
}

/// How many of the story's last parties [`StoryState::mentioned`] keeps.
const MENTIONED: usize = 40;

impl StoryState {
    /// The narrative's time, when the text gave one before this sentence that lies before
    /// the story's date and is recent (a few sentences back): the date of an act told in
    /// the past with no date of its own.
    pub(crate) fn narrative(&self, story: NaiveDate) -> Option<dates::Reference> {
        self.reference.filter(|r| r.date < story && self.reference_age <= 3)
    }
}

/// For each token, the actor phrase that covers it.
pub(super) fn np_index(len: usize, nps: &[Np]) -> Vec<Option<usize>> {
    let mut np_at = vec![None; len];
    for (i, np) in nps.iter().enumerate() {
        for slot in &mut np_at[np.start..np.end] {
            *slot = Some(i);
        }
    }
    np_at
}

pub(crate) fn code_story(lex: &Lexicon, opts: &Options, story: &Story, sink: &mut dyn EventSink) -> bool {
    let mut state = StoryState {
        last_subject: None,
        last_country: None,
        reference: None,
        reference_age: 0,
        previous_dyads: Vec::new(),
        previous_calls: Vec::new(),
        names: Vec::new(),
        mentioned: Vec::new(),
        state_dyads: Vec::new(),
        previous_acts: Vec::new(),
    };
    for_each_sentence(opts, story, |index, tokenizer, norms| {
        let mut events = Vec::new();
        // A year mentioned sentences ago ("the 2020 war") no longer anchors a day or month
        // without a year ("on 4 June"): the narrative is back at the story's time.
        if state.reference.is_some_and(|r| r.precision > DatePrecision::Quarter) && state.reference_age >= 2 {
            state.reference = None;
        }
        let mut found = None;
        code_sentence(lex, opts, story, index, tokenizer, norms, &mut state, &mut events, &mut found);
        // The dates the sentence gave (found once: coding does not move the reference).
        let found = found.unwrap_or_else(|| dates::find(norms, story.date, state.reference));
        let before = state.reference;
        state.reference = found.iter().rev().find_map(DateExpr::reference).or(state.reference);
        state.reference_age = if state.reference != before { 0 } else { state.reference_age + 1 };
        state.previous_dyads = events
            .iter()
            .filter(|e| !e.event.source.is_none() && !e.event.target.is_none())
            .map(|e| (e.event.source.clone(), e.event.target.clone()))
            .collect();
        for e in &events {
            let (a, b) = (&e.event.source, &e.event.target);
            if !a.is_none()
                && !b.is_none()
                && !a.is_transnational()
                && !b.is_transnational()
                && a.primary() != b.primary()
            {
                if let (Ok(a), Ok(b)) = (ActorCode::parse(a.primary()), ActorCode::parse(b.primary())) {
                    state.state_dyads.push((a, b));
                }
            }
        }
        if state.state_dyads.len() > MENTIONED {
            state.state_dyads.drain(..state.state_dyads.len() - MENTIONED);
        }
        state.previous_calls = events
            .iter()
            .filter(|e| matches!(e.event.code.root(), "02" | "10") && !e.event.modality.is_negative())
            .map(|e| ellipsis::Call {
                caller: e.event.source.clone(),
                called: e.event.target.clone(),
                code: e.event.code,
                content: e.event.content.as_deref().filter(|c| !c.source.is_none()).cloned(),
            })
            .filter(|c| !c.actor().is_none())
            .collect();
        state.previous_acts.clear();
        // Kept only for the denied events, which only a coder of negated events emits.
        if opts.include_negated {
            state.previous_acts.extend(
                events
                    .iter()
                    .filter(|e| {
                        !matches!(e.event.code.root(), "01" | "02" | "03" | "10" | "12" | "13")
                            && matches!(
                                e.event.modality,
                                Modality::Asserted | Modality::Reported | Modality::Hypothetical
                            )
                    })
                    .cloned(),
            );
        }
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
    found: &mut Option<Vec<DateExpr>>,
) {
    let Some((toks, spans, mut nps)) = actor_phrases(lex, tokenizer, norms) else { return };
    places_over_names(lex, &toks, &mut nps);
    if nps.is_empty() {
        return;
    }
    let np_at = np_index(toks.len(), &nps);
    let masks = masks(lex, &toks, &nps);
    let mut s = Sentence { toks, spans, norms: norms.to_vec(), nps, np_at, masks };
    // People introduced earlier with an office, named again ("Velikov said").
    let before = s.nps.len();
    names::apply(lex, &mut s, &story.text, &state.names);
    if s.nps.len() != before {
        s.masks = prepare::masks(lex, &s.toks, &s.nps);
    }
    names::learn(lex, &s, &story.text, &mut state.names);
    let s = s;
    let mut matches = find_matches(lex, &s);
    let mut answers = Vec::new();
    if !state.previous_calls.is_empty() {
        let dates = found.get_or_insert_with(|| dates::find(&s.norms, story.date, state.reference));
        answers = ellipsis::elliptical_answer(lex, story, index, &s, state, dates, opts.include_negated);
    }

    if matches.is_empty() {
        out.extend(answers);
        remember(lex, &s, story.date, state);
        return;
    }
    select(lex, &s, &mut matches);
    drop_nested(&mut matches);
    suppress_complements(lex, &s, &mut matches);
    deontic_statements(lex, &s, &mut matches);
    drop_object_nouns(&mut matches, &s);
    let dates = found.take().unwrap_or_else(|| dates::find(&s.norms, story.date, state.reference));
    let first = out.len();
    build_events(lex, opts, story, index, &s, &matches, &dates, state, out);
    // "Aliyev has so far refused to do so": the answer's own verb, coded again with the
    // target the previous sentence named, is the rejection the answer already gave.
    // "Astana extradited him in March": the verb's own event, its target left to a
    // pronoun, is the act the answer gives with its target.
    out.retain(|e| {
        !answers.iter().any(|a| {
            a.event.source == e.event.source
                && (a.event.target == e.event.target && a.event.code.root() == e.event.code.root()
                    || e.event.target.is_none())
        })
    });
    out.splice(first..first, answers);
    out[first..].sort_by_key(|e| (e.event.provenance.span.start, e.event.provenance.span.end));
    let answers = ellipsis::closing_answer(lex, story, &s, out, first, opts.include_negated);
    out.extend(answers);
    let appeals = request::requested(lex, &s, &out[first..], story.date);
    out.extend(appeals);
    let mediations = mediation::mediated(lex, &s, &out[first..], story.date);
    out.extend(mediations);
    if opts.include_negated && !state.previous_acts.is_empty() {
        out.extend(ellipsis::denied_previous(lex, story, index, &s, state));
    }
    *found = Some(dates);
    remember(lex, &s, story.date, state);
}

/// Keeps the actors the sentence named, for nouns that point back in later sentences.
fn remember(lex: &Lexicon, s: &Sentence, date: NaiveDate, state: &mut StoryState) {
    for np in s.nps.iter().filter(|np| np.is_resolved()) {
        if let Some(c) = np.code(lex, date) {
            state.mentioned.push(c);
        }
    }
    if state.mentioned.len() > MENTIONED {
        state.mentioned.drain(..state.mentioned.len() - MENTIONED);
    }
}

/// A place of the dictionaries longer than the actor phrases it covers is a place, not
/// those actors of other countries: "Santiago de Cuba" and "Benin City" are no Chile or
/// Benin. Looked up only at an actor phrase's start and the two words before it.
fn places_over_names(lex: &Lexicon, toks: &[Tok], nps: &mut Vec<Np>) {
    if lex.places.is_empty() || nps.is_empty() {
        return;
    }
    let mut covered: Vec<(usize, usize, &[u32])> = Vec::new();
    for np in nps.iter() {
        // ("Mocimboa da Praia": the place may start two words before the name.)
        for at in [np.start.checked_sub(2), np.start.checked_sub(1), Some(np.start)].into_iter().flatten() {
            if let Some((len, countries)) = lex.places.longest(&toks[at..]) {
                if at + len >= np.end && len > np.end - np.start {
                    covered.push((at, at + len, countries));
                }
            }
        }
    }
    // A name of the place's own country inside it stays ("Iraqi Kurdistan", "the Cuba
    // of "Santiago de Cuba"): it says no more than the place.
    let foreign = |np: &Np, countries: &[u32]| match np.head {
        Head::Country { idx, .. } => !countries.contains(&idx),
        _ => true,
    };
    if !covered.is_empty() {
        nps.retain(|np| !covered.iter().any(|&(a, b, c)| np.start >= a && np.end <= b && foreign(np, c)));
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
