//! Verb files: TABARI `.verbs` (`CAMEO.091003.master.verbs`) and PETRARCH2 verb
//! dictionaries (`CAMEO.2.0.txt`). The dialect is PETRARCH's when the file has `---`
//! block headers, TABARI's otherwise.
//!
//! ```text
//! &CURRENCY                        PETRARCH synset, its phrases on `+` lines
//! +DOLLAR                          (regular plural added unless the phrase or the
//! +CASH_                            synset's name ends with `_`)
//! --- ACCELERATE [---] ---         PETRARCH block: header code for its verbs
//! RUSH                             verbs of the block (regular forms generated)
//! SPEED {SPEEDING SPEEDS SPED}     irregular forms given: only those
//! +ASK_FOR {+ASKED_FOR} [020]      compound verb (`+` marks the verb), own code
//! - * (TO BORDER)   [154] # RUSH   pattern; `*` is the verb's position
//! ~ a (a b ATTACK) SAY = a b 015   transformation (not mapped)
//!
//! ACCUS  [112] ;jw                 TABARI verb (a stem) with its own code
//! - * + OF_ { SPYING | ESPIONAGE } [1125]
//! - % * EACH OTHER  [112:112]
//! ```
//!
//! # Mapping into [`Pattern`]s
//!
//! * A verb line with a code (its own, or in PETRARCH the block's) gives the pattern
//!   `$ VERB +` with that code; `[---]` gives none.
//! * `*` becomes a word element whose alternatives are the block's verbs: a verb without
//!   braces is [`Item::Verb`] (all regular forms); with braces, the verb as written and
//!   each listed form, as words. In a compound verb (`+CORDON_OFF`, `WIRE_+TAP`) the
//!   other words stand before or after it consecutively. `*_AND_KILLED` and `WAS_*`
//!   join words to the verb.
//! * `$` is the source, `+` the target, `%` (a compound actor) the source with the
//!   pattern flagged `[mutual]`. `^` (skip a phrase) is dropped: quidpro allows up to
//!   three words between two elements anyway (approximated).
//! * A pattern without `$` or `%` gets `$` at its start (the subject, as in both
//!   programs); one without `+` gets `+` at its end (the first actor after the last
//!   word, optional in quidpro), or at its start when `$` stands further on
//!   (`- * BY_ $`: the subject is the target).
//! * Words: TABARI words are stems unless they end with `_` (`VIOLAT` matches
//!   `violated`, `violating`): a stem of four letters or more that is no function word
//!   becomes the regular verb forms of the stem and of the stem + `e` (noun
//!   derivations such as `violation` are not matched). PETRARCH words are nouns: the
//!   word and, for the head (last word) of four letters or more that is no function
//!   word, its regular plural. `A_B` is consecutive words. TABARI's
//!   `{ A | B C }` are alternatives; PETRARCH's `{FINANCIAL AID}` is a noun phrase
//!   (consecutive words) and `(FOR AID)` a prepositional phrase (its words in order:
//!   quidpro has no syntax, so PETRARCH's tree patterns become word sequences).
//! * `&NAME` is the synset's phrases (a synset must be defined before it is used).
//! * Codes: `[A]`; `[A:A]` is `A` with `[mutual]`; `[A:B]` is `A` source to target, the
//!   reverse event `B` is dropped (approximated).
//!
//! Not mapped (reported): `[---]` patterns (PETRARCH and TABARI use them to stop a
//! verb's default code: quidpro has no such negative pattern), `[###]` (TABARI's
//! discard code), reverse-only codes `[:B]`, codes with a TABARI marker (`[100!]`),
//! codes that are not CAMEO 1.1b3 codes, transformations (`~`), patterns without `*`,
//! a target before the verb with no source (`- + * ROCKET`: whose act is unknown),
//! undefined synsets, patterns whose slots end up side by side or doubled, and lines
//! outside any block.

use std::collections::HashMap;

use crate::field::{bracket, plural, Ctx};
use crate::{Alternative, Dictionary, Element, Item, Pattern, PatternFlags, Slot};
use quidpro_event::EventCode;

/// The most alternatives one element may expand to.
const MAX_ALTS: usize = 512;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Petrarch,
    Tabari,
}

