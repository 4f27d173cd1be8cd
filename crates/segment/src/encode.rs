//! Encoding: rows collected as records in a [`Builder`], sorted, and laid out column by
//! column in row groups, compressed where that pays.

use chrono::{Datelike, NaiveDate};

use super::*;

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
    data[..5].copy_from_slice(MAGIC);
    data[5] = VERSION;
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
