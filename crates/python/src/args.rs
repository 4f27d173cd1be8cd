//! Arguments checked as the CLI checks its flags (`crates/cli/src/cmd/relations.rs`,
//! `events.rs`), with the same messages; a flag is named by its Python name.

use chrono::NaiveDate;
use pyo3::PyResult;
use quidpro_analyze::series::{is_domestic, Modalities, Period};

use crate::usage;

/// `YYYY-MM-DD` or a usage error naming `name`.
pub(crate) fn date(s: &Option<String>, name: &str) -> PyResult<Option<NaiveDate>> {
    match s {
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| usage(format!("{name} must be YYYY-MM-DD, got {d:?}"))),
        None => Ok(None),
    }
}

/// A period: week, month, quarter or year, in any case.
pub(crate) fn period(s: &str) -> PyResult<Period> {
    Period::parse(&s.to_lowercase())
        .ok_or_else(|| usage(format!("by takes week, month, quarter or year, not {s:?}")))
}

/// An actor of a relation: a code of 3-letter blocks, in upper case.
pub(crate) fn actor(s: &str) -> PyResult<String> {
    let up = s.trim().to_uppercase();
    if up.len() < 3 || !up.len().is_multiple_of(3) || !up.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(usage(format!("an actor is a code of 3-letter blocks such as TUR or TURGOV, not {s:?}")));
    }
    Ok(up)
}

/// The modalities of a comma-separated list (default: asserted, reported).
pub(crate) fn modalities(list: &Option<String>) -> PyResult<Modalities> {
    match list {
        Some(l) => Modalities::parse(l).map_err(|e| usage(format!("modality: {e}"))),
        None => Ok(Modalities::default()),
    }
}

/// A domestic dyad (two actors of one country) only when asked for.
pub(crate) fn check_domestic(a: &str, b: &str, domestic: bool) -> PyResult<()> {
    if is_domestic(a, b) && !domestic {
        return Err(usage(format!(
            "{a} and {b} are of the same country: a domestic dyad; give domestic=True to count it"
        )));
    }
    Ok(())
}
