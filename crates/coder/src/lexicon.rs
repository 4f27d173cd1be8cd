//! The compiled dictionary: a token vocabulary, a phrase trie for actors and agents, a
//! trie for discards, and the verb patterns as token sets.

use quidpro_dict::{Dictionary, Element, Item, Slot, WordClass};
use quidpro_event::{ActorCode, EventCode};
use quidpro_text::Tokenizer;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::inflect::{self, Form};

mod classes;
mod trie;
use classes::class_bits;
pub use classes::{cue, gw};
pub use trie::Trie;

/// Id of a token in the vocabulary; `NONE` for words the dictionaries never use.
pub type Tok = u32;
/// The id of every token the dictionaries do not know.
pub const NONE: Tok = u32::MAX;

/// What a phrase in the actor trie stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// A country by name.
    CountryName(u32),
    /// A country adjective.
    CountryAdj(u32),
    /// A demonym.
    Demonym(u32),
    /// A capital or other government metonym.
    Capital(u32),
    /// A person.
    Person(u32),
    /// An organisation by name.
    Org(u32),
    /// An organisation name used as a modifier.
    OrgAdj(u32),
    /// An agent (role).
    Agent(u32),
}

impl Value {
    /// Lower is preferred when one phrase has several meanings.
    fn rank(self) -> u8 {
        match self {
            Value::Person(_) => 0,
            Value::Org(_) => 1,
            Value::CountryName(_) => 2,
            Value::Capital(_) => 3,
            Value::Demonym(_) => 4,
            Value::CountryAdj(_) => 5,
            Value::OrgAdj(_) => 6,
            Value::Agent(_) => 7,
        }
    }
}

/// A compiled step: one token position that accepts any of these tokens.
#[derive(Clone, Debug)]
pub struct Step {
    /// Accepted tokens, sorted.
    pub toks: Vec<Tok>,
}

/// One alternative: consecutive steps.
pub type Alt = Vec<Step>;

/// A word element: its alternatives, and every token an alternative can start with
/// (sorted), to reject a position with one look-up.
#[derive(Clone, Debug)]
pub struct Words {
    /// The alternatives.
    pub alts: Vec<Alt>,
    /// First tokens of all alternatives, sorted and unique.
    pub firsts: Vec<Tok>,
}

/// A compiled pattern element.
#[derive(Clone, Debug)]
pub enum CElement {
    /// A slot.
    Slot(Slot),
    /// Alternatives.
    Words(Words),
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub struct CPattern {
    /// Index into `Dictionary::patterns`.
    pub source: u32,
    /// Elements.
    pub elements: Vec<CElement>,
    /// Index of the first word element (the anchor).
    pub anchor: usize,
    /// The provenance rule of its events: `file:line: text`.
    pub rule: String,
    /// Number of word elements (specificity).
    pub weight: u32,
    /// The closing "PREP +" word element (its index) that a cooperative act told by a
    /// finite verb may leave out where the clause ends (`ELIDING_ROOTS`).
    pub elide: Option<usize>,
}

/// A pattern that may start at a token (`Lexicon::anchors`).
#[derive(Clone, Copy, Debug)]
pub struct Anchor {
    /// Index into `Lexicon::patterns`.
    pub pattern: u32,
    /// The anchor element's alternative that starts with the token.
    pub alt: u32,
    /// The number of steps of that alternative.
    pub len: u32,
    /// The word elements after the anchor, as a range of `Lexicon::needs`: each must
    /// start somewhere after the anchor for the pattern to match.
    pub needs: (u32, u32),
    /// The word element right after the anchor (an id into `Lexicon::firsts`), which
    /// must start within `MAX_GAP` words of it; `u32::MAX` when a slot follows.
    pub next: u32,
    /// The closing "PREP +" element that a cooperative act told by a finite verb may
    /// leave out (an id among `needs`, not required then); `u32::MAX` when none.
    pub elide: u32,
    /// The token's anchors are sorted by `next` and `len` (stably: by pattern within); this
    /// is the index of the first one after the run of this one's `next` and `len`, which
    /// all fail when this one's `next` does not stand within reach.
    pub run_end: u32,
}

/// What a discard phrase stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiscardValue {
    /// A phrase that discards alone (entry index).
    Phrase(u32),
    /// Part `part` of `together` line `line` (global index).
    Part { line: u32, part: u32 },
}

