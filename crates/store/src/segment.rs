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
//! data), `7` one string for every row (its bytes). The columns, in order: dataset_id,
//! event_date, date_precision, published, source, target, code, directed, modality,
//! attribution, source_name, target_name, sentence, span_start, span_end, rule, entries,
//! text, file, line, url, doc_key and the cluster key. A segment's dataset, run and
//! retrieval time are its `segments` row's.

use chrono::{Datelike, NaiveDate};
use xxhash_rust::xxh3::{xxh3_128_with_seed, xxh3_64};

use crate::NewEvent;

/// The most rows of a segment.
pub(crate) const MAX_ROWS: usize = 1 << 20;
/// Rows at which a batch hands a segment to be encoded while it collects the next: an
/// import of a million rows is four segments, three of them encoded while the file is
/// still being read (with one segment of 2^20 rows, the whole encoding waited for the end
/// of the file).
pub(crate) const FLUSH_ROWS: usize = 1 << 18;
/// Rows of a row group: each is a blob of its own, so that reading a few rows of it walks
/// a short chain of overflow pages (SQLite reads a blob's pages one after another).
pub(crate) const GROUP: usize = 1 << 14;
/// The most string bytes a segment collects before it is written (SQLite blobs stay under
/// their 1 GB limit).
const MAX_BYTES: usize = 1 << 29;
/// Event row ids of segment rows start here, above any row id of the `events` table.
const ID_BASE: i64 = 1 << 40;

/// The event row id of row `row` of segment `segment`: `2^40 + segment × 2^20 + row`.
pub(crate) fn event_row_id(segment: i64, row: usize) -> i64 {
    ID_BASE + (segment << 20) + row as i64
}

const MAGIC: &[u8; 8] = b"QPSEG\x01\0\0";
const HEADER: usize = 16;
const DIR_ENTRY: usize = 24;

/// The columns of a segment, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub(crate) enum Col {
    DatasetId,
    EventDate,
    DatePrecision,
    Published,
    Source,
    Target,
    Code,
    Directed,
    Modality,
    Attribution,
    SourceName,
    TargetName,
    Sentence,
    SpanStart,
    SpanEnd,
    Rule,
    Entries,
    Text,
    File,
    Line,
    Url,
    DocKey,
    Cluster,
}

/// How many columns a segment has.
pub(crate) const COLUMNS: usize = Col::Cluster as usize + 1;

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
];

/// Whether a column is checked for holding one value in every row (stored once): the
/// columns that usually do; checking the others would cost a comparison per value.
const CHECK_SAME: [bool; COLUMNS] = [
    false, false, true, false, false, false, false, false, true, true, false, false, false, false, false,
    true, true, true, true, false, false, true, false,
];

/// The stored type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum ColType {
    Str = 1,
    StrNull = 2,
    I32 = 3,
    I64 = 4,
    U8 = 5,
    Null = 6,
    Const = 7,
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
            _ => return None,
        })
    }
}

/// The row of `segment_groups` holding group `g` of segment `segment`.
pub(crate) fn group_id(segment: i64, g: usize) -> i64 {
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
pub(crate) fn country(code: &str) -> &str {
    code.get(..3).unwrap_or("")
}

/// A dyad's rows in a written segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DyadRun {
    pub source_country: String,
    pub target_country: String,
    pub first_row: u32,
    pub rows: u32,
    pub min_date: NaiveDate,
    pub max_date: NaiveDate,
}

/// A segment ready to store.
pub(crate) struct Encoded {
    pub rows: usize,
    /// The row groups, each of [`GROUP`] rows (the last of the rest).
    pub groups: Vec<Vec<u8>>,
    /// The rows' dedup keys, sorted, 16 bytes each.
    pub keys: Vec<u8>,
    /// The rows' cluster keys, sorted, 8 bytes each.
    pub clusters: Vec<u8>,
    pub dyads: Vec<DyadRun>,
    pub min_date: NaiveDate,
    pub max_date: NaiveDate,
}

/// Collects the events of one dataset, in any order, and encodes them sorted.
///
/// Rows are kept as records, one after another (each field in column order: a string as
/// its length and bytes, `u32::MAX` for null; numbers as their bytes), so that adding a
/// row appends to one buffer and the sorted encoding reads each row from one place.
pub(crate) struct Builder {
    records: Vec<u8>,
    /// Where each row's record starts.
    starts: Vec<u32>,
    /// Per row: packed source and target country, date, arrival.
    order: Vec<(u64, i32, u32)>,
    keys: Vec<u128>,
    clusters: Vec<i64>,
}

