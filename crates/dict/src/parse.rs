//! The reader for the dictionary text format (see `dictionaries/README.md`).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use quidpro_event::{ActorCode, EventCode};

use crate::model::*;
use crate::{Dictionary, Error};

/// An entry being read: its header and its field lines.
struct Block {
    kind: String,
    rest: String,
    line: usize,
    lines: Vec<(usize, String)>,
}

struct Ctx<'a> {
    file: &'a str,
    errors: &'a mut Vec<Error>,
}

impl Ctx<'_> {
    fn err(&mut self, line: usize, message: impl Into<String>) {
        self.errors.push(Error::Line { file: self.file.to_string(), line, message: message.into() });
    }
    fn origin(&self, line: usize) -> Origin {
        Origin { file: self.file.to_string(), line }
    }
}

pub(crate) fn parse_file(file: &str, text: &str, dict: &mut Dictionary, errors: &mut Vec<Error>) {
    let mut ctx = Ctx { file, errors };
    let mut blocks: Vec<Block> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = match raw.find('#') {
            Some(p) => &raw[..p],
            None => raw,
        };
        let line = line.trim_end_matches(['\r', ' ', '\t']);
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            match blocks.last_mut() {
                Some(b) => b.lines.push((n, line.trim().to_string())),
                None => ctx.err(n, "indented line outside any entry"),
            }
        } else {
            let (kind, rest) = match line.split_once([' ', '\t']) {
                Some((k, r)) => (k.to_string(), r.trim().to_string()),
                None => (line.to_string(), String::new()),
            };
            blocks.push(Block { kind, rest, line: n, lines: Vec::new() });
        }
    }
    // Synsets first, so that patterns may use a synset written further down.
    let mut synsets: HashMap<String, Vec<Alternative>> = HashMap::new();
    for b in blocks.iter().filter(|b| b.kind == "synset") {
        read_synset(&mut ctx, b, &mut synsets);
    }
    for b in &blocks {
        match b.kind.as_str() {
            "country" => read_country(&mut ctx, b, dict),
            "person" => read_person(&mut ctx, b, dict),
            "org" => read_org(&mut ctx, b, dict),
            "agent" => read_agent(&mut ctx, b, dict),
            "discard" => read_discard(&mut ctx, b, dict),
            "code" => read_code(&mut ctx, b, &synsets, dict),
            "verb" => read_irregular(&mut ctx, b, dict),
            "noun" => read_nominal(&mut ctx, b, dict),
            "act" => read_act(&mut ctx, b, dict),
            "class" => read_class(&mut ctx, b, dict),
            "synset" => {}
            other => ctx.err(
                b.line,
                format!(
                    "unknown entry kind {other:?} (expected country, person, org, agent, discard, synset, code, verb, noun, act or class)"
                ),
            ),
        }
    }
}

/// Splits `name: a; b; c` into the field name and its values.
/// Calls `f(ctx, line number, field, values)` for each `field: values` line of the block,
/// in order; a line that is no field is reported and skipped.
fn each_field(ctx: &mut Ctx, b: &Block, mut f: impl FnMut(&mut Ctx, usize, &str, Vec<String>)) {
    for (n, line) in &b.lines {
        match field(line) {
            Some((name, values)) => f(ctx, *n, name, values),
            None => ctx.err(*n, format!("expected `field: values`, got {line:?}")),
        }
    }
}

fn field(line: &str) -> Option<(&str, Vec<String>)> {
    let (name, values) = line.split_once(':')?;
    let name = name.trim();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
        return None;
    }
    let values = values
        .split(';')
        .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|v| !v.is_empty())
        .collect();
    Some((name, values))
}

fn actor_code(ctx: &mut Ctx, line: usize, s: &str) -> Option<ActorCode> {
    match ActorCode::parse(s) {
        Ok(c) => Some(c),
        Err(e) => {
            ctx.err(line, e.to_string());
            None
        }
    }
}

