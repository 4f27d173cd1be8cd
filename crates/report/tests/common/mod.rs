//! The document gold files (format in `testdata/documents/dev/README.md`), the scoring of
//! `quidpro analyze`'s report against them, and the figures; shared by the development
//! documents (`documents_gold.rs`) and the held-out ones (`documents_heldout.rs`).
//!
//! Each document goes through the pipeline of `quidpro analyze`: [`Document::read_path`],
//! the shipped dictionaries, and [`analyze_document`] (coder and attribution, the
//! document's author or publisher the default asserter, its date the story date). The
//! scoring follows the sentence tables (`crates/coder/tests/common/mod.rs`):
//!
//! * each gold `s:` sentence is found in the coded text (whitespace dropped, typographic
//!   quotes folded to `"` and `'`); its events are those of the coder's sentences that
//!   overlap it. A sentence not found is reported; its gold events count as missed;
//! * events match by (source country, target country, CAMEO root), first unused first;
//!   gold events with `m=negated`, `refused` or `denied` are left out of precision and
//!   recall and looked for in a report coded with negated events on;
//! * precision counts every event of the document: an event of a sentence the gold file
//!   does not list is a false positive (gold files list every sentence with events), and
//!   an extra event equal to an expected one of its sentence is not counted;
//! * of the events found (the negative ones found with negated events on included): the
//!   date is right when the event's date token equals the gold token (gold events
//!   without a date are not checked), the modality when it is the same, the asserter as
//!   in [`asserter_right`], the content (gold events with `c=`) by (country, country,
//!   root) like the event;
//! * the document's date ([`Document::date_or`] without a fallback) against `doc-date`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use quidpro_coder::{Coder, CoderBuilder};
use quidpro_dict::Dictionary;
use quidpro_document::Document;
use quidpro_event::{cameo, Modality};
use quidpro_report::document::{analyze_document, DocEvent, DocumentReport};

/// One gold event.
#[derive(Debug, Clone)]
pub struct GoldEvent {
    pub line: usize,
    pub source: String,
    pub target: String,
    pub code: String,
    pub date: Option<String>,
    pub modality: Option<String>,
    pub content: Option<(String, String, String)>,
    /// `author`, an actor code, or words with underscores.
    pub asserter: Option<String>,
}

impl GoldEvent {
    /// Negated, refused and denied events are not emitted by default.
    pub fn negative(&self) -> bool {
        matches!(self.modality.as_deref(), Some("negated" | "refused" | "denied"))
    }
}

#[derive(Debug)]
pub struct GoldSentence {
    pub line: usize,
    pub text: String,
    pub events: Vec<GoldEvent>,
}

#[derive(Debug, Default)]
pub struct Gold {
    pub doc_date: Option<NaiveDate>,
    pub sentences: Vec<GoldSentence>,
}

fn side(s: &str) -> String {
    if s == "-" {
        String::new()
    } else {
        s.to_string()
    }
}

/// Parses a gold file. Errors name the file and line and what is wrong, never the line's
/// text (held-out files are not shown).
pub fn parse_gold(file: &str, text: &str) -> Result<Gold, String> {
    let mut gold = Gold::default();
    for (i, raw) in text.lines().enumerate() {
        let at = |what: &str| format!("{file}:{}: {what}", i + 1);
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(d) = line.strip_prefix("doc-date:") {
            gold.doc_date =
                Some(NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| at("bad doc-date"))?);
        } else if let Some(s) = line.strip_prefix("s:") {
            gold.sentences.push(GoldSentence { line: i + 1, text: s.trim().to_string(), events: vec![] });
        } else if let Some(e) = line.strip_prefix("e:") {
            let sentence = gold.sentences.last_mut().ok_or_else(|| at("e: before s:"))?;
            let parts: Vec<&str> = e.split_whitespace().collect();
            if parts == ["none"] {
                continue;
            }
            if parts.len() < 3 {
                return Err(at("e: wants SOURCE TARGET CODE"));
            }
            let mut x = GoldEvent {
                line: i + 1,
                source: side(parts[0]),
                target: side(parts[1]),
                code: parts[2].to_string(),
                date: None,
                modality: None,
                content: None,
                asserter: None,
            };
            if cameo::lookup(&x.code).is_none() {
                return Err(at("no such CAMEO code"));
            }
            for p in &parts[3..] {
                if let Some(m) = p.strip_prefix("m=") {
                    Modality::parse(m).ok_or_else(|| at("bad modality"))?;
                    x.modality = Some(m.to_string());
                } else if let Some(c) = p.strip_prefix("c=") {
                    let v: Vec<&str> = c.split('>').collect();
                    if v.len() != 3 {
                        return Err(at("c= wants SOURCE>TARGET>CODE"));
                    }
                    x.content = Some((side(v[0]), side(v[1]), v[2].to_string()));
                } else if let Some(a) = p.strip_prefix("a=") {
                    x.asserter = Some(a.to_string());
                } else if quidpro_event::DatePrecision::parse_token(p).is_some() {
                    x.date = Some(p.to_string());
                } else {
                    return Err(at("unknown field in e:"));
                }
            }
            sentence.events.push(x);
        } else if line.starts_with("ledger:") || line.starts_with("demand:") {
            // The ledger's expectations: not scored here.
        } else {
            return Err(at("unknown line"));
        }
    }
    Ok(gold)
}