pub(crate) fn pack_dyad(source: &str, target: &str) -> u64 {
    let mut v = [0u8; 8];
    let (s, t) = (country(source).as_bytes(), country(target).as_bytes());
    v[..s.len()].copy_from_slice(s);
    v[3..3 + t.len()].copy_from_slice(t);
    u64::from_be_bytes(v)
}

/// What the first pass over the records learns of a column.
#[derive(Clone, Copy, Default)]
struct Census {
    bytes: usize,
    any_null: bool,
    all_null: bool,
    /// Whether every value equals the first (checked columns only).
    same: bool,
    /// The first value: where it is in the records, its length.
    first: Option<(usize, usize)>,
}

/// Calls `f(column, value)` for each field of the record at `rec[at..]`: strings as
/// `Some(bytes)` or `None`, numbers as their bytes; returns where the record ends.
#[inline]
fn fields(rec: &[u8], mut at: usize, mut f: impl FnMut(usize, Option<&[u8]>)) -> usize {
    for (i, kind) in KINDS.iter().enumerate() {
        match kind {
            Kind::Str | Kind::StrNull => {
                let len = u32::from_le_bytes(rec[at..at + 4].try_into().unwrap_or_default());
                at += 4;
                if len == u32::MAX {
                    f(i, None);
                } else {
                    f(i, Some(&rec[at..at + len as usize]));
                    at += len as usize;
                }
            }
            Kind::I32 => {
                f(i, Some(&rec[at..at + 4]));
                at += 4;
            }
            Kind::I64 => {
                f(i, Some(&rec[at..at + 8]));
                at += 8;
            }
            Kind::U8 => {
                f(i, Some(&rec[at..at + 1]));
                at += 1;
            }
        }
    }
    at
}

/// Encodes the rows `order` names, in that order, as one row group.
///
/// Two passes: the first sizes every column (and finds those with no value or one
/// value), the second writes each row's fields straight to their places.
fn encode_group(records: &[u8], starts: &[u32], order: &[(u64, i32, u32)]) -> Vec<u8> {
    let rows = order.len();
    let mut census = [Census { all_null: true, same: true, ..Census::default() }; COLUMNS];
    for o in order {
        fields(records, starts[o.2 as usize] as usize, |i, v| {
            let c = &mut census[i];
            match (KINDS[i], v) {
                (Kind::Str | Kind::StrNull, Some(b)) => {
                    c.bytes += b.len();
                    c.all_null = false;
                    if CHECK_SAME[i] && c.same {
                        match c.first {
                            None => {
                                c.first = Some((b.as_ptr() as usize - records.as_ptr() as usize, b.len()))
                            }
                            Some((f, n)) => c.same = n == b.len() && records[f..f + n] == *b,
                        }
                    }
                }
                (Kind::Str | Kind::StrNull, None) => c.any_null = true,
                (Kind::I32, Some(b)) => c.all_null &= b == i32::MIN.to_le_bytes(),
                (Kind::I64, Some(b)) => c.all_null &= b == i64::MIN.to_le_bytes(),
                _ => c.all_null = false,
            }
        });
    }
    // The layout.
    let mut places = Vec::with_capacity(COLUMNS);
    let mut end = HEADER + DIR_ENTRY * COLUMNS;
    for (i, c) in census.iter().enumerate() {
        let (ty, len, offsets, bytes) = match KINDS[i] {
            Kind::Str | Kind::StrNull => {
                let bitmap = rows.div_ceil(8);
                if c.all_null {
                    (ColType::Null, 0, 0, 0)
                } else if CHECK_SAME[i] && c.same && !c.any_null {
                    (ColType::Const, c.first.map_or(0, |f| f.1), 0, 0)
                } else if KINDS[i] == Kind::StrNull || c.any_null {
                    (ColType::StrNull, bitmap + 4 * (rows + 1) + c.bytes, bitmap, bitmap + 4 * (rows + 1))
                } else {
                    (ColType::Str, 4 * (rows + 1) + c.bytes, 0, 4 * (rows + 1))
                }
            }
            Kind::I32 if c.all_null => (ColType::Null, 0, 0, 0),
            Kind::I64 if c.all_null => (ColType::Null, 0, 0, 0),
            Kind::I32 => (ColType::I32, 4 * rows, 0, 0),
            Kind::I64 => (ColType::I64, 8 * rows, 0, 0),
            Kind::U8 => (ColType::U8, rows, 0, 0),
        };
        places.push(Place { ty, start: end, len, offsets: end + offsets, bytes: end + bytes });
        end += len;
    }
    let mut data = vec![0u8; end];
    data[..8].copy_from_slice(MAGIC);
    data[8..12].copy_from_slice(&(rows as u32).to_le_bytes());
    data[12..16].copy_from_slice(&(COLUMNS as u32).to_le_bytes());
    for (i, p) in places.iter().enumerate() {
        let d = HEADER + DIR_ENTRY * i;
        data[d] = p.ty as u8;
        data[d + 8..d + 16].copy_from_slice(&(p.start as u64).to_le_bytes());
        data[d + 16..d + 24].copy_from_slice(&(p.len as u64).to_le_bytes());
        if p.ty == ColType::Const {
            if let Some((f, n)) = census[i].first {
                data[p.start..p.start + n].copy_from_slice(&records[f..f + n]);
            }
        }
    }
    write_rows(&mut data, records, starts, order, &places);
    data
}

