//! Object words displaced before the verb: a pattern "$ VERB OBJECT PREP +" told in the
//! passive ("sanctions were imposed by Washington on Caracas") or in an object relative
//! clause ("the sanctions Washington imposed on Tehran"), where its object words stand
//! before the verb, not after it as the pattern has them.

use super::*;

/// The object words `w` of a pattern standing before its verb at `anchor`, a passive
/// participle with its agent after "by" (at `after`): "sanctions were imposed by
/// Washington", "the drones supplied by Iran to Russia". Only auxiliaries ("were", "have
/// been") may stand between the words and the verb.
pub(super) fn object_before(
    lex: &Lexicon,
    s: &Sentence,
    w: &crate::lexicon::Words,
    anchor: usize,
    after: usize,
) -> Option<(usize, usize)> {
    if !lex.verb_forms.get(&s.toks[anchor]).is_some_and(|f| f.is_participle())
        || s.toks.get(after) != Some(&lex.word("by"))
        || right_actor(lex, s, after + 1, 2).is_none()
    {
        return None;
    }
    let mut e = anchor;
    while e > 0
        && (lex.flags(s.toks[e - 1]) & gw::BE != 0 || matches!(s.norms[e - 1], "has" | "have" | "had"))
    {
        e -= 1;
    }
    let lo = e.saturating_sub(4);
    (lo..e).find_map(|j| find_words(lex, s, w, j).filter(|&(fj, fl)| fj == j && fj + fl == e))
}

/// The object words `w` of a pattern standing before the subject of its verb at `anchor`,
/// a past tense right after that subject, in a relative clause with or without "that" or
/// "which": "the sanctions Washington imposed on Tehran", "the memorandum that Ethiopia
/// signed with Somaliland".
pub(super) fn object_relative(
    lex: &Lexicon,
    s: &Sentence,
    w: &crate::lexicon::Words,
    anchor: usize,
) -> Option<(usize, usize)> {
    if !matches!(lex.verb_forms.get(&s.toks[anchor]), Some(Form::Past | Form::PastOrParticiple)) {
        return None;
    }
    let np = &s.nps[s.np_at[anchor.checked_sub(1)?]?];
    if np.end != anchor || !np.is_resolved() {
        return None;
    }
    let mut e = np.start;
    if e > 0 && matches!(s.norms[e - 1], "that" | "which") {
        e -= 1;
    }
    (e.saturating_sub(4)..e)
        .find_map(|j| find_words(lex, s, w, j).filter(|&(fj, fl)| fj == j && fj + fl == e))
}
