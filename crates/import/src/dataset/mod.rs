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
//! code's first block when it is a country ([`Countries::country_of`](crate::countries::Countries::country_of): `IGOUNO` and
//! ACLED's `IMG` have none), never a code's first three letters as such;
//! an ICEWS actor the people dictionaries know by full name gets the code of their
//! office on the event's day (ICEWS's sector lists gather a whole career).
//! Goldstein values and quad classes are derived from the code (GDELT tables), never
//! taken from the file.

use quidpro_store::{NewEvent, NewMention, RunStats};

pub use crate::records::{Limits, MAX_FIELD_BYTES, MAX_LINE_BYTES};

mod import;
mod parser;
mod read;

pub use import::{import_file, Bulk, BULK_MIN_ROWS};
pub use parser::{ICEWS_COUNTRIES, ICEWS_SECTORS};

use parser::icews_key;

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
