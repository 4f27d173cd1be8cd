//! Coded events and their provenance.
//!
//! # The JSON form of an event (stable)
//!
//! [`Event`] serializes (serde) to one flat object; `quidpro code` writes one per line.
//! Its fields are the columns of the event schema ([`crate::schema::COLUMNS`]) that a coded
//! event knows (those marked `coded`: `id`, `dataset` (`quidpro`), `dataset_id` (the
//! event's own [`Event::id`]), `date`, `date_precision`, `date_source`, `source`, `target`,
//! `code`, `root`, `quad_class`, `goldstein`, `plover`, `modality`, `attribution`,
//! `content`, `story_id`, `sentence`, `span_start`, `span_end`, `text`, `rule`, `entries`),
//! in the schema's order, with the coder's extensions ([`crate::schema::CODE_EXTENSIONS`]):
//! `date_text` after `date_source` and `span` after `span_end`. Their meanings are the
//! schema's (`docs/schema.md`); in short:
//!
//! | field | meaning |
//! |---|---|
//! | `date` | `YYYY-MM-DD`, the first day of the period: a week's Monday, a season's first day — spring 1 March, summer 1 June, autumn 1 September, winter 1 December |
//! | `date_text` | the date as written in the sentence (`"In the autumn of 2020"`, `"two days later"`); null when `date_source` is not `text` |
//! | `attribution` | who asserts the event: the story's source, or the speaker of reported speech (the innermost one when one source reports another: "TASS reported that the Kremlin said" gives the Kremlin's code; [`Attribution::asserter`] keeps the chain as text, "TASS > the Kremlin") |
//! | `content` | what a demand, appeal, promise, offer, threat or ultimatum asks for or offers: `{"source", "target", "code", "root", "modality", "span", "text"}` of the event demanded (`"Ankara demanded that Baku join the operation against the SDF"`: `AZEGOV` → `SYRREB`, `19`); null for other events |
//! | `span` | `[span_start, span_end]`, byte offsets of the event's words in the story text |

use chrono::{Datelike, NaiveDate};
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

/// How precisely an event's date is known, from finest to coarsest (`Day < Year`).
///
/// The date that goes with a precision is always the first day of its period: the
/// Monday of a week, the first of a month, of a quarter (January, April, July, October),
/// of a season (spring 1 March, summer 1 June, autumn 1 September, winter 1 December:
/// the winter of 2022 runs from December 2022 to February 2023) or of a year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DatePrecision {
    /// The day is known.
    #[default]
    Day,
    /// Known to the week ("last week"); the date is the week's Monday.
    Week,
    /// Known to the month ("in July 2024"); the date is the month's first day.
    Month,
    /// Known to the quarter ("in the first quarter of 2024"); the date is its first day.
    Quarter,
    /// Known to the season ("in the spring of 2021"); the date is its first day.
    Season,
    /// Known to the year; the date is the first of January.
    Year,
}

const SEASONS: [&str; 4] = ["winter", "spring", "summer", "autumn"];

impl DatePrecision {
    /// The lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Quarter => "quarter",
            DatePrecision::Season => "season",
            DatePrecision::Year => "year",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(s: &str) -> Option<DatePrecision> {
        Some(match s {
            "day" => DatePrecision::Day,
            "week" => DatePrecision::Week,
            "month" => DatePrecision::Month,
            "quarter" => DatePrecision::Quarter,
            "season" => DatePrecision::Season,
            "year" => DatePrecision::Year,
            _ => return None,
        })
    }

