//! Event datasets into the store, row by row.
//!
//! Supported kinds ([`Kind`]):
//!
//! | kind | file | dataset id | dates |
//! |---|---|---|---|
//! | `gdelt1` | GDELT 1.0 events, tab-separated, no header, 57 columns (back files) or 58 (daily files, with SOURCEURL) | GLOBALEVENTID | SQLDATE is the event date, DATEADDED the publication date |
//! | `gdelt2` | GDELT 2.0 events, 61 columns | GLOBALEVENTID | as GDELT 1.0; DATEADDED is YYYYMMDDHHMMSS |
//! | `gdelt2-mentions` | GDELT 2.0 mentions, 16 columns | (stored as mentions of GLOBALEVENTID, one per event, URL, sentence and character offsets) | |
//! | `icews` | ICEWS coded events, tab-separated with a header; columns found by name, so files with missing optional columns import | `Event ID` and `Event Date` (ICEWS ids repeat before 2014) | `Event Date`, `YYYY-MM-DD` or `M/D/YYYY` |
//! | `polecat` | POLECAT (PLOVER) events, tab-separated with a header; columns found by name ([`crate::formats::polecat`]) | `Event ID` | `Event Date` |
//! | `acled` | ACLED export, CSV with a header; undirected actor pairs ([`crate::formats::acled`]) | `event_id_cnty` | `event_date`, `YYYY-MM-DD` or `dd-mm-yyyy`, precision from `time_precision` |
//! | `phoenix` | Phoenix daily events, tab-separated, no header, 26 columns ([`crate::formats::phoenix`]) | `EventID` | `Date` (YYYYMMDD) |
//!
//! Files may be plain, gzipped (`.gz`) or zipped (every entry of a `.zip` is read, one
//! at a time, but for operating-system clutter such as `__MACOSX/` and documents such as
//! a codebook PDF, which are listed as not read); a byte order mark before the first line
//! is dropped; a line (a CSV field) that is not UTF-8 is read as Windows-1252 (Latin-1 with
//! `’`, `–`, `…` and the other typographic characters at 0x80–0x9F). Spreadsheet workbooks and
//! other archives are refused with a message saying what to do. CAMEO codes stay
//! strings; a code that is not CAMEO 1.1b3 (`13y`) skips the row. Actor codes are in
//! upper case (GDELT's ethnic and religious codes, `idg`, `scoGOV`, are not) and
//! normalized to our country codes ([`crate::countries`]): GDELT's non-ISO CAMEO
//! codes (`ROM` → `ROU`), ICEWS country names and sectors (table [`ICEWS_SECTORS`]).
//! Each side's country is the dataset's own: GDELT's `Actor1CountryCode` and
//! `Actor2CountryCode` (a `GOV` or `idg` without one has none; `MNCUSA` is the USA's;
//! a row whose country column is empty, as tools that write GDELT's layout may leave
//! it, takes its code's first block when that is a country written in upper case),
//! and for the kinds whose codes are built from the country they give (ICEWS's
//! `Source Country`, ACLED's `country`, POLECAT's `Actor Country`, Phoenix's entity) the
//! code's first block when it is a country ([`Countries::country_of`]: `IGOUNO` and
//! ACLED's `IMG` have none), never a code's first three letters as such;
//! an ICEWS actor the people dictionaries know by full name gets the code of their
//! office on the event's day (ICEWS's sector lists gather a whole career).
//! Goldstein values and quad classes are derived from the code (GDELT tables), never
//! taken from the file.

use std::fs::File;
use std::path::Path;

use chrono::NaiveDate;
use quidpro_event::EventCode;
use quidpro_store::{EventRows, NewEvent, NewMention, RunStats, Store};

use crate::countries::Countries;
use crate::records::{decode, each_record, open_all, open_entry, Entry};
pub use crate::records::{Limits, MAX_FIELD_BYTES, MAX_LINE_BYTES};
use crate::{Error, Result};

/// A dataset format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// GDELT 1.0 events.
    Gdelt1,
    /// GDELT 2.0 events.
    Gdelt2,
    /// GDELT 2.0 mentions.
    Gdelt2Mentions,
    /// ICEWS coded events.
    Icews,
    /// POLECAT (PLOVER-coded) events.
    Polecat,
    /// ACLED events (CSV).
    Acled,
    /// Phoenix daily events.
    Phoenix,
}

