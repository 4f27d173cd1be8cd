/*!
The quidpro event store: one SQLite file holding documents, sentences, coded and
imported events with their provenance, event clusters and import runs.

# Brief overview

* [`Store::open`] creates or opens a store, switches it to WAL and migrates an older
  schema ([`schema::SCHEMA_VERSION`]).
* [`Store::batch`] starts a [`Batch`]: one transaction. Everything added to a batch lands
  together on [`Batch::commit`], or not at all (dropping it, an error, or a killed
  process leave the store as it was).
* [`Store::events`] runs an [`EventQuery`]; [`Store::actors`] an [`ActorQuery`] over the
  actors of the dictionaries and of the imported datasets; [`Store::search`] a
  [`SearchQuery`] over the documents and sentences (FTS5).

Dedup: an event's `(dataset, dataset_id)` is unique, so importing a file twice stores
nothing new; events of the same day, source, target and code are linked into one
cluster with a count, so analysis can count each once.

Events coded from documents are rows of `coded_events`; imported events are kept in
[`segment`]s (up to a million to a segment, column by column, sorted by dyad and date)
and read back through the virtual table `segment_events` of [`vtab`]. SQL reads both
through the views `all_events` (the store's own columns) and `events` (the event
schema's columns, `quidpro_event::schema`) and `all_clusters`, and the monthly
aggregates of both through the virtual tables `all_dyad_months` and `all_month_totals`
([`months`]). All are persistent (schema version 13); their modules and functions are
registered on each connection of a [`Store`] ([`register_sql`]), or by the loadable
extension in any SQLite.

```
use quidpro_store::{EventQuery, NewEvent, Store};

let mut store = Store::open_in_memory().unwrap();
let mut batch = store.batch().unwrap();
let run = batch.begin_run("example", "-").unwrap();
let ev = NewEvent::new("gdelt2", "1", "2024-03-01", "TURGOV", "AZEGOV", "042").unwrap();
assert!(batch.add_event(&ev, Some(run)).unwrap());
assert!(!batch.add_event(&ev, Some(run)).unwrap()); // a duplicate
batch.commit().unwrap();
let found = store.events(&EventQuery { dyad: Some(("TUR".into(), "AZE".into())), ..Default::default() }).unwrap();
assert_eq!(found.len(), 1);
```
*/
#![deny(missing_docs)]

mod batch;
mod dyad_rows;
mod merge;
pub mod months;
mod rows;
/// Segments: the format is the crate `quidpro-segment` (encoding, decoding, keys, the
/// layout byte by byte and its versions), re-exported here; `rows.rs` turns a
/// [`NewEvent`] into a segment row. The SQLite side (the `segments`, `segment_groups` and
/// `segment_dyads` tables, incremental blob reads) is in `batch/encoder.rs`, [`vtab`],
/// `dyad_rows.rs` and `merge.rs`.
pub mod segment {
    pub use quidpro_segment::*;

    pub(crate) use crate::rows::push_event;
}
pub mod vtab;

pub mod actors;
pub mod search;
mod sql;

pub mod schema;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

pub use batch::{
    stable_id, Batch, DictionaryActor, DocumentOutcome, NewCitation, NewDocument, NewEvent, NewMention,
    NewSentence, RunStats,
};
pub use dyad_rows::SegmentRow;
pub use merge::{MergePolicy, MergedDataset};
pub use rows::EventRows;
pub mod query;
pub use actors::{ActorQuery, StoredActor};
pub use query::{EventQuery, StoredEvent};
pub use search::{SearchHit, SearchQuery};

/// Registers on `conn` what the store's persistent virtual tables and views need: the
/// modules `quidpro_segment_events` (the table `segment_events`), `quidpro_dyad_months`
/// and `quidpro_month_totals` (`all_dyad_months`, `all_month_totals`), and the functions
/// `quidpro_stable_id` and `quidpro_plover` (the view `events`). Every [`Store`]
/// connection has them; the loadable extension `libquidpro_sqlite` (crates/sqlite-ext)
/// calls this on the connection that loads it, so that any SQLite reads all events.
///
/// # Errors
/// A SQLite error when a module or function cannot be registered.
pub fn register_sql(conn: &Connection) -> rusqlite::Result<()> {
    vtab::register(conn)?;
    months::register(conn)
}

