//! The register of alliance and cooperation instruments, coded in ATOP's scheme
//! (defense, offense, neutrality, non-aggression, consultation; conditions; military aid;
//! duration), kept in an editable text file (`data/obligations.txt`, embedded; another
//! file can be given) and, once loaded ([`save`], `quidpro obligations --load`), in the
//! store ([`stored`]), where the analyses read it.
//!
//! Format: `instrument ID Title` at column 0, then indented `field: value` lines
//! (several values separated by `;`): `parties`, `party_since` (`CODE YYYY-MM-DD`),
//! `party_until`, `signed`, `in_force`, `ends`, `kind`, `obligations`, `conditions`,
//! `duration`, `source`, `note`. `#` starts a comment.

use chrono::NaiveDate;
use quidpro_store::Store;
use serde::Serialize;

use crate::Error;

/// The shipped register.
pub const SHIPPED: &str = include_str!("../../../data/obligations.txt");

/// The obligation types (ATOP's five, and the cooperation terms the register adds).
pub const OBLIGATIONS: &[&str] = &[
    "defense",
    "offense",
    "neutrality",
    "nonaggression",
    "consultation",
    "military_aid",
    "base_access",
    "arms_transfers",
    "joint_exercises",
    "intelligence_sharing",
    "economic_aid",
];

/// One instrument.
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Instrument {
    /// Short id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Parties (country codes).
    pub parties: Vec<String>,
    /// When a party joined, where given.
    pub party_since: Vec<(String, NaiveDate)>,
    /// When a party left or froze its participation, where given.
    pub party_until: Vec<(String, NaiveDate)>,
    /// Signature date.
    pub signed: Option<NaiveDate>,
    /// Entry into force.
    pub in_force: Option<NaiveDate>,
    /// End, if it ended.
    pub ends: Option<NaiveDate>,
    /// Kind (alliance, strategic partnership, ...).
    pub kind: String,
    /// Obligations (see [`OBLIGATIONS`]).
    pub obligations: Vec<String>,
    /// When they apply.
    pub conditions: String,
    /// Duration.
    pub duration: String,
    /// Sources.
    pub sources: Vec<String>,
    /// Notes.
    pub notes: Vec<String>,
    /// Line where it starts.
    pub line: usize,
}

impl Instrument {
    /// Whether `code` (a country) is a party on `date` (or at all, when `None`).
    pub fn binds(&self, code: &str, date: Option<NaiveDate>) -> bool {
        let code = code.get(..3).unwrap_or(code);
        if !self.parties.iter().any(|p| p == code) {
            return false;
        }
        let Some(d) = date else { return true };
        let after_start = self
            .party_since
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, s)| *s)
            .or(self.in_force)
            .or(self.signed);
        let before_end = self.party_until.iter().find(|(c, _)| c == code).map(|(_, e)| *e).or(self.ends);
        after_start.is_none_or(|s| s <= d) && before_end.is_none_or(|e| d <= e)
    }
}

/// Parses a register; every bad line is an error naming it.
///
/// # Errors
/// [`Error::Line`] for the first bad line.
pub fn parse(file: &str, text: &str) -> Result<Vec<Instrument>, Error> {
    let err = |line: usize, message: String| Error::Line { file: file.to_string(), line, message };
    let date = |n: usize, v: &str| -> Result<Option<NaiveDate>, Error> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(None);
        }
        NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| err(n, format!("bad date {v:?} (YYYY-MM-DD)")))
    };
    let mut out: Vec<Instrument> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = match raw.find('#') {
            Some(p) => &raw[..p],
            None => raw,
        }
        .trim_end();
        if line.trim().is_empty() {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            let mut parts = line.splitn(3, char::is_whitespace);
            let (kw, id, title) =
                (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            if kw != "instrument" || id.is_empty() {
                return Err(err(n, format!("expected `instrument ID Title`, got {line:?}")));
            }
            out.push(Instrument { id: id.into(), title: title.trim().into(), line: n, ..Default::default() });
            continue;
        }
        let inst = out.last_mut().ok_or_else(|| err(n, "field outside an instrument".into()))?;
        let (k, v) = line
            .trim()
            .split_once(':')
            .ok_or_else(|| err(n, format!("expected `field: value`, got {line:?}")))?;
        let values =
            || v.split(';').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect::<Vec<_>>();
        match k.trim() {
            "parties" => inst.parties.extend(values()),
            "party_since" | "party_until" => {
                for x in values() {
                    let (c, d) = x
                        .split_once(char::is_whitespace)
                        .ok_or_else(|| err(n, format!("expected `CODE YYYY-MM-DD`, got {x:?}")))?;
                    let d = date(n, d)?.ok_or_else(|| err(n, "missing date".into()))?;
                    if k.trim() == "party_since" {
                        inst.party_since.push((c.to_string(), d));
                    } else {
                        inst.party_until.push((c.to_string(), d));
                    }
                }
            }
            "signed" => inst.signed = date(n, v)?,
            "in_force" => inst.in_force = date(n, v)?,
            "ends" => inst.ends = date(n, v)?,
            "kind" => inst.kind = v.trim().to_string(),
            "obligations" => {
                for o in values() {
                    if !OBLIGATIONS.contains(&o.as_str()) {
                        return Err(err(n, format!("unknown obligation {o:?} ({})", OBLIGATIONS.join(", "))));
                    }
                    inst.obligations.push(o);
                }
            }
            "conditions" => inst.conditions = v.trim().to_string(),
            "duration" => inst.duration = v.trim().to_string(),
            "source" => inst.sources.push(v.trim().to_string()),
            "note" => inst.notes.push(v.trim().to_string()),
            other => return Err(err(n, format!("unknown field `{other}`"))),
        }
    }
    for inst in &out {
        if inst.parties.len() < 2 {
            return Err(err(inst.line, format!("instrument {} needs two parties or more", inst.id)));
        }
        if inst.sources.is_empty() {
            return Err(err(inst.line, format!("instrument {} has no source", inst.id)));
        }
    }
    Ok(out)
}

