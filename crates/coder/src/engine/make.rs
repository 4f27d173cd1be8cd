//! The event of a match: its parties, code, date, modality and attribution as decided in
//! `assemble.rs`, with the provenance (story, sentence, span, rule, dictionary entries)
//! and the explanation of which words gave each part.

use super::*;

#[allow(clippy::too_many_arguments)]
pub(super) fn make_event(
    lex: &Lexicon,
    story: &Story,
    index: usize,
    s: &Sentence,
    m: &Match,
    code: EventCode,
    src: &Resolved,
    tgt: &Resolved,
    date: NaiveDate,
    precision: DatePrecision,
    date_source: DateSource,
    modality: Modality,
    attribution: Attribution,
    dates: &[DateExpr],
) -> CodedEvent {
    // An unnamed side (`ActorCode::none`) has no words.
    let np_of = |r: &Resolved| s.nps.get(r.np).filter(|_| !r.code.is_none());
    let source_span = np_of(src).map(|np| np.span(&s.spans)).unwrap_or_default();
    let target_span = np_of(tgt).map(|np| np.span(&s.spans)).unwrap_or_default();
    let words: Vec<Span> = m.words.iter().map(|&w| s.spans[w]).collect();
    let mut span = words[0];
    for sp in np_of(src).iter().map(|_| source_span).chain(np_of(tgt).iter().map(|_| target_span)) {
        span = span.cover(sp);
    }
    for w in &words {
        span = span.cover(*w);
    }
    let label = |e: &EntryRef| entry_label(lex, e);
    let source_entries: Vec<String> =
        np_of(src).map(|np| np.entries.iter().map(label).collect()).unwrap_or_default();
    let target_entries: Vec<String> =
        np_of(tgt).map(|np| np.entries.iter().map(label).collect()).unwrap_or_default();
    let mut entries = source_entries.clone();
    for e in &target_entries {
        if !entries.contains(e) {
            entries.push(e.clone());
        }
    }
    let event = Event {
        date,
        date_precision: precision,
        date_source,
        // The words of the expression the date was resolved from.
        date_text: (date_source == DateSource::Text)
            .then(|| dates.iter().find(|d| d.date == date && d.precision == precision))
            .flatten()
            .map(|d| d.written(&s.spans, &story.text).to_string()),
        source: src.code.clone(),
        target: tgt.code.clone(),
        code,
        attribution,
        modality,
        content: None,
        provenance: Provenance {
            story_id: story.id.clone(),
            sentence: index,
            span,
            rule: lex.patterns[m.pattern as usize].rule.clone(),
            entries,
        },
        text: span.slice(&story.text).to_string(),
    };
    CodedEvent {
        event,
        explanation: Explanation { source_span, target_span, words, source_entries, target_entries },
    }
}
