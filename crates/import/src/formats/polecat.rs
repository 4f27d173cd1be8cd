//! POLECAT (PLOVER-coded events): tab-separated files with a header, read by column name.
//!
//! Headers vary between releases (`Intensity` or `Event Intensity`; extra columns such as
//! `Headline`, `Event Text`, `Feed`, `Story ID`; trailing empty columns), so only the
//! names matter. A header repeated inside a file is read again and may change the
//! columns. Required: `Event ID`, `Event Date`, `Event Type`. Used when present: `Event
//! Mode`, the actor and recipient columns (`Actor Name`, `Actor Country`, `Actor COW`,
//! `Primary Actor Sector`, and the same for `Recipient`), `Source` (the attribution),
//! `Publication Date`, `Story ID` (stored as the URL `polecat:story:ID`) and `Event Text`
//! or `Headline` (stored as the event's text).
//!
//! Multi-valued cells (`; `) contribute their first usable value: the first event type and
//! mode, the first country or COW number that the crosswalk knows (`None` is skipped),
//! the first sector with a CAMEO role.

use quidpro_store::NewEvent;

use super::mapping::{plover_sector_role, plover_to_cameo, PLOVER_TOP_LEVEL};
use super::{first_of, header_key, opt, parse_date, Header};
use crate::countries::Countries;
use crate::dataset::{Row, RowParser};

/// Date formats of `Event Date` and `Publication Date`.
const DATES: &[&str] = &["%Y-%m-%d", "%Y%m%d", "%m/%d/%Y", "%Y/%m/%d"];

/// Whether a tab-separated first line is a POLECAT header.
pub fn is_header(fields: &[&str]) -> bool {
    let keys: Vec<String> = fields.iter().map(|f| header_key(f)).collect();
    let has = |k: &str| keys.iter().any(|h| h == k);
    has("event id") && has("event type") && (has("event mode") || has("actor name"))
}

#[derive(Clone, Debug, Default)]
struct Side {
    name: Option<usize>,
    country: Option<usize>,
    cow: Option<usize>,
    sector: Option<usize>,
}

#[derive(Clone, Debug)]
struct Columns {
    id: usize,
    date: usize,
    event_type: usize,
    mode: Option<usize>,
    actor: Side,
    recipient: Side,
    source: Option<usize>,
    published: Option<usize>,
    story: Option<usize>,
    text: Option<usize>,
    header_len: usize,
}

impl Columns {
    fn new(h: &Header) -> Result<Columns, String> {
        let side = |who: &str| Side {
            name: h.find(&[&format!("{who} name")]),
            country: h.find(&[&format!("{who} country")]),
            cow: h.find(&[&format!("{who} cow")]),
            sector: h.find(&[&format!("primary {who} sector"), &format!("{who} sectors")]),
        };
        Ok(Columns {
            id: h.need("POLECAT", &["event id"])?,
            date: h.need("POLECAT", &["event date"])?,
            event_type: h.need("POLECAT", &["event type"])?,
            mode: h.find(&["event mode"]),
            actor: side("actor"),
            recipient: side("recipient"),
            source: h.find(&["source", "publisher"]),
            published: h.find(&["publication date"]),
            story: h.find(&["story id"]),
            text: h.find(&["event text", "headline"]),
            header_len: h.len(),
        })
    }
}

/// The values of a multi-valued cell, without empty ones and `None`.
fn values(s: &str) -> impl Iterator<Item = &str> {
    s.split(';').map(str::trim).filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case("none"))
}

/// The row parser of POLECAT files.
pub struct PolecatParser<'a> {
    countries: &'a Countries,
    file: String,
    cols: Option<Columns>,
}

impl<'a> PolecatParser<'a> {
    /// A parser for `file` (named in the events' provenance).
    pub fn new(countries: &'a Countries, file: &str) -> PolecatParser<'a> {
        PolecatParser { countries, file: file.to_string(), cols: None }
    }

    /// The top-level code of a country cell: a PLOVER non-state code, an ISO or CAMEO
    /// 3-letter code, or a country name; the flag tells whether it is a country.
    fn top_level(&self, c: &str) -> Option<(String, bool)> {
        if let Some((_, v)) = PLOVER_TOP_LEVEL.iter().find(|(k, _)| k.eq_ignore_ascii_case(c)) {
            return Some(match self.countries.from_code3(v) {
                Some(code) => (code.to_string(), true),
                None => (v.to_string(), false),
            });
        }
        if c.len() == 3 && c.bytes().all(|b| b.is_ascii_alphabetic()) {
            if let Some(code) = self.countries.from_code3(&c.to_ascii_uppercase()) {
                return Some((code.to_string(), true));
            }
        }
        self.countries.from_name(c).map(|code| (code.to_string(), true))
    }

    fn actor(&self, f: &[&str], side: &Side) -> String {
        let get = |i: Option<usize>| i.and_then(|i| f.get(i)).map(|s| s.trim()).unwrap_or("");
        let top = values(get(side.country)).find_map(|c| self.top_level(c)).or_else(|| {
            values(get(side.cow))
                .filter_map(|n| n.parse::<u32>().ok())
                .find_map(|n| self.countries.from_cow(n))
                .map(|c| (c.to_string(), true))
        });
        let Some((top, is_country)) = top else { return String::new() };
        if !is_country {
            return top;
        }
        let role = get(side.sector).split([';', ',']).find_map(plover_sector_role);
        format!("{top}{}", role.unwrap_or(""))
    }
}

impl RowParser for PolecatParser<'_> {
    fn parse(&mut self, f: &[&str], n: u64) -> Result<Row, String> {
        if is_header(f) {
            self.cols = Some(Columns::new(&Header::new(f))?);
            return Ok(Row::Skip);
        }
        let Some(cols) = &self.cols else {
            return Err("no POLECAT header before the first row".into());
        };
        let widest = cols.id.max(cols.date).max(cols.event_type);
        if f.len() <= widest {
            return Err(format!("{} columns, fewer than the header ({})", f.len(), cols.header_len));
        }
        let get = |i: usize| f.get(i).map(|s| s.trim()).unwrap_or("");
        let geto = |i: Option<usize>| i.map(get).unwrap_or("");
        let id = get(cols.id);
        if id.is_empty() {
            return Err("empty Event ID".into());
        }
        let date_s = get(cols.date);
        let date = parse_date(date_s, DATES).ok_or_else(|| format!("bad date {date_s:?} (YYYY-MM-DD)"))?;
        let event_type = first_of(get(cols.event_type));
        if event_type.is_empty() {
            return Err("empty Event Type".into());
        }
        let mode = first_of(geto(cols.mode));
        let code = plover_to_cameo(event_type, mode)
            .ok_or_else(|| format!("no CAMEO code for PLOVER type: {event_type:?}"))?;
        let mut ev = NewEvent::new("polecat", id, &date.to_string(), "", "", code.as_str())
            .map_err(|e| e.to_string())?;
        ev.source = self.actor(f, &cols.actor);
        ev.target = self.actor(f, &cols.recipient);
        ev.source_name = opt(geto(cols.actor.name));
        ev.target_name = opt(geto(cols.recipient.name));
        ev.attribution = geto(cols.source).to_string();
        ev.published = parse_date(geto(cols.published), DATES);
        ev.url = opt(geto(cols.story)).map(|s| format!("polecat:story:{s}"));
        ev.text = opt(geto(cols.text));
        ev.file_line = Some((self.file.clone(), n));
        Ok(Row::Event(Box::new(ev)))
    }
}
