//! CAMEO event codes (version 1.1b3) with names, Goldstein values and quad classes.
//!
//! Codes are strings of two to four digits: `01` (root) is not `010` (three-digit) and
//! not `10` (the root DEMAND). They are never parsed to integers.
//!
//! The table (`cameo.tsv`, compiled in) holds the 312 codes of the combined CAMEO 1.1b3
//! table: 20 roots, 147 three-digit and 145 four-digit codes (with `1213`, which only
//! ICEWS and PETRARCH use). Goldstein values are GDELT's `CAMEO.goldsteinscale.txt`
//! (`1213` takes the ICEWS value, -4.0). Names follow the ICEWS wording of 1.1b3.
//!
//! Quad classes follow the **GDELT convention**, which differs from ICEWS and Phoenix:
//! roots 01–05 verbal cooperation (1), 06–09 material cooperation (2; note 09
//! INVESTIGATE), 10–14 verbal conflict (3; note 14 PROTEST), 15–20 material conflict (4).

use std::fmt;
use std::sync::OnceLock;

const TABLE: &str = include_str!("cameo.tsv");

/// One row of the CAMEO table.
#[derive(Clone, Debug, PartialEq)]
pub struct CameoEntry {
    /// The code, 2 to 4 digits.
    pub code: &'static str,
    /// The short name (CAMEO 1.1b3 wording).
    pub name: &'static str,
    /// The Goldstein value, -10.0 to +10.0 (GDELT table).
    pub goldstein: f64,
    /// The quad class (GDELT convention).
    pub quad_class: QuadClass,
}

/// The four quad classes, GDELT convention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QuadClass {
    /// 1: verbal cooperation (roots 01–05).
    VerbalCooperation = 1,
    /// 2: material cooperation (roots 06–09).
    MaterialCooperation = 2,
    /// 3: verbal conflict (roots 10–14).
    VerbalConflict = 3,
    /// 4: material conflict (roots 15–20).
    MaterialConflict = 4,
}

impl QuadClass {
    /// The number used in GDELT files (1–4).
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The class for a number 1–4.
    pub fn from_number(n: u8) -> Option<QuadClass> {
        match n {
            1 => Some(QuadClass::VerbalCooperation),
            2 => Some(QuadClass::MaterialCooperation),
            3 => Some(QuadClass::VerbalConflict),
            4 => Some(QuadClass::MaterialConflict),
            _ => None,
        }
    }

    /// The GDELT-convention class of a root code `01`–`20`.
    pub fn of_root(root: &str) -> Option<QuadClass> {
        let n: u8 = match root.as_bytes() {
            [a @ b'0'..=b'2', b @ b'0'..=b'9'] => (a - b'0') * 10 + (b - b'0'),
            _ => return None,
        };
        match n {
            1..=5 => Some(QuadClass::VerbalCooperation),
            6..=9 => Some(QuadClass::MaterialCooperation),
            10..=14 => Some(QuadClass::VerbalConflict),
            15..=20 => Some(QuadClass::MaterialConflict),
            _ => None,
        }
    }

    /// A short lower-case name: `verbal_cooperation`, ...
    pub fn name(self) -> &'static str {
        match self {
            QuadClass::VerbalCooperation => "verbal_cooperation",
            QuadClass::MaterialCooperation => "material_cooperation",
            QuadClass::VerbalConflict => "verbal_conflict",
            QuadClass::MaterialConflict => "material_conflict",
        }
    }
}

fn table() -> &'static [CameoEntry] {
    static CELL: OnceLock<Vec<CameoEntry>> = OnceLock::new();
    CELL.get_or_init(|| {
        TABLE
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|line| {
                let mut f = line.split('\t');
                let code = f.next().expect("cameo.tsv: code");
                let name = f.next().expect("cameo.tsv: name");
                let goldstein = f.next().expect("cameo.tsv: goldstein");
                let quad = f.next().expect("cameo.tsv: quad");
                CameoEntry {
                    code,
                    name,
                    goldstein: goldstein.trim().parse().expect("cameo.tsv: goldstein value"),
                    quad_class: QuadClass::from_number(quad.trim().parse().expect("cameo.tsv: quad"))
                        .expect("cameo.tsv: quad 1-4"),
                }
            })
            .collect()
    })
}