/// A store error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite failed.
    #[error("store {path}: {source}")]
    Sqlite {
        /// The store file.
        path: String,
        /// The SQLite error.
        source: rusqlite::Error,
    },
    /// The store was written by a newer quidpro.
    #[error(
        "store {path} has schema version {found}, newer than this quidpro ({supported}); upgrade quidpro"
    )]
    TooNew {
        /// The store file.
        path: String,
        /// Its version.
        found: i64,
        /// The newest this build knows.
        supported: i64,
    },
    /// The file's `PRAGMA user_version` is no version quidpro ever wrote (negative).
    #[error("store {path} has schema version {found}, which no quidpro writes; it is not opened (restore it from a copy, or check the file)")]
    BadVersion {
        /// The store file.
        path: String,
        /// Its version.
        found: i64,
    },
    /// A SQLite file with tables that are not a quidpro store's (another application's):
    /// opening it as a store would add ours beside them ([`Store::open_init`] does).
    #[error(
        "{path} is not a quidpro store: it is a SQLite file with {tables} table(s) of its own ({names}) and schema version 0; \
         it is left as it is (give --init to add quidpro's tables to it anyway)"
    )]
    NotAStore {
        /// The file.
        path: String,
        /// How many tables and other schema objects it has.
        tables: i64,
        /// The first few of their names.
        names: String,
    },
    /// A store of an older version opened for reading: migrating it needs a write.
    #[error(
        "store {path} has schema version {found} and must be migrated to {supported}, which needs write access; \
         run a writing command (quidpro ingest, import or recode) on it once with write access"
    )]
    NeedsMigration {
        /// The store file.
        path: String,
        /// Its version.
        found: i64,
        /// The version this build writes.
        supported: i64,
    },
    /// The store cannot be written (a read-only file, folder or filesystem) and the
    /// command writes.
    #[error("store {path} is read-only (its file, folder or filesystem), and this command writes to it; reading commands (events, dyad, export, ...) work on it as it is")]
    ReadOnly {
        /// The store file.
        path: String,
    },
    /// A value that cannot be stored.
    #[error("{0}")]
    Invalid(String),
}

/// A result of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    sets: batch::KeySets,
    parts_from: usize,
    segment_rows: usize,
}

/// The dyad-months at which a batch keeps its monthly sums as parts
/// ([`Store::set_month_parts_from`]).
pub const MONTH_PARTS_FROM: usize = 4096;

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// The page size of a new store (an existing one keeps its own): 16 KiB pages made a
/// 1M-row bulk import 7% and a 200,000-row import into a 1M-row store 15% faster than
/// SQLite's 4 KiB, with the same query times (`bench/import.sh`).
const PAGE: i64 = 16384;

/// Refuses a file whose version this build cannot open (negative, or newer) and, unless
/// `init`, a SQLite file that is not a quidpro store (version 0 with tables of its own).
fn check_version(conn: &Connection, path: &Path, init: bool) -> Result<()> {
    let e = sql_err(path);
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(&e)?;
    let shown = path.display().to_string();
    if found < 0 {
        return Err(Error::BadVersion { path: shown, found });
    }
    if found > schema::SCHEMA_VERSION {
        return Err(Error::TooNew { path: shown, found, supported: schema::SCHEMA_VERSION });
    }
    if found == 0 && !init {
        let names: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            )
            .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
            .map_err(&e)?;
        if !names.is_empty() {
            let mut shown_names = names.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
            if names.len() > 5 {
                shown_names.push_str(", ...");
            }
            return Err(Error::NotAStore { path: shown, tables: names.len() as i64, names: shown_names });
        }
    }
    Ok(())
}

/// `s` for a LIKE pattern with `ESCAPE '\'`: its `%`, `_` and `\` taken literally.
pub fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `path` as an SQLite `file:` URI (an absolute path, with `%`, `?` and `#` escaped).
fn file_uri(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::from("file:");
    for b in abs.to_string_lossy().bytes() {
        match b {
            b'%' | b'?' | b'#' => out.push_str(&format!("%{b:02X}")),
            _ => out.push(b as char),
        }
    }
    out
}

pub(crate) fn sql_err(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |source| Error::Sqlite { path: path.display().to_string(), source }
}

