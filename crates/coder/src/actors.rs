//! Actor recognition: dictionary phrases (longest match), then noun phrases that join
//! a country or organisation with a role ("Turkish defence minister", "Azerbaijan's
//! special forces", "the army of Armenia", "Russian President Vladimir Putin").

use chrono::NaiveDate;
use quidpro_event::{ActorCode, Span};

use crate::lexicon::{cue, gw, Lexicon, Tok, Value};

/// What an actor phrase refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Head {
    /// A country (index); `capital` when named by its capital or a metonym.
    Country {
        /// Index of the country entry.
        idx: u32,
        /// Named by a capital or metonym.
        capital: bool,
    },
    /// A person (index).
    Person(u32),
    /// An organisation (index).
    Org(u32),
    /// A role without a country ("police"): no code.
    Unresolved,
    /// A pronoun ("it", "its", "he").
    Pronoun,
}

/// A dictionary entry that fired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryRef {
    /// Country entry.
    Country(u32),
    /// Person entry.
    Person(u32),
    /// Org entry.
    Org(u32),
    /// Agent entry.
    Agent(u32),
}

/// An actor phrase in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Np {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// What it refers to.
    pub head: Head,
    /// The role (agent entry index), if any.
    pub role: Option<u32>,
    /// The entries that fired.
    pub entries: Vec<EntryRef>,
    /// Whether it is a bare country adjective or demonym ("Armenian" in "Azerbaijani and
    /// Armenian troops").
    pub bare_adjective: bool,
    /// Whether it is a demonym alone ("Georgians", "thousands of Armenians"): the people,
    /// not the state.
    pub demonym: bool,
    /// For a noun that points back to an actor named before ("the alliance", "the two
    /// countries"; its head is [`Head::Pronoun`]): what kind of actor.
    pub anaphor: Option<Anaphor>,
}

/// What a noun that points back to an actor refers to (grammar classes `ANAPHOR_ORG`,
/// `ANAPHOR_GROUP`, `ANAPHOR_STATE`, `ANAPHOR_PAIR`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anaphor {
    /// An international organisation ("the alliance", "the bloc").
    Org,
    /// An armed or political group ("the group", "the militia").
    Group,
    /// A state ("the country", "the kingdom").
    State,
    /// Both parties of a dyad ("the two countries", "both sides").
    Pair,
}

impl Np {
    /// Gives the phrase the role of agent entry `r`, with that entry as its provenance.
    fn give_role(&mut self, r: u32) {
        self.role = Some(r);
        self.entries.push(EntryRef::Agent(r));
    }

    /// The actor code on `date`; `None` for unresolved roles and pronouns.
    pub fn code(&self, lex: &Lexicon, date: NaiveDate) -> Option<ActorCode> {
        let role = self.role.map(|r| &lex.dict.agents[r as usize].code);
        match self.head {
            Head::Country { idx, capital } => {
                let c = &lex.dict.countries[idx as usize].code;
                Some(match (role, capital) {
                    (Some(r), _) => c.with_role(r),
                    (None, true) => c.with_role(&lex.gov),
                    (None, false) => c.clone(),
                })
            }
            Head::Person(p) => lex.dict.people[p as usize].code_on(date).cloned(),
            Head::Org(o) => Some(lex.dict.orgs[o as usize].code.clone()),
            Head::Unresolved | Head::Pronoun => None,
        }
    }

    /// Whether it names somebody (not an unresolved role or pronoun).
    pub fn is_resolved(&self) -> bool {
        !matches!(self.head, Head::Unresolved | Head::Pronoun)
    }

    /// The byte span of the phrase.
    pub fn span(&self, spans: &[Span]) -> Span {
        spans[self.start].cover(spans[self.end - 1])
    }
}

#[derive(Clone, Copy, Debug)]
struct Raw {
    start: usize,
    end: usize,
    value: Value,
}

fn is_modifier(v: Value) -> bool {
    matches!(v, Value::CountryAdj(_) | Value::OrgAdj(_))
}

fn is_named(v: Value) -> bool {
    matches!(v, Value::CountryName(_) | Value::Capital(_) | Value::Org(_) | Value::Demonym(_))
}

