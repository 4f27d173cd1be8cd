//! Sentence frames: who asserts a sentence's events when the asserter is no coded actor,
//! and how sure the sentence is.
//!
//! Speakers that are actors ("Moscow said", "according to Anadolu") are verb patterns of
//! the dictionaries (`[speech]`). This module reads the frames of analytic prose whose
//! asserter is not an actor or is nobody in particular:
//!
//! | frame | asserter | modality |
//! |---|---|---|
//! | "according to Western diplomats, ..." / "..., according to sources in Baku." | the phrase after "according to" | reported |
//! | "Analysts argue (that) ...", "Unnamed sources say ...", "Western diplomats believe ..." | the subject before the verb of saying or believing | reported |
//! | "Some observers suspect ...", "Experts assume ..." | the subject | hypothetical |
//! | "It is widely asserted in Ankara that ...", "It is reported that ..." | the phrase up to "that" | reported |
//! | "It can be assumed that ...", "It cannot be ruled out that ...", "It is possible that ..." | (the document) | hypothetical |
//! | "Perhaps ...", "Possibly ...", "Alternatively, ..." at the start of a sentence | (the document) | hypothetical |
//!
//! A frame covers the events of its sentence outside the asserter phrase itself. The cue
//! words are the `FRAME_*` classes of `dictionaries/grammar.txt`.

use quidpro_event::{Modality, Span};

use crate::lexicon::{cue, Lexicon, Tok};

/// A sentence's frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Frame {
    /// Who asserts it, as written; `None` keeps the story's asserter.
    pub asserter: Option<String>,
    /// Reported or hypothetical.
    pub modality: Modality,
    /// The tokens of the frame phrase itself, `[start, end)`: no event there is framed.
    pub tokens: (usize, usize),
}

impl Frame {
    /// Whether an event anchored at token `i` is inside the frame.
    pub fn covers(&self, i: usize) -> bool {
        i < self.tokens.0 || i >= self.tokens.1
    }
}