impl Store {
    /// Opens (or creates) the store at `path`, in WAL mode, and migrates it to
    /// [`schema::SCHEMA_VERSION`].
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the file cannot be opened or is not a store;
    /// [`Error::TooNew`] when a newer quidpro wrote it.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_as(path, false)
    }

    /// Opens the store at `path` as [`Store::open`] does, and also makes a store of a
    /// SQLite file that holds other tables (user version 0), adding quidpro's beside them.
    ///
    /// # Errors
    /// As [`Store::open`], but never [`Error::NotAStore`].
    pub fn open_init(path: &Path) -> Result<Store> {
        Store::open_as(path, true)
    }

    /// Opens the store at `path` for reading only: nothing is written, so a read-only
    /// file or folder (or filesystem) will do. SQLite opens it with `mode=ro`; where even
    /// that needs a write (a WAL store's shared-memory file cannot be made in a read-only
    /// folder), with `immutable=1`. A store of an older version is not migrated.
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the file cannot be opened or is not a store;
    /// [`Error::TooNew`], [`Error::BadVersion`], [`Error::NotAStore`];
    /// [`Error::NeedsMigration`] for an older store.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let flags =
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let e = sql_err(path);
        let probe = |conn: &Connection| -> rusqlite::Result<i64> {
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        };
        let conn = match Connection::open_with_flags(format!("{}?mode=ro", file_uri(path)), flags) {
            Ok(conn) if probe(&conn).is_ok() => conn,
            _ => {
                let conn =
                    Connection::open_with_flags(format!("{}?mode=ro&immutable=1", file_uri(path)), flags)
                        .map_err(&e)?;
                probe(&conn).map_err(&e)?;
                conn
            }
        };
        check_version(&conn, path, false)?;
        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(&e)?;
        if found < schema::SCHEMA_VERSION {
            return Err(Error::NeedsMigration {
                path: path.display().to_string(),
                found,
                supported: schema::SCHEMA_VERSION,
            });
        }
        conn.pragma_update(None, "cache_size", -32_768).map_err(&e)?;
        conn.pragma_update(None, "mmap_size", 1_073_741_824i64).map_err(&e)?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(&e)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            sets: batch::KeySets::default(),
            parts_from: MONTH_PARTS_FROM,
            segment_rows: segment::FLUSH_ROWS,
        };
        store.views()?;
        Ok(store)
    }

    fn open_as(path: &Path, init: bool) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql_err(path))?;
        // SQLite opens a file it cannot write read-only: say that this needs a write.
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(Error::ReadOnly { path: path.display().to_string() });
        }
        // Refused before anything is written (WAL mode changes the file's header).
        check_version(&conn, path, init)?;
        Store::setup(conn, path.to_path_buf(), true)
    }

    /// A store in memory, for tests and examples.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory().map_err(sql_err(Path::new(":memory:")))?;
        Store::setup(conn, PathBuf::from(":memory:"), false)
    }

    fn setup(conn: Connection, path: PathBuf, wal: bool) -> Result<Store> {
        {
            let e = sql_err(&path);
            conn.pragma_update(None, "page_size", PAGE).map_err(&e)?;
            if wal {
                conn.pragma_update(None, "journal_mode", "WAL").map_err(&e)?;
            }
            conn.pragma_update(None, "synchronous", "NORMAL").map_err(&e)?;
            // A page cache of up to 32 MiB (reads go through the memory map): a bulk
            // import's pages spill to the WAL as it goes instead of all at its commit.
            conn.pragma_update(None, "cache_size", -32_768).map_err(&e)?;
            // Sorts (index builds, GROUP BY) may use a helper thread per spare core.
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4) as i64;
            conn.pragma_update(None, "threads", threads).map_err(&e)?;
            if wal {
                // A bulk import's WAL is as large as what it wrote: cut it back after the
                // checkpoint that copies it into the store.
                conn.pragma_update(None, "journal_size_limit", 67_108_864i64).map_err(&e)?;
                conn.pragma_update(None, "mmap_size", 1_073_741_824i64).map_err(&e)?;
            }
            conn.pragma_update(None, "foreign_keys", "ON").map_err(&e)?;
            conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(&e)?;
        }
        let mut store = Store {
            conn,
            path,
            sets: batch::KeySets::default(),
            parts_from: MONTH_PARTS_FROM,
            segment_rows: segment::FLUSH_ROWS,
        };
        // The migration to version 13 makes the persistent virtual tables: their modules
        // first.
        store.views()?;
        store.migrate()?;
        Ok(store)
    }

    /// The schema version of the open store.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(sql_err(&self.path))
    }

    fn migrate(&mut self) -> Result<()> {
        let found = self.schema_version()?;
        if found < 0 {
            return Err(Error::BadVersion { path: self.path.display().to_string(), found });
        }
        if found > schema::SCHEMA_VERSION {
            return Err(Error::TooNew {
                path: self.path.display().to_string(),
                found,
                supported: schema::SCHEMA_VERSION,
            });
        }
        for v in found..schema::SCHEMA_VERSION {
            let path = self.path.clone();
            let e = sql_err(&path);
            // Migration 9 -> 10 empties `clusters`, which `events.cluster_id` refers to
            // without an index: with foreign keys on, SQLite would look through every event
            // for each cluster removed. The step leaves the references whole (checked below).
            let rebuilds_clusters = v + 1 == 10;
            if rebuilds_clusters {
                self.conn.pragma_update(None, "foreign_keys", "OFF").map_err(&e)?;
            }
            let tx = self.conn.transaction().map_err(&e)?;
            tx.execute_batch(schema::MIGRATIONS[v as usize]).map_err(&e)?;
            if v + 1 == 10 {
                batch::migrate_to_segments(&tx, &path)?;
            }
            if rebuilds_clusters {
                let broken: i64 = tx
                    .query_row("SELECT count(*) FROM pragma_foreign_key_check('events')", [], |r| r.get(0))
                    .map_err(&e)?;
                if broken > 0 {
                    return Err(Error::Invalid(format!(
                        "store {}: migration to version 10 left {broken} event(s) naming missing rows",
                        path.display()
                    )));
                }
            }
            tx.pragma_update(None, "user_version", v + 1).map_err(&e)?;
            tx.commit().map_err(&e)?;
            if rebuilds_clusters {
                self.conn.pragma_update(None, "foreign_keys", "ON").map_err(&e)?;
            }
        }
        // The event schema's version moves without a store migration (a new value of a
        // column's meaning, `date_source = 'narrative'`): the store records the version its
        // writer knows.
        self.conn
            .execute(
                "UPDATE quidpro_meta SET value = ?1 WHERE key = 'event_schema_version' AND CAST(value AS INTEGER) < ?1",
                [i64::from(quidpro_event::schema::SCHEMA_VERSION)],
            )
            .map_err(sql_err(&self.path))?;
        Ok(())
    }

    /// Registers the SQL the store's views and virtual tables need on this connection.
    fn views(&mut self) -> Result<()> {
        register_sql(&self.conn).map_err(sql_err(&self.path))
    }

    /// The path of the store file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts a batch: one transaction.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if the transaction cannot start (for example the store is locked
    /// by another writer for longer than the busy timeout).
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        Batch::new(&mut self.conn, &self.path, &mut self.sets, self.parts_from, self.segment_rows)
    }

    /// Sets how many dyad-months a batch must start clusters in for its monthly sums to be
    /// kept as parts (one row per dyad, written at once) rather than added into
    /// `dyad_months` row by row (default [`MONTH_PARTS_FROM`]). Both count the same;
    /// parts make a bulk import's commit cheap, additions keep the table compact for many
    /// small imports ([`months`]).
    pub fn set_month_parts_from(&mut self, dyad_months: usize) {
        self.parts_from = dyad_months;
    }

    /// Sets at how many rows a batch hands a segment of imported events to be encoded
    /// while it collects the next (default 2^17, at most 2^20): smaller segments leave
    /// less to encode at commit, larger ones keep a dyad's events in fewer places.
    pub fn set_segment_rows(&mut self, rows: usize) {
        self.segment_rows = rows.clamp(1, segment::MAX_ROWS);
    }

    /// Counts rows of a table (`events`, `documents`, ...).
    ///
    /// # Errors
    /// [`Error::Invalid`] for an unknown table; [`Error::Sqlite`] if SQLite fails.
    pub fn count(&self, table: &str) -> Result<i64> {
        if ![
            "events",
            "documents",
            "sentences",
            "clusters",
            "import_runs",
            "mentions",
            "citations",
            "citation_links",
            "actors",
        ]
        .contains(&table)
        {
            return Err(Error::Invalid(format!("unknown table {table}")));
        }
        // Events and clusters count the imported ones in segments too.
        let sql = match table {
            "events" => {
                "SELECT (SELECT count(*) FROM coded_events) + (SELECT coalesce(sum(rows), 0) FROM segments)"
                    .to_string()
            }
            "clusters" => "SELECT count(*) FROM all_clusters".to_string(),
            t => format!("SELECT count(*) FROM {t}"),
        };
        self.conn.query_row(&sql, [], |r| r.get(0)).map_err(sql_err(&self.path))
    }

    /// The underlying connection, for read-only use by other crates (analysis).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
