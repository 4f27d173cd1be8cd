//! Tokenization with byte spans and normalized forms.
//!
//! Rules, shared by news text and dictionary phrases so that both split the same way:
//!
//! * A word is a run of letters and digits. An apostrophe between letters stays inside
//!   (`d'Ivoire`, `didn't`), except a final possessive `'s`/`’s`, which becomes a token of
//!   its own (`Azerbaijan's` → `azerbaijan` `'s`).
//! * A hyphen splits words (`Nagorno-Karabakh` → `nagorno` `-` `karabakh`), except between
//!   digits (`2-1`, `2–1` stay one token, normalized to `2-1`).
//! * A dotted abbreviation is one token (`U.S.` → `u.s.`); so is a number with `.` or `,`
//!   between digits (`2.5`, `1,000`). `US` written in capitals is normalized to `u.s.`
//!   (the United States), so that it never meets the pronoun `us`.
//! * Every other non-space character is a token of its own.
//! * The normalized form is lower case with accents and other scripts folded to ASCII
//!   (`Erdoğan` → `erdogan`, `Türkiye` → `turkiye`, `İstanbul` → `istanbul`); curly quotes
//!   and apostrophes become `"` and `'`, dashes `-`.

use quidpro_event::Span;

/// One token: where it stands and where its normalized form is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Bytes of the token in the original text.
    pub span: Span,
    norm: (u32, u32),
    /// Whether the token is a word or number (not punctuation).
    pub is_word: bool,
}

impl Token {
    /// The normalized form, from the tokenizer that made this token.
    pub fn norm<'a>(&self, tok: &'a Tokenizer) -> &'a str {
        &tok.buf[self.norm.0 as usize..self.norm.1 as usize]
    }
}

/// A reusable tokenizer: it keeps its buffers between calls.
#[derive(Debug, Default)]
pub struct Tokenizer {
    tokens: Vec<Token>,
    buf: String,
    /// Scratch: the characters of the text being tokenized, kept for the next text.
    chars: Vec<(usize, char)>,
}

