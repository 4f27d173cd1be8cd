//! The virtual table `segment_events`: the events of the segments ([`crate::segment`])
//! as rows with the columns of the `events` table, so that SQL reads them as it reads
//! coded events (the `all_events` view unites the two).
//!
//! The table narrows what it reads by the constraints SQLite passes it: a dataset, a
//! source or target country (`=`) or actor prefix (`LIKE 'TUR%'`), and a range of
//! event dates. Countries select runs of rows through `segment_dyads`, dates skip
//! segments and runs outside the range; only the columns the statement uses are read,
//! by incremental blob reads. None of these constraints is marked as handled, so
//! SQLite checks every row it gets again: the narrowing may only ever drop rows that
//! fail, never decide a match.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ffi::{c_int, CStr};
use std::marker::PhantomData;
use std::rc::Rc;

use chrono::{Datelike, NaiveDate};
use quidpro_event::EventCode;
use rusqlite::types::Null;
use rusqlite::vtab::{
    Context, CreateVTab, Filters, IndexConstraintOp, IndexInfo, Module, VTab, VTabConnection, VTabCursor,
    VTabKind,
};
use rusqlite::{ffi, Connection, MAIN_DB};

use crate::segment::{self, BlockCache, Col, Column, Header};

/// The module's name: the store's persistent table `segment_events` is made with it
/// (`CREATE VIRTUAL TABLE segment_events USING quidpro_segment_events`), so that SQLite
/// without the module (a plain `sqlite3` without the extension) says "no such module"
/// rather than reading only part of the events.
pub(crate) const NAME: &CStr = c"quidpro_segment_events";

/// The columns of `segment_events`: those of `coded_events`, in the order of [`SCHEMA`]
/// (the view `all_events` unites both by them; checked by a test).
#[cfg(test)]
pub(crate) const COLUMN_LIST: &str = "id, dataset, dataset_id, event_date, date_precision, published, retrieved, \
    source, target, source_country, target_country, code, root, quad_class, goldstein, directed, modality, \
    attribution, source_name, target_name, doc_id, sentence, span_start, span_end, rule, entries, text, file, line, \
    url, run_id, cluster_id, doc_key, date_source, content, coder_version, dict_hash";

const SCHEMA: &CStr = c"CREATE TABLE x(id INTEGER, dataset TEXT, dataset_id TEXT, event_date TEXT, \
    date_precision TEXT, published TEXT, retrieved TEXT, source TEXT, target TEXT, source_country TEXT, \
    target_country TEXT, code TEXT, root TEXT, quad_class INTEGER, goldstein REAL, directed INTEGER, modality TEXT, \
    attribution TEXT, source_name TEXT, target_name TEXT, doc_id INTEGER, sentence INTEGER, span_start INTEGER, \
    span_end INTEGER, rule TEXT, entries TEXT, text TEXT, file TEXT, line INTEGER, url TEXT, run_id INTEGER, \
    cluster_id INTEGER, doc_key TEXT, date_source TEXT, content TEXT, coder_version TEXT, dict_hash TEXT)";

// Column numbers of the virtual table.
const V_ID: c_int = 0;
const V_DATASET: c_int = 1;
const V_DATASET_ID: c_int = 2;
const V_EVENT_DATE: c_int = 3;
const V_DATE_PRECISION: c_int = 4;
const V_PUBLISHED: c_int = 5;
const V_RETRIEVED: c_int = 6;
const V_SOURCE: c_int = 7;
const V_TARGET: c_int = 8;
const V_SOURCE_COUNTRY: c_int = 9;
const V_TARGET_COUNTRY: c_int = 10;
const V_CODE: c_int = 11;
const V_ROOT: c_int = 12;
const V_QUAD: c_int = 13;
const V_GOLDSTEIN: c_int = 14;
const V_DIRECTED: c_int = 15;
const V_MODALITY: c_int = 16;
const V_ATTRIBUTION: c_int = 17;
const V_SOURCE_NAME: c_int = 18;
const V_TARGET_NAME: c_int = 19;
const V_DOC_ID: c_int = 20;
const V_SENTENCE: c_int = 21;
const V_SPAN_START: c_int = 22;
const V_SPAN_END: c_int = 23;
const V_RULE: c_int = 24;
const V_ENTRIES: c_int = 25;
const V_TEXT: c_int = 26;
const V_FILE: c_int = 27;
const V_LINE: c_int = 28;
const V_URL: c_int = 29;
const V_RUN_ID: c_int = 30;
const V_CLUSTER: c_int = 31;
const V_DOC_KEY: c_int = 32;
/// Imported events' dates are the dataset's: always `dataset`.
const V_DATE_SOURCE: c_int = 33;

