/*!
The segment format: imported events stored column by column, sorted by dyad and date,
compressed in blocks of rows. This crate encodes and decodes segments and knows nothing
of SQLite: a reader takes anything that reads and seeks ([`ReadAt`]: a
`std::io::Cursor` over bytes, a file, SQLite's incremental blob reader). The store
(`quidpro-store`) decides which blobs hold a segment and reads them.

# Data flow

1. An import turns each event into a [`RowRef`] and [`write_record`]s it into a
   [`Builder`] with its dedup key ([`event_key`]) and cluster key ([`cluster_key`]).
2. [`Builder::encode`] sorts the rows by source country, target country, day and
   arrival, cuts them into row groups of [`GROUP`] rows and lays each out column by
   column ([`Encoded`]): the group blobs, the sorted dedup and cluster keys, and a
   directory of where each dyad's rows are ([`DyadRun`]).
3. The store writes the groups as blobs (`segment_groups`, id = segment × 65,536 +
   group, [`group_id`]), the keys and dates in a `segments` row, the dyad runs in
   `segment_dyads`.
4. A reader parses a group's [`Header`] and reads slices of the columns it needs
   ([`Header::column`], a compressed block at a time, kept in a [`BlockCache`]), or every
   row of a group ([`read_rows`], what `quidpro store merge` re-encodes).

# Why blobs inside SQLite, and not a table with a row per event

Imported events were rows of the `events` table until schema 10 (commit 4de62cc).
Measured with `bench/import.sh` on the same synthetic GDELT 2.0 rows (figures in
`bench/record/import.tsv` and `import-floor.tsv`):

| | 1M rows | 10M rows |
|---|---|---|
| rows of `events` (a0e69ab, 16 KiB pages) | 9.7 s, 103,210 rows/s | 102.9 s, 97,160 rows/s |
| SQLite alone, a bare table with the key and two indexes (`floor`, a0e69ab) | 181,715 rows/s | 143,233 rows/s (insert 30.7 s, indexes 30.4 s, commit 8.7 s) |
| segments (edc1c36) | 1.8 s, 553,710 rows/s | 15.4 s, 650,745 rows/s |

A row per event costs SQLite a record and an entry in every index, and the indexes'
B-trees grow with the store: even SQLite with nothing else to do cannot take rows as
fast as the import floor asks (500,000 GDELT rows/s on 2 cores), and it gets slower as
the store fills. A segment costs one blob per 16,384 rows; its rows are sorted by dyad
and date once, in memory, and the dedup keys are kept as one sorted blob per segment
rather than a unique index. Columns compress: the store of 1M events fell from 173 MB to
88 MB with LZ4 blocks (7423c7c); 10M events take about 0.7 GB. The same 1M rows as a bare
table with the key and two indexes take 284 MB (`floor`'s `bytes`, 2026-12-07), against
94 MB for the whole store (segments 50 MB, dedup and cluster keys 24 MB, clusters,
aggregates and actors the rest). Why inside SQLite rather
than files beside it: one file to copy, and one transaction covers an import's
segments, its clusters, the monthly aggregates, the actors and the run, so a killed
import leaves whole transactions only (`bench/crash.sh`) and readers see a consistent
store through WAL; SQLite's incremental blob I/O reads a slice of a blob without the
rest.

The price: plain SQL does not see the columns inside a blob, so the store registers the
virtual table `segment_events` (and the `all_events` view) on its connections.

# The format, byte by byte (version 1)

All integers little-endian. A row group (one blob) is:

| bytes | content |
|---|---|
| 0–4 | `QPSEG` |
| 5 | the format's version: 1 |
| 6–7 | zero (reserved) |
| 8–11 | rows (u32) |
| 12–15 | columns `N` (u32; 23, 25 or 27, see Versions) |
| 16 + 24 × i | column i: type (u8), 7 bytes zero, offset (u64, from the group's first byte), length (u64) |
| … | the columns' bytes, in column order |

Column types ([`ColType`]):

* `1` strings: offsets, 4 × (rows + 1) bytes (u32; the first 0, row i's string is
  `bytes[offset[i]..offset[i + 1]]`, UTF-8), then the bytes;
* `2` strings that may be null: a bitmap of (rows + 7) / 8 bytes (bit i % 8 of byte
  i / 8 set = present), then as `1` (a null row has an empty string);
* `3` 32-bit integers: days, chrono's `num_days_from_ce` (0001-01-01 is day 1); null is
  `i32::MIN`;
* `4` 64-bit integers; null is `i64::MIN`;
* `5` bytes (the directed flag, 0 or 1);
* `6` every row null: no bytes;
* `7` one string for every row: its bytes once;
* `8` a column of type 1 to 5 compressed in blocks of rows: its type (u8), rows a block
  (u32, 1,024, a multiple of 8), blocks (u32, rows / rows a block rounded up), each
  block's end (u32 each, from the end of this list), then the blocks, each the length
  of its uncompressed bytes (u32) and their LZ4 block (the block format, no frame). A
  block's bytes are its rows laid out as a column of their own, made to compress
  better: string offsets turned into lengths (each offset minus the one before) and
  integers into differences from the row before (the first from 0; wrapping, of the
  u32 or u64 bit patterns), undone on reading. A column is compressed when it is 1 KiB or
  more and compression saves a tenth; a read decompresses only the blocks that hold
  its rows.

The columns, in order ([`Col`]): dataset_id, event_date, date_precision, published,
source, target, code, directed, modality, attribution, source_name, target_name,
sentence, span_start, span_end, rule, entries, text, file, line, url, doc_key, cluster
(the cluster key), source_country, target_country (the countries as the dataset gave
them), run_id and retrieved (a merged segment's rows' own; null: the segment's).

Around the groups (kept by the store): a segment holds up to 2^20 rows ([`MAX_ROWS`]; an
import writes 2^17, [`FLUSH_ROWS`]) sorted by source country, target country (each its
first three bytes, [`pack_dyad`]), day and arrival, in groups of 2^14 ([`GROUP`]). The
`segments` row keeps its dedup keys sorted, 16 bytes each (u128 LE; [`event_key`]:
XXH3-128 of the dataset's id seeded with XXH3-64 of the dataset's name) and its
cluster keys sorted, 8 bytes each (i64 LE; [`cluster_key`]: XXH3-64 of the day as i32
LE, source, 0x1F, target, 0x1F, code). Row r of segment s is event `2^40 + s × 2^20 + r`
([`event_row_id`]).

# Versions

The version byte (byte 5) changes when a reader of the version before would misread the
new bytes: a column's type or meaning, the header, the directory, the block layout or
the compression. A reader refuses a version above its own with an error that says a
newer quidpro wrote it; one of version 1 reads every group written so far.

Adding a column at the end changes no version: the directory's count says how many
columns a group has, and a reader takes a column beyond it as null, which each added
column gives a meaning. Groups of 23 columns (schema 10) have no countries: a row's
countries are its codes' first three letters ([`country`]). Groups of 25 have no run and
retrieval time of their own: the segment's. Groups of 27 are written since the merge
step (`quidpro store merge`); only merged segments fill the last two columns, so a
reader that knows only 25 columns reads every segment but shows a merged segment's rows
the latest retrieval time of the segments merged into it. A reader refuses fewer than 23
columns. `testdata/store-compat/v10.db` and later freeze stores of each schema, and
the store's tests open them.
*/
#![warn(missing_docs)]