impl Kind {
    /// Parses a kind name as typed on the command line.
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "gdelt1" => Kind::Gdelt1,
            "gdelt2" => Kind::Gdelt2,
            "gdelt2-mentions" => Kind::Gdelt2Mentions,
            "icews" => Kind::Icews,
            "polecat" => Kind::Polecat,
            "acled" => Kind::Acled,
            "phoenix" => Kind::Phoenix,
            _ => return None,
        })
    }

    /// The name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Gdelt1 => "gdelt1",
            Kind::Gdelt2 => "gdelt2",
            Kind::Gdelt2Mentions => "gdelt2-mentions",
            Kind::Icews => "icews",
            Kind::Polecat => "polecat",
            Kind::Acled => "acled",
            Kind::Phoenix => "phoenix",
        }
    }

    /// Tells the kind from a file's name and first line.
    pub fn detect(name: &str, first_line: &str) -> Option<Kind> {
        let lower = name.to_lowercase();
        let fields: Vec<&str> = first_line.trim_end_matches(['\r', '\n']).split('\t').collect();
        if fields.iter().any(|f| icews_key(f) == "event id")
            && fields.iter().any(|f| icews_key(f) == "cameo code")
        {
            return Some(Kind::Icews);
        }
        if crate::formats::polecat::is_header(&fields) {
            return Some(Kind::Polecat);
        }
        if crate::formats::acled::is_header(first_line) {
            return Some(Kind::Acled);
        }
        if crate::formats::phoenix::looks_like(&fields)
            || (lower.contains("phoenix") && fields.len() == crate::formats::phoenix::COLUMNS)
        {
            return Some(Kind::Phoenix);
        }
        let numeric_id =
            fields.first().is_some_and(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
        match fields.len() {
            16 if numeric_id || lower.contains("mention") => Some(Kind::Gdelt2Mentions),
            61 if numeric_id => Some(Kind::Gdelt2),
            57 | 58 if numeric_id => Some(Kind::Gdelt1),
            _ => None,
        }
    }
}

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

/// A parsed row.
pub enum Row {
    /// An event.
    Event(Box<NewEvent>),
    /// A mention.
    Mention(Box<NewMention>),
    /// A header or other line that holds no row.
    Skip,
}

#[cfg(test)]
impl Row {
    /// The event of an event row (for the parsers' tests); panics on any other row.
    pub(crate) fn into_event(self) -> Box<NewEvent> {
        match self {
            Row::Event(e) => e,
            _ => panic!("not an event row"),
        }
    }
}

/// How to import.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Refuse the whole import, writing nothing, at the first bad row.
    pub strict: bool,
    /// Rows per transaction.
    pub batch: usize,
    /// How many bad rows to keep messages for.
    pub max_messages: usize,
    /// When to write the file in one transaction.
    pub bulk: Bulk,
    /// The longest line (CSV record) and field read, in bytes; longer ones are bad rows
    /// named by file and line ([`MAX_LINE_BYTES`], [`MAX_FIELD_BYTES`]; 0: no limit).
    pub limits: Limits,
}

impl Default for ImportOptions {
    fn default() -> ImportOptions {
        ImportOptions {
            strict: false,
            batch: 50_000,
            max_messages: MAX_MESSAGES,
            bulk: Bulk::Auto,
            limits: Limits::default(),
        }
    }
}

/// Bad rows of a file reported one by one ([`ImportOptions::max_messages`]'s default);
/// the rest are counted in one line, and by reason in the summary.
pub const MAX_MESSAGES: usize = 20;

/// How far an import is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Rows read.
    pub rows: u64,
    /// Bytes of the file read (uncompressed, for zipped and gzipped files).
    pub bytes: u64,
    /// Bytes of the file in all.
    pub total_bytes: u64,
}

/// What an import did.
#[derive(Clone, Debug, Default)]
pub struct ImportSummary {
    /// The file.
    pub file: String,
    /// The kind read.
    pub kind: Option<Kind>,
    /// Counts: rows read, stored, duplicates, skipped by reason.
    pub stats: RunStats,
    /// Archive entries not read (`file.zip!entry: not read (why)`), then the first bad
    /// rows ([`ImportOptions::max_messages`]), as `file:line: reason`, and a line that
    /// counts the bad rows not shown.
    pub messages: Vec<String>,
    /// Bad rows reported one by one in `messages`.
    pub rows_reported: usize,
}