/// The `together` lines, flattened.
#[derive(Clone, Debug)]
pub struct Together {
    /// Number of parts.
    pub parts: u32,
    /// Whether part `i` is `<score>`.
    pub score_parts: Vec<u32>,
}

/// Labels of dictionary entries for provenance: `file:line: CODE label`.
#[derive(Debug, Default)]
pub struct Labels {
    /// Per country.
    pub countries: Vec<String>,
    /// Per person.
    pub people: Vec<String>,
    /// Per org.
    pub orgs: Vec<String>,
    /// Per agent.
    pub agents: Vec<String>,
}

/// The compiled dictionaries.
#[derive(Debug)]
pub struct Lexicon {
    /// The dictionaries as read.
    pub dict: Dictionary,
    /// Token vocabulary.
    pub vocab: FxHashMap<Box<str>, Tok>,
    /// The words of `vocab` of up to 16 bytes, by their bytes and length (`tok` without a
    /// string comparison).
    pub short_vocab: FxHashMap<(u128, u8), Tok>,
    /// Actors and agents.
    pub actors: Trie<Value>,
    /// Places (cities, provinces, regions) by country index: a trie of their own, so
    /// that a place never becomes an actor phrase.
    pub places: Trie<u32>,
    /// Discards.
    pub discards: Trie<DiscardValue>,
    /// `together` lines.
    pub together: Vec<Together>,
    /// Patterns.
    pub patterns: Vec<CPattern>,
    /// For each token: the patterns whose anchor (an alternative of it) starts with it.
    pub anchors: FxHashMap<Tok, Vec<Anchor>>,
    /// The distinct first-token sets (`Words::firsts`) of the word elements after anchors.
    pub firsts: Vec<Vec<Tok>>,
    /// Ids into `firsts`, in runs named by `Anchor::needs`.
    pub needs: Vec<u32>,
    /// For each token, the ids of the `firsts` sets that hold it: the ids of token `t`
    /// are `firsts_of[firsts_at[t]..firsts_at[t + 1]]`.
    pub firsts_at: Vec<u32>,
    /// See `firsts_at`.
    pub firsts_of: Vec<u32>,
    /// Verb forms of every token that is a verb form in some pattern.
    pub verb_forms: FxHashMap<Tok, Form>,
    /// Country codes with `GOV` appended, per country (for capitals).
    pub gov: ActorCode,
    /// The civilians role (`CVL`): a people that protests.
    pub cvl: ActorCode,
    /// Entry labels.
    pub labels: Labels,
    /// Grammar flags ([`gw`]) by token id (`dictionaries/grammar.txt`).
    pub word_flags: Vec<u32>,
    /// Cue flags ([`cue`]) by token id.
    pub word_cues: Vec<u64>,
    /// Stems of verbs of refusing (class `REFUSAL`).
    pub refusal_stems: Vec<Box<str>>,
    /// Ids of the words `word` is asked for most, in the order of `COMMON`.
    pub common: [Tok; COMMON.len()],
    /// The acts that verbs heading a complement name (`act` lines), by the verb's first
    /// word: the words after it (a phrasal verb's particle) and the code.
    pub acts: FxHashMap<Tok, Vec<ActEntry>>,
}

/// An `act` line's phrase after its first word, and the act's code.
pub type ActEntry = (Box<[Tok]>, EventCode);

/// The words the engine names most often (`Lexicon::word`), looked up once.
const COMMON: [&str; 12] = [",", "'s", "-", "of", "to", "by", "the", "that", "its", "for", "(", ")"];

/// Tokens the engine names one by one ("of" after a word of quantity, the possessive,
/// punctuation): always in the vocabulary, so that comparing with them never matches an
/// unknown word.
const STRUCTURAL: &[&str] =
    &[",", "(", ")", "\"", "'", "-", "'s", "to", "of", "for", "by", "that", "its", "the", "it"];