use chrono::{Datelike, NaiveDate};
use xxhash_rust::xxh3::{xxh3_128_with_seed, xxh3_64};

mod decode;
mod encode;
#[cfg(test)]
mod tests;

pub use decode::{day, read_rows, BlockCache, Column, Header, ReadAt};
pub use encode::{record_dataset_id, write_record, Builder};

/// The most rows of a segment.
pub const MAX_ROWS: usize = 1 << 20;
/// Rows at which a batch hands a segment to be encoded while it collects the next (by
/// default; the store's `Store::set_segment_rows`): an import of a million rows is eight
/// segments, seven of them encoded while the file is still being read (with one segment
/// of 2^20 rows, the whole encoding waited for the end of the file).
pub const FLUSH_ROWS: usize = 1 << 17;
/// Rows of a row group: each is a blob of its own, so that reading a few rows of it walks
/// a short chain of overflow pages (SQLite reads a blob's pages one after another).
pub const GROUP: usize = 1 << 14;
/// The most string bytes a segment collects before it is written (SQLite blobs stay under
/// their 1 GB limit).
const MAX_BYTES: usize = 1 << 29;
/// Event row ids of segment rows start here, above any row id of the `events` table.
const ID_BASE: i64 = 1 << 40;

/// The event row id of row `row` of segment `segment`: `2^40 + segment × 2^20 + row`.
pub fn event_row_id(segment: i64, row: usize) -> i64 {
    ID_BASE + (segment << 20) + row as i64
}

