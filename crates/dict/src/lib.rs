/*!
quidpro's dictionaries: the text format a political scientist reads and edits
(documented in `dictionaries/README.md`), parsed into typed entries.

# Brief overview

* [`Dictionary::embedded`]: the dictionaries shipped in `dictionaries/`, compiled in.
* [`Dictionary::load_dir`]: the same layout read from another folder.
* [`Dictionary::parse_files`]: any set of `(path, text)` pairs; returns the entries it
  could read and an error for every bad line ([`Error`], with `file:line`), so that a
  checker can report them all.

The coder (crate `quidpro-coder`) compiles a [`Dictionary`] into its matcher.

```
use quidpro_dict::Dictionary;

let files = [(
    "actors/countries.txt",
    "country TUR Turkey\n  names: Turkey; Türkiye\n  adjectives: Turkish\n  capitals: Ankara\n",
)];
let (dict, errors) = Dictionary::parse_files(files.iter().map(|(p, t)| (p.to_string(), t.to_string())));
assert!(errors.is_empty());
assert_eq!(dict.countries[0].names, ["Turkey", "Türkiye"]);
```
*/
#![deny(missing_docs)]

mod model;
mod parse;

use std::path::Path;

pub use model::{
    Agent, Alternative, CodeRange, Country, Discard, Element, Irregular, Item, Org, Origin, Pattern,
    PatternFlags, Person, Slot,
};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// A bad line in a dictionary file, or a file that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A line that does not follow the format.
    #[error("{file}:{line}: {message}")]
    Line {
        /// The file, relative to the dictionary folder.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A file or folder that could not be read.
    #[error("{path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// What went wrong.
        message: String,
    },
}

/// All entries of a set of dictionary files.
#[derive(Clone, Debug, Default)]
pub struct Dictionary {
    /// `country` entries.
    pub countries: Vec<Country>,
    /// `person` entries.
    pub people: Vec<Person>,
    /// `org` entries.
    pub orgs: Vec<Org>,
    /// `agent` entries.
    pub agents: Vec<Agent>,
    /// `discard` entries.
    pub discards: Vec<Discard>,
    /// Verb patterns, in file order.
    pub patterns: Vec<Pattern>,
    /// Irregular verb forms.
    pub irregular: Vec<Irregular>,
    /// The files read, relative to the dictionary folder.
    pub files: Vec<String>,
}

impl Dictionary {
    /// The shipped dictionaries and the errors in them (none, as a test checks).
    pub fn embedded() -> (Dictionary, Vec<Error>) {
        Dictionary::parse_files(embedded::FILES.iter().map(|(p, t)| (p.to_string(), t.to_string())))
    }

    /// The paths and contents of the shipped files.
    pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
        embedded::FILES
    }

    /// Reads every `.txt` file under `dir` (recursively): `actors/`, `agents.txt`,
    /// `discards.txt`, `verbs/`.
    ///
    /// Returns the entries and every error; an unreadable folder is one [`Error::Io`].
    pub fn load_dir(dir: &Path) -> (Dictionary, Vec<Error>) {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        walk(dir, dir, &mut files, &mut errors);
        if files.is_empty() && errors.is_empty() {
            errors.push(Error::Io {
                path: dir.display().to_string(),
                message: "no dictionary files (*.txt) found".into(),
            });
        }
        let (d, mut e) = Dictionary::parse_files(files);
        errors.append(&mut e);
        (d, errors)
    }

    /// Parses `(path, text)` pairs. The kind of each file comes from its path:
    /// `verbs/irregular.txt` holds irregular verbs; other files hold entries of any kind.
    pub fn parse_files(files: impl IntoIterator<Item = (String, String)>) -> (Dictionary, Vec<Error>) {
        let mut dict = Dictionary::default();
        let mut errors = Vec::new();
        for (path, text) in files {
            parse::parse_file(&path, &text, &mut dict, &mut errors);
            dict.files.push(path);
        }
        (dict, errors)
    }

    /// The number of entries of each kind, for summaries.
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        vec![
            ("countries", self.countries.len()),
            ("people", self.people.len()),
            ("organisations", self.orgs.len()),
            ("agents", self.agents.len()),
            ("discards", self.discards.len()),
            ("patterns", self.patterns.len()),
            ("irregular verbs", self.irregular.len()),
        ]
    }
}

fn walk(root: &Path, dir: &Path, files: &mut Vec<(String, String)>, errors: &mut Vec<Error>) {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(Error::Io { path: dir.display().to_string(), message: e.to_string() });
            return;
        }
    };
    let mut paths: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(root, &p, files, errors);
        } else if p.extension().is_some_and(|e| e == "txt") {
            let rel = p.strip_prefix(root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
            match std::fs::read(&p) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(t) => files.push((rel, t)),
                    Err(_) => errors.push(Error::Io { path: rel, message: "not UTF-8".into() }),
                },
                Err(e) => errors.push(Error::Io { path: rel, message: e.to_string() }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_dictionaries_have_no_errors() {
        let (d, errors) = Dictionary::embedded();
        let shown: Vec<String> = errors.iter().take(30).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{} errors:\n{}", errors.len(), shown.join("\n"));
        assert!(!d.files.is_empty());
    }
}
