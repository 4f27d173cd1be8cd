//! Files into records: the entries of a plain, gzipped or zipped file, and their lines
//! (tab-separated) or CSV records, read within [`Limits`] so that no input holds more
//! memory than a line's limit, with text that is not UTF-8 read as Windows-1252.
//! [`crate::dataset`] parses the records into rows.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::dataset::Records;
use crate::{Error, Result};

/// A line's text: UTF-8, or, when it is not valid UTF-8, Windows-1252 (as some releases
/// of POLECAT, ICEWS and ACLED are written): Latin-1 but for the bytes 0x80–0x9F, which
/// are the typographic characters Windows puts there (`’`, `–`, `…`, `€`), not C1
/// control characters ([`WINDOWS_1252`]).
pub(crate) fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => std::borrow::Cow::Owned(
            bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9f => WINDOWS_1252[usize::from(b - 0x80)],
                    _ => char::from(b),
                })
                .collect(),
        ),
    }
}

/// The characters of the bytes 0x80–0x9F in Windows-1252 (the WHATWG encoding standard's
/// table; its five unassigned bytes, 0x81, 0x8D, 0x8F, 0x90 and 0x9D, stay the C1
/// characters of the same number, as there).
const WINDOWS_1252: [char; 32] = [
    '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{2c6}',
    '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}', '\u{8f}', '\u{90}', '\u{2018}',
    '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{2dc}', '\u{2122}', '\u{161}',
    '\u{203a}', '\u{153}', '\u{9d}', '\u{17e}', '\u{178}',
];

/// Fields of a tab-separated line kept on the stack (GDELT 2.0 events have 61).
const STACK_FIELDS: usize = 72;

/// The largest line or CSV record read ([`crate::dataset::ImportOptions::limits`]' default):
/// 1 MiB, some thousand times a GDELT row.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// The largest field ([`crate::dataset::ImportOptions::limits`]' default): 64 KiB, URLs and
/// ACLED's notes included.
pub const MAX_FIELD_BYTES: usize = 1 << 16;

/// The limits records are read within (0: none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of a line (a CSV record).
    pub line: usize,
    /// Bytes of a field.
    pub field: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { line: MAX_LINE_BYTES, field: MAX_FIELD_BYTES }
    }
}

