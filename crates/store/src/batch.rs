//! Writing: one [`Batch`] is one transaction.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use quidpro_event::{EventCode, Span};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use rustc_hash::{FxHashMap, FxHashSet};
use sha2::{Digest, Sha256};

use crate::months::MonthSum;
use crate::rows::EventRows;
use crate::segment::{self, cluster_key, event_key, Builder};
use crate::{sql_err, Error, Result};

/// An event to store, from our coder or an imported dataset.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    /// `quidpro` for our coder, else the dataset (`gdelt2`, `icews`, ...).
    pub dataset: String,
    /// The dataset's own id (our coder: the event's stable id).
    pub dataset_id: String,
    /// When it happened.
    pub event_date: NaiveDate,
    /// `day`, `week`, `month`, `quarter`, `season` or `year`.
    pub date_precision: String,
    /// Where the date comes from: `text`, `story` or `document` for coded events
    /// ([`quidpro_event::DateSource`]); `dataset` for imported events (the dataset's
    /// date); empty when unknown (events stored before schema version 12).
    pub date_source: String,
    /// When it was published, if known.
    pub published: Option<NaiveDate>,
    /// Source actor code (may be empty when the dataset has none).
    pub source: String,
    /// Target actor code (may be empty).
    pub target: String,
    /// The source's country as the dataset gives it (GDELT's `Actor1CountryCode`, ICEWS's
    /// `Source Country`, ACLED's `country`; empty when it gives none), for imported
    /// events; `None`: the first three letters of `source`. An event with a document
    /// (coded by us) always takes its code's first three letters, the country the
    /// dictionaries gave it.
    pub source_country: Option<String>,
    /// The target's country, as `source_country`.
    pub target_country: Option<String>,
    /// The CAMEO code.
    pub code: EventCode,
    /// Whether source → target is directed (ACLED pairs are not).
    pub directed: bool,
    /// `asserted`, `reported`, `hypothetical`, `planned`, `negated`, `refused`, `denied`
    /// or `questioned` ([`quidpro_event::Modality`]). An event with a document (a row of
    /// `events`) that is neither asserted nor reported joins no cluster and is not
    /// counted in the monthly aggregates ([`NewEvent::is_factual`]).
    pub modality: String,
    /// Who asserts it.
    pub attribution: String,
    /// The dataset's text for the source actor.
    pub source_name: Option<String>,
    /// The dataset's text for the target actor.
    pub target_name: Option<String>,
    /// Our document (row id in this store), for coded events.
    pub doc_id: Option<i64>,
    /// The sentence index in the document, for coded events.
    pub sentence: Option<usize>,
    /// The byte span in the document text, for coded events.
    pub span: Option<Span>,
    /// The document's key (story id), kept with the event so that an exported event keeps
    /// its provenance in a store without the document.
    pub doc_key: Option<String>,
    /// The pattern that fired.
    pub rule: Option<String>,
    /// The dictionary entries that fired.
    pub entries: Vec<String>,
    /// The event's words.
    pub text: Option<String>,
    /// Imported: the file and line (1-based) it came from.
    pub file_line: Option<(String, u64)>,
    /// The source URL.
    pub url: Option<String>,
    /// What a demand, appeal, promise or threat asks for: the event's `content` object
    /// as JSON text ([`quidpro_event::Content`]); `None` for other events.
    pub content: Option<String>,
    /// Our coder's version, for coded events (`quidpro_coder::VERSION`).
    pub coder_version: Option<String>,
    /// The hash of the dictionaries that coded it (`quidpro_coder::Coder::dictionary_hash`).
    pub dict_hash: Option<String>,
    /// When it entered a store (RFC 3339), kept when it moves to another (an export read
    /// back); `None`: now, the batch's time.
    pub retrieved: Option<String>,
}

impl NewEvent {
    /// An event with the required fields; the rest default (directed, asserted, no
    /// provenance) and can be set on the value.
    ///
    /// # Errors
    /// [`Error::Invalid`] when the date is not `YYYY-MM-DD` or the code is not CAMEO.
    pub fn new(
        dataset: &str,
        dataset_id: &str,
        date: &str,
        source: &str,
        target: &str,
        code: &str,
    ) -> Result<NewEvent> {
        let event_date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .map_err(|_| Error::Invalid(format!("bad date {date:?} (YYYY-MM-DD)")))?;
        let code = EventCode::parse(code).map_err(|e| Error::Invalid(e.to_string()))?;
        let mut ev = NewEvent::of(dataset, dataset_id, event_date, code);
        ev.source = source.into();
        ev.target = target.into();
        Ok(ev)
    }

    /// An event of a day and code already read (importers read them from their own
    /// formats), without actors; the rest defaults as with [`NewEvent::new`].
    pub fn of(dataset: &str, dataset_id: &str, event_date: NaiveDate, code: EventCode) -> NewEvent {
        NewEvent {
            dataset: dataset.into(),
            dataset_id: dataset_id.into(),
            event_date,
            date_precision: "day".into(),
            date_source: "dataset".into(),
            published: None,
            source: String::new(),
            target: String::new(),
            source_country: None,
            target_country: None,
            code,
            directed: true,
            modality: "asserted".into(),
            attribution: String::new(),
            source_name: None,
            target_name: None,
            doc_id: None,
            sentence: None,
            span: None,
            doc_key: None,
            rule: None,
            entries: Vec::new(),
            text: None,
            file_line: None,
            url: None,
            content: None,
            coder_version: None,
            dict_hash: None,
            retrieved: None,
        }
    }

    /// Whether it is stated as having happened: asserted or reported. Only such events
    /// of `events` rows join clusters and the monthly aggregates; imported events in
    /// segments always count (a dataset's events count as asserted).
    pub fn is_factual(&self) -> bool {
        is_factual(&self.modality)
    }

    /// Whether it is kept as a row of `events` (coded by us: it has a document, or the
    /// key of one, as a coded event imported from Parquet has) rather than in a segment.
    pub fn is_row(&self) -> bool {
        self.doc_id.is_some() || self.doc_key.is_some()
    }

    /// The source's and target's countries: those given ([`NewEvent::source_country`]),
    /// else the codes' first three letters; for an event with a document always the
    /// latter.
    pub fn countries(&self) -> (&str, &str) {
        if self.is_row() {
            return (segment::country(&self.source), segment::country(&self.target));
        }
        (
            self.source_country.as_deref().unwrap_or_else(|| segment::country(&self.source)),
            self.target_country.as_deref().unwrap_or_else(|| segment::country(&self.target)),
        )
    }

    /// The stable id: 16 hex digits of an FNV-1a hash of dataset and dataset id.
    pub fn id(&self) -> String {
        stable_id(&self.dataset, &self.dataset_id)
    }
}

/// Whether a modality counts as having happened (`asserted`, `reported`).
pub fn is_factual(modality: &str) -> bool {
    matches!(modality, "asserted" | "reported")
}

/// The stable id of a stored event: 16 hex digits of an FNV-1a hash of its dataset and
/// the dataset's id.
pub fn stable_id(dataset: &str, dataset_id: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in dataset.bytes().chain([0xff]).chain(dataset_id.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// An actor of the dictionaries, as stored in `actors`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictionaryActor {
    /// Its code.
    pub code: String,
    /// The entry's label.
    pub name: String,
    /// `country`, `person` or `organisation`.
    pub kind: String,
    /// First day the code holds (people's offices), if bounded.
    pub valid_from: Option<NaiveDate>,
    /// Last day, if bounded.
    pub valid_to: Option<NaiveDate>,
    /// The entry's `file:line`.
    pub entry: String,
}

/// A document to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDocument {
    /// Its key: the story id (or file path).
    pub key: String,
    /// `story`, ...
    pub kind: String,
    /// Title, if known.
    pub title: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Full text.
    pub text: String,
}

impl NewDocument {
    /// SHA-256 (hex) of what defines the document's content: date, source, url, title, text.
    pub fn content_hash(&self) -> String {
        let mut h = Sha256::new();
        for part in [
            self.published.map(|d| d.to_string()).unwrap_or_default(),
            self.source.clone().unwrap_or_default(),
            self.url.clone().unwrap_or_default(),
            self.title.clone().unwrap_or_default(),
        ] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        h.update(self.text.as_bytes());
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A sentence of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSentence {
    /// 0-based index.
    pub index: usize,
    /// Its span in the document text.
    pub span: Span,
}

/// What adding a document did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentOutcome {
    /// New document (its id): code it and add its events.
    New(i64),
    /// Same content as stored: nothing to do.
    Unchanged(i64),
    /// Changed content: the earlier version's sentences and events were removed.
    Replaced(i64),
}

/// Counts of an import run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Rows (or stories) read.
    pub read: u64,
    /// Stored.
    pub stored: u64,
    /// Already in the store.
    pub duplicates: u64,
    /// Skipped, by reason.
    pub skipped: BTreeMap<String, u64>,
}

impl RunStats {
    /// Total skipped.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }
}

/// A dyad-month's sums over new clusters.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Sums {
    clusters: i64,
    goldstein: f64,
    quad: [i64; 4],
}

impl Sums {
    /// Counts one cluster of this Goldstein value and quad class (1–4; others count in
    /// no class).
    fn count(&mut self, goldstein: f64, quad: i64) {
        self.clusters += 1;
        self.goldstein += goldstein;
        if (1..=4).contains(&quad) {
            self.quad[quad as usize - 1] += 1;
        }
    }

    /// Adds another's sums.
    fn merge(&mut self, o: &Sums) {
        self.clusters += o.clusters;
        self.goldstein += o.goldstein;
        for k in 0..4 {
            self.quad[k] += o.quad[k];
        }
    }
}

/// A short ASCII key part: its length, then its bytes.
type Packed<const N: usize> = [u8; N];

/// The first `n` characters of `s` (as SQL's `substr(s, 1, n)`), packed, when they are
/// ASCII; `None` sends the key to the string map.
fn pack<const N: usize>(s: &str, n: usize) -> Option<Packed<N>> {
    let head = s.get(..n.min(s.len()))?;
    if !head.is_ascii() || head.len() >= N {
        return None;
    }
    let mut out = [0u8; N];
    out[0] = head.len() as u8;
    out[1..=head.len()].copy_from_slice(head.as_bytes());
    Some(out)
}

fn unpack<const N: usize>(p: &Packed<N>) -> &str {
    std::str::from_utf8(&p[1..=p[0] as usize]).unwrap_or("")
}

