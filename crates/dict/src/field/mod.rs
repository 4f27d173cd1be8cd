//! Readers for the field's dictionaries: the formats of TABARI (`.verbs`, `.actors`,
//! `.agents`, `.options`) and of PETRARCH2 (`CAMEO.2.0.txt`, `Phoenix.*.actors.txt`,
//! `Phoenix.agents.txt`, `Phoenix.discards.txt`, `Phoenix.IssueCoding.txt`), mapped into
//! quidpro's typed entries.
//!
//! Nothing here is fatal: a line that cannot be mapped into [`crate::Dictionary`] becomes
//! an [`Unmapped`] entry of the [`FieldReport`] (`file:line: reason: detail`), and a line
//! mapped with a loss of meaning becomes an entry of [`FieldReport::approximated`]. The
//! reasons are short fixed strings, so that a report can be counted by reason
//! ([`FieldReport::by_reason`]).
//!
//! # Common rules of the field's files
//!
//! * `#` starts a comment everywhere; `;` starts one in the TABARI style (`;jap 11 Oct
//!   2002`) and is treated so in every file; `<!-- ... -->` (the PETRARCH validation
//!   files) is a comment that may span lines.
//! * A phrase joins its words with `_` (`FOREIGN_MINISTER`); a trailing `_` marks a whole
//!   word (no stem). Phrases become quidpro phrases with the `_` turned into spaces; our
//!   tokenizer matches whole words ignoring case.
//! * Files may be Latin-1 (the loader decodes a file that is not UTF-8 as Latin-1) and may
//!   have CRLF line ends.
//!
//! The kind of a file comes from its name ([`FieldKind::of_path`]); each kind's mapping is
//! documented in its module: [`verbs`], [`actors`], [`agents`], [`discards`], [`options`].
//! A file named like a discard list whose lines are tab-separated columns (TABARI's
//! `discards.txt` in the shared folder is a table of atrocity events, not a discard list)
//! is reported as a whole and not read.

pub mod actors;
pub mod agents;
pub mod discards;
pub mod options;
pub mod verbs;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::Dictionary;

/// The kind of a field dictionary file, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldKind {
    /// Verb synsets, verb blocks and patterns (`*.verbs`, `CAMEO.*.txt`, `*verbs*.txt`).
    Verbs,
    /// Actors with codes and date restrictions (`*.actors`, `*.actors.txt`).
    Actors,
    /// Agents (roles) (`*.agents`, `*agents*.txt`).
    Agents,
    /// Discard phrases (`*discard*`).
    Discards,
    /// PETRARCH issue coding (`*issue*`): no equivalent in quidpro, reported.
    Issues,
    /// TABARI options (`*.options`): code labels and program options.
    Options,
}

impl FieldKind {
    /// The kind of a field file from its path (case ignored), or `None` for a file that
    /// is no field dictionary (README, LICENSE, ...).
    pub fn of_path(path: &str) -> Option<FieldKind> {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path).to_ascii_lowercase();
        let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match ext {
            "verbs" => return Some(FieldKind::Verbs),
            "actors" => return Some(FieldKind::Actors),
            "agents" => return Some(FieldKind::Agents),
            "options" => return Some(FieldKind::Options),
            "txt" => {}
            _ => return None,
        }
        if name.contains("discard") {
            Some(FieldKind::Discards)
        } else if name.contains("issue") {
            Some(FieldKind::Issues)
        } else if name.contains(".actors") || name.contains("actors.") {
            Some(FieldKind::Actors)
        } else if name.contains("agents") {
            Some(FieldKind::Agents)
        } else if name.contains("verbs") || name.starts_with("cameo.") {
            Some(FieldKind::Verbs)
        } else if name.contains("options") {
            Some(FieldKind::Options)
        } else {
            None
        }
    }

    /// A short name for summaries.
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Verbs => "verbs",
            FieldKind::Actors => "actors",
            FieldKind::Agents => "agents",
            FieldKind::Discards => "discards",
            FieldKind::Issues => "issues",
            FieldKind::Options => "options",
        }
    }
}

/// A line of a field file that was not mapped (or mapped with a loss).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unmapped {
    /// The file, relative to the dictionary folder.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// Why, as a fixed short string (the key of [`FieldReport::by_reason`]).
    pub reason: &'static str,
    /// The particulars (the text or value concerned).
    pub detail: String,
}

impl std::fmt::Display for Unmapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

