//! Phoenix event data, in two layouts:
//!
//! * OEDA's near-real-time daily files (`Phoenix.events.YYYYMMDD.txt`, also published as
//!   `events.full.YYYYMMDD.txt`): tab-separated, no header, 26 columns (empty columns
//!   after them, from a trailing tab, are ignored), read by position
//!   (event-data.md §3.7; openeventdata/phoenix_pipeline `postprocess.py` writes them,
//!   ahalterman/phoxy `ingest_phoenix.R` names them). A header line of these names
//!   (`EventID`, `Date`, …), as tools that save the table write it, is read instead.
//! * The Cline Center's historical Phoenix (`PhoenixNYT_1945-2005.csv`,
//!   `PhoenixSWB_1979-2015.csv`, `PhoenixFBIS_1995-2004.csv`): comma-separated with a
//!   header, 25 columns `eid, story_date, year, month, day, source, source_root,
//!   source_agent, source_others, target, …, code, root_code, quad_class, goldstein,
//!   joined_issues, lat, lon, placename, statename, countryname, aid, process`, dates
//!   `M/D/YYYY`. Lines are split as CSV when the header is (the import reads Phoenix files
//!   line by line), so quoted fields may hold commas but not line breaks.
//!
//! Used: the id (`EventID`, `eid`), the story date (`Date` YYYYMMDD, `story_date`: stored
//! as event and publication date), the full actor codes (`SourceActorFull`/`source`,
//! `TargetActorFull`/`target`: normalized like GDELT's, `ROMGOV` → `ROUGOV`), the code
//! (`EventCode`/`code`), the first of the `;`-joined `URLs` and of the `NewsSources` (the
//! attribution). `QuadClass` and `GoldsteinScore` are ignored: the store derives both from
//! the code, and Phoenix's table is keyed to an older CAMEO numbering.

use chrono::NaiveDate;
use quidpro_event::EventCode;
use quidpro_store::NewEvent;

use super::{first_of, opt, Header};
use crate::countries::Countries;
use crate::dataset::{Row, RowParser};

/// Columns of a daily Phoenix row.
pub const COLUMNS: usize = 26;

/// Date formats of the story date: the daily files' YYYYMMDD, the Cline Center's M/D/YYYY.
const DATES: &[&str] = &["%Y%m%d", "%m/%d/%Y", "%Y-%m-%d"];