/// Stores the register (replacing the stored one), so that the store carries the
/// instruments it is analysed with.
///
/// # Errors
/// [`Error::Store`] when the store fails.
pub fn save(store: &mut Store, file: &str, all: &[Instrument]) -> Result<(), Error> {
    let rows: Vec<(String, String, String, String, usize)> = all
        .iter()
        .map(|i| {
            (
                i.id.clone(),
                i.title.clone(),
                serde_json::to_string(i).unwrap_or_default(),
                file.to_string(),
                i.line,
            )
        })
        .collect();
    let mut b = store.batch()?;
    b.replace_instruments(&rows)?;
    b.commit()?;
    Ok(())
}

/// The register stored in the store, if one was loaded.
///
/// # Errors
/// [`Error::Store`] when the store fails; [`Error::Invalid`] for a row that does not read.
pub fn stored(store: &Store) -> Result<Option<Vec<Instrument>>, Error> {
    let sq =
        |e: rusqlite::Error| Error::Store(quidpro_store::Error::Sqlite { path: "store".into(), source: e });
    let mut stmt =
        store.connection().prepare("SELECT id, record FROM instruments ORDER BY file, line").map_err(sq)?;
    let rows: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(sq)?
        .collect::<Result<_, _>>()
        .map_err(sq)?;
    if rows.is_empty() {
        return Ok(None);
    }
    rows.into_iter()
        .map(|(id, json)| {
            serde_json::from_str(&json).map_err(|e| Error::Invalid(format!("stored instrument {id}: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// The instruments that bind `code` (on `date`, when given), optionally only those that
/// also bind `other`.
pub fn binding<'a>(
    all: &'a [Instrument],
    code: &str,
    other: Option<&str>,
    date: Option<NaiveDate>,
) -> Vec<&'a Instrument> {
    all.iter().filter(|i| i.binds(code, date) && other.is_none_or(|o| i.binds(o, date))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_binds_by_date() {
        let text = "instrument x Test\n  parties: AZE; TUR; ARM\n  party_until: ARM 2024-02-22\n  signed: 2021-06-15\n  obligations: defense; consultation\n  source: example\n";
        let r = parse("o.txt", text).unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert!(r[0].binds("AZEGOV", d("2022-01-01")));
        assert!(!r[0].binds("AZE", d("2020-01-01")));
        assert!(r[0].binds("ARM", d("2023-01-01")));
        assert!(!r[0].binds("ARM", d("2025-01-01")));
        assert_eq!(binding(&r, "TUR", Some("AZE"), None).len(), 1);
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("o.txt", "instrument x T\n  parties: A; B\n  obligations: friendship\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("o.txt:3: unknown obligation"), "{e}");
        let e = parse("o.txt", "instrument x T\n  parties: AZE\n  source: s\n").unwrap_err().to_string();
        assert!(e.starts_with("o.txt:1:"), "{e}");
    }

    #[test]
    fn the_shipped_register_parses() {
        let r = parse("data/obligations.txt", SHIPPED).unwrap();
        assert!(r.len() >= 10, "{}", r.len());
        assert!(r
            .iter()
            .any(|i| i.parties.contains(&"AZE".to_string()) && i.parties.contains(&"TUR".to_string())));
    }
}