/// The first `n` characters, as SQL's `substr(s, 1, n)`.
fn head(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// New clusters summed per (source country, target country, month) and per month;
/// keys of ASCII codes are packed (no allocation per cluster), others kept as strings.
#[derive(Default)]
struct MonthSums {
    packed: FxHashMap<(Packed<4>, Packed<4>, Packed<8>), Sums>,
    other: std::collections::HashMap<(String, String, String), Sums>,
    months: FxHashMap<Packed<8>, i64>,
    other_months: BTreeMap<String, i64>,
}

impl MonthSums {
    /// Adds a cluster of day `date` (`YYYY-MM-DD`).
    fn add(&mut self, source: &str, target: &str, date: &str, goldstein: f64, quad: i64, directed: bool) {
        let month = head(date, 7);
        let m = pack::<8>(month, 7);
        match m {
            Some(m) => *self.months.entry(m).or_default() += 1,
            None => *self.other_months.entry(month.to_string()).or_default() += 1,
        }
        let (s, t) = (head(source, 3), head(target, 3));
        let mut one = |a: &str, b: &str| {
            let sums = match (pack(a, 3), pack(b, 3), m) {
                (Some(a), Some(b), Some(m)) => self.packed.entry((a, b, m)).or_default(),
                _ => self.other.entry((a.to_string(), b.to_string(), month.to_string())).or_default(),
            };
            sums.count(goldstein, quad);
        };
        one(s, t);
        if !directed {
            one(t, s);
        }
    }

    /// Adds a new cluster of an event.
    fn add_event(&mut self, ev: &NewEvent) {
        use chrono::Datelike;
        // `YYYY-MM-DD` without allocating (years 0–9999, as the dates the store keeps).
        let d = ev.event_date;
        let mut buf = [b'0'; 10];
        let y = d.year().clamp(0, 9999) as u32;
        for (i, v) in [(0, y / 1000), (1, y / 100 % 10), (2, y / 10 % 10), (3, y % 10)] {
            buf[i] = b'0' + v as u8;
        }
        buf[4] = b'-';
        buf[5] = b'0' + (d.month() / 10) as u8;
        buf[6] = b'0' + (d.month() % 10) as u8;
        buf[7] = b'-';
        buf[8] = b'0' + (d.day() / 10) as u8;
        buf[9] = b'0' + (d.day() % 10) as u8;
        let date = std::str::from_utf8(&buf).unwrap_or("0000-00-00");
        let (source, target) = ev.countries();
        self.add(
            source,
            target,
            date,
            ev.code.goldstein(),
            i64::from(ev.code.quad_class().number()),
            ev.directed,
        );
    }

    /// Adds another's sums.
    fn merge(&mut self, other: MonthSums) {
        for (k, v) in other.packed {
            self.packed.entry(k).or_default().merge(&v);
        }
        for (k, v) in other.other {
            self.other.entry(k).or_default().merge(&v);
        }
        for (k, v) in other.months {
            *self.months.entry(k).or_default() += v;
        }
        for (k, v) in other.other_months {
            *self.other_months.entry(k).or_default() += v;
        }
    }

    /// How many dyad-months it holds.
    fn len(&self) -> usize {
        self.packed.len() + self.other.len()
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every dyad-month with its sums, in key order.
    fn dyads(&self) -> Vec<((&str, &str, &str), Sums)> {
        let mut out: Vec<_> = self
            .packed
            .iter()
            .map(|((a, b, m), v)| ((unpack(a), unpack(b), unpack(m)), *v))
            .chain(self.other.iter().map(|((a, b, m), v)| ((a.as_str(), b.as_str(), m.as_str()), *v)))
            .collect();
        out.sort_unstable_by(|x, y| x.0.cmp(&y.0));
        out
    }

    /// Every month with its count, in key order.
    fn months(&self) -> Vec<(&str, i64)> {
        let mut out: Vec<(&str, i64)> = self
            .months
            .iter()
            .map(|(m, n)| (unpack(m), *n))
            .chain(self.other_months.iter().map(|(m, n)| (m.as_str(), *n)))
            .collect();
        out.sort_unstable();
        out
    }
}

/// Monthly sums as a part (crate::months): per dyad its blob of months, and the blob of
/// month totals.
struct Parts {
    dyads: Vec<(String, String, Vec<u8>)>,
    totals: Vec<u8>,
}

impl Parts {
    /// The sums as a part; `None` when a month or count does not fit one (then they are
    /// added into the tables).
    fn of(sums: &MonthSums) -> Option<Parts> {
        let months: Option<Vec<(i32, i64)>> =
            sums.months().into_iter().map(|(m, n)| Some((crate::months::parse_month(m)?, n))).collect();
        let totals = crate::months::encode_month_totals(&months?)?;
        let entry = |m: &str, v: &Sums| {
            Some(MonthSum {
                month: crate::months::parse_month(m)?,
                clusters: v.clusters,
                goldstein: v.goldstein,
                quad: v.quad,
            })
        };
        let mut dyads: Vec<(String, String, Vec<u8>)> = Vec::new();
        // Packed keys sort as their bytes (length first): each dyad's months together, in
        // order, which is all a part needs.
        let mut packed: Vec<_> = sums.packed.iter().collect();
        packed.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for run in packed.chunk_by(|a, b| (a.0 .0, a.0 .1) == (b.0 .0, b.0 .1)) {
            let list: Option<Vec<MonthSum>> = run.iter().map(|(k, v)| entry(unpack(&k.2), v)).collect();
            let blob = MonthSum::encode(&list?)?;
            dyads.push((unpack(&run[0].0 .0).to_string(), unpack(&run[0].0 .1).to_string(), blob));
        }
        let mut other: Vec<_> = sums.other.iter().collect();
        other.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for run in other.chunk_by(|a, b| (&a.0 .0, &a.0 .1) == (&b.0 .0, &b.0 .1)) {
            let list: Option<Vec<MonthSum>> = run.iter().map(|(k, v)| entry(&k.2, v)).collect();
            let blob = MonthSum::encode(&list?)?;
            dyads.push((run[0].0 .0.clone(), run[0].0 .1.clone(), blob));
        }
        Some(Parts { dyads, totals })
    }
}

/// The clusters segment events start in a batch, kept compact as they come (a hash map
/// update per row on the writing thread cost a quarter of a bulk import's time there)
/// and summed into [`MonthSums`] at commit, on a thread of their own.
#[derive(Default)]
struct SegmentSums {
    /// Source and target country (packed, in that order, in the high and low half), day
    /// (`num_days_from_ce`), code, directed.
    rows: Vec<(u64, i32, EventCode, bool)>,
    /// Events whose countries or year do not pack, summed as they come.
    other: MonthSums,
}

impl SegmentSums {
    /// Adds a new cluster of this source and target country, day (`days`: its
    /// `num_days_from_ce`) and code.
    fn add(
        &mut self,
        source: &str,
        target: &str,
        date: NaiveDate,
        days: i32,
        code: EventCode,
        directed: bool,
    ) {
        use chrono::Datelike;
        match (pack::<4>(source, 3), pack::<4>(target, 3)) {
            (Some(s), Some(t)) if (0..=9999).contains(&date.year()) => {
                let dyad = u64::from(u32::from_be_bytes(s)) << 32 | u64::from(u32::from_be_bytes(t));
                self.rows.push((dyad, days, code, directed))
            }
            _ => self.other.add(
                source,
                target,
                &ymd(date),
                code.goldstein(),
                i64::from(code.quad_class().number()),
                directed,
            ),
        }
    }

    /// The sums, sorted: rows sorted by dyad and day, each run of a dyad and month
    /// summed once; an undirected row's cluster counts for the reverse dyad too.
    fn sorted(self) -> SortedSums {
        use chrono::Datelike;
        let SegmentSums { mut rows, other } = self;
        rows.sort_unstable_by_key(|r| (r.0, r.1));
        // Month numbers as `MonthSums` keys them (years clamped to 0–9999).
        let month_of = |days: i32| -> i32 {
            let d = NaiveDate::from_num_days_from_ce_opt(days).unwrap_or_default();
            d.year().clamp(0, 9999) * 12 + d.month0() as i32
        };
        let mut entries: Vec<(u64, i32, Sums)> = Vec::new();
        let mut reverse: Vec<(u64, i32, Sums)> = Vec::new();
        let mut totals: FxHashMap<i32, i64> = FxHashMap::default();
        let (mut last_day, mut last_month) = (i32::MIN, 0);
        for &(dyad, day, code, directed) in &rows {
            if day != last_day {
                (last_day, last_month) = (day, month_of(day));
            }
            let add = |list: &mut Vec<(u64, i32, Sums)>, dyad: u64| {
                let fresh = !matches!(list.last(), Some(l) if l.0 == dyad && l.1 == last_month);
                if fresh {
                    list.push((dyad, last_month, Sums::default()));
                }
                if let Some(l) = list.last_mut() {
                    l.2.count(code.goldstein(), i64::from(code.quad_class().number()));
                }
            };
            add(&mut entries, dyad);
            if !directed {
                add(&mut reverse, dyad.rotate_left(32));
            }
            *totals.entry(last_month).or_default() += 1;
        }
        let mut sorted = SortedSums { entries, totals, other };
        if !reverse.is_empty() {
            reverse.sort_unstable_by_key(|r| (r.0, r.1));
            sorted = sorted.merge(SortedSums { entries: reverse, ..SortedSums::default() });
        }
        sorted
    }
}

/// Monthly sums of segment events' new clusters by packed dyad (as [`SegmentSums`]
/// packs it) and month number, sorted: summed segment by segment and merged without a
/// hash map, and laid out as a part in that order.
#[derive(Default)]
struct SortedSums {
    /// (dyad, month number, sums), sorted, one per dyad and month.
    entries: Vec<(u64, i32, Sums)>,
    /// Clusters per month.
    totals: FxHashMap<i32, i64>,
    /// Events whose countries do not pack.
    other: MonthSums,
}

impl SortedSums {
    fn merge(self, o: SortedSums) -> SortedSums {
        let SortedSums { entries: a, mut totals, mut other } = self;
        let b = o.entries;
        let mut out: Vec<(u64, i32, Sums)> = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let take_a = j >= b.len() || (i < a.len() && (a[i].0, a[i].1) <= (b[j].0, b[j].1));
            let e = if take_a {
                i += 1;
                a[i - 1]
            } else {
                j += 1;
                b[j - 1]
            };
            match out.last_mut() {
                Some(l) if (l.0, l.1) == (e.0, e.1) => l.2.merge(&e.2),
                _ => out.push(e),
            }
        }
        for (m, n) in o.totals {
            *totals.entry(m).or_default() += n;
        }
        other.merge(o.other);
        SortedSums { entries: out, totals, other }
    }

    /// Dyad-months it holds.
    fn len(&self) -> usize {
        self.entries.len() + self.other.len()
    }

    fn split(dyad: u64) -> (Packed<4>, Packed<4>) {
        (((dyad >> 32) as u32).to_be_bytes(), (dyad as u32).to_be_bytes())
    }

    /// As [`MonthSums`], to add into the tables.
    fn into_month_sums(self) -> MonthSums {
        let SortedSums { entries, totals, mut other } = self;
        for (dyad, month, v) in entries {
            let (s, t) = SortedSums::split(dyad);
            let m = pack::<8>(&crate::months::month_text(month), 7).unwrap_or_default();
            other.packed.entry((s, t, m)).or_default().merge(&v);
        }
        for (month, n) in totals {
            let m = pack::<8>(&crate::months::month_text(month), 7).unwrap_or_default();
            *other.months.entry(m).or_default() += n;
        }
        other
    }

    /// As a part; `None` when a count does not fit one.
    fn parts(&self) -> Option<Parts> {
        let mut part = Parts::of(&self.other)?;
        let mut totals: FxHashMap<i32, i64> = self.totals.clone();
        for (m, n) in crate::months::decode_month_totals(&part.totals) {
            *totals.entry(m).or_default() += n;
        }
        let mut totals: Vec<(i32, i64)> = totals.into_iter().collect();
        totals.sort_unstable();
        part.totals = crate::months::encode_month_totals(&totals)?;
        for run in self.entries.chunk_by(|a, b| a.0 == b.0) {
            let list: Vec<MonthSum> = run
                .iter()
                .map(|e| MonthSum {
                    month: e.1,
                    clusters: e.2.clusters,
                    goldstein: e.2.goldstein,
                    quad: e.2.quad,
                })
                .collect();
            let (s, t) = SortedSums::split(run[0].0);
            part.dyads.push((unpack(&s).to_string(), unpack(&t).to_string(), MonthSum::encode(&list)?));
        }
        Some(part)
    }
}

/// What the store knows of its segments, kept from batch to batch so that each does not
/// read them again: every dataset's dedup keys (read when a batch first adds an event of
/// the dataset), the cluster keys of all segment rows and the ids of the `clusters`
/// rows. A batch adds to it only when it commits; a commit by another connection
/// (`PRAGMA data_version`) makes it read again.
#[derive(Default)]
pub(crate) struct KeySets {
    version: Option<i64>,
    clusters_loaded: bool,
    segment_clusters: KeyIndex<i64>,
    row_clusters: FxHashSet<i64>,
    keys: FxHashMap<String, KeyIndex<u128>>,
}

/// Keys of the stored segments: in a hash set, which a large import probes once per row;
/// or, for an import much smaller than the store, as each segment keeps them, sorted
/// (building a set of ten million keys for a file of fifteen hundred rows cost a second and
/// most of a gigabyte).
enum KeyIndex<K> {
    Set(FxHashSet<K>),
    Sorted(Vec<Vec<K>>),
}

impl<K> Default for KeyIndex<K> {
    fn default() -> KeyIndex<K> {
        KeyIndex::Set(FxHashSet::default())
    }
}

impl<K: Ord + std::hash::Hash + Copy> KeyIndex<K> {
    /// An empty index of the kind for `rows` keys in `runs` sorted runs probed about
    /// `probes` times: the runs themselves when probing them all (a binary search in each)
    /// costs less than building a set of every key.
    fn for_sizes(rows: usize, runs: usize, probes: Option<usize>) -> KeyIndex<K> {
        match probes {
            Some(p) if p.saturating_mul(16) < rows && p.saturating_mul(runs.max(1)) < rows => {
                KeyIndex::Sorted(Vec::new())
            }
            _ => {
                let mut s = FxHashSet::default();
                s.reserve(rows);
                KeyIndex::Set(s)
            }
        }
    }

    fn contains(&self, k: &K) -> bool {
        match self {
            KeyIndex::Set(s) => s.contains(k),
            KeyIndex::Sorted(runs) => runs.iter().any(|r| r.binary_search(k).is_ok()),
        }
    }

    /// Adds keys (a segment's, or a batch's).
    fn extend(&mut self, keys: impl IntoIterator<Item = K>) {
        match self {
            KeyIndex::Set(s) => s.extend(keys),
            KeyIndex::Sorted(runs) => {
                let mut run: Vec<K> = keys.into_iter().collect();
                run.sort_unstable();
                if !run.is_empty() {
                    runs.push(run);
                }
                // Very many runs make each probe slow: one set then.
                if runs.len() > 4096 {
                    let mut set = FxHashSet::default();
                    set.reserve(runs.iter().map(Vec::len).sum());
                    set.extend(runs.drain(..).flatten());
                    *self = KeyIndex::Set(set);
                }
            }
        }
    }
}

/// The cluster of a segment event added in this batch, packed in 32 bits (a bulk import
/// keeps one per cluster of millions): its events in this batch, whether a segment event
/// stored earlier is in it (alone, when it has no `clusters` row), and whether it had a
/// `clusters` row when the batch first met it. Its fields are kept apart (`infos`) once
/// it needs a row: a second event, or one stored.
#[derive(Clone, Copy)]
struct PendingCluster(u32);

impl PendingCluster {
    const IN_SEGMENT: u32 = 1 << 31;
    const HAS_ROW: u32 = 1 << 30;
    /// The event that started it here is undirected.
    const UNDIRECTED: u32 = 1 << 29;
    const COUNT: u32 = (1 << 29) - 1;

    fn new(in_segment: bool, has_row: bool, directed: bool) -> PendingCluster {
        let mut v = 1;
        if in_segment {
            v |= Self::IN_SEGMENT;
        }
        if has_row {
            v |= Self::HAS_ROW;
        }
        if !directed {
            v |= Self::UNDIRECTED;
        }
        PendingCluster(v)
    }

    fn directed(self) -> bool {
        self.0 & Self::UNDIRECTED == 0
    }

    fn n(self) -> u32 {
        self.0 & Self::COUNT
    }

    fn in_segment(self) -> bool {
        self.0 & Self::IN_SEGMENT != 0
    }

    fn has_row(self) -> bool {
        self.0 & Self::HAS_ROW != 0
    }

    fn add(&mut self) {
        if self.n() < Self::COUNT {
            self.0 += 1;
        }
    }

    /// Its events moved into a row.
    fn absorbed(&mut self) {
        self.0 = (self.0 & !Self::COUNT) | Self::HAS_ROW;
    }
}

/// What a `clusters` row says of its cluster besides the count.
struct ClusterInfo {
    date: NaiveDate,
    source: String,
    target: String,
    code: EventCode,
    directed: bool,
}

impl ClusterInfo {
    fn of(ev: &NewEvent) -> Box<ClusterInfo> {
        Box::new(ClusterInfo {
            date: ev.event_date,
            source: ev.source.clone(),
            target: ev.target.clone(),
            code: ev.code,
            directed: ev.directed,
        })
    }
}

/// One transaction. Dropping it without [`Batch::commit`] rolls everything back.
///
/// Events with a document (coded by us) are rows of `events`; all others (imported) are
/// collected into segments ([`crate::segment`]), written when a segment is full and at
/// commit. Either way an event's `(dataset, dataset_id)` is stored once and its cluster
/// (same day, source, target and code) is counted: a cluster of one imported event has
/// no `clusters` row (its count is 1), every other cluster has one.
pub struct Batch<'a> {
    tx: Transaction<'a>,
    path: &'a Path,
    now: String,
    sets: &'a mut KeySets,
    /// Dedup keys added in this batch, by dataset.
    keys: FxHashMap<String, FxHashSet<u128>>,
    /// Whether `events` holds rows of a dataset (then imported events are checked
    /// against them too).
    dataset_rows: FxHashMap<String, bool>,
    /// Rows the batch expects ([`Batch::expect`]).
    expected: Option<usize>,
    /// Clusters of the segment events of this batch.
    clusters: FxHashMap<i64, PendingCluster>,
    /// The fields of the clusters that will need a row.
    infos: FxHashMap<i64, Box<ClusterInfo>>,
    /// `clusters` rows this batch created or deleted.
    rows_added: FxHashSet<i64>,
    rows_removed: FxHashSet<i64>,
    /// New clusters, summed for the monthly aggregates: those coded events start (a
    /// replaced document may take them away again: added into `dyad_months`), and those
    /// imported events start (never removed: a large batch's become a part).
    sums: MonthSums,
    segment_sums: SegmentSums,
    /// Segments being collected, by dataset and run.
    /// Segments being collected, by dataset, run and kept retrieval time.
    builders: Vec<(String, Option<i64>, Option<String>, Builder)>,
    /// The thread encoding full segments while rows keep coming.
    encoder: Option<Encoder>,
    /// Imported events' actors seen in this batch: `code \x1f name \x1f dataset` →
    /// (first date, last date, events), written to `actors` at commit.
    actors: FxHashMap<String, (NaiveDate, NaiveDate, i64)>,
    /// Dyad-months from which the sums are written as parts ([`Store::set_month_parts_from`]).
    parts_from: usize,
    /// Rows at which a segment is handed to the encoding thread ([`Store::set_segment_rows`]).
    segment_rows: usize,
}