/// Whether a first line (tab-separated fields) looks like a Phoenix file: a daily row (26
/// columns, an eight-digit date in column 2 and a CAMEO-like code of 2 to 4 digits in
/// column 14) or a Phoenix header, tab- or comma-separated.
pub fn looks_like(fields: &[&str]) -> bool {
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        let s = s.trim();
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let named = fields.iter().rposition(|v| !v.trim().is_empty()).map_or(0, |i| i + 1);
    if fields.len() >= COLUMNS && named <= COLUMNS && digits(fields[1], 8..=8) && digits(fields[13], 2..=4) {
        return true;
    }
    let fields = split_csv_line(fields);
    is_header(&fields.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Whether fields are a Phoenix header: an id, a date, the actors and the code, by name.
fn is_header(fields: &[&str]) -> bool {
    let h = Header::new(fields);
    h.find(ID).is_some()
        && h.find(DATE).is_some()
        && h.find(SOURCE).is_some()
        && h.find(TARGET).is_some()
        && h.find(CODE).is_some()
}

const ID: &[&str] = &["eventid", "eid"];
const DATE: &[&str] = &["date", "story_date"];
const SOURCE: &[&str] = &["sourceactorfull", "source"];
const TARGET: &[&str] = &["targetactorfull", "target"];
const CODE: &[&str] = &["eventcode", "code"];

/// The fields of a line that holds no tab but commas, split as CSV; other lines as they are.
fn split_csv_line(fields: &[&str]) -> Vec<String> {
    if fields.len() == 1 && fields[0].contains(',') {
        let mut rdr =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(fields[0].as_bytes());
        if let Some(Ok(rec)) = rdr.records().next() {
            return rec.iter().map(str::to_string).collect();
        }
    }
    fields.iter().map(|f| f.to_string()).collect()
}

/// Where the used columns are.
#[derive(Clone, Copy, Debug)]
struct Columns {
    id: usize,
    date: usize,
    source: usize,
    target: usize,
    code: usize,
    urls: Option<usize>,
    sources: Option<usize>,
}

/// The daily files' positions.
const DAILY: Columns =
    Columns { id: 0, date: 1, source: 5, target: 9, code: 13, urls: Some(24), sources: Some(25) };

impl Columns {
    fn new(h: &Header) -> Result<Columns, String> {
        let need = |names: &[&str]| h.need("Phoenix", names);
        Ok(Columns {
            id: need(ID)?,
            date: need(DATE)?,
            source: need(SOURCE)?,
            target: need(TARGET)?,
            code: need(CODE)?,
            urls: h.find(&["urls"]),
            sources: h.find(&["newssources"]),
        })
    }
}

/// The row parser of Phoenix files.
pub struct PhoenixParser<'a> {
    countries: &'a Countries,
    file: String,
    /// The columns of the header, when the file has one.
    header: Option<Columns>,
}

impl<'a> PhoenixParser<'a> {
    /// A parser for `file` (named in the events' provenance).
    pub fn new(countries: &'a Countries, file: &str) -> PhoenixParser<'a> {
        PhoenixParser { countries, file: file.to_string(), header: None }
    }
}

impl RowParser for PhoenixParser<'_> {
    fn parse(&mut self, f: &[&str], n: u64) -> Result<Row, String> {
        let owned = split_csv_line(f);
        let mut f: Vec<&str> = owned.iter().map(String::as_str).collect();
        // A tab at the end of a line (files rewritten by other tools) is no column.
        while f.len() > COLUMNS && f.last().is_some_and(|v| v.trim().is_empty()) {
            f.pop();
        }
        if is_header(&f) {
            self.header = Some(Columns::new(&Header::new(&f))?);
            return Ok(Row::Skip);
        }
        let cols = match self.header {
            Some(cols) => {
                let widest = [cols.id, cols.date, cols.source, cols.target, cols.code].into_iter().max();
                if f.len() <= widest.unwrap_or(0) {
                    return Err(format!("{} columns, fewer than the header", f.len()));
                }
                cols
            }
            None if f.len() == COLUMNS => DAILY,
            None => return Err(format!("{} columns, Phoenix events have {COLUMNS}", f.len())),
        };
        let get = |i: usize| f.get(i).map(|s| s.trim()).unwrap_or("");
        let geto = |i: Option<usize>| i.map(get).unwrap_or("");
        let id = get(cols.id);
        if id.is_empty() {
            return Err("empty EventID".into());
        }
        let d = get(cols.date);
        let date = DATES
            .iter()
            .find_map(|fmt| NaiveDate::parse_from_str(d, fmt).ok())
            .ok_or_else(|| format!("bad date {d:?} (YYYYMMDD or M/D/YYYY)"))?;
        let c = get(cols.code);
        let code = EventCode::parse(c).map_err(|_| format!("not a CAMEO code: {c:?}"))?;
        let mut ev = NewEvent::of("phoenix", id, date, code);
        ev.source = self.countries.actor_code(get(cols.source));
        ev.target = self.countries.actor_code(get(cols.target));
        ev.published = Some(date);
        ev.url = opt(first_of(geto(cols.urls)));
        ev.attribution = first_of(geto(cols.sources)).to_string();
        ev.file_line = Some((self.file.clone(), n));
        Ok(Row::Event(Box::new(ev)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cline_center_csv_lines() {
        let (d, _) = quidpro_dict::Dictionary::embedded();
        let c = Countries::new(&d);
        let header = "eid,story_date,year,month,day,source,source_root,source_agent,source_others,target,\
                      target_root,target_agent,target_others,code,root_code,quad_class,goldstein,joined_issues,\
                      lat,lon,placename,statename,countryname,aid,process";
        assert!(looks_like(&[header]));
        assert!(!looks_like(&["a,b,c"]));
        let mut p = PhoenixParser::new(&c, "t");
        assert!(matches!(p.parse(&[header], 1), Ok(Row::Skip)));
        let row = "SYN-1,3/7/1994,1994,3,7,ROMGOV,ROM,GOV,,TURGOV,TUR,GOV,,042,04,1,1.9,,44.4,26.1,\
                   \"Bucharest, Romania\",Bucuresti,ROU,A-1,synthetic";
        let e = Row::into_event(p.parse(&[row], 2).unwrap());
        assert_eq!((e.code.as_str(), e.source.as_str(), e.target.as_str()), ("042", "ROUGOV", "TURGOV"));
        assert_eq!(e.event_date.to_string(), "1994-03-07");
        assert_eq!(e.url, None);
        assert_eq!(e.attribution, "");
        assert_eq!(
            p.parse(&["SYN-2,3/7/1994"], 3).err().as_deref(),
            Some("2 columns, fewer than the header")
        );
    }

    #[test]
    fn daily_header_is_read() {
        let (d, _) = quidpro_dict::Dictionary::embedded();
        let c = Countries::new(&d);
        let header = [
            "EventID",
            "Date",
            "Year",
            "Month",
            "Day",
            "SourceActorFull",
            "SourceActorEntity",
            "SourceActorRole",
            "SourceActorAttribute",
            "TargetActorFull",
            "TargetActorEntity",
            "TargetActorRole",
            "TargetActorAttribute",
            "EventCode",
            "EventRootCode",
            "QuadClass",
            "GoldsteinScore",
            "Issues",
            "Lat",
            "Lon",
            "LocationName",
            "StateName",
            "CountryCode",
            "SentenceID",
            "URLs",
            "NewsSources",
        ];
        assert!(looks_like(&header));
        let mut p = PhoenixParser::new(&c, "t");
        assert!(matches!(p.parse(&header, 1), Ok(Row::Skip)));
        let mut row = vec![""; COLUMNS];
        row[0] = "7";
        row[1] = "20150102";
        row[5] = "USAGOV";
        row[13] = "0871";
        row[24] = "http://example.invalid/x";
        row[25] = "synthetic_wire";
        let e = Row::into_event(p.parse(&row, 2).unwrap());
        assert_eq!((e.code.as_str(), e.source.as_str(), e.target.as_str()), ("0871", "USAGOV", ""));
        assert_eq!(e.attribution, "synthetic_wire");
    }
}
