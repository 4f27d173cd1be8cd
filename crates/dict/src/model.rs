//! The typed entries of the dictionaries.

use chrono::NaiveDate;
use quidpro_event::{ActorCode, EventCode};

/// Where an entry or pattern was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file, relative to the dictionary folder.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A `country` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    /// Its 3-letter code.
    pub code: ActorCode,
    /// The label on the header line.
    pub label: String,
    /// Names (code `CODE`).
    pub names: Vec<String>,
    /// Adjectives ("Turkish").
    pub adjectives: Vec<String>,
    /// Demonyms ("Turks").
    pub demonyms: Vec<String>,
    /// Capitals and other government metonyms (code `CODE` + `GOV`).
    pub capitals: Vec<String>,
    /// Cities, provinces and regions: where events happen, never actors.
    pub places: Vec<String>,
    /// ISO 3166-1 alpha-2.
    pub iso2: Option<String>,
    /// ISO 3166-1 alpha-3.
    pub iso3: Option<String>,
    /// FIPS 10-4.
    pub fips: Option<String>,
    /// Correlates of War number.
    pub cow: Option<u32>,
    /// Where the entry starts.
    pub origin: Origin,
}

/// A code that holds over a date range (both ends inclusive, either open).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeRange {
    /// The code.
    pub code: ActorCode,
    /// First day, if bounded.
    pub from: Option<NaiveDate>,
    /// Last day, if bounded.
    pub to: Option<NaiveDate>,
    /// Whether the line had a range at all (a line without one is the default).
    pub ranged: bool,
}

impl CodeRange {
    /// Whether `date` falls in the range.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }
}

/// A `person` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// The label on the header line.
    pub label: String,
    /// Names and variants.
    pub names: Vec<String>,
    /// Codes with ranges, in file order; lines without a range are defaults.
    pub codes: Vec<CodeRange>,
    /// Where the entry starts.
    pub origin: Origin,
}

impl Person {
    /// The code on `date`: the first ranged code that covers it, else the first default.
    pub fn code_on(&self, date: NaiveDate) -> Option<&ActorCode> {
        self.codes
            .iter()
            .find(|c| c.ranged && c.covers(date))
            .or_else(|| self.codes.iter().find(|c| !c.ranged))
            .map(|c| &c.code)
    }
}

/// An `org` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Org {
    /// Its code.
    pub code: ActorCode,
    /// The label on the header line.
    pub label: String,
    /// Names.
    pub names: Vec<String>,
    /// Adjectives ("NATO troops").
    pub adjectives: Vec<String>,
    /// Where the entry starts.
    pub origin: Origin,
}

/// An `agent` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agent {
    /// Its 3-letter role code.
    pub code: ActorCode,
    /// The label on the header line.
    pub label: String,
    /// Names (singular; the plural of the last word is generated).
    pub names: Vec<String>,
    /// Where the entry starts.
    pub origin: Origin,
}

/// A `discard` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discard {
    /// The label on the header line.
    pub label: String,
    /// Any of these discards a sentence.
    pub phrases: Vec<String>,
    /// All parts of one of these together discard a sentence.
    pub together: Vec<Vec<String>>,
    /// Where the entry starts.
    pub origin: Origin,
}

/// A source or target slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// `$`
    Source,
    /// `+`
    Target,
}

/// One word of an alternative.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A literal word or phrase (tokenized by the coder).
    Word(String),
    /// `{verb}`: every form of the verb.
    Verb(String),
}

/// One alternative of a word element: items that must stand consecutively.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alternative {
    /// The items, in order.
    pub items: Vec<Item>,
}

/// One element of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Element {
    /// A slot.
    Slot(Slot),
    /// Any one of the alternatives.
    Words(Vec<Alternative>),
}