/// `YYYY-MM-DD` (written directly: chrono's formatter is a hot spot of bulk imports).
fn ymd(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn date_str(d: Option<NaiveDate>) -> Option<String> {
    d.map(ymd)
}

impl<'a> Batch<'a> {
    pub(crate) fn new(
        conn: &'a mut Connection,
        path: &'a Path,
        sets: &'a mut KeySets,
        parts_from: usize,
        segment_rows: usize,
    ) -> Result<Batch<'a>> {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sql_err(path))?;
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        // Another connection's commit makes what was read of the segments stale.
        let version: i64 =
            tx.pragma_query_value(None, "data_version", |r| r.get(0)).map_err(sql_err(path))?;
        if sets.version != Some(version) {
            *sets = KeySets { version: Some(version), ..KeySets::default() };
        }
        Ok(Batch {
            tx,
            path,
            now,
            sets,
            keys: FxHashMap::default(),
            dataset_rows: FxHashMap::default(),
            expected: None,
            clusters: FxHashMap::default(),
            infos: FxHashMap::default(),
            rows_added: FxHashSet::default(),
            rows_removed: FxHashSet::default(),
            sums: MonthSums::default(),
            segment_sums: SegmentSums::default(),
            builders: Vec::new(),
            encoder: None,
            actors: FxHashMap::default(),
            parts_from,
            segment_rows,
        })
    }

    fn e(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        sql_err(self.path)
    }

    /// Records the start of an import run; returns its id.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn begin_run(&mut self, kind: &str, file: &str) -> Result<i64> {
        self.tx
            .execute(
                "INSERT INTO import_runs (kind, file, started) VALUES (?1, ?2, ?3)",
                params![kind, file, self.now],
            )
            .map_err(self.e())?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Records the counts and status of a run (`complete`).
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn finish_run(&mut self, run: i64, stats: &RunStats) -> Result<()> {
        self.end_run(run, stats, "complete")
    }

    /// Records that a run failed (a write failed, reading stopped) with the counts of the
    /// transactions it committed before (status `failed`).
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn fail_run(&mut self, run: i64, committed: &RunStats) -> Result<()> {
        self.end_run(run, committed, "failed")
    }

    /// Records the counts of a run so far, in this batch's transaction: what its committed
    /// transactions hold stays written with them, even when the final status cannot be
    /// written (a disk with no room left at all; a killed process). A run still `running`
    /// after its process ended was interrupted, and its counts are what it committed.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn record_run(&mut self, run: i64, stats: &RunStats) -> Result<()> {
        let reasons = serde_json::to_string(&stats.skipped).unwrap_or_else(|_| "{}".into());
        self.tx
            .execute(
                "UPDATE import_runs SET rows_read = ?2, rows_stored = ?3, rows_skipped = ?4, duplicates = ?5, \
                 skipped_by_reason = ?6 WHERE id = ?1",
                params![
                    run,
                    stats.read as i64,
                    stats.stored as i64,
                    stats.skipped_total() as i64,
                    stats.duplicates as i64,
                    reasons
                ],
            )
            .map_err(self.e())?;
        Ok(())
    }

    fn end_run(&mut self, run: i64, stats: &RunStats, status: &str) -> Result<()> {
        let reasons = serde_json::to_string(&stats.skipped).unwrap_or_else(|_| "{}".into());
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.tx
            .execute(
                "UPDATE import_runs SET finished = ?2, rows_read = ?3, rows_stored = ?4, \
                 rows_skipped = ?5, duplicates = ?6, skipped_by_reason = ?7, status = ?8 \
                 WHERE id = ?1",
                params![
                    run,
                    now,
                    stats.read as i64,
                    stats.stored as i64,
                    stats.skipped_total() as i64,
                    stats.duplicates as i64,
                    reasons,
                    status
                ],
            )
            .map_err(self.e())?;
        Ok(())
    }

    /// Removes a run record (a refused strict import leaves no trace).
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn remove_run(&mut self, run: i64) -> Result<()> {
        self.tx.execute("DELETE FROM import_runs WHERE id = ?1", [run]).map_err(self.e())?;
        Ok(())
    }

    /// Makes room for about `rows` more events of `dataset` in this batch, so that its
    /// tables are sized once rather than grown (each growth copies them), and says how
    /// many the whole import brings (`import_rows`): an import much smaller than the
    /// store checks its events against the stored keys as the segments keep them, sorted,
    /// rather than reading them all into a set.
    pub fn expect(&mut self, dataset: &str, rows: usize, import_rows: usize) {
        self.expected = Some(import_rows);
        self.keys.entry(dataset.to_string()).or_default().reserve(rows);
        self.clusters.reserve(rows);
    }

    /// Adds an event unless its `(dataset, dataset_id)` is stored already; returns whether
    /// it was added. The batch links it to its cluster when it commits.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_event(&mut self, ev: &NewEvent, run: Option<i64>) -> Result<bool> {
        Ok(self.add_events(std::slice::from_ref(ev), run)? == 1)
    }

    /// Adds events, skipping those whose `(dataset, dataset_id)` is stored already (or
    /// comes earlier in `events`); returns how many were added. Events with a document
    /// become rows of `events`; the others go to segments: the bulk path of imports.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_events<'e>(
        &mut self,
        events: impl IntoIterator<Item = &'e NewEvent>,
        run: Option<i64>,
    ) -> Result<u64> {
        let mut added = 0u64;
        // Imported events go through `add_rows`, a run of one dataset at a time.
        let mut pending: Option<EventRows> = None;
        for ev in events {
            if !ev.is_row() {
                if let Some(p) = pending.as_mut() {
                    if p.push(ev) {
                        continue;
                    }
                    added += self.add_rows(p, run)?;
                }
                let mut p = EventRows::new(&ev.dataset, 64);
                p.push(ev);
                pending = Some(p);
                continue;
            }
            if let Some(p) = pending.take() {
                added += self.add_rows(&p, run)?;
            }
            let dedup = event_key(&ev.dataset, &ev.dataset_id);
            self.load_keys(&ev.dataset)?;
            let stored = self.sets.keys.get(&ev.dataset).is_some_and(|k| k.contains(&dedup));
            if stored || self.keys.get(&ev.dataset).is_some_and(|k| k.contains(&dedup)) {
                continue;
            }
            let ckey = cluster_key(ev.event_date, &ev.source, &ev.target, ev.code.as_str());
            // The cluster's row first: the event row refers to it.
            if self.row_exists(&ev.dataset, &ev.dataset_id)? {
                continue;
            }
            // An event not stated as having happened joins no cluster: the monthly
            // aggregates count only asserted and reported events.
            let ckey = if ev.is_factual() {
                self.count_row_cluster(ev, ckey)?;
                Some(ckey)
            } else {
                None
            };
            self.insert_row(ev, run, ckey)?;
            self.keys.entry(ev.dataset.clone()).or_default().insert(dedup);
            added += 1;
        }
        if let Some(p) = pending {
            added += self.add_rows(&p, run)?;
        }
        Ok(added)
    }

    /// Adds prepared imported events ([`EventRows`]), skipping those whose `(dataset,
    /// dataset_id)` is stored already (or comes earlier); returns how many were added. The
    /// bulk path of imports: what [`Batch::add_events`] does for an imported event, with
    /// the record, keys and actors made where the rows were read.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_rows(&mut self, rows: &EventRows, run: Option<i64>) -> Result<u64> {
        self.add_rows_in(rows, 0..rows.len(), run)
    }

    /// [`Batch::add_rows`] for the rows of `range` only (a batch that must end within a
    /// chunk of rows).
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_rows_in(
        &mut self,
        rows: &EventRows,
        range: std::ops::Range<usize>,
        run: Option<i64>,
    ) -> Result<u64> {
        let range = range.start.min(rows.len())..range.end.min(rows.len());
        if range.is_empty() {
            return Ok(0);
        }
        let dataset = rows.dataset.as_str();
        self.load_keys(dataset)?;
        let has_rows = self.has_rows_of(dataset)?;
        // Taken out of `self` while the rows are added (put back however it ends).
        let stored = self.sets.keys.remove(dataset).unwrap_or_default();
        let mut added_keys = self.keys.remove(dataset).unwrap_or_default();
        let mut seen = vec![(NaiveDate::MAX, NaiveDate::MIN, 0i64); rows.actors.len()];
        let result = self.add_rows_with(rows, range, run, has_rows, &stored, &mut added_keys, &mut seen);
        self.sets.keys.insert(dataset.to_string(), stored);
        self.keys.insert(dataset.to_string(), added_keys);
        // Imported events' actors as the dataset names them (our coder's actors are the
        // dictionary's, stored as such).
        if dataset != "quidpro" {
            let mut key = String::new();
            for ((code, name, country), (first, last, n)) in rows.actors.iter().zip(seen) {
                if n == 0 || code.is_empty() {
                    continue;
                }
                key.clear();
                key.push_str(code);
                key.push('\x1f');
                key.push_str(name);
                key.push('\x1f');
                key.push_str(dataset);
                key.push('\x1f');
                key.push_str(country);
                match self.actors.get_mut(key.as_str()) {
                    Some(a) => {
                        a.0 = a.0.min(first);
                        a.1 = a.1.max(last);
                        a.2 += n;
                    }
                    None => {
                        self.actors.insert(key.clone(), (first, last, n));
                    }
                }
            }
        }
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn add_rows_with(
        &mut self,
        rows: &EventRows,
        range: std::ops::Range<usize>,
        run: Option<i64>,
        has_rows: bool,
        stored: &KeyIndex<u128>,
        added_keys: &mut FxHashSet<u128>,
        seen: &mut [(NaiveDate, NaiveDate, i64)],
    ) -> Result<u64> {
        let dataset = rows.dataset.as_str();
        let retrieved = &rows.retrieved;
        let at =
            match self.builders.iter().position(|(d, r, t, _)| d == dataset && *r == run && t == retrieved) {
                Some(at) => at,
                None => {
                    self.builders.push((dataset.to_string(), run, retrieved.clone(), Builder::new()));
                    self.builders.len() - 1
                }
            };
        let mut added = 0u64;
        for (i, p) in rows.rows.iter().enumerate().take(range.end).skip(range.start) {
            if stored.contains(&p.key) {
                continue;
            }
            let record = rows.record(i);
            if has_rows
                && !added_keys.contains(&p.key)
                && self.row_exists(dataset, segment::record_dataset_id(record))?
            {
                continue;
            }
            // One probe: false when an earlier row of the batch had the key.
            if !added_keys.insert(p.key) {
                continue;
            }
            let (source, target) = (&rows.actors[p.source as usize].0, &rows.actors[p.target as usize].0);
            let countries = (&rows.actors[p.source as usize].2, &rows.actors[p.target as usize].2);
            let info = || {
                Box::new(ClusterInfo {
                    date: p.date,
                    source: source.clone(),
                    target: target.clone(),
                    code: p.code,
                    directed: p.directed,
                })
            };
            if self.count_segment_cluster(p.cluster, p.directed, info)? {
                self.segment_sums.add(countries.0, countries.1, p.date, p.days, p.code, p.directed);
            }
            let b = &mut self.builders[at].3;
            b.append(record, p.key, p.cluster, p.dyad, p.days);
            if b.len() >= self.segment_rows || b.full() {
                // The builder is replaced in place: `at` stays its index.
                self.send_segment(at)?;
            }
            added += 1;
            for a in [p.source, p.target] {
                let s = &mut seen[a as usize];
                s.0 = s.0.min(p.date);
                s.1 = s.1.max(p.date);
                s.2 += 1;
            }
        }
        Ok(added)
    }

    /// Reads the dedup keys of a dataset's segments, once.
    fn load_keys(&mut self, dataset: &str) -> Result<()> {
        if self.sets.keys.contains_key(dataset) {
            return Ok(());
        }
        let e = sql_err(self.path);
        let (stored, runs): (i64, i64) = self
            .tx
            .query_row(
                "SELECT coalesce(sum(rows), 0), count(*) FROM segments WHERE dataset = ?1",
                [dataset],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(&e)?;
        let mut index = KeyIndex::for_sizes(stored as usize, runs as usize, self.expected);
        {
            let mut stmt =
                self.tx.prepare_cached("SELECT keys FROM segments WHERE dataset = ?1").map_err(&e)?;
            let mut rows = stmt.query([dataset]).map_err(&e)?;
            while let Some(r) = rows.next().map_err(&e)? {
                let blob = r.get_ref(0).and_then(|v| v.as_blob().map_err(Into::into)).map_err(&e)?;
                index.extend(
                    blob.chunks_exact(16).map(|c| u128::from_le_bytes(c.try_into().unwrap_or_default())),
                );
            }
        }
        self.sets.keys.insert(dataset.to_string(), index);
        Ok(())
    }

    /// Reads the cluster keys of all segment rows and the ids of `clusters`, once.
    fn load_clusters(&mut self) -> Result<()> {
        if self.sets.clusters_loaded {
            return Ok(());
        }
        let e = sql_err(self.path);
        {
            let (stored, runs): (i64, i64) = self
                .tx
                .query_row("SELECT coalesce(sum(rows), 0), count(*) FROM segments", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .map_err(&e)?;
            self.sets.segment_clusters = KeyIndex::for_sizes(stored as usize, runs as usize, self.expected);
            let mut stmt = self.tx.prepare_cached("SELECT clusters FROM segments").map_err(&e)?;
            let mut rows = stmt.query([]).map_err(&e)?;
            while let Some(r) = rows.next().map_err(&e)? {
                let blob = r.get_ref(0).and_then(|v| v.as_blob().map_err(Into::into)).map_err(&e)?;
                self.sets.segment_clusters.extend(
                    blob.chunks_exact(8).map(|c| i64::from_le_bytes(c.try_into().unwrap_or_default())),
                );
            }
            let mut stmt = self.tx.prepare_cached("SELECT id FROM clusters").map_err(&e)?;
            let ids = stmt.query_map([], |r| r.get::<_, i64>(0)).map_err(&e)?;
            for id in ids {
                self.sets.row_clusters.insert(id.map_err(&e)?);
            }
        }
        self.sets.clusters_loaded = true;
        Ok(())
    }

    fn has_rows_of(&mut self, dataset: &str) -> Result<bool> {
        if let Some(&b) = self.dataset_rows.get(dataset) {
            return Ok(b);
        }
        let b = self
            .tx
            .query_row("SELECT 1 FROM coded_events WHERE dataset = ?1 LIMIT 1", [dataset], |_| Ok(()))
            .optional()
            .map_err(sql_err(self.path))?
            .is_some();
        self.dataset_rows.insert(dataset.to_string(), b);
        Ok(b)
    }

    fn row_exists(&self, dataset: &str, id: &str) -> Result<bool> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT 1 FROM coded_events WHERE dataset = ?1 AND dataset_id = ?2")
            .map_err(sql_err(self.path))?;
        stmt.exists([dataset, id]).map_err(sql_err(self.path))
    }

    /// Inserts an event with a document as a row of `coded_events`; false when its key is
    /// there already.
    fn insert_row(&mut self, ev: &NewEvent, run: Option<i64>, ckey: Option<i64>) -> Result<bool> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO coded_events (dataset, dataset_id, event_date, date_precision, published, retrieved, \
                 source, target, source_country, target_country, code, root, quad_class, goldstein, directed, modality, \
                 attribution, source_name, target_name, doc_id, sentence, span_start, span_end, rule, entries, text, \
                 file, line, url, run_id, doc_key, cluster_id, date_source, content, coder_version, dict_hash) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, \
                 ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36)",
            )
            .map_err(sql_err(self.path))?;
        let entries = if ev.entries.is_empty() { None } else { serde_json::to_string(&ev.entries).ok() };
        let (span_start, span_end) = match ev.span {
            Some(span) => (Some(span.start as i64), Some(span.end as i64)),
            None => (None, None),
        };
        let (file, line) = match &ev.file_line {
            Some((f, l)) => (Some(f.as_str()), Some(*l as i64)),
            None => (None, None),
        };
        let n = stmt
            .execute(params![
                ev.dataset,
                ev.dataset_id,
                ymd(ev.event_date),
                ev.date_precision,
                date_str(ev.published),
                ev.retrieved.as_deref().unwrap_or(&self.now),
                ev.source,
                ev.target,
                segment::country(&ev.source),
                segment::country(&ev.target),
                ev.code.as_str(),
                ev.code.root(),
                ev.code.quad_class().number(),
                ev.code.goldstein(),
                ev.directed,
                ev.modality,
                ev.attribution,
                ev.source_name,
                ev.target_name,
                ev.doc_id,
                ev.sentence.map(|s| s as i64),
                span_start,
                span_end,
                ev.rule,
                entries,
                ev.text,
                file,
                line,
                ev.url,
                run,
                ev.doc_key,
                ckey,
                ev.date_source,
                ev.content,
                ev.coder_version,
                ev.dict_hash,
            ])
            .map_err(sql_err(self.path))?;
        Ok(n == 1)
    }

    /// Whether cluster `ckey` has a `clusters` row, as far as this batch knows.
    fn has_cluster_row(&self, ckey: i64) -> bool {
        self.rows_added.contains(&ckey)
            || (self.sets.row_clusters.contains(&ckey) && !self.rows_removed.contains(&ckey))
    }

    /// Counts a segment event into its cluster; true when it starts the cluster (then it
    /// counts in the monthly sums). The `clusters` rows are written at commit; `info`
    /// gives the cluster's fields for those that will need one.
    fn count_segment_cluster(
        &mut self,
        ckey: i64,
        directed: bool,
        info: impl FnOnce() -> Box<ClusterInfo>,
    ) -> Result<bool> {
        self.load_clusters()?;
        // One probe of the (large) map for both cases.
        let (in_segment, has_row) = match self.clusters.entry(ckey) {
            std::collections::hash_map::Entry::Occupied(mut o) => {
                o.get_mut().add();
                self.infos.entry(ckey).or_insert_with(info);
                return Ok(false);
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                let in_segment = self.sets.segment_clusters.contains(&ckey);
                let has_row = self.rows_added.contains(&ckey)
                    || (self.sets.row_clusters.contains(&ckey) && !self.rows_removed.contains(&ckey));
                v.insert(PendingCluster::new(in_segment, has_row, directed));
                (in_segment, has_row)
            }
        };
        let new = !in_segment && !has_row;
        if !new {
            self.infos.insert(ckey, info());
        }
        Ok(new)
    }

    /// Counts a row event into its cluster's `clusters` row, at once (with the segment
    /// events of the cluster: stored ones, and this batch's).
    fn count_row_cluster(&mut self, ev: &NewEvent, ckey: i64) -> Result<()> {
        self.load_clusters()?;
        let e = sql_err(self.path);
        let n: Option<i64> = self
            .tx
            .prepare_cached("SELECT n_events FROM clusters WHERE id = ?1")
            .and_then(|mut s| s.query_row([ckey], |r| r.get(0)).optional())
            .map_err(&e)?;
        if n.is_some() {
            self.tx
                .execute("UPDATE clusters SET n_events = n_events + 1 WHERE id = ?1", [ckey])
                .map_err(&e)?;
            return Ok(());
        }
        let in_segment = self.sets.segment_clusters.contains(&ckey);
        // This batch's segment events of the cluster move into the row.
        let pending = self.clusters.get_mut(&ckey).map_or(0, |p| {
            let n = p.n();
            p.absorbed();
            n
        });
        let implicit = i64::from(in_segment && !self.has_cluster_row(ckey));
        let total = 1 + implicit + i64::from(pending);
        self.insert_cluster(&ClusterInfo::of(ev), ckey, total, 0)?;
        self.rows_added.insert(ckey);
        self.rows_removed.remove(&ckey);
        if total == 1 {
            self.sums.add_event(ev);
        }
        Ok(())
    }

    /// Inserts a `clusters` row of `n` events, or adds `more` to the row there.
    fn insert_cluster(&self, c: &ClusterInfo, id: i64, n: i64, more: i64) -> Result<()> {
        insert_cluster(&self.tx, self.path, c, id, n, more)
    }

    /// Hands the segment collected in `builders[at]` to the encoding thread (started on
    /// the first), which encodes it while rows keep coming; stores those it has finished.
    fn send_segment(&mut self, at: usize) -> Result<()> {
        let encoder = self.encoder.get_or_insert_with(Encoder::start);
        let fresh = encoder.spare.pop().unwrap_or_else(Builder::new);
        let (dataset, run, retrieved, b) = &mut self.builders[at];
        let full = std::mem::replace(b, fresh);
        let sums = std::mem::take(&mut self.segment_sums);
        encoder.send(Job::Segment(dataset.clone(), *run, retrieved.clone(), full, sums))?;
        self.store_encoded_segments(false).map(|_| ())
    }

    /// Stores the segments the encoding thread has finished (`wait`: all it was given,
    /// and then the sums, if they were asked for).
    fn store_encoded_segments(&mut self, wait: bool) -> Result<Option<(MonthSums, Option<Parts>)>> {
        let Some(encoder) = self.encoder.as_mut() else { return Ok(None) };
        let mut sums = None;
        while encoder.pending > 0 || (wait && encoder.summing) {
            let done = if wait {
                encoder.done.recv().ok()
            } else {
                match encoder.done.try_recv() {
                    Ok(d) => Some(d),
                    Err(std::sync::mpsc::TryRecvError::Empty) => return Ok(None),
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => None,
                }
            };
            match done {
                Some(Done::Segment(dataset, run, retrieved, enc, builder)) => {
                    encoder.pending -= 1;
                    if encoder.spare.is_empty() {
                        encoder.spare.push(builder);
                    }
                    let retrieved = retrieved.as_deref().unwrap_or(&self.now);
                    store_encoded(&self.tx, self.path, &dataset, run, retrieved, enc)?;
                }
                Some(Done::Sums(s, parts)) => {
                    encoder.summing = false;
                    sums = Some((s, parts));
                }
                None => return Err(Error::Invalid("encoding a segment failed".into())),
            }
        }
        Ok(sums)
    }

    /// Writes the `clusters` rows of this batch's segment events.
    fn write_clusters(&mut self) -> Result<()> {
        let mut rows: Vec<(i64, i64, i64, Box<ClusterInfo>)> = Vec::new();
        for (id, info) in std::mem::take(&mut self.infos) {
            let Some(p) = self.clusters.get(&id).copied() else { continue };
            if p.n() == 0 {
                continue;
            }
            let implicit = i64::from(p.in_segment() && !p.has_row());
            let mut info = info;
            if !p.in_segment() && !p.has_row() {
                // A cluster started in this batch is as directed as the event that
                // started it (which its monthly sums counted), not the next one.
                info.directed = p.directed();
            }
            rows.push((id, i64::from(p.n()) + implicit, i64::from(p.n()), info));
        }
        rows.sort_unstable_by_key(|r| r.0);
        for (id, n, more, info) in &rows {
            self.insert_cluster(info, *id, *n, *more)?;
            self.rows_added.insert(*id);
        }
        Ok(())
    }

    /// Writes the batch's imported actors to `actors`, in key order.
    fn write_actors(&mut self) -> Result<()> {
        let mut seen: Vec<_> = std::mem::take(&mut self.actors).into_iter().collect();
        seen.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO actors (code, name, origin, kind, country, first_event, last_event, events) \
                 VALUES (?1, ?2, ?3, 'dataset', ?7, ?4, ?5, ?6) \
                 ON CONFLICT (code, name, origin, valid_from) DO UPDATE SET \
                 first_event = min(first_event, excluded.first_event), last_event = max(last_event, excluded.last_event), \
                 events = events + excluded.events",
            )
            .map_err(sql_err(self.path))?;
        for (key, (first, last, n)) in seen {
            let mut parts = key.splitn(4, '\x1f');
            let mut part = || parts.next().unwrap_or("");
            let (code, name, dataset, country) = (part(), part(), part(), part());
            stmt.execute(params![code, name, dataset, ymd(first), ymd(last), n, country])
                .map_err(sql_err(self.path))?;
        }
        Ok(())
    }

    /// Replaces the dictionary's actors in `actors` (rows of origin `dictionary`), unless
    /// the store holds these very rows already (every ingest and import passes its
    /// dictionary; rewriting thirteen thousand unchanged rows each time cost more than a
    /// small import). Returns whether it wrote them.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn replace_dictionary_actors(&mut self, actors: &[DictionaryActor]) -> Result<bool> {
        // The rows as the table keeps them: keyed by (code, name, valid from), the first
        // of two with one key kept.
        let mut wanted: BTreeMap<(String, String, String), (String, String, String)> = BTreeMap::new();
        for a in actors {
            let from = a.valid_from.map(ymd).unwrap_or_default();
            wanted.entry((a.code.clone(), a.name.clone(), from)).or_insert_with(|| {
                (a.kind.clone(), a.valid_to.map(ymd).unwrap_or_default(), a.entry.clone())
            });
        }
        let stored: BTreeMap<(String, String, String), (String, String, String)> = {
            // Read in table order and compared as a map: an ORDER BY here makes SQLite sort
            // (and size a sorter for) rows that need none.
            let mut stmt = self
                .tx
                .prepare_cached(
                    "SELECT code, name, valid_from, kind, valid_to, coalesce(entry, '') FROM actors \
                     WHERE origin = 'dictionary'",
                )
                .map_err(self.e())?;
            let rows = stmt
                .query_map([], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), (r.get(3)?, r.get(4)?, r.get(5)?))))
                .map_err(self.e())?;
            rows.collect::<std::result::Result<_, _>>().map_err(self.e())?
        };
        let same = stored == wanted;
        if same {
            return Ok(false);
        }
        self.tx.execute("DELETE FROM actors WHERE origin = 'dictionary'", []).map_err(self.e())?;
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO actors (code, name, origin, kind, country, valid_from, valid_to, entry) \
                 VALUES (?1, ?2, 'dictionary', ?3, substr(?1, 1, 3), ?4, ?5, ?6)",
            )
            .map_err(sql_err(self.path))?;
        for ((code, name, from), (kind, to, entry)) in &wanted {
            stmt.execute(params![code, name, kind, from, to, entry]).map_err(sql_err(self.path))?;
        }
        Ok(true)
    }

    /// Sums the `clusters` rows selected by `filter` (with parameter `?1` = `param`) per
    /// dyad-month and month.
    fn sum_rows(&self, filter: &str, param: i64) -> Result<MonthSums> {
        let mut sums = MonthSums::default();
        let mut stmt = self
            .tx
            .prepare_cached(&format!(
                "SELECT source, target, event_date, goldstein, quad_class, directed FROM clusters WHERE {filter}"
            ))
            .map_err(self.e())?;
        let mut rows = stmt.query([param]).map_err(sql_err(self.path))?;
        while let Some(r) = rows.next().map_err(sql_err(self.path))? {
            let text = |i: usize| r.get_ref(i).and_then(|v| v.as_str().map_err(Into::into));
            let (source, target, date) = (
                text(0).map_err(sql_err(self.path))?,
                text(1).map_err(sql_err(self.path))?,
                text(2).map_err(sql_err(self.path))?,
            );
            let goldstein: f64 = r.get(3).map_err(sql_err(self.path))?;
            let quad: i64 = r.get(4).map_err(sql_err(self.path))?;
            let directed: bool = r.get(5).map_err(sql_err(self.path))?;
            sums.add(source, target, date, goldstein, quad, directed);
        }
        Ok(sums)
    }

    /// Adds (`sign` 1) or removes (`sign` −1) summed clusters to or from `dyad_months`
    /// and `month_totals`, in key order (summing in a hash map is several times faster
    /// than SQL's GROUP BY, which sorts every cluster). Removing drops the rows left at
    /// zero.
    fn write_sums(&self, sums: &MonthSums, sign: i64) -> Result<()> {
        let mut up = self
            .tx
            .prepare_cached(
                "INSERT INTO dyad_months (source_country, target_country, month, clusters, goldstein_sum, q1, q2, q3, q4) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
                 ON CONFLICT (source_country, target_country, month) DO UPDATE SET clusters = clusters + excluded.clusters, \
                 goldstein_sum = goldstein_sum + excluded.goldstein_sum, q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, \
                 q3 = q3 + excluded.q3, q4 = q4 + excluded.q4",
            )
            .map_err(sql_err(self.path))?;
        for ((s, t, m), v) in sums.dyads() {
            let q = v.quad.map(|n| sign * n);
            up.execute(params![
                s,
                t,
                m,
                sign * v.clusters,
                sign as f64 * v.goldstein,
                q[0],
                q[1],
                q[2],
                q[3]
            ])
            .map_err(sql_err(self.path))?;
        }
        let mut up = self
            .tx
            .prepare_cached(
                "INSERT INTO month_totals (month, clusters) VALUES (?1, ?2) \
                 ON CONFLICT (month) DO UPDATE SET clusters = clusters + excluded.clusters",
            )
            .map_err(sql_err(self.path))?;
        for (m, n) in sums.months() {
            up.execute(params![m, sign * n]).map_err(sql_err(self.path))?;
        }
        if sign < 0 {
            self.tx
                .execute_batch("DELETE FROM dyad_months WHERE clusters <= 0; DELETE FROM month_totals WHERE clusters <= 0;")
                .map_err(self.e())?;
        }
        Ok(())
    }

    /// Writes a part of the monthly sums (crate::months): a row of `dyad_month_parts` per
    /// dyad and one of `month_total_parts`.
    fn write_parts(&self, parts: &Parts) -> Result<()> {
        let e = sql_err(self.path);
        self.tx.execute("INSERT INTO month_total_parts (months) VALUES (?1)", [&parts.totals]).map_err(&e)?;
        let part = self.tx.last_insert_rowid();
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO dyad_month_parts (source_country, target_country, part, months) VALUES (?1, ?2, ?3, ?4)",
            )
            .map_err(&e)?;
        for (s, t, blob) in &parts.dyads {
            stmt.execute(params![s, t, part, blob]).map_err(&e)?;
        }
        Ok(())
    }

    /// Adds a document, or finds it unchanged, or replaces an earlier version (removing
    /// its sentences and events).
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_document(&mut self, doc: &NewDocument, run: Option<i64>) -> Result<DocumentOutcome> {
        let hash = doc.content_hash();
        let found: Option<(i64, String)> = self
            .tx
            .query_row("SELECT id, content_hash FROM documents WHERE doc_key = ?1", [&doc.key], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(self.e())?;
        match found {
            Some((id, h)) if h == hash => Ok(DocumentOutcome::Unchanged(id)),
            Some((id, _)) => {
                self.remove_document_content(id)?;
                self.tx
                    .execute(
                        "UPDATE documents SET content_hash = ?2, kind = ?3, title = ?4, source = ?5, url = ?6, published = ?7, \
                         retrieved = ?8, text = ?9, run_id = ?10 WHERE id = ?1",
                        params![
                            id,
                            hash,
                            doc.kind,
                            doc.title,
                            doc.source,
                            doc.url,
                            date_str(doc.published),
                            self.now,
                            doc.text,
                            run
                        ],
                    )
                    .map_err(self.e())?;
                Ok(DocumentOutcome::Replaced(id))
            }
            None => {
                self.tx
                    .execute(
                        "INSERT INTO documents (doc_key, content_hash, kind, title, source, url, published, retrieved, text, run_id) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                        params![
                            doc.key,
                            hash,
                            doc.kind,
                            doc.title,
                            doc.source,
                            doc.url,
                            date_str(doc.published),
                            self.now,
                            doc.text,
                            run
                        ],
                    )
                    .map_err(self.e())?;
                Ok(DocumentOutcome::New(self.tx.last_insert_rowid()))
            }
        }
    }

    fn remove_document_content(&mut self, id: i64) -> Result<()> {
        self.remove_document_events(id)?;
        self.tx.execute("DELETE FROM sentences WHERE doc_id = ?1", [id]).map_err(self.e())?;
        self.tx.execute("DELETE FROM citations WHERE doc_id = ?1", [id]).map_err(self.e())?;
        self.tx.execute("DELETE FROM citation_links WHERE doc_id = ?1", [id]).map_err(self.e())?;
        Ok(())
    }

    /// Removes the events coded from document `id` (a row id of `documents`): they leave
    /// their clusters, and clusters left without events leave the monthly aggregates. The
    /// document, its sentences and citations stay (`quidpro recode` adds its events again).
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn remove_document_events(&mut self, id: i64) -> Result<()> {
        // The document's events leave their clusters.
        let counts: Vec<(i64, i64)> = {
            let mut stmt = self
                .tx
                .prepare_cached(
                    "SELECT cluster_id, count(*) FROM coded_events WHERE doc_id = ?1 AND cluster_id IS NOT NULL GROUP BY cluster_id",
                )
                .map_err(self.e())?;
            let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.e())?;
            rows.collect::<std::result::Result<_, _>>().map_err(self.e())?
        };
        for (c, k) in &counts {
            self.tx
                .execute("UPDATE clusters SET n_events = n_events - ?2 WHERE id = ?1", params![c, k])
                .map_err(self.e())?;
        }
        // Their keys leave the sets that skip stored events, so that the same events may
        // come back (a story replaced, then restored in the same run). The store's set
        // of a dataset is read again when next needed; rows are also checked in SQL.
        let gone: Vec<(String, String)> = {
            let mut stmt = self
                .tx
                .prepare_cached("SELECT dataset, dataset_id FROM coded_events WHERE doc_id = ?1")
                .map_err(self.e())?;
            let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.e())?;
            rows.collect::<std::result::Result<_, _>>().map_err(self.e())?
        };
        for (dataset, dataset_id) in &gone {
            if let Some(k) = self.keys.get_mut(dataset) {
                k.remove(&event_key(dataset, dataset_id));
            }
            self.sets.keys.remove(dataset);
        }
        self.tx.execute("DELETE FROM coded_events WHERE doc_id = ?1", [id]).map_err(self.e())?;
        // Clusters left without events leave the monthly aggregates, then go.
        let gone = self.sum_rows("n_events <= 0 AND ?1 = ?1", 0)?;
        self.write_sums(&gone, -1)?;
        let ids: Vec<i64> = {
            let mut stmt =
                self.tx.prepare_cached("SELECT id FROM clusters WHERE n_events <= 0").map_err(self.e())?;
            let rows = stmt.query_map([], |r| r.get(0)).map_err(self.e())?;
            rows.collect::<std::result::Result<_, _>>().map_err(self.e())?
        };
        for c in ids {
            self.rows_added.remove(&c);
            self.rows_removed.insert(c);
        }
        self.tx.execute("DELETE FROM clusters WHERE n_events <= 0", []).map_err(self.e())?;
        Ok(())
    }

    /// The row ids of the stored documents, in storing order.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn document_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = self.tx.prepare_cached("SELECT id FROM documents ORDER BY id").map_err(self.e())?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(self.e())?;
        rows.collect::<std::result::Result<_, _>>().map_err(self.e())
    }

    /// A stored document (as [`NewDocument`]) by its row id.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn document(&self, id: i64) -> Result<Option<NewDocument>> {
        self.tx
            .query_row(
                "SELECT doc_key, kind, title, source, url, published, text FROM documents WHERE id = ?1",
                [id],
                |r| {
                    Ok(NewDocument {
                        key: r.get(0)?,
                        kind: r.get(1)?,
                        title: r.get(2)?,
                        source: r.get(3)?,
                        url: r.get(4)?,
                        published: r
                            .get::<_, Option<String>>(5)?
                            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                        text: r.get(6)?,
                    })
                },
            )
            .optional()
            .map_err(self.e())
    }

    /// The events coded from document `id`, as they were stored (`retrieved` and the run
    /// aside), in storing order.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails; [`Error::Invalid`] for a row that is no event.
    pub fn document_events(&self, id: i64) -> Result<Vec<NewEvent>> {
        let e = sql_err(self.path);
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT dataset, dataset_id, event_date, date_precision, published, source, target, code, directed, \
                 modality, attribution, source_name, target_name, sentence, span_start, span_end, rule, entries, text, \
                 url, doc_key, date_source, content, coder_version, dict_hash FROM coded_events WHERE doc_id = ?1 ORDER BY id",
            )
            .map_err(&e)?;
        let mut rows = stmt.query([id]).map_err(&e)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(&e)? {
            let text = |i: usize| r.get::<_, Option<String>>(i).map_err(&e);
            let s = |i: usize| r.get::<_, String>(i).map_err(&e);
            let mut ev = NewEvent::new(&s(0)?, &s(1)?, &s(2)?, &s(5)?, &s(6)?, &s(7)?)?;
            ev.date_precision = s(3)?;
            ev.published = text(4)?.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
            ev.directed = r.get(8).map_err(&e)?;
            ev.modality = s(9)?;
            ev.attribution = s(10)?;
            ev.source_name = text(11)?;
            ev.target_name = text(12)?;
            ev.sentence = r.get::<_, Option<i64>>(13).map_err(&e)?.map(|v| v as usize);
            let (a, b): (Option<i64>, Option<i64>) = (r.get(14).map_err(&e)?, r.get(15).map_err(&e)?);
            ev.span = a.zip(b).map(|(a, b)| Span::new(a as usize, b as usize));
            ev.rule = text(16)?;
            ev.entries = text(17)?.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default();
            ev.text = text(18)?;
            ev.url = text(19)?;
            ev.doc_id = Some(id);
            ev.doc_key = text(20)?;
            ev.date_source = s(21)?;
            ev.content = text(22)?;
            ev.coder_version = text(23)?;
            ev.dict_hash = text(24)?;
            out.push(ev);
        }
        Ok(out)
    }

    /// Adds a sentence of a document.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_sentence(&mut self, doc_id: i64, s: &NewSentence, text: &str) -> Result<()> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO sentences (doc_id, idx, span_start, span_end, text) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(self.e())?;
        stmt.execute(params![
            doc_id,
            s.index as i64,
            s.span.start as i64,
            s.span.end as i64,
            s.span.slice(text)
        ])
        .map_err(self.e())?;
        Ok(())
    }

    /// Writes the collected segments, the clusters and the monthly aggregates, and
    /// commits.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if the commit fails; then nothing of the batch is stored.
    pub fn commit(mut self) -> Result<()> {
        // The segments still collecting go to the encoding thread, which encodes them
        // while this one writes the clusters, aggregates and actors; then all are stored.
        let ats: Vec<usize> = (0..self.builders.len()).filter(|&i| self.builders[i].3.len() > 0).collect();
        for at in ats {
            let encoder = self.encoder.get_or_insert_with(Encoder::start);
            let (dataset, run, retrieved, b) = &mut self.builders[at];
            let new = std::mem::take(&mut self.segment_sums);
            let full = std::mem::replace(b, Builder::new());
            encoder.send(Job::Segment(dataset.clone(), *run, retrieved.clone(), full, new))?;
        }
        // The monthly sums of the segment events' new clusters: from the encoding thread,
        // which summed them segment by segment, or summed here.
        let rest = std::mem::take(&mut self.segment_sums);
        let mut local = None;
        let parts_from = self.parts_from;
        match self.encoder.as_mut() {
            Some(encoder) => encoder.send(Job::Finish(rest, parts_from))?,
            None => local = Some(rest),
        }
        self.write_clusters()?;
        let sums = std::mem::take(&mut self.sums);
        self.write_sums(&sums, 1)?;
        self.write_actors()?;
        let from_encoder = self.store_encoded_segments(true)?;
        let (sums, parts) = match (from_encoder, local) {
            (Some(done), _) => done,
            (None, Some(rest)) => {
                let all = rest.sorted();
                match (all.len() > 0 && all.len() >= parts_from).then(|| all.parts()).flatten() {
                    Some(parts) => (MonthSums::default(), Some(parts)),
                    None => (all.into_month_sums(), None),
                }
            }
            (None, None) => (MonthSums::default(), None),
        };
        match parts {
            Some(p) => self.write_parts(&p)?,
            None if !sums.is_empty() => self.write_sums(&sums, 1)?,
            None => {}
        }
        let Batch { tx, path, sets, keys, clusters, rows_added, rows_removed, .. } = self;
        tx.commit().map_err(sql_err(path))?;
        // What the store now holds, for the next batches.
        for (dataset, k) in keys {
            if let Some(set) = sets.keys.get_mut(&dataset) {
                set.extend(k);
            }
        }
        if sets.clusters_loaded {
            sets.segment_clusters.extend(clusters.keys().copied());
            for c in rows_removed {
                sets.row_clusters.remove(&c);
            }
            sets.row_clusters.extend(rows_added);
        }
        Ok(())
    }
}

