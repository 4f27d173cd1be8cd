//! POLECAT (PLOVER-coded events): tab-separated files with a header, read by column name.
//!
//! Headers vary between releases (`Intensity` or `Event Intensity`; extra columns such as
//! `Headline`, `Event Text`, `Feed`, `Story ID`; trailing empty columns), so only the
//! names matter, compared without regard to case and with `_` as a space (`event_id`, as
//! files saved through a data frame name them). Some releases name `Headline`, `Event
//! Text`, `Feed` or `Story ID` in the header although their rows do not have these columns (andybeger.com, "POLECAT Event
//! Data" FAQ: such files are read by skipping the header and naming the 40 standard
//! columns): a row that ends before the header's last name is read with the header
//! without these names, so a name in the middle of the header cannot shift the columns
//! after it. A header repeated inside a file is read again and may change the columns. Required: `Event ID`, `Event Date`, `Event Type`. Used when present: `Event
//! Mode`, the actor and recipient columns (`Actor Name`, `Actor Country`, `Actor COW`,
//! `Primary Actor Sector`, and the same for `Recipient`), `Source` (the attribution),
//! `Publication Date`, `Story ID` (stored as the URL `polecat:story:ID`) and `Event Text`
//! or `Headline` (stored as the event's text).
//!
//! Multi-valued cells (`; `) contribute their first usable value: the first event type and
//! mode, the first country or COW number that the crosswalk knows (`None` is skipped),
//! the first sector with a CAMEO role. Countries are ISO 3166 alpha-3 codes as POLECAT's
//! coder writes them (ahalterman/NGEC `NGEC/assets/countries.csv`), with its non-ISO
//! codes: `EUR` the European Union, `UNO`, `IGO`, `XKX` Kosovo and, for disputed entities,
//! the claimant's code plus `PRE` (`AZEPRE` is Nagorno-Karabakh, read as `AZE`).

use quidpro_store::NewEvent;

use super::mapping::{plover_sector_role, plover_to_cameo, PLOVER_TOP_LEVEL};
use super::{first_of, header_key, opt, parse_date, whole_number, Header};
use crate::countries::Countries;
use crate::dataset::{Row, RowParser};

/// Date formats of `Event Date` and `Publication Date`.
const DATES: &[&str] = &["%Y-%m-%d", "%Y%m%d", "%m/%d/%Y", "%Y/%m/%d"];

/// Header names that some releases list without the rows having the columns.
const EXTRA_NAMES: &[&str] = &["headline", "event text", "feed", "story id"];

/// A header name as compared: [`header_key`] with `_` as a space, so that the names of
/// files saved through a data frame with slugified names (`event_id`, `actor_country`)
/// read as the release's (`Event ID`, `Actor Country`).
fn key(f: &str) -> String {
    header_key(f).replace('_', " ")
}

/// The header's names as [`key`] compares them.
fn keys(fields: &[&str]) -> Vec<String> {
    fields.iter().map(|f| key(f)).collect()
}