/// A word of up to 16 bytes as a number and its length.
#[inline]
fn short_key(w: &str) -> Option<(u128, u8)> {
    let b = w.as_bytes();
    if b.len() > 16 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    Some((u128::from_le_bytes(buf), b.len() as u8))
}

/// The plural of the last word of an agent name.
fn pluralize(name: &str) -> Option<String> {
    let (head, last) = match name.rsplit_once(' ') {
        Some((h, l)) => (format!("{h} "), l),
        None => (String::new(), name),
    };
    let lower = last.to_lowercase();
    if !lower.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let b = lower.as_bytes();
    let plural =
        if lower.ends_with('s') || lower.ends_with('x') || lower.ends_with("ch") || lower.ends_with("sh") {
            if lower.ends_with("ss") || lower.ends_with('x') || lower.ends_with("ch") || lower.ends_with("sh")
            {
                format!("{last}es")
            } else {
                return None;
            }
        } else if lower.ends_with('y')
            && b.len() > 1
            && !matches!(b[b.len() - 2], b'a' | b'e' | b'i' | b'o' | b'u')
        {
            format!("{}ies", &last[..last.len() - 1])
        } else if lower.ends_with("man") {
            format!("{}men", &last[..last.len() - 3])
        } else {
            format!("{last}s")
        };
    Some(format!("{head}{plural}"))
}

struct Interner<'a> {
    vocab: &'a mut FxHashMap<Box<str>, Tok>,
    tokenizer: Tokenizer,
    /// Phrases already tokenized (the same words recur in many patterns).
    phrases: FxHashMap<String, Vec<Tok>>,
}

impl Interner<'_> {
    fn id(&mut self, word: &str) -> Tok {
        let n = self.vocab.len() as Tok;
        *self.vocab.entry(word.into()).or_insert(n)
    }

    /// Tokenizes a phrase and interns its tokens.
    fn phrase(&mut self, phrase: &str) -> Vec<Tok> {
        if phrase == "'s" || phrase == "’s" {
            return vec![self.id("'s")];
        }
        if let Some(t) = self.phrases.get(phrase) {
            return t.clone();
        }
        self.tokenizer.tokenize(phrase);
        let words: Vec<String> =
            (0..self.tokenizer.tokens().len()).map(|i| self.tokenizer.norm(i).to_string()).collect();
        let toks: Vec<Tok> = words.iter().map(|w| self.id(w)).collect();
        self.phrases.insert(phrase.to_string(), toks.clone());
        toks
    }
}