/// Normalizes a phrase or word the way the tokenizer does, joining tokens with one space.
pub fn normalize(text: &str) -> String {
    let mut t = Tokenizer::new();
    t.tokenize(text);
    let mut out = String::new();
    for (i, tok) in t.tokens().iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(tok.norm(&t));
    }
    out
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '–' | '—' | '−')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`' | '´')
}

impl Tokenizer {
    /// A new tokenizer.
    pub fn new() -> Tokenizer {
        Tokenizer::default()
    }

    /// The tokens of the last call to [`Tokenizer::tokenize`].
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The normalized form of the `i`-th token of the last call.
    pub fn norm(&self, i: usize) -> &str {
        self.tokens[i].norm(self)
    }

    /// Tokenizes `text`; spans are offsets into `text`.
    pub fn tokenize(&mut self, text: &str) -> &[Token] {
        self.tokenize_at(text, 0)
    }

    /// Tokenizes `text`, adding `base` to every span (for a sentence inside a story).
    pub fn tokenize_at(&mut self, text: &str, base: usize) -> &[Token] {
        self.tokens.clear();
        self.buf.clear();
        let mut chars = std::mem::take(&mut self.chars);
        chars.clear();
        chars.extend(text.char_indices());
        let n = chars.len();
        let end_of = |k: usize| if k < n { chars[k].0 } else { text.len() };
        let mut k = 0;
        while k < n {
            let c = chars[k].1;
            if c.is_whitespace() {
                k += 1;
                continue;
            }
            let start = k;
            if c.is_alphanumeric() {
                // Dotted abbreviation: L.L.(L.)*
                let mut j = k;
                while j + 1 < n && chars[j].1.is_alphabetic() && chars[j + 1].1 == '.' {
                    j += 2;
                    if j >= n || !chars[j].1.is_alphabetic() {
                        break;
                    }
                    if j + 1 < n && chars[j + 1].1.is_alphabetic() {
                        break;
                    }
                }
                if j >= k + 4 && (j >= n || !chars[j].1.is_alphanumeric()) {
                    self.push(text, &chars, start, j, base);
                    k = j;
                    continue;
                }
                // Plain word.
                let mut j = k + 1;
                loop {
                    while j < n && chars[j].1.is_alphanumeric() {
                        j += 1;
                    }
                    if j + 1 < n {
                        let (p, q, r) = (chars[j - 1].1, chars[j].1, chars[j + 1].1);
                        let digits = p.is_ascii_digit() && r.is_ascii_digit();
                        if digits && (matches!(q, '.' | ',') || is_hyphen(q)) {
                            j += 2;
                            continue;
                        }
                        if is_apostrophe(q) && p.is_alphabetic() && r.is_alphabetic() {
                            let possessive =
                                matches!(r, 's' | 'S') && (j + 2 >= n || !chars[j + 2].1.is_alphanumeric());
                            if !possessive {
                                j += 2;
                                continue;
                            }
                        }
                    }
                    break;
                }
                if j == k + 2 && chars[k].1 == 'U' && chars[k + 1].1 == 'S' {
                    // "US" in capitals is the United States, never the pronoun "us".
                    let a = self.buf.len() as u32;
                    self.buf.push_str("u.s.");
                    let span = Span::new(base + chars[k].0, base + end_of(j));
                    self.tokens.push(Token { span, norm: (a, a + 4), is_word: true });
                } else {
                    self.push(text, &chars, start, j, base);
                }
                // Possessive 's as its own token.
                if j + 1 < n && is_apostrophe(chars[j].1) && matches!(chars[j + 1].1, 's' | 'S') {
                    let after = j + 2;
                    if after >= n || !chars[after].1.is_alphanumeric() {
                        let s = Span::new(base + end_of(j), base + end_of(after));
                        let a = self.buf.len() as u32;
                        self.buf.push_str("'s");
                        self.tokens.push(Token { span: s, norm: (a, a + 2), is_word: true });
                        k = after;
                        continue;
                    }
                }
                k = j;
                continue;
            }
            // Punctuation: one character.
            let a = self.buf.len() as u32;
            let folded = match c {
                '“' | '”' | '«' | '»' | '„' | '″' => '"',
                c if is_apostrophe(c) || matches!(c, '‘' | '‚') => '\'',
                c if is_hyphen(c) => '-',
                c => c,
            };
            self.buf.push(folded);
            let s = Span::new(base + chars[k].0, base + end_of(k + 1));
            self.tokens.push(Token { span: s, norm: (a, self.buf.len() as u32), is_word: false });
            k += 1;
        }
        self.chars = chars;
        &self.tokens
    }

    fn push(&mut self, text: &str, chars: &[(usize, char)], from: usize, to: usize, base: usize) {
        let a = self.buf.len() as u32;
        for &(_, c) in &chars[from..to] {
            fold_into(c, &mut self.buf);
        }
        let end = if to < chars.len() { chars[to].0 } else { text.len() };
        let span = Span::new(base + chars[from].0, base + end);
        self.tokens.push(Token { span, norm: (a, self.buf.len() as u32), is_word: true });
    }
}

fn fold_into(c: char, buf: &mut String) {
    if c.is_ascii() {
        buf.push(c.to_ascii_lowercase());
    } else if is_apostrophe(c) {
        buf.push('\'');
    } else if is_hyphen(c) {
        buf.push('-');
    } else if let Some(s) = deunicode::deunicode_char(c) {
        for b in s.chars() {
            if b.is_ascii_alphanumeric() || b == '\'' {
                buf.push(b.to_ascii_lowercase());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        let mut t = Tokenizer::new();
        t.tokenize(text);
        (0..t.tokens().len()).map(|i| t.norm(i).to_string()).collect()
    }

    #[test]
    fn words_possessives_and_punctuation() {
        assert_eq!(
            norms("Azerbaijan's army, Erdoğan’s jets."),
            ["azerbaijan", "'s", "army", ",", "erdogan", "'s", "jets", "."]
        );
        assert_eq!(norms("didn't cross"), ["didn't", "cross"]);
        assert_eq!(norms("Côte d'Ivoire"), ["cote", "d'ivoire"]);
        assert_eq!(norms("the allies' plan"), ["the", "allies", "'", "plan"]);
    }

    #[test]
    fn hyphens_abbreviations_numbers() {
        assert_eq!(norms("Nagorno-Karabakh"), ["nagorno", "-", "karabakh"]);
        assert_eq!(norms("won 2-1 and 3–0"), ["won", "2-1", "and", "3-0"]);
        assert_eq!(norms("U.S. and U.N."), ["u.s.", "and", "u.n."]);
        assert_eq!(norms("at 2.5 percent, 1,000 troops"), ["at", "2.5", "percent", ",", "1,000", "troops"]);
        assert_eq!(norms("R. Erdogan"), ["r", ".", "erdogan"]);
        assert_eq!(norms("e.g. this"), ["e.g.", "this"]);
        assert_eq!(norms("US troops told us"), ["u.s.", "troops", "told", "us"]);
        assert_eq!(norms("the US's"), ["the", "u.s.", "'s"]);
    }

    #[test]
    fn folding() {
        assert_eq!(norms("Türkiye İstanbul ŞAHİN Москва"), ["turkiye", "istanbul", "sahin", "moskva"]);
        assert_eq!(normalize("  Republic of  Türkiye "), "republic of turkiye");
    }

    #[test]
    fn spans_point_into_text() {
        let text = "Erdoğan’s visit";
        let mut t = Tokenizer::new();
        let toks = t.tokenize_at(text, 100).to_vec();
        let shifted: Vec<&str> =
            toks.iter().map(|k| Span::new(k.span.start - 100, k.span.end - 100).slice(text)).collect();
        assert_eq!(shifted, ["Erdoğan", "’s", "visit"]);
    }
}