/// Whether a tab-separated first line is a POLECAT header.
pub fn is_header(fields: &[&str]) -> bool {
    let keys = keys(fields);
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

/// The columns of a header, and of the same header without [`EXTRA_NAMES`] when it has any.
#[derive(Clone, Debug)]
struct Layout {
    full: Columns,
    /// The header without the extra names, and how many of its columns are named.
    short: Option<(Columns, usize)>,
}

impl Layout {
    fn new(fields: &[&str]) -> Result<Layout, String> {
        let owned = keys(fields);
        let fields: Vec<&str> = owned.iter().map(String::as_str).collect();
        let full = Columns::new(&Header::new(&fields))?;
        let kept: Vec<&str> = fields.iter().copied().filter(|f| !EXTRA_NAMES.contains(f)).collect();
        let short = if kept.len() < fields.len() {
            let named = kept.iter().rposition(|f| !f.is_empty()).map_or(0, |i| i + 1);
            // Errors name the length of the header as the file has it.
            let short = Columns { header_len: full.header_len, ..Columns::new(&Header::new(&kept))? };
            Some((short, named))
        } else {
            None
        };
        Ok(Layout { full, short })
    }

    /// The columns of a row: the short header's when the row ends (its last non-empty
    /// field) within the short header's names.
    fn columns(&self, f: &[&str]) -> &Columns {
        let used = f.iter().rposition(|v| !v.trim().is_empty()).map_or(0, |i| i + 1);
        match &self.short {
            Some((short, named)) if used <= *named => short,
            _ => &self.full,
        }
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
    cols: Option<Layout>,
}

impl<'a> PolecatParser<'a> {
    /// A parser for `file` (named in the events' provenance).
    pub fn new(countries: &'a Countries, file: &str) -> PolecatParser<'a> {
        PolecatParser { countries, file: file.to_string(), cols: None }
    }

    /// The top-level code of a country cell: a PLOVER non-state code, an ISO or CAMEO
    /// 3-letter code (plus `PRE` for a disputed entity), or a country name; the flag tells
    /// whether it is a country.
    fn top_level(&self, c: &str) -> Option<(String, bool)> {
        if let Some(claimant) = c.strip_suffix("PRE").filter(|k| k.len() == 3) {
            if let Some(code) = self.countries.from_code3(&claimant.to_ascii_uppercase()) {
                return Some((code.to_string(), true));
            }
        }
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

    fn actor(&self, f: &[&str], side: &Side, date: chrono::NaiveDate) -> String {
        let get = |i: Option<usize>| i.and_then(|i| f.get(i)).map(|s| s.trim()).unwrap_or("");
        let top = values(get(side.country)).find_map(|c| self.top_level(c)).or_else(|| {
            values(get(side.cow))
                .filter_map(whole_number)
                .find_map(|n| self.countries.from_cow(n))
                .map(|c| (c.to_string(), true))
        });
        let Some((top, is_country)) = top else { return String::new() };
        if !is_country {
            return top;
        }
        // A person the dictionaries know is coded by their office on the day, when it is
        // in the actor's country.
        if let Some(code) = values(get(side.name)).find_map(|n| self.countries.person_code(n, &top, date)) {
            return code.to_string();
        }
        let role = get(side.sector).split([';', ',']).find_map(plover_sector_role);
        format!("{top}{}", role.unwrap_or(""))
    }
}

impl RowParser for PolecatParser<'_> {
    fn parse(&mut self, f: &[&str], n: u64) -> Result<Row, String> {
        if is_header(f) {
            self.cols = Some(Layout::new(f)?);
            return Ok(Row::Skip);
        }
        let Some(layout) = &self.cols else {
            return Err("no POLECAT header before the first row".into());
        };
        let cols = layout.columns(f);
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
        let mut ev = NewEvent::of("polecat", id, date, code);
        ev.source = self.actor(f, &cols.actor, date);
        ev.target = self.actor(f, &cols.recipient, date);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A header that names `Headline` and `Story ID` in the middle, over rows without these
    /// columns, and rows that have them.
    #[test]
    fn extra_header_names_without_columns() {
        let (d, _) = quidpro_dict::Dictionary::embedded();
        let c = Countries::new(&d);
        let mut p = PolecatParser::new(&c, "t");
        let header = [
            "Event ID",
            "Event Date",
            "Headline",
            "Event Type",
            "Event Mode",
            "Story ID",
            "Actor Name",
            "Actor Country",
            "Recipient Country",
            "Version",
        ];
        assert!(matches!(p.parse(&header, 1), Ok(Row::Skip)));
        // Without the two columns.
        let e = Row::into_event(
            p.parse(&["x1", "2023-02-01", "ASSAULT", "drone", "A", "AZEPRE", "XKX", "v"], 2).unwrap(),
        );
        assert_eq!((e.code.as_str(), e.source.as_str(), e.target.as_str()), ("195", "AZE", "KSV"));
        assert_eq!(e.text, None);
        // With them.
        let row = ["x2", "2023-02-02", "A headline", "CONSULT", "phone", "S-9", "A", "UKRPRE", "UNO", "v"];
        let e = Row::into_event(p.parse(&row, 3).unwrap());
        assert_eq!((e.code.as_str(), e.source.as_str(), e.target.as_str()), ("041", "UKR", "UNO"));
        assert_eq!(e.text.as_deref(), Some("A headline"));
        assert_eq!(e.url.as_deref(), Some("polecat:story:S-9"));
    }
}