/// A thread that encodes full segments ([`Builder::encode`]) handed to it in order, and
/// hands them back encoded with the emptied builder, for reuse; it also sums the new
/// clusters of each segment's rows into the batch's monthly sums, handed back at the end.
struct Encoder {
    /// At most one segment waits while one is encoded: the writer blocks rather than
    /// collecting segments faster than they are encoded.
    send: std::sync::mpsc::SyncSender<Job>,
    done: std::sync::mpsc::Receiver<Done>,
    /// Segments sent and not yet received back.
    pending: usize,
    /// Whether the sums were asked for and not yet received.
    summing: bool,
    /// An emptied builder to collect the next segment in.
    spare: Vec<Builder>,
}

enum Job {
    /// A segment to encode, and the new clusters of rows added since the last job.
    Segment(String, Option<i64>, Option<String>, Builder, SegmentSums),
    /// The last new clusters: then the sums of all are handed back, made a part when they
    /// cover this many dyad-months or more.
    Finish(SegmentSums, usize),
}

enum Done {
    /// Dataset, run, kept retrieval time, the segment, the emptied builder.
    Segment(String, Option<i64>, Option<String>, segment::Encoded, Builder),
    Sums(MonthSums, Option<Parts>),
}

impl Encoder {
    fn start() -> Encoder {
        let (send, jobs) = std::sync::mpsc::sync_channel::<Job>(1);
        let (finished, done) = std::sync::mpsc::channel::<Done>();
        // The thread ends when the batch drops its sender (committed or dropped).
        std::thread::spawn(move || {
            let mut sums = SortedSums::default();
            for job in jobs {
                let reply = match job {
                    Job::Segment(dataset, run, retrieved, mut b, new) => {
                        let enc = b.encode();
                        let reply = finished.send(Done::Segment(dataset, run, retrieved, enc, b));
                        sums = std::mem::take(&mut sums).merge(new.sorted());
                        reply
                    }
                    Job::Finish(new, parts_from) => {
                        let all = std::mem::take(&mut sums).merge(new.sorted());
                        let done =
                            match (all.len() > 0 && all.len() >= parts_from).then(|| all.parts()).flatten() {
                                Some(parts) => Done::Sums(MonthSums::default(), Some(parts)),
                                None => Done::Sums(all.into_month_sums(), None),
                            };
                        finished.send(done)
                    }
                };
                if reply.is_err() {
                    return;
                }
            }
        });
        Encoder { send, done, pending: 0, summing: false, spare: Vec::new() }
    }