/// The first five bytes of a row group.
const MAGIC: &[u8; 5] = b"QPSEG";
/// The format's version, byte 5 of a row group (see the crate's docs: Versions).
pub const VERSION: u8 = 1;
const HEADER: usize = 16;
const DIR_ENTRY: usize = 24;

/// The columns of a segment, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub enum Col {
    /// The dataset's id of the event (text).
    DatasetId,
    /// When it happened (a day number).
    EventDate,
    /// `day`, `month`, ... (text).
    DatePrecision,
    /// When it was published (a day number, or null).
    Published,
    /// Source actor code (text, may be empty).
    Source,
    /// Target actor code (text, may be empty).
    Target,
    /// CAMEO code (text).
    Code,
    /// Whether the event has a direction (a byte, 0 or 1).
    Directed,
    /// Its modality (text).
    Modality,
    /// Who asserts it (text).
    Attribution,
    /// The dataset's name of the source (text or null).
    SourceName,
    /// The dataset's name of the target (text or null).
    TargetName,
    /// Sentence index in its document (integer or null).
    Sentence,
    /// Start of the byte span of its words (integer or null).
    SpanStart,
    /// End of that span (integer or null).
    SpanEnd,
    /// The pattern that coded it (text or null).
    Rule,
    /// The dictionary entries, a JSON array (text or null).
    Entries,
    /// Its sentence's text (text or null).
    Text,
    /// The imported file (text or null).
    File,
    /// Its line there (integer or null).
    Line,
    /// The source URL (text or null).
    Url,
    /// The key of its document (text or null).
    DocKey,
    /// Its cluster key ([`cluster_key`]; an integer).
    Cluster,
    /// The source's country (a segment written before it was added has none: its rows'
    /// countries are the codes' first three letters, as [`country`] reads them).
    SourceCountry,
    /// The target's country (as `SourceCountry`).
    TargetCountry,
    /// The import run that stored the row, when it is not the segment's (a merged
    /// segment's rows come from many runs); null: the segment's.
    RunId,
    /// When the row entered the store, when that is not the segment's time (as `RunId`).
    Retrieved,
}

/// How many columns a segment has.
pub const COLUMNS: usize = Col::Retrieved as usize + 1;
/// How many columns a segment written before the countries had.
const OLD_COLUMNS: usize = Col::Cluster as usize + 1;

/// The kind of each column as the builder collects it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Str,
    StrNull,
    I32,
    I64,
    U8,
}

