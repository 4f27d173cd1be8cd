//! Stories: the unit the coder reads.
//!
//! # The JSON-lines input format
//!
//! One JSON object per line:
//!
//! | field | required | meaning |
//! |---|---|---|
//! | `id` | yes | the story's id, a string (a number is accepted and kept as its text) |
//! | `date` | yes | publication date, `YYYY-MM-DD` |
//! | `text` | yes | the story text |
//! | `source` | no | the outlet ("Reuters"); the default asserter of its events |
//! | `url` | no | where it was published |
//!
//! Other fields are ignored. Blank lines are skipped.

use std::io::BufRead;

use chrono::NaiveDate;

/// A dated news story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Story {
    /// The story's id.
    pub id: String,
    /// Its publication date.
    pub date: NaiveDate,
    /// The full text; every span of the story's sentences and events indexes it.
    pub text: String,
    /// The outlet, when known.
    pub source: Option<String>,
    /// The URL, when known.
    pub url: Option<String>,
}

/// A story that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum StoryError {
    /// Reading failed.
    #[error("{origin}: {source}")]
    Io {
        /// The file (or `-`).
        origin: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line is not a valid story.
    #[error("{origin}:{line}: {message}")]
    Invalid {
        /// The file (or `-`).
        origin: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl Story {
    /// Parses one JSON object as a story.
    ///
    /// # Errors
    /// A message naming the missing or malformed field.
    pub fn from_json(line: &str) -> Result<Story, String> {
        // The common line (string fields, a valid date) straight into its fields; any
        // other goes through a `Value` for its exact message.
        #[derive(serde::Deserialize)]
        struct Plain {
            id: String,
            date: String,
            text: String,
            source: Option<String>,
            url: Option<String>,
        }
        if let Ok(p) = serde_json::from_str::<Plain>(line) {
            if let (false, Some(date)) = (p.id.is_empty(), parse_date(&p.date)) {
                return Ok(Story { id: p.id, date, text: p.text, source: p.source, url: p.url });
            }
        }
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))?;
        let obj = v.as_object().ok_or("not a JSON object")?;
        let id = match obj.get("id") {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(_) => return Err("field `id` must be a non-empty string".into()),
            None => return Err("missing field `id`".into()),
        };
        let date = match obj.get("date") {
            Some(serde_json::Value::String(s)) => {
                parse_date(s).ok_or_else(|| format!("field `date` must be YYYY-MM-DD, got {s:?}"))?
            }
            Some(_) => return Err("field `date` must be a string YYYY-MM-DD".into()),
            None => return Err("missing field `date`".into()),
        };
        let text = match obj.get("text") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(_) => return Err("field `text` must be a string".into()),
            None => return Err("missing field `text`".into()),
        };
        let opt = |k: &str| -> Result<Option<String>, String> {
            match obj.get(k) {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(format!("field `{k}` must be a string")),
            }
        };
        Ok(Story { id, date, text, source: opt("source")?, url: opt("url")? })
    }
}

/// Parses `YYYY-MM-DD` strictly.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
        return NaiveDate::from_ymd_opt(y as i32, m, d);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Reads stories from JSON lines, one at a time, with line numbers in its errors.
pub struct StoryReader<R> {
    reader: R,
    origin: String,
    line: usize,
    buf: String,
}

impl<R: BufRead> StoryReader<R> {
    /// A reader over `reader`; `origin` names it in errors (a path, or `-`).
    pub fn new(reader: R, origin: impl Into<String>) -> StoryReader<R> {
        StoryReader { reader, origin: origin.into(), line: 0, buf: String::new() }
    }

    /// The number of the last line read (1-based).
    pub fn line(&self) -> usize {
        self.line
    }
}

impl<R: BufRead> Iterator for StoryReader<R> {
    type Item = Result<Story, StoryError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            self.line += 1;
            match self.reader.read_line(&mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    let origin = self.origin.clone();
                    let err = if e.kind() == std::io::ErrorKind::InvalidData {
                        StoryError::Invalid { origin, line: self.line, message: "not UTF-8".into() }
                    } else {
                        StoryError::Io { origin, source: e }
                    };
                    return Some(Err(err));
                }
            }
            let line = self.buf.trim();
            if line.is_empty() {
                continue;
            }
            return Some(Story::from_json(line).map_err(|message| StoryError::Invalid {
                origin: self.origin.clone(),
                line: self.line,
                message,
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_date_is_chronos() {
        for d in [
            "2024-01-02",
            "0000-01-01",
            "2023-02-29",
            "2024-02-29",
            "2024-13-01",
            "2024-00-10",
            "+024-01-01",
            "2024-1 -01",
            "9999-12-31",
        ] {
            assert_eq!(parse_date(d), NaiveDate::parse_from_str(d, "%Y-%m-%d").ok(), "{d}");
        }
    }

    #[test]
    fn reads_stories_and_names_bad_lines() {
        let input = concat!(
            r#"{"id":"a","date":"2024-01-02","text":"Turkey said.","source":"AA"}"#,
            "\n\n",
            r#"{"id":7,"date":"2024-01-03","text":"x"}"#,
            "\n",
            r#"{"id":"b","date":"2024-13-01","text":"x"}"#,
            "\n",
            r#"{"id":"c","text":"x"}"#,
            "\n",
            "not json\n"
        );
        let got: Vec<_> = StoryReader::new(input.as_bytes(), "in.jsonl").collect();
        assert_eq!(got.len(), 5);
        let a = got[0].as_ref().unwrap();
        assert_eq!((a.id.as_str(), a.source.as_deref()), ("a", Some("AA")));
        assert_eq!(got[1].as_ref().unwrap().id, "7");
        let msg = got[2].as_ref().unwrap_err().to_string();
        assert!(msg.starts_with("in.jsonl:4: field `date`"), "{msg}");
        let msg = got[3].as_ref().unwrap_err().to_string();
        assert_eq!(msg, "in.jsonl:5: missing field `date`");
        let msg = got[4].as_ref().unwrap_err().to_string();
        assert!(msg.starts_with("in.jsonl:6: not valid JSON"), "{msg}");
    }
}