/// The segment column a virtual column is read from.
fn source_column(v: c_int) -> Option<Col> {
    Some(match v {
        V_DATASET_ID => Col::DatasetId,
        V_EVENT_DATE => Col::EventDate,
        V_DATE_PRECISION => Col::DatePrecision,
        V_PUBLISHED => Col::Published,
        V_SOURCE => Col::Source,
        V_TARGET => Col::Target,
        V_SOURCE_COUNTRY => Col::SourceCountry,
        V_TARGET_COUNTRY => Col::TargetCountry,
        V_CODE | V_ROOT | V_QUAD | V_GOLDSTEIN => Col::Code,
        V_DIRECTED => Col::Directed,
        V_MODALITY => Col::Modality,
        V_ATTRIBUTION => Col::Attribution,
        V_SOURCE_NAME => Col::SourceName,
        V_TARGET_NAME => Col::TargetName,
        V_SENTENCE => Col::Sentence,
        V_SPAN_START => Col::SpanStart,
        V_SPAN_END => Col::SpanEnd,
        V_RULE => Col::Rule,
        V_ENTRIES => Col::Entries,
        V_TEXT => Col::Text,
        V_FILE => Col::File,
        V_LINE => Col::Line,
        V_URL => Col::Url,
        V_CLUSTER => Col::Cluster,
        V_DOC_KEY => Col::DocKey,
        _ => return None,
    })
}

/// The connection a virtual table was called from, to run statements on inside its calls
/// (this table's and `crate::months`'s).
pub(crate) fn connection(db: *mut ffi::sqlite3) -> rusqlite::Result<Connection> {
    // SAFETY: `db` is the live connection that called into the table; the wrapper does
    // not own (or close) it.
    unsafe { Connection::from_handle(db) }
}

/// Registers the module on a connection, and the SQL functions the store's views use:
/// `quidpro_stable_id(dataset, dataset_id)` (the schema's `id`) and
/// `quidpro_plover(code)` (the PLOVER type of a CAMEO code, NULL for none).
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    const MODULE: Module<SegmentTab> = Module::read_only_module();
    conn.create_module(NAME, &MODULE, None)?;
    let flags =
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_INNOCUOUS;
    conn.create_scalar_function(c"quidpro_stable_id", 2, flags, |ctx| {
        let dataset: String = ctx.get(0)?;
        let id: String = ctx.get(1)?;
        Ok(quidpro_event::schema::stable_id(&dataset, &id))
    })?;
    conn.create_scalar_function(c"quidpro_plover", 1, flags, |ctx| {
        let code: Option<String> = ctx.get(0)?;
        Ok(code.and_then(|c| quidpro_event::EventCode::parse(&c).ok()).and_then(|c| c.plover()))
    })
}

#[repr(C)]
struct SegmentTab {
    /// Base class. Must be first.
    base: ffi::sqlite3_vtab,
    db: *mut ffi::sqlite3,
    /// Decompressed blocks, shared by the table's cursors on this connection.
    cache: Rc<std::cell::RefCell<BlockCache>>,
}

/// What a plan asks of [`SegmentCursor::filter`]: per argument, what it constrains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Arg {
    Dataset,
    SourceCountry,
    TargetCountry,
    SourceLike,
    TargetLike,
    DateMin { strict: bool },
    DateMax { strict: bool },
    DateEq,
    DocId,
}

impl Arg {
    fn code(self) -> char {
        match self {
            Arg::Dataset => 'd',
            Arg::SourceCountry => 's',
            Arg::TargetCountry => 't',
            Arg::SourceLike => 'S',
            Arg::TargetLike => 'T',
            Arg::DateMin { strict: false } => 'g',
            Arg::DateMin { strict: true } => 'G',
            Arg::DateMax { strict: false } => 'l',
            Arg::DateMax { strict: true } => 'L',
            Arg::DateEq => 'e',
            Arg::DocId => 'i',
        }
    }