const KINDS: [Kind; COLUMNS] = [
    Kind::Str,     // dataset_id
    Kind::I32,     // event_date
    Kind::Str,     // date_precision
    Kind::I32,     // published
    Kind::Str,     // source
    Kind::Str,     // target
    Kind::Str,     // code
    Kind::U8,      // directed
    Kind::Str,     // modality
    Kind::Str,     // attribution
    Kind::StrNull, // source_name
    Kind::StrNull, // target_name
    Kind::I64,     // sentence
    Kind::I64,     // span_start
    Kind::I64,     // span_end
    Kind::StrNull, // rule
    Kind::StrNull, // entries (JSON array)
    Kind::StrNull, // text
    Kind::StrNull, // file
    Kind::I64,     // line
    Kind::StrNull, // url
    Kind::StrNull, // doc_key
    Kind::I64,     // cluster key
    Kind::Str,     // source_country
    Kind::Str,     // target_country
    Kind::I64,     // run_id
    Kind::StrNull, // retrieved
];

/// Whether a column is checked for holding one value in every row (stored once): the
/// columns that usually do; checking the others would cost a comparison per value.
const CHECK_SAME: [bool; COLUMNS] = [
    false, false, true, false, false, false, false, false, true, true, false, false, false, false, false,
    true, true, true, true, false, false, true, false, true, true, false, true,
];

/// The stored type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ColType {
    /// Strings: offsets (4 × (rows + 1)), then the bytes.
    Str = 1,
    /// Strings that may be null: a bitmap ((rows + 7) / 8 bytes, bit set = present), then as `Str`.
    StrNull = 2,
    /// 32-bit integers (days; null `i32::MIN`).
    I32 = 3,
    /// 64-bit integers (null `i64::MIN`).
    I64 = 4,
    /// Bytes.
    U8 = 5,
    /// Every row null: no data.
    Null = 6,
    /// One string for every row: its bytes.
    Const = 7,
    /// Another type's column compressed in blocks of rows (see the crate's docs).
    Lz4 = 8,
}

impl ColType {
    fn from_byte(b: u8) -> Option<ColType> {
        Some(match b {
            1 => ColType::Str,
            2 => ColType::StrNull,
            3 => ColType::I32,
            4 => ColType::I64,
            5 => ColType::U8,
            6 => ColType::Null,
            7 => ColType::Const,
            8 => ColType::Lz4,
            _ => return None,
        })
    }
}

/// The row of `segment_groups` holding group `g` of segment `segment`.
pub fn group_id(segment: i64, g: usize) -> i64 {
    (segment << 16) + g as i64
}

/// The dedup key of an event: a 128-bit hash of its dataset and the dataset's own id.
pub fn event_key(dataset: &str, dataset_id: &str) -> u128 {
    xxh3_128_with_seed(dataset_id.as_bytes(), xxh3_64(dataset.as_bytes()))
}

/// The cluster key of an event: a 64-bit hash of its day, source, target and code, the
/// `id` of its row in `clusters`.
pub fn cluster_key(date: NaiveDate, source: &str, target: &str, code: &str) -> i64 {
    let mut buf = [0u8; 96];
    let days = date.num_days_from_ce().to_le_bytes();
    let need = 4 + source.len() + 1 + target.len() + 1 + code.len();
    let mut heap;
    let b: &mut [u8] = if need <= buf.len() {
        &mut buf[..need]
    } else {
        heap = vec![0u8; need];
        &mut heap[..]
    };
    let mut at = 0;
    for part in [&days[..], source.as_bytes(), &[0x1f], target.as_bytes(), &[0x1f], code.as_bytes()] {
        b[at..at + part.len()].copy_from_slice(part);
        at += part.len();
    }
    xxh3_64(b) as i64
}

/// The country of an actor code, as the `source_country` and `target_country` columns
/// keep it: its first three bytes, or empty.
pub fn country(code: &str) -> &str {
    code.get(..3).unwrap_or("")
}

