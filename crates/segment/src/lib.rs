//! Segments: imported events stored column by column, up to a million to one row of the
//! `segments` table.
//!
//! A row per event costs SQLite a B-tree insert per index and a record to build; a
//! segment costs one blob. The rows of a segment are sorted by source country, target
//! country and date, and `segment_dyads` lists where each dyad's rows start, so that a
//! dyad's events are read as a slice of each column (SQLite's incremental blob reads),
//! not by decoding the whole segment. `Store` reads segments back through the virtual
//! table `segment_events` ([`crate::vtab`]), which the `all_events` view unites with the
//! coded events of the `events` table.
//!
//! # Layout (version 1, little-endian)
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `QPSEG\x01\0\0` |
//! | 4 | rows |
//! | 4 | columns (`N`) |
//! | 24 × N | per column: type (1 byte), 7 bytes zero, offset (8), length (8) |
//! | … | the columns |
//!
//! Column types: `1` strings (offsets: 4 × (rows + 1), then the bytes), `2` strings that
//! may be null (a bitmap of (rows + 7) / 8 bytes, bit set = present, then as `1`), `3`
//! 32-bit integers (dates: days from 0001-01-01 as chrono's `num_days_from_ce`; null
//! `i32::MIN`), `4` 64-bit integers (null `i64::MIN`), `5` bytes, `6` all null (no
//! data), `7` one string for every row (its bytes), `8` a column of another type
//! compressed in blocks of 1,024 rows (the type, rows a block, blocks, each block's end,
//! then each block: the length of its bytes and their LZ4 block, of the rows laid out as
//! a column of their own with string offsets turned into lengths and integers into
//! differences from the row before), used when that saves a tenth or more of a column of
//! 1 KiB or more; a read decompresses only the blocks of the rows it wants. The columns, in order: dataset_id,
//! event_date, date_precision, published, source, target, code, directed, modality,
//! attribution, source_name, target_name, sentence, span_start, span_end, rule, entries,
//! text, file, line, url, doc_key, the cluster key, and the source's and target's
//! countries as the dataset gave them (a segment written before these two were added has
//! 23 columns, and its rows' countries are their codes' first three letters). A
//! segment's dataset, run and retrieval time are its `segments` row's.

#![warn(missing_docs)]

use chrono::{Datelike, NaiveDate};
use xxhash_rust::xxh3::{xxh3_128_with_seed, xxh3_64};

/// The most rows of a segment.
pub const MAX_ROWS: usize = 1 << 20;
/// Rows at which a batch hands a segment to be encoded while it collects the next (by
/// default; [`crate::Store::set_segment_rows`]): an import of a million rows is eight
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

const MAGIC: &[u8; 8] = b"QPSEG\x01\0\0";
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
    /// Another type's column compressed in blocks of rows ([`compress_blocks`]).
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

