//! Decoding: a row group's header, slices of its columns (a compressed block at a time),
//! or every row.

use chrono::NaiveDate;

use super::*;

/// Decompressed blocks of compressed columns, kept between reads on one connection (a
/// ledger reads the same dyads' rows over and over): by row group, column and block, up
/// to 64 MiB. Whoever keeps it clears it when the store changes.
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
                // LZ4 expands at most about 255 times: a longer length is damage.
                if size > 1 << 30 || size > 256 * packed.len() + 64 {
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

/// Random access to the bytes of a stored segment: anything that reads and seeks (a
/// `std::io::Cursor` over bytes, a file, SQLite's incremental blob reader).
pub trait ReadAt {
    /// Fills `buf` from `offset`, or fails (`UnexpectedEof` past the end).
    fn read_exact_at(&mut self, buf: &mut [u8], offset: u64) -> std::io::Result<()>;

    /// How many bytes there are.
    fn size(&mut self) -> std::io::Result<u64>;
}

impl<T: std::io::Read + std::io::Seek> ReadAt for T {
    fn read_exact_at(&mut self, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
        self.seek(std::io::SeekFrom::Start(offset))?;
        self.read_exact(buf)
    }

    fn size(&mut self) -> std::io::Result<u64> {
        self.seek(std::io::SeekFrom::End(0))
    }
}

/// The most columns a group may say it has (27 now): a damaged count is refused before
/// anything is allocated for it.
const MAX_COLUMNS: usize = 256;

fn bad(msg: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, format!("segment: {msg}"))
}

/// The rows and column directory of a stored segment.
#[derive(Clone, Debug)]
pub struct Header {
    /// The group's rows.
    pub rows: usize,
    /// Per column: its stored type, offset and length.
    pub(crate) cols: Vec<(ColType, u64, u64)>,
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
        if &head[..5] != MAGIC {
            return Err(bad("not a segment (magic)"));
        }
        if head[5] == 0 || head[5] > VERSION {
            return Err(bad(&format!(
                "format version {}: this quidpro reads versions 1 to {VERSION} (a newer quidpro wrote it)",
                head[5]
            )));
        }
        let rows = u32::from_le_bytes(head[8..12].try_into().unwrap_or_default()) as usize;
        let n = u32::from_le_bytes(head[12..16].try_into().unwrap_or_default()) as usize;
        if n < OLD_COLUMNS {
            return Err(bad("too few columns"));
        }
        // Every length is checked against the bytes there are, so that a damaged group
        // never makes a reader allocate more than the group holds.
        let size = r.size()?;
        if n > MAX_COLUMNS || rows > MAX_ROWS || (HEADER + DIR_ENTRY * n) as u64 > size {
            return Err(bad("a header of the wrong shape"));
        }
        let mut dir = vec![0u8; DIR_ENTRY * n];
        r.read_exact_at(&mut dir, HEADER as u64)?;
        let mut cols = Vec::with_capacity(n);
        for e in dir.chunks_exact(DIR_ENTRY) {
            let ty = ColType::from_byte(e[0]).ok_or_else(|| bad("unknown column type"))?;
            let off = u64::from_le_bytes(e[8..16].try_into().unwrap_or_default());
            let len = u64::from_le_bytes(e[16..24].try_into().unwrap_or_default());
            let r = rows as u64;
            let fits = match ty {
                ColType::Null => len == 0,
                ColType::Const => true,
                ColType::I32 => len == 4 * r,
                ColType::I64 => len == 8 * r,
                ColType::U8 => len == r,
                ColType::Str => len >= 4 * (r + 1),
                ColType::StrNull => len >= r.div_ceil(8) + 4 * (r + 1),
                ColType::Lz4 => len >= 9,
            };
            if !fits
                || off < (HEADER + DIR_ENTRY * n) as u64
                || off.checked_add(len).is_none_or(|end| end > size)
            {
                return Err(bad(&format!("column {} of the wrong length", cols.len())));
            }
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
                if offsets.windows(2).any(|w| w[1] < w[0]) || bytes_at + u64::from(hi) > off + len {
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
                let (s, e) = (offsets.get(i)?.checked_sub(base)?, offsets.get(i + 1)?.checked_sub(base)?);
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
    let mut rows = Vec::new();
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