/// Reads the header `CODE Label`.
fn code_and_label(ctx: &mut Ctx, b: &Block) -> Option<(ActorCode, String)> {
    let mut parts = b.rest.splitn(2, char::is_whitespace);
    let code = parts.next().unwrap_or("");
    if code.is_empty() {
        ctx.err(b.line, format!("`{}` needs a code: `{} CODE Label`", b.kind, b.kind));
        return None;
    }
    let code = actor_code(ctx, b.line, code)?;
    Some((code, parts.next().unwrap_or("").trim().to_string()))
}

fn check_phrases(ctx: &mut Ctx, line: usize, values: &[String]) {
    for v in values {
        if v.contains(['{', '}', '[', ']', '|', '$']) {
            ctx.err(line, format!("phrase {v:?} contains a pattern character ({{ }} [ ] | $)"));
        }
    }
}

fn read_country(ctx: &mut Ctx, b: &Block, dict: &mut Dictionary) {
    let Some((code, label)) = code_and_label(ctx, b) else { return };
    if code.as_str().len() != 3 {
        ctx.err(b.line, format!("a country code has 3 letters, not {:?}", code.as_str()));
    }
    let mut c = Country {
        code,
        label,
        names: vec![],
        adjectives: vec![],
        demonyms: vec![],
        capitals: vec![],
        places: vec![],
        iso2: None,
        iso3: None,
        fips: None,
        cow: None,
        origin: ctx.origin(b.line),
    };
    each_field(ctx, b, |ctx, n, name, values| {
        let single = |ctx: &mut Ctx, len: usize| -> Option<String> {
            match values.as_slice() {
                [v] if v.len() == len && v.bytes().all(|b| b.is_ascii_uppercase()) => Some(v.clone()),
                _ => {
                    ctx.err(n, format!("`{name}` takes one code of {len} capital letters"));
                    None
                }
            }
        };
        match name {
            "names" => c.names.extend(values.iter().cloned()),
            "adjectives" => c.adjectives.extend(values.iter().cloned()),
            "demonyms" => c.demonyms.extend(values.iter().cloned()),
            "capitals" => c.capitals.extend(values.iter().cloned()),
            "places" => c.places.extend(values.iter().cloned()),
            "iso2" => c.iso2 = single(ctx, 2),
            "iso3" => c.iso3 = single(ctx, 3),
            "fips" => c.fips = single(ctx, 2),
            "cow" => match values.as_slice() {
                [v] => match v.parse() {
                    Ok(x) => c.cow = Some(x),
                    Err(_) => ctx.err(n, format!("`cow` takes a number, not {v:?}")),
                },
                _ => ctx.err(n, "`cow` takes one number"),
            },
            "note" => {}
            other => {
                ctx.err(n, format!("unknown field `{other}` for a country (names, adjectives, demonyms, capitals, places, iso2, iso3, fips, cow, note)"));
                return;
            }
        }
        check_phrases(ctx, n, &values);
    });
    if c.names.is_empty() {
        ctx.err(b.line, format!("country {} has no `names`", c.code));
    }
    dict.countries.push(c);
}

/// Parses a date at the start (`end == false`) or end of its period.
fn parse_date(s: &str, end: bool) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| -> Option<u32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok())?
    };
    match parts.as_slice() {
        [y, m, d] => NaiveDate::from_ymd_opt(num(y, 4)? as i32, num(m, 2)?, num(d, 2)?),
        [y, m] => {
            let (y, m) = (num(y, 4)? as i32, num(m, 2)?);
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            if end {
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)
                };
                next?.pred_opt()
            } else {
                Some(first)
            }
        }
        [y] => {
            let y = num(y, 4)? as i32;
            if end {
                NaiveDate::from_ymd_opt(y, 12, 31)
            } else {
                NaiveDate::from_ymd_opt(y, 1, 1)
            }
        }
        _ => None,
    }
}

