//! English verb forms: generated regular forms plus the irregular table.
//!
//! Regular forms over-generate on purpose: where the spelling rule depends on stress
//! (`visit` → `visited`, `commit` → `committed`) both spellings are produced; the wrong
//! one never occurs in text, so it costs nothing but a table entry.

/// The grammatical form of a verb token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Form {
    /// `attack`
    Base,
    /// `attacks`
    Third,
    /// `attacked` (past tense and, for regular verbs, participle)
    PastOrParticiple,
    /// `struck` as past tense only (irregular)
    Past,
    /// `stricken`, `held` as participle (irregular)
    Participle,
    /// `attacking`
    Ing,
    /// `suspension`, `withdrawal`: a noun of the verb's act (`noun` entries)
    Noun,
}

impl Form {
    /// Whether the form can be a past participle (for the passive).
    pub fn is_participle(self) -> bool {
        matches!(self, Form::PastOrParticiple | Form::Participle)
    }

    /// Whether the form can be a finite verb told of its subject: `attacks`, `attacked`,
    /// `struck`.
    pub fn is_finite(self) -> bool {
        matches!(self, Form::Third | Form::PastOrParticiple | Form::Past)
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Whether the word ends consonant-vowel-consonant (doubling candidate: `ban`, `commit`).
fn cvc(w: &[u8]) -> bool {
    let n = w.len();
    n >= 3
        && !is_vowel(w[n - 1])
        && !matches!(w[n - 1], b'w' | b'x' | b'y')
        && is_vowel(w[n - 2])
        && !is_vowel(w[n - 3])
}

/// The regular forms of `base`, each with its form.
pub fn regular(base: &str) -> Vec<(String, Form)> {
    let b = base.as_bytes();
    let mut out = vec![(base.to_string(), Form::Base)];
    if b.is_empty() || !base.is_ascii() {
        return out;
    }
    let last = b[b.len() - 1];
    let stem = &base[..base.len() - 1];
    // third person
    if base.ends_with('s')
        || base.ends_with('x')
        || base.ends_with('z')
        || base.ends_with("ch")
        || base.ends_with("sh")
        || base.ends_with('o')
    {
        out.push((format!("{base}es"), Form::Third));
    } else if last == b'y' && b.len() > 1 && !is_vowel(b[b.len() - 2]) {
        out.push((format!("{stem}ies"), Form::Third));
    } else {
        out.push((format!("{base}s"), Form::Third));
    }
    // past / participle and -ing
    if last == b'e' {
        out.push((format!("{base}d"), Form::PastOrParticiple));
        if base.ends_with("ee") || base.ends_with("ye") || base.ends_with("oe") {
            out.push((format!("{base}ing"), Form::Ing));
        } else if let Some(root) = base.strip_suffix("ie") {
            out.push((format!("{root}ying"), Form::Ing));
        } else {
            out.push((format!("{stem}ing"), Form::Ing));
        }
    } else if last == b'y' && b.len() > 1 && !is_vowel(b[b.len() - 2]) {
        out.push((format!("{stem}ied"), Form::PastOrParticiple));
        out.push((format!("{base}ing"), Form::Ing));
    } else {
        out.push((format!("{base}ed"), Form::PastOrParticiple));
        out.push((format!("{base}ing"), Form::Ing));
        if cvc(b) || (last == b'l' && b.len() > 2 && is_vowel(b[b.len() - 2])) {
            let c = last as char;
            out.push((format!("{base}{c}ed"), Form::PastOrParticiple));
            out.push((format!("{base}{c}ing"), Form::Ing));
        }
        if last == b'c' {
            out.push((format!("{base}ked"), Form::PastOrParticiple));
            out.push((format!("{base}king"), Form::Ing));
        }
    }
    out
}

/// All forms of a verb: regular ones, replaced or extended by an irregular entry.
pub fn forms(base: &str, irregular: Option<&quidpro_dict::Irregular>) -> Vec<(String, Form)> {
    let mut out = regular(base);
    if let Some(irr) = irregular {
        // Irregular past and participle replace the generated -ed forms unless they are
        // the same spelling.
        out.retain(|(w, f)| *f != Form::PastOrParticiple || *w == irr.past || *w == irr.participle);
        if irr.past == irr.participle {
            out.push((irr.past.clone(), Form::PastOrParticiple));
        } else {
            out.push((irr.past.clone(), Form::Past));
            out.push((irr.participle.clone(), Form::Participle));
        }
        for m in &irr.more {
            let form = if m.ends_with("ing") {
                Form::Ing
            } else if m.ends_with('s') && !m.ends_with("ss") {
                Form::Third
            } else {
                Form::Participle
            };
            out.push((m.clone(), form));
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(base: &str) -> Vec<String> {
        regular(base).into_iter().map(|(w, _)| w).collect()
    }

    #[test]
    fn regular_spelling_rules() {
        assert_eq!(words("attack"), ["attack", "attacks", "attacked", "attacking"]);
        assert_eq!(words("deny"), ["deny", "denies", "denied", "denying"]);
        assert_eq!(words("move"), ["move", "moves", "moved", "moving"]);
        assert_eq!(words("agree"), ["agree", "agrees", "agreed", "agreeing"]);
        assert_eq!(words("approach"), ["approach", "approaches", "approached", "approaching"]);
        assert!(words("ban").contains(&"banned".to_string()));
        assert!(words("commit").contains(&"committed".to_string()));
        assert!(words("visit").contains(&"visited".to_string()));
        assert!(words("patrol").contains(&"patrolled".to_string()));
        assert!(words("stay").contains(&"stayed".to_string()));
        assert!(words("panic").contains(&"panicked".to_string()));
    }

    #[test]
    fn irregular_replaces_past() {
        let irr = quidpro_dict::Irregular {
            base: "strike".into(),
            past: "struck".into(),
            participle: "struck".into(),
            more: vec!["stricken".into()],
            origin: quidpro_dict::Origin { file: "x".into(), line: 1 },
        };
        let f = forms("strike", Some(&irr));
        let w: Vec<&str> = f.iter().map(|(w, _)| w.as_str()).collect();
        assert!(w.contains(&"struck") && w.contains(&"striking") && w.contains(&"stricken"));
        assert!(!w.contains(&"striked"));
        assert!(f.iter().any(|(w, form)| w == "struck" && form.is_participle()));
    }
}