/// A dyad's rows in a written segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DyadRun {
    /// The source's country (at most three bytes, as [`pack_dyad`] keeps it).
    pub source_country: String,
    /// The target's country.
    pub target_country: String,
    /// Its first row in the segment.
    pub first_row: u32,
    /// How many rows it has there.
    pub rows: u32,
    /// Its rows' first day.
    pub min_date: NaiveDate,
    /// Its rows' last day.
    pub max_date: NaiveDate,
}

/// A segment ready to store.
pub struct Encoded {
    /// Its rows.
    pub rows: usize,
    /// The row groups, each of [`GROUP`] rows (the last of the rest).
    pub groups: Vec<Vec<u8>>,
    /// The rows' dedup keys, sorted, 16 bytes each.
    pub keys: Vec<u8>,
    /// The rows' cluster keys, sorted, 8 bytes each.
    pub clusters: Vec<u8>,
    /// Where each dyad's rows are, in row order.
    pub dyads: Vec<DyadRun>,
    /// The rows' first day.
    pub min_date: NaiveDate,
    /// The rows' last day.
    pub max_date: NaiveDate,
}

/// Source and target country (at most three bytes each, as [`country`] cuts them)
/// packed into the high and low half.
pub fn pack_dyad(source_country: &str, target_country: &str) -> u64 {
    let mut v = [0u8; 8];
    let (s, t) = (country(source_country).as_bytes(), country(target_country).as_bytes());
    v[..s.len()].copy_from_slice(s);
    v[3..3 + t.len()].copy_from_slice(t);
    u64::from_be_bytes(v)
}

/// Turns the string offsets or integers of a column of type `ty` and `rows` rows into
/// differences from the value before, or (`undo`) back.
fn differences(ty: ColType, bytes: &mut [u8], rows: usize, undo: bool) {
    match ty {
        ColType::Str | ColType::StrNull => {
            let at = if ty == ColType::StrNull { rows.div_ceil(8) } else { 0 };
            if let Some(offsets) = bytes.get_mut(at..at + 4 * (rows + 1)) {
                differences_u32(offsets, undo);
            }
        }
        ColType::I32 => differences_u32(bytes, undo),
        ColType::I64 => {
            let mut prev = 0u64;
            for c in bytes.chunks_exact_mut(8) {
                let v = u64::from_le_bytes(c.try_into().unwrap_or_default());
                let out = if undo { prev.wrapping_add(v) } else { v.wrapping_sub(prev) };
                prev = if undo { out } else { v };
                c.copy_from_slice(&out.to_le_bytes());
            }
        }
        _ => {}
    }
}

fn differences_u32(bytes: &mut [u8], undo: bool) {
    let mut prev = 0u32;
    for c in bytes.chunks_exact_mut(4) {
        let v = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        let out = if undo { prev.wrapping_add(v) } else { v.wrapping_sub(prev) };
        prev = if undo { out } else { v };
        c.copy_from_slice(&out.to_le_bytes());
    }
}

/// Rows of a compressed block: a compressed column is read a block at a time, so that a
/// few rows cost a block, not the column.
const BLOCK_ROWS: usize = 1024;

