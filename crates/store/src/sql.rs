//! Any SQL statement over a store, read only: what `quidpro sql` runs.

use rusqlite::types::Value;

use crate::{Error, Result, Store};

/// The error of a statement: SQLite's message, with the statement.
fn statement_error(sql: &str, e: &rusqlite::Error) -> Error {
    Error::Invalid(format!("SQL error: {e}\n  in: {}", sql.trim()))
}

impl Store {
    /// Runs one SQL statement on the store, read only (`PRAGMA query_only`: a statement
    /// that writes fails), and calls `row` with the result's column names and each row's
    /// values; `row` returns false to stop. Returns the column names.
    ///
    /// # Errors
    /// [`Error::Invalid`] with SQLite's message and the statement when it cannot be
    /// prepared or run (a syntax error, an unknown table, a write, two statements).
    pub fn sql(&self, sql: &str, row: &mut dyn FnMut(&[String], Vec<Value>) -> bool) -> Result<Vec<String>> {
        let conn = self.connection();
        conn.pragma_update(None, "query_only", true).map_err(|e| statement_error(sql, &e))?;
        let result = (|| {
            let mut stmt = conn.prepare(sql).map_err(|e| statement_error(sql, &e))?;
            if !stmt.readonly() {
                return Err(Error::Invalid(format!(
                    "SQL error: quidpro sql only reads; this statement writes\n  in: {}",
                    sql.trim()
                )));
            }
            let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
            let n = names.len();
            let mut rows = stmt.query([]).map_err(|e| statement_error(sql, &e))?;
            while let Some(r) = rows.next().map_err(|e| statement_error(sql, &e))? {
                let mut values = Vec::with_capacity(n);
                for k in 0..n {
                    values.push(r.get::<_, Value>(k).map_err(|e| statement_error(sql, &e))?);
                }
                if !row(&names, values) {
                    break;
                }
            }
            Ok(names)
        })();
        let _ = conn.pragma_update(None, "query_only", false);
        result
    }
}

#[cfg(test)]
mod tests {
    use crate::{NewEvent, Store};

    #[test]
    fn runs_reads_and_refuses_writes_and_bad_sql_with_the_statement() {
        let mut store = Store::open_in_memory().unwrap();
        let mut b = store.batch().unwrap();
        let run = b.begin_run("test", "-").unwrap();
        b.add_event(
            &NewEvent::new("gdelt2", "1", "2024-03-01", "TURGOV", "AZEGOV", "042").unwrap(),
            Some(run),
        )
        .unwrap();
        b.commit().unwrap();
        let mut cols = Vec::new();
        let mut rows = Vec::new();
        let names = store
            .sql("SELECT count(*) AS n, min(plover) FROM events", &mut |c, r| {
                cols = c.to_vec();
                rows.push(r);
                true
            })
            .unwrap();
        assert_eq!(names, cols);
        assert_eq!(cols, ["n", "min(plover)"]);
        assert_eq!(rows[0][0], rusqlite::types::Value::Integer(1));
        assert_eq!(rows[0][1], rusqlite::types::Value::Text("CONSULT".into()));
        let err = store.sql("DELETE FROM coded_events", &mut |_, _| true).unwrap_err().to_string();
        assert!(err.contains("only reads") && err.contains("DELETE FROM coded_events"), "{err}");
        let err = store.sql("SELECT nope FROM events", &mut |_, _| true).unwrap_err().to_string();
        assert!(err.contains("no such column: nope") && err.contains("in: SELECT nope FROM events"), "{err}");
        assert_eq!(store.count("events").unwrap(), 1, "nothing written");
    }
}
