//! The row parsers: the parser of each kind ([`Kind::parser`]), and those of the kinds
//! read here (GDELT 1.0 and 2.0 events, GDELT 2.0 mentions, ICEWS, with ICEWS's
//! country, sector and organisation tables); POLECAT, ACLED and Phoenix are in
//! [`crate::formats`].

use chrono::NaiveDate;
use quidpro_event::EventCode;
use quidpro_store::{NewEvent, NewMention};

use crate::countries::Countries;

use super::{Kind, Records, Row, RowParser};

/// Country names whose ICEWS sense differs from the news sense the dictionaries give
/// them: ICEWS writes "Democratic Republic of Congo" for the DRC, so its bare "Congo" is
/// the Republic of the Congo.
pub const ICEWS_COUNTRIES: &[(&str, &str)] = &[("Congo", "COG")];

/// Sector names of ICEWS actors to CAMEO roles: the first in this order that any of the
/// actor's sectors contains wins, whatever the order of the sectors.
pub const ICEWS_SECTORS: &[(&str, &str)] = &[
    ("Police", "COP"),
    ("Military", "MIL"),
    ("Rebel", "REB"),
    ("Insurgents", "INS"),
    ("Separatist", "SEP"),
    ("Intelligence", "SPY"),
    // A minister who sits in parliament and leads a party is tagged with all three:
    // the executive office decides.
    ("Executive", "GOV"),
    ("Judicial", "JUD"),
    ("Legislative", "LEG"),
    ("Opposition", "OPP"),
    ("Parties", "PTY"),
    ("Government", "GOV"),
    ("Media", "MED"),
    ("News", "MED"),
    ("Business", "BUS"),
    ("Criminal", "CRM"),
    ("Protestors", "OPP"),
    ("Dissident", "OPP"),
    ("Education", "EDU"),
    ("Religious", "REL"),
    ("Labor", "LAB"),
    ("Refugees", "REF"),
    ("Health", "HLH"),
    ("Human Rights", "HRI"),
    ("NGO", "NGO"),
];

impl Kind {
    /// How the kind's files split into records.
    pub fn records(self) -> Records {
        match self {
            Kind::Acled => Records::Csv,
            _ => Records::TabLines,
        }
    }

    /// The parser of the kind for `file`.
    pub fn parser<'a>(self, countries: &'a Countries, file: &str) -> Box<dyn RowParser + 'a> {
        match self {
            Kind::Polecat => Box::new(crate::formats::polecat::PolecatParser::new(countries, file)),
            Kind::Acled => Box::new(crate::formats::acled::AcledParser::new(countries, file)),
            Kind::Phoenix => Box::new(crate::formats::phoenix::PhoenixParser::new(countries, file)),
            _ => Box::new(Parser { kind: self, countries, icews: None, file: file.to_string() }),
        }
    }
}

struct Parser<'a> {
    kind: Kind,
    countries: &'a Countries,
    icews: Option<IcewsColumns>,
    file: String,
}

#[derive(Clone, Debug)]
struct IcewsColumns {
    id: usize,
    date: usize,
    source_name: usize,
    source_sectors: Option<usize>,
    source_country: usize,
    code: usize,
    target_name: usize,
    target_sectors: Option<usize>,
    target_country: usize,
    story: Option<usize>,
    publisher: Option<usize>,
}

/// A GDELT date (`YYYYMMDD`, or a `YYYYMMDDHHMMSS` time whose day is taken).
fn gdelt_date(s: &str) -> std::result::Result<NaiveDate, String> {
    let bad = || format!("bad date {s:?}");
    let d = s.as_bytes().get(..8).ok_or_else(bad)?;
    if !d.iter().all(u8::is_ascii_digit) {
        return Err(bad());
    }
    let n = |r: std::ops::Range<usize>| d[r].iter().fold(0u32, |a, &b| a * 10 + u32::from(b - b'0'));
    NaiveDate::from_ymd_opt(n(0..4) as i32, n(4..6), n(6..8)).ok_or_else(bad)
}

/// An ICEWS header name as compared: trimmed, unquoted, lower case, `_` read as a space.
pub(super) fn icews_key(s: &str) -> String {
    crate::formats::header_key(s).replace('_', " ")
}