fn parse_range(s: &str) -> Result<(Option<NaiveDate>, Option<NaiveDate>), String> {
    let Some((a, b)) = s.split_once("..") else {
        return Err(format!("a range is FROM..TO, not {s:?}"));
    };
    let from = if a.is_empty() {
        None
    } else {
        Some(parse_date(a, false).ok_or_else(|| format!("bad date {a:?} (YYYY-MM-DD, YYYY-MM or YYYY)"))?)
    };
    let to = if b.is_empty() {
        None
    } else {
        Some(parse_date(b, true).ok_or_else(|| format!("bad date {b:?} (YYYY-MM-DD, YYYY-MM or YYYY)"))?)
    };
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(format!("range {s} ends before it starts"));
        }
    }
    Ok((from, to))
}

fn read_person(ctx: &mut Ctx, b: &Block, dict: &mut Dictionary) {
    if b.rest.is_empty() {
        ctx.err(b.line, "`person` needs a label: `person Full Name`");
    }
    let mut p = Person { label: b.rest.clone(), names: vec![], codes: vec![], origin: ctx.origin(b.line) };
    each_field(ctx, b, |ctx, n, name, values| match name {
        "names" => {
            check_phrases(ctx, n, &values);
            p.names.extend(values);
        }
        "code" => {
            let v = values.join(" ");
            let mut parts = v.split_whitespace();
            let (Some(code), range, None) = (parts.next(), parts.next(), parts.next()) else {
                ctx.err(n, "`code` takes `CODE [FROM..TO]`");
                return;
            };
            let Some(code) = actor_code(ctx, n, code) else { return };
            match range {
                None => p.codes.push(CodeRange { code, from: None, to: None, ranged: false }),
                Some(r) => match parse_range(r) {
                    Ok((from, to)) => p.codes.push(CodeRange { code, from, to, ranged: true }),
                    Err(e) => ctx.err(n, e),
                },
            }
        }
        "role" | "note" => {}
        other => ctx.err(n, format!("unknown field `{other}` for a person (names, code, role, note)")),
    });
    if p.names.is_empty() {
        ctx.err(b.line, format!("person {:?} has no `names`", p.label));
    }
    if !p.codes.iter().any(|c| !c.ranged) {
        ctx.err(b.line, format!("person {:?} has no default `code` (one without a range)", p.label));
    }
    dict.people.push(p);
}

fn read_org(ctx: &mut Ctx, b: &Block, dict: &mut Dictionary) {
    let Some((code, label)) = code_and_label(ctx, b) else { return };
    let mut o = Org { code, label, names: vec![], adjectives: vec![], origin: ctx.origin(b.line) };
    each_field(ctx, b, |ctx, n, name, values| {
        check_phrases(ctx, n, &values);
        match name {
            "names" => o.names.extend(values),
            "adjectives" => o.adjectives.extend(values),
            "note" => {}
            other => ctx.err(n, format!("unknown field `{other}` for an org (names, adjectives, note)")),
        }
    });
    if o.names.is_empty() {
        ctx.err(b.line, format!("org {} has no `names`", o.code));
    }
    dict.orgs.push(o);
}

fn read_agent(ctx: &mut Ctx, b: &Block, dict: &mut Dictionary) {
    let Some((code, label)) = code_and_label(ctx, b) else { return };
    if code.as_str().len() != 3 {
        ctx.err(b.line, format!("an agent code has 3 letters, not {:?}", code.as_str()));
    }
    let mut a = Agent { code, label, names: vec![], origin: ctx.origin(b.line) };
    each_field(ctx, b, |ctx, n, name, values| {
        check_phrases(ctx, n, &values);
        match name {
            "names" => a.names.extend(values),
            "note" => {}
            other => ctx.err(n, format!("unknown field `{other}` for an agent (names, note)")),
        }
    });
    if a.names.is_empty() {
        ctx.err(b.line, format!("agent {} has no `names`", a.code));
    }
    dict.agents.push(a);
}