    fn from_code(c: char) -> Option<Arg> {
        Some(match c {
            'd' => Arg::Dataset,
            's' => Arg::SourceCountry,
            't' => Arg::TargetCountry,
            'S' => Arg::SourceLike,
            'T' => Arg::TargetLike,
            'g' => Arg::DateMin { strict: false },
            'G' => Arg::DateMin { strict: true },
            'l' => Arg::DateMax { strict: false },
            'L' => Arg::DateMax { strict: true },
            'e' => Arg::DateEq,
            'i' => Arg::DocId,
            _ => return None,
        })
    }
}

impl CreateVTab<'_> for SegmentTab {
    const KIND: VTabKind = VTabKind::Default;
}

unsafe impl<'vtab> VTab<'vtab> for SegmentTab {
    type Aux = ();
    type Cursor = SegmentCursor<'vtab>;

    fn connect(
        db: &mut VTabConnection,
        _aux: Option<&()>,
        _module_name: &[u8],
        _database_name: &[u8],
        _table_name: &[u8],
        _args: &[&[u8]],
    ) -> rusqlite::Result<(Cow<'static, CStr>, Self)> {
        // SAFETY: the handle is the connection that owns this table; the cursor only runs
        // statements on it while SQLite is inside one of its calls.
        let handle = unsafe { db.handle() };
        Ok((
            Cow::Borrowed(SCHEMA),
            SegmentTab { base: ffi::sqlite3_vtab::default(), db: handle, cache: Rc::default() },
        ))
    }

    fn best_index(&self, info: &mut IndexInfo) -> rusqlite::Result<bool> {
        let mut plan: Vec<(usize, Arg)> = Vec::new();
        for (i, c) in info.constraints().enumerate() {
            if !c.is_usable() {
                continue;
            }
            let arg = match (c.column(), c.operator()) {
                (V_DATASET, IndexConstraintOp::SQLITE_INDEX_CONSTRAINT_EQ) => Arg::Dataset,
                (V_SOURCE_COUNTRY, IndexConstraintOp::SQLITE_INDEX_CONSTRAINT_EQ) => Arg::SourceCountry,
                (V_TARGET_COUNTRY, IndexConstraintOp::SQLITE_INDEX_CONSTRAINT_EQ) => Arg::TargetCountry,
                (V_SOURCE, IndexConstraintOp::SQLITE_INDEX_CONSTRAINT_LIKE) => Arg::SourceLike,
                (V_TARGET, IndexConstraintOp::SQLITE_INDEX_CONSTRAINT_LIKE) => Arg::TargetLike,
                (V_EVENT_DATE, IndexConstraintOp::SQLITE_INDEX_CONSTRAINT_EQ) => Arg::DateEq,
                (V_EVENT_DATE, IndexConstraintOp::SQLITE_INDEX_CONSTRAINT_GE) => {
                    Arg::DateMin { strict: false }
                }
                (V_EVENT_DATE, IndexConstraintOp::SQLITE_INDEX_CONSTRAINT_GT) => {
                    Arg::DateMin { strict: true }
                }
                (V_EVENT_DATE, IndexConstraintOp::SQLITE_INDEX_CONSTRAINT_LE) => {
                    Arg::DateMax { strict: false }
                }
                (V_EVENT_DATE, IndexConstraintOp::SQLITE_INDEX_CONSTRAINT_LT) => {
                    Arg::DateMax { strict: true }
                }
                // A document's events are never in a segment (`doc_id` is always null).
                (V_DOC_ID, IndexConstraintOp::SQLITE_INDEX_CONSTRAINT_EQ) => Arg::DocId,
                _ => continue,
            };
            plan.push((i, arg));
        }
        let mut cost: f64 = 1e9;
        let mut codes = String::new();
        for (n, (i, arg)) in plan.iter().enumerate() {
            let mut u = info.constraint_usage(*i);
            u.set_argv_index(n as c_int + 1);
            u.set_omit(false);
            codes.push(arg.code());
            cost = match arg {
                Arg::DocId => 1.0,
                Arg::SourceCountry | Arg::TargetCountry | Arg::SourceLike | Arg::TargetLike => cost / 300.0,
                Arg::DateEq => cost / 1000.0,
                Arg::DateMin { .. } | Arg::DateMax { .. } => cost / 3.0,
                Arg::Dataset => cost / 2.0,
            };
        }
        // The columns the statement reads (bit 63: any beyond 62).
        let used = info.col_used();
        info.set_idx_str(&format!("{codes}:{used:x}"));
        info.set_estimated_cost(cost.max(1.0));
        info.set_estimated_rows(cost.max(1.0) as i64);
        Ok(true)
    }