/// Finds the actor phrases of a sentence. `toks` are token ids.
pub fn find(lex: &Lexicon, toks: &[Tok], is_word: &[bool]) -> Vec<Np> {
    // 1. Longest dictionary phrases, left to right.
    let mut raw = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match lex.actors.longest(&toks[i..]) {
            Some((len, values)) => {
                let best = Lexicon::ranked(values)[0];
                // A bare pronoun-like determiner cannot be an actor; otherwise take it.
                raw.push(Raw { start: i, end: i + len, value: best });
                i += len;
            }
            None => {
                let f = lex.flags(toks[i]);
                if f & gw::PRON != 0 {
                    raw.push(Raw { start: i, end: i + 1, value: Value::Agent(u32::MAX) });
                }
                i += 1;
            }
        }
    }
    // "his Armenian counterpart", "its Western allies": a possessive pronoun before a named
    // actor is a determiner, not an actor of its own.
    let pronoun_before_named = |k: usize| -> bool {
        let r = raw[k];
        matches!(r.value, Value::Agent(u32::MAX))
            && raw.get(k + 1).is_some_and(|n| {
                n.start <= r.end + 2
                    && !matches!(n.value, Value::Agent(_))
                    && (r.end..n.start).all(|t| is_word[t])
            })
    };
    let keep: Vec<bool> = (0..raw.len()).map(|k| !pronoun_before_named(k)).collect();
    let mut k = 0;
    raw.retain(|_| {
        k += 1;
        keep[k - 1]
    });
    // "pro-Russian", "anti-American", "Turkish-backed", "Russian-made": a hyphen joins the
    // phrase to a word that is not an actor, so it names no actor.
    let hyphen = lex.word("-");
    raw.retain(|r| {
        let before = r.start >= 2 && toks[r.start - 1] == hyphen && is_word[r.start - 2];
        let after = r.end + 1 < toks.len() && toks[r.end] == hyphen && is_word[r.end + 1];
        let actor_at = |i: usize| lex.actors.longest(&toks[i..]).is_some();
        let before_word = before && !raw_ends_at(&toks[..r.start - 1], lex);
        let after_word = after && !actor_at(r.end + 1);
        !(before_word || after_word)
    });
    let possessive = lex.word("'s");
    let of = lex.word("of");
    let the = lex.word("the");
    // Gap words between a modifier and its noun: words that are neither grammar words
    // nor verb forms of any pattern.
    let gap_ok = |from: usize, to: usize, max: usize| -> bool {
        to >= from
            && (from..to).filter(|&k| toks[k] != lex.word("-")).count() <= max
            && (from..to).all(|k| {
                let t = toks[k];
                (is_word[k] || lex.word("-") == t)
                    && lex.flags(t)
                        & (gw::PREP | gw::AND | gw::REL | gw::BE | gw::NEG | gw::CLAUSE | gw::PLAN | gw::HYPO)
                        == 0
                    && !lex.verb_forms.contains_key(&t)
            })
    };
    // 2. Chain them into noun phrases.
    let mut out: Vec<Np> = Vec::new();
    let mut k = 0;
    while k < raw.len() {
        let first = raw[k];
        let mut np = start_np(first);
        let mut last = first;
        let mut j = k + 1;
        while j < raw.len() {
            let next = raw[j];
            let via_possessive = next.start > last.end && toks[last.end] == possessive;
            let gap_from = if via_possessive { last.end + 1 } else { last.end };
            let joins = match (last.value, next.value) {
                // pronoun: only "its army"
                (Value::Agent(u32::MAX), Value::Agent(a)) if a != u32::MAX => gap_ok(last.end, next.start, 1),
                (Value::Agent(u32::MAX), _) => false,
                (_, Value::Agent(u32::MAX)) => false,
                (l, Value::Agent(_)) if is_modifier(l) => gap_ok(gap_from, next.start, 2),
                (l, Value::Agent(_)) if is_named(l) || matches!(l, Value::Person(_)) => {
                    if via_possessive {
                        gap_ok(gap_from, next.start, 2)
                    } else {
                        next.start == last.end
                    }
                }
                (Value::Agent(_), Value::Agent(_)) => next.start == last.end,
                (Value::Agent(_), Value::Person(_)) => next.start == last.end,
                (l, Value::Person(_)) if is_modifier(l) || is_named(l) => {
                    next.start == last.end || (via_possessive && gap_ok(gap_from, next.start, 1))
                }
                (l, Value::Org(_)) if is_modifier(l) => next.start == last.end,
                _ => false,
            };
            if !joins {
                // "the army of Azerbaijan": role of a named country or org.
                if let (Value::Agent(a), Value::CountryName(_) | Value::Capital(_) | Value::Org(_)) =
                    (last.value, next.value)
                {
                    let after_of = last.end < toks.len() && toks[last.end] == of;
                    let gap = if after_of && last.end + 1 < toks.len() && toks[last.end + 1] == the {
                        2
                    } else {
                        1
                    };
                    if a != u32::MAX
                        && after_of
                        && next.start == last.end + gap
                        && np.head == Head::Unresolved
                    {
                        absorb(&mut np, next);
                        np.end = next.end;
                        j += 1;
                        break;
                    }
                }
                break;
            }
            absorb(&mut np, next);
            np.end = next.end;
            last = next;
            j += 1;
        }
        if j > k + 1 {
            np.bare_adjective = false;
        }
        out.push(np);
        k = j;
    }
    // "Azerbaijani and Armenian troops": the first adjective shares the role of the second.
    for i in (0..out.len().saturating_sub(1)).rev() {
        let (a, b) = (&out[i], &out[i + 1]);
        let linked =
            b.start == a.end + 1 && (lex.flags(toks[a.end]) & gw::AND != 0 || toks[a.end] == lex.word(","));
        if a.bare_adjective && linked && b.role.is_some() && matches!(b.head, Head::Country { .. }) {
            if let Some(r) = b.role {
                out[i].give_role(r);
            }
        }
    }
    // "the French side", "the Kyrgyz side": a country's adjective before "side" is that
    // state's government ("the Syrian side of the border" is a place).
    let side = lex.word("side");
    if side != crate::lexicon::NONE && out.iter().any(|np| toks.get(np.end) == Some(&side)) {
        let gov = lex
            .dict
            .agents
            .iter()
            .position(|a| a.code == lex.gov && a.names.iter().any(|n| n == "government"));
        for np in out.iter_mut() {
            if np.bare_adjective
                && np.role.is_none()
                && matches!(np.head, Head::Country { capital: false, .. })
                && toks.get(np.end) == Some(&side)
                && toks.get(np.end + 1) != Some(&lex.word("of"))
            {
                if let Some(g) = gov {
                    np.end += 1;
                    np.bare_adjective = false;
                    np.give_role(g as u32);
                }
            }
        }
    }
    // "the foreign ministers of Estonia, Latvia and Lithuania": a role before "of" is each
    // listed country's.
    let of = lex.word("of");
    let mut listed = false;
    for i in 1..out.len() {
        let (a, b) = (&out[i - 1], &out[i]);
        let linked =
            b.start == a.end + 1 && (lex.flags(toks[a.end]) & gw::AND != 0 || toks[a.end] == lex.word(","));
        let role_of = a.role.is_some()
            && matches!(a.head, Head::Country { .. })
            && (listed || toks[a.start..a.end].contains(&of) && toks[a.start..a.end].last() != Some(&of));
        listed = false;
        if linked
            && role_of
            && b.role.is_none()
            && !b.demonym
            && matches!(b.head, Head::Country { capital: false, .. })
        {
            if let Some(r) = a.role {
                out[i].give_role(r);
            }
            listed = true;
        }
    }
    anaphors(lex, toks, &mut out);
    out
}

