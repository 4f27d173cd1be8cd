//! Coded events and their provenance.
//!
//! # The JSON form of an event (stable)
//!
//! [`Event`] serializes (serde) to one flat object; `quidpro code` writes one per line.
//! Fields, in order:
//!
//! | field | type | meaning |
//! |---|---|---|
//! | `id` | string | stable id: 16 hex digits of a hash of story id, sentence, span, source, target and code |
//! | `story_id` | string | the story's `id` |
//! | `sentence` | integer | 0-based index of the sentence in the story |
//! | `date` | string | `YYYY-MM-DD`, when the event happened (the story date unless the sentence says otherwise) |
//! | `date_precision` | string | `day`, `week`, `month` or `year` |
//! | `source` | string | source actor code (`TURGOV`); `""` when unnamed (victims of an unnamed attacker) |
//! | `target` | string | target actor code (`AZEMIL`); `""` for an event with no target (a protest, a mobilisation, a statement to no one) |
//! | `code` | string | CAMEO 1.1b3 code, a string (`"042"`) |
//! | `root` | string | its first two digits |
//! | `quad_class` | integer | 1–4, GDELT convention |
//! | `goldstein` | number | Goldstein value, GDELT table |
//! | `span` | `[start, end]` | byte offsets of the event's words in the story text |
//! | `attribution` | string | who asserts the event: the story's source, or the speaker of reported speech |
//! | `modality` | string | `asserted`, `reported`, `hypothetical`, `planned`, `negated`, `refused`, `denied` or `questioned` |
//! | `content` | object or null | what a demand, appeal, promise, offer, threat or ultimatum asks for or offers: `{"source", "target", "code", "root", "modality", "span", "text"}` of the event demanded (`"Ankara demanded that Baku join the operation against the SDF"`: `AZEGOV` → `SYRREB`, `19`); null for other events |
//! | `rule` | string | the pattern that fired, as `file:line: pattern` |
//! | `entries` | array of strings | the dictionary entries that fired, as `file:line: code label` |
//! | `text` | string | the words of the event in the story (the span's text) |

use chrono::NaiveDate;
use serde::ser::{SerializeStruct, Serializer};

use crate::{ActorCode, EventCode};

/// A byte range `[start, end)` into an original text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span that covers both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The text of this span in `text`, or `""` when it does not fit.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Its length in bytes.
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether it is empty.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

/// How an event is stated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Modality {
    /// Stated as fact by the story.
    #[default]
    Asserted,
    /// Stated by someone the story reports ("Moscow said Ukrainian drones struck ...").
    Reported,
    /// Possible, not stated as fact ("may attack", "could").
    Hypothetical,
    /// Intended or prepared ("is preparing to", "plans to", "will").
    Planned,
    /// Negated ("did not attack").
    Negated,
    /// Denied by someone ("denied shelling").
    Denied,
    /// Refused or abstained from ("refused to send troops", "abstained from the vote").
    Refused,
    /// Asked as a question ("Will Baku send troops?").
    Questioned,
}

impl Modality {
    /// The lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Reported => "reported",
            Modality::Hypothetical => "hypothetical",
            Modality::Planned => "planned",
            Modality::Negated => "negated",
            Modality::Denied => "denied",
            Modality::Refused => "refused",
            Modality::Questioned => "questioned",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(s: &str) -> Option<Modality> {
        Some(match s {
            "asserted" => Modality::Asserted,
            "reported" => Modality::Reported,
            "hypothetical" => Modality::Hypothetical,
            "planned" => Modality::Planned,
            "negated" => Modality::Negated,
            "denied" => Modality::Denied,
            "refused" => Modality::Refused,
            "questioned" => Modality::Questioned,
            _ => return None,
        })
    }

    /// Whether the event is stated as not having happened (negated, denied, refused).
    pub fn is_negative(self) -> bool {
        matches!(self, Modality::Negated | Modality::Denied | Modality::Refused)
    }

    /// Whether the event is stated as having happened: asserted or reported. Only these
    /// count in series, ledgers and alerts by default.
    pub fn is_factual(self) -> bool {
        matches!(self, Modality::Asserted | Modality::Reported)
    }

    /// Every modality, in output order.
    pub const ALL: [Modality; 8] = [
        Modality::Asserted,
        Modality::Reported,
        Modality::Hypothetical,
        Modality::Planned,
        Modality::Negated,
        Modality::Refused,
        Modality::Denied,
        Modality::Questioned,
    ];
}

/// How precisely an event's date is known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DatePrecision {
    /// The day is known.
    #[default]
    Day,
    /// Known to the week ("last week").
    Week,
    /// Known to the month ("in July 2024"); the date is the month's first day.
    Month,
    /// Known to the year; the date is the first of January.
    Year,
}

impl DatePrecision {
    /// The lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }
}

/// Who asserts an event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attribution {
    /// The asserter as text: the story's source (outlet), or the speaker.
    pub asserter: String,
    /// The asserter's actor code, when the asserter is a coded actor.
    pub actor: Option<ActorCode>,
}

impl Attribution {
    /// The string written in output: the actor code when there is one, else the text.
    pub fn label(&self) -> &str {
        match &self.actor {
            Some(a) => a.as_str(),
            None => &self.asserter,
        }
    }
}

/// Where an event comes from: which story, sentence and words, and which dictionary
/// entries and pattern fired.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The story's id.
    pub story_id: String,
    /// 0-based index of the sentence in the story.
    pub sentence: usize,
    /// The event's words: from its first to its last matched word, bytes into the story text.
    pub span: Span,
    /// The pattern that fired, as `file:line: pattern`.
    pub rule: String,
    /// The dictionary entries that fired, as `file:line: code label`.
    pub entries: Vec<String>,
}