/// Flags after a pattern.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PatternFlags {
    /// `[mutual]`: code both directions.
    pub mutual: bool,
    /// `[speech]`: a verb of saying.
    pub speech: bool,
    /// `[alone]`: an act complete without a target ("withdrew from the treaty", "issued a
    /// statement"): coded one-sided when no target is named, whatever its root.
    pub alone: bool,
    /// `[clause]`: a verb that governs a clause ("promised that", "warned that"): coded
    /// only when the act of its clause was matched, which becomes its content.
    pub clause: bool,
}

/// A verb pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// The CAMEO code it codes.
    pub code: EventCode,
    /// Its elements.
    pub elements: Vec<Element>,
    /// Its flags.
    pub flags: PatternFlags,
    /// The pattern as written.
    pub text: String,
    /// Where it is written.
    pub origin: Origin,
}

/// The nouns of a verb's act (`noun suspend suspension`): a `{verb}` element matches
/// them too, as a noun ("the suspension of military aid to Ukraine").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nominal {
    /// The verb's base form.
    pub verb: String,
    /// Its nouns.
    pub nouns: Vec<String>,
    /// Where it is written.
    pub origin: Origin,
}

/// The act a verb names when it heads what a demand, appeal, promise or threat asks
/// for and no pattern coded it (`act 0874 withdraw pull_back`): "said that Russia must
/// withdraw from ..." is a demand whose content is a withdrawal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Act {
    /// The CAMEO code of the act.
    pub code: EventCode,
    /// The verbs, each a phrase of one or more words (base forms; a phrasal verb's
    /// particle follows: `pull back`).
    pub verbs: Vec<Vec<String>>,
    /// Where it is written.
    pub origin: Origin,
}

/// An irregular verb.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Irregular {
    /// The base form.
    pub base: String,
    /// The past tense.
    pub past: String,
    /// The past participle.
    pub participle: String,
    /// More forms (alternates, spelled-out `-ing` or third person forms).
    pub more: Vec<String>,
    /// Where it is written.
    pub origin: Origin,
}

