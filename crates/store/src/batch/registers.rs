//! The actor and obligation registers: the imported actors a batch saw, the
//! dictionary's actors and the obligations register (`actors`, `instruments`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::params;

use crate::{sql_err, Result};

use super::{ymd, Batch};

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

impl Batch<'_> {
    /// Writes the batch's imported actors to `actors`, in key order.
    pub(super) fn write_actors(&mut self) -> Result<()> {
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
    /// [`Error::Sqlite`](crate::Error::Sqlite) if SQLite fails.
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
}

impl Batch<'_> {
    /// Replaces the stored obligations register: `(id, title, record JSON, file, line)`.
    ///
    /// # Errors
    /// [`Error::Sqlite`](crate::Error::Sqlite) if SQLite fails.
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
