/*!
quidpro's dictionaries: the text format a political scientist reads and edits
(documented in `dictionaries/README.md`), parsed into typed entries.

# Brief overview

* [`Dictionary::embedded`]: the dictionaries shipped in `dictionaries/`, compiled in.
* [`Dictionary::load_dir`]: the same layout read from another folder.
* [`Dictionary::parse_files`]: any set of `(path, text)` pairs; returns the entries it
  could read and an error for every bad line ([`Error`], with `file:line`), so that a
  checker can report them all.
* [`Dictionary::load_folders`]: one or more folders, each recognised as ours, as the
  field's (TABARI and PETRARCH2 files, read by the [`field`] module into the same typed
  entries, with a [`FieldReport`] of the lines that could not be mapped), or a mix;
  several folders are merged in order ([`Dictionary::merge`]).
* [`Dictionary::coverage`]: patterns per CAMEO root and code, actors per type and country.

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

mod coverage;
pub mod field;
mod model;
mod parse;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use coverage::{ActorTypes, CodeCoverage, CountryCoverage, Coverage, RootCoverage};
pub use field::{FieldKind, FieldReport, Unmapped};

pub use model::{
    Act, Agent, Alternative, CodeRange, Country, Discard, Element, GrammarClass, Irregular, Item, Nominal,
    Org, Origin, Pattern, PatternFlags, Person, Slot, WordClass,
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
    /// Nouns of verbs' acts (`noun` lines of `verbs/irregular.txt`).
    pub nominals: Vec<Nominal>,
    /// Acts that verbs heading a demand's or promise's complement name (`act` lines).
    pub acts: Vec<Act>,
    /// Grammar word classes (`class` entries of `grammar.txt`), in file order; a class
    /// may come more than once (its words add up). See [`Dictionary::grammar_or_embedded`].
    pub grammar: Vec<GrammarClass>,
    /// The files read, relative to the dictionary folder.
    pub files: Vec<String>,
    /// A 64-bit FNV-1a hash of each file read (its path and contents), in the order of
    /// `files`: what [`Dictionary::hash`] combines.
    pub file_hashes: Vec<u64>,
}

/// FNV-1a, 64 bits, over byte strings each closed by a `0xff` byte.
fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.iter().chain(&[0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
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

    /// The grammar classes of the shipped `grammar.txt`.
    pub fn embedded_grammar() -> Vec<GrammarClass> {
        let files = embedded::FILES.iter().filter(|(p, _)| *p == "grammar.txt");
        Dictionary::parse_files(files.map(|(p, t)| (p.to_string(), t.to_string()))).0.grammar
    }

    /// The grammar the coder uses: this dictionary's classes, and for every class it does
    /// not define (a folder without `grammar.txt`, such as the field's dictionaries) the
    /// shipped one's.
    pub fn grammar_or_embedded(&self) -> Vec<GrammarClass> {
        let mut out = self.grammar.clone();
        let have: HashSet<WordClass> = self.grammar.iter().map(|g| g.class).collect();
        out.extend(Dictionary::embedded_grammar().into_iter().filter(|g| !have.contains(&g.class)));
        out
    }

    /// Reads every `.txt` file under `dir` (recursively): `actors/`, `agents.txt`,
    /// `discards.txt`, `grammar.txt`, `verbs/`.
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
            dict.file_hashes.push(fnv(&[path.as_bytes(), text.as_bytes()]));
            dict.files.push(path);
        }
        dict.check_places(&mut errors);
        (dict, errors)
    }

    /// A stable hash of the dictionaries: 16 hex digits of a 64-bit FNV-1a hash of every
    /// file read (path relative to its folder, and contents), in the order they were
    /// read (folders in the order given, files sorted within a folder). The same files
    /// give the same hash on every machine and build: the shipped dictionaries hash as
    /// the same folder loaded with `--dict`. Stored with each coded event, with the
    /// coder's version, so that an event says which dictionaries coded it.
    pub fn hash(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for fh in &self.file_hashes {
            for b in fh.to_le_bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{h:016x}")
    }

    /// A place that is also an actor phrase (a name, adjective, demonym or capital of a
    /// country, a person's or organisation's name) is an error at its country entry: a
    /// place is never an actor, and the actor would win.
    fn check_places(&self, errors: &mut Vec<Error>) {
        if self.countries.iter().all(|c| c.places.is_empty()) {
            return;
        }
        let key = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let mut actors: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        for c in &self.countries {
            for n in c.names.iter().chain(&c.adjectives).chain(&c.demonyms).chain(&c.capitals) {
                actors.entry(key(n)).or_insert_with(|| format!("country {}", c.code));
            }
        }
        for p in &self.people {
            for n in &p.names {
                actors.entry(key(n)).or_insert_with(|| format!("person {}", p.label));
            }
        }
        for o in &self.orgs {
            for n in o.names.iter().chain(&o.adjectives) {
                actors.entry(key(n)).or_insert_with(|| format!("org {}", o.code));
            }
        }
        for a in &self.agents {
            for n in &a.names {
                actors.entry(key(n)).or_insert_with(|| format!("agent {}", a.code));
            }
        }
        for c in &self.countries {
            for p in &c.places {
                if let Some(what) = actors.get(&key(p)) {
                    errors.push(Error::Line {
                        file: c.origin.file.clone(),
                        line: c.origin.line,
                        message: format!(
                            "place {p:?} of {} is also an actor phrase ({what}); a place is never an actor",
                            c.code
                        ),
                    });
                }
            }
        }
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
            ("complement acts", self.acts.len()),
            ("grammar classes", self.grammar.len()),
        ]
    }
}

/// How a folder's files were recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Only files of our format.
    Ours,
    /// Only the field's files (TABARI, PETRARCH2).
    Field,
    /// Both.
    Mixed,
    /// No dictionary file at all.
    Empty,
}

impl Layout {
    /// A short name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Ours => "quidpro",
            Layout::Field => "field",
            Layout::Mixed => "mixed",
            Layout::Empty => "empty",
        }
    }
}

/// Dictionaries loaded from folders: the merged entries, the errors in files of our
/// format (which make a dictionary unusable) and the report on the field's files
/// (which never does).
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// The entries, merged in folder order.
    pub dict: Dictionary,
    /// Errors in files of our format, and unreadable files or folders.
    pub errors: Vec<Error>,
    /// What the field's files mapped and did not.
    pub report: FieldReport,
    /// Each folder and how it was recognised.
    pub folders: Vec<(PathBuf, Layout)>,
    /// Actor and agent phrases of later folders dropped because an earlier one has them.
    pub merged_away: usize,
}

/// The entry kinds of our format: a file whose first entry line starts with one of
/// them is ours.
const OUR_KINDS: &[&str] =
    &["country", "person", "org", "agent", "discard", "synset", "code", "verb", "noun", "act", "class"];

/// Whether a `.txt` file is in our format: its first line that is neither blank nor a
/// comment starts with one of our entry kinds (lower case, then a space). A file with
/// no such line counts as ours (it is empty for both readers).
pub fn is_our_format(text: &str) -> bool {
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim_end();
        if line.trim().is_empty() {
            continue;
        }
        let first = line.split([' ', '\t']).next().unwrap_or("");
        return OUR_KINDS.contains(&first);
    }
    true
}

impl Dictionary {
    /// Loads one folder: every file of our format (`*.txt` whose first entry is one of
    /// ours) is read as [`Dictionary::load_dir`] does, every field file
    /// ([`FieldKind::of_path`]: `.verbs`, `.actors`, `.agents`, `.options`, and `.txt`
    /// files named so) by the [`field`] readers. Other files (README, LICENSE) are
    /// ignored. A field file that is not UTF-8 is read as Latin-1.
    pub fn load_folder(dir: &Path) -> Loaded {
        let mut paths = Vec::new();
        let mut errors = Vec::new();
        walk_paths(dir, &mut paths, &mut errors);
        let mut ours = Vec::new();
        let mut field = Vec::new();
        for p in paths {
            let rel = p.strip_prefix(dir).unwrap_or(&p).to_string_lossy().replace('\\', "/");
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            let kind = FieldKind::of_path(&rel);
            if ext != "txt" && kind.is_none() {
                continue;
            }
            let bytes = match std::fs::read(&p) {
                Ok(b) => b,
                Err(e) => {
                    errors.push(Error::Io { path: rel, message: e.to_string() });
                    continue;
                }
            };
            let text = String::from_utf8(bytes).map_err(|e| e.into_bytes());
            match (text, kind) {
                (Ok(t), k) if ext == "txt" && (is_our_format(&t) || k.is_none()) => ours.push((rel, t)),
                (Ok(t), Some(k)) => field.push((rel, t, k)),
                (Err(b), Some(k)) => field.push((rel, b.iter().map(|&c| c as char).collect(), k)),
                (Err(_), None) => errors.push(Error::Io { path: rel, message: "not UTF-8".into() }),
                (Ok(_), None) => {}
            }
        }
        let layout = match (ours.is_empty(), field.is_empty()) {
            (false, true) => Layout::Ours,
            (true, false) => Layout::Field,
            (false, false) => Layout::Mixed,
            (true, true) => Layout::Empty,
        };
        if layout == Layout::Empty && errors.is_empty() {
            errors.push(Error::Io {
                path: dir.display().to_string(),
                message: "no dictionary files (ours: *.txt; the field's: .verbs, .actors, .agents, ...)"
                    .into(),
            });
        }
        let (mut dict, mut e) = Dictionary::parse_files(ours);
        errors.append(&mut e);
        let mut report = FieldReport::default();
        for (rel, text, kind) in field {
            field::parse_field_file(&rel, &text, kind, &mut dict, &mut report);
            dict.file_hashes.push(fnv(&[rel.as_bytes(), text.as_bytes()]));
            dict.files.push(rel);
        }
        Loaded { dict, errors, report, folders: vec![(dir.to_path_buf(), layout)], merged_away: 0 }
    }

    /// Loads several folders with [`Dictionary::load_folder`] and merges them in order
    /// ([`Dictionary::merge`]): `ours` then `field` keeps our entries first.
    pub fn load_folders<P: AsRef<Path>>(dirs: &[P]) -> Loaded {
        let mut out = Loaded::default();
        for d in dirs {
            let l = Dictionary::load_folder(d.as_ref());
            out.errors.extend(l.errors);
            out.report.append(l.report);
            out.folders.extend(l.folders);
            out.merged_away += out.dict.merge(l.dict);
        }
        out
    }

    /// Adds `other`'s entries after ours. An actor phrase (a name of a country, person
    /// or organisation, or an adjective, demonym or capital) that we already have is
    /// dropped from `other`'s entry, and so is an agent name we already have, so that
    /// the earlier dictionary decides what a phrase means; an entry left without names is
    /// dropped. Patterns, discards, grammar classes (whose words add up) and irregular
    /// verbs (of new verbs) are appended.
    /// Returns the number of phrases dropped.
    pub fn merge(&mut self, other: Dictionary) -> usize {
        fn key(s: &str) -> String {
            s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
        }
        let mut actors: HashSet<String> = HashSet::new();
        for c in &self.countries {
            actors.extend(
                c.names.iter().chain(&c.adjectives).chain(&c.demonyms).chain(&c.capitals).map(|s| key(s)),
            );
        }
        actors.extend(self.people.iter().flat_map(|p| p.names.iter().map(|s| key(s))));
        actors.extend(self.orgs.iter().flat_map(|o| o.names.iter().chain(&o.adjectives).map(|s| key(s))));
        let agents: HashSet<String> =
            self.agents.iter().flat_map(|a| a.names.iter().map(|s| key(s))).collect();
        let mut dropped = 0;
        let mut keep = |names: &mut Vec<String>, seen: &HashSet<String>| {
            let before = names.len();
            names.retain(|n| !seen.contains(&key(n)));
            dropped += before - names.len();
        };
        for mut c in other.countries {
            for list in [&mut c.names, &mut c.adjectives, &mut c.demonyms, &mut c.capitals] {
                keep(list, &actors);
            }
            if !c.names.is_empty() {
                self.countries.push(c);
            }
        }
        for mut p in other.people {
            keep(&mut p.names, &actors);
            if !p.names.is_empty() {
                self.people.push(p);
            }
        }
        for mut o in other.orgs {
            keep(&mut o.names, &actors);
            keep(&mut o.adjectives, &actors);
            if !o.names.is_empty() || !o.adjectives.is_empty() {
                self.orgs.push(o);
            }
        }
        for mut a in other.agents {
            keep(&mut a.names, &agents);
            if !a.names.is_empty() {
                self.agents.push(a);
            }
        }
        self.discards.extend(other.discards);
        self.patterns.extend(other.patterns);
        let bases: HashSet<String> = self.irregular.iter().map(|v| v.base.clone()).collect();
        self.irregular.extend(other.irregular.into_iter().filter(|v| !bases.contains(&v.base)));
        self.grammar.extend(other.grammar);
        self.nominals.extend(other.nominals);
        self.acts.extend(other.acts);
        self.files.extend(other.files);
        self.file_hashes.extend(other.file_hashes);
        dropped
    }
}

fn walk_paths(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<Error>) {
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
            walk_paths(&p, out, errors);
        } else {
            out.push(p);
        }
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

    #[test]
    fn the_hash_follows_the_files_contents() {
        let files = |verb: &str| {
            vec![
                ("actors/c.txt".to_string(), "country TUR Turkey\n  names: Turkey\n".to_string()),
                ("verbs/v.txt".to_string(), format!("code 042\n  $ {{{verb}}} +\n")),
            ]
        };
        let (a, _) = Dictionary::parse_files(files("visit"));
        let (b, _) = Dictionary::parse_files(files("visit"));
        let (c, _) = Dictionary::parse_files(files("tour"));
        assert_eq!(a.hash(), b.hash());
        assert_ne!(a.hash(), c.hash());
        assert_eq!(a.hash().len(), 16);
        // Merging keeps every file's hash.
        let mut m = a.clone();
        m.merge(c.clone());
        assert_eq!(m.file_hashes.len(), 4);
        assert_ne!(m.hash(), a.hash());
    }
}