/// What a demand, appeal, promise, offer, threat or ultimatum asks for or offers: the
/// event demanded, with its own actors, code and modality.
#[derive(Clone, Debug, PartialEq)]
pub struct Content {
    /// Who is to act (`ActorCode::none` when unnamed).
    pub source: ActorCode,
    /// Whom the act is to be done to (`ActorCode::none` when nobody).
    pub target: ActorCode,
    /// What is to be done.
    pub code: EventCode,
    /// How the demanded act is stated (usually `planned` or `hypothetical`).
    pub modality: Modality,
    /// The content's words in the story text.
    pub span: Span,
    /// The text of `span`.
    pub text: String,
}

impl serde::Serialize for Content {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Content", 7)?;
        st.serialize_field("source", &self.source)?;
        st.serialize_field("target", &self.target)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("root", self.code.root())?;
        st.serialize_field("modality", self.modality.as_str())?;
        st.serialize_field("span", &[self.span.start, self.span.end])?;
        st.serialize_field("text", &self.text)?;
        st.end()
    }
}

/// One coded event: who did what to whom, when, according to whom.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// When it happened.
    pub date: NaiveDate,
    /// How precisely `date` is known.
    pub date_precision: DatePrecision,
    /// Who acted.
    pub source: ActorCode,
    /// Who was acted upon.
    pub target: ActorCode,
    /// What was done.
    pub code: EventCode,
    /// Who asserts it.
    pub attribution: Attribution,
    /// How it is stated.
    pub modality: Modality,
    /// What it demands, promises or threatens (demands, appeals, intents, threats).
    pub content: Option<Box<Content>>,
    /// Where it comes from.
    pub provenance: Provenance,
    /// The text of `provenance.span`.
    pub text: String,
}

impl Event {
    /// The event's Goldstein value (GDELT table).
    pub fn goldstein(&self) -> f64 {
        self.code.goldstein()
    }

    /// The event's quad class (GDELT convention).
    pub fn quad_class(&self) -> crate::QuadClass {
        self.code.quad_class()
    }

    /// The stable id: 16 hex digits of an FNV-1a hash of story id, sentence index,
    /// span, source, target and code. The same event coded twice gets the same id.
    pub fn id(&self) -> String {
        let p = &self.provenance;
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for &b in bytes {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            h ^= 0xff;
            h = h.wrapping_mul(0x0100_0000_01b3);
        };
        eat(p.story_id.as_bytes());
        eat(&(p.sentence as u64).to_le_bytes());
        eat(&(p.span.start as u64).to_le_bytes());
        eat(&(p.span.end as u64).to_le_bytes());
        eat(self.source.as_str().as_bytes());
        eat(self.target.as_str().as_bytes());
        eat(self.code.as_str().as_bytes());
        format!("{h:016x}")
    }
}

impl serde::Serialize for Event {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Event", 18)?;
        st.serialize_field("id", &self.id())?;
        st.serialize_field("story_id", &self.provenance.story_id)?;
        st.serialize_field("sentence", &self.provenance.sentence)?;
        st.serialize_field("date", &self.date.format("%Y-%m-%d").to_string())?;
        st.serialize_field("date_precision", self.date_precision.as_str())?;
        st.serialize_field("source", &self.source)?;
        st.serialize_field("target", &self.target)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("root", self.code.root())?;
        st.serialize_field("quad_class", &self.quad_class().number())?;
        st.serialize_field("goldstein", &self.goldstein())?;
        st.serialize_field("span", &[self.provenance.span.start, self.provenance.span.end])?;
        st.serialize_field("attribution", self.attribution.label())?;
        st.serialize_field("modality", self.modality.as_str())?;
        st.serialize_field("content", &self.content)?;
        st.serialize_field("rule", &self.provenance.rule)?;
        st.serialize_field("entries", &self.provenance.entries)?;
        st.serialize_field("text", &self.text)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Event {
        Event {
            date: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            date_precision: DatePrecision::Day,
            source: ActorCode::parse("TURGOV").unwrap(),
            target: ActorCode::parse("AZE").unwrap(),
            code: EventCode::parse("042").unwrap(),
            attribution: Attribution { asserter: "Reuters".into(), actor: None },
            modality: Modality::Asserted,
            content: None,
            provenance: Provenance {
                story_id: "s1".into(),
                sentence: 2,
                span: Span::new(10, 30),
                rule: "verbs/04-consult.txt:3: $ {visit} +".into(),
                entries: vec![],
            },
            text: "Erdogan visited Baku".into(),
        }
    }

    #[test]
    fn json_has_the_documented_fields_in_order() {
        let line = serde_json::to_string(&sample()).unwrap();
        let order = [
            "id",
            "story_id",
            "sentence",
            "date",
            "date_precision",
            "source",
            "target",
            "code",
            "root",
            "quad_class",
            "goldstein",
            "span",
            "attribution",
            "modality",
            "content",
            "rule",
            "entries",
            "text",
        ];
        let pos: Vec<usize> = order.iter().map(|k| line.find(&format!("\"{k}\":")).expect(k)).collect();
        assert!(pos.windows(2).all(|w| w[0] < w[1]), "{line}");
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["code"], "042");
        assert_eq!(v["root"], "04");
        assert_eq!(v["quad_class"], 1);
        assert_eq!(v["goldstein"], 1.9);
        assert_eq!(v["span"], serde_json::json!([10, 30]));
        assert_eq!(v["attribution"], "Reuters");
    }

    #[test]
    fn id_is_stable_and_discriminates() {
        let a = sample();
        let mut b = sample();
        assert_eq!(a.id(), b.id());
        assert_eq!(a.id().len(), 16);
        b.code = EventCode::parse("043").unwrap();
        assert_ne!(a.id(), b.id());
    }
}