/// A record as [`each_record`] hands it on: its fields, or why it is no row (too long).
pub(crate) type Record<'a> = std::result::Result<&'a [&'a str], String>;

/// The reason of a line longer than the limit.
fn line_too_long(len: u64, limit: usize) -> String {
    format!("line longer than the limit (--max-line-bytes): {len} bytes, the limit is {limit}")
}

/// Reads one line, through its newline, into `buf`, keeping at most about `max` bytes of
/// it (0: no limit): a longer line is read on to its end without being kept. Returns the
/// bytes read and, for a line longer than `max` (its newline and a carriage return
/// before it not counted), its length; `buf` is then cleared.
fn read_line_capped(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<(u64, Option<u64>)> {
    let mut read = 0u64;
    let mut over = false;
    let (mut ending, mut last) = (0u64, 0u8);
    loop {
        let avail = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            break;
        }
        let (take, done) = match memchr::memchr(b'\n', avail) {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        if !over {
            buf.extend_from_slice(&avail[..take]);
            // One byte of slack for a carriage return; the exact test is below.
            if max > 0 && buf.len() > max + 2 {
                over = true;
                buf.clear();
            }
        }
        if done {
            // The line's end: its newline, and a carriage return before it.
            let before = if take >= 2 { avail[take - 2] } else { last };
            ending = 1 + u64::from(before == b'\r' && read + take as u64 >= 2);
        }
        last = avail[take - 1];
        reader.consume(take);
        read += take as u64;
        if done {
            break;
        }
    }
    let mut len = read - ending;
    if !over {
        let mut body = &buf[..];
        for end in [b'\n', b'\r'] {
            if let Some(b) = body.strip_suffix(&[end]) {
                body = b;
            }
        }
        len = body.len() as u64;
        if max == 0 || body.len() <= max {
            return Ok((read, None));
        }
        buf.clear();
    }
    Ok((read, Some(len)))
}

/// Why a record is refused for a field longer than `limit` (0: none), if it is.
fn field_too_long(fields: &[&str], limit: usize) -> Option<String> {
    if limit == 0 {
        return None;
    }
    let (i, f) = fields.iter().enumerate().find(|(_, f)| f.len() > limit)?;
    Some(format!(
        "field longer than the limit (--max-field-bytes): field {} of {} bytes, the limit is {limit}",
        i + 1,
        f.len()
    ))
}

/// Calls `each` with every record of a file: its 1-based line, the bytes read so far and
/// its fields (or why it is refused: a line or field over `limits`), until `each` returns
/// `false`. Tab-separated lines are split in place, without a string per field: this is
/// the hot loop of bulk imports. Memory stays within the limits whatever the input: a
/// line longer than `limits.line` is read past, not kept; a CSV record longer than it
/// ends the reading with an error naming its line (after a record the CSV reader cannot
/// tell where the next one starts).
///
/// # Errors
/// [`Error::Io`] when reading fails (naming the last line read whole), for malformed CSV
/// and for a CSV record longer than the limit.
pub(crate) fn each_record(
    how: Records,
    reader: Box<dyn BufRead + '_>,
    name: &str,
    limits: Limits,
    each: &mut dyn FnMut(u64, u64, Record<'_>) -> bool,
) -> Result<()> {
    match how {
        Records::TabLines => {
            let mut reader = reader;
            let mut buf = Vec::with_capacity(1024);
            let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(STACK_FIELDS);
            let mut n = 0u64;
            let mut consumed = 0u64;
            loop {
                buf.clear();
                let (read, over) = read_line_capped(&mut *reader, &mut buf, limits.line).map_err(|e| {
                    let after = match n {
                        0 => "before the first line".to_string(),
                        n => format!("after line {n}, the last read whole"),
                    };
                    Error::Io { path: name.to_string(), message: format!("{e} ({after})") }
                })?;
                if read == 0 {
                    return Ok(());
                }
                consumed += read;
                n += 1;
                if let Some(len) = over {
                    if !each(n, consumed, Err(line_too_long(len, limits.line))) {
                        return Ok(());
                    }
                    continue;
                }
                let line = decode(&buf);
                let mut line = line.trim_end_matches(['\r', '\n']);
                if n == 1 {
                    // A byte order mark (files saved by Excel or Windows tools) is not data.
                    line = line.strip_prefix('\u{feff}').unwrap_or(line);
                }
                // Split at tabs into a reused list of field bounds (event files have dozens
                // of tabs a line: a byte loop beats a search per tab), then the fields, on
                // the stack for the usual widths.
                bounds.clear();
                let mut start = 0;
                for (i, &b) in line.as_bytes().iter().enumerate() {
                    if b == b'\t' {
                        bounds.push((start, i));
                        start = i + 1;
                    }
                }
                bounds.push((start, line.len()));
                let go = if bounds.len() <= STACK_FIELDS {
                    let mut fields = [""; STACK_FIELDS];
                    for (f, &(a, z)) in fields.iter_mut().zip(&bounds) {
                        *f = &line[a..z];
                    }
                    let fields = &fields[..bounds.len()];
                    match field_too_long(fields, limits.field) {
                        Some(reason) => each(n, consumed, Err(reason)),
                        None => each(n, consumed, Ok(fields)),
                    }
                } else {
                    let fields: Vec<&str> = bounds.iter().map(|&(a, z)| &line[a..z]).collect();
                    match field_too_long(&fields, limits.field) {
                        Some(reason) => each(n, consumed, Err(reason)),
                        None => each(n, consumed, Ok(&fields)),
                    }
                };
                if !go {
                    return Ok(());
                }
            }
        }
        Records::Csv => {
            // Line numbers come from the record's byte offset and the newlines read before
            // it (the csv crate's own count is off with CRLF and quoted newlines).
            let newlines = std::rc::Rc::new(std::cell::RefCell::new(std::collections::VecDeque::new()));
            let record_end = std::rc::Rc::new(std::cell::Cell::new(0u64));
            let tracker = NewlineTracker {
                inner: reader,
                offset: 0,
                newlines: newlines.clone(),
                record_end: record_end.clone(),
                max_record: limits.line as u64,
            };
            let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(tracker);
            let mut lines_before = 0u64;
            let mut rec = csv::ByteRecord::new();
            loop {
                match rdr.read_byte_record(&mut rec) {
                    Ok(false) => return Ok(()),
                    Ok(true) => {}
                    Err(e) => {
                        // The record that failed starts after the last one read whole.
                        let end = record_end.get();
                        let line = lines_before
                            + 1
                            + newlines.borrow().iter().take_while(|&&o| o < end).count() as u64;
                        let message = match e.kind() {
                            csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::InvalidData => {
                                format!("{io}; reading stopped")
                            }
                            csv::ErrorKind::Io(io) => {
                                format!(
                                    "{io} (in the record that starts here, after {} lines read whole)",
                                    line - 1
                                )
                            }
                            _ => format!("malformed CSV: {e}"),
                        };
                        return Err(Error::Io { path: format!("{name}:{line}"), message });
                    }
                }
                record_end.set(rdr.position().byte());
                let start = rec.position().map(|p| p.byte()).unwrap_or(0);
                let record_len = rdr.position().byte().saturating_sub(start);
                {
                    let mut q = newlines.borrow_mut();
                    let mut last = start;
                    while q.front().is_some_and(|&o| o <= start) {
                        last = q.pop_front().unwrap_or(last);
                        lines_before += 1;
                    }
                    // The reported start may lie before blank lines the reader skipped
                    // ("\r\n\r\n"): newlines right after it (at most a CR between) are theirs.
                    while q.front().is_some_and(|&o| o == last + 1 || o == last + 2)
                        && last >= start.saturating_sub(1)
                    {
                        last = q.pop_front().unwrap_or(last);
                        lines_before += 1;
                    }
                }
                let owned: Vec<String> = rec.iter().map(|f| decode(f).into_owned()).collect();
                let fields: Vec<&str> = owned.iter().map(String::as_str).collect();
                let record = if limits.line > 0 && record_len > limits.line as u64 + 2 {
                    Err(line_too_long(record_len, limits.line))
                } else {
                    match field_too_long(&fields, limits.field) {
                        Some(reason) => Err(reason),
                        None => Ok(&fields[..]),
                    }
                };
                if !each(lines_before + 1, start, record) {
                    return Ok(());
                }
            }
        }
    }
}

/// A reader that notes the byte offset of every newline it passes on, and fails
/// (`InvalidData`) when a record grows longer than `max_record` bytes (0: no limit), so
/// that the CSV reader never holds more.
struct NewlineTracker<R> {
    inner: R,
    offset: u64,
    newlines: std::rc::Rc<std::cell::RefCell<std::collections::VecDeque<u64>>>,
    /// Where the last record read whole ends.
    record_end: std::rc::Rc<std::cell::Cell<u64>>,
    max_record: u64,
}

impl<R: Read> Read for NewlineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // The CSV reader's buffer (8 KiB) is all it holds beyond the record.
        let pending = self.offset.saturating_sub(self.record_end.get());
        if self.max_record > 0 && pending > self.max_record + (64 << 10) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "a record longer than the limit (--max-line-bytes): more than {pending} bytes, the limit is {}",
                    self.max_record
                ),
            ));
        }
        let n = self.inner.read(buf)?;
        let mut q = self.newlines.borrow_mut();
        for (i, &b) in buf[..n].iter().enumerate() {
            if b == b'\n' {
                q.push_back(self.offset + i as u64);
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// An entry of an input file: its name (`file`, or `file.zip!entry`), its size in bytes
/// (uncompressed; estimated for gzip) and where it is read from. Entries are opened one
/// at a time by the reading thread, so a large archive is streamed, not held in memory.
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) size: u64,
    source: Source,
}