fn read_discard(ctx: &mut Ctx, b: &Block, dict: &mut Dictionary) {
    let mut d =
        Discard { label: b.rest.clone(), phrases: vec![], together: vec![], origin: ctx.origin(b.line) };
    each_field(ctx, b, |ctx, n, name, values| match name {
        "phrases" => {
            check_phrases(ctx, n, &values);
            d.phrases.extend(values);
        }
        "together" => {
            for v in values {
                let parts: Vec<String> = v.split('+').map(|p| p.trim().to_string()).collect();
                if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) {
                    ctx.err(n, format!("`together` takes parts joined by `+`, not {v:?}"));
                } else {
                    d.together.push(parts);
                }
            }
        }
        "note" => {}
        other => ctx.err(n, format!("unknown field `{other}` for a discard (phrases, together, note)")),
    });
    if d.phrases.is_empty() && d.together.is_empty() {
        ctx.err(b.line, "discard has neither `phrases` nor `together`");
    }
    dict.discards.push(d);
}

fn read_synset(ctx: &mut Ctx, b: &Block, synsets: &mut HashMap<String, Vec<Alternative>>) {
    let name = b.rest.trim();
    if !name.starts_with('&') || name.len() < 2 || name[1..].contains(char::is_whitespace) {
        ctx.err(b.line, format!("a synset is named `&name`, not {name:?}"));
        return;
    }
    let mut alts = Vec::new();
    for (n, line) in &b.lines {
        match field(line) {
            Some(("words", values)) => {
                for v in values {
                    match parse_items(&v.split_whitespace().collect::<Vec<_>>()) {
                        Ok(items) => alts.push(Alternative { items }),
                        Err(e) => ctx.err(*n, e),
                    }
                }
            }
            Some(("note", _)) => {}
            _ => ctx.err(*n, format!("a synset has `words: a; b; c` lines, got {line:?}")),
        }
    }
    if alts.is_empty() {
        ctx.err(b.line, format!("synset {name} has no words"));
    }
    if synsets.insert(name.to_string(), alts).is_some() {
        ctx.err(b.line, format!("synset {name} is defined twice in this file"));
    }
}

fn parse_items(words: &[&str]) -> Result<Vec<Item>, String> {
    let mut items = Vec::new();
    for w in words {
        if let Some(inner) = w.strip_prefix('{') {
            let Some(verb) = inner.strip_suffix('}') else {
                return Err(format!("unclosed verb braces in {w:?}"));
            };
            if verb.is_empty() || !verb.chars().all(|c| c.is_alphabetic() || c == '-') {
                return Err(format!("a verb in braces is one word of letters, not {w:?}"));
            }
            items.push(Item::Verb(verb.to_lowercase()));
        } else if w.is_empty() || w.contains(['{', '}', '[', ']', '|', '&', '$']) || *w == "+" {
            return Err(format!("bad word {w:?}"));
        } else {
            items.push(Item::Word(w.to_string()));
        }
    }
    if items.is_empty() {
        return Err("empty alternative".into());
    }
    Ok(items)
}

fn parse_element(tok: &str, synsets: &HashMap<String, Vec<Alternative>>) -> Result<Element, String> {
    match tok {
        "$" => return Ok(Element::Slot(Slot::Source)),
        "+" => return Ok(Element::Slot(Slot::Target)),
        _ => {}
    }
    let mut alts = Vec::new();
    for alt in tok.split('|') {
        if alt.is_empty() {
            return Err(format!("empty alternative in {tok:?}"));
        }
        if alt.starts_with('&') {
            match synsets.get(alt) {
                Some(s) => alts.extend(s.iter().cloned()),
                None => return Err(format!("unknown synset {alt} (synsets are defined in the same file)")),
            }
        } else {
            let words: Vec<&str> = alt.split('_').collect();
            alts.push(Alternative { items: parse_items(&words).map_err(|e| format!("{e} in {tok:?}"))? });
        }
    }
    Ok(Element::Words(alts))
}