    fn send(&mut self, job: Job) -> Result<()> {
        let finish = matches!(job, Job::Finish(..));
        self.send.send(job).map_err(|_| Error::Invalid("the thread encoding segments ended".into()))?;
        if finish {
            self.summing = true;
        } else {
            self.pending += 1;
        }
        Ok(())
    }
}

/// Inserts a `clusters` row of `n` events, or adds `more` to the row there.
fn insert_cluster(
    tx: &Transaction<'_>,
    path: &Path,
    c: &ClusterInfo,
    id: i64,
    n: i64,
    more: i64,
) -> Result<()> {
    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO clusters (id, event_date, source, target, code, n_events, goldstein, quad_class, directed) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
             ON CONFLICT (id) DO UPDATE SET n_events = n_events + ?10",
        )
        .map_err(sql_err(path))?;
    stmt.execute(params![
        id,
        ymd(c.date),
        c.source,
        c.target,
        c.code.as_str(),
        n,
        c.code.goldstein(),
        c.code.quad_class().number(),
        c.directed,
        more
    ])
    .map_err(sql_err(path))?;
    Ok(())
}

/// Encodes the rows collected in `b` (emptying it) and stores them as a segment.
fn store_segment(
    tx: &Transaction<'_>,
    path: &Path,
    dataset: &str,
    run: Option<i64>,
    retrieved: &str,
    b: &mut Builder,
) -> Result<()> {
    if b.len() == 0 {
        return Ok(());
    }
    store_encoded(tx, path, dataset, run, retrieved, b.encode())
}