/// What the readers of field files did: files read, entries mapped, lines not mapped.
#[derive(Clone, Debug, Default)]
pub struct FieldReport {
    /// The field files read, with their kind.
    pub files: Vec<(String, FieldKind)>,
    /// Lines that could not be mapped.
    pub unmapped: Vec<Unmapped>,
    /// Lines mapped with a loss of meaning (the mapping is documented per kind).
    pub approximated: Vec<Unmapped>,
    /// Mapped items by kind (`patterns`, `people`, `orgs`, `agents`, `discards`, `labels`).
    pub mapped: BTreeMap<&'static str, usize>,
}

impl FieldReport {
    /// Unmapped lines counted by reason.
    pub fn by_reason(&self) -> BTreeMap<&'static str, usize> {
        count(&self.unmapped)
    }

    /// Approximated lines counted by reason.
    pub fn approximated_by_reason(&self) -> BTreeMap<&'static str, usize> {
        count(&self.approximated)
    }

    /// Adds another report's contents.
    pub fn append(&mut self, mut other: FieldReport) {
        self.files.append(&mut other.files);
        self.unmapped.append(&mut other.unmapped);
        self.approximated.append(&mut other.approximated);
        for (k, v) in other.mapped {
            *self.mapped.entry(k).or_default() += v;
        }
    }
}

fn count(list: &[Unmapped]) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for u in list {
        *m.entry(u.reason).or_default() += 1;
    }
    m
}

/// The reader's context for one file.
pub(crate) struct Ctx<'a> {
    pub file: &'a str,
    pub report: &'a mut FieldReport,
}

impl Ctx<'_> {
    pub fn unmapped(&mut self, line: usize, reason: &'static str, detail: impl Into<String>) {
        self.report.unmapped.push(Unmapped {
            file: self.file.to_string(),
            line,
            reason,
            detail: detail.into(),
        });
    }
    pub fn approx(&mut self, line: usize, reason: &'static str, detail: impl Into<String>) {
        self.report.approximated.push(Unmapped {
            file: self.file.to_string(),
            line,
            reason,
            detail: detail.into(),
        });
    }
    pub fn mapped(&mut self, what: &'static str, n: usize) {
        *self.report.mapped.entry(what).or_default() += n;
    }
    pub fn origin(&self, line: usize) -> crate::Origin {
        crate::Origin { file: self.file.to_string(), line }
    }
}

/// Reads one field file of `kind` into `dict`, reporting what it could not map.
pub fn parse_field_file(
    file: &str,
    text: &str,
    kind: FieldKind,
    dict: &mut Dictionary,
    report: &mut FieldReport,
) {
    report.files.push((file.to_string(), kind));
    let mut ctx = Ctx { file, report };
    if let Some(n) = tabular(text) {
        ctx.unmapped(
            1,
            "not a dictionary (tab-separated table)",
            format!("{n} lines of tab-separated columns"),
        );
        return;
    }
    match kind {
        FieldKind::Verbs => verbs::read(&mut ctx, text, dict),
        FieldKind::Actors => actors::read(&mut ctx, text, dict),
        FieldKind::Agents => agents::read(&mut ctx, text, dict),
        FieldKind::Discards => discards::read(&mut ctx, text, dict),
        FieldKind::Issues => discards::read_issues(&mut ctx, text),
        FieldKind::Options => options::read(&mut ctx, text),
    }
}

/// `Some(lines)` when most non-blank lines hold eight tab-separated fields or more: a
/// data table (a dictionary line has a phrase, codes and comments: a few fields).
fn tabular(text: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let tabbed = lines.iter().filter(|l| l.matches('\t').count() >= 7).count();
    (!lines.is_empty() && tabbed * 2 > lines.len()).then_some(lines.len())
}

/// A content line of a field file: comments removed, right-trimmed, blank lines dropped.
pub(crate) struct Line {
    /// 1-based line number.
    pub n: usize,
    /// The text without comments, trimmed at the end.
    pub text: String,
    /// Whether the line started with a space or tab.
    pub indented: bool,
}

/// Splits a file into content lines: `#` and `;` comments and `<!-- -->` blocks removed.
pub(crate) fn content_lines(text: &str, semicolon_comments: bool) -> Vec<Line> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (i, raw) in text.lines().enumerate() {
        let mut s = String::new();
        let mut rest = raw;
        loop {
            if in_block {
                match rest.find("-->") {
                    Some(p) => {
                        rest = &rest[p + 3..];
                        in_block = false;
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(p) => {
                        s.push_str(&rest[..p]);
                        rest = &rest[p + 4..];
                        in_block = true;
                    }
                    None => {
                        s.push_str(rest);
                        break;
                    }
                }
            }
        }
        // `#` (and `;`) start a comment, except inside brackets (`[###]`).
        let mut depth = 0usize;
        let mut cut = s.len();
        for (k, c) in s.char_indices() {
            match c {
                '[' => depth += 1,
                ']' => depth = depth.saturating_sub(1),
                '#' if depth == 0 => {
                    cut = k;
                    break;
                }
                ';' if semicolon_comments && depth == 0 => {
                    cut = k;
                    break;
                }
                _ => {}
            }
        }
        let line = s[..cut].trim_end_matches(['\r', ' ', '\t', '\u{feff}']);
        if line.trim().is_empty() {
            continue;
        }
        out.push(Line { n: i + 1, text: line.to_string(), indented: line.starts_with([' ', '\t']) });
    }
    out
}

