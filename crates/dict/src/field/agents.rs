//! Agent files (TABARI `.agents`, PETRARCH2 `Phoenix.agents.txt`).
//!
//! ```text
//! !PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON     substitution set
//! FOREIGN_MINISTER [~GOVFRM]                    phrase, agent code after the actor's
//! ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]   irregular plural in braces
//! POLICE {} [~COP]                              no plural
//! CONGRESS!PERSON! [~LEG]                       one phrase per substitute
//! HUMAN_RIGHTS_BODY [NGO~]                      code placed before the actor's
//! ```
//!
//! Mapping: each line becomes one [`Agent`] whose code is the code after
//! `~` (it may have several 3-letter blocks, `GOVFRM`) and whose names are the phrase
//! (each substitute of a `!MARKER!`) and any irregular plural in braces. The coder
//! generates regular plurals itself; an empty `{}` (no plural) cannot be expressed and
//! is approximated. Not mapped (reported): a code placed before the actor's (`NGO~`), a
//! null or malformed code, an undefined `!MARKER!`, a line without a code.

use std::collections::HashMap;

use crate::field::{bracket, phrase, Ctx};
use crate::{Agent, Dictionary};
use quidpro_event::ActorCode;

/// Reads an agents file.
pub(crate) fn read(ctx: &mut Ctx, text: &str, dict: &mut Dictionary) {
    let mut subst: HashMap<String, Vec<String>> = HashMap::new();
    for l in super::content_lines(text, true) {
        let t = l.text.trim();
        if t.starts_with('!') {
            if let Some((marker, list)) = t.split_once('=') {
                let marker = marker.trim().to_ascii_uppercase();
                if marker.len() > 2 && marker.ends_with('!') {
                    let items =
                        list.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
                    subst.insert(marker, items);
                    continue;
                }
            }
        }
        let Some((inner, rest)) = bracket(t) else {
            ctx.unmapped(l.n, "agent without a code", t);
            continue;
        };
        let code_text: String = inner.split_whitespace().collect();
        let code = if let Some(c) = code_text.strip_prefix('~') {
            c.to_string()
        } else if code_text.ends_with('~') {
            ctx.unmapped(l.n, "agent code before the actor's (CODE~)", format!("[{inner}]"));
            continue;
        } else {
            ctx.unmapped(l.n, "agent code without ~", format!("[{inner}]"));
            continue;
        };
        let Ok(code) = ActorCode::parse(&code.to_ascii_uppercase()) else {
            ctx.unmapped(l.n, "not an actor code (3-letter blocks)", format!("[{inner}]"));
            continue;
        };
        // The phrase and an optional `{plural}`.
        let (head, plural) = match (rest.find('{'), rest.find('}')) {
            (Some(a), Some(b)) if a < b => {
                (rest[..a].trim().to_string(), Some(rest[a + 1..b].trim().to_string()))
            }
            _ => (rest.trim().to_string(), None),
        };
        if head.is_empty() {
            ctx.unmapped(l.n, "agent without a phrase", t);
            continue;
        }
        let mut names = Vec::new();
        match expand(&head, &subst) {
            Ok(v) => names.extend(v),
            Err(m) => {
                ctx.unmapped(l.n, "undefined substitution marker", m);
                continue;
            }
        }
        match plural.as_deref() {
            Some("") => ctx.approx(l.n, "no-plural {} ignored (plurals are generated)", head.clone()),
            Some(p) => match expand(p, &subst) {
                Ok(v) => names.extend(v),
                Err(m) => ctx.unmapped(l.n, "undefined substitution marker", m),
            },
            None => {}
        }
        names.retain(|n| !n.is_empty());
        names.dedup();
        if names.is_empty() {
            ctx.unmapped(l.n, "agent without a phrase", t);
            continue;
        }
        dict.agents.push(Agent { code, label: names[0].clone(), names, origin: ctx.origin(l.n) });
        ctx.mapped("agents", 1);
    }
}

/// The phrases of `s` with its `!MARKER!`s substituted (every combination).
fn expand(s: &str, subst: &HashMap<String, Vec<String>>) -> Result<Vec<String>, String> {
    let mut out = vec![String::new()];
    let mut rest = s;
    while let Some(a) = rest.find('!') {
        let Some(len) = rest[a + 1..].find('!') else { break };
        let marker = rest[a..a + len + 2].to_ascii_uppercase();
        let items = subst.get(&marker).ok_or_else(|| marker.clone())?;
        let before = &rest[..a];
        out = out.iter().flat_map(|o| items.iter().map(move |i| format!("{o}{before}{i}"))).collect();
        rest = &rest[a + len + 2..];
    }
    Ok(out.into_iter().map(|o| phrase(&format!("{o}{rest}"))).collect())
}

#[cfg(test)]
mod tests {
    use crate::field::{FieldKind, FieldReport};
    use crate::Dictionary;

    #[test]
    fn agents_plurals_and_markers() {
        let mut d = Dictionary::default();
        let mut r = FieldReport::default();
        let text = "!PERSON! = MAN, WOMAN\nFOREIGN_MINISTER [~GOVFRM] # x\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\nPOLICE {} [~COP]\nCONGRESS!PERSON! [~LEG]\nRIGHTS_BODY [NGO~]\nAIR_FORCE_  [ ~MIL] ;jap\n!NOPE!_X [~GOV]\nNOCODE\n";
        crate::field::parse_field_file("a.agents", text, FieldKind::Agents, &mut d, &mut r);
        let names: Vec<(String, Vec<String>)> =
            d.agents.iter().map(|a| (a.code.to_string(), a.names.clone())).collect();
        assert_eq!(
            names,
            [
                ("GOVFRM".into(), vec!["foreign minister".to_string()]),
                ("GOV".into(), vec!["attorney general".into(), "attorneys general".into()]),
                ("COP".into(), vec!["police".into()]),
                ("LEG".into(), vec!["congressman".into(), "congresswoman".into()]),
                ("MIL".into(), vec!["air force".into()]),
            ]
        );
        let reasons = r.by_reason();
        assert_eq!(reasons["agent code before the actor's (CODE~)"], 1);
        assert_eq!(reasons["undefined substitution marker"], 1);
        assert_eq!(reasons["agent without a code"], 1);
    }
}