/// Collects the events of one dataset, in any order, and encodes them sorted.
///
/// Rows are kept as records, one after another (each field in column order: a string as
/// its length and bytes, `u32::MAX` for null; numbers as their bytes), so that adding a
/// row appends to one buffer and the sorted encoding reads each row from one place.
pub struct Builder {
    records: Vec<u8>,
    /// Where each row's record starts.
    starts: Vec<u32>,
    /// Per row: packed source and target country, date, arrival.
    order: Vec<(u64, i32, u32)>,
    keys: Vec<u128>,
    clusters: Vec<i64>,
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

/// One column of a row group being encoded: its values gathered in row order, and what
/// decides how it is stored.
#[derive(Default)]
struct ColumnScratch {
    /// Strings: their bytes; numbers: their bytes, fixed width.
    data: Vec<u8>,
    /// Strings: where each row's value ends in `data` (the first entry 0).
    ends: Vec<u32>,
    /// Strings: bit set = present.
    bitmap: Vec<u8>,
    any_null: bool,
    all_null: bool,
    /// Whether every value equals the first (checked columns only).
    same: bool,
    /// The first value: where it is in the records, its length.
    first: Option<(usize, usize)>,
    /// The column as stored uncompressed, made ready to compress ([`to_compress`]), and
    /// compressed.
    raw: Vec<u8>,
    ready: Vec<u8>,
    packed: Vec<u8>,
}

/// The bytes of a column of type `ty` and `rows` rows, made to compress better: string
/// offsets as lengths, integers as differences from the row before (both wrapping).
fn to_compress(ty: ColType, raw: &[u8], rows: usize, out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(raw);
    differences(ty, out, rows, false);
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

/// Decompressed blocks of compressed columns, kept between reads on one connection (a
/// ledger reads the same dyads' rows over and over): by row group, column and block, up
/// to [`BlockCache::BYTES`]. Whoever keeps it clears it when the store changes.
#[derive(Default)]
pub struct BlockCache {
    blocks: std::collections::HashMap<(i64, u8, u32), std::rc::Rc<Vec<u8>>>,
    bytes: usize,
    /// What the keeper knew of the store when it filled the cache.
    pub stamp: Option<(i64, i64)>,
}

impl BlockCache {
    const BYTES: usize = 64 << 20;

    fn insert(&mut self, key: (i64, u8, u32), raw: std::rc::Rc<Vec<u8>>) {
        if self.bytes + raw.len() > Self::BYTES {
            self.clear();
        }
        self.bytes += raw.len();
        self.blocks.insert(key, raw);
    }

    /// Forgets every block.
    pub fn clear(&mut self) {
        self.blocks.clear();
        self.bytes = 0;
    }
}

/// Rows of a compressed block: a compressed column is read a block at a time, so that a
/// few rows cost a block, not the column.
const BLOCK_ROWS: usize = 1024;

/// The bytes of rows `a..b` of a column laid out for `rows` rows, laid out as a column
/// of their own (`a` a multiple of 8).
fn slice_layout(ty: ColType, raw: &[u8], rows: usize, a: usize, b: usize, out: &mut Vec<u8>) {
    out.clear();
    match ty {
        ColType::Str | ColType::StrNull => {
            let mut at = 0;
            if ty == ColType::StrNull {
                out.extend_from_slice(&raw[a / 8..b.div_ceil(8)]);
                at = rows.div_ceil(8);
            }
            let off = |i: usize| {
                let o = at + 4 * i;
                u32::from_le_bytes([raw[o], raw[o + 1], raw[o + 2], raw[o + 3]])
            };
            let base = off(a);
            for i in a..=b {
                out.extend_from_slice(&(off(i) - base).to_le_bytes());
            }
            let bytes = at + 4 * (rows + 1);
            out.extend_from_slice(&raw[bytes + base as usize..bytes + off(b) as usize]);
        }
        ColType::I32 => out.extend_from_slice(&raw[4 * a..4 * b]),
        ColType::I64 => out.extend_from_slice(&raw[8 * a..8 * b]),
        ColType::U8 => out.extend_from_slice(&raw[a..b]),
        ColType::Null | ColType::Const | ColType::Lz4 => {}
    }
}

/// Compresses a column of type `ty` (its bytes `raw`, `rows` rows) block by block into
/// `out`: the type (1 byte), rows a block (4), blocks (4), each block's end in the data
/// (4 each), then the blocks, each the length of its bytes (4) and their LZ4 block (of the
/// bytes made ready by [`to_compress`]).
fn compress_blocks(ty: ColType, raw: &[u8], rows: usize, scratch: &mut Vec<u8>, out: &mut Vec<u8>) {
    let blocks = rows.div_ceil(BLOCK_ROWS);
    out.clear();
    out.push(ty as u8);
    out.extend_from_slice(&(BLOCK_ROWS as u32).to_le_bytes());
    out.extend_from_slice(&(blocks as u32).to_le_bytes());
    let ends_at = out.len();
    out.resize(ends_at + 4 * blocks, 0);
    let data_at = out.len();
    let mut slice = Vec::new();
    for k in 0..blocks {
        let (a, b) = (k * BLOCK_ROWS, ((k + 1) * BLOCK_ROWS).min(rows));
        slice_layout(ty, raw, rows, a, b, &mut slice);
        to_compress(ty, &slice, b - a, scratch);
        out.extend_from_slice(&(scratch.len() as u32).to_le_bytes());
        let at = out.len();
        out.resize(at + lz4_flex::block::get_maximum_output_size(scratch.len()), 0);
        let n = lz4_flex::block::compress_into(scratch, &mut out[at..]).unwrap_or(0);
        out.truncate(at + n);
        let end = (out.len() - data_at) as u32;
        out[ends_at + 4 * k..ends_at + 4 * k + 4].copy_from_slice(&end.to_le_bytes());
    }
}

/// Rows `a..b` of a block-compressed column of a group of `rows` rows stored at
/// `off..off + len`: the blocks that hold them are read and decompressed, and laid out as
/// one column of their rows. Returns the inner type, the layout, its first row and rows.
fn read_blocks(
    r: &mut dyn ReadAt,
    off: u64,
    len: u64,
    rows: usize,
    a: usize,
    b: usize,
    mut cache: Option<(&mut BlockCache, i64, Col)>,
) -> std::io::Result<(ColType, Vec<u8>, usize, usize)> {
    let mut head = [0u8; 9];
    if len < 9 {
        return Err(bad("compressed column too short"));
    }
    r.read_exact_at(&mut head, off)?;
    let inner =
        ColType::from_byte(head[0]).filter(|t| !matches!(t, ColType::Lz4 | ColType::Null | ColType::Const));
    let inner = inner.ok_or_else(|| bad("unknown column type"))?;
    let block_rows = u32::from_le_bytes([head[1], head[2], head[3], head[4]]) as usize;
    let blocks = u32::from_le_bytes([head[5], head[6], head[7], head[8]]) as usize;
    if block_rows == 0 || !block_rows.is_multiple_of(8) || blocks != rows.div_ceil(block_rows) {
        return Err(bad("compressed column of the wrong shape"));
    }
    let data_at = off + 9 + 4 * blocks as u64;
    if data_at > off + len {
        return Err(bad("compressed column too short"));
    }
    let mut ends = vec![0u8; 4 * blocks];
    r.read_exact_at(&mut ends, off + 9)?;
    let end = |k: usize| {
        u32::from_le_bytes([ends[4 * k], ends[4 * k + 1], ends[4 * k + 2], ends[4 * k + 3]]) as u64
    };
    let (first, last) =
        if a < b { (a / block_rows, (b - 1) / block_rows) } else { (a / block_rows, a / block_rows) };
    let first = first.min(blocks.saturating_sub(1));
    let last = last.min(blocks.saturating_sub(1));
    let span_start = first * block_rows;
    let span_end = ((last + 1) * block_rows).min(rows);
    let span_rows = span_end.saturating_sub(span_start);
    // The span's layout, built block by block.
    let (mut bitmap, mut offsets, mut bytes) = (Vec::new(), vec![0u8; 4], Vec::new());
    let mut ints = Vec::new();
    for k in first..=last.max(first) {
        if blocks == 0 {
            break;
        }
        let n_rows = (((k + 1) * block_rows).min(rows)).saturating_sub(k * block_rows);
        let key = cache.as_ref().map(|(_, group, col)| (*group, *col as u8, k as u32));
        let cached = match (&cache, key) {
            (Some((c, _, _)), Some(key)) => c.blocks.get(&key).cloned(),
            _ => None,
        };
        let raw: std::rc::Rc<Vec<u8>> = match cached {
            Some(raw) => raw,
            None => {
                let from = if k == 0 { 0 } else { end(k - 1) };
                let to = end(k);
                if to < from + 4 || data_at + to > off + len {
                    return Err(bad("compressed block out of bounds"));
                }
                let mut packed = vec![0u8; (to - from) as usize];
                r.read_exact_at(&mut packed, data_at + from)?;
                let size = u32::from_le_bytes([packed[0], packed[1], packed[2], packed[3]]) as usize;
                if size > 1 << 30 {
                    return Err(bad("compressed block too long"));
                }
                let mut raw = vec![0u8; size];
                let n = lz4_flex::block::decompress_into(&packed[4..], &mut raw)
                    .map_err(|e| bad(&format!("block: {e}")))?;
                if n != size {
                    return Err(bad("compressed block of the wrong length"));
                }
                from_compressed(inner, &mut raw, n_rows);
                let raw = std::rc::Rc::new(raw);
                if let (Some((c, _, _)), Some(key)) = (cache.as_mut(), key) {
                    c.insert(key, raw.clone());
                }
                raw
            }
        };
        match inner {
            ColType::Str | ColType::StrNull => {
                let mut at = 0;
                if inner == ColType::StrNull {
                    let bm = n_rows.div_ceil(8);
                    bitmap.extend_from_slice(raw.get(..bm).ok_or_else(|| bad("block too short"))?);
                    at = bm;
                }
                let offs = raw.get(at..at + 4 * (n_rows + 1)).ok_or_else(|| bad("block too short"))?;
                let base = bytes.len() as u32;
                for c in offs.chunks_exact(4).skip(1) {
                    let v = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                    offsets.extend_from_slice(&(base.wrapping_add(v)).to_le_bytes());
                }
                bytes.extend_from_slice(&raw[at + 4 * (n_rows + 1)..]);
            }
            _ => ints.extend_from_slice(&raw),
        }
    }
    let layout = match inner {
        ColType::Str => [offsets, bytes].concat(),
        ColType::StrNull => [bitmap, offsets, bytes].concat(),
        _ => ints,
    };
    Ok((inner, layout, span_start, span_rows))
}

/// Undoes [`to_compress`] in place.
fn from_compressed(ty: ColType, raw: &mut [u8], rows: usize) {
    differences(ty, raw, rows, true);
}

/// Columns of fewer bytes are stored as they are.
const COMPRESS_FROM: usize = 1024;

/// The columns of a row group being encoded, kept from group to group (their buffers
/// grow once).
#[derive(Default)]
struct Scratch {
    cols: Vec<ColumnScratch>,
}

/// Encodes the rows `order` names, in that order, as one row group.
///
/// One pass over the records gathers each column's values and learns which columns hold
/// no value or one value; the group is then laid out and each column copied in.
fn encode_group(records: &[u8], starts: &[u32], order: &[(u64, i32, u32)], scratch: &mut Scratch) -> Vec<u8> {
    let rows = order.len();
    scratch.cols.resize_with(COLUMNS, ColumnScratch::default);
    for (i, c) in scratch.cols.iter_mut().enumerate() {
        c.data.clear();
        c.ends.clear();
        c.bitmap.clear();
        if matches!(KINDS[i], Kind::Str | Kind::StrNull) {
            c.ends.push(0);
            c.bitmap.resize(rows.div_ceil(8), 0);
        }
        c.any_null = false;
        c.all_null = true;
        c.same = true;
        c.first = None;
    }
    let cols = &mut scratch.cols[..];
    let u32_at =
        |at: usize| u32::from_le_bytes([records[at], records[at + 1], records[at + 2], records[at + 3]]);
    for (row, o) in order.iter().enumerate() {
        let mut at = starts[o.2 as usize] as usize;
        for (i, c) in cols.iter_mut().enumerate() {
            match KINDS[i] {
                Kind::Str | Kind::StrNull => {
                    let len = u32_at(at);
                    at += 4;
                    if len == u32::MAX {
                        c.any_null = true;
                    } else {
                        let b = &records[at..at + len as usize];
                        c.data.extend_from_slice(b);
                        c.all_null = false;
                        c.bitmap[row / 8] |= 1 << (row % 8);
                        if CHECK_SAME[i] && c.same {
                            match c.first {
                                None => c.first = Some((at, b.len())),
                                Some((f, n)) => c.same = n == b.len() && records[f..f + n] == *b,
                            }
                        }
                        at += len as usize;
                    }
                    c.ends.push(c.data.len() as u32);
                }
                Kind::I32 => {
                    let b = &records[at..at + 4];
                    c.all_null &= b == i32::MIN.to_le_bytes();
                    c.data.extend_from_slice(b);
                    at += 4;
                }
                Kind::I64 => {
                    let b = &records[at..at + 8];
                    c.all_null &= b == i64::MIN.to_le_bytes();
                    c.data.extend_from_slice(b);
                    at += 8;
                }
                Kind::U8 => {
                    c.all_null = false;
                    c.data.push(records[at]);
                    at += 1;
                }
            }
        }
    }
    // Per column its type and bytes: the values laid out (strings: a presence bitmap if
    // any is null, offsets, bytes), compressed when that saves a tenth or more.
    let mut layout: Vec<(ColType, usize, usize)> = Vec::with_capacity(COLUMNS);
    let mut end = HEADER + DIR_ENTRY * COLUMNS;
    for (i, c) in cols.iter_mut().enumerate() {
        let ty = match KINDS[i] {
            Kind::Str | Kind::StrNull => {
                if c.all_null {
                    ColType::Null
                } else if CHECK_SAME[i] && c.same && !c.any_null {
                    ColType::Const
                } else if KINDS[i] == Kind::StrNull || c.any_null {
                    ColType::StrNull
                } else {
                    ColType::Str
                }
            }
            Kind::I32 | Kind::I64 if c.all_null => ColType::Null,
            Kind::I32 => ColType::I32,
            Kind::I64 => ColType::I64,
            Kind::U8 => ColType::U8,
        };
        c.raw.clear();
        match ty {
            ColType::Null | ColType::Lz4 => {}
            ColType::Const => {
                if let Some((f, n)) = c.first {
                    c.raw.extend_from_slice(&records[f..f + n]);
                }
            }
            ColType::Str | ColType::StrNull => {
                if ty == ColType::StrNull {
                    c.raw.extend_from_slice(&c.bitmap);
                }
                for e in &c.ends {
                    c.raw.extend_from_slice(&e.to_le_bytes());
                }
                c.raw.extend_from_slice(&c.data);
            }
            ColType::I32 | ColType::I64 | ColType::U8 => c.raw.extend_from_slice(&c.data),
        }
        let mut stored = (ty, c.raw.len());
        if c.raw.len() >= COMPRESS_FROM && ty != ColType::Const && ty != ColType::Null {
            compress_blocks(ty, &c.raw, rows, &mut c.ready, &mut c.packed);
            if c.packed.len() < c.raw.len() - c.raw.len() / 10 {
                stored = (ColType::Lz4, c.packed.len());
            }
        }
        layout.push((stored.0, end, stored.1));
        end += stored.1;
    }
    let mut data = vec![0u8; end];
    data[..8].copy_from_slice(MAGIC);
    data[8..12].copy_from_slice(&(rows as u32).to_le_bytes());
    data[12..16].copy_from_slice(&(COLUMNS as u32).to_le_bytes());
    for (i, (&(ty, start, len), c)) in layout.iter().zip(cols.iter()).enumerate() {
        let d = HEADER + DIR_ENTRY * i;
        data[d] = ty as u8;
        data[d + 8..d + 16].copy_from_slice(&(start as u64).to_le_bytes());
        data[d + 16..d + 24].copy_from_slice(&(len as u64).to_le_bytes());
        let from = if ty == ColType::Lz4 { &c.packed } else { &c.raw };
        data[start..start + len].copy_from_slice(&from[..len]);
    }
    data
}

/// Writes a row's record (the builder's row format: each field in column order, a
/// string as its length and bytes, `u32::MAX` for null; numbers as their bytes).
pub fn write_record(out: &mut Vec<u8>, row: &RowRef<'_>) {
    fn str(out: &mut Vec<u8>, s: Option<&str>) {
        match s {
            Some(s) => {
                out.extend_from_slice(&(s.len() as u32).to_le_bytes());
                out.extend_from_slice(s.as_bytes());
            }
            None => out.extend_from_slice(&u32::MAX.to_le_bytes()),
        }
    }
    let i32v = |v: Option<i32>| v.unwrap_or(i32::MIN).to_le_bytes();
    let i64v = |v: Option<i64>| v.unwrap_or(i64::MIN).to_le_bytes();
    // In column order (`Col`).
    str(out, Some(row.dataset_id));
    out.extend_from_slice(&i32v(Some(row.event_date.num_days_from_ce())));
    str(out, Some(row.date_precision));
    out.extend_from_slice(&i32v(row.published.map(|d| d.num_days_from_ce())));
    str(out, Some(row.source));
    str(out, Some(row.target));
    str(out, Some(row.code));
    out.push(u8::from(row.directed));
    str(out, Some(row.modality));
    str(out, Some(row.attribution));
    str(out, row.source_name);
    str(out, row.target_name);
    out.extend_from_slice(&i64v(row.sentence));
    out.extend_from_slice(&i64v(row.span_start));
    out.extend_from_slice(&i64v(row.span_end));
    str(out, row.rule);
    str(out, row.entries);
    str(out, row.text);
    str(out, row.file);
    out.extend_from_slice(&i64v(row.line));
    str(out, row.url);
    str(out, row.doc_key);
    out.extend_from_slice(&row.cluster.to_le_bytes());
    str(out, Some(row.source_country));
    str(out, Some(row.target_country));
    out.extend_from_slice(&i64v(row.run));
    str(out, row.retrieved);
}

/// The first field of a record: the dataset's id.
pub fn record_dataset_id(record: &[u8]) -> &str {
    let len = record.get(..4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
    record.get(4..4 + len).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
}

impl Default for Builder {
    fn default() -> Builder {
        Builder::new()
    }
}

impl Builder {
    /// An empty builder.
    pub fn new() -> Builder {
        Builder {
            records: Vec::new(),
            starts: Vec::new(),
            order: Vec::new(),
            keys: Vec::new(),
            clusters: Vec::new(),
        }
    }

    /// How many rows it holds.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Whether the segment should be written before more rows are added.
    pub fn full(&self) -> bool {
        self.order.len() >= MAX_ROWS || self.records.len() >= MAX_BYTES
    }

    /// Makes room for a segment of [`FLUSH_ROWS`] at the rate of the rows so far, so that a large
    /// segment's buffers grow once rather than by doubling (each doubling copies them).
    fn reserve_full(&mut self) {
        let n = self.order.len().max(1);
        let more = FLUSH_ROWS.saturating_sub(n);
        self.order.reserve(more);
        self.keys.reserve(more);
        self.clusters.reserve(more);
        self.starts.reserve(more);
        let per_row = self.records.len() / n + 1;
        self.records.reserve((per_row * more).min(MAX_BYTES));
    }

    /// Adds a row with its dedup key (its cluster key is the row's).
    pub fn push(&mut self, row: &RowRef<'_>, key: u128) {
        let start = self.records.len();
        write_record(&mut self.records, row);
        let dyad = pack_dyad(row.source_country, row.target_country);
        self.note(start, key, row.cluster, dyad, row.event_date.num_days_from_ce());
    }

    /// Adds a record written by [`write_record`], with its keys, packed dyad
    /// ([`pack_dyad`]) and day.
    pub fn append(&mut self, record: &[u8], key: u128, cluster: i64, dyad: u64, days: i32) {
        let start = self.records.len();
        self.records.extend_from_slice(record);
        self.note(start, key, cluster, dyad, days);
    }

    fn note(&mut self, start: usize, key: u128, cluster: i64, dyad: u64, days: i32) {
        if self.order.len() == 1 << 16 {
            self.reserve_full();
        }
        let seq = self.order.len() as u32;
        self.order.push((dyad, days, seq));
        self.keys.push(key);
        self.clusters.push(cluster);
        self.starts.push(start as u32);
    }

    /// Sorts the rows (source country, target country, date, then arrival) and encodes
    /// them, in row groups of [`GROUP`] rows (two threads take every other group); the
    /// builder is left empty, its buffers kept for the next segment.
    pub fn encode(&mut self) -> Encoded {
        let mut order = std::mem::take(&mut self.order);
        order.sort_unstable();
        let rows = order.len();
        let chunks: Vec<&[(u64, i32, u32)]> = order.chunks(GROUP).collect();
        let (records, starts) = (&self.records, &self.starts);
        let encode_some = |parity: usize| -> Vec<(usize, Vec<u8>)> {
            let mut scratch = Scratch::default();
            chunks
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 2 == parity)
                .map(|(i, c)| (i, encode_group(records, starts, c, &mut scratch)))
                .collect()
        };
        let (mut done, odd) = std::thread::scope(|sc| {
            let odd = sc.spawn(|| encode_some(1));
            (encode_some(0), odd.join())
        });
        match odd {
            Ok(o) => done.extend(o),
            // The helper cannot fail short of a bug; encode on this thread then.
            Err(_) => done.extend(encode_some(1)),
        }
        done.sort_unstable_by_key(|g| g.0);
        let groups: Vec<Vec<u8>> = done.into_iter().map(|g| g.1).collect();
        // The dyad directory, from the sorted order.
        let date = |days: i32| NaiveDate::from_num_days_from_ce_opt(days).unwrap_or_default();
        let mut dyads: Vec<DyadRun> = Vec::new();
        let mut at = 0usize;
        while at < rows {
            let dyad = order[at].0;
            let mut end = at;
            while end < rows && order[end].0 == dyad {
                end += 1;
            }
            let b = dyad.to_be_bytes();
            let text = |p: &[u8]| {
                String::from_utf8_lossy(&p[..p.iter().position(|&c| c == 0).unwrap_or(3)]).into_owned()
            };
            dyads.push(DyadRun {
                source_country: text(&b[..3]),
                target_country: text(&b[3..6]),
                first_row: at as u32,
                rows: (end - at) as u32,
                min_date: date(order[at].1),
                max_date: date(order[end - 1].1),
            });
            at = end;
        }
        let min_date = order.iter().map(|o| o.1).min().map(date).unwrap_or_default();
        let max_date = order.iter().map(|o| o.1).max().map(date).unwrap_or_default();
        self.keys.sort_unstable();
        self.clusters.sort_unstable();
        let keys = self.keys.iter().flat_map(|k| k.to_le_bytes()).collect();
        let clusters = self.clusters.iter().flat_map(|k| k.to_le_bytes()).collect();
        // Emptied, with their room kept.
        self.records.clear();
        self.starts.clear();
        self.keys.clear();
        self.clusters.clear();
        order.clear();
        self.order = order;
        Encoded { rows, groups, keys, clusters, dyads, min_date, max_date }
    }
}

/// Random access to the bytes of a stored segment: anything that reads and seeks (a
/// `std::io::Cursor` over bytes, a file, SQLite's incremental blob reader).
pub trait ReadAt {
    /// Fills `buf` from `offset`, or fails (`UnexpectedEof` past the end).
    fn read_exact_at(&mut self, buf: &mut [u8], offset: u64) -> std::io::Result<()>;
}

impl<T: std::io::Read + std::io::Seek> ReadAt for T {
    fn read_exact_at(&mut self, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
        self.seek(std::io::SeekFrom::Start(offset))?;
        self.read_exact(buf)
    }
}

fn bad(msg: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, format!("segment: {msg}"))
}

/// The rows and column directory of a stored segment.
#[derive(Clone, Debug)]
pub struct Header {
    /// The group's rows.
    pub rows: usize,
    cols: Vec<(ColType, u64, u64)>,
}

impl Header {
    /// Reads the header and column directory of a row group.
    ///
    /// # Errors
    /// Not a segment (magic), a version this reader does not know, too few columns, an
    /// unknown column type, or bytes missing.
    pub fn parse(r: &mut dyn ReadAt) -> std::io::Result<Header> {
        let mut head = [0u8; HEADER];
        r.read_exact_at(&mut head, 0)?;
        if &head[..8] != MAGIC {
            return Err(bad("not a segment (magic)"));
        }
        let rows = u32::from_le_bytes(head[8..12].try_into().unwrap_or_default()) as usize;
        let n = u32::from_le_bytes(head[12..16].try_into().unwrap_or_default()) as usize;
        if n < OLD_COLUMNS {
            return Err(bad("too few columns"));
        }
        let mut dir = vec![0u8; DIR_ENTRY * n];
        r.read_exact_at(&mut dir, HEADER as u64)?;
        let mut cols = Vec::with_capacity(n);
        for e in dir.chunks_exact(DIR_ENTRY) {
            let ty = ColType::from_byte(e[0]).ok_or_else(|| bad("unknown column type"))?;
            let off = u64::from_le_bytes(e[8..16].try_into().unwrap_or_default());
            let len = u64::from_le_bytes(e[16..24].try_into().unwrap_or_default());
            cols.push((ty, off, len));
        }
        Ok(Header { rows, cols })
    }