/// Intergovernmental organisations ICEWS gives without a country, by name, to CAMEO codes;
/// any other actor of the sector "International Government Organization" without a
/// country is `IGO`.
const ICEWS_IGOS: &[(&str, &str)] =
    &[("United Nations", "IGOUNO"), ("North Atlantic Treaty Organization", "IGONAT"), ("NATO", "IGONAT")];

fn icews_date(s: &str) -> std::result::Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%m/%d/%Y"))
        .map_err(|_| format!("bad date {s:?} (YYYY-MM-DD or M/D/YYYY)"))
}

fn cameo(s: &str) -> std::result::Result<EventCode, String> {
    EventCode::parse(s.trim()).map_err(|_| format!("not a CAMEO code: {:?}", s.trim()))
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

impl RowParser for Parser<'_> {
    fn parse(&mut self, f: &[&str], n: u64) -> std::result::Result<Row, String> {
        match self.kind {
            Kind::Gdelt1 | Kind::Gdelt2 => self.gdelt(f, n),
            Kind::Gdelt2Mentions => self.mention(f, n),
            Kind::Icews => self.icews(f, n),
            Kind::Polecat | Kind::Acled | Kind::Phoenix => {
                Err(format!("{} rows go to crate::formats", self.kind.name()))
            }
        }
    }
}

