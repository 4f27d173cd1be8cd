//! Row parsers of the datasets that are not coded in CAMEO actor and event codes the way
//! GDELT and ICEWS are: POLECAT (PLOVER), ACLED, and Phoenix.
//!
//! | kind | file | dataset id | dates | event code | actors |
//! |---|---|---|---|---|---|
//! | `polecat` | tab-separated with a header; columns found by name (`Intensity` or `Event Intensity`, extra `Headline`, `Story ID`, also named in headers whose rows lack them; trailing empty columns) | `Event ID` | `Event Date` | `Event Type` + `Event Mode` through [`mapping::PLOVER_TO_CAMEO`] | country from `Actor Country` (ISO code, `XKX`, `AZEPRE`-style disputed entities, or name), else the first known number of `Actor COW`; role from `Primary Actor Sector` ([`mapping::PLOVER_SECTORS`]) |
//! | `acled` | CSV with a header (quoted fields may hold commas and newlines), upper- or lower-case names, an HDX hashtag line skipped | `event_id_cnty` | `event_date`, `YYYY-MM-DD`, `dd Month yyyy`, `dd-mm-yyyy` or `dd/mm/yyyy`; `time_precision` 1 day, 2 week, 3 month | `event_type` (+ `sub_event_type` when present) through [`mapping::ACLED_TO_CAMEO`] | undirected pair: `country` plus a role from `inter1`/`inter2` ([`mapping::ACLED_INTER`]), or from ACLED's standard actor names |
//! | `phoenix` | OEDA daily files: tab-separated, no header, 26 columns; Cline Center historical files: CSV with a header | `EventID` / `eid` | `Date` (YYYYMMDD) / `story_date` (M/D/YYYY), the story date | `EventCode` / `code` | `SourceActorFull`, `TargetActorFull` (`source`, `target`) normalized like GDELT's |
//!
//! Every parser finds its own faults: a malformed row is an `Err` with the reason, and
//! no input makes a parser panic. Goldstein values and quad classes are always derived
//! from the CAMEO code by the store; the datasets' own scores (POLECAT `Intensity`,
//! Phoenix `GoldsteinScore` and `QuadClass`) are ignored: Phoenix's table is keyed to an
//! older CAMEO numbering and is wrong for some codes (event-data.md §1.4).

pub mod acled;
pub mod mapping;
pub mod phoenix;
pub mod polecat;

use chrono::NaiveDate;

use crate::countries::Countries;

/// The trimmed text, `None` when empty.
pub(crate) fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// A whole number as files written through a data frame may hold it: `640`, or with a
/// zero fraction, `640.0` (a column of integers with a missing value becomes floats in
/// pandas and R). `None` for anything else, such as `640.5`, `-1` or `None`.
pub(crate) fn whole_number(s: &str) -> Option<u32> {
    let s = s.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || frac.bytes().any(|b| b != b'0') {
        return None;
    }
    int.parse().ok()
}

/// The first non-empty value of a `;`-separated list.
pub(crate) fn first_of(s: &str) -> &str {
    s.split(';').map(str::trim).find(|v| !v.is_empty()).unwrap_or("")
}

/// A header cell as compared: trimmed, without a byte-order mark or quotes, lower case.
pub(crate) fn header_key(s: &str) -> String {
    s.trim().trim_start_matches('\u{feff}').trim().trim_matches('"').trim().to_lowercase()
}

/// Column positions of a header row.
pub(crate) struct Header(Vec<String>);

impl Header {
    pub(crate) fn new(fields: &[&str]) -> Header {
        Header(fields.iter().map(|f| header_key(f)).collect())
    }