/// Words that are never stems, even in TABARI.
const FUNCTION_WORDS: &[&str] = &[
    "also", "been", "being", "cannot", "could", "does", "done", "each", "from", "have", "into", "made",
    "make", "might", "more", "most", "must", "never", "once", "only", "onto", "other", "over", "said",
    "says", "shall", "should", "than", "that", "their", "them", "then", "there", "these", "they", "this",
    "those", "under", "upon", "were", "what", "when", "where", "which", "while", "will", "with", "would",
    "your",
];

struct Block {
    line: usize,
    /// The header code (PETRARCH) or the verb's own code (TABARI).
    code: Option<String>,
    /// Verbs: their alternatives and their own code.
    verbs: Vec<(usize, Vec<Alternative>, Option<String>)>,
    /// Pattern lines: (line number, text).
    patterns: Vec<(usize, String)>,
}

struct Reader<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    dialect: Dialect,
    synsets: HashMap<String, Vec<Alternative>>,
}

/// Reads a verbs file.
pub(crate) fn read(ctx: &mut Ctx, text: &str, dict: &mut Dictionary) {
    let lines = super::content_lines(text, true);
    let dialect = if lines.iter().any(|l| l.text.trim_start().starts_with("---")) {
        Dialect::Petrarch
    } else {
        Dialect::Tabari
    };
    let mut r = Reader { ctx, dialect, synsets: HashMap::new() };
    let mut synset: Option<(String, bool, Vec<Alternative>)> = None;
    let mut block: Option<Block> = None;
    for l in &lines {
        let t = l.text.trim();
        if let Some(name) = t.strip_prefix('&').filter(|_| block.is_none() || dialect == Dialect::Petrarch) {
            if let Some((n, _, alts)) = synset.take() {
                r.synsets.insert(n, alts);
            }
            let name = format!("&{}", name.split_whitespace().next().unwrap_or(""));
            let no_plural = name.ends_with('_');
            synset = Some((name, no_plural, Vec::new()));
            continue;
        }
        if let (Some(p), Some((_, no_plural, alts))) = (t.strip_prefix('+'), synset.as_mut()) {
            let words: Vec<&str> = p.split(['_', ' ']).filter(|w| !w.is_empty()).collect();
            let exact = *no_plural || p.trim_end().ends_with('_');
            if words.is_empty() {
                r.ctx.unmapped(l.n, "empty synset phrase", t);
                continue;
            }
            let joined = words.join(" ").to_lowercase();
            alts.push(Alternative { items: joined.split(' ').map(|w| Item::Word(w.into())).collect() });
            if !exact {
                if let Some(pl) = plural(&joined) {
                    alts.push(Alternative { items: pl.split(' ').map(|w| Item::Word(w.into())).collect() });
                }
            }
            continue;
        }
        if let Some((n, _, alts)) = synset.take() {
            r.synsets.insert(n, alts);
        }
        if t.starts_with("---") {
            if let Some(b) = block.take() {
                r.finish(b, dict);
            }
            let code = bracket(t).map(|(c, _)| c.to_string());
            block = Some(Block { line: l.n, code, verbs: vec![], patterns: vec![] });
        } else if t.starts_with('~') {
            r.ctx.unmapped(l.n, "verb transformation (~)", t);
        } else if let Some(p) = t.strip_prefix('-') {
            match block.as_mut() {
                Some(b) => b.patterns.push((l.n, p.trim().to_string())),
                None => r.ctx.unmapped(l.n, "pattern outside a verb block", t),
            }
        } else if dialect == Dialect::Tabari {
            if let Some(b) = block.take() {
                r.finish(b, dict);
            }
            let mut b = Block { line: l.n, code: None, verbs: vec![], patterns: vec![] };
            r.verb_line(l.n, t, &mut b);
            block = Some(b);
        } else {
            match block.as_mut() {
                Some(b) => r.verb_line(l.n, t, b),
                None => r.ctx.unmapped(l.n, "verb outside a block", t),
            }
        }
    }
    if let Some((n, _, alts)) = synset.take() {
        r.synsets.insert(n, alts);
    }
    if let Some(b) = block.take() {
        r.finish(b, dict);
    }
}

