//! The reading thread: entries read into records, parsed, their actors settled, and
//! sent to the writer in chunks.

use std::fs::File;

use quidpro_store::{EventRows, NewEvent};

use crate::countries::Countries;
use crate::records::{decode, each_record, open_entry, Entry, Limits};
use crate::Error;

use super::{Kind, Row};

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

/// Records per message from the reading thread to the writer.
pub(super) const CHUNK: usize = 2048;

/// A parsed record: its 1-based line and its row, or why it is skipped.
pub(super) type Parsed = (u64, std::result::Result<Row, String>);

/// Records read and parsed: the events prepared for the batch ([`EventRows`]: their
/// records and keys made on the reading thread), and the other records (mentions, bad
/// rows, events of another dataset) as parsed.
pub(super) struct Chunk {
    /// Records in the chunk (events, other rows and bad rows).
    pub(super) read: u64,
    pub(super) events: EventRows,
    pub(super) others: Vec<Parsed>,
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
pub(super) enum Msg {
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
pub(super) fn read_entries(
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