/// Turns the fields of one record (a line of a tab-separated file, or a CSV record) into
/// a [`Row`]; an `Err` is the reason the record is skipped.
pub trait RowParser {
    /// Parses the record at 1-based `line` of the file.
    ///
    /// # Errors
    /// The reason the record cannot be imported, in a few words.
    fn parse(&mut self, fields: &[&str], line: u64) -> std::result::Result<Row, String>;
}

/// How a kind's files split into records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Records {
    /// One record per line, fields separated by tabs.
    TabLines,
    /// CSV (RFC 4180: quoted fields may hold commas and newlines).
    Csv,
}

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
fn icews_key(s: &str) -> String {
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

/// An imported event's actor codes in upper case, and its countries, where its parser
/// gave none (the kinds without country fields of their own for each side build their
/// codes from the country they give: ICEWS, ACLED, POLECAT, Phoenix), the codes' first
/// blocks when those are countries ([`Countries::country_of`]).
fn settle_actors(countries: &Countries, ev: &mut NewEvent) {
    ev.source.make_ascii_uppercase();
    ev.target.make_ascii_uppercase();
    if ev.source_country.is_none() {
        ev.source_country = Some(countries.country_of(&ev.source).to_string());
    }
    if ev.target_country.is_none() {
        ev.target_country = Some(countries.country_of(&ev.target).to_string());
    }
}

/// The kind of a skip reason, for counting: the reason without its quoted values, its
/// detail after a colon or parenthesis, and a leading number (`bad date "2024-13-01"` →
/// `bad date`; `3 columns, ...` → `columns, ...`).
fn reason_key(reason: &str) -> String {
    let head = reason.split([':', '(']).next().unwrap_or(reason);
    let mut out = String::new();
    let mut quoted = false;
    for c in head.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            out.push(c);
        }
    }
    out.trim().trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ').trim().to_string()
}

/// When an import writes the whole file in one transaction: its events then go into
/// segments of up to a million rows ([`quidpro_store`]'s segments), where batches make a
/// segment each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Bulk {
    /// When the file is large (about [`BULK_MIN_ROWS`] rows or more): fewer, larger
    /// segments are faster to write and to read.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never: batches of [`ImportOptions::batch`] rows, each committed.
    Never,
}

/// The smallest estimated row count for which [`Bulk::Auto`] writes one transaction.
pub const BULK_MIN_ROWS: u64 = 100_000;

/// Bytes per row assumed when a file's row count is estimated from its size (GDELT 2.0
/// rows are about 210 bytes, ICEWS rows about 300).
const BYTES_PER_ROW: u64 = 200;

/// Records per message from the reading thread to the writer.
const CHUNK: usize = 2048;

/// A parsed record: its 1-based line and its row, or why it is skipped.
type Parsed = (u64, std::result::Result<Row, String>);

/// Records read and parsed: the events prepared for the batch ([`EventRows`]: their
/// records and keys made on the reading thread), and the other records (mentions, bad
/// rows, events of another dataset) as parsed.
struct Chunk {
    /// Records in the chunk (events, other rows and bad rows).
    read: u64,
    events: EventRows,
    others: Vec<Parsed>,
}

impl Chunk {
    fn new(kind: Kind) -> Chunk {
        Chunk { read: 0, events: EventRows::new(kind.name(), CHUNK), others: Vec::new() }
    }

    fn add(&mut self, line: u64, parsed: std::result::Result<Row, String>) {
        self.read += 1;
        match parsed {
            Ok(Row::Event(ev)) if self.events.push(&ev) => {}
            parsed => self.others.push((line, parsed)),
        }
    }
}

/// What the reading thread sends the writer.
enum Msg {
    /// Records of an entry, of the kind read, and the bytes of the file read so far.
    Records { entry: std::sync::Arc<str>, kind: Kind, chunk: Chunk, bytes: u64 },
    /// Reading failed: the import stops.
    Failed(Error),
    /// Every entry was read: without it, a channel that closes means the reading thread
    /// died (a panic), and the import fails rather than storing a part as the whole.
    Done,
}