/// The text for finding sentences: whitespace dropped, typographic quotes folded.
fn fold(c: char) -> Option<char> {
    match c {
        c if c.is_whitespace() => None,
        '“' | '”' | '„' | '‟' | '«' | '»' | '″' => Some('"'),
        '‘' | '’' | '‚' | '‛' | '′' => Some('\''),
        c => Some(c),
    }
}

/// A folded text and, for each of its bytes, the byte range of the character it came from.
struct Folded {
    text: String,
    from: Vec<(usize, usize)>,
}

fn folded(text: &str) -> Folded {
    let mut out = Folded { text: String::with_capacity(text.len()), from: Vec::with_capacity(text.len()) };
    for (i, c) in text.char_indices() {
        if let Some(f) = fold(c) {
            out.text.push(f);
            for _ in 0..f.len_utf8() {
                out.from.push((i, i + c.len_utf8()));
            }
        }
    }
    out
}

fn p3(s: &str) -> &str {
    s.get(..3).unwrap_or(s)
}

fn root(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// The sentence tables' match: (source country, target country, root).
pub fn by_root(e: &GoldEvent, g: &DocEvent) -> bool {
    p3(&g.source) == p3(&e.source) && p3(&g.target) == p3(&e.target) && root(&g.code) == root(&e.code)
}

/// Whether a gold asserter is an actor code (`TURGOV`, `ARM`): upper-case letters and
/// digits in blocks of three. (An outlet written in three capitals reads as a code.)
fn is_code(a: &str) -> bool {
    !a.is_empty()
        && a.len().is_multiple_of(3)
        && a.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// `a=author`: the event's asserter is the document's (author, publisher or title; no
/// actor). An actor code: the event's asserter is that actor (the gold code a prefix of
/// its code, as for sides). Words: the asserter's text, case-insensitively with
/// underscores as spaces, contains them or is contained in them.
pub fn asserter_right(gold: &str, ev: &DocEvent, author: &str) -> bool {
    if gold == "author" {
        return ev.asserter_code.is_none() && ev.asserter == author;
    }
    if is_code(gold) {
        return ev.asserter_code.as_deref().is_some_and(|c| c.starts_with(gold));
    }
    let g = gold.replace('_', " ").to_lowercase();
    let a = ev.asserter.to_lowercase();
    !g.trim().is_empty() && !a.trim().is_empty() && (a.contains(&g) || g.contains(&a))
}

/// (right, checked).
pub type Share = (usize, usize);

fn add(a: &mut Share, b: Share) {
    a.0 += b.0;
    a.1 += b.1;
}

pub fn ratio(a: Share) -> f64 {
    if a.1 == 0 {
        1.0
    } else {
        a.0 as f64 / a.1 as f64
    }
}

/// The figures of one document or of a set.
#[derive(Debug, Default)]
pub struct Score {
    pub documents: usize,
    /// Gold sentences found in the text, of all.
    pub sentences: Share,
    /// Events (not negated, refused or denied): true positives, false positives, missed.
    pub tp: usize,
    pub fp: usize,
    pub missed: usize,
    /// Negated, refused and denied gold events found with negated events on.
    pub negatives: Share,
    pub date: Share,
    pub modality: Share,
    pub asserter: Share,
    pub content: Share,
    /// Documents whose own date is `doc-date`.
    pub doc_date: Share,
    /// What went wrong, one line each (`file:line: ...`).
    pub wrong: Vec<String>,
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio((self.tp, self.tp + self.fp))
    }
    pub fn recall(&self) -> f64 {
        ratio((self.tp, self.tp + self.missed))
    }
    pub fn add(&mut self, o: &Score) {
        self.documents += o.documents;
        add(&mut self.sentences, o.sentences);
        self.tp += o.tp;
        self.fp += o.fp;
        self.missed += o.missed;
        for (a, b) in [
            (&mut self.negatives, o.negatives),
            (&mut self.date, o.date),
            (&mut self.modality, o.modality),
            (&mut self.asserter, o.asserter),
            (&mut self.content, o.content),
            (&mut self.doc_date, o.doc_date),
        ] {
            add(a, b);
        }
    }

    /// The figures on one line.
    pub fn line(&self) -> String {
        let f = |s: Share| format!("{:.3} ({}/{})", ratio(s), s.0, s.1);
        format!(
            "sentences found {}/{}  events: recall {:.3} ({}/{}) precision {:.3} ({}/{})  negated/refused/denied found {}  \
             of the events found: date right {}, modality right {}, asserter right {}, content right {}  doc-date right {}",
            self.sentences.0,
            self.sentences.1,
            self.recall(),
            self.tp,
            self.tp + self.missed,
            self.precision(),
            self.tp,
            self.tp + self.fp,
            f(self.negatives),
            f(self.date),
            f(self.modality),
            f(self.asserter),
            f(self.content),
            f(self.doc_date),
        )
    }
}

/// The coder of `quidpro analyze` (shipped dictionaries) and one that emits negated
/// events.
pub fn coders() -> (Coder, Coder) {
    let (dict, errors) = Dictionary::embedded();
    assert!(errors.is_empty(), "dictionary errors: {errors:?}");
    (CoderBuilder::new().build(dict.clone()), CoderBuilder::new().include_negated(true).build(dict))
}

/// The documents with a gold file in `dir`: (document, gold file), sorted.
pub fn documents(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut golds: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "gold"))
        .collect();
    golds.sort();
    golds
        .into_iter()
        .map(|g| {
            let doc = ["txt", "md", "html"]
                .iter()
                .map(|ext| g.with_extension(ext))
                .find(|p| p.exists())
                .unwrap_or_else(|| panic!("{}: no .txt, .md or .html beside it", g.display()));
            (doc, g)
        })
        .collect()
}

