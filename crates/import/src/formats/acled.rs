//! ACLED exports: CSV with a header, read by column name (case ignored).
//!
//! Required columns: `event_id_cnty` (the dataset id, stable across ACLED's revisions),
//! `event_date`, `event_type`, `actor1`, `country`. Used when present: `sub_event_type`,
//! `time_precision` (1 day, 2 week, 3 month), `inter1`, `actor2`, `inter2`, `source` (the
//! attribution) and `notes` (stored as the event's text).
//!
//! The layouts read:
//!
//! * the API and export tool since 2019 (31 columns, `event_id_cnty` … `timestamp`, some
//!   exports with `population_*` columns after them): `event_date` as `YYYY-MM-DD` or, in
//!   the export tool's files, `dd Month yyyy` (`16 May 2025`); `inter1`/`inter2` as numbers
//!   or, since 2024, as labels (`State forces`, `Rebel group`);
//! * the HDX files (`conflict_data_XXX.csv`), whose second line holds HXL hashtags
//!   (`#event+code,#date+occurred,…`, skipped) and which have no `sub_event_type` and no
//!   `inter1`/`inter2` (OCHA-DAP hdx-scraper-acled);
//! * the files before 2019 (versions 5 to 7): upper-case headers (`EVENT_ID_CNTY`),
//!   `ALLY_ACTOR_1`, no `SUB_EVENT_TYPE`, the event types of their time
//!   (`Battle-No change of territory`, [`super::mapping::ACLED_TO_CAMEO`]) and day-first
//!   dates (`dd/mm/yyyy`; ulfelder/dart-throwing-chimp `acled.importer.R` reads the month
//!   from characters 4–5).
//!
//! ACLED's actor 1 and actor 2 carry no direction, so every event is stored as an
//! undirected pair (`directed = false`): `quidpro events --dyad A-B` finds it both ways.
//! Actor codes are a country plus a role from the actor's `inter` type
//! ([`super::mapping::ACLED_INTER`]). Groups take the country ACLED writes in parentheses
//! after their name ("Rioters (Israel)" in an event in Palestine is `ISR`), else the
//! event's (`country`, by name); state forces and external forces take the country their
//! name mentions ("Military Forces of Russia (2000-)"), and external forces that name none
//! are `IMG`. State forces are `MIL`, except ACLED's police and
//! governments ("Police Forces of India (2014-)" `COP`, "Government of Sudan (2019-)"
//! `GOV`). Without an `inter` value the type is taken from ACLED's standard actor names
//! (`Military Forces of`, `Police Forces of`, `Government of`, `Protesters (…)`,
//! `Rioters (…)`, `Civilians (…)`); other actors then get the country alone. The actors'
//! names are kept as source and target names.

use quidpro_store::NewEvent;

use super::mapping::{acled_inter, acled_to_cameo, AcledInter};
use super::{country_in_name, header_key, opt, parse_date, whole_number, Header};
use crate::countries::Countries;
use crate::dataset::{Row, RowParser};

/// Date formats of `event_date` (day first where the order is ambiguous, as ACLED's are).
const DATES: &[&str] =
    &["%Y-%m-%d", "%d-%m-%Y", "%d %B %Y", "%d %b %Y", "%d/%m/%Y", "%d-%B-%Y", "%d-%b-%Y", "%B %d, %Y"];

/// Whether the first line of a CSV file is an ACLED header.
pub fn is_header(first_line: &str) -> bool {
    let keys: Vec<String> = first_line.trim_end_matches(['\r', '\n']).split(',').map(header_key).collect();
    let has = |k: &str| keys.iter().any(|h| h == k);
    has("event_id_cnty") && has("event_type")
}

#[derive(Clone, Debug)]
struct Columns {
    id: usize,
    date: usize,
    precision: Option<usize>,
    event_type: usize,
    sub_event_type: Option<usize>,
    actor1: usize,
    inter1: Option<usize>,
    actor2: Option<usize>,
    inter2: Option<usize>,
    country: usize,
    source: Option<usize>,
    notes: Option<usize>,
    header_len: usize,
}

impl Columns {
    fn new(h: &Header) -> Result<Columns, String> {
        Ok(Columns {
            id: h.need("ACLED", &["event_id_cnty"])?,
            date: h.need("ACLED", &["event_date"])?,
            precision: h.find(&["time_precision"]),
            event_type: h.need("ACLED", &["event_type"])?,
            sub_event_type: h.find(&["sub_event_type"]),
            actor1: h.need("ACLED", &["actor1"])?,
            inter1: h.find(&["inter1"]),
            actor2: h.find(&["actor2"]),
            inter2: h.find(&["inter2"]),
            country: h.need("ACLED", &["country"])?,
            source: h.find(&["source"]),
            notes: h.find(&["notes"]),
            header_len: h.len(),
        })
    }
}

/// The row parser of ACLED files.
pub struct AcledParser<'a> {
    countries: &'a Countries,
    file: String,
    cols: Option<Columns>,
}