/// Stores an encoded segment.
fn store_encoded(
    tx: &Transaction<'_>,
    path: &Path,
    dataset: &str,
    run: Option<i64>,
    retrieved: &str,
    enc: segment::Encoded,
) -> Result<()> {
    let e = sql_err(path);
    tx.prepare_cached(
        "INSERT INTO segments (dataset, run_id, retrieved, rows, min_date, max_date, keys, clusters) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .and_then(|mut s| {
        s.execute(params![
            dataset,
            run,
            retrieved,
            enc.rows as i64,
            ymd(enc.min_date),
            ymd(enc.max_date),
            enc.keys,
            enc.clusters
        ])
    })
    .map_err(&e)?;
    let id = tx.last_insert_rowid();
    let mut groups =
        tx.prepare_cached("INSERT INTO segment_groups (id, data) VALUES (?1, ?2)").map_err(&e)?;
    for (g, data) in enc.groups.iter().enumerate() {
        groups.execute(params![segment::group_id(id, g), data]).map_err(&e)?;
    }
    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO segment_dyads (source_country, target_country, segment, first_row, rows, min_date, max_date) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .map_err(&e)?;
    for d in &enc.dyads {
        stmt.execute(params![
            d.source_country,
            d.target_country,
            id,
            d.first_row,
            d.rows,
            ymd(d.min_date),
            ymd(d.max_date)
        ])
        .map_err(&e)?;
    }
    Ok(())
}