    /// Reads rows `a..b` of column `c`.
    pub fn column(&self, r: &mut dyn ReadAt, c: Col, a: usize, b: usize) -> std::io::Result<Column> {
        self.column_cached(r, c, a, b, None)
    }

    /// Reads rows `a..b` of column `c`, taking the decompressed blocks of row group `group`
    /// from `cache` and keeping those it decompresses there.
    pub fn column_cached(
        &self,
        r: &mut dyn ReadAt,
        c: Col,
        a: usize,
        b: usize,
        cache: Option<(&mut BlockCache, i64)>,
    ) -> std::io::Result<Column> {
        if b > self.rows || a > b {
            return Err(bad("row range out of bounds"));
        }
        // A column added after the segment was written (the countries) is null there.
        let Some(&(ty, off, len)) = self.cols.get(c as usize) else { return Ok(Column::Null) };
        if ty != ColType::Lz4 {
            return read_column(r, ty, off, len, self.rows, a, b);
        }
        // A compressed column: the blocks that hold the rows.
        let cache = cache.map(|(bc, group)| (bc, group, c));
        let (inner, layout, start, rows) = read_blocks(r, off, len, self.rows, a, b, cache)?;
        read_column(
            &mut std::io::Cursor::new(layout.as_slice()),
            inner,
            0,
            layout.len() as u64,
            rows,
            a - start,
            b - start,
        )
    }
}

/// Reads rows `a..b` of a column of type `ty` stored at `off..off + len` of a group of
/// `rows` rows.
fn read_column(
    r: &mut dyn ReadAt,
    ty: ColType,
    off: u64,
    len: u64,
    rows: usize,
    a: usize,
    b: usize,
) -> std::io::Result<Column> {
    {
        let n = b.saturating_sub(a);
        Ok(match ty {
            ColType::Null | ColType::Lz4 => Column::Null,
            ColType::Const => {
                let mut v = vec![0u8; len as usize];
                r.read_exact_at(&mut v, off)?;
                Column::Const(String::from_utf8(v).map_err(|_| bad("not UTF-8"))?)
            }
            ColType::I32 => {
                let mut v = vec![0u8; 4 * n];
                r.read_exact_at(&mut v, off + 4 * a as u64)?;
                Column::I64(
                    v.chunks_exact(4)
                        .map(|c| {
                            let x = i32::from_le_bytes(c.try_into().unwrap_or_default());
                            if x == i32::MIN {
                                i64::MIN
                            } else {
                                i64::from(x)
                            }
                        })
                        .collect(),
                )
            }
            ColType::I64 => {
                let mut v = vec![0u8; 8 * n];
                r.read_exact_at(&mut v, off + 8 * a as u64)?;
                Column::I64(
                    v.chunks_exact(8).map(|c| i64::from_le_bytes(c.try_into().unwrap_or_default())).collect(),
                )
            }
            ColType::U8 => {
                let mut v = vec![0u8; n];
                r.read_exact_at(&mut v, off + a as u64)?;
                Column::I64(v.into_iter().map(i64::from).collect())
            }
            ColType::Str | ColType::StrNull => {
                let mut at = off;
                let mut present = None;
                if ty == ColType::StrNull {
                    let bitmap = rows.div_ceil(8) as u64;
                    if n > 0 {
                        let (first, last) = (a / 8, (b - 1) / 8);
                        let mut bits = vec![0u8; last - first + 1];
                        r.read_exact_at(&mut bits, off + first as u64)?;
                        present = Some(
                            (0..n).map(|i| bits[(a + i) / 8 - first] & (1 << ((a + i) % 8)) != 0).collect(),
                        );
                    } else {
                        present = Some(Vec::new());
                    }
                    at += bitmap;
                }
                let mut o = vec![0u8; 4 * (n + 1)];
                r.read_exact_at(&mut o, at + 4 * a as u64)?;
                let offsets: Vec<u32> =
                    o.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap_or_default())).collect();
                let bytes_at = at + 4 * (rows as u64 + 1);
                let (lo, hi) = (offsets[0], offsets[n]);
                if hi < lo || bytes_at + u64::from(hi) > off + len {
                    return Err(bad("string offsets out of bounds"));
                }
                let mut bytes = vec![0u8; (hi - lo) as usize];
                r.read_exact_at(&mut bytes, bytes_at + u64::from(lo))?;
                let text = String::from_utf8(bytes).map_err(|_| bad("not UTF-8"))?;
                Column::Str { text, offsets, present }
            }
        })
    }
}

