//! Sentence splitting.
//!
//! A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets after it) that
//! is followed by white space and then a capital letter, a digit or an opening quote or
//! bracket; and at every blank line. A full stop does **not** end a sentence after:
//!
//! * a title or other abbreviation that news puts before a name or number ("Gen.",
//!   "Lt.", "Mr.", "Dr.", "Gov.", "Sen.", "No.", "St.") or a month ("Jan. 24");
//! * a single capital letter, an initial ("R. Erdogan", "George W. Bush");
//! * a dotted abbreviation ("U.S.", "U.N.", "a.m.") unless the next word is one that
//!   usually opens a sentence ("The", "He", "It", "But", ...).

use quidpro_event::Span;

const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "adm", "cmdr", "gov",
    "sen", "rep", "sec", "amb", "pres", "rev", "st", "jr", "sr", "messrs", "mt", "ft", "no", "nos", "vol",
    "art", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs",
    "approx", "est", "dept", "gen'l", "brig", "insp", "supt", "hon", "atty", "pp", "para", "ch",
];

const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "in",
    "on",
    "at",
    "but",
    "and",
    "however",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "its",
    "their",
    "there",
    "meanwhile",
    "after",
    "before",
    "earlier",
    "later",
    "officials",
    "according",
    "while",
    "when",
    "if",
    "as",
    "since",
    "last",
    "on",
    "for",
    "some",
    "many",
    "both",
];

/// Splits `text` into sentences; each span is trimmed of surrounding white space and
/// indexes `text`. Empty input gives no sentence.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // A blank line (two newlines with only spaces between) always ends a sentence.
        if b == b'\n' {
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' {
                if start < i {
                    push(text, start, i, &mut out);
                }
                start = start.max(j + 1);
                i = j + 1;
                continue;
            }
        }
        if matches!(b, b'.' | b'!' | b'?') {
            // Swallow runs of terminal punctuation and closing quotes/brackets.
            let mut end = i + 1;
            while end < bytes.len() && matches!(bytes[end], b'.' | b'!' | b'?') {
                end += 1;
            }
            end = skip_closers(text, end);
            let next = skip_space(bytes, end);
            if next > end
                && next < bytes.len()
                && opens_sentence(&text[next..])
                && (b != b'.' || end > i + 1 || !is_abbreviation(text, i, &text[next..]))
            {
                push(text, start, end, &mut out);
                start = next;
            }
            i = end.max(i + 1);
            continue;
        }
        i += 1;
    }
    push(text, start, bytes.len(), &mut out);
    out
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(Span::new(start + lead, end - trail));
    }
}

fn skip_closers(text: &str, mut i: usize) -> usize {
    while let Some(c) = text[i..].chars().next() {
        if matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '»') {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

fn opens_sentence(rest: &str) -> bool {
    match rest.chars().next() {
        Some(c) => {
            c.is_uppercase()
                || c.is_ascii_digit()
                || matches!(c, '"' | '\'' | '(' | '[' | '“' | '‘' | '«' | '-' | '—')
        }
        None => false,
    }
}

/// Whether the full stop at `dot` closes an abbreviation rather than a sentence.
fn is_abbreviation(text: &str, dot: usize, next: &str) -> bool {
    let before = &text[..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '\''))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    let next_word: String =
        next.chars().take_while(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    // Dotted abbreviations: U.S. / U.N. / a.m.
    if word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.') {
        return !OPENERS.contains(&next_word.as_str());
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        // A single capital letter: an initial.
        return c.is_uppercase();
    }
    let lower = word.to_lowercase();
    TITLES.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let t = "R. Erdogan met Gen. Milley on Jan. 24 in the U.S. capital. The talks ended. \
                 Lt. Col. Ivanov said so.";
        assert_eq!(
            split(t),
            [
                "R. Erdogan met Gen. Milley on Jan. 24 in the U.S. capital.",
                "The talks ended.",
                "Lt. Col. Ivanov said so."
            ]
        );
    }

    #[test]
    fn dotted_abbreviation_at_sentence_end() {
        let t = "Turkey criticised the U.S. The ministry said so.";
        assert_eq!(split(t), ["Turkey criticised the U.S.", "The ministry said so."]);
        let t = "U.S. President Joe Biden called. U.N. officials left.";
        assert_eq!(split(t), ["U.S. President Joe Biden called.", "U.N. officials left."]);
    }

    #[test]
    fn quotes_questions_and_paragraphs() {
        let t = "\"We will respond,\" he said. \"Why?\" she asked.\n\nA heading\n\nNext one";
        assert_eq!(
            split(t),
            ["\"We will respond,\" he said.", "\"Why?\" she asked.", "A heading", "Next one"]
        );
    }

    #[test]
    fn lower_case_after_period_and_numbers() {
        let t = "It rose 2.5 percent. vs. nothing. 2024 was hard.";
        assert_eq!(split(t), ["It rose 2.5 percent. vs. nothing.", "2024 was hard."]);
    }

    #[test]
    fn empty_and_blank() {
        assert!(sentences("").is_empty());
        assert!(sentences("  \n\n \n").is_empty());
    }

    #[test]
    fn spans_index_the_original_text() {
        let t = "  Ankara said.   Baku   agreed!  ";
        let s = sentences(t);
        assert_eq!(s, [Span::new(2, 14), Span::new(17, 31)]);
    }
}

#[cfg(test)]
mod props {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn spans_are_ordered_and_on_char_boundaries(text in "\\PC{0,200}") {
            let spans = super::sentences(&text);
            let mut last = 0;
            for s in spans {
                prop_assert!(s.start >= last && s.start < s.end && s.end <= text.len());
                prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                last = s.end;
            }
        }

        #[test]
        fn tokens_are_ordered_and_on_char_boundaries(text in "\\PC{0,200}") {
            let mut t = crate::Tokenizer::new();
            let mut last = 0;
            for tok in t.tokenize(&text) {
                prop_assert!(tok.span.start >= last && tok.span.start < tok.span.end);
                prop_assert!(text.is_char_boundary(tok.span.start) && text.is_char_boundary(tok.span.end));
                last = tok.span.end;
            }
        }
    }
}