fn read_code(ctx: &mut Ctx, b: &Block, synsets: &HashMap<String, Vec<Alternative>>, dict: &mut Dictionary) {
    let code_str = b.rest.split_whitespace().next().unwrap_or("");
    let code = match EventCode::parse(code_str) {
        Ok(c) => c,
        Err(e) => {
            ctx.err(b.line, e.to_string());
            return;
        }
    };
    if b.lines.is_empty() {
        ctx.err(b.line, format!("code {code} has no patterns"));
    }
    for (n, line) in &b.lines {
        let mut text = line.as_str();
        let mut flags = PatternFlags::default();
        if let Some(open) = text.find('[') {
            let tail = &text[open..];
            let Some(inner) = tail.strip_prefix('[').and_then(|t| t.strip_suffix(']')) else {
                ctx.err(*n, "flags go in brackets at the end of a pattern: `[mutual]`");
                continue;
            };
            let mut ok = true;
            for f in inner.split([',', ' ']).filter(|f| !f.is_empty()) {
                match f {
                    "mutual" => flags.mutual = true,
                    "speech" => flags.speech = true,
                    "alone" => flags.alone = true,
                    "clause" => flags.clause = true,
                    other => {
                        ctx.err(*n, format!("unknown flag `{other}` (mutual, speech, alone, clause)"));
                        ok = false;
                    }
                }
            }
            if !ok {
                continue;
            }
            text = text[..open].trim_end();
        }
        let mut elements = Vec::new();
        let mut bad = false;
        for tok in text.split_whitespace() {
            match parse_element(tok, synsets) {
                Ok(e) => elements.push(e),
                Err(e) => {
                    ctx.err(*n, e);
                    bad = true;
                }
            }
        }
        if bad {
            continue;
        }
        if let Some(p) = pattern_problem(&elements) {
            ctx.err(*n, format!("{p}: {text:?}"));
            continue;
        }
        dict.patterns.push(Pattern { code, elements, flags, text: text.to_string(), origin: ctx.origin(*n) });
    }
}

/// What makes a list of elements no pattern, if anything: the rules of the format
/// (exactly one `$`, at most one `+`, a word element, no two slots side by side).
pub(crate) fn pattern_problem(elements: &[Element]) -> Option<&'static str> {
    let sources = elements.iter().filter(|e| **e == Element::Slot(Slot::Source)).count();
    let targets = elements.iter().filter(|e| **e == Element::Slot(Slot::Target)).count();
    let words = elements.iter().filter(|e| matches!(e, Element::Words(_))).count();
    let adjacent_slots =
        elements.windows(2).any(|w| matches!((&w[0], &w[1]), (Element::Slot(_), Element::Slot(_))));
    if sources != 1 {
        Some("a pattern has exactly one `$`")
    } else if targets > 1 {
        Some("a pattern has at most one `+`")
    } else if words == 0 {
        Some("a pattern needs a word element")
    } else if adjacent_slots {
        Some("two slots need a word between them")
    } else {
        None
    }
}

fn read_nominal(ctx: &mut Ctx, b: &Block, dict: &mut Dictionary) {
    let words: Vec<&str> = b.rest.split_whitespace().collect();
    if words.len() < 2 || words.iter().any(|w| !w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\''))
    {
        ctx.err(b.line, "`noun VERB NOUN [NOUN...]`, words of letters");
        return;
    }
    if !b.lines.is_empty() {
        ctx.err(b.lines[0].0, "a `noun` line has no fields");
    }
    dict.nominals.push(Nominal {
        verb: words[0].to_lowercase(),
        nouns: words[1..].iter().map(|w| w.to_lowercase()).collect(),
        origin: ctx.origin(b.line),
    });
}