/// A code as written in brackets, mapped: `Ok((code, mutual, reverse dropped))`.
fn code(s: &str) -> Result<(EventCode, bool, Option<String>), &'static str> {
    let s = s.trim();
    if s == "---" || s.is_empty() {
        return Err("null code [---] (no event)");
    }
    if s == "###" {
        return Err("discard code [###]");
    }
    let (a, b) = match s.split_once(':') {
        Some((a, b)) => (a.trim(), Some(b.trim())),
        None => (s, None),
    };
    if a.is_empty() {
        return Err("reverse-only code [:B]");
    }
    if a == "---" {
        return Err("null code [---] (no event)");
    }
    if !a.bytes().all(|c| c.is_ascii_digit()) {
        return Err("code with a marker or letters (not CAMEO)");
    }
    let c = EventCode::parse(a).map_err(|_| "code not in CAMEO 1.1b3")?;
    match b {
        None => Ok((c, false, None)),
        Some(b) if b == a => Ok((c, true, None)),
        Some(b) => Ok((c, false, Some(b.to_string()))),
    }
}

/// Tokens of a pattern body: words, `{...}` groups; parentheses are separators.
fn tokens(s: &str) -> Result<Vec<String>, &'static str> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '{' => {
                if depth == 0 && !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                depth += 1;
                cur.push(c);
            }
            '}' => {
                if depth == 0 {
                    return Err("unbalanced braces");
                }
                depth -= 1;
                cur.push(c);
                if depth == 0 {
                    out.push(std::mem::take(&mut cur));
                }
            }
            '(' | ')' if depth == 0 => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c if c.is_whitespace() && depth == 0 => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if depth != 0 {
        return Err("unbalanced braces");
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Every combination of one alternative per position, concatenated.
fn product(parts: &[Vec<Alternative>]) -> Result<Vec<Alternative>, &'static str> {
    let mut out = vec![Alternative { items: vec![] }];
    for p in parts {
        if out.len() * p.len() > MAX_ALTS {
            return Err("too many alternatives");
        }
        out = out
            .iter()
            .flat_map(|o| {
                p.iter()
                    .map(move |a| Alternative { items: o.items.iter().chain(&a.items).cloned().collect() })
            })
            .collect();
    }
    Ok(out)
}

fn words(ws: &[&str]) -> Alternative {
    Alternative { items: ws.iter().map(|w| Item::Word(w.to_lowercase())).collect() }
}