    /// The first day of the period of this precision that contains `date` (a week starts
    /// on Monday; January and February belong to the winter that began the December
    /// before).
    pub fn start(self, date: NaiveDate) -> NaiveDate {
        let (y, m) = (date.year(), date.month());
        let first = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(date);
        match self {
            DatePrecision::Day => date,
            DatePrecision::Week => {
                date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday()))
            }
            DatePrecision::Month => first(y, m),
            DatePrecision::Quarter => first(y, (m - 1) / 3 * 3 + 1),
            DatePrecision::Season => match m {
                1 | 2 => first(y - 1, 12),
                12 => first(y, 12),
                _ => first(y, m / 3 * 3),
            },
            DatePrecision::Year => first(y, 1),
        }
    }

    /// The date token of the annotation guide (`testdata/coding/README.md`) for the
    /// period of this precision that contains `date`: `2024-05-14` (a day; a week as its
    /// Monday), `2023-03` (a month), `2023-Q1` (a quarter), `2021-spring`, `2021-summer`,
    /// `2021-autumn`, `2021-winter` (a season; the winter that starts in December of that
    /// year) or `2020` (a year).
    pub fn token(self, date: NaiveDate) -> String {
        let d = self.start(date);
        match self {
            DatePrecision::Day | DatePrecision::Week => d.format("%Y-%m-%d").to_string(),
            DatePrecision::Month => format!("{:04}-{:02}", d.year(), d.month()),
            DatePrecision::Quarter => format!("{:04}-Q{}", d.year(), (d.month() - 1) / 3 + 1),
            DatePrecision::Season => format!("{:04}-{}", d.year(), SEASONS[(d.month() / 3 % 4) as usize]),
            DatePrecision::Year => format!("{:04}", d.year()),
        }
    }

    /// Parses a date token of the annotation guide into the period's first day and its
    /// precision (the inverse of [`DatePrecision::token`]; a `YYYY-MM-DD` token is a
    /// day, since a week is written as its Monday). Case-insensitive (`2023-q1`).
    pub fn parse_token(s: &str) -> Option<(NaiveDate, DatePrecision)> {
        let s = s.trim();
        let b = s.as_bytes();
        let digits =
            |r: std::ops::Range<usize>| b.get(r.clone()).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
        if !digits(0..4) {
            return None;
        }
        let y: i32 = s[..4].parse().ok()?;
        let ymd = |m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
        if s.len() == 4 {
            return Some((ymd(1, 1)?, DatePrecision::Year));
        }
        if b[4] != b'-' {
            return None;
        }
        let rest = &s[5..];
        if s.len() == 10 && digits(5..7) && b[7] == b'-' && digits(8..10) {
            return Some((ymd(s[5..7].parse().ok()?, s[8..10].parse().ok()?)?, DatePrecision::Day));
        }
        if s.len() == 7 && digits(5..7) {
            return Some((ymd(s[5..7].parse().ok()?, 1)?, DatePrecision::Month));
        }
        if rest.len() == 2 && matches!(b[5], b'q' | b'Q') && matches!(b[6], b'1'..=b'4') {
            return Some((ymd(u32::from(b[6] - b'1') * 3 + 1, 1)?, DatePrecision::Quarter));
        }
        let season = SEASONS.iter().position(|n| n.eq_ignore_ascii_case(rest))?;
        let m = if season == 0 { 12 } else { season as u32 * 3 };
        Some((ymd(m, 1)?, DatePrecision::Season))
    }
}

/// Where an event's date comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DateSource {
    /// The event's sentence says when ("on 14 May", "three days later").
    Text,
    /// The text gives no date for it: the date of the document (an analytic document's
    /// publication date).
    Document,
    /// The text gives no date for it: the story's date.
    #[default]
    Story,
}

impl DateSource {
    /// The lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Text => "text",
            DateSource::Document => "document",
            DateSource::Story => "story",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(s: &str) -> Option<DateSource> {
        Some(match s {
            "text" => DateSource::Text,
            "document" => DateSource::Document,
            "story" => DateSource::Story,
            _ => return None,
        })
    }
}

/// Who asserts an event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attribution {
    /// The asserter as text: the story's source (outlet), or the speaker; when one source
    /// reports another, the chain from the outermost, joined by " > " ("TASS > the
    /// Kremlin").
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
    /// Whether the text gave the date or it fell back to the story's (document's) date.
    pub date_source: DateSource,
    /// The date as written: the words of the date expression `date` was resolved from
    /// ("in the autumn of 2020", "two days later"); `None` unless the text gave the date.
    pub date_text: Option<String>,
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
        format!("{:016x}", self.id_hash())
    }

    /// The hash behind [`Event::id`].
    fn id_hash(&self) -> u64 {
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
        h
    }
}

