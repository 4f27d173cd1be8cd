//! The grammar word classes of `dictionaries/grammar.txt` as bit flags: grammar flags
//! ([`gw`]) and cue flags ([`cue`]).

use quidpro_dict::WordClass;

/// Grammar word classes (bit flags), from the classes of `dictionaries/grammar.txt`
/// before its cue words: a word with any of them is no plain modifier.
pub mod gw {
    /// Prepositions: an actor after one is not a subject.
    pub const PREP: u32 = 1;
    /// Forms of "be" and "get" (passive).
    pub const BE: u32 = 2;
    /// Negators.
    pub const NEG: u32 = 4;
    /// Hypothetical modals.
    pub const HYPO: u32 = 8;
    /// Future/plan markers.
    pub const PLAN: u32 = 16;
    /// Relative pronouns.
    pub const REL: u32 = 32;
    /// Coordinators joining compound actors.
    pub const AND: u32 = 64;
    /// Pronouns that refer to an actor.
    pub const PRON: u32 = 128;
    /// Clause punctuation.
    pub const CLAUSE: u32 = 256;
    /// Determiners and other words that may stand before an actor in a slot.
    pub const DET: u32 = 512;
    /// Denial verbs ("denied").
    pub const DENY: u32 = 1024;
    /// Words after which an infinitive is planned ("plans to").
    pub const PLAN_VERB: u32 = 2048;
    /// Locative prepositions.
    pub const LOC: u32 = 4096;
    /// Words of intent before "to": "ready to", "pledged to".
    pub const INTENT: u32 = 8192;
    /// Quantity and membership words before "of": "thousands of", "supporters of".
    pub const QUANT: u32 = 16384;
    /// Negators before a link word or a gerund: "has yet to send", "stopped short of
    /// imposing", "avoided criticising".
    pub const NEG_LINKED: u32 = 1 << 15;
}

/// Cue words of the engine's rules (bit flags; being one does not make a word a grammar
/// word of [`gw`]). Each is a class of `dictionaries/grammar.txt`.
pub mod cue {
    /// Subordinators that start a clause.
    pub const CLAUSE_OPENER: u64 = 1;
    /// Subordinators after which a pronoun is a subject.
    pub const SUBJECT_OPENER: u64 = 1 << 1;
    /// Prepositions of time and circumstance.
    pub const BACKGROUND: u64 = 1 << 2;
    /// Personal pronouns.
    pub const SUBJECT_PRONOUN: u64 = 1 << 3;
    /// Prepositions before a noun of violence.
    pub const NOUN_PREP: u64 = 1 << 4;
    /// Deontic modals.
    pub const DEONTIC: u64 = 1 << 5;
    /// Deontic verbs before "to".
    pub const DEONTIC_TO: u64 = 1 << 6;
    /// Conditions.
    pub const CONDITION: u64 = 1 << 7;
    /// Words that keep a "would" hypothetical, with conditions.
    pub const COUNTERFACTUAL: u64 = 1 << 8;
    /// Words between a refusal and the refused act.
    pub const REFUSAL_LINK: u64 = 1 << 9;
    /// "would".
    pub const BACKSHIFT: u64 = 1 << 10;
    /// Modals and adverbs of doubt.
    pub const DOUBT: u64 = 1 << 11;
    /// Pronouns of a person.
    pub const PERSON_PRONOUN: u64 = 1 << 12;
    /// "according (to)".
    pub const FRAME_ACCORDING: u64 = 1 << 13;
    /// Verbs of saying or believing of a frame.
    pub const FRAME_SAY: u64 = 1 << 14;
    /// Verbs of supposing of a frame.
    pub const FRAME_SUPPOSE: u64 = 1 << 15;
    /// Participles of an impersonal report.
    pub const FRAME_IMPERSONAL_SAY: u64 = 1 << 16;
    /// Words of an impersonal supposition.
    pub const FRAME_IMPERSONAL_SUPPOSE: u64 = 1 << 17;
    /// "ruled (out)", "excluded".
    pub const FRAME_RULED_OUT: u64 = 1 << 18;
    /// The verb after an impersonal "it".
    pub const FRAME_IMPERSONAL_VERB: u64 = 1 << 19;
    /// Sentence-initial hedges.
    pub const FRAME_HEDGE: u64 = 1 << 20;
    /// Words that cannot begin a frame's subject.
    pub const FRAME_NOT_SUBJECT: u64 = 1 << 21;
    /// Words before an actor inside a frame's subject that place the asserter.
    pub const FRAME_PLACE: u64 = 1 << 22;
    /// Words that open an interruption set off by commas.
    pub const INTERRUPTION_OPENER: u64 = 1 << 23;
    /// Nouns of a fight whose "with" names the other side.
    pub const FIGHT_NOUN: u64 = 1 << 24;
    /// Words of a bomb as the means of violence.
    pub const BOMB_MEANS: u64 = 1 << 25;
    /// Words of a suicide attack.
    pub const SUICIDE_MEANS: u64 = 1 << 26;
    /// Words of a vehicle used as a bomb.
    pub const VEHICLE_MEANS: u64 = 1 << 27;
    /// Words of a roadside bomb or mine.
    pub const ROADSIDE_MEANS: u64 = 1 << 28;
    /// Titles of people who speak or act for an actor named after a preposition.
    pub const TITLE: u64 = 1 << 29;
    /// Adverbs that put an event on an unnamed source's word ("reportedly").
    pub const REPORTED_ADVERB: u64 = 1 << 30;
    /// Nouns that point back to something said before ("the decision", "the request").
    pub const ANAPHOR_NOUN: u64 = 1 << 31;
    /// Nouns that point back to an organisation named before ("the alliance", "the bloc").
    pub const ANAPHOR_ORG: u64 = 1 << 32;
    /// Nouns that point back to an armed or political group named before ("the group").
    pub const ANAPHOR_GROUP: u64 = 1 << 33;
    /// Nouns that point back to a state named before ("the country", "the kingdom").
    pub const ANAPHOR_STATE: u64 = 1 << 34;
    /// Plural nouns that, after "the two" or "both", point back to the two parties of the
    /// dyad named before ("the two countries", "both sides").
    pub const ANAPHOR_PAIR: u64 = 1 << 35;
    /// Adverbs not in "-ly" that may stand between a subject and its verb ("Ankara now
    /// expects", "Moscow still refuses"); see [`super::Lexicon::is_adverb`].
    pub const ADVERB: u64 = 1 << 36;
}