impl Reader<'_, '_> {
    /// The alternatives of one word as written (stems and plurals by dialect).
    fn word(&self, w: &str) -> Result<Vec<Alternative>, &'static str> {
        self.word_as(w, true)
    }

    /// [`Reader::word`]; `head` is false for a word before the head of a noun phrase
    /// (no plural).
    fn word_as(&self, w: &str, head: bool) -> Result<Vec<Alternative>, &'static str> {
        if w.contains(['$', '+', '%', '^', '*', '[', ']', '|', '{', '}']) {
            return Err("slot or marker joined to a word");
        }
        if let Some(name) = w.strip_prefix('&') {
            return self.synset(name);
        }
        let exact = w.ends_with('_');
        let parts: Vec<&str> = w.split('_').filter(|p| !p.is_empty()).collect();
        let Some((last, init)) = parts.split_last() else { return Err("empty word") };
        let init: Vec<Alternative> = init.iter().map(|p| words(&[p])).collect();
        let last_lower = last.to_lowercase();
        let alphabetic = last_lower.chars().all(|c| c.is_ascii_alphabetic());
        let mut lasts = vec![Alternative { items: vec![Item::Word(last_lower.clone())] }];
        if !exact && alphabetic && last_lower.len() >= 4 && !FUNCTION_WORDS.contains(&last_lower.as_str()) {
            match self.dialect {
                Dialect::Tabari => lasts = stems(&last_lower),
                Dialect::Petrarch if head => {
                    if let Some(p) = plural(&last_lower) {
                        lasts.push(Alternative { items: vec![Item::Word(p)] });
                    }
                }
                Dialect::Petrarch => {}
            }
        }
        let mut parts: Vec<Vec<Alternative>> = init.into_iter().map(|a| vec![a]).collect();
        parts.push(lasts);
        product(&parts)
    }

    fn synset(&self, name: &str) -> Result<Vec<Alternative>, &'static str> {
        let key = format!("&{name}");
        let trimmed = format!("&{}", name.trim_end_matches('_'));
        self.synsets
            .get(&key)
            .or_else(|| self.synsets.get(&trimmed))
            .or_else(|| self.synsets.get(&format!("{trimmed}_")))
            .cloned()
            .ok_or("undefined synset")
    }

    /// A verb line: its alternatives and own code into the block.
    fn verb_line(&mut self, n: usize, t: &str, b: &mut Block) {
        let (own, rest) = match bracket(t) {
            Some((c, rest)) => (Some(c.to_string()), rest),
            None => (None, t.to_string()),
        };
        let (spec, forms) = match (rest.find('{'), rest.rfind('}')) {
            (Some(a), Some(z)) if a < z => (rest[..a].trim().to_string(), Some(rest[a + 1..z].to_string())),
            (None, None) => (rest.trim().to_string(), None),
            _ => {
                self.ctx.unmapped(n, "unbalanced braces", t);
                return;
            }
        };
        if spec.is_empty() {
            self.ctx.unmapped(n, "verb line without a verb", t);
            return;
        }
        let spec = spec.split_whitespace().collect::<Vec<_>>().join("_");
        let alts = match forms {
            Some(forms) => {
                let mut alts = vec![form_words(&spec)];
                alts.extend(forms.split_whitespace().map(form_words));
                alts
            }
            None => {
                let parts: Vec<&str> = spec.split('_').filter(|p| !p.is_empty()).collect();
                let verb_at = parts.iter().position(|p| p.starts_with('+')).unwrap_or(0);
                let exact = spec.ends_with('_') && verb_at + 1 == parts.len();
                let mut seq: Vec<Vec<Alternative>> = Vec::new();
                for (i, p) in parts.iter().enumerate() {
                    let p = p.trim_start_matches('+').to_lowercase();
                    if i == verb_at && !exact && p.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
                        seq.push(match self.dialect {
                            Dialect::Tabari => stems(&p),
                            Dialect::Petrarch => vec![Alternative { items: vec![Item::Verb(p)] }],
                        });
                    } else {
                        seq.push(vec![Alternative { items: vec![Item::Word(p)] }]);
                    }
                }
                match product(&seq) {
                    Ok(a) => a,
                    Err(e) => {
                        self.ctx.unmapped(n, e, t);
                        return;
                    }
                }
            }
        };
        b.verbs.push((n, alts, own));
    }

    /// Emits the block's patterns.
    fn finish(&mut self, b: Block, dict: &mut Dictionary) {
        if b.verbs.is_empty() {
            if !b.patterns.is_empty() {
                self.ctx.unmapped(
                    b.line,
                    "verb block without verbs",
                    format!("{} patterns", b.patterns.len()),
                );
            }
            return;
        }
        let verb: Vec<Alternative> = b.verbs.iter().flat_map(|(_, a, _)| a.iter().cloned()).collect();
        // Bare verbs with a code: `$ VERB +`.
        for (n, alts, own) in &b.verbs {
            let Some(c) = own.as_ref().or(b.code.as_ref()) else { continue };
            if c.trim() == "---" {
                continue;
            }
            let line = *n;
            let text = format!("[{c}] {}", alt_text(&alts[0]));
            let elements =
                vec![Element::Slot(Slot::Source), Element::Words(alts.clone()), Element::Slot(Slot::Target)];
            self.emit(line, c, &text, elements, PatternFlags::default(), dict);
        }
        for (n, p) in &b.patterns {
            self.pattern(*n, p, &verb, dict);
        }
    }

    fn pattern(&mut self, n: usize, p: &str, verb: &[Alternative], dict: &mut Dictionary) {
        let Some(open) = p.rfind('[') else {
            self.ctx.unmapped(n, "pattern without a code", p);
            return;
        };
        let Some((c, _)) = bracket(&p[open..]) else {
            self.ctx.unmapped(n, "pattern without a code", p);
            return;
        };
        let body = &p[..open];
        let toks = match tokens(body) {
            // `BY_$`, `+_DIVERTED`: a slot joined to words stands on its own.
            Ok(t) => t
                .into_iter()
                .flat_map(|t| {
                    if !t.starts_with('{') && t.split('_').any(|p| matches!(p, "$" | "+" | "%" | "^")) {
                        t.split('_').filter(|p| !p.is_empty()).map(String::from).collect()
                    } else {
                        vec![t]
                    }
                })
                .collect::<Vec<String>>(),
            Err(e) => {
                self.ctx.unmapped(n, e, p);
                return;
            }
        };
        let mut elements = Vec::new();
        let mut flags = PatternFlags::default();
        let mut has_verb = false;
        let mut compound = false;
        for tok in &toks {
            let r: Result<Option<Element>, &'static str> = match tok.as_str() {
                "$" => Ok(Some(Element::Slot(Slot::Source))),
                "+" => Ok(Some(Element::Slot(Slot::Target))),
                "%" => {
                    compound = true;
                    flags.mutual = true;
                    Ok(Some(Element::Slot(Slot::Source)))
                }
                "^" => {
                    self.ctx.approx(n, "skip ^ dropped", p);
                    Ok(None)
                }
                "*" => {
                    has_verb = true;
                    Ok(Some(Element::Words(verb.to_vec())))
                }
                t if t.starts_with('{') => self.group(&t[1..t.len() - 1]).map(|a| Some(Element::Words(a))),
                t if t.contains('*') => {
                    has_verb = true;
                    self.joined_verb(t, verb).map(|a| Some(Element::Words(a)))
                }
                t => self.word(t).map(|a| Some(Element::Words(a))),
            };
            match r {
                Ok(Some(e)) => elements.push(e),
                Ok(None) => {}
                Err(e) => {
                    self.ctx.unmapped(n, e, p);
                    return;
                }
            }
        }
        if !has_verb {
            self.ctx.unmapped(n, "pattern without the verb *", p);
            return;
        }
        let sources = elements.iter().filter(|e| **e == Element::Slot(Slot::Source)).count();
        if compound && sources > 1 {
            self.ctx.unmapped(n, "both % and $", p);
            return;
        }
        if sources == 0 {
            if elements[0] == Element::Slot(Slot::Target) {
                self.ctx.unmapped(n, "target before the verb and no source", p);
                return;
            }
            elements.insert(0, Element::Slot(Slot::Source));
        }
        if !elements.contains(&Element::Slot(Slot::Target)) {
            if elements[0] == Element::Slot(Slot::Source) {
                if matches!(elements.last(), Some(Element::Words(_))) {
                    elements.push(Element::Slot(Slot::Target));
                }
            } else {
                // `- * BY_ $`: the source stands after the verb, the subject is the target.
                elements.insert(0, Element::Slot(Slot::Target));
            }
        }
        self.emit(n, c, p, elements, flags, dict);
    }

    /// `*_AND_KILLED`, `WAS_*`: words joined to the verb.
    fn joined_verb(&self, t: &str, verb: &[Alternative]) -> Result<Vec<Alternative>, &'static str> {
        let mut seq = Vec::new();
        for part in t.split('_').filter(|p| !p.is_empty()) {
            if part == "*" {
                seq.push(verb.to_vec());
            } else if part.contains(['*', '$', '+', '%', '^']) {
                return Err("slot or marker joined to a word");
            } else {
                seq.push(vec![words(&[part])]);
            }
        }
        product(&seq)
    }

    /// `{ A | B C }` (alternatives) or `{FINANCIAL AID}` (a noun phrase).
    fn group(&self, inner: &str) -> Result<Vec<Alternative>, &'static str> {
        let mut out = Vec::new();
        for option in inner.split('|') {
            let ws: Vec<&str> = option.split_whitespace().collect();
            if ws.is_empty() {
                return Err("empty alternative");
            }
            let mut seq = Vec::new();
            let last = ws.len() - 1;
            for (i, w) in ws.iter().enumerate() {
                seq.push(self.word_as(w, i == last)?);
            }
            out.extend(product(&seq)?);
            if out.len() > MAX_ALTS {
                return Err("too many alternatives");
            }
        }
        Ok(out)
    }

    fn emit(
        &mut self,
        n: usize,
        c: &str,
        text: &str,
        elements: Vec<Element>,
        mut flags: PatternFlags,
        dict: &mut Dictionary,
    ) {
        let (code, mutual, reverse) = match code(c) {
            Ok(x) => x,
            Err(reason) => {
                self.ctx.unmapped(n, reason, format!("[{c}]"));
                return;
            }
        };
        flags.mutual |= mutual;
        if let Some(r) = reverse {
            self.ctx.approx(n, "reverse code dropped", format!("[{c}]: {code} kept, {r} dropped"));
        }
        if let Some(problem) = crate::parse::pattern_problem(&elements) {
            self.ctx.unmapped(n, problem, text);
            return;
        }
        dict.patterns.push(Pattern {
            code,
            elements,
            flags,
            text: text.trim().to_string(),
            origin: self.ctx.origin(n),
        });
        self.ctx.mapped("patterns", 1);
    }
}

