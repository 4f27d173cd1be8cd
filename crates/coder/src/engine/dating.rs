//! Event dates: which date expression of a sentence governs which verb, and the
//! narrative's or story's date where none does.

use super::*;

/// The date of each match's event: the expression nearest its verb in its own clause,
/// else one no other verb took, else the narrative's time (a past tense) or the story's.
pub(super) fn event_dates(
    lex: &Lexicon,
    story: &Story,
    s: &Sentence,
    matches: &[Match],
    drafts: &[drafts::Draft],
    dates: &[DateExpr],
    state: &StoryState,
) -> Vec<(NaiveDate, DatePrecision, DateSource)> {
    // `[alone]`: the pattern's act is complete without a target.
    let complete_alone = |m: &Match| m.pattern(lex).flags.alone;
    // Dates: each expression belongs to the nearest verb that has its actors (a match
    // that will code nothing does not take a date away from one that will).
    let mut own_date: Vec<Option<&DateExpr>> = vec![None; matches.len()];
    let eligible: Vec<bool> = drafts
        .iter()
        .map(|d| {
            let m = &matches[d.m];
            let verbal = m.anchor_form.is_some_and(|f| f != Form::Noun) && !nominal_anchor(lex, s, m);
            !d.sources.nps.is_empty()
                && (!d.targets.nps.is_empty()
                    || d.speech
                    || d.mutual
                    || m.elided
                    || d.code.root() == "01"
                    || verbal && (ONE_SIDED_ROOTS.contains(&d.code.root()) || complete_alone(m)))
                || d.unnamed_agent && !d.targets.nps.is_empty()
        })
        .collect();
    // "the weapons promised in April": a date right after a participle that no pattern
    // matched belongs to that participle's act, to no event coded here.
    let participle_date = |d: &DateExpr| {
        let mut k = d.start;
        if k > 0 && lex.flags(s.toks[k - 1]) & gw::PREP != 0 {
            k -= 1;
        }
        k > 1
            && matches!(lex.verb_forms.get(&s.toks[k - 1]), Some(Form::PastOrParticiple | Form::Participle))
            && lex.flags(s.toks[k - 2]) & (gw::BE | gw::PRON) == 0
            && s.np_at[k - 2].is_none_or(|n| !s.nps[n].is_resolved())
            && !matches.iter().any(|m| m.words.contains(&(k - 1)))
    };
    let participle: Vec<bool> = dates.iter().map(participle_date).collect();
    let mut own_key: Vec<Option<(bool, bool, bool, usize)>> = vec![None; matches.len()];
    for (d, _) in dates.iter().zip(&participle).filter(|(_, &p)| !p) {
        // A date inside a relative clause or apposition belongs to that clause.
        let mask = s.masks.iter().find(|&&(a, b)| d.start >= a && d.end <= b).copied();
        let same_clause = |m: &Match| {
            mask.is_none_or(|(a, b)| m.anchor_start >= a && m.anchor_start < b)
                && (!d.forward_only || m.anchor_start >= d.end)
        };
        // A noun's date ("the border clashes of September") yields to a verb's own.
        // So does a count that dates another act ("three weeks after the clashes").
        let attributive = d.start > 0 && s.norms[d.start - 1] == "of" || d.background;
        // "In January 2025, according to Hurriyet, the minister asked ...": the date is the
        // reported event's; a verb of saying takes one only when no other verb can.
        let nearest = matches
            .iter()
            .enumerate()
            .filter(|(mi, m)| eligible[*mi] && same_clause(m))
            .map(|(mi, m)| {
                let gap = if d.end <= m.anchor_start {
                    m.anchor_start - d.end
                } else {
                    d.start.saturating_sub(m.end)
                };
                // "held talks in Cairo on Wednesday after meeting ...": a subordinator
                // between the date and a later verb puts that verb in another clause.
                // ("On 13 September, after Azerbaijani forces shelled Jermuk, Armenia
                // asked ...": the date is the main clause's, after the subordinate one.)
                // (Back from the verb to the date: a subordinator before any comma.)
                let crosses = d.end <= m.anchor_start
                    && (d.end..m.anchor_start)
                        .rev()
                        .take_while(|&k| s.toks[k] != lex.word(","))
                        .any(|k| lex.cues(s.toks[k]) & cue::SUBJECT_OPENER != 0);
                (mi, (drafts[mi].speech, crosses, attributive, gap))
            })
            .min_by_key(|&(_, key)| key);
        // Two dates nearest one verb: the nearer is its own ("ratified it on 3 October,
        // and three days later Moscow recalled its ambassador": the count).
        if let Some((mi, key)) = nearest {
            if own_key[mi].is_none_or(|k| key < k) {
                own_date[mi] = Some(d);
                own_key[mi] = Some(key);
            }
        }
    }
    let owned: Vec<bool> = dates
        .iter()
        .zip(&participle)
        .map(|(d, &p)| p || own_date.iter().any(|od| od.is_some_and(|x| x == d)))
        .collect();
    // An event still to come (hypothetical, planned, asked about) takes a date written
    // without a year forward: the coming one, not the last.
    let when = |mi: usize, d: &DateExpr| -> NaiveDate {
        let ahead =
            matches!(drafts[mi].modality, Modality::Hypothetical | Modality::Planned | Modality::Questioned);
        d.ahead.filter(|_| ahead).unwrap_or(d.date)
    };
    let narrative = state.narrative(story.date);
    let date_of = |mi: usize| -> (NaiveDate, DatePrecision, DateSource) {
        if let Some(d) = own_date[mi] {
            return (when(mi, d), d.precision, DateSource::Text);
        }
        if !drafts[mi].speech {
            let m = &matches[mi];
            let best = dates
                .iter()
                .enumerate()
                .filter(|(k, d)| {
                    !owned[*k]
                        && (!d.forward_only || m.anchor_start >= d.end)
                        && s.masks.iter().all(|&(a, b)| {
                            !(d.start >= a && d.end <= b) || (m.anchor_start >= a && m.anchor_start < b)
                        })
                })
                .min_by_key(|(_, d)| {
                    if d.end <= m.anchor_start {
                        m.anchor_start - d.end
                    } else {
                        d.start.saturating_sub(m.end)
                    }
                });
            if let Some((_, d)) = best {
                return (when(mi, d), d.precision, DateSource::Text);
            }
            // "struck YPG positions on Wednesday as Ankara launched its offensive": a clause
            // of the same time shares the date right before its subordinator.
            let opener = (m.anchor_start.saturating_sub(5)..m.anchor_start)
                .rev()
                .find(|&k| matches!(s.norms[k], "as" | "while" | "when"));
            if let Some(d) = opener.and_then(|k| dates.iter().find(|d| d.end == k)) {
                return (when(mi, d), d.precision, DateSource::Text);
            }
            // "In November Washington urged Kyiv to ... . Ukrainian officials rejected the
            // proposal.": an act told in the past tense, with no date of its own, happened
            // at the narrative's time, the last date the text gave (not in a present
            // perfect, "has not closed", which is the story's time).
            let past = matches!(m.anchor_form, Some(Form::PastOrParticiple | Form::Past))
                && !(m.anchor_start.saturating_sub(3)..m.anchor_start)
                    .any(|k| matches!(s.norms[k], "has" | "have" | "'ve" | "is" | "are"));
            if let Some(r) = narrative
                // (Also an act negated, refused or denied in the past tense: "The Kremlin
                // denied that it had put pressure on Yerevan".)
                .filter(|_| {
                    past && matches!(
                        drafts[mi].modality,
                        Modality::Asserted
                            | Modality::Reported
                            | Modality::Negated
                            | Modality::Refused
                            | Modality::Denied
                    )
                })
            {
                return (r.date, r.precision, DateSource::Narrative);
            }
        }
        (story.date, DatePrecision::Day, DateSource::Story)
    };
    // A verb coordinated with the one before ("attacked X on Saturday, killing Y") and
    // without a date of its own shares that verb's date.
    let mut dated: Vec<(NaiveDate, DatePrecision, DateSource)> = Vec::with_capacity(matches.len());
    for mi in 0..matches.len() {
        let shared =
            own_date[mi].is_none() && mi > 0 && coordinated(lex, s, matches[mi].anchor_start).is_some();
        let d = if shared { dated[mi - 1] } else { date_of(mi) };
        dated.push(d);
    }
    dated
}