enum Source {
    Plain(PathBuf),
    Gzip(PathBuf),
    /// The entry at this index of the archive.
    Zip(PathBuf, usize),
}

/// What a file's extension says it is.
fn extension(path: &str) -> String {
    Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase()
}

/// Why an archive entry is not read: operating-system clutter (`__MACOSX/`, `._name`,
/// `.DS_Store`) and documents (codebooks, readmes) that datasets ship beside their rows.
fn not_data(entry: &str) -> Option<&'static str> {
    let base = entry.rsplit('/').next().unwrap_or(entry);
    if entry.starts_with("__MACOSX/") || base.starts_with("._") || base == ".DS_Store" || base == "Thumbs.db"
    {
        return Some("operating-system metadata");
    }
    match extension(base).as_str() {
        "pdf" | "doc" | "docx" | "rtf" | "odt" | "md" | "html" | "htm" | "png" | "jpg" | "jpeg" | "xml"
        | "json" => Some("a document, not rows"),
        _ => None,
    }
}

/// The refusal of a file the importer cannot read as rows.
fn unreadable(name: &str) -> Option<&'static str> {
    match extension(name).as_str() {
        "xlsx" | "xls" | "ods" => Some("a spreadsheet workbook: export the sheet as CSV"),
        "gz" if name.to_ascii_lowercase().ends_with(".tar.gz") => Some("a tar archive: unpack it first"),
        "tgz" | "tar" | "7z" | "rar" | "bz2" | "xz" | "zst" => {
            Some("an archive this importer does not read: unpack it, or zip or gzip it")
        }
        _ => None,
    }
}

