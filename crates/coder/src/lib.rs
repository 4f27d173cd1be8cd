/*!
The quidpro coder: English news sentences to CAMEO events.

No parser, no model: the coder matches dictionary phrases over tokens, assembles actor
phrases ("Azerbaijan's special forces", "Russian President Vladimir Putin"), matches
verb patterns with source and target slots, and resolves the slots with shallow rules for
compound actors, possessives, appositions, relative clauses, passive voice, negation,
reported speech and nominal events. Every event records the pattern and the dictionary
entries that fired, and the byte span of its words in the story.

# Brief overview

* [`CoderBuilder`] compiles a [`quidpro_dict::Dictionary`] into an immutable [`Coder`]
  (`Send + Sync`).
* [`Coder::code_story`] codes a [`quidpro_text::Story`] and pushes each [`CodedEvent`]
  into an [`EventSink`]; a closure `FnMut(CodedEvent) -> bool` is a sink.

```
use quidpro_coder::CoderBuilder;
use quidpro_dict::Dictionary;
use quidpro_text::Story;

let files = [
    ("actors/c.txt", "country TUR Turkey\n  names: Turkey\n  adjectives: Turkish\ncountry AZE Azerbaijan\n  names: Azerbaijan\n  capitals: Baku\n"),
    ("agents.txt", "agent MIL Military\n  names: troops\n"),
    ("verbs/v.txt", "code 042\n  $ {visit} +\n"),
];
let (dict, errors) = Dictionary::parse_files(files.iter().map(|(p, t)| (p.to_string(), t.to_string())));
assert!(errors.is_empty());
let coder = CoderBuilder::new().build(dict);
let story = Story {
    id: "s1".into(),
    date: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
    text: "Turkish troops visited Baku on Monday.".into(),
    source: Some("Anadolu".into()),
    url: None,
};
let mut events = Vec::new();
coder.code_story(&story, &mut |e: quidpro_coder::CodedEvent| { events.push(e.event); true });
assert_eq!(events.len(), 1);
assert_eq!((events[0].source.as_str(), events[0].target.as_str(), events[0].code.as_str()), ("TURMIL", "AZEGOV", "042"));
assert_eq!(events[0].date.to_string(), "2024-02-26");
```
*/
#![deny(missing_docs)]

mod actors;
pub mod dates;
mod engine;
mod frame;
pub mod inflect;
mod lexicon;

use quidpro_dict::Dictionary;
use quidpro_event::{Event, Span};
use quidpro_text::Story;

/// The coder's version (this crate's): stored with every coded event, with the
/// dictionaries' hash ([`Coder::dictionary_hash`]).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Options of a coder.
#[derive(Clone, Debug)]
pub struct Options {
    /// Emit negated and denied events too (with their modality); off by default.
    pub include_negated: bool,
    /// Sentences longer than this many tokens are skipped (runaway text).
    pub max_tokens: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options { include_negated: false, max_tokens: 400 }
    }
}

/// Builds a [`Coder`].
#[derive(Clone, Debug, Default)]
pub struct CoderBuilder {
    options: Options,
}

impl CoderBuilder {
    /// A builder with default options.
    pub fn new() -> CoderBuilder {
        CoderBuilder::default()
    }

    /// Emit negated and denied events too.
    pub fn include_negated(&mut self, yes: bool) -> &mut CoderBuilder {
        self.options.include_negated = yes;
        self
    }

    /// Skip sentences longer than `n` tokens.
    pub fn max_tokens(&mut self, n: usize) -> &mut CoderBuilder {
        self.options.max_tokens = n;
        self
    }

    /// Compiles the dictionary into a coder.
    pub fn build(&self, dict: Dictionary) -> Coder {
        Coder { lex: lexicon::Lexicon::compile(dict), options: self.options.clone() }
    }
}

/// An immutable coder. Share it between threads freely.
#[derive(Debug)]
pub struct Coder {
    lex: lexicon::Lexicon,
    options: Options,
}

/// Why an event was coded: the words and entries behind it (for `--explain`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// The source actor's words.
    pub source_span: Span,
    /// The target actor's words.
    pub target_span: Span,
    /// The pattern's words.
    pub words: Vec<Span>,
    /// Entries of the source actor.
    pub source_entries: Vec<String>,
    /// Entries of the target actor.
    pub target_entries: Vec<String>,
}

/// An event with its explanation.
#[derive(Clone, Debug)]
pub struct CodedEvent {
    /// The event.
    pub event: Event,
    /// Why it was coded.
    pub explanation: Explanation,
}

/// An actor named in a story.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// Sentence index.
    pub sentence: usize,
    /// The phrase's bytes in the story text.
    pub span: Span,
    /// Its actor code on the story's date.
    pub code: quidpro_event::ActorCode,
    /// The dictionary entries behind it (`file:line: CODE name`).
    pub entries: Vec<String>,
}

/// Receives coded events. Return `false` to stop coding.
pub trait EventSink {
    /// Takes one event.
    fn event(&mut self, event: CodedEvent) -> bool;
}

impl<F: FnMut(CodedEvent) -> bool> EventSink for F {
    fn event(&mut self, event: CodedEvent) -> bool {
        self(event)
    }
}

impl Coder {
    /// Codes a story, pushing its events into `sink` in story order. Returns `false`
    /// when the sink asked to stop.
    pub fn code_story(&self, story: &Story, sink: &mut dyn EventSink) -> bool {
        engine::code_story(&self.lex, &self.options, story, sink)
    }

    /// Codes a story into a vector.
    pub fn code_to_vec(&self, story: &Story) -> Vec<CodedEvent> {
        let mut v = Vec::new();
        self.code_story(story, &mut |e: CodedEvent| {
            v.push(e);
            true
        });
        v
    }

    /// The actors a story names (resolved phrases only: no bare roles, no pronouns), in
    /// story order, whether or not they take part in an event.
    pub fn mentions(&self, story: &Story) -> Vec<Mention> {
        engine::mentions(&self.lex, &self.options, story)
    }

    /// The dictionary the coder was built from.
    pub fn dictionary(&self) -> &Dictionary {
        &self.lex.dict
    }

    /// A stable hash of the dictionaries the coder was built from
    /// ([`Dictionary::hash`]): stored with every coded event, with [`VERSION`].
    pub fn dictionary_hash(&self) -> String {
        self.lex.dict.hash()
    }

    /// Number of compiled verb patterns.
    pub fn pattern_count(&self) -> usize {
        self.lex.patterns.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn coder_is_send_and_sync() {
        assert_send_sync::<Coder>();
    }
}
