//! Acts done at someone's request: "The CSTO sent troops to Kazakhstan at the request of
//! its president", "Rwanda deployed soldiers to Mozambique at the invitation of President
//! Nyusi", "at Baghdad's request". The one who asked appealed for the act: an appeal (02x,
//! refined by what was asked) from the asker to the one who acted, with the act as its
//! content, stated as the act is.

use quidpro_event::{ActorCode, Content, EventCode};

use super::content::refine_by_content;
use super::{source_phrase, Sentence};
use crate::actors::Np;
use crate::lexicon::Lexicon;
use crate::CodedEvent;

/// The nouns of asking in "at the request of X" and "at X's request".
const ASKING: &[&str] = &["request", "requests", "invitation", "behest", "urging"];

/// The appeals the sentence's phrases of asking tell, for the acts coded in `out`.
pub(super) fn requested(
    lex: &Lexicon,
    s: &Sentence,
    out: &[CodedEvent],
    date: chrono::NaiveDate,
) -> Vec<CodedEvent> {
    let mut found = Vec::new();
    for i in 0..s.toks.len() {
        if !matches!(s.norms[i], "at" | "upon" | "on") {
            continue;
        }
        let Some(np) = asker_at(s, i) else { continue };
        let Some(act) = out.iter().find(|e| {
            let root = e.event.code.root();
            !matches!(root, "01" | "02" | "03" | "10" | "12" | "13")
                && !e.event.modality.is_negative()
                && !e.event.source.is_none()
                && e.event.content.is_none()
        }) else {
            continue;
        };
        let Some(asker) = asker_code(lex, np, &act.event.target, date) else { continue };
        if asker.is_none() || asker.primary() == act.event.source.primary() {
            continue;
        }
        let generic = EventCode::parse("020").expect("CAMEO 020");
        let mut e = act.clone();
        e.event.content = Some(Box::new(Content {
            source: act.event.source.clone(),
            target: act.event.target.clone(),
            code: act.event.code,
            modality: act.event.modality,
            span: act.event.provenance.span,
            text: act.event.text.clone(),
        }));
        e.event.code = refine_by_content(generic, act.event.code);
        e.event.target = act.event.source.clone();
        e.event.source = asker;
        e.event.provenance.rule = "request: the act was done at the asker's request".to_string();
        source_phrase(lex, s, np, &mut e);
        e.explanation.target_span = act.explanation.source_span;
        e.explanation.target_entries = act.explanation.source_entries.clone();
        found.push(e);
    }
    found
}

/// The actor phrase of the one who asked, in "at the request of X" or "at X's request"
/// (also "upon", "on"; "invitation", "behest", "urging"), the preposition at `i`.
fn asker_at<'a>(s: &'a Sentence<'_>, i: usize) -> Option<&'a Np> {
    let at = |k: usize| s.norms.get(k).copied();
    if at(i + 1) == Some("the") && at(i + 2).is_some_and(|w| ASKING.contains(&w)) && at(i + 3) == Some("of") {
        return s.phrase_after_the(i + 4);
    }
    let np = s.phrase_at(i + 1)?;
    let mut k = np.end;
    if at(k) == Some("'s") || at(k) == Some("'") {
        k += 1;
    }
    at(k).is_some_and(|w| ASKING.contains(&w)).then_some(np)
}

/// The asker's code: the phrase's own, or for a role after a possessive pronoun ("at the
/// request of its president") that role of the state the act was done to.
fn asker_code(lex: &Lexicon, np: &Np, act_target: &ActorCode, date: chrono::NaiveDate) -> Option<ActorCode> {
    if np.is_resolved() {
        return np.code(lex, date);
    }
    let role = np.role?;
    if act_target.is_none() || act_target.is_transnational() {
        return None;
    }
    let state = ActorCode::parse(act_target.primary()).ok()?;
    Some(state.with_role(&lex.dict.agents[role as usize].code))
}