/// The frame of a sentence: `toks` are its token ids, `norms` its lower-case words,
/// `spans` their byte spans in `text`, `actor[i]` whether token `i` belongs to an actor
/// phrase.
pub(crate) fn frame(
    lex: &Lexicon,
    toks: &[Tok],
    norms: &[&str],
    spans: &[Span],
    actor: &[bool],
    text: &str,
) -> Option<Frame> {
    let n = norms.len();
    let is = |k: usize, c: u64| lex.cues(toks[k]) & c != 0;
    let is_punct =
        |i: usize| matches!(norms[i], "," | "." | ";" | ":" | "!" | "?" | "(" | ")" | "\"" | "—" | "–");
    let phrase = |a: usize, b: usize| -> Option<String> {
        let (s, e) = (spans.get(a)?.start, spans.get(b.checked_sub(1)?)?.end);
        text.get(s..e).map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
    };
    // "According to X, ..." and "..., according to X."
    if let Some(i) = (0..n.saturating_sub(1)).find(|&i| is(i, cue::FRAME_ACCORDING) && norms[i + 1] == "to") {
        let start = i + 2;
        let mut end = start;
        while end < n && end < start + 8 && !is_punct(end) {
            end += 1;
        }
        if end > start && !(start..end).any(|k| actor[k]) {
            return Some(Frame {
                asserter: phrase(start, end),
                modality: Modality::Reported,
                tokens: (i, end),
            });
        }
    }
    let first = norms.first().copied()?;
    if is(0, cue::FRAME_HEDGE) {
        return Some(Frame { asserter: None, modality: Modality::Hypothetical, tokens: (0, 1) });
    }
    // "It is (widely) asserted (in Ankara) that", "it can be assumed that", "it cannot be
    // ruled out that".
    if first == "it" {
        let that = (1..n.min(10)).find(|&k| norms[k] == "that")?;
        let words = 1..that;
        if words.clone().any(|k| is(k, cue::FRAME_RULED_OUT | cue::FRAME_IMPERSONAL_SUPPOSE)) {
            return Some(Frame { asserter: None, modality: Modality::Hypothetical, tokens: (0, that + 1) });
        }
        if words.clone().any(|k| is(k, cue::FRAME_IMPERSONAL_SAY))
            && that > 1
            && is(1, cue::FRAME_IMPERSONAL_VERB)
        {
            return Some(Frame {
                asserter: phrase(0, that),
                modality: Modality::Reported,
                tokens: (0, that + 1),
            });
        }
        return None;
    }
    // "Analysts argue that", "Unnamed sources say", "Western diplomats believe".
    if is(0, cue::FRAME_NOT_SUBJECT) {
        return None;
    }
    for k in 1..n.min(9) {
        // "Diplomats in Doha say", "Sources close to the Ethiopian government say": an
        // actor after a preposition inside the subject is where the asserter sits.
        let placed = (1..k.saturating_sub(1)).any(|p| is(p, cue::FRAME_PLACE));
        if actor[k - 1] && !placed || is_punct(k - 1) {
            return None;
        }
        let modality = if is(k, cue::FRAME_SAY) {
            Modality::Reported
        } else if is(k, cue::FRAME_SUPPOSE) {
            Modality::Hypothetical
        } else {
            continue;
        };
        // What follows must be a clause: "that", or an actor within three words.
        let follows = norms.get(k + 1) == Some(&"that") || (k + 1..n.min(k + 4)).any(|j| actor[j]);
        if !follows {
            return None;
        }
        let end = if norms.get(k + 1) == Some(&"that") { k + 2 } else { k + 1 };
        return Some(Frame { asserter: phrase(0, k), modality, tokens: (0, end) });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits on spaces, with punctuation as tokens; `actors` are the word indices of actors.
    fn run(sentence: &str, actors: &[usize]) -> Option<(Option<String>, Modality)> {
        let spaced = sentence.replace(',', " ,").replace('.', " .");
        let mut spans = Vec::new();
        let mut norms = Vec::new();
        let mut pos = 0;
        for w in spaced.split(' ') {
            let start = sentence[pos..].find(w).map(|o| pos + o).unwrap();
            spans.push(Span::new(start, start + w.len()));
            pos = start + w.len();
            norms.push(w.to_lowercase());
        }
        let norms: Vec<&str> = norms.iter().map(String::as_str).collect();
        let actor: Vec<bool> = (0..norms.len()).map(|i| actors.contains(&i)).collect();
        // No actors or patterns: the shipped grammar only.
        let lex = Lexicon::compile(quidpro_dict::Dictionary::default());
        let toks: Vec<Tok> = norms.iter().map(|w| lex.tok(w)).collect();
        frame(&lex, &toks, &norms, &spans, &actor, sentence).map(|f| (f.asserter, f.modality))
    }

    #[test]
    fn frames() {
        let r = Modality::Reported;
        let h = Modality::Hypothetical;
        assert_eq!(
            run("Western diplomats believe Azerbaijan supplied oil", &[3]),
            Some((Some("Western diplomats".into()), r))
        );
        assert_eq!(
            run("Analysts argue that Turkey pressured Azerbaijan", &[3, 5]),
            Some((Some("Analysts".into()), r))
        );
        assert_eq!(
            run("Unnamed sources say Russia threatened Armenia", &[3, 5]),
            Some((Some("Unnamed sources".into()), r))
        );
        assert_eq!(
            run("Some observers suspect that Baku paid", &[5]),
            Some((Some("Some observers".into()), h))
        );
        assert_eq!(
            run("It is widely asserted in Ankara that Azerbaijan refused", &[7]),
            Some((Some("It is widely asserted in Ankara".into()), r))
        );
        assert_eq!(run("It can be assumed that Baku will send troops", &[5]), Some((None, h)));
        assert_eq!(run("It cannot be ruled out that Baku paid", &[6]), Some((None, h)));
        assert_eq!(run("Perhaps Baku paid", &[1]), Some((None, h)));
        assert_eq!(
            run("According to Western diplomats , Baku paid", &[5]),
            Some((Some("Western diplomats".into()), r))
        );
        assert_eq!(
            run("Baku paid Ankara , according to people familiar with the talks .", &[0, 2]),
            Some((Some("people familiar with the talks".into()), r))
        );
        // Actors speak through the dictionaries' speech patterns, not frames.
        assert_eq!(run("Turkey says Azerbaijan paid", &[0, 2]), None);
        assert_eq!(run("According to Anadolu , Baku paid", &[2, 4]), None);
        // Not a frame: no clause follows, or a pronoun subject.
        assert_eq!(run("Officials said nothing", &[]), None);
        assert_eq!(run("They say Baku paid", &[2]), None);
        assert_eq!(run("Azerbaijan attacked Armenia", &[0, 2]), None);
    }
}
