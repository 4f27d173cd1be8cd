//! Reading the `actors` table: [`ActorQuery`] filters, [`StoredActor`] rows.
//!
//! # The JSON form of a stored actor (stable)
//!
//! `quidpro actors --format jsonl` writes one object per row:
//!
//! | field | meaning |
//! |---|---|
//! | `code` | the actor code events carry (`TURGOV`) |
//! | `name` | a name it goes by: the dictionary entry's label or name, or a dataset's actor text (`""` when the dataset gives none) |
//! | `origin` | `dictionary`, or the dataset whose events name it so (`gdelt2`, `icews`, ...) |
//! | `kind` | `country`, `person`, `organisation` (dictionary) or `dataset` |
//! | `country` | the code's first three letters |
//! | `valid_from`, `valid_to` | dictionary: the days the code holds for the name (people's offices); `null` when open |
//! | `entry` | dictionary: the entry's `file:line` |
//! | `first_event`, `last_event` | dataset: the earliest and latest event naming it so |
//! | `events` | dataset: events naming it so, as source or target |

use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::{sql_err, Result, Store};

/// Filters for [`Store::actors`]; every field left `None` matches all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActorQuery {
    /// The name contains this (any case, diacritics folded), or the code starts with it;
    /// the rows are then ranked by how well they match ([`match_rank`]).
    pub text: Option<String>,
    /// The code starts with this.
    pub code: Option<String>,
    /// The country (first three letters of the code) is this.
    pub country: Option<String>,
    /// `dictionary` or a dataset.
    pub origin: Option<String>,
    /// At most this many rows.
    pub limit: Option<u64>,
}

/// A row of `actors`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredActor {
    /// The code.
    pub code: String,
    /// A name.
    pub name: String,
    /// `dictionary` or the dataset.
    pub origin: String,
    /// `country`, `person`, `organisation` or `dataset`.
    pub kind: String,
    /// The code's country.
    pub country: String,
    /// First day the code holds for the name, if bounded.
    pub valid_from: Option<String>,
    /// Last day, if bounded.
    pub valid_to: Option<String>,
    /// The dictionary entry's `file:line`.
    pub entry: Option<String>,
    /// The earliest event naming it so.
    pub first_event: Option<String>,
    /// The latest.
    pub last_event: Option<String>,
    /// Events naming it so.
    pub events: i64,
}

/// Folds a text for matching names: diacritics and other scripts transliterated to
/// ASCII (`Erdoğan` → `erdogan`), lower case, surrounding space trimmed.
pub fn fold(s: &str) -> String {
    deunicode::deunicode(s).trim().to_lowercase()
}

/// How well an actor row matches a search text: 0 its code is the text, 1 its name is
/// the text, 2 its name starts with it, 3 its code starts with it, 4 a word of its name
/// starts with it, 5 its name contains it; `None` when it does not match. Names are
/// compared folded ([`fold`]), codes in upper case.
pub fn match_rank(code: &str, name: &str, code_q: &str, name_q: &str) -> Option<u8> {
    if code == code_q {
        return Some(0);
    }
    let n = fold(name);
    if name_q.is_empty() {
        return code.starts_with(code_q).then_some(3);
    }
    if n == name_q {
        Some(1)
    } else if n.starts_with(name_q) {
        Some(2)
    } else if !code_q.is_empty() && code.starts_with(code_q) {
        Some(3)
    } else if n.match_indices(name_q).any(|(i, _)| !n[..i].ends_with(|c: char| c.is_alphanumeric())) {
        Some(4)
    } else if n.contains(name_q) {
        Some(5)
    } else {
        None
    }
}