/// Reads and parses the entries (on its own thread), sending records in chunks; stops
/// when the writer hangs up.
fn read_entries(
    entries: Vec<Entry>,
    kind: Option<Kind>,
    countries: &Countries,
    limits: Limits,
    send: &std::sync::mpsc::SyncSender<Msg>,
) {
    // Bytes of the entries before this one, and read so far.
    let (mut done, mut bytes) = (0u64, 0u64);
    // The open archive of zipped entries.
    let mut archive: Option<zip::ZipArchive<File>> = None;
    for item in entries {
        let name = item.name.clone();
        let mut reader = match open_entry(&item, &mut archive) {
            Ok(r) => r,
            Err(e) => {
                let _ = send.send(Msg::Failed(Error::Io { path: name, message: e.to_string() }));
                return;
            }
        };
        // The first line tells the kind when it was not given.
        let first = match reader.fill_buf() {
            Ok([]) => continue,
            Ok(buf) => {
                let end = buf.iter().position(|&b| b == b'\n').unwrap_or(buf.len());
                let line = buf[..end].strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(&buf[..end]);
                decode(line).into_owned()
            }
            Err(e) => {
                let _ = send.send(Msg::Failed(Error::Io { path: name, message: e.to_string() }));
                return;
            }
        };
        let Some(k) = kind.or_else(|| Kind::detect(&name, &first)) else {
            let _ = send.send(Msg::Failed(Error::Kind {
                path: name,
                message: "cannot tell the dataset from its name and first line; give the kind".into(),
            }));
            return;
        };
        let entry: std::sync::Arc<str> = name.as_str().into();
        let mut parser = k.parser(countries, &name);
        let mut records = Chunk::new(k);
        let mut hung_up = false;
        // A kind given that the file does not look like: when its first row fails, the
        // file is refused once, with the kind it looks like, rather than row by row.
        let looks_like = kind.and_then(|_| Kind::detect(&name, &first)).filter(|d| *d != k);
        let mut any_row = false;
        let mut wrong_kind: Option<Error> = None;
        let read = each_record(k.records(), reader, &name, limits, &mut |line, consumed, record| {
            bytes = done + consumed;
            let parsed = match record {
                // An empty line holds no row; a record of empty fields is a bad row.
                Ok([only]) if only.trim().is_empty() => return true,
                Ok(fields) if fields.iter().all(|f| f.trim().is_empty()) => {
                    Err("a row of empty fields".into())
                }
                Ok(fields) => parser.parse(fields, line),
                Err(reason) => Err(reason),
            };
            let mut parsed = parsed;
            if let Ok(Row::Event(ev)) = &mut parsed {
                settle_actors(countries, ev);
            }
            match (&parsed, looks_like) {
                (Ok(Row::Skip), _) => return true,
                (Ok(_), _) => any_row = true,
                (Err(reason), Some(d)) if !any_row => {
                    wrong_kind = Some(Error::Kind {
                        path: format!("{name}:{line}"),
                        message: format!(
                            "{reason}: this looks like a {} file, not {}; give `{}` or `auto`",
                            d.name(),
                            k.name(),
                            d.name()
                        ),
                    });
                    return false;
                }
                _ => {}
            }
            records.add(line, parsed);
            if records.read as usize >= CHUNK {
                let full = std::mem::replace(&mut records, Chunk::new(k));
                hung_up =
                    send.send(Msg::Records { entry: entry.clone(), kind: k, chunk: full, bytes }).is_err();
            }
            !hung_up
        });
        if hung_up {
            return;
        }
        if let Some(e) = wrong_kind {
            let _ = send.send(Msg::Failed(e));
            return;
        }
        // Whatever was read before a read error is stored, as the rows before it are.
        done += item.size;
        if (records.read > 0 || read.is_ok())
            && send.send(Msg::Records { entry: entry.clone(), kind: k, chunk: records, bytes: done }).is_err()
        {
            return;
        }
        if let Err(e) = read {
            let _ = send.send(Msg::Failed(e));
            return;
        }
    }
    let _ = send.send(Msg::Done);
}

