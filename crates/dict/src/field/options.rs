//! TABARI options files (`CAMEO.09b5.options`).
//!
//! ```text
//! //01: MAKE PUBLIC STATEMENT       comment
//! LABEL: 010= Make statement        a code's label
//! COMPLEX: VERBS[6] ACTORS[6]       a program option
//! ```
//!
//! quidpro's CAMEO labels are compiled into `quidpro-event`, so a `LABEL` line maps to
//! nothing; it is checked instead: a label of a code that is one of CAMEO 1.1b3's codes
//! counts as `labels`, any other is reported. Program options (`COMPLEX`, `FORWARD`,
//! `OUTPUT`, ...) have no equivalent and are reported.

use crate::field::Ctx;
use quidpro_event::EventCode;

/// Reads an options file.
pub(crate) fn read(ctx: &mut Ctx, text: &str) {
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let t = raw.trim();
        if t.is_empty() || t.starts_with("//") || t.starts_with('#') || t.chars().all(|c| c == '~') {
            continue;
        }
        if let Some(rest) = t.strip_prefix("LABEL:") {
            let code = rest.split('=').next().unwrap_or("").trim();
            if EventCode::parse(code).is_ok() {
                ctx.mapped("labels", 1);
            } else {
                ctx.unmapped(n, "label of a code not in CAMEO 1.1b3", code);
            }
        } else {
            let name = t.split(':').next().unwrap_or(t);
            ctx.unmapped(n, "TABARI option (no equivalent)", name);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::field::{FieldKind, FieldReport};
    use crate::Dictionary;

    #[test]
    fn labels_are_checked_options_reported() {
        let mut d = Dictionary::default();
        let mut r = FieldReport::default();
        let text = "COMPLEX: VERBS[6]\n//01: X\nLABEL: 010= Make statement\nLABEL: 999= Nothing\n~~~~~\n";
        crate::field::parse_field_file("x.options", text, FieldKind::Options, &mut d, &mut r);
        assert_eq!(r.mapped["labels"], 1);
        let reasons = r.by_reason();
        assert_eq!(reasons["TABARI option (no equivalent)"], 1);
        assert_eq!(reasons["label of a code not in CAMEO 1.1b3"], 1);
    }
}