/// The grammar flag ([`gw`]) and cue flag ([`cue`]) of a word class; `REFUSAL` has
/// neither (its words are stems, see [`Lexicon::is_refusal`]).
pub(super) fn class_bits(c: WordClass) -> (u32, u64) {
    use WordClass as W;
    match c {
        W::Prep => (gw::PREP, 0),
        W::Loc => (gw::LOC, 0),
        W::Be => (gw::BE, 0),
        W::Neg => (gw::NEG, 0),
        W::Hypo => (gw::HYPO, 0),
        W::Plan => (gw::PLAN, 0),
        W::PlanVerb => (gw::PLAN_VERB, 0),
        W::Rel => (gw::REL, 0),
        W::And => (gw::AND, 0),
        W::Pron => (gw::PRON, 0),
        W::Clause => (gw::CLAUSE, 0),
        W::Det => (gw::DET, 0),
        W::Intent => (gw::INTENT, 0),
        W::Quant => (gw::QUANT, 0),
        W::NegLinked => (gw::NEG_LINKED, 0),
        W::Deny => (gw::DENY, 0),
        W::ClauseOpener => (0, cue::CLAUSE_OPENER),
        W::SubjectOpener => (0, cue::SUBJECT_OPENER),
        W::Background => (0, cue::BACKGROUND),
        W::SubjectPronoun => (0, cue::SUBJECT_PRONOUN),
        W::NounPrep => (0, cue::NOUN_PREP),
        W::Deontic => (0, cue::DEONTIC),
        W::DeonticTo => (0, cue::DEONTIC_TO),
        W::Condition => (0, cue::CONDITION),
        W::Counterfactual => (0, cue::COUNTERFACTUAL),
        W::Refusal => (0, 0),
        W::RefusalLink => (0, cue::REFUSAL_LINK),
        W::Backshift => (0, cue::BACKSHIFT),
        W::Doubt => (0, cue::DOUBT),
        W::PersonPronoun => (0, cue::PERSON_PRONOUN),
        W::FrameAccording => (0, cue::FRAME_ACCORDING),
        W::FrameSay => (0, cue::FRAME_SAY),
        W::FrameSuppose => (0, cue::FRAME_SUPPOSE),
        W::FrameImpersonalSay => (0, cue::FRAME_IMPERSONAL_SAY),
        W::FrameImpersonalSuppose => (0, cue::FRAME_IMPERSONAL_SUPPOSE),
        W::FrameRuledOut => (0, cue::FRAME_RULED_OUT),
        W::FrameImpersonalVerb => (0, cue::FRAME_IMPERSONAL_VERB),
        W::FrameHedge => (0, cue::FRAME_HEDGE),
        W::FrameNotSubject => (0, cue::FRAME_NOT_SUBJECT),
        W::FramePlace => (0, cue::FRAME_PLACE),
        W::InterruptionOpener => (0, cue::INTERRUPTION_OPENER),
        W::FightNoun => (0, cue::FIGHT_NOUN),
        W::BombMeans => (0, cue::BOMB_MEANS),
        W::SuicideMeans => (0, cue::SUICIDE_MEANS),
        W::VehicleMeans => (0, cue::VEHICLE_MEANS),
        W::RoadsideMeans => (0, cue::ROADSIDE_MEANS),
        W::Title => (0, cue::TITLE),
        W::ReportedAdverb => (0, cue::REPORTED_ADVERB),
        W::AnaphorNoun => (0, cue::ANAPHOR_NOUN),
        W::AnaphorOrg => (0, cue::ANAPHOR_ORG),
        W::AnaphorGroup => (0, cue::ANAPHOR_GROUP),
        W::AnaphorState => (0, cue::ANAPHOR_STATE),
        W::AnaphorPair => (0, cue::ANAPHOR_PAIR),
        W::Adverb => (0, cue::ADVERB),
    }
}