/// An `act CODE VERB [VERB...]` line: the verbs (a phrasal verb joined by `_`) whose
/// act, heading what is asked for or promised, is `CODE`.
fn read_act(ctx: &mut Ctx, b: &Block, dict: &mut Dictionary) {
    let words: Vec<&str> = b.rest.split_whitespace().collect();
    let form = "`act CODE VERB [VERB...]`, verbs of letters (a phrasal verb joined by `_`)";
    let Some((code, verbs)) = words.split_first().filter(|(_, v)| !v.is_empty()) else {
        ctx.err(b.line, form);
        return;
    };
    let code = match EventCode::parse(code) {
        Ok(c) => c,
        Err(e) => {
            ctx.err(b.line, format!("bad CAMEO code {code:?}: {e}"));
            return;
        }
    };
    if verbs.iter().any(|w| !w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '_')) {
        ctx.err(b.line, form);
        return;
    }
    if !b.lines.is_empty() {
        ctx.err(b.lines[0].0, "an `act` line has no fields");
    }
    dict.acts.push(Act {
        code,
        verbs: verbs.iter().map(|v| v.split('_').map(str::to_lowercase).collect()).collect(),
        origin: ctx.origin(b.line),
    });
}

fn read_irregular(ctx: &mut Ctx, b: &Block, dict: &mut Dictionary) {
    let words: Vec<&str> = b.rest.split_whitespace().collect();
    if words.len() < 3 || words.iter().any(|w| !w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\''))
    {
        ctx.err(b.line, "`verb BASE PAST PARTICIPLE [MORE FORMS]`, words of letters");
        return;
    }
    if !b.lines.is_empty() {
        ctx.err(b.lines[0].0, "a `verb` line has no fields");
    }
    dict.irregular.push(Irregular {
        base: words[0].to_lowercase(),
        past: words[1].to_lowercase(),
        participle: words[2].to_lowercase(),
        more: words[3..].iter().map(|w| w.to_lowercase()).collect(),
        origin: ctx.origin(b.line),
    });
}

/// A `class NAME` entry: `words:` lines of words separated by spaces (each one token,
/// punctuation included), `note:` lines.
fn read_class(ctx: &mut Ctx, b: &Block, dict: &mut Dictionary) {
    let name = b.rest.trim();
    let Some(class) = WordClass::from_name(name) else {
        let known: Vec<&str> = WordClass::ALL.iter().map(|c| c.name()).collect();
        ctx.err(b.line, format!("unknown grammar class {name:?} (one of {})", known.join(", ")));
        return;
    };
    let mut words = Vec::new();
    for (n, line) in &b.lines {
        let Some((field, values)) = line.split_once(':') else {
            ctx.err(*n, format!("expected `words: ...` or `note: ...`, got {line:?}"));
            continue;
        };
        match field.trim() {
            "words" => {
                for w in values.split_whitespace() {
                    let one_token =
                        w.chars().count() == 1 || w.chars().all(|c| c.is_alphanumeric() || c == '\'');
                    if one_token {
                        words.push(w.to_lowercase());
                    } else {
                        ctx.err(
                            *n,
                            format!("{w:?} is not one word (grammar words are separated by spaces, not `;`)"),
                        );
                    }
                }
            }
            "note" => {}
            other => ctx.err(*n, format!("unknown field `{other}` for a grammar class (words, note)")),
        }
    }
    if words.is_empty() {
        ctx.err(b.line, format!("grammar class {class} has no words"));
        return;
    }
    dict.grammar.push(GrammarClass { class, words, origin: ctx.origin(b.line) });
}