    fn open(&'vtab mut self) -> rusqlite::Result<SegmentCursor<'vtab>> {
        Ok(SegmentCursor {
            base: ffi::sqlite3_vtab_cursor::default(),
            db: self.db,
            ranges: Vec::new(),
            next_range: 0,
            loaded: None,
            row: 0,
            checks: Checks::default(),
            used: Vec::new(),
            segments: HashMap::new(),
            cache: self.cache.clone(),
            phantom: PhantomData,
        })
    }
}

/// A segment as the cursor knows it.
struct SegmentInfo {
    id: i64,
    dataset: String,
    retrieved: String,
    run_id: Option<i64>,
}

/// A run of rows of one segment to read.
#[derive(Clone, Copy, Debug)]
struct Range {
    segment: i64,
    first: usize,
    rows: usize,
}

/// Rows of a range, read.
struct Loaded {
    segment: Rc<SegmentInfo>,
    first: usize,
    rows: usize,
    cols: Vec<Option<Column>>,
    /// Per column, the row of the stretch its slice starts at: the columns the checks
    /// read hold every row; the others only the rows from the first that may match to
    /// the last (none when no row may).
    base: Vec<usize>,
}

impl Loaded {
    /// Column `k` and the index of row `row` in it.
    fn at(&self, k: Col, row: usize) -> Option<(&Column, usize)> {
        let c = self.cols[k as usize].as_ref()?;
        Some((c, row.checked_sub(self.base[k as usize])?))
    }
}

/// The row checks a plan allows (conservative: SQLite checks again).
#[derive(Default)]
struct Checks {
    source_prefix: Option<String>,
    target_prefix: Option<String>,
    source_country: Option<String>,
    target_country: Option<String>,
    min_day: Option<i64>,
    max_day: Option<i64>,
}

/// Rows read at once from a long range.
const STEP: usize = 65_536;

#[repr(C)]
struct SegmentCursor<'vtab> {
    /// Base class. Must be first.
    base: ffi::sqlite3_vtab_cursor,
    db: *mut ffi::sqlite3,
    ranges: Vec<Range>,
    next_range: usize,
    loaded: Option<Loaded>,
    row: usize,
    checks: Checks,
    /// The segment columns to read.
    used: Vec<Col>,
    segments: HashMap<i64, Rc<SegmentInfo>>,
    cache: Rc<std::cell::RefCell<BlockCache>>,
    phantom: PhantomData<&'vtab SegmentTab>,
}

/// The prefix of a LIKE pattern before its first wildcard.
fn like_prefix(p: &str) -> &str {
    p.find(['%', '_']).map_or(p, |i| &p[..i])
}

fn day_of(text: &str) -> Option<i64> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok().map(|d| i64::from(d.num_days_from_ce()))
}

fn ymd(days: i64) -> Option<String> {
    segment::day(days).map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
}

fn err(e: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::ModuleError(format!("segment_events: {e}"))
}

/// Whether row `row` of a loaded stretch may match the checks (false only when it
/// certainly does not).
fn may_match(c: &Checks, l: &Loaded, row: usize) -> bool {
    if c.min_day.is_some() || c.max_day.is_some() {
        if let Some(d) = l.at(Col::EventDate, row).and_then(|(v, i)| v.int(i)) {
            if c.min_day.is_some_and(|m| d < m) || c.max_day.is_some_and(|m| d > m) {
                return false;
            }
        }
    }
    let side = |k: Col, kc: Col, prefix: &Option<String>, country: &Option<String>| -> bool {
        let Some(v) = l.at(k, row).and_then(|(v, i)| v.str(i)) else { return true };
        if let Some(p) = prefix {
            if v.len() < p.len() || !v.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes()) {
                return false;
            }
        }
        if let Some(cc) = country {
            if row_country(l, kc, k, row) != Some(cc.as_str()) {
                return false;
            }
        }
        true
    };
    side(Col::Source, Col::SourceCountry, &c.source_prefix, &c.source_country)
        && side(Col::Target, Col::TargetCountry, &c.target_prefix, &c.target_country)
}

/// A row's country of one side: its country column, or, in a segment written before
/// that column, its code's first three letters.
fn row_country(l: &Loaded, country: Col, code: Col, row: usize) -> Option<&str> {
    match l.at(country, row).and_then(|(v, i)| v.str(i)) {
        Some(c) => Some(c),
        None => l.at(code, row).and_then(|(v, i)| v.str(i)).map(segment::country),
    }
}