/// The uncompressed size a gzip file records in its last four bytes (modulo 4 GiB, so a
/// size below the compressed one is taken as wrapped and estimated instead).
fn gzip_size(path: &Path, compressed: u64) -> u64 {
    use std::io::{Seek, SeekFrom};
    let recorded = (|| {
        let mut f = File::open(path).ok()?;
        f.seek(SeekFrom::End(-4)).ok()?;
        let mut b = [0u8; 4];
        f.read_exact(&mut b).ok()?;
        Some(u64::from(u32::from_le_bytes(b)))
    })();
    match recorded {
        Some(n) if n >= compressed => n,
        _ => compressed.saturating_mul(8),
    }
}

/// Lists the entries of a plain, gzipped or zipped file; `notes` gets the archive entries
/// passed over and why.
pub(crate) fn open_all(path: &Path, notes: &mut Vec<String>) -> Result<Vec<Entry>> {
    let shown = path.display().to_string();
    let io = |e: std::io::Error| Error::Io { path: shown.clone(), message: e.to_string() };
    if let Some(why) = unreadable(&shown) {
        return Err(Error::Io { path: shown, message: format!("not read: {why}") });
    }
    let size = std::fs::metadata(path).map_err(io)?.len();
    match extension(&shown).as_str() {
        "zip" => {}
        "gz" => {
            let size = gzip_size(path, size);
            return Ok(vec![Entry { name: shown, size, source: Source::Gzip(path.to_path_buf()) }]);
        }
        _ => return Ok(vec![Entry { name: shown, size, source: Source::Plain(path.to_path_buf()) }]),
    }
    let f = File::open(path).map_err(io)?;
    let mut archive = zip::ZipArchive::new(f)
        .map_err(|e| Error::Io { path: shown.clone(), message: format!("not a zip file: {e}") })?;
    let mut out: Vec<Entry> = Vec::new();
    for i in 0..archive.len() {
        let entry =
            archive.by_index_raw(i).map_err(|e| Error::Io { path: shown.clone(), message: e.to_string() })?;
        if entry.is_dir() {
            continue;
        }
        let name = format!("{shown}!{}", entry.name());
        if let Some(why) = not_data(entry.name()) {
            notes.push(format!("{name}: not read ({why})"));
            continue;
        }
        if let Some(why) = unreadable(entry.name()) {
            return Err(Error::Io { path: name, message: format!("not read: {why}") });
        }
        out.push(Entry { name, size: entry.size(), source: Source::Zip(path.to_path_buf(), i) });
    }
    Ok(out)
}

