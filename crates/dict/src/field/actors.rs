//! Actor files (TABARI `.actors`, PETRARCH2 `Phoenix.*.actors.txt`).
//!
//! ```text
//! AFGHANISTAN_  [AFG]                  primary phrase, optional default code
//! +KABUL_                              synonyms
//! HAMID_KARZAI_                        a primary phrase without code
//! +KARZAI_
//!     [AFGGOV 20011222-20140929]       date restrictions (indented): FROM-TO,
//!     [AFGELI <20011222]               <TO (up to the day), >FROM (from the day),
//!     [AFGELI]                         or none (the default)
//! ```
//!
//! Mapping:
//!
//! * An entry with one code and no date restriction becomes an [`Org`] of
//!   that code with the primary phrase and the synonyms as names. Country entries
//!   (`AFGHANISTAN_ [AFG]`) are mapped so too: the field's files do not tell names,
//!   adjectives and capitals apart (`+AFGHAN_`, `+KABUL_` are synonyms of the same code),
//!   and the coder joins an organisation with a role as it joins a country.
//! * An entry with date restrictions becomes a [`Person`] with one
//!   [`CodeRange`] per restriction, in file order, both ends inclusive
//!   (as in TABARI); the code of the primary line and a restriction without dates are
//!   defaults. Without a default the person has no code outside the ranges, as in
//!   PETRARCH (a null code).
//! * Dates are `YYYYMMDD` or `YYMMDD` (years `00`-`29` are 20xx, `30`-`99` 19xx).
//!
//! Not mapped (reported): an entry without any code, a null code (`[---]`), a code
//! that is not 3-letter blocks, a malformed restriction or date, synonym or restriction
//! lines outside an entry. A lower-case code is upper-cased (approximated).

use crate::field::{bracket, date, phrase, Ctx};
use crate::{CodeRange, Dictionary, Org, Person};
use quidpro_event::ActorCode;

struct Entry {
    line: usize,
    label: String,
    names: Vec<String>,
    codes: Vec<CodeRange>,
    bad: bool,
}

/// Reads an actors file.
pub(crate) fn read(ctx: &mut Ctx, text: &str, dict: &mut Dictionary) {
    let mut cur: Option<Entry> = None;
    for l in super::content_lines(text, true) {
        let t = l.text.trim();
        if l.indented && t.starts_with('[') {
            match cur.as_mut() {
                Some(e) => restrictions(ctx, l.n, t, e),
                None => ctx.unmapped(l.n, "date restriction outside an entry", t),
            }
        } else if let Some(syn) = t.strip_prefix('+') {
            match cur.as_mut() {
                Some(e) => {
                    let (name, rest) = split_codes(syn);
                    if !name.is_empty() {
                        e.names.push(name);
                    }
                    if !rest.is_empty() {
                        restrictions(ctx, l.n, &rest, e);
                    }
                }
                None => ctx.unmapped(l.n, "synonym outside an entry", t),
            }
        } else {
            if let Some(e) = cur.take() {
                finish(ctx, e, dict);
            }
            let (name, rest) = split_codes(t);
            if name.is_empty() {
                ctx.unmapped(l.n, "actor line without a phrase", t);
                continue;
            }
            let mut e =
                Entry { line: l.n, label: name.clone(), names: vec![name], codes: vec![], bad: false };
            if !rest.is_empty() {
                restrictions(ctx, l.n, &rest, &mut e);
            }
            cur = Some(e);
        }
    }
    if let Some(e) = cur.take() {
        finish(ctx, e, dict);
    }
}

/// Splits `PHRASE [CODE ...] [CODE ...]` into the phrase and the bracketed rest.
fn split_codes(s: &str) -> (String, String) {
    match s.find('[') {
        Some(p) => (phrase(s[..p].trim()), s[p..].trim().to_string()),
        None => (phrase(s.trim()), String::new()),
    }
}

/// Reads every `[CODE restriction]` of `s` into the entry.
fn restrictions(ctx: &mut Ctx, n: usize, s: &str, e: &mut Entry) {
    let mut rest = s.to_string();
    while let Some((inner, after)) = bracket(&rest) {
        let inner = inner.to_string();
        match restriction(&inner) {
            Ok((r, lowered)) => {
                if lowered {
                    ctx.approx(n, "lower-case actor code upper-cased", inner.clone());
                }
                e.codes.push(r);
            }
            Err(reason) => {
                ctx.unmapped(n, reason, format!("[{inner}]"));
                e.bad = true;
            }
        }
        rest = after;
    }
    if !rest.trim().is_empty() {
        ctx.unmapped(n, "text after the codes", rest.trim().to_string());
    }
}