/// A field phrase (`FOREIGN_MINISTER_`) as a quidpro phrase (`foreign minister`):
/// underscores become spaces, case is lowered (matching ignores case anyway).
pub(crate) fn phrase(s: &str) -> String {
    s.split(['_', ' ']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A field date: `YYYYMMDD`, or `YYMMDD` with years `00`-`29` in the 2000s and `30`-`99`
/// in the 1900s.
pub(crate) fn date(s: &str) -> Option<NaiveDate> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match s.len() {
        8 => (s[..4].parse::<i32>().ok()?, &s[4..]),
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            (if yy < 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, rest[..2].parse().ok()?, rest[2..].parse().ok()?)
}

/// The regular plural of the last word of a phrase, by the rules of the field's
/// dictionaries: `+S`, `Y` → `IES`, `SS` → `ES`.
pub(crate) fn plural(phrase: &str) -> Option<String> {
    let last = phrase.rsplit(' ').next()?;
    if last.is_empty() || !last.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let stem = &phrase[..phrase.len() - last.len()];
    let p = if let Some(s) = last.strip_suffix("ss") {
        format!("{s}sses")
    } else if last.ends_with('s') {
        return None;
    } else if let Some(s) = last.strip_suffix('y') {
        format!("{s}ies")
    } else {
        format!("{last}s")
    };
    Some(format!("{stem}{p}"))
}

/// The text inside the first `[...]` of a line, and the line without it.
pub(crate) fn bracket(s: &str) -> Option<(&str, String)> {
    let open = s.find('[')?;
    let close = open + s[open..].find(']')?;
    Some((s[open + 1..close].trim(), format!("{}{}", &s[..open], &s[close + 1..])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names() {
        let k = FieldKind::of_path;
        assert_eq!(k("tabari/CAMEO.091003.master.verbs"), Some(FieldKind::Verbs));
        assert_eq!(k("CAMEO.2.0.txt"), Some(FieldKind::Verbs));
        assert_eq!(k("PETR.Validate.verbs.txt"), Some(FieldKind::Verbs));
        assert_eq!(k("Phoenix.Countries.actors.txt"), Some(FieldKind::Actors));
        assert_eq!(k("Phoenix.agents.txt"), Some(FieldKind::Agents));
        assert_eq!(k("Validate.agents"), Some(FieldKind::Agents));
        assert_eq!(k("Phoenix.discards.txt"), Some(FieldKind::Discards));
        assert_eq!(k("Phoenix.IssueCoding.txt"), Some(FieldKind::Issues));
        assert_eq!(k("CAMEO.09b5.options"), Some(FieldKind::Options));
        assert_eq!(k("README.md"), None);
        assert_eq!(k("LICENSE"), None);
        assert_eq!(k("notes.txt"), None);
    }

    #[test]
    fn dates_and_plurals() {
        assert_eq!(date("19900101"), NaiveDate::from_ymd_opt(1990, 1, 1));
        assert_eq!(date("070723"), NaiveDate::from_ymd_opt(2007, 7, 23));
        assert_eq!(date("320101"), NaiveDate::from_ymd_opt(1932, 1, 1));
        assert_eq!(date("2004017"), None);
        assert_eq!(date("20040231"), None);
        assert_eq!(plural("foreign minister").as_deref(), Some("foreign ministers"));
        assert_eq!(plural("embassy").as_deref(), Some("embassies"));
        assert_eq!(plural("boss").as_deref(), Some("bosses"));
        assert_eq!(plural("forces"), None);
        assert_eq!(phrase("FOREIGN_MINISTER_"), "foreign minister");
    }

    #[test]
    fn comments_of_every_style() {
        let lines = content_lines("A # x\nB ;y\n<!-- c\nd --> E\n\n  F\nG [###] # z\n", true);
        let t: Vec<(usize, &str, bool)> = lines.iter().map(|l| (l.n, l.text.as_str(), l.indented)).collect();
        assert_eq!(
            t,
            [(1, "A", false), (2, "B", false), (4, " E", true), (6, "  F", true), (7, "G [###]", false)]
        );
    }
}