/// Opens an entry for reading; `archive` keeps an open zip archive for its entries.
pub(crate) fn open_entry<'a>(
    entry: &Entry,
    archive: &'a mut Option<zip::ZipArchive<File>>,
) -> std::io::Result<Box<dyn BufRead + 'a>> {
    const BUF: usize = 1 << 20;
    match &entry.source {
        Source::Plain(p) => Ok(Box::new(BufReader::with_capacity(BUF, File::open(p)?))),
        Source::Gzip(p) => {
            let gz = flate2::read::MultiGzDecoder::new(BufReader::with_capacity(BUF, File::open(p)?));
            Ok(Box::new(BufReader::with_capacity(BUF, gz)))
        }
        Source::Zip(p, i) => {
            if archive.is_none() {
                *archive = Some(zip::ZipArchive::new(File::open(p)?).map_err(std::io::Error::other)?);
            }
            let a = archive.as_mut().ok_or_else(|| std::io::Error::other("archive not open"))?;
            let file = a.by_index(*i).map_err(std::io::Error::other)?;
            Ok(Box::new(BufReader::with_capacity(BUF, file)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(how: Records, text: &str) -> Vec<u64> {
        let reader: Box<dyn BufRead> = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
        let mut out = Vec::new();
        each_record(how, reader, "t", Limits::default(), &mut |n, _, _| {
            out.push(n);
            true
        })
        .unwrap();
        out
    }

    #[test]
    fn csv_line_numbers_survive_crlf_quoted_newlines_and_blank_lines() {
        assert_eq!(lines(Records::Csv, "a,b\r\n1,2\r\n3,4\r\n"), [1, 2, 3]);
        assert_eq!(lines(Records::Csv, "a,b\n1,\"x\ny\"\n\n3,4\n"), [1, 2, 5]);
        assert_eq!(lines(Records::Csv, "a,b\r\n1,\"x\r\ny\"\r\n\r\n3,4"), [1, 2, 5]);
        assert_eq!(lines(Records::TabLines, "a\tb\n1\t2\n\n3\t4"), [1, 2, 3, 4]);
    }

    #[test]
    fn a_long_line_is_read_past_in_bounded_memory() {
        // 8 MiB of tabs between two short lines, read within a 1 KiB limit.
        let mut text = b"a\tb\r\n".to_vec();
        text.extend(std::iter::repeat_n(b'\t', 8 << 20));
        text.extend_from_slice(b"\r\nc\td");
        let mut reader = BufReader::with_capacity(1 << 16, std::io::Cursor::new(text));
        let mut buf = Vec::new();
        assert_eq!(read_line_capped(&mut reader, &mut buf, 1024).unwrap(), (5, None));
        assert_eq!(buf, b"a\tb\r\n");
        buf.clear();
        let (read, over) = read_line_capped(&mut reader, &mut buf, 1024).unwrap();
        assert_eq!((read, over), ((8 << 20) + 2, Some(8 << 20)));
        // Never more than the limit and one buffer's fill held.
        assert!(buf.capacity() < (1 << 16) + 2048, "{}", buf.capacity());
        buf.clear();
        assert_eq!(read_line_capped(&mut reader, &mut buf, 1024).unwrap(), (3, None));
        assert_eq!(buf, b"c\td");
        // A line of exactly the limit (its CR LF not counted) is read.
        let mut reader = std::io::Cursor::new(b"abcd\r\nabcde\n".to_vec());
        buf.clear();
        assert_eq!(read_line_capped(&mut reader, &mut buf, 4).unwrap(), (6, None));
        buf.clear();
        assert_eq!(read_line_capped(&mut reader, &mut buf, 4).unwrap(), (6, Some(5)));
    }

    #[test]
    fn text_that_is_not_utf8_is_windows_1252() {
        // ’ – … € as Windows writes them, among Latin-1 letters.
        assert_eq!(
            decode(b"Kiev\x92s \x96 caf\xe9\x85 \x80"),
            "Kiev\u{2019}s \u{2013} caf\u{e9}\u{2026} \u{20ac}"
        );
        assert_eq!(decode(b"\x93quoted\x94 \x8a\x9e"), "\u{201c}quoted\u{201d} \u{160}\u{17e}");
        // Valid UTF-8 stays as written, its own ’ included.
        assert_eq!(decode("Kiev\u{2019}s caf\u{e9}".as_bytes()), "Kiev\u{2019}s caf\u{e9}");
        // No byte becomes a C1 control character but the five Windows-1252 leaves out.
        let all: Vec<u8> = (0x80..=0xffu8).collect();
        let text = decode(&all);
        let c1: Vec<u32> = text.chars().map(u32::from).filter(|c| (0x80..0xa0).contains(c)).collect();
        assert_eq!(c1, [0x81, 0x8d, 0x8f, 0x90, 0x9d]);
    }
}