/// All 312 entries of the compiled table, sorted by code.
pub fn entries() -> &'static [CameoEntry] {
    table()
}

/// The slot of a code of 2 to 4 digits in [`index`]: digits and length.
fn slot(code: &str) -> Option<usize> {
    let b = code.as_bytes();
    if !(2..=4).contains(&b.len()) || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = b.iter().fold(0usize, |a, &d| a * 10 + usize::from(d - b'0'));
    Some((b.len() - 2) * 10_000 + n)
}

/// Each code's entry by [`slot`] (importers look up a code per row: a direct index
/// rather than a search of the sorted table).
fn index() -> &'static [u16] {
    static CELL: OnceLock<Vec<u16>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut v = vec![u16::MAX; 30_000];
        for (i, e) in table().iter().enumerate() {
            if let Some(s) = slot(e.code) {
                v[s] = i as u16;
            }
        }
        v
    })
}

/// Looks a code up in the table.
pub fn lookup(code: &str) -> Option<&'static CameoEntry> {
    let i = *index().get(slot(code)?)?;
    table().get(usize::from(i))
}

/// A valid CAMEO event code: one of the 312 codes of the table (it holds its entry).
/// Codes compare, order and hash as their strings.
#[derive(Clone, Copy)]
pub struct EventCode(&'static CameoEntry);

impl PartialEq for EventCode {
    fn eq(&self, other: &EventCode) -> bool {
        self.0.code == other.0.code
    }
}

impl Eq for EventCode {}

impl PartialOrd for EventCode {
    fn partial_cmp(&self, other: &EventCode) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for EventCode {
    fn cmp(&self, other: &EventCode) -> std::cmp::Ordering {
        self.0.code.cmp(other.0.code)
    }
}

impl std::hash::Hash for EventCode {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.0.code.hash(h);
    }
}

/// The error for a string that is not a CAMEO code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a CAMEO 1.1b3 event code: {0:?}")]
pub struct EventCodeError(pub String);

impl EventCode {
    /// Parses a code; it must be in the table.
    ///
    /// # Errors
    /// [`EventCodeError`] when the string is not one of the 312 codes.
    pub fn parse(s: &str) -> Result<EventCode, EventCodeError> {
        lookup(s.trim()).map(EventCode).ok_or_else(|| EventCodeError(s.to_string()))
    }

    /// The code as a string.
    pub fn as_str(self) -> &'static str {
        self.0.code
    }

    /// The root: the first two digits (`0874` → `08`).
    pub fn root(self) -> &'static str {
        &self.0.code[..2]
    }

    /// The base code as GDELT derives it: the first three digits, or the code itself
    /// when it is shorter (`0874` → `087`, `08` → `08`).
    pub fn base(self) -> &'static str {
        &self.0.code[..self.0.code.len().min(3)]
    }

    fn entry(self) -> &'static CameoEntry {
        self.0
    }

    /// The CAMEO name.
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    /// The Goldstein value (GDELT table).
    pub fn goldstein(self) -> f64 {
        self.entry().goldstein
    }

    /// The quad class (GDELT convention).
    pub fn quad_class(self) -> QuadClass {
        self.entry().quad_class
    }

    /// The PLOVER event type of a CAMEO code, after the root table of event-data.md §1.2
    /// (from `CAMEO2PLOVER-2021.txt`, openeventdata/PLOVER): `None` for roots 01 and 02, which PLOVER drops.
    ///
    /// | CAMEO | PLOVER |
    /// |---|---|
    /// | 03 / 04 / 05 / 06 / 07 | AGREE / CONSULT / SUPPORT / COOPERATE / AID |
    /// | 08 | CONCEDE (`080`–`083`), RETREAT (`084`–`087`, and `0813`, `0814`) |
    /// | 09, 11 | ACCUSE |
    /// | 10 / 12 / 13 / 14 / 15 | REQUEST / REJECT / THREATEN / PROTEST / MOBILIZE |
    /// | 16 | SANCTION (`163`: COERCE) |
    /// | 17 | COERCE (`1712`, `175`: ASSAULT) |
    /// | 18, 20 | ASSAULT |
    /// | 19 | ASSAULT (`191`, `192`: COERCE) |
    pub fn plover(self) -> Option<&'static str> {
        let c = self.as_str();
        let base = self.base();
        Some(match self.root() {
            "01" | "02" => return None,
            "03" => "AGREE",
            "04" => "CONSULT",
            "05" => "SUPPORT",
            "06" => "COOPERATE",
            "07" => "AID",
            "08" if matches!(c, "0813" | "0814") => "RETREAT",
            "08" if matches!(base, "084" | "085" | "086" | "087") => "RETREAT",
            "08" => "CONCEDE",
            "09" | "11" => "ACCUSE",
            "10" => "REQUEST",
            "12" => "REJECT",
            "13" => "THREATEN",
            "14" => "PROTEST",
            "15" => "MOBILIZE",
            "16" if base == "163" => "COERCE",
            "16" => "SANCTION",
            "17" if c == "1712" || base == "175" => "ASSAULT",
            "17" => "COERCE",
            "19" if matches!(base, "191" | "192") => "COERCE",
            "18" | "19" | "20" => "ASSAULT",
            _ => return None,
        })
    }

    /// The root code as an [`EventCode`].
    pub fn root_code(self) -> EventCode {
        EventCode::parse(self.root()).expect("every root is in the table")
    }
}