impl Lexicon {
    /// Compiles a dictionary.
    pub fn compile(dict: Dictionary) -> Lexicon {
        let mut vocab = FxHashMap::default();
        let mut actors = Trie::new();
        let mut discards = Trie::new();
        let mut places = Trie::new();
        let mut together = Vec::new();
        let mut labels = Labels::default();
        let mut grammar: FxHashMap<Tok, (u32, u64)> = FxHashMap::default();
        let mut refusal_stems: Vec<Box<str>> = Vec::new();
        let mut it =
            Interner { vocab: &mut vocab, tokenizer: Tokenizer::new(), phrases: FxHashMap::default() };
        for g in dict.grammar_or_embedded() {
            let (flags, cues) = class_bits(g.class);
            for w in &g.words {
                if g.class == WordClass::Refusal {
                    refusal_stems.push(w.as_str().into());
                    continue;
                }
                let e = grammar.entry(it.id(w)).or_insert((0, 0));
                e.0 |= flags;
                e.1 |= cues;
            }
        }
        for p in STRUCTURAL {
            it.id(p);
        }
        for (i, c) in dict.countries.iter().enumerate() {
            let i = i as u32;
            labels.countries.push(format!("{}: {} {}", c.origin, c.code, c.label));
            for n in &c.names {
                let t = it.phrase(n);
                actors.insert(&t, Value::CountryName(i));
            }
            for n in &c.adjectives {
                let t = it.phrase(n);
                actors.insert(&t, Value::CountryAdj(i));
            }
            for n in &c.demonyms {
                let t = it.phrase(n);
                actors.insert(&t, Value::Demonym(i));
            }
            for n in &c.capitals {
                let t = it.phrase(n);
                actors.insert(&t, Value::Capital(i));
            }
            for n in &c.places {
                let t = it.phrase(n);
                places.insert(&t, i);
            }
        }
        for (i, p) in dict.people.iter().enumerate() {
            let default = p.codes.iter().find(|c| !c.ranged).map(|c| c.code.to_string()).unwrap_or_default();
            labels.people.push(format!("{}: {} {}", p.origin, default, p.label));
            for n in &p.names {
                let t = it.phrase(n);
                actors.insert(&t, Value::Person(i as u32));
            }
        }
        for (i, o) in dict.orgs.iter().enumerate() {
            labels.orgs.push(format!("{}: {} {}", o.origin, o.code, o.label));
            for n in &o.names {
                let t = it.phrase(n);
                actors.insert(&t, Value::Org(i as u32));
            }
            for n in &o.adjectives {
                let t = it.phrase(n);
                actors.insert(&t, Value::OrgAdj(i as u32));
            }
        }
        for (i, a) in dict.agents.iter().enumerate() {
            labels.agents.push(format!("{}: {} {}", a.origin, a.code, a.label));
            for n in &a.names {
                let t = it.phrase(n);
                actors.insert(&t, Value::Agent(i as u32));
                if let Some(pl) = pluralize(n) {
                    let t = it.phrase(&pl);
                    actors.insert(&t, Value::Agent(i as u32));
                }
            }
        }
        for (i, d) in dict.discards.iter().enumerate() {
            for p in &d.phrases {
                let t = it.phrase(p);
                discards.insert(&t, DiscardValue::Phrase(i as u32));
            }
            for parts in &d.together {
                let line = together.len() as u32;
                let mut score_parts = Vec::new();
                for (k, part) in parts.iter().enumerate() {
                    if part == "<score>" {
                        score_parts.push(k as u32);
                    } else {
                        let t = it.phrase(part);
                        discards.insert(&t, DiscardValue::Part { line, part: k as u32 });
                    }
                }
                together.push(Together { parts: parts.len() as u32, score_parts });
            }
        }
        // Verb patterns.
        let irregular: FxHashMap<&str, &quidpro_dict::Irregular> =
            dict.irregular.iter().map(|v| (v.base.as_str(), v)).collect();
        let nominals: FxHashMap<&str, &Vec<String>> =
            dict.nominals.iter().map(|n| (n.verb.as_str(), &n.nouns)).collect();
        let mut verb_forms: FxHashMap<Tok, Form> = FxHashMap::default();
        let mut patterns = Vec::new();
        let mut anchors: FxHashMap<Tok, Vec<Anchor>> = FxHashMap::default();
        let mut firsts_ids: FxHashMap<Vec<Tok>, u32> = FxHashMap::default();
        let mut firsts_sets: Vec<Vec<Tok>> = Vec::new();
        let mut needs: Vec<u32> = Vec::new();
        for (pi, p) in dict.patterns.iter().enumerate() {
            let mut elements = Vec::new();
            for e in &p.elements {
                match e {
                    Element::Slot(s) => elements.push(CElement::Slot(*s)),
                    Element::Words(alts) => {
                        let mut calts = Vec::new();
                        for alt in alts {
                            let mut steps = Vec::new();
                            for item in &alt.items {
                                match item {
                                    Item::Word(w) => {
                                        for t in it.phrase(w) {
                                            steps.push(Step { toks: vec![t] });
                                        }
                                    }
                                    Item::Verb(v) => {
                                        let mut toks = Vec::new();
                                        let nouns = nominals.get(v.as_str()).copied().into_iter().flatten();
                                        for (form, kind) in
                                            inflect::forms(v, irregular.get(v.as_str()).copied())
                                                .into_iter()
                                                .chain(nouns.map(|n| (n.clone(), Form::Noun)))
                                        {
                                            let t = it.id(&form);
                                            toks.push(t);
                                            let slot = verb_forms.entry(t).or_insert(kind);
                                            if kind.is_participle() && !slot.is_participle() {
                                                *slot = kind;
                                            }
                                        }
                                        toks.sort_unstable();
                                        toks.dedup();
                                        steps.push(Step { toks });
                                    }
                                }
                            }
                            if !steps.is_empty() {
                                calts.push(steps);
                            }
                        }
                        let mut firsts: Vec<Tok> =
                            calts.iter().flat_map(|a| a[0].toks.iter().copied()).collect();
                        firsts.sort_unstable();
                        firsts.dedup();
                        elements.push(CElement::Words(Words { alts: calts, firsts }));
                    }
                }
            }
            let Some(anchor) = elements.iter().position(|e| matches!(e, CElement::Words(_))) else {
                continue;
            };
            let weight = elements
                .iter()
                .map(|e| match e {
                    CElement::Words(w) => w.alts.iter().map(|a| a.len()).min().unwrap_or(0) as u32,
                    CElement::Slot(_) => 0,
                })
                .sum();
            let idx = patterns.len() as u32;
            let need_start = needs.len() as u32;
            // A closing "PREP +" may be left out where the clause ends (`extend`): not
            // needed.
            let n = elements.len();
            let is_prep = |t: &Tok| grammar.get(t).is_some_and(|(f, _)| f & gw::PREP != 0);
            let elide_at = (crate::engine::ELIDING_ROOTS.contains(&p.code.root())
                && n >= 2
                && n - 2 > anchor + 1
                && matches!(elements[n - 1], CElement::Slot(Slot::Target)))
            .then_some(n - 2)
            .filter(|&k| match &elements[k] {
                CElement::Words(w) => w.alts.iter().all(|a| a.len() == 1 && a[0].toks.iter().all(is_prep)),
                CElement::Slot(_) => false,
            });
            let mut elide = u32::MAX;
            for (k, e) in elements.iter().enumerate().skip(anchor + 1) {
                if let CElement::Words(w) = e {
                    let next = firsts_sets.len() as u32;
                    let id = *firsts_ids.entry(w.firsts.clone()).or_insert(next);
                    if id == next {
                        firsts_sets.push(w.firsts.clone());
                    }
                    if elide_at == Some(k) {
                        elide = id;
                    }
                    if !needs[need_start as usize..].contains(&id) {
                        needs.push(id);
                    }
                }
            }
            let need_range = (need_start, needs.len() as u32);
            let next = match elements.get(anchor + 1) {
                Some(CElement::Words(w)) => firsts_ids[&w.firsts],
                _ => u32::MAX,
            };
            if let CElement::Words(w) = &elements[anchor] {
                for (ai, alt) in w.alts.iter().enumerate() {
                    let mut seen = FxHashSet::default();
                    for &t in &alt[0].toks {
                        if seen.insert(t) {
                            anchors.entry(t).or_default().push(Anchor {
                                pattern: idx,
                                alt: ai as u32,
                                len: alt.len() as u32,
                                needs: need_range,
                                next,
                                elide,
                                run_end: 0,
                            });
                        }
                    }
                }
            }
            let rule = format!("{}: {}", p.origin, p.text);
            patterns.push(CPattern { source: pi as u32, elements, anchor, weight, rule, elide: elide_at });
        }
        // Acts of complements, by their first word's base form.
        let mut acts: FxHashMap<Tok, Vec<ActEntry>> = FxHashMap::default();
        for a in &dict.acts {
            for v in &a.verbs {
                let toks: Vec<Tok> = v.iter().map(|w| it.id(w)).collect();
                acts.entry(toks[0]).or_default().push((toks[1..].into(), a.code));
            }
        }
        // The longest phrase first: "give up" before "give".
        for v in acts.values_mut() {
            v.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
        }
        drop(it);
        let mut word_flags = vec![0; vocab.len()];
        let mut word_cues = vec![0; vocab.len()];
        for (t, (f, c)) in grammar {
            word_flags[t as usize] = f;
            word_cues[t as usize] = c;
        }
        actors.finish(vocab.len());
        discards.finish(vocab.len());
        for list in anchors.values_mut() {
            list.sort_by_key(|a| (a.next, a.len));
            let mut end = list.len();
            for k in (0..list.len()).rev() {
                if k + 1 < list.len() && (list[k + 1].next, list[k + 1].len) != (list[k].next, list[k].len) {
                    end = k + 1;
                }
                list[k].run_end = end as u32;
            }
        }
        let mut firsts_at = vec![0u32; vocab.len() + 1];
        for set in &firsts_sets {
            for &t in set {
                firsts_at[t as usize + 1] += 1;
            }
        }
        for t in 0..vocab.len() {
            firsts_at[t + 1] += firsts_at[t];
        }
        let mut firsts_of = vec![0u32; firsts_at[vocab.len()] as usize];
        let mut fill = firsts_at.clone();
        for (id, set) in firsts_sets.iter().enumerate() {
            for &t in set {
                firsts_of[fill[t as usize] as usize] = id as u32;
                fill[t as usize] += 1;
            }
        }
        let common = COMMON.map(|w| vocab.get(w).copied().unwrap_or(NONE));
        let short_vocab = vocab.iter().filter_map(|(w, &t)| Some((short_key(w)?, t))).collect();
        Lexicon {
            common,
            short_vocab,
            dict,
            vocab,
            actors,
            places,
            discards,
            together,
            patterns,
            anchors,
            firsts: firsts_sets,
            needs,
            firsts_at,
            firsts_of,
            verb_forms,
            gov: ActorCode::parse("GOV").expect("GOV"),
            cvl: ActorCode::parse("CVL").expect("CVL"),
            labels,
            word_flags,
            word_cues,
            refusal_stems,
            acts,
        }
    }