/// A TABARI stem as the regular forms of the stem and of the stem + `e`.
fn stems(w: &str) -> Vec<Alternative> {
    let mut v = vec![Alternative { items: vec![Item::Verb(w.to_string())] }];
    if w.len() >= 3 && !w.ends_with(['a', 'e', 'i', 'o', 'u', 'y', 'w', 'x']) {
        v.push(Alternative { items: vec![Item::Verb(format!("{w}e"))] });
    }
    v
}

/// A verb form as written (`+CORDONED_OFF`): its words, exactly.
fn form_words(f: &str) -> Alternative {
    let ws: Vec<&str> = f.split('_').map(|w| w.trim_start_matches('+')).filter(|w| !w.is_empty()).collect();
    words(&ws)
}

fn alt_text(a: &Alternative) -> String {
    a.items
        .iter()
        .map(|i| match i {
            Item::Word(w) => w.clone(),
            Item::Verb(v) => format!("{{{v}}}"),
        })
        .collect::<Vec<_>>()
        .join("_")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::{FieldKind, FieldReport};

    fn read(name: &str, text: &str) -> (Dictionary, FieldReport) {
        let mut d = Dictionary::default();
        let mut r = FieldReport::default();
        crate::field::parse_field_file(name, text, FieldKind::Verbs, &mut d, &mut r);
        (d, r)
    }

    fn shape(p: &Pattern) -> String {
        p.elements
            .iter()
            .map(|e| match e {
                Element::Slot(Slot::Source) => "$".to_string(),
                Element::Slot(Slot::Target) => "+".to_string(),
                Element::Words(a) => a.iter().map(alt_text).collect::<Vec<_>>().join("|"),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn tabari_stems_slots_and_codes() {
        let (d, r) = read(
            "x.verbs",
            "ACCUS  [112] ;jw\n- * + OF_ { SPYING | ESPION_ } [1125]\n- % * EACH OTHER  [112:112]\n- * TRUCE [---]\n- FORCE TO_ * [100!]\n- + * BY_ $ [042:043]\n- * ^ BY_$ [:173]\n- + * ROCKET [193]\nBAN_ [172]\n- *_AND_KILLED BY_ $ [1823]\n- * &NOPE [172]\n",
        );
        let shapes: Vec<String> = d
            .patterns
            .iter()
            .map(|p| format!("{}{} {}", p.code, if p.flags.mutual { "m" } else { "" }, shape(p)))
            .collect();
        assert_eq!(
            shapes,
            [
                "112 $ {accus}|{accuse} +",
                "1125 $ {accus}|{accuse} + of {spying}|{spyinge}|espion",
                "112m $ {accus}|{accuse} each other +",
                "042 + {accus}|{accuse} by $",
                "172 $ ban +",
                "1823 + ban_and_killed by $",
            ]
        );
        let reasons = r.by_reason();
        assert_eq!(reasons["null code [---] (no event)"], 1);
        assert_eq!(reasons["code with a marker or letters (not CAMEO)"], 1);
        assert_eq!(reasons["reverse-only code [:B]"], 1);
        assert_eq!(reasons["undefined synset"], 1);
        assert_eq!(reasons["target before the verb and no source"], 1);
        assert_eq!(r.approximated_by_reason()["reverse code dropped"], 1);
        assert_eq!(r.approximated_by_reason()["skip ^ dropped"], 1);
    }

    #[test]
    fn petrarch_blocks_synsets_and_compounds() {
        let (d, r) = read(
            "CAMEO.x.txt",
            "&CASH\n+DOLLAR\n+HARD_CASH_\n&AUX_\n+WILL\n--- RUSH [---] ---\nRUSH\nSPEED {SPEEDS SPED}\n+ASK_FOR {+ASKED_FOR} [020]\n- * &CASH (TO {AID AGENCY}) [073] # RUSH\n- &AUX * [030]\n~ a (a b ATTACK) SAY = a b 015\n",
        );
        let shapes: Vec<String> = d.patterns.iter().map(|p| format!("{} {}", p.code, shape(p))).collect();
        assert_eq!(
            shapes,
            [
                "020 $ ask_for|asked_for +",
                "073 $ {rush}|speed|speeds|sped|ask_for|asked_for dollar|dollars|hard_cash to aid_agency|aid_agencies +",
                "030 $ will {rush}|speed|speeds|sped|ask_for|asked_for +",
            ]
        );
        assert_eq!(r.by_reason()["verb transformation (~)"], 1);
    }
}