/// Writes the rows `order` names, in that order, into the group `data` laid out by
/// `places`.
fn write_rows(data: &mut [u8], records: &[u8], starts: &[u32], order: &[(u64, i32, u32)], places: &[Place]) {
    let mut next: Vec<usize> = places.iter().map(|p| p.bytes).collect();
    for (row, o) in order.iter().enumerate() {
        let start = starts[o.2 as usize] as usize;
        fields(records, start, |i, v| {
            let p = &places[i];
            match p.ty {
                ColType::Null | ColType::Const => {}
                ColType::Str | ColType::StrNull => {
                    if let Some(b) = v {
                        data[next[i]..next[i] + b.len()].copy_from_slice(b);
                        next[i] += b.len();
                        if p.ty == ColType::StrNull {
                            data[p.start + row / 8] |= 1 << (row % 8);
                        }
                    }
                    let off = (next[i] - p.bytes) as u32;
                    let o = p.offsets + 4 * (row + 1);
                    data[o..o + 4].copy_from_slice(&off.to_le_bytes());
                }
                ColType::I32 | ColType::I64 | ColType::U8 => {
                    if let Some(b) = v {
                        let o = p.start + row * b.len();
                        data[o..o + b.len()].copy_from_slice(b);
                    }
                }
            }
        });
    }
}

/// Where a column goes in the segment, and how it is stored.
#[derive(Clone, Copy)]
struct Place {
    ty: ColType,
    start: usize,
    len: usize,
    /// Strings: where the offsets and the bytes start.
    offsets: usize,
    bytes: usize,
}

/// Writes an event's record (the builder's row format: each field in column order, a
/// string as its length and bytes, `u32::MAX` for null; numbers as their bytes).
pub(crate) fn write_record(out: &mut Vec<u8>, ev: &NewEvent, cluster: i64) {
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
    let entries = if ev.entries.is_empty() { None } else { serde_json::to_string(&ev.entries).ok() };
    // In column order (`Col`).
    str(out, Some(&ev.dataset_id));
    out.extend_from_slice(&i32v(Some(ev.event_date.num_days_from_ce())));
    str(out, Some(&ev.date_precision));
    out.extend_from_slice(&i32v(ev.published.map(|d| d.num_days_from_ce())));
    str(out, Some(&ev.source));
    str(out, Some(&ev.target));
    str(out, Some(ev.code.as_str()));
    out.push(u8::from(ev.directed));
    str(out, Some(&ev.modality));
    str(out, Some(&ev.attribution));
    str(out, ev.source_name.as_deref());
    str(out, ev.target_name.as_deref());
    out.extend_from_slice(&i64v(ev.sentence.map(|s| s as i64)));
    out.extend_from_slice(&i64v(ev.span.map(|s| s.start as i64)));
    out.extend_from_slice(&i64v(ev.span.map(|s| s.end as i64)));
    str(out, ev.rule.as_deref());
    str(out, entries.as_deref());
    str(out, ev.text.as_deref());
    str(out, ev.file_line.as_ref().map(|(f, _)| f.as_str()));
    out.extend_from_slice(&i64v(ev.file_line.as_ref().map(|(_, l)| *l as i64)));
    str(out, ev.url.as_deref());
    str(out, ev.doc_key.as_deref());
    out.extend_from_slice(&cluster.to_le_bytes());
}

