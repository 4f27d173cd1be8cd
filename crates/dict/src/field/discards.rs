//! Discard lists (PETRARCH2 `Phoenix.discards.txt`, TABARI discard lines) and PETRARCH2
//! issue files.
//!
//! ```text
//! WORLD CUP                  a sentence containing the phrase is not coded
//! +ACADEMY AWARD             the whole story is not coded
//! BASEBALL_                  whole word (no stem)
//! CHAMPIONS_LEAGUE [###]     TABARI's discard code, allowed and ignored
//! ```
//!
//! Mapping: each line becomes one [`Discard`] with one phrase (labelled
//! `field discard`, or `field story discard`). A story discard (`+`) discards only the
//! sentence in quidpro (approximated); the field's stems (a phrase without a trailing
//! `_` also matches longer words) match whole words in quidpro. A line with a code
//! other than `[###]` is reported.
//!
//! Issue files (`<ISSUE CATEGORY=...>`, `n:atrocity [ID_ATROCITY]`, `~ignore`) have no
//! equivalent in quidpro: every phrase line is reported, tags are skipped.

use crate::field::{bracket, phrase, Ctx};
use crate::{Dictionary, Discard};

/// Reads a discard list.
pub(crate) fn read(ctx: &mut Ctx, text: &str, dict: &mut Dictionary) {
    for l in super::content_lines(text, true) {
        let mut t = l.text.trim().to_string();
        if let Some((inner, rest)) = bracket(&t) {
            if inner != "###" {
                ctx.unmapped(l.n, "discard with a code other than [###]", l.text.trim());
                continue;
            }
            t = rest.trim().to_string();
        }
        let (story, body) = match t.strip_prefix('+') {
            Some(b) => (true, b.trim()),
            None => (false, t.as_str()),
        };
        let p = phrase(body);
        if p.is_empty() {
            ctx.unmapped(l.n, "discard without a phrase", l.text.trim());
            continue;
        }
        if p.contains(['{', '}', '[', ']', '|', '$']) {
            ctx.unmapped(l.n, "phrase with pattern characters", p);
            continue;
        }
        if story {
            ctx.approx(l.n, "story discard applied to the sentence", p.clone());
        }
        let label = if story { "field story discard" } else { "field discard" };
        dict.discards.push(Discard {
            label: label.into(),
            phrases: vec![p],
            together: vec![],
            origin: ctx.origin(l.n),
        });
        ctx.mapped("discards", 1);
    }
}

/// Reads an issue file: reported line by line, nothing mapped.
pub(crate) fn read_issues(ctx: &mut Ctx, text: &str) {
    for l in super::content_lines(text, true) {
        let t = l.text.trim();
        if t.starts_with('<') && t.ends_with('>') {
            continue;
        }
        ctx.unmapped(l.n, "issue coding (no equivalent)", t);
    }
}

#[cfg(test)]
mod tests {
    use crate::field::{FieldKind, FieldReport};
    use crate::Dictionary;

    #[test]
    fn discards_and_table() {
        let mut d = Dictionary::default();
        let mut r = FieldReport::default();
        let text = "WORLD CUP # x\n+ACADEMY AWARD\nBASEBALL_\n1914\nCHAMPIONS_LEAGUE [###]\nFOO [190]\n";
        crate::field::parse_field_file("d.txt", text, FieldKind::Discards, &mut d, &mut r);
        let p: Vec<&str> = d.discards.iter().map(|d| d.phrases[0].as_str()).collect();
        assert_eq!(p, ["world cup", "academy award", "baseball", "1914", "champions league"]);
        assert_eq!(r.by_reason()["discard with a code other than [###]"], 1);
        assert_eq!(r.approximated.len(), 1);

        let mut r = FieldReport::default();
        let table = "\t1\t2\t3\tx\t\t\t\tz\n\t4\t5\t6\ty\t\t\t\tz\n";
        crate::field::parse_field_file("discards.txt", table, FieldKind::Discards, &mut d, &mut r);
        assert_eq!(r.by_reason()["not a dictionary (tab-separated table)"], 1);
        assert_eq!(d.discards.len(), 5);
    }
}