#[allow(dead_code)]
fn _year(d: NaiveDate) -> i32 {
    d.year()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(file: &str, text: &str) -> (Dictionary, Vec<String>) {
        let (d, e) = Dictionary::parse_files([(file.to_string(), text.to_string())]);
        (d, e.into_iter().map(|e| e.to_string()).collect())
    }

    #[test]
    fn person_ranges_pick_the_code_by_date() {
        let (d, e) = parse(
            "actors/p.txt",
            "person Recep Tayyip Erdoğan\n  names: Erdoğan; R. Erdoğan\n  code: TURGOV 2003-03-14..\n  code: TURPTY 1994..2003-03-13\n  code: TURELI\n",
        );
        assert!(e.is_empty(), "{e:?}");
        let p = &d.people[0];
        let on = |s: &str| p.code_on(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()).unwrap().to_string();
        assert_eq!(on("2020-01-01"), "TURGOV");
        assert_eq!(on("2003-03-14"), "TURGOV");
        assert_eq!(on("2003-03-13"), "TURPTY");
        assert_eq!(on("1994-01-01"), "TURPTY");
        assert_eq!(on("1990-01-01"), "TURELI");
    }

    #[test]
    fn act_lines_name_the_acts_of_complements() {
        let (d, e) = parse("verbs/acts.txt", "act 0874 withdraw pull_back\nact 055 apology\n");
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(d.acts.len(), 2);
        assert_eq!(d.acts[0].code.as_str(), "0874");
        assert_eq!(
            d.acts[0].verbs,
            vec![vec!["withdraw".to_string()], vec!["pull".to_string(), "back".to_string()]]
        );
        // A bad code, no verb, or a word of other characters is reported at its line.
        let (d, e) = parse("verbs/acts.txt", "act 999 leave\nact 0874\nact 087 stop!\n");
        assert!(d.acts.is_empty());
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e[0].contains("verbs/acts.txt:1") && e[1].contains(":2") && e[2].contains(":3"), "{e:?}");
    }

    #[test]
    fn month_and_year_range_ends() {
        assert_eq!(
            parse_range("2020-02..2021").unwrap(),
            (NaiveDate::from_ymd_opt(2020, 2, 1), NaiveDate::from_ymd_opt(2021, 12, 31))
        );
        assert_eq!(parse_range("..2024-02").unwrap().1, NaiveDate::from_ymd_opt(2024, 2, 29));
        assert!(parse_range("2021..2020").is_err());
        assert!(parse_range("2021-02-30..").is_err());
    }

    #[test]
    fn patterns_synsets_and_flags() {
        let (d, e) = parse(
            "verbs/x.txt",
            "code 057\n  $ {sign} &agreement with + [mutual]\nsynset &agreement\n  words: deal; memorandum of understanding\ncode 010\n  according_to $ [speech]\ncode 130\n  $ {warn} that [clause, alone]\n",
        );
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(d.patterns.len(), 3);
        assert!(d.patterns[2].flags.clause && d.patterns[2].flags.alone && !d.patterns[2].flags.speech);
        let p = &d.patterns[0];
        assert!(p.flags.mutual && !p.flags.speech);
        assert_eq!(p.elements.len(), 5);
        match &p.elements[2] {
            Element::Words(alts) => {
                assert_eq!(alts.len(), 2);
                assert_eq!(alts[1].items.len(), 3);
            }
            other => panic!("{other:?}"),
        }
        assert!(d.patterns[1].flags.speech);
    }

    #[test]
    fn places_are_read_and_never_actor_phrases() {
        let text = "\
country TUR Turkey
  names: Turkey
  capitals: Ankara
  places: Istanbul; Izmir
  places: Diyarbakir
country SYR Syria
  names: Syria
  places: Idlib; Ankara; {bad}
";
        let (d, e) = parse("actors/c.txt", text);
        assert_eq!(d.countries[0].places, ["Istanbul", "Izmir", "Diyarbakir"]);
        assert_eq!(
            e,
            [
                "actors/c.txt:8: phrase \"{bad}\" contains a pattern character ({ } [ ] | $)",
                "actors/c.txt:6: place \"Ankara\" of SYR is also an actor phrase (country TUR); a place is never an actor",
            ]
        );
    }

    #[test]
    fn grammar_classes_and_their_errors() {
        let text = "\
class PREP
  note: prepositions
  words: in at
  words: near
class CLAUSE
  words: . ; : ? !
class PREPOSITIONS
  words: in
class DET
  note: nothing here
class NEG
  words: not; never
  colour: red
";
        let (d, e) = parse("grammar.txt", text);
        assert_eq!(
            e,
            [
                "grammar.txt:7: unknown grammar class \"PREPOSITIONS\" (one of PREP, LOC, BE, NEG, HYPO, PLAN, PLAN_VERB, REL, AND, PRON, CLAUSE, DET, INTENT, QUANT, DENY, NEG_LINKED, CLAUSE_OPENER, SUBJECT_OPENER, BACKGROUND, SUBJECT_PRONOUN, NOUN_PREP, DEONTIC, DEONTIC_TO, CONDITION, COUNTERFACTUAL, REFUSAL, REFUSAL_LINK, BACKSHIFT, DOUBT, PERSON_PRONOUN, FRAME_ACCORDING, FRAME_SAY, FRAME_SUPPOSE, FRAME_IMPERSONAL_SAY, FRAME_IMPERSONAL_SUPPOSE, FRAME_RULED_OUT, FRAME_IMPERSONAL_VERB, FRAME_HEDGE, FRAME_NOT_SUBJECT, FRAME_PLACE, INTERRUPTION_OPENER, FIGHT_NOUN, BOMB_MEANS, SUICIDE_MEANS, VEHICLE_MEANS, ROADSIDE_MEANS, TITLE, REPORTED_ADVERB, ANAPHOR_NOUN, ANAPHOR_ORG, ANAPHOR_GROUP, ANAPHOR_STATE, ANAPHOR_PAIR, ADVERB)",
                "grammar.txt:9: grammar class DET has no words",
                "grammar.txt:12: \"not;\" is not one word (grammar words are separated by spaces, not `;`)",
                "grammar.txt:13: unknown field `colour` for a grammar class (words, note)",
            ]
        );
        assert_eq!(d.grammar.len(), 3);
        assert_eq!(d.grammar[0].class, WordClass::Prep);
        assert_eq!(d.grammar[0].words, ["in", "at", "near"]);
        assert_eq!(d.grammar[1].words, [".", ";", ":", "?", "!"]);
        assert_eq!(d.grammar[2].words, ["never"]);
    }

    #[test]
    fn the_shipped_grammar_has_every_class() {
        let g = Dictionary::embedded_grammar();
        for c in WordClass::ALL {
            assert!(g.iter().any(|e| e.class == *c && !e.words.is_empty()), "{c} missing from grammar.txt");
        }
        // A folder without a grammar takes the shipped one; one with a class keeps its own.
        let (d, _) = parse("grammar.txt", "class NEG\n  words: not\n");
        let g = d.grammar_or_embedded();
        let neg: Vec<&GrammarClass> = g.iter().filter(|e| e.class == WordClass::Neg).collect();
        assert_eq!(neg.len(), 1);
        assert_eq!(neg[0].words, ["not"]);
        assert_eq!(
            g.iter().map(|e| e.class).collect::<std::collections::BTreeSet<_>>().len(),
            WordClass::ALL.len()
        );
    }

    #[test]
    fn every_bad_line_is_reported_with_file_and_line() {
        let text = "\
country TUR Turkey
  names: Turkey
  colour: red
country tur Bad
  names: x
  bogus line
code 999
  $ {attack} +
code 190
  {attack} +
  $ {attack +
  $ {attack} &nothing
  $ {attack} + [loud]
  $ {attack} + +
person Nobody
  names: Nobody
  code: TURGOV 2020-01-01..2019-01-01
  indented
frobnicate X
";
        let (d, e) = parse("f.txt", text);
        let lines: Vec<&str> = e.iter().map(|s| s.split(':').nth(1).unwrap()).collect();
        assert_eq!(lines, ["3", "4", "7", "10", "11", "12", "13", "14", "17", "18", "15", "19"], "{e:#?}");
        assert_eq!(d.countries.len(), 1);
    }
}