    /// The id of a normalized token.
    pub fn tok(&self, norm: &str) -> Tok {
        match short_key(norm) {
            Some(k) => self.short_vocab.get(&k).copied().unwrap_or(NONE),
            None => self.vocab.get(norm).copied().unwrap_or(NONE),
        }
    }

    /// The id of a grammar word; it is always in the vocabulary. (Inlined, the common
    /// words cost no look-up.)
    #[inline]
    pub fn word(&self, w: &str) -> Tok {
        match w {
            "," => self.common[0],
            "'s" => self.common[1],
            "-" => self.common[2],
            "of" => self.common[3],
            "to" => self.common[4],
            "by" => self.common[5],
            "the" => self.common[6],
            "that" => self.common[7],
            "its" => self.common[8],
            "for" => self.common[9],
            "(" => self.common[10],
            ")" => self.common[11],
            _ => self.tok(w),
        }
    }

    /// Grammar flags ([`gw`]) of a token.
    #[inline]
    pub fn flags(&self, t: Tok) -> u32 {
        self.word_flags.get(t as usize).copied().unwrap_or(0)
    }

    /// Cue flags ([`cue`]) of a token.
    #[inline]
    pub fn cues(&self, t: Tok) -> u64 {
        self.word_cues.get(t as usize).copied().unwrap_or(0)
    }