impl<'a> AcledParser<'a> {
    /// A parser for `file` (named in the events' provenance).
    pub fn new(countries: &'a Countries, file: &str) -> AcledParser<'a> {
        AcledParser { countries, file: file.to_string(), cols: None }
    }

    /// The actor code of `name` of type `inter` in an event in `country`; `which` names
    /// the column in errors.
    fn actor(&self, name: &str, inter: &str, country: Option<&str>, which: &str) -> Result<String, String> {
        if name.is_empty() {
            return Ok(String::new());
        }
        let kind = match acled_inter(inter).ok_or_else(|| format!("bad {which} {inter:?}"))? {
            AcledInter::None => inter_from_name(name),
            kind => kind,
        };
        Ok(match kind {
            AcledInter::None => {
                paren_country(self.countries, name).or(country).map(str::to_string).unwrap_or_default()
            }
            AcledInter::Role(r) => {
                paren_country(self.countries, name).or(country).map(|c| format!("{c}{r}")).unwrap_or_default()
            }
            AcledInter::State => country_in_name(self.countries, name)
                .or(country)
                .map(|c| format!("{c}{}", state_role(name)))
                .unwrap_or_default(),
            AcledInter::External => {
                country_in_name(self.countries, name).map(str::to_string).unwrap_or_else(|| "IMG".into())
            }
        })
    }
}

/// The country ACLED names in parentheses after a group ("Rioters (Israel)", "Somali
/// Ethnic Militia (Ethiopia)"): the group's own country, which may differ from the event's.
fn paren_country<'c>(countries: &'c Countries, name: &str) -> Option<&'c str> {
    let open = name.rfind('(')?;
    let inner = name[open + 1..].split(')').next()?;
    countries.from_name(inner.trim())
}

/// Whether a record is HXL hashtags (the second line of HDX's ACLED files).
fn is_hxl(f: &[&str]) -> bool {
    let mut values = f.iter().map(|v| v.trim()).filter(|v| !v.is_empty()).peekable();
    values.peek().is_some() && values.all(|v| v.starts_with('#'))
}

/// ACLED's standard names of state forces and of the groups it names by country.
fn inter_from_name(name: &str) -> AcledInter {
    let starts = |p: &str| {
        name.len() >= p.len() && name.is_char_boundary(p.len()) && name[..p.len()].eq_ignore_ascii_case(p)
    };
    if ["Military Forces of", "Police Forces of", "Government of"].iter().any(|p| starts(p)) {
        AcledInter::State
    } else if ["Protesters", "Rioters", "Civilians"].iter().any(|p| starts(p)) {
        AcledInter::Role("CVL")
    } else {
        AcledInter::None
    }
}

/// The CAMEO role of state forces by ACLED's name for them: police `COP`, a government
/// `GOV`, anything else (military forces) `MIL`.
fn state_role(name: &str) -> &'static str {
    let lower = name.to_lowercase();
    if lower.starts_with("police forces of") {
        "COP"
    } else if lower.starts_with("government of") {
        "GOV"
    } else {
        "MIL"
    }
}

impl RowParser for AcledParser<'_> {
    fn parse(&mut self, f: &[&str], n: u64) -> Result<Row, String> {
        if f.iter().any(|c| header_key(c) == "event_id_cnty") {
            self.cols = Some(Columns::new(&Header::new(f))?);
            return Ok(Row::Skip);
        }
        if is_hxl(f) {
            return Ok(Row::Skip);
        }
        let Some(cols) = &self.cols else {
            return Err("no ACLED header before the first row".into());
        };
        let widest =
            [cols.id, cols.date, cols.event_type, cols.actor1, cols.country].into_iter().max().unwrap_or(0);
        if f.len() <= widest {
            return Err(format!("{} columns, fewer than the header ({})", f.len(), cols.header_len));
        }
        let get = |i: usize| f.get(i).map(|s| s.trim()).unwrap_or("");
        let geto = |i: Option<usize>| i.map(get).unwrap_or("");
        let id = get(cols.id);
        if id.is_empty() {
            return Err("empty event_id_cnty".into());
        }
        let date_s = get(cols.date);
        let date = parse_date(date_s, DATES)
            .ok_or_else(|| format!("bad date {date_s:?} (YYYY-MM-DD, dd Month yyyy or dd-mm-yyyy)"))?;
        let p = geto(cols.precision);
        let precision = match (p, whole_number(p)) {
            ("", _) | (_, Some(1)) => "day",
            (_, Some(2)) => "week",
            (_, Some(3)) => "month",
            _ => return Err(format!("bad time_precision {p:?} (1, 2 or 3)")),
        };
        let (event_type, sub) = (get(cols.event_type), geto(cols.sub_event_type));
        let code = acled_to_cameo(event_type, sub)
            .ok_or_else(|| format!("no CAMEO code for ACLED type: {event_type:?} / {sub:?}"))?;
        let country = self.countries.from_name(get(cols.country));
        let (actor1, actor2) = (get(cols.actor1), geto(cols.actor2));
        if actor1.is_empty() {
            return Err("empty actor1".into());
        }
        let mut ev = NewEvent::of("acled", id, date, code);
        ev.source = self.actor(actor1, geto(cols.inter1), country, "inter1")?;
        ev.target = self.actor(actor2, geto(cols.inter2), country, "inter2")?;
        ev.directed = false;
        ev.date_precision = precision.into();
        ev.source_name = opt(actor1);
        ev.target_name = opt(actor2);
        ev.attribution = geto(cols.source).to_string();
        ev.text = opt(geto(cols.notes));
        ev.file_line = Some((self.file.clone(), n));
        Ok(Row::Event(Box::new(ev)))
    }
}