impl Parser<'_> {
    fn gdelt(&self, f: &[&str], n: u64) -> std::result::Result<Row, String> {
        let (added, url) = match (self.kind, f.len()) {
            (Kind::Gdelt2, 61) => (f[59], Some(f[60])),
            (Kind::Gdelt1, 58) => (f[56], Some(f[57])),
            (Kind::Gdelt1, 57) => (f[56], None),
            (Kind::Gdelt2, k) => return Err(format!("{k} columns, GDELT 2.0 events have 61")),
            (_, k) => return Err(format!("{k} columns, GDELT 1.0 events have 57 or 58")),
        };
        let id = f[0].trim();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("bad GLOBALEVENTID {id:?}"));
        }
        let date = gdelt_date(f[1])?;
        let code = cameo(f[26])?;
        let mut ev = NewEvent::of(self.kind.name(), id, date, code);
        // Codes in upper case (GDELT writes ethnic and religious codes in lower case:
        // `idg`, `scoGOV`); the countries are GDELT's own (Actor1CountryCode,
        // Actor2CountryCode), never the code's first letters (`GOV` is no country's,
        // `MNCUSA` the USA's). A row without them (written by other tools) takes the
        // code's first block when that is a country in upper case, as GDELT writes them
        // (`arm`, an ethnic code, is not Armenia).
        let side = |code: &str, country: &str| {
            let (code, country) = (code.trim(), country.trim());
            let country = if country.is_empty() {
                self.countries.country_of(&self.countries.actor_code(code)).to_string()
            } else {
                self.countries.dataset_country(country)
            };
            let code = if code.bytes().any(|b| b.is_ascii_lowercase()) {
                self.countries.actor_code(&code.to_ascii_uppercase())
            } else {
                self.countries.actor_code(code)
            };
            (code, country)
        };
        (ev.source, ev.source_country) = {
            let (c, k) = side(f[5], f[7]);
            (c, Some(k))
        };
        (ev.target, ev.target_country) = {
            let (c, k) = side(f[15], f[17]);
            (c, Some(k))
        };
        ev.source_name = opt(f[6]);
        ev.target_name = opt(f[16]);
        ev.published = gdelt_date(added).ok();
        ev.url = url.and_then(opt);
        ev.file_line = Some((self.file.clone(), n));
        Ok(Row::Event(Box::new(ev)))
    }

    fn mention(&self, f: &[&str], n: u64) -> std::result::Result<Row, String> {
        if f.len() != 16 {
            return Err(format!("{} columns, GDELT 2.0 mentions have 16", f.len()));
        }
        let id = f[0].trim();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("bad GLOBALEVENTID {id:?}"));
        }
        let url = opt(f[5]).ok_or("empty MentionIdentifier")?;
        Ok(Row::Mention(Box::new(NewMention {
            dataset: "gdelt2".into(),
            event_id: id.into(),
            event_time: opt(f[1]),
            mention_time: opt(f[2]),
            mention_type: f[3].trim().parse().ok(),
            source_name: opt(f[4]),
            url,
            sentence: f[6].trim().parse().ok(),
            offsets: [f[7].trim().parse().ok(), f[8].trim().parse().ok(), f[9].trim().parse().ok()],
            confidence: f[11].trim().parse().ok(),
            doc_tone: f[13].trim().parse().ok(),
            file_line: Some((self.file.clone(), n)),
        })))
    }

    fn icews_actor(&self, name: &str, sectors: &str, country: &str, date: NaiveDate) -> String {
        let icews = ICEWS_COUNTRIES.iter().find(|(n, _)| *n == country.trim()).map(|(_, c)| *c);
        let Some(c) = icews.or_else(|| self.countries.from_name(country)) else {
            // No country: an intergovernmental organisation keeps its code.
            if let Some((_, code)) = ICEWS_IGOS.iter().find(|(n, _)| *n == name.trim()) {
                return code.to_string();
            }
            if sectors.split(',').any(|s| s.trim() == "International Government Organization") {
                return "IGO".to_string();
            }
            return String::new();
        };
        if name.trim() == country.trim() {
            return c.to_string();
        }
        // A person the dictionaries know is coded by their office on the day (ICEWS's
        // sector lists gather a whole career: Narendra Modi is still "Opposition" there),
        // when the office is in the country ICEWS gives.
        if let Some(code) = self.countries.person_code(name.trim(), c, date) {
            return code.to_string();
        }
        // The sector list is a set ("Government,Police" and "Police,Government" say the
        // same): the table's order decides, the more specific sectors first.
        let role = ICEWS_SECTORS
            .iter()
            .find(|(k, _)| sectors.split(',').any(|s| s.trim().contains(k)))
            .map(|(_, r)| *r);
        match role {
            Some(r) => format!("{c}{r}"),
            None => c.to_string(),
        }
    }

    fn icews(&mut self, f: &[&str], n: u64) -> std::result::Result<Row, String> {
        let Some(cols) = self.icews.clone() else {
            // The header.
            // As released ("Event ID"), quoted, or as data-frame tools name them
            // ("event_id").
            let find = |name: &str| f.iter().position(|h| icews_key(h) == name.to_lowercase());
            let need = |name: &str| find(name).ok_or_else(|| format!("ICEWS header without column {name:?}"));
            self.icews = Some(IcewsColumns {
                id: need("Event ID")?,
                date: need("Event Date")?,
                source_name: need("Source Name")?,
                source_sectors: find("Source Sectors"),
                source_country: need("Source Country")?,
                code: need("CAMEO Code")?,
                target_name: need("Target Name")?,
                target_sectors: find("Target Sectors"),
                target_country: need("Target Country")?,
                story: find("Story ID"),
                publisher: find("Publisher"),
            });
            return Ok(Row::Skip);
        };
        let get = |i: usize| f.get(i).copied().unwrap_or("").trim().trim_matches('"');
        let geto = |i: Option<usize>| i.map(get).unwrap_or("");
        let widest = [cols.id, cols.date, cols.code, cols.source_country, cols.target_country]
            .into_iter()
            .max()
            .unwrap_or(0);
        if f.len() <= widest {
            return Err(format!("{} columns, the header has more", f.len()));
        }
        let id = get(cols.id);
        if id.is_empty() {
            return Err("empty Event ID".into());
        }
        let date = icews_date(get(cols.date))?;
        let code = cameo(get(cols.code))?;
        let dataset_id = format!("{id}|{date}");
        let mut ev = NewEvent::of("icews", &dataset_id, date, code);
        ev.source = self.icews_actor(
            get(cols.source_name),
            geto(cols.source_sectors),
            get(cols.source_country),
            date,
        );
        ev.target = self.icews_actor(
            get(cols.target_name),
            geto(cols.target_sectors),
            get(cols.target_country),
            date,
        );
        ev.source_name = opt(get(cols.source_name));
        ev.target_name = opt(get(cols.target_name));
        ev.attribution = geto(cols.publisher).to_string();
        ev.url =
            cols.story.map(|_| format!("icews:story:{}", geto(cols.story))).filter(|s| !s.ends_with(':'));
        ev.file_line = Some((self.file.clone(), n));
        Ok(Row::Event(Box::new(ev)))
    }
}
