//! The printers of `quidpro sql`: a result as an aligned table (for people), CSV (a
//! header of the column names, then a record per row) or JSON lines (an object per row,
//! the column names as keys).
//!
//! Values: NULL is an empty field (CSV), `null` (JSON) or `NULL` (table); integers and
//! reals as numbers; text as it is; a blob as `x'hex'` (its bytes in hexadecimal).

pub use rusqlite::types::Value;

fn blob(b: &[u8]) -> String {
    let mut s = String::with_capacity(3 + 2 * b.len());
    s.push_str("x'");
    for x in b {
        s.push_str(&format!("{x:02x}"));
    }
    s.push('\'');
    s
}

/// A value as a CSV field.
pub fn csv_field(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(x) => x.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(b) => blob(b),
    }
}

/// A row as a JSON object with `columns` as keys.
pub fn json_row(columns: &[String], row: &[Value]) -> quidpro_exchange::JsonRow {
    let mut map = Vec::with_capacity(columns.len());
    for (c, v) in columns.iter().zip(row) {
        let j = match v {
            Value::Null => serde_json::Value::Null,
            Value::Integer(i) => serde_json::json!(i),
            Value::Real(x) => serde_json::json!(x),
            Value::Text(t) => serde_json::Value::String(t.clone()),
            Value::Blob(b) => serde_json::Value::String(blob(b)),
        };
        map.push((c.clone(), j));
    }
    quidpro_exchange::JsonRow(map)
}

/// The rows as an aligned table (with a header and a rule; numbers right-aligned, text
/// cut at 60 characters, line breaks shown as spaces), ending with a newline.
pub fn table(columns: &[String], rows: &[Vec<Value>]) -> String {
    let cell = |v: &Value| -> String {
        let s = match v {
            Value::Null => "NULL".to_string(),
            other => csv_field(other),
        };
        let s = s.replace(['\n', '\r', '\t'], " ");
        if s.chars().count() > 60 {
            format!("{}…", s.chars().take(59).collect::<String>())
        } else {
            s
        }
    };
    let cells: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(cell).collect()).collect();
    let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    for r in &cells {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let numeric: Vec<bool> = (0..columns.len())
        .map(|k| {
            rows.iter().all(|r| matches!(r.get(k), Some(Value::Integer(_) | Value::Real(_) | Value::Null)))
        })
        .collect();
    let line = |values: &[String], out: &mut String| {
        let parts: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(k, v)| {
                let pad = widths[k].saturating_sub(v.chars().count());
                if numeric[k] && !rows.is_empty() {
                    format!("{}{v}", " ".repeat(pad))
                } else {
                    format!("{v}{}", " ".repeat(pad))
                }
            })
            .collect();
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    let mut out = String::new();
    line(columns, &mut out);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&rule.join("  "));
    out.push('\n');
    for r in &cells {
        line(r, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_and_json_and_csv_keep_types() {
        let cols = vec!["dataset".to_string(), "n".to_string()];
        let rows = vec![
            vec![Value::Text("gdelt2".into()), Value::Integer(3000)],
            vec![Value::Text("quidpro".into()), Value::Integer(435)],
            vec![Value::Null, Value::Null],
        ];
        let t = table(&cols, &rows);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "dataset     n");
        assert_eq!(lines[1], "-------  ----");
        assert_eq!(lines[2], "gdelt2   3000");
        assert_eq!(lines[3], "quidpro   435");
        assert_eq!(lines[4], "NULL     NULL");
        assert_eq!(
            serde_json::to_string(&json_row(&cols, &rows[0])).unwrap(),
            r#"{"dataset":"gdelt2","n":3000}"#
        );
        assert_eq!(json_row(&cols, &rows[2]).to_value(), serde_json::json!({"dataset": null, "n": null}));
        assert_eq!(csv_field(&Value::Blob(vec![1, 255])), "x'01ff'");
        assert_eq!(csv_field(&Value::Real(1.5)), "1.5");
    }
}