impl fmt::Debug for EventCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EventCode({})", self.0.code)
    }
}

impl fmt::Display for EventCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.code)
    }
}

impl serde::Serialize for EventCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_312_codes_sorted_and_unique() {
        let t = entries();
        assert_eq!(t.len(), 312);
        assert_eq!(t.iter().filter(|e| e.code.len() == 2).count(), 20);
        assert_eq!(t.iter().filter(|e| e.code.len() == 3).count(), 147);
        assert_eq!(t.iter().filter(|e| e.code.len() == 4).count(), 145);
        for w in t.windows(2) {
            assert!(w[0].code < w[1].code, "{} before {}", w[0].code, w[1].code);
        }
    }

    #[test]
    fn codes_are_strings() {
        assert_eq!(EventCode::parse("01").unwrap().name(), "MAKE PUBLIC STATEMENT");
        assert_eq!(EventCode::parse("10").unwrap().root(), "10");
        assert_ne!(EventCode::parse("010").unwrap(), EventCode::parse("10").unwrap());
        assert!(EventCode::parse("1").is_err());
        assert!(EventCode::parse("13y").is_err());
        assert!(EventCode::parse("176").is_err());
        assert!(EventCode::parse("1213").is_ok());
    }

    #[test]
    fn quad_class_is_gdelt_convention_and_agrees_with_table() {
        for e in entries() {
            assert_eq!(QuadClass::of_root(&e.code[..2]), Some(e.quad_class), "{}", e.code);
        }
        assert_eq!(QuadClass::of_root("09"), Some(QuadClass::MaterialCooperation));
        assert_eq!(QuadClass::of_root("14"), Some(QuadClass::VerbalConflict));
        assert_eq!(QuadClass::of_root("21"), None);
        assert_eq!(QuadClass::of_root("00"), None);
    }

    #[test]
    fn known_goldstein_values() {
        let g = |c: &str| EventCode::parse(c).unwrap().goldstein();
        assert_eq!(g("016"), -2.0);
        assert_eq!(g("163"), -8.0);
        assert_eq!(g("1213"), -4.0);
        assert_eq!(g("0874"), 10.0);
        assert_eq!(g("190"), -10.0);
    }

    #[test]
    fn base_and_root() {
        let c = EventCode::parse("1823").unwrap();
        assert_eq!((c.root(), c.base()), ("18", "182"));
        let c = EventCode::parse("04").unwrap();
        assert_eq!((c.root(), c.base()), ("04", "04"));
    }
}