/// Imports one file (plain, gzipped or zipped) of `kind` (`None`: detect it).
///
/// The file is read and parsed on a second thread while this one writes. Non-strict: bad
/// rows are counted by reason and skipped; rows are written in transactions of
/// `opts.batch`, or, in bulk ([`Bulk`]), in one transaction. Strict: the file is written in one transaction, and the first bad row
/// refuses it ([`Error::Strict`]) with nothing written.
///
/// # Errors
/// [`Error::Io`], [`Error::Kind`] (undetectable), [`Error::Strict`], [`Error::Store`].
pub fn import_file(
    store: &mut Store,
    countries: &Countries,
    kind: Option<Kind>,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportSummary> {
    let mut summary = ImportSummary { file: path.display().to_string(), ..Default::default() };
    let entries = open_all(path, &mut summary.messages)?;
    let total_bytes = entries.iter().map(|e| e.size).sum::<u64>();
    let estimate = total_bytes / BYTES_PER_ROW;
    let bulk = match opts.bulk {
        Bulk::Always => true,
        Bulk::Never => false,
        Bulk::Auto => estimate >= BULK_MIN_ROWS && kind != Some(Kind::Gdelt2Mentions),
    };
    let one_transaction = bulk || opts.strict;
    let run = {
        let mut b = store.batch()?;
        let run = b.begin_run(kind.map(Kind::name).unwrap_or("auto"), &summary.file)?;
        b.commit()?;
        run
    };
    let (send, receive) = std::sync::mpsc::sync_channel::<Msg>(8);
    // What the committed transactions hold: what a failed import's run records.
    let mut committed = RunStats::default();
    let outcome = std::thread::scope(|scope| -> Result<Option<Error>> {
        let reader = scope.spawn(move || read_entries(entries, kind, countries, opts.limits, &send));
        // The receiver lives in this closure: when the writer fails and returns, it is
        // dropped, so the reading thread's next send fails and it ends, instead of
        // blocking in `send` while the scope waits for it (the import hung).
        let receive = receive;
        let written = write_all(
            store,
            run,
            &receive,
            &mut summary,
            &mut committed,
            opts,
            one_transaction,
            estimate,
            progress,
            total_bytes,
        );
        drop(receive);
        // A reading thread that panicked ends the import with an error, not a panic.
        let joined = reader.join();
        match (written, joined) {
            (Err(e), _) => Err(e),
            (Ok(None), Err(_)) => Err(Error::Io {
                path: summary.file.clone(),
                message: "the reading thread stopped unexpectedly; nothing more was stored".into(),
            }),
            (Ok(outcome), _) => Ok(outcome),
        }
    });
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(e) => {
            // A write failed (disk full, I/O error) or reading stopped: the failed
            // transaction is rolled back, and the run says `failed` with what the
            // committed ones hold. Best effort: the store may refuse this write too.
            if let Ok(mut b) = store.batch() {
                if b.fail_run(run, &committed).is_ok() {
                    let _ = b.commit();
                }
            }
            return Err(e);
        }
    };
    if let Some(err) = outcome {
        // Nothing of this file is stored, not even the run record.
        let mut b = store.batch()?;
        b.remove_run(run)?;
        b.commit()?;
        return Err(err);
    }
    progress(Progress { rows: summary.stats.read, bytes: total_bytes, total_bytes });
    let unshown = summary.stats.skipped_total().saturating_sub(summary.rows_reported as u64);
    if unshown > 0 {
        summary.messages.push(format!(
            "{}: {unshown} more bad row(s) not shown (the first {} are; all are counted by reason below)",
            summary.file, summary.rows_reported
        ));
    }
    let mut b = store.batch()?;
    b.finish_run(run, &summary.stats)?;
    b.commit()?;
    Ok(summary)
}