macro_rules! word_classes {
    ($( $(#[$doc:meta])* $v:ident = $name:literal, )*) => {
        /// A class of function words (`class NAME` in `grammar.txt`): what the coder does
        /// with its words is documented per class in `dictionaries/README.md`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum WordClass {
            $( $(#[$doc])* $v, )*
        }

        impl WordClass {
            /// Every class, in the order of the shipped `grammar.txt`.
            pub const ALL: &'static [WordClass] = &[$(WordClass::$v,)*];

            /// The name written after `class`.
            pub fn name(self) -> &'static str {
                match self {
                    $(WordClass::$v => $name,)*
                }
            }

            /// The class of a name, if there is one.
            pub fn from_name(name: &str) -> Option<WordClass> {
                match name {
                    $($name => Some(WordClass::$v),)*
                    _ => None,
                }
            }
        }
    };
}

word_classes! {
    /// Prepositions.
    Prep = "PREP",
    /// Locative prepositions.
    Loc = "LOC",
    /// Forms of "be" and "get" (passive).
    Be = "BE",
    /// Negators.
    Neg = "NEG",
    /// Hedges and hypothetical modals.
    Hypo = "HYPO",
    /// Markers of the future.
    Plan = "PLAN",
    /// Words of planning before an infinitive.
    PlanVerb = "PLAN_VERB",
    /// Relative pronouns.
    Rel = "REL",
    /// Coordinators.
    And = "AND",
    /// Pronouns that refer to an actor.
    Pron = "PRON",
    /// Clause punctuation.
    Clause = "CLAUSE",
    /// Determiners.
    Det = "DET",
    /// Words of intent before "to".
    Intent = "INTENT",
    /// Words of quantity or membership before "of".
    Quant = "QUANT",
    /// Denials.
    Deny = "DENY",
    /// Negators that need a link ("yet to", "short of") or a gerund after them.
    NegLinked = "NEG_LINKED",
    /// Subordinators that start a clause.
    ClauseOpener = "CLAUSE_OPENER",
    /// Subordinators after which a pronoun is a subject.
    SubjectOpener = "SUBJECT_OPENER",
    /// Prepositions of time and circumstance.
    Background = "BACKGROUND",
    /// Personal pronouns.
    SubjectPronoun = "SUBJECT_PRONOUN",
    /// Prepositions before a noun of violence.
    NounPrep = "NOUN_PREP",
    /// Deontic modals.
    Deontic = "DEONTIC",
    /// Deontic verbs before "to".
    DeonticTo = "DEONTIC_TO",
    /// Conditions.
    Condition = "CONDITION",
    /// Words that, like a condition, keep a "would" hypothetical.
    Counterfactual = "COUNTERFACTUAL",
    /// Stems of verbs of refusing.
    Refusal = "REFUSAL",
    /// Words between a refusal and the refused act.
    RefusalLink = "REFUSAL_LINK",
    /// The future of reported speech ("would").
    Backshift = "BACKSHIFT",
    /// Modals and adverbs of doubt.
    Doubt = "DOUBT",
    /// Pronouns of a person.
    PersonPronoun = "PERSON_PRONOUN",
    /// "according (to)".
    FrameAccording = "FRAME_ACCORDING",
    /// Verbs of saying or believing of a frame.
    FrameSay = "FRAME_SAY",
    /// Verbs of supposing of a frame.
    FrameSuppose = "FRAME_SUPPOSE",
    /// Participles of an impersonal report.
    FrameImpersonalSay = "FRAME_IMPERSONAL_SAY",
    /// Words of an impersonal supposition.
    FrameImpersonalSuppose = "FRAME_IMPERSONAL_SUPPOSE",
    /// "ruled (out)", "excluded".
    FrameRuledOut = "FRAME_RULED_OUT",
    /// The verb after an impersonal "it".
    FrameImpersonalVerb = "FRAME_IMPERSONAL_VERB",
    /// Sentence-initial hedges.
    FrameHedge = "FRAME_HEDGE",
    /// Words that cannot begin a frame's subject.
    FrameNotSubject = "FRAME_NOT_SUBJECT",
    /// Words before an actor inside a frame's subject that place the asserter.
    FramePlace = "FRAME_PLACE",
    /// Words (besides prepositions, determiners, numbers and -ly, -ing words) that open an
    /// interruption set off by commas.
    InterruptionOpener = "INTERRUPTION_OPENER",
    /// Nouns of a fight whose "with" names the other side ("killed in a clash with").
    FightNoun = "FIGHT_NOUN",
    /// Words of a bomb as the means of violence.
    BombMeans = "BOMB_MEANS",
    /// Words of a suicide attack.
    SuicideMeans = "SUICIDE_MEANS",
    /// Words of a vehicle used as a bomb.
    VehicleMeans = "VEHICLE_MEANS",
    /// Words of a roadside bomb or mine.
    RoadsideMeans = "ROADSIDE_MEANS",
    /// Titles of people who speak or act for an actor named after a preposition.
    Title = "TITLE",
    /// Adverbs that put an event on an unnamed source's word ("reportedly").
    ReportedAdverb = "REPORTED_ADVERB",
    /// Nouns that point back to something said before ("the decision", "the request").
    AnaphorNoun = "ANAPHOR_NOUN",
    /// Nouns that point back to an organisation ("the alliance").
    AnaphorOrg = "ANAPHOR_ORG",
    /// Nouns that point back to an armed or political group ("the group").
    AnaphorGroup = "ANAPHOR_GROUP",
    /// Nouns that point back to a state ("the country").
    AnaphorState = "ANAPHOR_STATE",
    /// Plural nouns that point back to a dyad ("the two countries", "both sides").
    AnaphorPair = "ANAPHOR_PAIR",
    /// Adverbs that may stand between a subject and its verb ("Ankara now expects").
    Adverb = "ADVERB",
}

impl std::fmt::Display for WordClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A `class NAME` entry of `grammar.txt`: function words of one class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrammarClass {
    /// The class.
    pub class: WordClass,
    /// Its words, lower case, each one token.
    pub words: Vec<String>,
    /// Where the entry starts.
    pub origin: Origin,
}