/// Adds the nouns that point back to an actor named before, where no actor phrase
/// covers them: "the" before an `ANAPHOR_ORG`, `ANAPHOR_GROUP` or `ANAPHOR_STATE` noun
/// ("the alliance", "the group", "the country"; not "the group of experts"), "the two"
/// or "both" before an `ANAPHOR_PAIR` noun ("the two countries", "both sides").
fn anaphors(lex: &Lexicon, toks: &[Tok], out: &mut Vec<Np>) {
    let the = lex.word("the");
    let (two, both, of) = (lex.word("two"), lex.word("both"), lex.word("of"));
    let mut found = Vec::new();
    // The end of an `ANAPHOR_PAIR` noun at `k`, or at `k + 1` after one modifier ("the two
    // central banks"; not a name: "the two Korean states" is no pair of the story).
    let pair_noun = |k: usize| -> Option<usize> {
        let is_pair = |j: usize| toks.get(j).is_some_and(|&t| lex.cues(t) & cue::ANAPHOR_PAIR != 0);
        if is_pair(k) {
            Some(k + 1)
        } else {
            let plain = toks
                .get(k)
                .is_some_and(|&t| lex.flags(t) == 0 && lex.cues(t) == 0 && t != crate::lexicon::NONE);
            (plain && is_pair(k + 1)).then_some(k + 2)
        }
    };
    for i in 0..toks.len().saturating_sub(1) {
        let (kind, len) = if toks[i] == the {
            let c = lex.cues(toks[i + 1]);
            let kind = if c & cue::ANAPHOR_ORG != 0 {
                Anaphor::Org
            } else if c & cue::ANAPHOR_GROUP != 0 {
                Anaphor::Group
            } else if c & cue::ANAPHOR_STATE != 0 {
                Anaphor::State
            } else if toks[i + 1] == two && two != crate::lexicon::NONE && pair_noun(i + 2).is_some() {
                Anaphor::Pair
            } else if c & cue::ANAPHOR_PAIR != 0 {
                // "The sides exchanged views": the parties of a communiqué.
                Anaphor::Pair
            } else {
                continue;
            };
            match (kind, pair_noun(i + 2)) {
                (Anaphor::Pair, Some(end)) if toks[i + 1] == two => (kind, end - i),
                _ => (kind, 2),
            }
        } else if toks[i] == both
            && both != crate::lexicon::NONE
            && lex.cues(toks[i + 1]) & cue::ANAPHOR_PAIR != 0
        {
            (Anaphor::Pair, 2)
        } else {
            continue;
        };
        let (start, end) = (i, i + len);
        if toks.get(end) == Some(&of) {
            continue;
        }
        // "the two governments": a role word of the agents is the pair's role; any other
        // actor phrase there wins.
        let over: Vec<usize> = (0..out.len()).filter(|&k| out[k].start < end && out[k].end > start).collect();
        let role_only = over.len() == 1
            && out[over[0]].head == Head::Unresolved
            && out[over[0]].start > start
            && out[over[0]].end == end;
        if !over.is_empty() && !role_only {
            continue;
        }
        let (role, entries) = match over.first() {
            Some(&k) => {
                let np = out.remove(k);
                (np.role, np.entries)
            }
            None => (None, Vec::new()),
        };
        found.push(Np {
            start,
            end,
            head: Head::Pronoun,
            role,
            entries,
            bare_adjective: false,
            demonym: false,
            anaphor: Some(kind),
        });
    }
    if !found.is_empty() {
        out.extend(found);
        out.sort_by_key(|np| np.start);
    }
}