    /// Whether a token is an adverb that may stand between a subject and its verb: an
    /// `ADVERB` word, or a word in "-ly" of five letters or more ("now", "strongly").
    pub fn is_adverb(&self, t: Tok, norm: &str) -> bool {
        self.cues(t) & cue::ADVERB != 0 || norm.len() > 4 && norm.ends_with("ly")
    }

    /// Whether a word is a form of a verb of refusing: it starts with a `REFUSAL` stem
    /// and has at most four letters more ("refused", "declining", "abstains").
    pub fn is_refusal(&self, w: &str) -> bool {
        self.refusal_stems.iter().any(|p| w.starts_with(&**p) && w.len() <= p.len() + 4)
    }

    /// Values of a phrase, best first.
    pub fn ranked(values: &[Value]) -> Vec<Value> {
        let mut v = values.to_vec();
        v.sort_by_key(|v| v.rank());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_plurals() {
        assert_eq!(pluralize("minister").as_deref(), Some("ministers"));
        assert_eq!(pluralize("foreign minister").as_deref(), Some("foreign ministers"));
        assert_eq!(pluralize("army").as_deref(), Some("armies"));
        assert_eq!(pluralize("policeman").as_deref(), Some("policemen"));
        assert_eq!(pluralize("forces"), None);
        assert_eq!(pluralize("embassy").as_deref(), Some("embassies"));
        assert_eq!(pluralize("attorney").as_deref(), Some("attorneys"));
    }
}
