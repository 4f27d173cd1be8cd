//! Names the dictionaries lack, learned from the story: a person introduced with the
//! office of a state ("Bulgaria's foreign minister Tomas Velikov", "Tomas Velikov,
//! Bulgaria's foreign minister,") is that state's agent wherever the story names them
//! again, by full name or surname ("Velikov later accused Ankara").

use super::*;

/// A person the story introduced with an office.
#[derive(Clone, Debug)]
pub(crate) struct Learned {
    /// The name's words, lower-case ("tomas", "velikov").
    words: Vec<String>,
    /// The office's phrase, whose country and role the name takes.
    np: Np,
}

/// Whether token `j` is a word of a name: a capitalised word that no actor phrase
/// covers, no function word, and not the sentence's first word.
fn name_word(lex: &Lexicon, s: &Sentence, text: &str, j: usize) -> bool {
    if j == 0
        || s.np_at[j].is_some()
        || lex.flags(s.toks[j]) != 0
        || lex.cues(s.toks[j]) != 0
        || crate::dates::is_time_word(s.norms[j])
    {
        return false;
    }
    let w = s.spans[j].slice(text);
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase) && w.chars().count() > 1 && chars.all(char::is_alphabetic)
}

/// Whether the sentence's first word, which `name_word` leaves out, may start a name: a
/// capitalised word of no actor phrase and no grammar class.
fn first_word_capital(lex: &Lexicon, s: &Sentence, text: &str) -> bool {
    s.np_at.first().is_some_and(Option::is_none)
        && lex.flags(s.toks[0]) == 0
        && s.spans[0].slice(text).starts_with(char::is_uppercase)
}

/// The run of name words that starts at `j`, as its end.
fn run_from(lex: &Lexicon, s: &Sentence, text: &str, j: usize) -> usize {
    let mut k = j;
    while k < s.toks.len() && k < j + 4 && name_word(lex, s, text, k) {
        k += 1;
    }
    k
}

/// An office of a state: a country with a role.
fn office(np: &Np) -> bool {
    matches!(np.head, Head::Country { .. }) && np.role.is_some() && !np.demonym
}

/// Learns the names the sentence introduces with an office: right after it ("Bulgaria's
/// foreign minister Tomas Velikov") or before it, set off by a comma ("Tomas Velikov,
/// Bulgaria's foreign minister,").
pub(super) fn learn(lex: &Lexicon, s: &Sentence, text: &str, learned: &mut Vec<Learned>) {
    let mut add = |a: usize, b: usize, np: &Np| {
        // A given name and a surname at least: one capitalised word is too often no name.
        if b < a + 2 {
            return;
        }
        let words: Vec<String> = (a..b).map(|k| s.norms[k].to_string()).collect();
        if !learned.iter().any(|l| l.words == words) {
            learned.push(Learned { words, np: np.clone() });
        }
    };
    for np in s.nps.iter().filter(|np| office(np)) {
        let b = run_from(lex, s, text, np.end);
        if b > np.end {
            add(np.end, b, np);
        }
        // "Tomas Velikov, Bulgaria's foreign minister," / "Tomas Velikov, the Bulgarian ..."
        let mut c = np.start;
        if c > 0 && lex.flags(s.toks[c - 1]) & gw::DET != 0 {
            c -= 1;
        }
        if c >= 2 && s.norms[c - 1] == "," {
            let end = c - 1;
            let mut a = end;
            while a > 0 && end - a < 4 && name_word(lex, s, text, a - 1) {
                a -= 1;
            }
            // The sentence's first word may start the name ("Tomas Velikov, ...").
            if a == 1 && end > 1 && first_word_capital(lex, s, text) {
                a = 0;
            }
            if a < end {
                add(a, end, np);
            }
        }
    }
}

/// Adds an actor phrase for each name the story learned that the sentence names again,
/// by its full name or its last word (the surname).
pub(super) fn apply(lex: &Lexicon, s: &mut Sentence, text: &str, learned: &[Learned]) {
    if learned.is_empty() {
        return;
    }
    let mut j = 0;
    let mut added = false;
    while j < s.toks.len() {
        if !(name_word(lex, s, text, j) || j == 0 && first_word_capital(lex, s, text)) {
            j += 1;
            continue;
        }
        let run = run_from(lex, s, text, j + 1).max(j + 1);
        let full = |end: usize| {
            learned
                .iter()
                .rev()
                .find(|l| l.words.iter().map(String::as_str).eq(s.norms[j..end].iter().copied()))
        };
        // The full name, else the surname alone ("On Tuesday Velikov said": not the run
        // "Tuesday Velikov").
        let surname = || {
            learned
                .iter()
                .rev()
                .find(|l| l.words.len() > 1 && l.words.last().is_some_and(|w| w == s.norms[j]))
        };
        let hit = full(run).map(|l| (l, run)).or_else(|| surname().map(|l| (l, j + 1)));
        if let Some((l, end)) = hit {
            let np = Np { start: j, end, ..l.np.clone() };
            let at = s.nps.iter().position(|n| n.start > j).unwrap_or(s.nps.len());
            s.nps.insert(at, np);
            added = true;
            j = end;
        } else {
            j += 1;
        }
    }
    if added {
        s.np_at = np_index(s.toks.len(), &s.nps);
    }
}