/// Reads, analyses and scores one document. `Err` when the gold file does not parse.
pub fn evaluate(coder: &Coder, negating: &Coder, doc_path: &Path, gold_path: &Path) -> Result<Score, String> {
    let name = doc_path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let gold_name = gold_path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let gold_text = std::fs::read_to_string(gold_path).map_err(|e| format!("{gold_name}: {e}"))?;
    let gold = parse_gold(&gold_name, &gold_text)?;
    let doc = Document::read_path(doc_path).map_err(|e| format!("{name}: {e}"))?;
    let mut score = Score { documents: 1, ..Score::default() };
    let own_date = doc.date_or(None);
    if let Some(want) = gold.doc_date {
        score.doc_date = (usize::from(own_date == Some(want)), 1);
        if own_date != Some(want) {
            score.wrong.push(format!("{name}: document date {own_date:?} for {want}"));
        }
    }
    // As `quidpro analyze`; a document that states no date gets the gold one (as --date).
    let analyse = |c: &Coder| -> Result<DocumentReport, String> {
        analyze_document(c, &name, &doc, None).or_else(|_| analyze_document(c, &name, &doc, gold.doc_date))
    };
    let report = analyse(coder)?;
    let negated = analyse(negating)?;
    let author = report.author.clone().unwrap_or_default();
    let story = doc.to_story(&name, report.date);
    let sentences = quidpro_text::sentences(&story.text);
    let text = folded(&story.text);

    let mut used = vec![false; report.events.len()];
    let mut excused = vec![false; report.events.len()];
    let mut neg_used = vec![false; negated.events.len()];
    let mut taken: Vec<usize> = Vec::new();
    let mut covered: Vec<usize> = Vec::new();
    for gs in &gold.sentences {
        score.sentences.1 += 1;
        let want = folded(&gs.text).text;
        let at = if want.is_empty() {
            None
        } else {
            text.text.match_indices(want.as_str()).map(|(i, _)| i).find(|i| !taken.contains(i))
        };
        let positive: Vec<&GoldEvent> = gs.events.iter().filter(|e| !e.negative()).collect();
        let negative: Vec<&GoldEvent> = gs.events.iter().filter(|e| e.negative()).collect();
        let Some(at) = at else {
            score
                .wrong
                .push(format!("{gold_name}:{}: sentence not found in the document: {}", gs.line, gs.text));
            score.missed += positive.len();
            score.negatives.1 += negative.len();
            continue;
        };
        taken.push(at);
        score.sentences.0 += 1;
        let (start, end) = (text.from[at].0, text.from[at + want.len() - 1].1);
        let covers: Vec<usize> =
            (0..sentences.len()).filter(|&i| sentences[i].start < end && sentences[i].end > start).collect();
        covered.extend(&covers);
        let inside = |e: &DocEvent| covers.contains(&e.sentence);
        let mut notes: Vec<String> = Vec::new();
        let check = |e: &GoldEvent, g: &DocEvent, score: &mut Score, notes: &mut Vec<String>| {
            let what = format!("{} {} {}", or_dash(&e.source), or_dash(&e.target), e.code);
            if let Some(d) = &e.date {
                score.date.1 += 1;
                if *d == g.date_token {
                    score.date.0 += 1;
                } else {
                    notes.push(format!("{what}: date {} for {d}", g.date_token));
                }
            }
            if let Some(m) = &e.modality {
                score.modality.1 += 1;
                if *m == g.modality {
                    score.modality.0 += 1;
                } else {
                    notes.push(format!("{what}: modality {} for {m}", g.modality));
                }
            }
            if let Some(a) = &e.asserter {
                score.asserter.1 += 1;
                if asserter_right(a, g, &author) {
                    score.asserter.0 += 1;
                } else {
                    notes.push(format!("{what}: asserter {:?} ({:?}) for {a}", g.asserter, g.asserter_code));
                }
            }
            if let Some((cs, ct, cc)) = &e.content {
                score.content.1 += 1;
                let ok = g.content.as_ref().is_some_and(|c| {
                    p3(&c.source) == p3(cs) && p3(&c.target) == p3(ct) && root(&c.code) == root(cc)
                });
                if ok {
                    score.content.0 += 1;
                } else {
                    let got = g
                        .content
                        .as_ref()
                        .map(|c| format!("{}>{}>{}", or_dash(&c.source), or_dash(&c.target), c.code));
                    notes.push(format!(
                        "{what}: content {} for {}>{}>{cc}",
                        got.unwrap_or("none".into()),
                        or_dash(cs),
                        or_dash(ct)
                    ));
                }
            }
        };
        for e in &positive {
            let k = (0..report.events.len())
                .find(|&k| !used[k] && inside(&report.events[k]) && by_root(e, &report.events[k]));
            match k {
                Some(k) => {
                    used[k] = true;
                    score.tp += 1;
                    check(e, &report.events[k], &mut score, &mut notes);
                }
                None => {
                    score.missed += 1;
                    notes.push(format!(
                        "{} {} {}: not found",
                        or_dash(&e.source),
                        or_dash(&e.target),
                        e.code
                    ));
                }
            }
        }
        for (k, ev) in report.events.iter().enumerate() {
            if inside(ev) && positive.iter().any(|e| by_root(e, ev)) {
                excused[k] = true;
            }
        }
        for e in &negative {
            score.negatives.1 += 1;
            let k = (0..negated.events.len())
                .find(|&k| !neg_used[k] && inside(&negated.events[k]) && by_root(e, &negated.events[k]));
            match k {
                Some(k) => {
                    neg_used[k] = true;
                    score.negatives.0 += 1;
                    check(e, &negated.events[k], &mut score, &mut notes);
                }
                None => notes.push(format!(
                    "{} {} {} m={}: not found with negated events on",
                    or_dash(&e.source),
                    or_dash(&e.target),
                    e.code,
                    e.modality.as_deref().unwrap_or("")
                )),
            }
        }
        let extra: Vec<String> = report
            .events
            .iter()
            .enumerate()
            .filter(|(k, ev)| inside(ev) && !used[*k] && !excused[*k])
            .map(|(_, ev)| show(ev))
            .collect();
        if !extra.is_empty() {
            notes.push(format!("not in the gold file: {}", extra.join(" | ")));
        }
        if !notes.is_empty() {
            score.wrong.push(format!("{gold_name}:{}: {}\n    {}", gs.line, gs.text, notes.join("\n    ")));
        }
    }
    // Events of sentences the gold file does not list (and extra events of its sentences).
    let mut stray: Vec<(usize, Vec<String>)> = Vec::new();
    for (k, ev) in report.events.iter().enumerate() {
        if used[k] || excused[k] {
            continue;
        }
        score.fp += 1;
        if covered.contains(&ev.sentence) {
            continue;
        }
        match stray.iter_mut().find(|(s, _)| *s == ev.sentence) {
            Some((_, v)) => v.push(show(ev)),
            None => stray.push((ev.sentence, vec![show(ev)])),
        }
    }
    for (s, evs) in stray {
        let text = report.events.iter().find(|e| e.sentence == s).map(|e| e.text.clone()).unwrap_or_default();
        score.wrong.push(format!(
            "{name}: a sentence the gold file does not list: {text}
    got: {}",
            evs.join(" | ")
        ));
    }
    Ok(score)
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() {
        "-"
    } else {
        s
    }
}

fn show(ev: &DocEvent) -> String {
    format!(
        "{} {} {} {} m={} a={}",
        or_dash(&ev.source),
        or_dash(&ev.target),
        ev.code,
        ev.date_token,
        ev.modality,
        ev.attribution
    )
}