/// `YYYY-MM-DD` as chrono's `%Y-%m-%d` writes it, without its format parser for the
/// years 0 to 9999.
fn write_ymd(date: NaiveDate, buf: &mut [u8; 10]) -> Option<&str> {
    let y = u32::try_from(date.year()).ok().filter(|&y| y <= 9999)?;
    let (m, d) = (date.month(), date.day());
    for (k, (v, n)) in [(y, 4), (m, 2), (d, 2)].into_iter().enumerate() {
        let at = [0, 5, 8][k];
        let mut v = v;
        for i in (0..n).rev() {
            buf[at + i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    }
    buf[4] = b'-';
    buf[7] = b'-';
    std::str::from_utf8(buf).ok()
}

/// The dataset of the events quidpro codes (the schema's `dataset`).
pub const DATASET: &str = "quidpro";

impl serde::Serialize for Event {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The schema's coded columns in its order (`crate::schema`), with the coder's
        // extensions `date_text` (after `date_source`) and `span` (after `span_end`).
        let mut st = s.serialize_struct("Event", 26)?;
        let mut id = [0u8; 16];
        let h = self.id_hash();
        for (i, b) in id.iter_mut().enumerate() {
            *b = b"0123456789abcdef"[(h >> (60 - 4 * i)) as usize & 15];
        }
        let id = std::str::from_utf8(&id).expect("hex digits");
        st.serialize_field("id", &crate::schema::stable_id(DATASET, id))?;
        st.serialize_field("dataset", DATASET)?;
        st.serialize_field("dataset_id", id)?;
        let mut ymd = [0u8; 10];
        match write_ymd(self.date, &mut ymd) {
            Some(date) => st.serialize_field("date", date)?,
            None => st.serialize_field("date", &self.date.format("%Y-%m-%d").to_string())?,
        }
        st.serialize_field("date_precision", self.date_precision.as_str())?;
        st.serialize_field("date_source", self.date_source.as_str())?;
        st.serialize_field("date_text", &self.date_text)?;
        st.serialize_field("source", &self.source)?;
        st.serialize_field("target", &self.target)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("root", self.code.root())?;
        st.serialize_field("quad_class", &self.quad_class().number())?;
        st.serialize_field("goldstein", &self.goldstein())?;
        st.serialize_field("plover", &self.code.plover())?;
        st.serialize_field("modality", self.modality.as_str())?;
        st.serialize_field("attribution", self.attribution.label())?;
        st.serialize_field("content", &self.content)?;
        st.serialize_field("story_id", &self.provenance.story_id)?;
        st.serialize_field("sentence", &self.provenance.sentence)?;
        st.serialize_field("span_start", &self.provenance.span.start)?;
        st.serialize_field("span_end", &self.provenance.span.end)?;
        st.serialize_field("span", &[self.provenance.span.start, self.provenance.span.end])?;
        st.serialize_field("text", &self.text)?;
        st.serialize_field("rule", &self.provenance.rule)?;
        st.serialize_field("entries", &self.provenance.entries)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ymd_is_chronos_format() {
        for (y, m, d) in [(2024, 3, 1), (5, 1, 9), (999, 12, 31), (9999, 12, 31), (1970, 10, 10)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut buf = [0u8; 10];
            assert_eq!(write_ymd(date, &mut buf), Some(date.format("%Y-%m-%d").to_string().as_str()));
        }
        let mut buf = [0u8; 10];
        assert_eq!(write_ymd(NaiveDate::from_ymd_opt(10000, 1, 1).unwrap(), &mut buf), None);
        assert_eq!(write_ymd(NaiveDate::from_ymd_opt(-1, 1, 1).unwrap(), &mut buf), None);
    }

    #[test]
    fn serialized_id_is_id() {
        let e = sample();
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["dataset_id"].as_str(), Some(e.id().as_str()));
        assert_eq!(v["id"].as_str(), Some(crate::schema::stable_id(DATASET, &e.id()).as_str()));
    }

    fn sample() -> Event {
        Event {
            date: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            date_precision: DatePrecision::Day,
            date_source: DateSource::Text,
            date_text: Some("on 1 March".into()),
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
        // The schema's coded columns in order, with the extensions at their places.
        let mut order: Vec<&str> = Vec::new();
        for c in crate::schema::COLUMNS.iter().filter(|c| c.coded) {
            order.push(c.name);
            match c.name {
                "date_source" => order.push("date_text"),
                "span_end" => order.push("span"),
                _ => {}
            }
        }
        let keys: Vec<String> = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&line)
            .unwrap()
            .keys()
            .cloned()
            .collect();
        let mut sorted_order: Vec<&str> = order.clone();
        sorted_order.sort_unstable();
        let mut sorted_keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        sorted_keys.sort_unstable();
        assert_eq!(sorted_keys, sorted_order, "the fields are the schema's coded columns and the extensions");
        let pos: Vec<usize> = order.iter().map(|k| line.find(&format!("\"{k}\":")).expect(k)).collect();
        assert!(pos.windows(2).all(|w| w[0] < w[1]), "{line}");
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["code"], "042");
        assert_eq!(v["root"], "04");
        assert_eq!(v["quad_class"], 1);
        assert_eq!(v["goldstein"], 1.9);
        assert_eq!(v["span"], serde_json::json!([10, 30]));
        assert_eq!((v["span_start"].as_u64(), v["span_end"].as_u64()), (Some(10), Some(30)));
        assert_eq!(v["plover"], "CONSULT");
        assert_eq!(v["dataset"], "quidpro");
        assert_eq!(v["attribution"], "Reuters");
        assert_eq!(v["date_source"], "text");
        assert_eq!(v["date_text"], "on 1 March");
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn precisions_run_from_finest_to_coarsest() {
        use DatePrecision::*;
        let all = [Day, Week, Month, Quarter, Season, Year];
        assert!(all.windows(2).all(|w| w[0] < w[1]));
        for p in all {
            assert_eq!(DatePrecision::parse(p.as_str()), Some(p));
        }
    }

    #[test]
    fn tokens_render_each_precision() {
        use DatePrecision::*;
        assert_eq!(Day.token(day("2024-05-14")), "2024-05-14");
        assert_eq!(Week.token(day("2024-03-06")), "2024-03-04");
        assert_eq!(Month.token(day("2023-03-17")), "2023-03");
        assert_eq!(Quarter.token(day("2023-02-10")), "2023-Q1");
        assert_eq!(Quarter.token(day("2023-12-31")), "2023-Q4");
        assert_eq!(Season.token(day("2021-04-02")), "2021-spring");
        assert_eq!(Season.token(day("2021-08-31")), "2021-summer");
        assert_eq!(Season.token(day("2019-11-30")), "2019-autumn");
        assert_eq!(Season.token(day("2022-12-01")), "2022-winter");
        // January and February belong to the winter that began in December before.
        assert_eq!(Season.token(day("2023-02-28")), "2022-winter");
        assert_eq!(Year.token(day("2020-07-04")), "2020");
    }

    #[test]
    fn tokens_parse_back_to_the_period_start() {
        use DatePrecision::*;
        let cases = [
            ("2024-05-14", "2024-05-14", Day),
            ("2023-03", "2023-03-01", Month),
            ("2023-Q1", "2023-01-01", Quarter),
            ("2023-q3", "2023-07-01", Quarter),
            ("2021-spring", "2021-03-01", Season),
            ("2021-summer", "2021-06-01", Season),
            ("2021-autumn", "2021-09-01", Season),
            ("2022-winter", "2022-12-01", Season),
            ("2020", "2020-01-01", Year),
        ];
        for (tok, date, p) in cases {
            assert_eq!(DatePrecision::parse_token(tok), Some((day(date), p)), "{tok}");
            assert_eq!(p.token(day(date)), tok.replace('q', "Q"));
        }
        for bad in ["", "20", "2023-13", "2023-Q5", "2023-fall", "2023-02-30", "2023/03", "x2023"] {
            assert_eq!(DatePrecision::parse_token(bad), None, "{bad}");
        }
    }

    #[test]
    fn date_sources_round_trip() {
        for s in [DateSource::Text, DateSource::Document, DateSource::Story] {
            assert_eq!(DateSource::parse(s.as_str()), Some(s));
        }
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
