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
use serde::Serialize;

use crate::{sql_err, Result, Store};

/// Filters for [`Store::actors`]; every field left `None` matches all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActorQuery {
    /// The name contains this (any case), or the code starts with it.
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

impl Store {
    /// The actors matching `q`: dictionary rows first, then datasets' by events (most
    /// first), each by code and name.
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
        if let Some(t) = &q.text {
            args.push(Value::Text(format!("%{}%", clean(t))));
            args.push(Value::Text(format!("{}%", clean(t).to_uppercase())));
            sql.push_str(&format!(
                " AND (name LIKE ?{} ESCAPE '\\' OR code LIKE ?{} ESCAPE '\\')",
                args.len() - 1,
                args.len()
            ));
        }
        if let Some(c) = &q.code {
            args.push(Value::Text(format!("{}%", clean(c).to_uppercase())));
            sql.push_str(&format!(" AND code LIKE ?{} ESCAPE '\\'", args.len()));
        }
        if let Some(c) = &q.country {
            args.push(Value::Text(c.to_uppercase()));
            sql.push_str(&format!(" AND country = ?{}", args.len()));
        }
        if let Some(o) = &q.origin {
            args.push(Value::Text(o.clone()));
            sql.push_str(&format!(" AND origin = ?{}", args.len()));
        }
        sql.push_str(" ORDER BY origin <> 'dictionary', events DESC, code, name, origin, valid_from");
        if let Some(n) = q.limit {
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
        rows.collect::<std::result::Result<Vec<_>, _>>().map_err(&e)
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
}