impl Checks {
    /// The columns the checks read.
    fn columns(&self) -> Vec<Col> {
        let mut cols = Vec::new();
        if self.min_day.is_some() || self.max_day.is_some() {
            cols.push(Col::EventDate);
        }
        if self.source_prefix.is_some() || self.source_country.is_some() {
            cols.push(Col::Source);
        }
        if self.source_country.is_some() {
            cols.push(Col::SourceCountry);
        }
        if self.target_prefix.is_some() || self.target_country.is_some() {
            cols.push(Col::Target);
        }
        if self.target_country.is_some() {
            cols.push(Col::TargetCountry);
        }
        cols
    }
}

impl SegmentCursor<'_> {
    /// The connection, for reading segments inside SQLite's calls.
    fn conn(&self) -> rusqlite::Result<Connection> {
        connection(self.db)
    }

    fn segment(&mut self, conn: &Connection, id: i64) -> rusqlite::Result<Rc<SegmentInfo>> {
        if let Some(s) = self.segments.get(&id) {
            return Ok(s.clone());
        }
        let (dataset, retrieved, run_id): (String, String, Option<i64>) = conn.query_row(
            "SELECT dataset, retrieved, run_id FROM main.segments WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let info = Rc::new(SegmentInfo { id, dataset, retrieved, run_id });
        self.segments.insert(id, info.clone());
        Ok(info)
    }

    /// Reads the next stretch of rows; false when none is left.
    fn load_next(&mut self) -> rusqlite::Result<bool> {
        let Some(range) = self.ranges.get(self.next_range).copied() else {
            self.loaded = None;
            return Ok(false);
        };
        // Within one row group.
        let within = range.first % segment::GROUP;
        let take = range.rows.min(STEP).min(segment::GROUP - within);
        if take == range.rows {
            self.next_range += 1;
        } else {
            self.ranges[self.next_range] =
                Range { segment: range.segment, first: range.first + take, rows: range.rows - take };
        }
        let conn = self.conn()?;
        let seg = self.segment(&conn, range.segment)?;
        let group = segment::group_id(range.segment, range.first / segment::GROUP);
        let mut blob = conn.blob_open(MAIN_DB, c"segment_groups", c"data", group, true)?;
        let header = Header::parse(&mut blob).map_err(err)?;
        // The columns the checks read first, whole; the others only for the rows from the
        // first that may match to the last (a date or actor filter over a large store
        // decompresses a block here and there, not every column of every block).
        let mut loaded = Loaded {
            segment: seg,
            first: range.first,
            rows: take,
            cols: vec![None; segment::COLUMNS],
            base: vec![0; segment::COLUMNS],
        };
        let check = self.checks.columns();
        for &c in &check {
            let mut cache = self.cache.borrow_mut();
            loaded.cols[c as usize] = Some(
                header
                    .column_cached(&mut blob, c, within, within + take, Some((&mut cache, group)))
                    .map_err(err)?,
            );
        }
        let (lo, hi) = if check.is_empty() {
            (0, take)
        } else {
            let lo = (0..take).find(|&r| may_match(&self.checks, &loaded, r));
            let hi = (0..take).rev().find(|&r| may_match(&self.checks, &loaded, r));
            match (lo, hi) {
                (Some(lo), Some(hi)) => (lo, hi + 1),
                _ => (0, 0),
            }
        };
        if lo < hi {
            for &c in &self.used {
                if loaded.cols[c as usize].is_none() {
                    let mut cache = self.cache.borrow_mut();
                    loaded.cols[c as usize] = Some(
                        header
                            .column_cached(&mut blob, c, within + lo, within + hi, Some((&mut cache, group)))
                            .map_err(err)?,
                    );
                    loaded.base[c as usize] = lo;
                }
            }
        }
        self.loaded = Some(loaded);
        self.row = 0;
        Ok(true)
    }

    /// Whether the current row may match (false only when it certainly does not).
    fn may_match(&self) -> bool {
        let Some(l) = &self.loaded else { return false };
        may_match(&self.checks, l, self.row)
    }

    /// Moves to the next row that may match, from the current one.
    fn settle(&mut self) -> rusqlite::Result<()> {
        loop {
            match &self.loaded {
                Some(l) if self.row < l.rows => {
                    if self.may_match() {
                        return Ok(());
                    }
                    self.row += 1;
                }
                _ => {
                    if !self.load_next()? {
                        return Ok(());
                    }
                }
            }
        }
    }
}