impl Store {
    /// The actors matching `q`. Without a text: dictionary rows first, then datasets' by
    /// events (most first), each by code and name. With a text ([`ActorQuery::text`]),
    /// names are compared with their diacritics folded ([`fold`]: `erdogan` finds
    /// Erdoğan) and the rows are ranked by [`match_rank`] first: the exact code, then
    /// names equal to the text, names starting with it, codes starting with it, names
    /// with a word starting with it, and names containing it (`TUR` lists Turkey before
    /// Arturo).
    ///
    /// # Errors
    /// [`crate::Error::Sqlite`] if SQLite fails.
    pub fn actors(&self, q: &ActorQuery) -> Result<Vec<StoredActor>> {
        let mut sql = String::from(
            "SELECT code, name, origin, kind, country, valid_from, valid_to, entry, first_event, last_event, events \
             FROM actors WHERE 1=1",
        );
        let mut args: Vec<Value> = Vec::new();
        // User input is taken literally: `%` and `_` are escaped.
        let clean = |s: &str| crate::like_escape(s);
        if let Some(c) = &q.code {
            args.push(Value::Text(format!("{}%", clean(c).to_uppercase())));
            sql.push_str(&format!(" AND code LIKE ?{} ESCAPE '\\'", args.len()));
        }
        if let Some(c) = &q.country {
            args.push(Value::Text(c.to_uppercase()));
            sql.push_str(&format!(" AND country = ?{}", args.len()));
        }
        if let Some(o) = &q.origin {
            args.push(Value::Text(o.to_lowercase()));
            sql.push_str(&format!(" AND origin = ?{}", args.len()));
        }
        sql.push_str(" ORDER BY origin <> 'dictionary', events DESC, code, name, origin, valid_from");
        // With a text the rows are filtered and ranked here, so the limit comes after.
        if let (Some(n), None) = (q.limit, &q.text) {
            sql.push_str(&format!(" LIMIT {n}"));
        }
        let e = sql_err(&self.path);
        let mut stmt = self.conn.prepare(&sql).map_err(&e)?;
        let open = |s: String| (!s.is_empty()).then_some(s);
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok(StoredActor {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    origin: r.get(2)?,
                    kind: r.get(3)?,
                    country: r.get(4)?,
                    valid_from: open(r.get(5)?),
                    valid_to: open(r.get(6)?),
                    entry: r.get(7)?,
                    first_event: r.get(8)?,
                    last_event: r.get(9)?,
                    events: r.get(10)?,
                })
            })
            .map_err(&e)?;
        let Some(text) = &q.text else {
            return rows.collect::<std::result::Result<Vec<_>, _>>().map_err(&e);
        };
        let (code_q, name_q) = (text.trim().to_uppercase(), fold(text));
        if code_q.is_empty() {
            return Ok(Vec::new());
        }
        // The SQL order is kept within a rank (the sort is stable).
        let mut ranked = Vec::new();
        for row in rows {
            let row = row.map_err(&e)?;
            if let Some(rank) = match_rank(&row.code, &row.name, &code_q, &name_q) {
                ranked.push((rank, row));
            }
        }
        ranked.sort_by_key(|(rank, _)| *rank);
        let limit = q.limit.map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
        Ok(ranked.into_iter().take(limit).map(|(_, r)| r).collect())
    }

    /// Whether the store knows `code` as an actor code or the start of one (`TUR` for
    /// `TURGOV`): an actor of the dictionaries or the datasets, or a side of a stored
    /// coded event (which joins a country and roles, `TURCVL`, that the actors table
    /// need not list; imported events' codes are all in it). Without an index on codes
    /// the coded events are scanned when the actors table does not know the code.
    ///
    /// # Errors
    /// [`crate::Error::Sqlite`] if SQLite fails.
    pub fn knows_actor_code(&self, code: &str) -> Result<bool> {
        let pattern = format!("{}%", crate::like_escape(&code.to_uppercase()));
        let e = sql_err(&self.path);
        // Imported events' codes are all in `actors`; coded events' only in `events`.
        let found: Option<i64> = self
            .conn
            .query_row(
                "SELECT 1 FROM actors WHERE code LIKE ?1 ESCAPE '\\' \
                 UNION ALL SELECT 1 FROM coded_events WHERE source LIKE ?1 ESCAPE '\\' OR target LIKE ?1 ESCAPE '\\' \
                 LIMIT 1",
                [pattern],
                |r| r.get(0),
            )
            .optional()
            .map_err(&e)?;
        Ok(found.is_some())
    }

    /// The actor a text most likely means ([`Store::actors`]' first row for it), for a
    /// hint such as "did you mean TUR (Turkey)?"; `None` when nothing matches.
    ///
    /// # Errors
    /// [`crate::Error::Sqlite`] if SQLite fails.
    pub fn suggest_actor(&self, text: &str) -> Result<Option<StoredActor>> {
        let q = ActorQuery { text: Some(text.to_string()), limit: Some(1), ..Default::default() };
        Ok(self.actors(&q)?.into_iter().next())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DictionaryActor, NewEvent};

    #[test]
    fn imported_actors_are_counted_and_dated_and_dictionary_rows_replace() {
        let mut store = Store::open_in_memory().unwrap();
        let mut b = store.batch().unwrap();
        let ev = |id: &str, date: &str, s: &str, sn: &str| {
            let mut e = NewEvent::new("gdelt2", id, date, s, "AZEGOV", "042").unwrap();
            e.source_name = Some(sn.into());
            e.target_name = Some("AZERBAIJAN".into());
            e
        };
        let evs = [
            ev("1", "2024-03-01", "TURGOV", "ANKARA"),
            ev("2", "2024-01-05", "TURGOV", "ANKARA"),
            ev("3", "2024-02-01", "TUR", "TURKEY"),
            ev("1", "2025-01-01", "TURGOV", "ANKARA"), // a duplicate: not counted
        ];
        assert_eq!(b.add_events(evs.iter(), None).unwrap(), 3);
        let turkey = DictionaryActor {
            code: "TUR".into(),
            name: "Turkey".into(),
            kind: "country".into(),
            valid_from: None,
            valid_to: None,
            entry: "actors/countries.txt:1".into(),
        };
        assert!(b.replace_dictionary_actors(std::slice::from_ref(&turkey)).unwrap());
        // The same rows again are left as they are; a changed entry is written.
        assert!(!b.replace_dictionary_actors(std::slice::from_ref(&turkey)).unwrap());
        let moved = DictionaryActor { entry: "actors/countries.txt:2".into(), ..turkey.clone() };
        assert!(b.replace_dictionary_actors(&[moved, turkey.clone()]).unwrap());
        assert!(b.replace_dictionary_actors(std::slice::from_ref(&turkey)).unwrap());
        b.commit().unwrap();
        let all = store.actors(&ActorQuery::default()).unwrap();
        assert_eq!(all[0].origin, "dictionary");
        let ankara = store.actors(&ActorQuery { text: Some("ankara".into()), ..Default::default() }).unwrap();
        assert_eq!(ankara.len(), 1);
        assert_eq!(
            (ankara[0].events, ankara[0].first_event.as_deref(), ankara[0].last_event.as_deref()),
            (2, Some("2024-01-05"), Some("2024-03-01"))
        );
        let aze = store.actors(&ActorQuery { country: Some("aze".into()), ..Default::default() }).unwrap();
        assert_eq!((aze.len(), aze[0].events), (1, 3));
        // A later batch adds to the counts and widens the dates.
        let mut b = store.batch().unwrap();
        b.add_event(&ev("9", "2023-12-31", "TURGOV", "ANKARA"), None).unwrap();
        assert!(b.replace_dictionary_actors(&[]).unwrap());
        b.commit().unwrap();
        let ankara = store.actors(&ActorQuery { code: Some("turgov".into()), ..Default::default() }).unwrap();
        assert_eq!((ankara[0].events, ankara[0].first_event.as_deref()), (3, Some("2023-12-31")));
        assert!(store
            .actors(&ActorQuery { origin: Some("dictionary".into()), ..Default::default() })
            .unwrap()
            .is_empty());
    }

    #[test]
    fn search_folds_diacritics_and_ranks_codes_then_names_then_substrings() {
        let mut store = Store::open_in_memory().unwrap();
        let actor = |code: &str, name: &str, kind: &str| DictionaryActor {
            code: code.into(),
            name: name.into(),
            kind: kind.into(),
            valid_from: None,
            valid_to: None,
            entry: format!("actors/x.txt:{code}"),
        };
        let mut b = store.batch().unwrap();
        b.replace_dictionary_actors(&[
            actor("ARGGOV", "Arturo Puricelli", "person"),
            actor("TURGOV", "Recep Tayyip Erdoğan", "person"),
            actor("TURMIL", "Turkish Armed Forces", "organisation"),
            actor("TUR", "Turkey", "country"),
            actor("AZE", "Azerbaijan", "country"),
        ])
        .unwrap();
        b.commit().unwrap();
        let codes = |text: &str| -> Vec<String> {
            let q = ActorQuery { text: Some(text.into()), ..Default::default() };
            store.actors(&q).unwrap().into_iter().map(|a| a.code).collect()
        };
        assert_eq!(codes("erdogan"), ["TURGOV"]);
        assert_eq!(codes("ERDOĞAN"), ["TURGOV"]);
        // The exact code, then the name starting with it, then the codes starting with
        // it, and the substring of a name last.
        assert_eq!(codes("tur"), ["TUR", "TURMIL", "TURGOV", "ARGGOV"]);
        assert_eq!(codes("turkey"), ["TUR"]);
        assert_eq!(codes("   "), Vec::<String>::new());
        let limited = ActorQuery { text: Some("TUR".into()), limit: Some(1), ..Default::default() };
        assert_eq!(store.actors(&limited).unwrap()[0].name, "Turkey");
        assert!(store.knows_actor_code("tur").unwrap());
        assert!(store.knows_actor_code("TURGOV").unwrap());
        assert!(!store.knows_actor_code("TURKEY").unwrap());
        assert_eq!(store.suggest_actor("TURKEY").unwrap().map(|a| a.code), Some("TUR".into()));
        assert_eq!(store.suggest_actor("Narnia").unwrap(), None);
    }
}