/// A slice of a column, rows counted from the slice's first.
#[derive(Clone, Debug)]
pub enum Column {
    /// Every row null.
    Null,
    /// One string for every row.
    Const(String),
    /// Integers (null `i64::MIN`).
    I64(Vec<i64>),
    /// Strings: the bytes of the slice's rows, their offsets (the first the slice's
    /// start, not 0) and, when some may be null, which are present.
    #[allow(missing_docs)]
    Str { text: String, offsets: Vec<u32>, present: Option<Vec<bool>> },
}

impl Column {
    /// Row `i`'s string (null, or not a string column: none).
    pub fn str(&self, i: usize) -> Option<&str> {
        match self {
            Column::Null | Column::I64(_) => None,
            Column::Const(s) => Some(s),
            Column::Str { text, offsets, present } => {
                if present.as_ref().is_some_and(|p| !p.get(i).copied().unwrap_or(false)) {
                    return None;
                }
                let base = offsets[0];
                let (s, e) = (*offsets.get(i)? - base, *offsets.get(i + 1)? - base);
                text.get(s as usize..e as usize)
            }
        }
    }

    /// Row `i`'s integer (null, or not an integer column: none).
    pub fn int(&self, i: usize) -> Option<i64> {
        match self {
            Column::I64(v) => v.get(i).copied().filter(|&x| x != i64::MIN),
            _ => None,
        }
    }
}