unsafe impl VTabCursor for SegmentCursor<'_> {
    fn filter(&mut self, _idx_num: c_int, idx_str: Option<&str>, args: &Filters<'_>) -> rusqlite::Result<()> {
        // The cached blocks hold while the store is as it was: no change through this
        // connection (its change count, which rolled-back writes raise too) nor another
        // (the data version).
        {
            let conn = self.conn()?;
            let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
            let stamp = (conn.total_changes() as i64, version);
            let mut cache = self.cache.borrow_mut();
            if cache.stamp != Some(stamp) {
                cache.clear();
                cache.stamp = Some(stamp);
            }
        }
        self.ranges.clear();
        self.next_range = 0;
        self.loaded = None;
        self.row = 0;
        self.checks = Checks::default();
        let mut parts = idx_str.unwrap_or("").split(':');
        let codes = parts.next().unwrap_or("");
        let used = parts.next().and_then(|u| u64::from_str_radix(u, 16).ok()).unwrap_or(u64::MAX);
        let mut nothing = false;
        let mut dataset: Option<String> = None;
        let mut source_countries: Option<Vec<String>> = None;
        let mut target_countries: Option<Vec<String>> = None;
        for (i, code) in codes.chars().enumerate() {
            let Some(arg) = Arg::from_code(code) else { continue };
            let text: Option<String> = args.get::<Option<String>>(i).ok().flatten();
            match arg {
                Arg::DocId => nothing = true,
                Arg::Dataset => match text {
                    Some(t) => dataset = Some(t),
                    None => nothing = true,
                },
                Arg::SourceCountry | Arg::TargetCountry => {
                    let Some(t) = text else {
                        nothing = true;
                        continue;
                    };
                    if arg == Arg::SourceCountry {
                        self.checks.source_country = Some(t.clone());
                        source_countries = Some(vec![t]);
                    } else {
                        self.checks.target_country = Some(t.clone());
                        target_countries = Some(vec![t]);
                    }
                }
                Arg::SourceLike | Arg::TargetLike => {
                    let Some(t) = text else {
                        nothing = true;
                        continue;
                    };
                    let prefix = like_prefix(&t).to_string();
                    if !prefix.is_ascii() {
                        continue;
                    }
                    // A code's first letters need not be its row's country (`MNCUSA` is
                    // the USA's; `GOV` has none), so a prefix does not narrow the dyads
                    // read, only the rows.
                    if arg == Arg::SourceLike {
                        self.checks.source_prefix = Some(prefix);
                    } else {
                        self.checks.target_prefix = Some(prefix);
                    }
                }
                Arg::DateEq | Arg::DateMin { .. } | Arg::DateMax { .. } => {
                    let Some(d) = text.as_deref().and_then(day_of) else { continue };
                    // A strict bound on a day also holds for the day itself when the
                    // column's text is longer; keep the day (SQLite checks again).
                    if matches!(arg, Arg::DateEq | Arg::DateMin { .. }) {
                        self.checks.min_day = Some(self.checks.min_day.map_or(d, |m: i64| m.max(d)));
                    }
                    if matches!(arg, Arg::DateEq | Arg::DateMax { .. }) {
                        self.checks.max_day = Some(self.checks.max_day.map_or(d, |m: i64| m.min(d)));
                    }
                }
            }
        }
        if nothing {
            return Ok(());
        }
        // The columns to read: those used, and those the checks look at.
        let mut cols: Vec<Col> = (0..=V_DOC_KEY)
            .filter(|&v| v >= 63 || used & (1u64 << v.min(63)) != 0)
            .filter_map(source_column)
            .collect();
        cols.extend(self.checks.columns());
        // A segment without country columns gives its rows' countries from their codes.
        if cols.contains(&Col::SourceCountry) {
            cols.push(Col::Source);
        }
        if cols.contains(&Col::TargetCountry) {
            cols.push(Col::Target);
        }
        cols.sort_by_key(|c| *c as usize);
        cols.dedup();
        self.used = cols;
        // The ranges to read.
        let min_date = self.checks.min_day.and_then(ymd);
        let max_date = self.checks.max_day.and_then(ymd);
        let conn = self.conn()?;
        let mut ranges = Vec::new();
        if source_countries.is_some() || target_countries.is_some() {
            let list = |v: &Option<Vec<String>>, col: &str| match v {
                Some(v) => format!(
                    "d.{col} IN ({})",
                    v.iter().map(|s| format!("'{}'", s.replace('\'', "''"))).collect::<Vec<_>>().join(", ")
                ),
                None => "1".to_string(),
            };
            let sql = format!(
                "SELECT d.segment, d.first_row, d.rows FROM main.segment_dyads d JOIN main.segments s ON s.id = d.segment \
                 WHERE {} AND {} AND (?1 IS NULL OR d.max_date >= ?1) AND (?2 IS NULL OR d.min_date <= ?2) \
                 AND (?3 IS NULL OR s.dataset = ?3) ORDER BY d.segment, d.first_row",
                list(&source_countries, "source_country"),
                list(&target_countries, "target_country")
            );
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map(rusqlite::params![min_date, max_date, dataset], |r| {
                Ok(Range {
                    segment: r.get(0)?,
                    first: r.get::<_, i64>(1)? as usize,
                    rows: r.get::<_, i64>(2)? as usize,
                })
            })?;
            for r in rows {
                ranges.push(r?);
            }
        } else {
            let mut stmt = conn.prepare(
                "SELECT id, rows FROM main.segments WHERE (?1 IS NULL OR max_date >= ?1) AND (?2 IS NULL OR min_date <= ?2) \
                 AND (?3 IS NULL OR dataset = ?3) ORDER BY id",
            )?;
            let rows = stmt.query_map(rusqlite::params![min_date, max_date, dataset], |r| {
                Ok(Range { segment: r.get(0)?, first: 0, rows: r.get::<_, i64>(1)? as usize })
            })?;
            for r in rows {
                ranges.push(r?);
            }
        }
        drop(conn);
        self.ranges = ranges;
        self.settle()
    }

    fn next(&mut self) -> rusqlite::Result<()> {
        self.row += 1;
        self.settle()
    }

    fn eof(&self) -> bool {
        !matches!(&self.loaded, Some(l) if self.row < l.rows)
    }

    fn column(&self, ctx: &mut Context, i: c_int) -> rusqlite::Result<()> {
        let Some(l) = &self.loaded else { return ctx.set_result(Null) };
        let r = self.row;
        let seg = &l.segment;
        let text = |k: Col| l.at(k, r).and_then(|(c, i)| c.str(i));
        let int = |k: Col| l.at(k, r).and_then(|(c, i)| c.int(i));
        let code = || text(Col::Code).and_then(|c| EventCode::parse(c).ok());
        match i {
            V_ID => ctx.set_result(segment::event_row_id(seg.id, l.first + r)),
            V_DATASET => ctx.set_result(&seg.dataset),
            V_RETRIEVED => ctx.set_result(&seg.retrieved),
            V_RUN_ID => ctx.set_result(seg.run_id),
            V_DOC_ID => ctx.set_result(Null),
            V_DATE_SOURCE => ctx.set_result("dataset"),
            V_EVENT_DATE | V_PUBLISHED => {
                let k = if i == V_EVENT_DATE { Col::EventDate } else { Col::Published };
                ctx.set_result(int(k).and_then(ymd))
            }
            V_SOURCE_COUNTRY => ctx.set_result(row_country(l, Col::SourceCountry, Col::Source, r)),
            V_TARGET_COUNTRY => ctx.set_result(row_country(l, Col::TargetCountry, Col::Target, r)),
            V_ROOT => ctx.set_result(code().map(|c| c.root().to_string())),
            V_QUAD => ctx.set_result(code().map(|c| c.quad_class().number())),
            V_GOLDSTEIN => ctx.set_result(code().map(|c| c.goldstein())),
            V_DIRECTED | V_SENTENCE | V_SPAN_START | V_SPAN_END | V_LINE | V_CLUSTER => {
                let k = source_column(i).unwrap_or(Col::Line);
                ctx.set_result(int(k))
            }
            _ => match source_column(i) {
                Some(k) => ctx.set_result(text(k)),
                None => ctx.set_result(Null),
            },
        }
    }

    fn rowid(&self) -> rusqlite::Result<i64> {
        match &self.loaded {
            Some(l) => Ok(segment::event_row_id(l.segment.id, l.first + self.row)),
            None => Ok(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_prefixes() {
        assert_eq!(like_prefix("TUR%"), "TUR");
        assert_eq!(like_prefix("T_R%"), "T");
    }
}
