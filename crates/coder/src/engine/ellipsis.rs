//! Ellipsis: a short answer to a call made in the sentence before ("Maduro asked Petro
//! to recognise his re-election. Petro did not.", "... Pakistan declined.") states, by
//! leaving it out, the act that was called for: it is that act, negated or refused.

use super::*;

/// A call of the previous sentence: who was asked, and what.
#[derive(Clone, Debug)]
pub(crate) struct Call {
    /// The act called for, with who is to do it.
    pub content: Content,
}

/// How an elliptical answer leaves the act out.
fn answer(norms: &[&str], from: usize) -> Option<Modality> {
    // Up to one adverb before the answer ("Petro still did not", "Baku then declined").
    let mut j = from;
    if matches!(norms.get(j), Some(&("still" | "then" | "again" | "simply" | "quietly" | "also"))) {
        j += 1;
    }
    let (modality, mut j) = match (norms.get(j).copied(), norms.get(j + 1).copied()) {
        (
            Some("did" | "does" | "do" | "would" | "will" | "has" | "have" | "had" | "could"),
            Some("not" | "never"),
        ) => (Modality::Negated, j + 2),
        (Some("never"), Some("did" | "has" | "had" | "would" | "does")) => (Modality::Negated, j + 2),
        (Some("refused" | "declined" | "abstained"), _) => (Modality::Refused, j + 1),
        _ => return None,
    };
    // "did not do so", "has not yet", "did not either".
    while matches!(norms.get(j), Some(&("do" | "done" | "so" | "yet" | "either" | "comply" | "budge"))) {
        j += 1;
    }
    matches!(norms.get(j), Some(&("." | "!" | ";")) | None).then_some(modality)
}

/// The act a sentence answers by ellipsis, negated or refused: its subject (an actor
/// phrase opening the sentence) must be the one the previous sentence's call asked to
/// act. The event is that act, by the subject, dated by the sentence or the narrative.
pub(super) fn elliptical_answer(
    lex: &Lexicon,
    story: &Story,
    index: usize,
    s: &Sentence,
    state: &StoryState,
    dates: &[DateExpr],
) -> Option<CodedEvent> {
    if state.previous_calls.is_empty() {
        return None;
    }
    let np = s.nps.first().filter(|np| np.start == 0 && np.is_resolved())?;
    let modality = answer(&s.norms, np.end)?;
    let source = np.code(lex, story.date)?;
    let call = state.previous_calls.iter().rev().find(|c| c.content.source.primary() == source.primary())?;
    let (date, precision, date_source, date_text) = match dates.first() {
        Some(d) => {
            (d.date, d.precision, DateSource::Text, Some(d.written(&s.spans, &story.text).to_string()))
        }
        None => match state.narrative(story.date) {
            Some(r) => (r.date, r.precision, DateSource::Narrative, None),
            None => (story.date, DatePrecision::Day, DateSource::Story, None),
        },
    };
    let first = *s.spans.first()?;
    let last = *s.spans.last()?;
    let span = first.cover(last);
    let source_span = np.span(&s.spans);
    let entries: Vec<String> = np.entries.iter().map(|e| entry_label(lex, e)).collect();
    let words: Vec<Span> = s.spans[np.end..].iter().copied().filter(|w| !w.is_empty()).collect();
    let event = Event {
        date,
        date_precision: precision,
        date_source,
        date_text,
        source,
        target: call.content.target.clone(),
        code: call.content.code,
        attribution: Attribution { asserter: story.source.clone().unwrap_or_default(), actor: None },
        modality,
        content: None,
        provenance: Provenance {
            story_id: story.id.clone(),
            sentence: index,
            span,
            rule: format!("ellipsis: the act called for in the previous sentence, {}", modality.as_str()),
            entries: entries.clone(),
        },
        text: span.slice(&story.text).to_string(),
    };
    Some(CodedEvent {
        event,
        explanation: Explanation {
            source_span,
            target_span: Span::default(),
            words,
            source_entries: entries,
            target_entries: Vec::new(),
        },
    })
}

/// An answer that closes the sentence and leaves out an act the sentence itself tells
/// ("On 10 July, when the council adopted a draft condemning Abkhazia's ties with Moscow,
/// Azerbaijan abstained."): that act, by the one who answers, refused or negated. `first`
/// is the index in `out` of the sentence's first event.
pub(super) fn closing_answer(
    lex: &Lexicon,
    story: &Story,
    s: &Sentence,
    out: &[CodedEvent],
    first: usize,
) -> Option<CodedEvent> {
    let np = s.nps.iter().rev().find(|np| np.is_resolved())?;
    // Set off from the clause before it (a comma), not the sentence's own subject.
    if np.start == 0 || s.norms[np.start - 1] != "," {
        return None;
    }
    let modality = answer(&s.norms, np.end)?;
    let source = np.code(lex, story.date)?;
    let act = out[first..].iter().rev().find(|e| {
        let root = e.event.code.root();
        !matches!(root, "01" | "02" | "10")
            && !e.event.modality.is_negative()
            && e.event.source.primary() != source.primary()
            && e.event.target.primary() != source.primary()
    })?;
    let mut e = act.clone();
    e.event.source = source;
    e.event.modality = modality;
    e.event.content = None;
    e.event.provenance.rule = format!("ellipsis: the act the sentence tells, {}", modality.as_str());
    e.event.provenance.entries = np.entries.iter().map(|x| entry_label(lex, x)).collect();
    e.explanation.source_span = np.span(&s.spans);
    e.explanation.source_entries = e.event.provenance.entries.clone();
    Some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_that_leave_the_act_out() {
        let m = |t: &str| {
            let w: Vec<&str> = t.split(' ').collect();
            answer(&w, 1)
        };
        assert_eq!(m("Petro did not ."), Some(Modality::Negated));
        assert_eq!(m("Baku still has not done so ."), Some(Modality::Negated));
        assert_eq!(m("Baku still has not yet ."), Some(Modality::Negated));
        assert_eq!(m("Pakistan declined ."), Some(Modality::Refused));
        assert_eq!(m("Azerbaijan abstained"), Some(Modality::Refused));
        assert_eq!(m("Petro did not recognise Maduro ."), None);
        assert_eq!(m("Baku never did ."), Some(Modality::Negated));
    }
}