    /// The first column with one of these names (lower case).
    pub(crate) fn find(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.0.iter().position(|h| h == n))
    }

    /// Like [`Header::find`], an error naming the column when it is missing.
    pub(crate) fn need(&self, what: &str, names: &[&str]) -> Result<usize, String> {
        self.find(names).ok_or_else(|| format!("{what} header without column {:?}", names[0]))
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

/// A date in one of `formats` (which may hold spaces: `16 May 2025`); a time after the day
/// (`2023-05-01 12:00:00`, `2023-05-01T12:00`) is ignored.
pub(crate) fn parse_date(s: &str, formats: &[&str]) -> Option<NaiveDate> {
    let s = s.trim().trim_matches('"').trim();
    let day = |d: &str| formats.iter().find_map(|f| NaiveDate::parse_from_str(d, f).ok());
    day(s).or_else(|| {
        let without_time = match s.split_once('T') {
            Some((d, t)) if t.contains(':') => d,
            _ => s.rsplit_once(' ').filter(|(_, t)| t.contains(':')).map(|(d, _)| d)?,
        };
        day(without_time.trim())
    })
}

/// The country a name mentions ("Military Forces of Russia (2000-)" → `RUS`): the longest
/// run of up to six words that is a country name or adjective of the crosswalk, leftmost
/// among equals.
pub(crate) fn country_in_name<'c>(countries: &'c Countries, name: &str) -> Option<&'c str> {
    let norm = quidpro_text::normalize(name);
    let words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
    for n in (1..=words.len().min(6)).rev() {
        for w in words.windows(n) {
            if let Some(c) = countries.from_name_in_text(&w.join(" ")) {
                return Some(c);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        let (d, _) = quidpro_dict::Dictionary::embedded();
        let c = Countries::new(&d);
        assert_eq!(country_in_name(&c, "Military Forces of Russia (2000-)"), Some("RUS"));
        assert_eq!(country_in_name(&c, "Police Forces of Azerbaijan (2003-) Border Guard"), Some("AZE"));
        assert_eq!(country_in_name(&c, "Wagner Group"), None);
        assert_eq!(country_in_name(&c, ""), None);
        // "New Jersey" holds no country; the Bailiwick of Jersey is one.
        assert_eq!(country_in_name(&c, "New Jersey National Guard"), None);
        assert_eq!(country_in_name(&c, "Police Forces of the Bailiwick of Jersey"), Some("JEY"));
        assert_eq!(parse_date("2023-05-01 12:00:00", &["%Y-%m-%d"]), NaiveDate::from_ymd_opt(2023, 5, 1));
        assert_eq!(parse_date("", &["%Y-%m-%d"]), None);
        assert_eq!(parse_date("2023-05-01T12:00", &["%Y-%m-%d"]), NaiveDate::from_ymd_opt(2023, 5, 1));
        assert_eq!(parse_date("16 May 2025", &["%d %B %Y"]), NaiveDate::from_ymd_opt(2025, 5, 16));
        assert_eq!(parse_date("16 May 2025 08:00:00", &["%d %B %Y"]), NaiveDate::from_ymd_opt(2025, 5, 16));
        assert_eq!(parse_date("16 May", &["%d %B %Y"]), None);
        assert_eq!(first_of(" ; 373; 640"), "373");
        assert_eq!(whole_number("640"), Some(640));
        assert_eq!(whole_number(" 640.0 "), Some(640));
        assert_eq!(whole_number("2.00"), Some(2));
        for bad in ["640.5", "-1", "", ".0", "1e3", "None", "6 40", "99999999999"] {
            assert_eq!(whole_number(bad), None, "{bad}");
        }
        assert_eq!(header_key("\u{feff}\"Event ID\" "), "event id");
    }

    #[test]
    fn kinds_detected_from_first_lines() {
        use crate::dataset::Kind;
        let polecat = "Event ID\tEvent Date\tEvent Type\tEvent Mode\tEvent Intensity\tActor Name\t\t";
        assert_eq!(Kind::detect("ngecEvents.20230105.Release1.DV.txt", polecat), Some(Kind::Polecat));
        let acled = "\u{feff}event_id_cnty,event_date,year,time_precision,event_type,sub_event_type\r";
        assert_eq!(Kind::detect("export.csv", acled), Some(Kind::Acled));
        let acled_quoted = "\"event_id_cnty\",\"event_date\",\"event_type\"";
        assert_eq!(Kind::detect("export.csv", acled_quoted), Some(Kind::Acled));
        let mut phoenix = vec!["1_v0.1.0", "20140623"];
        phoenix.extend(std::iter::repeat_n("", 11));
        phoenix.push("042");
        phoenix.extend(std::iter::repeat_n("", 12));
        assert_eq!(Kind::detect("x.txt", &phoenix.join("\t")), Some(Kind::Phoenix));
        let no_code = vec!["x"; 26].join("\t");
        assert_eq!(Kind::detect("x.txt", &no_code), None);
        assert_eq!(Kind::detect("Phoenix.events.20140623.txt", &no_code), Some(Kind::Phoenix));
        for k in [Kind::Polecat, Kind::Acled, Kind::Phoenix] {
            assert_eq!(Kind::parse(k.name()), Some(k));
        }
        assert_eq!(Kind::Acled.records(), crate::dataset::Records::Csv);
        assert_eq!(Kind::Phoenix.records(), crate::dataset::Records::TabLines);
    }

    /// Whatever the fields, the parsers answer with a row or a reason, never a panic.
    #[test]
    fn parsers_never_panic() {
        use crate::dataset::Kind;
        let (d, _) = quidpro_dict::Dictionary::embedded();
        let c = Countries::new(&d);
        let odd =
            ["", " ", "é", "日本", "None", "; ;", "0", "9", "99999999999", "\"", "ROMGOV", "1712", "-1"];
        let headers: [&[&str]; 3] = [
            &[
                "Event ID",
                "Event Date",
                "Event Type",
                "Event Mode",
                "Actor Name",
                "Actor Country",
                "Actor COW",
            ],
            &["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "inter1", "country"],
            &[],
        ];
        for (kind, header) in [Kind::Polecat, Kind::Acled, Kind::Phoenix].into_iter().zip(headers) {
            let mut p = kind.parser(&c, "fuzz");
            let _ = p.parse(&["garbage"], 1);
            if !header.is_empty() {
                assert!(matches!(p.parse(header, 1), Ok(crate::dataset::Row::Skip)));
            }
            for n in 0..30 {
                for (i, _) in odd.iter().enumerate() {
                    let fields: Vec<&str> = (0..n).map(|j| odd[(i + j * 7) % odd.len()]).collect();
                    let _ = p.parse(&fields, 2);
                }
            }
        }
    }
}
