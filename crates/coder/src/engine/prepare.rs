//! Before matching: the discards that drop a sentence, and the clause masks (relative
//! clauses, appositions, parentheses) that keep their actors out of the main clause.

use super::*;

/// Whether a discard phrase or `together` line matches.
pub(super) fn discarded(lex: &Lexicon, toks: &[Tok], norms: &[&str]) -> bool {
    let mut seen: Vec<(u32, u32)> = Vec::new();
    let mut hit = false;
    for i in 0..toks.len() {
        lex.discards.all(&toks[i..], |_, values| {
            for v in values {
                match *v {
                    DiscardValue::Phrase(_) => hit = true,
                    DiscardValue::Part { line, part } => seen.push((line, part)),
                }
            }
        });
        if hit {
            return true;
        }
    }
    if lex.together.is_empty() {
        return false;
    }
    let has_score = norms.iter().any(|n| {
        if !n.as_bytes().contains(&b'-') {
            return false;
        }
        let mut it = n.splitn(2, '-');
        match (it.next(), it.next()) {
            (Some(a), Some(b)) => {
                !a.is_empty()
                    && !b.is_empty()
                    && a.len() <= 3
                    && b.len() <= 3
                    && a.bytes().all(|c| c.is_ascii_digit())
                    && b.bytes().all(|c| c.is_ascii_digit())
            }
            _ => false,
        }
    });
    lex.together.iter().enumerate().any(|(line, t)| {
        (0..t.parts).all(|p| {
            if t.score_parts.contains(&p) {
                has_score
            } else {
                seen.contains(&(line as u32, p))
            }
        })
    })
}

/// Relative clauses (", which ... ,"), appositions after a named actor (", a key US
/// ally,") and parentheses.
pub(super) fn masks(lex: &Lexicon, toks: &[Tok], nps: &[Np]) -> Vec<(usize, usize)> {
    let mut named_end = vec![false; toks.len()];
    for np in nps.iter().filter(|n| n.is_resolved()) {
        named_end[np.end - 1] = true;
    }
    let comma = lex.word(",");
    let open = lex.word("(");
    let close = lex.word(")");
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if toks[i] == open {
            if let Some(j) = (i + 1..toks.len()).find(|&j| toks[j] == close) {
                out.push((i, j + 1));
                i = j + 1;
                continue;
            }
        }
        // ", a key US ally," after a named actor: an apposition.
        // ", Armenia's treaty ally," (a possessive actor) likewise.
        let possessive_after = i + 1 < toks.len()
            && nps.iter().any(|np| np.start == i + 1 && toks.get(np.end) == Some(&lex.word("'s")));
        let apposition = toks[i] == comma
            && i > 0
            && named_end[i - 1]
            && i + 1 < toks.len()
            && (matches!(lex.flags(toks[i + 1]) & gw::DET, d if d != 0) && toks[i + 1] != lex.word("its")
                || possessive_after);
        if apposition {
            if let Some(end) = (i + 2..toks.len().min(i + 20)).find(|&j| toks[j] == comma) {
                out.push((i, end + 1));
                i = end + 1;
                continue;
            }
        }
        // ", until September the Taliban's main foreign backer, closed ...": any phrase
        // without a verb set off by commas after a named actor, before a verb, is one too.
        if toks[i] == comma && i > 0 && named_end[i - 1] {
            if let Some(end) = (i + 2..toks.len().min(i + 14)).find(|&j| toks[j] == comma) {
                let verbless = (i + 1..end).all(|j| {
                    lex.flags(toks[j]) & (gw::CLAUSE | gw::REL | gw::AND) == 0
                        && !lex.verb_forms.contains_key(&toks[j])
                });
                let verb_next =
                    toks.get(end + 1).is_some_and(|t| lex.verb_forms.get(t).is_some_and(|f| f.is_finite()));
                if verbless && verb_next {
                    out.push((i, end + 1));
                    i = end + 1;
                    continue;
                }
            }
        }
        if toks[i] == comma && i + 1 < toks.len() && lex.flags(toks[i + 1]) & gw::REL != 0 {
            let end = (i + 2..toks.len())
                .find(|&j| toks[j] == comma || lex.flags(toks[j]) & gw::CLAUSE != 0)
                .unwrap_or(toks.len());
            out.push((i, end));
            i = end;
            continue;
        }
        i += 1;
    }
    out
}