/// The Rust step of migration 9 → 10 (after its SQL, in its transaction): moves the
/// imported events (rows without a document) into segments, one run of a dataset after
/// another, and rebuilds `clusters` with hashed keys: a row for every cluster with a
/// coded event or more than one event. The monthly aggregates count the same clusters as
/// before and stay.
pub(crate) fn migrate_to_segments(tx: &Transaction<'_>, path: &Path) -> Result<()> {
    let e = sql_err(path);
    // Imported rows of old stores still name clusters by their old ids; they leave with
    // the old table (the caller turns foreign keys off for this step, and checks them).
    tx.execute_batch("UPDATE events SET cluster_id = NULL WHERE doc_id IS NOT NULL; DELETE FROM clusters;")
        .map_err(&e)?;
    // Per cluster: events and whether a coded event is in it; the fields of those that
    // get a row (two events or more, or a coded one).
    let mut clusters: FxHashMap<i64, (i64, bool)> = FxHashMap::default();
    let mut infos: FxHashMap<i64, Box<ClusterInfo>> = FxHashMap::default();
    let mut count = |ev: &NewEvent, ckey: i64, coded: bool| {
        let c = clusters.entry(ckey).or_insert((0, false));
        c.0 += 1;
        c.1 |= coded;
        if c.0 > 1 || c.1 {
            infos.entry(ckey).or_insert_with(|| ClusterInfo::of(ev));
        }
    };
    // The coded events and their cluster keys, set once the clusters are written.
    let coded: Vec<(String, String, i64)> = {
        let mut stmt = tx
            .prepare(
                "SELECT dataset, dataset_id, event_date, date_precision, published, retrieved, source, target, code, \
                 directed, modality, attribution, source_name, target_name, sentence, span_start, span_end, rule, \
                 entries, text, file, line, url, run_id, doc_key, doc_id FROM events ORDER BY id",
            )
            .map_err(&e)?;
        let mut rows = stmt.query([]).map_err(&e)?;
        let mut builder = Builder::new();
        // The dataset, run and retrieval time of the rows in `builder`.
        let mut group: Option<(String, Option<i64>, String)> = None;
        let mut coded: Vec<(String, String, i64)> = Vec::new();
        while let Some(r) = rows.next().map_err(&e)? {
            let text = |i: usize| r.get::<_, Option<String>>(i);
            let date = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
                Ok(text(i)?.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
            };
            let dataset: String = r.get(0).map_err(&e)?;
            let id: String = r.get(1).map_err(&e)?;
            let day: String = r.get(2).map_err(&e)?;
            let mut ev = NewEvent::new(
                &dataset,
                &id,
                &day,
                &r.get::<_, String>(6).map_err(&e)?,
                &r.get::<_, String>(7).map_err(&e)?,
                &r.get::<_, String>(8).map_err(&e)?,
            )
            .map_err(|err| Error::Invalid(format!("event {dataset}/{id} cannot move to a segment: {err}")))?;
            ev.date_precision = r.get(3).map_err(&e)?;
            ev.published = date(4).map_err(&e)?;
            ev.directed = r.get(9).map_err(&e)?;
            ev.modality = r.get(10).map_err(&e)?;
            ev.attribution = r.get(11).map_err(&e)?;
            ev.source_name = text(12).map_err(&e)?;
            ev.target_name = text(13).map_err(&e)?;
            ev.sentence = r.get::<_, Option<i64>>(14).map_err(&e)?.map(|v| v as usize);
            let (a, b): (Option<i64>, Option<i64>) = (r.get(15).map_err(&e)?, r.get(16).map_err(&e)?);
            ev.span = a.zip(b).map(|(a, b)| Span::new(a as usize, b as usize));
            ev.rule = text(17).map_err(&e)?;
            ev.entries =
                text(18).map_err(&e)?.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default();
            ev.text = text(19).map_err(&e)?;
            let (file, line): (Option<String>, Option<i64>) =
                (r.get(20).map_err(&e)?, r.get(21).map_err(&e)?);
            ev.file_line = file.map(|f| (f, line.unwrap_or(0) as u64));
            ev.url = text(22).map_err(&e)?;
            let run: Option<i64> = r.get(23).map_err(&e)?;
            ev.doc_key = text(24).map_err(&e)?;
            let doc_id: Option<i64> = r.get(25).map_err(&e)?;
            let ckey = cluster_key(ev.event_date, &ev.source, &ev.target, ev.code.as_str());
            count(&ev, ckey, doc_id.is_some());
            if doc_id.is_some() {
                coded.push((dataset, id, ckey));
                continue;
            }
            let retrieved: String = r.get(5).map_err(&e)?;
            let here = (dataset, run, retrieved);
            if group.as_ref() != Some(&here) || builder.full() {
                if let Some((d, run, at)) = group.take() {
                    store_segment(tx, path, &d, run, &at, &mut builder)?;
                }
                group = Some(here);
            }
            builder.push(&ev, event_key(&ev.dataset, &ev.dataset_id), ckey);
        }
        if let Some((d, run, at)) = group.take() {
            store_segment(tx, path, &d, run, &at, &mut builder)?;
        }
        coded
    };
    // The table is built again with the coded events only (deleting millions of imported
    // rows one by one through every index takes far longer), with its indexes.
    let table: String = tx
        .query_row("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'", [], |r| r.get(0))
        .map_err(&e)?;
    let indexes: Vec<String> = {
        let mut stmt = tx
            .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL")
            .map_err(&e)?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(&e)?;
        rows.collect::<std::result::Result<_, _>>().map_err(&e)?
    };
    let Some(rest) = table.strip_prefix("CREATE TABLE events") else {
        return Err(Error::Invalid(format!("events table of an unknown form: {table}")));
    };
    tx.execute_batch(&format!(
        "CREATE TABLE events_v10{rest}; INSERT INTO events_v10 SELECT * FROM events WHERE doc_id IS NOT NULL; \
         DROP TABLE events; ALTER TABLE events_v10 RENAME TO events;"
    ))
    .map_err(&e)?;
    for sql in indexes {
        tx.execute_batch(&sql).map_err(&e)?;
    }
    let mut keep: Vec<(i64, i64, Box<ClusterInfo>)> =
        infos.into_iter().map(|(id, c)| (id, clusters.get(&id).map_or(1, |n| n.0), c)).collect();
    keep.sort_unstable_by_key(|c| c.0);
    for (id, n, c) in keep {
        insert_cluster(tx, path, &c, id, n, 0)?;
    }
    let mut set =
        tx.prepare("UPDATE events SET cluster_id = ?3 WHERE dataset = ?1 AND dataset_id = ?2").map_err(&e)?;
    for (dataset, id, ckey) in &coded {
        set.execute(params![dataset, id, ckey]).map_err(&e)?;
    }
    Ok(())
}