/// Whether an actor phrase ends at the end of `toks` (the word before a hyphen).
fn raw_ends_at(toks: &[Tok], lex: &Lexicon) -> bool {
    (toks.len().saturating_sub(4)..toks.len())
        .any(|s| lex.actors.longest(&toks[s..]).is_some_and(|(len, _)| s + len == toks.len()))
}

fn start_np(r: Raw) -> Np {
    let bare_adjective = matches!(r.value, Value::CountryAdj(_) | Value::CountryName(_));
    let mut np = Np {
        start: r.start,
        end: r.end,
        head: Head::Unresolved,
        role: None,
        entries: Vec::new(),
        bare_adjective,
        demonym: matches!(r.value, Value::Demonym(_)),
        anaphor: None,
    };
    absorb(&mut np, r);
    np
}

fn absorb(np: &mut Np, r: Raw) {
    match r.value {
        Value::CountryName(c) | Value::CountryAdj(c) | Value::Demonym(c) => {
            if !matches!(np.head, Head::Person(_) | Head::Org(_)) {
                np.head = Head::Country { idx: c, capital: false };
            }
            np.entries.push(EntryRef::Country(c));
        }
        Value::Capital(c) => {
            if !matches!(np.head, Head::Person(_) | Head::Org(_)) {
                np.head = Head::Country { idx: c, capital: true };
            }
            np.entries.push(EntryRef::Country(c));
        }
        Value::Person(p) => {
            np.head = Head::Person(p);
            np.entries.push(EntryRef::Person(p));
        }
        Value::Org(o) | Value::OrgAdj(o) => {
            if !matches!(np.head, Head::Person(_)) {
                np.head = Head::Org(o);
            }
            np.entries.push(EntryRef::Org(o));
        }
        Value::Agent(u32::MAX) => {
            np.head = Head::Pronoun;
        }
        Value::Agent(a) => {
            np.give_role(a);
        }
    }
}
