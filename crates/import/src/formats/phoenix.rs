//! Phoenix (OEDA daily files, `Phoenix.events.YYYYMMDD.txt`): tab-separated, no header,
//! 26 columns, read by position (event-data.md §3.7).
//!
//! Used: 1 `EventID` (the dataset id), 2 `Date` (YYYYMMDD, the story date: stored as event
//! and publication date), 6 `SourceActorFull` and 10 `TargetActorFull` (normalized like
//! GDELT's actor codes, `ROMGOV` → `ROUGOV`), 14 `EventCode`, 25 `URLs` (the first of the
//! `;`-joined list) and 26 `NewsSources` (the first, as the attribution). Columns 16
//! `QuadClass` and 17 `GoldsteinScore` are ignored: the store derives both from the code,
//! and Phoenix's table is keyed to an older CAMEO numbering.

use chrono::NaiveDate;
use quidpro_store::NewEvent;

use super::{first_of, opt};
use crate::countries::Countries;
use crate::dataset::{Row, RowParser};

/// Columns of a Phoenix row.
pub const COLUMNS: usize = 26;

/// Whether a first line (tab-separated fields) looks like a Phoenix row: 26 columns, an
/// eight-digit date in column 2 and a CAMEO-like code (2 to 4 digits) in column 14.
pub fn looks_like(fields: &[&str]) -> bool {
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        let s = s.trim();
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    fields.len() == COLUMNS && digits(fields[1], 8..=8) && digits(fields[13], 2..=4)
}

/// The row parser of Phoenix files.
pub struct PhoenixParser<'a> {
    countries: &'a Countries,
    file: String,
}

impl<'a> PhoenixParser<'a> {
    /// A parser for `file` (named in the events' provenance).
    pub fn new(countries: &'a Countries, file: &str) -> PhoenixParser<'a> {
        PhoenixParser { countries, file: file.to_string() }
    }
}

impl RowParser for PhoenixParser<'_> {
    fn parse(&mut self, f: &[&str], n: u64) -> Result<Row, String> {
        if f.len() != COLUMNS {
            return Err(format!("{} columns, Phoenix events have {COLUMNS}", f.len()));
        }
        let id = f[0].trim();
        if id.is_empty() {
            return Err("empty EventID".into());
        }
        let d = f[1].trim();
        let date =
            NaiveDate::parse_from_str(d, "%Y%m%d").map_err(|_| format!("bad date {d:?} (YYYYMMDD)"))?;
        let c = f[13].trim();
        let mut ev = NewEvent::new("phoenix", id, &date.to_string(), "", "", c)
            .map_err(|_| format!("not a CAMEO code: {c:?}"))?;
        ev.source = self.countries.actor_code(f[5].trim());
        ev.target = self.countries.actor_code(f[9].trim());
        ev.published = Some(date);
        ev.url = opt(first_of(f[24]));
        ev.attribution = first_of(f[25]).to_string();
        ev.file_line = Some((self.file.clone(), n));
        Ok(Row::Event(Box::new(ev)))
    }
}