/// A mention of an event in a source (GDELT 2.0 mentions).
#[derive(Clone, Debug, PartialEq)]
pub struct NewMention {
    /// Dataset (`gdelt2`).
    pub dataset: String,
    /// The dataset's event id.
    pub event_id: String,
    /// Event time as given.
    pub event_time: Option<String>,
    /// Mention time as given.
    pub mention_time: Option<String>,
    /// Mention type (1 web, 2 citation-only, ...).
    pub mention_type: Option<i64>,
    /// Source name.
    pub source_name: Option<String>,
    /// URL or identifier.
    pub url: String,
    /// Sentence number in the article.
    pub sentence: Option<i64>,
    /// Character offsets of actor 1, actor 2 and the action in the article (-1: none);
    /// with the event, URL and sentence they tell one mention from another.
    pub offsets: [Option<i64>; 3],
    /// Confidence (0–100).
    pub confidence: Option<i64>,
    /// Document tone.
    pub doc_tone: Option<f64>,
    /// File and line.
    pub file_line: Option<(String, u64)>,
}

impl Batch<'_> {
    /// Adds a mention unless stored already; returns whether it was added.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_mention(&mut self, m: &NewMention, run: Option<i64>) -> Result<bool> {
        let (file, line) = match &m.file_line {
            Some((f, l)) => (Some(f.as_str()), Some(*l as i64)),
            None => (None, None),
        };
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO mentions (dataset, event_id, event_time, mention_time, mention_type, source_name, url, \
                 sentence, confidence, doc_tone, file, line, run_id, actor1_offset, actor2_offset, action_offset) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )
            .map_err(sql_err(self.path))?;
        let n = stmt
            .execute(params![
                m.dataset,
                m.event_id,
                m.event_time,
                m.mention_time,
                m.mention_type,
                m.source_name,
                m.url,
                m.sentence,
                m.confidence,
                m.doc_tone,
                file,
                line,
                run,
                m.offsets[0],
                m.offsets[1],
                m.offsets[2],
            ])
            .map_err(sql_err(self.path))?;
        Ok(n == 1)
    }
}

/// A cited work of a document's footnote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewCitation {
    /// The footnote's label.
    pub footnote: String,
    /// The work's place in the footnote.
    pub index: usize,
    /// A "See also" work.
    pub secondary: bool,
    /// Title.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Access date.
    pub accessed: Option<NaiveDate>,
    /// The first URL.
    pub url: Option<String>,
    /// Where it stands in the document text.
    pub span: Span,
}

impl Batch<'_> {
    /// Adds a cited work of a document.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_citation(&mut self, doc_id: i64, c: &NewCitation) -> Result<()> {
        self.tx
            .execute(
                "INSERT OR REPLACE INTO citations (doc_id, footnote, idx, secondary, title, outlet, language, published, accessed, \
                 url, span_start, span_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    doc_id,
                    c.footnote,
                    c.index as i64,
                    c.secondary,
                    c.title,
                    c.outlet,
                    c.language,
                    date_str(c.published),
                    date_str(c.accessed),
                    c.url,
                    c.span.start as i64,
                    c.span.end as i64
                ],
            )
            .map_err(sql_err(self.path))?;
        Ok(())
    }

    /// Records that sentence `sentence` of a document carries the marker of `footnote`.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn add_citation_link(&mut self, doc_id: i64, sentence: usize, footnote: &str) -> Result<()> {
        self.tx
            .execute(
                "INSERT OR IGNORE INTO citation_links (doc_id, sentence, footnote) VALUES (?1, ?2, ?3)",
                params![doc_id, sentence as i64, footnote],
            )
            .map_err(sql_err(self.path))?;
        Ok(())
    }
}

impl Batch<'_> {
    /// Replaces the stored obligations register: `(id, title, record JSON, file, line)`.
    ///
    /// # Errors
    /// [`Error::Sqlite`] if SQLite fails.
    pub fn replace_instruments(&mut self, rows: &[(String, String, String, String, usize)]) -> Result<()> {
        self.tx.execute("DELETE FROM instruments", []).map_err(sql_err(self.path))?;
        for (id, title, record, file, line) in rows {
            self.tx
                .execute(
                    "INSERT INTO instruments (id, title, record, file, line) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, title, record, file, *line as i64],
                )
                .map_err(sql_err(self.path))?;
        }
        Ok(())
    }
}