/// One row of a segment, borrowed: what [`Builder::push`] takes. Its fields are the
/// columns ([`Col`]), in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowRef<'a> {
    /// The dataset's id of the event.
    pub dataset_id: &'a str,
    /// When it happened.
    pub event_date: NaiveDate,
    /// `day`, `month`, ...
    pub date_precision: &'a str,
    /// When it was published.
    pub published: Option<NaiveDate>,
    /// Source actor code (may be empty).
    pub source: &'a str,
    /// Target actor code (may be empty).
    pub target: &'a str,
    /// CAMEO code.
    pub code: &'a str,
    /// Whether the event has a direction.
    pub directed: bool,
    /// Its modality.
    pub modality: &'a str,
    /// Who asserts it.
    pub attribution: &'a str,
    /// The dataset's name of the source.
    pub source_name: Option<&'a str>,
    /// The dataset's name of the target.
    pub target_name: Option<&'a str>,
    /// Sentence index in its document.
    pub sentence: Option<i64>,
    /// Byte span of its words.
    pub span_start: Option<i64>,
    /// End of that span.
    pub span_end: Option<i64>,
    /// The pattern that coded it.
    pub rule: Option<&'a str>,
    /// The dictionary entries, as a JSON array.
    pub entries: Option<&'a str>,
    /// Its sentence's text.
    pub text: Option<&'a str>,
    /// The imported file.
    pub file: Option<&'a str>,
    /// Its line there.
    pub line: Option<i64>,
    /// The source URL.
    pub url: Option<&'a str>,
    /// The key of its document.
    pub doc_key: Option<&'a str>,
    /// Its cluster key ([`cluster_key`]).
    pub cluster: i64,
    /// The source's country as the dataset gave it (at most three bytes are kept in the
    /// dyad order, [`pack_dyad`]).
    pub source_country: &'a str,
    /// The target's country.
    pub target_country: &'a str,
    /// The run that stored it, when not the segment's.
    pub run: Option<i64>,
    /// When it entered the store, when not the segment's time.
    pub retrieved: Option<&'a str>,
}

/// One row of a segment, owned: what [`read_rows`] gives back (see [`RowRef`] for the
/// fields).
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct Row {
    pub dataset_id: String,
    pub event_date: NaiveDate,
    pub date_precision: String,
    pub published: Option<NaiveDate>,
    pub source: String,
    pub target: String,
    pub code: String,
    pub directed: bool,
    pub modality: String,
    pub attribution: String,
    pub source_name: Option<String>,
    pub target_name: Option<String>,
    pub sentence: Option<i64>,
    pub span_start: Option<i64>,
    pub span_end: Option<i64>,
    pub rule: Option<String>,
    pub entries: Option<String>,
    pub text: Option<String>,
    pub file: Option<String>,
    pub line: Option<i64>,
    pub url: Option<String>,
    pub doc_key: Option<String>,
    pub cluster: i64,
    pub source_country: String,
    pub target_country: String,
    pub run: Option<i64>,
    pub retrieved: Option<String>,
}

impl Row {
    /// The row, borrowed.
    pub fn as_ref(&self) -> RowRef<'_> {
        RowRef {
            dataset_id: &self.dataset_id,
            event_date: self.event_date,
            date_precision: &self.date_precision,
            published: self.published,
            source: &self.source,
            target: &self.target,
            code: &self.code,
            directed: self.directed,
            modality: &self.modality,
            attribution: &self.attribution,
            source_name: self.source_name.as_deref(),
            target_name: self.target_name.as_deref(),
            sentence: self.sentence,
            span_start: self.span_start,
            span_end: self.span_end,
            rule: self.rule.as_deref(),
            entries: self.entries.as_deref(),
            text: self.text.as_deref(),
            file: self.file.as_deref(),
            line: self.line,
            url: self.url.as_deref(),
            doc_key: self.doc_key.as_deref(),
            cluster: self.cluster,
            source_country: &self.source_country,
            target_country: &self.target_country,
            run: self.run,
            retrieved: self.retrieved.as_deref(),
        }
    }
}

/// Every column, in order.
pub const ALL: [Col; COLUMNS] = [
    Col::DatasetId,
    Col::EventDate,
    Col::DatePrecision,
    Col::Published,
    Col::Source,
    Col::Target,
    Col::Code,
    Col::Directed,
    Col::Modality,
    Col::Attribution,
    Col::SourceName,
    Col::TargetName,
    Col::Sentence,
    Col::SpanStart,
    Col::SpanEnd,
    Col::Rule,
    Col::Entries,
    Col::Text,
    Col::File,
    Col::Line,
    Col::Url,
    Col::DocKey,
    Col::Cluster,
    Col::SourceCountry,
    Col::TargetCountry,
    Col::RunId,
    Col::Retrieved,
];