/// The writer's side of [`import_file`]: takes the reading thread's chunks and writes
/// them; `committed` follows what the committed transactions hold. `Ok(Some(e))`: the
/// import is refused with nothing of it stored (strict, or a read error in one
/// transaction).
#[allow(clippy::too_many_arguments)]
fn write_all(
    store: &mut Store,
    run: i64,
    receive: &std::sync::mpsc::Receiver<Msg>,
    summary: &mut ImportSummary,
    committed: &mut RunStats,
    opts: &ImportOptions,
    one_transaction: bool,
    estimate: u64,
    progress: &mut dyn FnMut(Progress),
    total_bytes: u64,
) -> Result<Option<Error>> {
    let mut batch = store.batch()?;
    // Rows a batch expects: the file's, or a batch's worth.
    let batch_rows =
        if one_transaction { estimate } else { estimate.min(opts.batch as u64) }.min(1 << 24) as usize;
    let mut expecting = false;
    let mut in_batch = 0usize;
    // Boxed as parsed: moving a row out of its box copies it.
    let mut pending: Vec<Box<NewEvent>> = Vec::with_capacity(CHUNK);
    let flush = |batch: &mut quidpro_store::Batch<'_>,
                 pending: &mut Vec<Box<NewEvent>>,
                 stats: &mut RunStats|
     -> Result<()> {
        let added = batch.add_events(pending.iter().map(|e| &**e), Some(run))?;
        stats.stored += added;
        stats.duplicates += pending.len() as u64 - added;
        pending.clear();
        Ok(())
    };
    for msg in receive.iter() {
        let (entry, k, chunk, bytes) = match msg {
            Msg::Records { entry, kind, chunk, bytes } => (entry, kind, chunk, bytes),
            Msg::Done => {
                batch.record_run(run, &summary.stats)?;
                batch.commit()?;
                *committed = summary.stats.clone();
                return Ok(None);
            }
            Msg::Failed(e) => {
                if one_transaction {
                    // As a strict or bulk import is one transaction, it is all or nothing.
                    drop(batch);
                    return Ok(Some(e));
                }
                flush(&mut batch, &mut pending, &mut summary.stats)?;
                batch.record_run(run, &summary.stats)?;
                batch.commit()?;
                *committed = summary.stats.clone();
                return Err(e);
            }
        };
        summary.kind = Some(k);
        if !expecting {
            batch.expect(k.name(), batch_rows, estimate as usize);
            expecting = true;
        }
        let Chunk { read, events, others } = chunk;
        summary.stats.read += read;
        // The events, ending a batch where it is full (non-bulk).
        let mut from = 0;
        while from < events.len() {
            let to = if one_transaction {
                events.len()
            } else {
                events.len().min(from + opts.batch.max(1).saturating_sub(in_batch).max(1))
            };
            let added = batch.add_rows_in(&events, from..to, Some(run))?;
            summary.stats.stored += added;
            summary.stats.duplicates += (to - from) as u64 - added;
            in_batch += to - from;
            from = to;
            if !one_transaction && in_batch >= opts.batch {
                batch.record_run(run, &summary.stats)?;
                batch.commit()?;
                *committed = summary.stats.clone();
                batch = store.batch()?;
                batch.expect(k.name(), batch_rows, estimate as usize);
                in_batch = 0;
            }
        }
        for (line, parsed) in others {
            match parsed {
                Ok(Row::Event(ev)) => pending.push(ev),
                Ok(Row::Mention(m)) => {
                    if batch.add_mention(&m, Some(run))? {
                        summary.stats.stored += 1;
                    } else {
                        summary.stats.duplicates += 1;
                    }
                }
                Ok(Row::Skip) => {}
                Err(reason) => {
                    if opts.strict {
                        drop(batch);
                        return Ok(Some(Error::Strict { path: entry.to_string(), line, reason }));
                    }
                    *summary.stats.skipped.entry(reason_key(&reason)).or_default() += 1;
                    if summary.rows_reported < opts.max_messages {
                        summary.messages.push(format!("{entry}:{line}: {reason}"));
                        summary.rows_reported += 1;
                    }
                    continue;
                }
            }
            in_batch += 1;
        }
        flush(&mut batch, &mut pending, &mut summary.stats)?;
        if !one_transaction && in_batch >= opts.batch {
            batch.record_run(run, &summary.stats)?;
            batch.commit()?;
            *committed = summary.stats.clone();
            batch = store.batch()?;
            batch.expect(k.name(), batch_rows, estimate as usize);
            in_batch = 0;
        }
        progress(Progress { rows: summary.stats.read, bytes, total_bytes });
    }
    Err(Error::Io {
        path: summary.file.clone(),
        message: "the reading thread stopped unexpectedly; nothing more was stored".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_keys_group_by_kind() {
        assert_eq!(reason_key("bad date \"2024-13-01\" (YYYY-MM-DD)"), "bad date");
        assert_eq!(reason_key("not a CAMEO code: \"13y\""), "not a CAMEO code");
        assert_eq!(reason_key("3 columns, GDELT 2.0 events have 61"), "columns, GDELT 2.0 events have 61");
    }
}