fn restriction(inner: &str) -> Result<(CodeRange, bool), &'static str> {
    let mut parts = inner.split_whitespace();
    let code = parts.next().ok_or("empty actor code")?;
    let range: Vec<&str> = parts.collect();
    if code.chars().all(|c| c == '-' || c == '#') {
        return Err("null actor code");
    }
    let upper = code.to_ascii_uppercase();
    let code_ok = ActorCode::parse(&upper).map_err(|_| "not an actor code (3-letter blocks)")?;
    let lowered = upper != code;
    let (from, to, ranged) = match range.as_slice() {
        [] => (None, None, false),
        [r] => {
            if let Some(d) = r.strip_prefix('>') {
                (Some(date(d).ok_or("bad date in a restriction")?), None, true)
            } else if let Some(d) = r.strip_prefix('<') {
                (None, Some(date(d).ok_or("bad date in a restriction")?), true)
            } else if let Some((a, b)) = r.split_once('-') {
                let (a, b) = (
                    date(a).ok_or("bad date in a restriction")?,
                    date(b).ok_or("bad date in a restriction")?,
                );
                if a > b {
                    return Err("restriction ends before it starts");
                }
                (Some(a), Some(b), true)
            } else {
                return Err("bad date restriction (>DATE, <DATE or FROM-TO)");
            }
        }
        _ => return Err("bad date restriction (>DATE, <DATE or FROM-TO)"),
    };
    Ok((CodeRange { code: code_ok, from, to, ranged }, lowered))
}

fn finish(ctx: &mut Ctx, e: Entry, dict: &mut Dictionary) {
    if e.codes.is_empty() {
        if !e.bad {
            ctx.unmapped(e.line, "actor without a code", e.label);
        }
        return;
    }
    let mut names = e.names;
    names.dedup();
    let label = title(&e.label);
    let origin = ctx.origin(e.line);
    let same = e.codes.iter().all(|c| c.code == e.codes[0].code);
    if !e.codes.iter().any(|c| c.ranged) && same {
        dict.orgs.push(Org { code: e.codes[0].code.clone(), label, names, adjectives: vec![], origin });
        ctx.mapped("orgs", 1);
    } else {
        dict.people.push(Person { label, names, codes: e.codes, origin });
        ctx.mapped("people", 1);
    }
}

/// `hamid karzai` → `Hamid Karzai`, for labels.
fn title(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::{FieldKind, FieldReport};
    use chrono::NaiveDate;

    fn read(text: &str) -> (Dictionary, FieldReport) {
        let mut d = Dictionary::default();
        let mut r = FieldReport::default();
        crate::field::parse_field_file("x.actors", text, FieldKind::Actors, &mut d, &mut r);
        (d, r)
    }

    #[test]
    fn orgs_people_and_ranges() {
        let (d, r) = read(
            "AFGHANISTAN_  [AFG]\n+KABUL_ ;capital\n\nJOHN_DOE_  [FOOELI]\n+J._DOE\n\t[FOOGOV 19900101-20001231]\n\t[FOOMIL >010101]\n\t[FOOREB <850101]\nNOBODY_\n\t[---]\nNOCODE_\nBAD\n\t[FOOGOV 2004017-20061201]\n",
        );
        assert_eq!(d.orgs.len(), 1);
        assert_eq!(d.orgs[0].names, ["afghanistan", "kabul"]);
        let p = &d.people[0];
        assert_eq!(p.label, "John Doe");
        let on = |y, m, dd| p.code_on(NaiveDate::from_ymd_opt(y, m, dd).unwrap()).map(|c| c.to_string());
        assert_eq!(on(1995, 5, 5).as_deref(), Some("FOOGOV"));
        assert_eq!(on(2000, 12, 31).as_deref(), Some("FOOGOV"));
        assert_eq!(on(2001, 1, 1).as_deref(), Some("FOOMIL"));
        assert_eq!(on(1980, 1, 1).as_deref(), Some("FOOREB"));
        assert_eq!(on(1987, 1, 1).as_deref(), Some("FOOELI"));
        let reasons = r.by_reason();
        assert_eq!(reasons["null actor code"], 1);
        assert_eq!(reasons["actor without a code"], 1);
        assert_eq!(reasons["bad date in a restriction"], 1);
        assert_eq!(d.people.len(), 1);
    }
}