/// A day from its stored number.
pub fn day(days: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(days).ok()?)
}

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

/// Every row of one row group, in order: what a merge re-encodes. A row's countries are
/// its country columns, or in a segment written before them its codes' first three
/// letters (as every reader takes them); its run and retrieval time are null where the
/// group does not keep them (the segment's hold then).
///
/// # Errors
/// A damaged group: `InvalidData` or `UnexpectedEof`, never a panic.
pub fn read_rows(r: &mut dyn ReadAt) -> std::io::Result<Vec<Row>> {
    let h = Header::parse(r)?;
    let n = h.rows;
    let mut cols = Vec::with_capacity(COLUMNS);
    for c in ALL {
        cols.push(h.column(r, c, 0, n)?);
    }
    let col = |c: Col| &cols[c as usize];
    let s = |c: Col, i: usize| col(c).str(i).map(str::to_string);
    let need = |c: Col, i: usize| s(c, i).ok_or_else(|| bad(&format!("row {i}: no {c:?}")));
    let date = |c: Col, i: usize| -> std::io::Result<Option<NaiveDate>> {
        match col(c).int(i) {
            None => Ok(None),
            Some(d) => day(d).map(Some).ok_or_else(|| bad(&format!("row {i}: {c:?} is no day"))),
        }
    };
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let source = need(Col::Source, i)?;
        let target = need(Col::Target, i)?;
        let source_country = s(Col::SourceCountry, i).unwrap_or_else(|| country(&source).to_string());
        let target_country = s(Col::TargetCountry, i).unwrap_or_else(|| country(&target).to_string());
        rows.push(Row {
            dataset_id: need(Col::DatasetId, i)?,
            event_date: date(Col::EventDate, i)?.ok_or_else(|| bad(&format!("row {i}: no EventDate")))?,
            date_precision: need(Col::DatePrecision, i)?,
            published: date(Col::Published, i)?,
            source,
            target,
            code: need(Col::Code, i)?,
            directed: col(Col::Directed).int(i).ok_or_else(|| bad(&format!("row {i}: no Directed")))? != 0,
            modality: need(Col::Modality, i)?,
            attribution: need(Col::Attribution, i)?,
            source_name: s(Col::SourceName, i),
            target_name: s(Col::TargetName, i),
            sentence: col(Col::Sentence).int(i),
            span_start: col(Col::SpanStart).int(i),
            span_end: col(Col::SpanEnd).int(i),
            rule: s(Col::Rule, i),
            entries: s(Col::Entries, i),
            text: s(Col::Text, i),
            file: s(Col::File, i),
            line: col(Col::Line).int(i),
            url: s(Col::Url, i),
            doc_key: s(Col::DocKey, i),
            // Every key is a cluster key, `i64::MIN` too (a column of it alone is stored as null).
            cluster: match col(Col::Cluster) {
                Column::I64(v) => v[i],
                Column::Null => i64::MIN,
                _ => return Err(bad("cluster keys of the wrong type")),
            },
            source_country,
            target_country,
            run: col(Col::RunId).int(i),
            retrieved: s(Col::Retrieved, i),
        });
    }
    Ok(rows)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A row as an import of a dataset gives it: asserted, directed, on a day.
    fn ev(id: &str, date: &str, s: &str, t: &str, code: &str) -> Row {
        Row {
            dataset_id: id.into(),
            event_date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            date_precision: "day".into(),
            published: None,
            source: s.into(),
            target: t.into(),
            code: code.into(),
            directed: true,
            modality: "asserted".into(),
            attribution: String::new(),
            source_name: None,
            target_name: None,
            sentence: None,
            span_start: None,
            span_end: None,
            rule: None,
            entries: None,
            text: None,
            file: None,
            line: None,
            url: None,
            doc_key: None,
            cluster: 0,
            source_country: country(s).into(),
            target_country: country(t).into(),
            run: None,
            retrieved: None,
        }
    }

    fn cursor(b: &[u8]) -> std::io::Cursor<&[u8]> {
        std::io::Cursor::new(b)
    }

    #[test]
    fn rows_come_back_sorted_by_dyad_with_every_field() {
        let mut b = Builder::new();
        let mut a = ev("1", "2024-03-02", "TURGOV", "AZE", "042");
        a.source_name = Some("TURKEY".into());
        a.url = Some("https://example.org/a".into());
        a.file = Some("f.csv".into());
        a.line = Some(7);
        let mut z = ev("2", "2024-03-01", "AZE", "TUR", "190");
        z.published = NaiveDate::from_ymd_opt(2024, 3, 4);
        z.directed = false;
        let c = ev("3", "2024-03-01", "TUR", "AZE", "0231");
        for (i, e) in [&a, &z, &c].into_iter().enumerate() {
            let mut e = e.clone();
            e.cluster = i as i64 * 10;
            b.push(&e.as_ref(), event_key("gdelt2", &e.dataset_id));
        }
        let enc = b.encode();
        assert_eq!(enc.rows, 3);
        assert_eq!(b.len(), 0);
        let mut r = cursor(&enc.groups[0]);
        let h = Header::parse(&mut r).unwrap();
        let ids = h.column(&mut r, Col::DatasetId, 0, 3).unwrap();
        assert_eq!((0..3).map(|i| ids.str(i).unwrap()).collect::<Vec<_>>(), ["2", "3", "1"]);
        let names = h.column(&mut r, Col::SourceName, 0, 3).unwrap();
        assert_eq!([names.str(0), names.str(1), names.str(2)], [None, None, Some("TURKEY")]);
        let dates = h.column(&mut r, Col::EventDate, 1, 3).unwrap();
        assert_eq!(day(dates.int(1).unwrap()), NaiveDate::from_ymd_opt(2024, 3, 2));
        let published = h.column(&mut r, Col::Published, 0, 3).unwrap();
        assert_eq!(published.int(0).and_then(day), NaiveDate::from_ymd_opt(2024, 3, 4));
        assert_eq!(published.int(1), None);
        let directed = h.column(&mut r, Col::Directed, 0, 3).unwrap();
        assert_eq!([directed.int(0), directed.int(1)], [Some(0), Some(1)]);
        // All null, and one value for all rows.
        assert!(matches!(h.column(&mut r, Col::Sentence, 0, 3).unwrap(), Column::Null));
        assert_eq!(h.column(&mut r, Col::Modality, 0, 3).unwrap().str(2), Some("asserted"));
        let lines = h.column(&mut r, Col::Line, 2, 3).unwrap();
        assert_eq!(lines.int(0), Some(7));
        let urls = h.column(&mut r, Col::Url, 1, 3).unwrap();
        assert_eq!([urls.str(0), urls.str(1)], [None, Some("https://example.org/a")]);
        let clusters = h.column(&mut r, Col::Cluster, 0, 3).unwrap();
        assert_eq!([clusters.int(0), clusters.int(1), clusters.int(2)], [Some(10), Some(20), Some(0)]);
        assert_eq!(
            enc.dyads
                .iter()
                .map(|d| (d.source_country.as_str(), d.target_country.as_str(), d.first_row, d.rows))
                .collect::<Vec<_>>(),
            [("AZE", "TUR", 0, 1), ("TUR", "AZE", 1, 2)]
        );
        assert_eq!(enc.keys.len(), 48);
        assert_eq!(enc.clusters.len(), 24);
    }

    /// Columns large enough are compressed; any slice of rows reads back as written.
    #[test]
    fn compressed_columns_read_back_in_any_slice() {
        let mut b = Builder::new();
        let mut events = Vec::new();
        for i in 0..3000u32 {
            let day = format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
            let mut e = ev(&(900_000 + i * 7).to_string(), &day, "TURGOV", "AZEGOV", "042");
            e.url = (i % 5 != 0).then(|| format!("https://news.example.org/{}/story-{i}", 2000 + i % 24));
            e.file = Some("f.csv".into());
            e.line = Some(i64::from(i) * 3 + 1);
            e.cluster = i64::from(i) * 1_000_003;
            b.push(&e.as_ref(), u128::from(i));
            events.push(e);
        }
        let enc = b.encode();
        let mut r = cursor(&enc.groups[0]);
        let h = Header::parse(&mut r).unwrap();
        let types: Vec<ColType> = h.cols.iter().map(|c| c.0).collect();
        for c in [Col::DatasetId, Col::EventDate, Col::Url, Col::Line] {
            assert_eq!(types[c as usize], ColType::Lz4, "{c:?}");
        }
        // One dyad: rows sorted by date, then arrival.
        let mut sorted: Vec<&Row> = events.iter().collect();
        sorted.sort_by_key(|e| e.event_date);
        for (a, z) in [
            (0, 3000),
            (0, 1),
            (1234, 1240),
            (1000, 2100),
            (1023, 1025),
            (2999, 3000),
            (700, 700),
            (3000, 3000),
        ] {
            let ids = h.column(&mut r, Col::DatasetId, a, z).unwrap();
            let urls = h.column(&mut r, Col::Url, a, z).unwrap();
            let lines = h.column(&mut r, Col::Line, a, z).unwrap();
            let dates = h.column(&mut r, Col::EventDate, a, z).unwrap();
            for (k, e) in sorted[a..z].iter().enumerate() {
                assert_eq!(ids.str(k), Some(e.dataset_id.as_str()));
                assert_eq!(urls.str(k), e.url.as_deref());
                assert_eq!(lines.int(k), e.line);
                assert_eq!(dates.int(k).and_then(day), Some(e.event_date));
            }
        }
        // A damaged compressed column is an error, not a panic.
        let (_, off, len) = h.cols[Col::Url as usize];
        let mut bad = enc.groups[0].clone();
        for b in &mut bad[off as usize + 5..(off + len) as usize] {
            *b = 0xff;
        }
        let mut r = cursor(&bad);
        assert!(h.column(&mut r, Col::Url, 0, 10).is_err());
    }

    #[test]
    fn short_and_empty_actors_sort_and_read() {
        let mut b = Builder::new();
        let e1 = ev("1", "2024-01-01", "", "AZE", "042");
        let e2 = ev("2", "2024-01-01", "US", "", "042");
        b.push(&Row { cluster: 1, ..e1 }.as_ref(), 1);
        b.push(&Row { cluster: 2, ..e2 }.as_ref(), 2);
        let enc = b.encode();
        assert_eq!(enc.dyads[0].source_country, "");
        assert_eq!(enc.dyads[0].target_country, "");
        let mut r = cursor(&enc.groups[0]);
        let h = Header::parse(&mut r).unwrap();
        let s = h.column(&mut r, Col::Source, 0, 2).unwrap();
        assert_eq!([s.str(0), s.str(1)], [Some("US"), Some("")]);
    }

    #[test]
    fn damaged_segments_are_errors_not_panics() {
        let mut b = Builder::new();
        b.push(&Row { cluster: 1, ..ev("1", "2024-01-01", "TUR", "AZE", "042") }.as_ref(), 1);
        let enc = b.encode();
        for cut in [0, 10, 20, enc.groups[0].len() / 2, enc.groups[0].len() - 1] {
            let mut r = cursor(&enc.groups[0][..cut]);
            if let Ok(h) = Header::parse(&mut r) {
                for c in [Col::DatasetId, Col::Url, Col::Cluster] {
                    let _ = h.column(&mut r, c, 0, 1);
                }
            }
        }
        let mut r = cursor(&enc.groups[0]);
        let h = Header::parse(&mut r).unwrap();
        assert!(h.column(&mut r, Col::DatasetId, 0, 2).is_err());
    }

    #[test]
    fn keys_are_stable() {
        assert_eq!(event_key("gdelt2", "1"), event_key("gdelt2", "1"));
        assert_ne!(event_key("gdelt2", "1"), event_key("gdelt1", "1"));
        let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        assert_ne!(cluster_key(d, "TUR", "AZE", "042"), cluster_key(d, "TURA", "ZE", "042"));
        let long = "X".repeat(200);
        assert_eq!(cluster_key(d, &long, "AZE", "042"), cluster_key(d, &long, "AZE", "042"));
    }
}