/// The first field of a record: the dataset's id.
pub(crate) fn record_dataset_id(record: &[u8]) -> &str {
    let len = record.get(..4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
    record.get(4..4 + len).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
}

impl Builder {
    pub(crate) fn new() -> Builder {
        Builder {
            records: Vec::new(),
            starts: Vec::new(),
            order: Vec::new(),
            keys: Vec::new(),
            clusters: Vec::new(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether the segment should be written before more rows are added.
    pub(crate) fn full(&self) -> bool {
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

    /// Adds an event with its dedup and cluster keys.
    pub(crate) fn push(&mut self, ev: &NewEvent, key: u128, cluster: i64) {
        let start = self.records.len();
        write_record(&mut self.records, ev, cluster);
        let dyad = pack_dyad(&ev.source, &ev.target);
        self.note(start, key, cluster, dyad, ev.event_date.num_days_from_ce());
    }

    /// Adds a record written by [`write_record`], with its keys, packed dyad
    /// ([`pack_dyad`]) and day.
    pub(crate) fn append(&mut self, record: &[u8], key: u128, cluster: i64, dyad: u64, days: i32) {
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
    pub(crate) fn encode(&mut self) -> Encoded {
        let mut order = std::mem::take(&mut self.order);
        order.sort_unstable();
        let rows = order.len();
        let chunks: Vec<&[(u64, i32, u32)]> = order.chunks(GROUP).collect();
        let (records, starts) = (&self.records, &self.starts);
        let encode_some = |parity: usize| -> Vec<(usize, Vec<u8>)> {
            chunks
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 2 == parity)
                .map(|(i, c)| (i, encode_group(records, starts, c)))
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

/// Random access to the bytes of a stored segment.
pub(crate) trait ReadAt {
    fn read_exact_at(&mut self, buf: &mut [u8], offset: u64) -> std::io::Result<()>;
}

impl ReadAt for &[u8] {
    fn read_exact_at(&mut self, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
        let start = offset as usize;
        let src = self
            .get(start..start + buf.len())
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "segment truncated"))?;
        buf.copy_from_slice(src);
        Ok(())
    }
}

impl ReadAt for rusqlite::blob::Blob<'_> {
    fn read_exact_at(&mut self, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
        rusqlite::blob::Blob::read_at_exact(self, buf, offset as usize)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::UnexpectedEof, e.to_string()))
    }
}

fn bad(msg: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, format!("segment: {msg}"))
}

/// The rows and column directory of a stored segment.
#[derive(Clone, Debug)]
pub(crate) struct Header {
    pub rows: usize,
    cols: Vec<(ColType, u64, u64)>,
}

impl Header {
    pub(crate) fn parse(r: &mut dyn ReadAt) -> std::io::Result<Header> {
        let mut head = [0u8; HEADER];
        r.read_exact_at(&mut head, 0)?;
        if &head[..8] != MAGIC {
            return Err(bad("not a segment (magic)"));
        }
        let rows = u32::from_le_bytes(head[8..12].try_into().unwrap_or_default()) as usize;
        let n = u32::from_le_bytes(head[12..16].try_into().unwrap_or_default()) as usize;
        if n < COLUMNS {
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
    pub(crate) fn column(&self, r: &mut dyn ReadAt, c: Col, a: usize, b: usize) -> std::io::Result<Column> {
        let (ty, off, len) = self.cols[c as usize];
        let n = b.saturating_sub(a);
        let rows = self.rows;
        if b > rows || a > b {
            return Err(bad("row range out of bounds"));
        }
        Ok(match ty {
            ColType::Null => Column::Null,
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
pub(crate) enum Column {
    Null,
    Const(String),
    I64(Vec<i64>),
    Str { text: String, offsets: Vec<u32>, present: Option<Vec<bool>> },
}

impl Column {
    pub(crate) fn str(&self, i: usize) -> Option<&str> {
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

    pub(crate) fn int(&self, i: usize) -> Option<i64> {
        match self {
            Column::I64(v) => v.get(i).copied().filter(|&x| x != i64::MIN),
            _ => None,
        }
    }
}

/// A day from its stored number.
pub(crate) fn day(days: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(days).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: &str, date: &str, s: &str, t: &str, code: &str) -> NewEvent {
        NewEvent::new("gdelt2", id, date, s, t, code).unwrap()
    }

    #[test]
    fn rows_come_back_sorted_by_dyad_with_every_field() {
        let mut b = Builder::new();
        let mut a = ev("1", "2024-03-02", "TURGOV", "AZE", "042");
        a.source_name = Some("TURKEY".into());
        a.url = Some("https://example.org/a".into());
        a.file_line = Some(("f.csv".into(), 7));
        let mut z = ev("2", "2024-03-01", "AZE", "TUR", "190");
        z.published = NaiveDate::from_ymd_opt(2024, 3, 4);
        z.directed = false;
        let c = ev("3", "2024-03-01", "TUR", "AZE", "0231");
        for (i, e) in [&a, &z, &c].into_iter().enumerate() {
            b.push(e, event_key("gdelt2", &e.dataset_id), i as i64 * 10);
        }
        let enc = b.encode();
        assert_eq!(enc.rows, 3);
        assert_eq!(b.len(), 0);
        let mut r: &[u8] = &enc.groups[0];
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

    #[test]
    fn short_and_empty_actors_sort_and_read() {
        let mut b = Builder::new();
        let e1 = ev("1", "2024-01-01", "", "AZE", "042");
        let e2 = ev("2", "2024-01-01", "US", "", "042");
        b.push(&e1, 1, 1);
        b.push(&e2, 2, 2);
        let enc = b.encode();
        assert_eq!(enc.dyads[0].source_country, "");
        assert_eq!(enc.dyads[0].target_country, "");
        let mut r: &[u8] = &enc.groups[0];
        let h = Header::parse(&mut r).unwrap();
        let s = h.column(&mut r, Col::Source, 0, 2).unwrap();
        assert_eq!([s.str(0), s.str(1)], [Some("US"), Some("")]);
    }

    #[test]
    fn damaged_segments_are_errors_not_panics() {
        let mut b = Builder::new();
        b.push(&ev("1", "2024-01-01", "TUR", "AZE", "042"), 1, 1);
        let enc = b.encode();
        for cut in [0, 10, 20, enc.groups[0].len() / 2, enc.groups[0].len() - 1] {
            let mut r: &[u8] = &enc.groups[0][..cut];
            if let Ok(h) = Header::parse(&mut r) {
                for c in [Col::DatasetId, Col::Url, Col::Cluster] {
                    let _ = h.column(&mut r, c, 0, 1);
                }
            }
        }
        let mut r: &[u8] = &enc.groups[0];
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

#[cfg(test)]
mod store_tests {
    use crate::{EventQuery, NewEvent, Store};

    /// Segments of more than one row group read back whole, by dyad, date and in full.
    #[test]
    fn many_row_groups_read_back() {
        let mut store = Store::open_in_memory().unwrap();
        let n = 3 * super::GROUP + 123;
        let actors = ["TUR", "AZE", "ARM", "RUS", "IRN"];
        let mut b = store.batch().unwrap();
        let evs: Vec<NewEvent> = (0..n)
            .map(|i| {
                let date = format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
                let (s, t) = (actors[i % 5], actors[(i / 5) % 5]);
                NewEvent::new("gdelt2", &i.to_string(), &date, &format!("{s}GOV"), t, "042").unwrap()
            })
            .collect();
        assert_eq!(b.add_events(evs.iter(), None).unwrap(), n as u64);
        b.commit().unwrap();
        assert_eq!(store.count("events").unwrap(), n as i64);
        assert_eq!(store.events(&EventQuery::default()).unwrap().len(), n);
        let want = evs.iter().filter(|e| e.source.starts_with("TUR") && e.target == "AZE").count();
        let q = EventQuery { dyad: Some(("TUR".into(), "AZE".into())), ..Default::default() };
        let got = store.events(&q).unwrap();
        assert_eq!(got.len(), want);
        assert!(got.iter().all(|e| e.source == "TURGOV" && e.target == "AZE"));
        let march = evs.iter().filter(|e| e.event_date.to_string().starts_with("2024-03")).count();
        let q = EventQuery {
            from: Some("2024-03-01".into()),
            to: Some("2024-03-31".into()),
            ..Default::default()
        };
        assert_eq!(store.events(&q).unwrap().len(), march);
        // Every id once.
        let mut ids: Vec<String> =
            store.events(&EventQuery::default()).unwrap().into_iter().map(|e| e.dataset_id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }
}
