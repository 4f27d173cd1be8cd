//! Metadata that names a document's title, author, publisher and dates:
//!
//! * the head of an HTML page: `<meta>` tags (`author`, `dc.creator`, `citation_author`,
//!   `article:published_time`, `date`, `dc.date`, `citation_publication_date`, ...,
//!   `og:site_name`) and JSON-LD (`datePublished`, `dateModified`, `author`,
//!   `publisher`, `headline`, also inside `@graph`);
//! * the marks in the body of a page: `<time datetime>`, `itemprop="author"`,
//!   `itemprop="datePublished"`, `rel="author"`, and a class that says author, byline,
//!   date or update ([`mark`]);
//! * the front matter of a Markdown or text file: a YAML block between `---` lines, a
//!   TOML block between `+++` lines, or a Pandoc title block (`% title`, `% author`,
//!   `% date`) ([`front_block`]).
//!
//! A date in metadata is read as in the text ([`meta_date`]): ISO (`2024-11-14`,
//! `2024-11-14T10:32:00+03:00`, `2024/11/14`), dotted (`14.11.2024`) or written.

use chrono::NaiveDate;
use serde_json::Value;

use crate::{find_dates, NumericOrder};

/// What metadata says of a document.
#[derive(Debug, Default, Clone)]
pub(crate) struct Meta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<NaiveDate>,
    pub updated: Option<NaiveDate>,
}

impl Meta {
    fn set(slot: &mut Option<String>, v: &str) {
        let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
        if slot.is_none() && !v.is_empty() {
            *slot = Some(v);
        }
    }
}

/// The day a metadata value names: its first date.
pub(crate) fn meta_date(s: &str) -> Option<NaiveDate> {
    find_dates(s, NumericOrder::DayFirst).into_iter().find_map(|m| m.date)
}

/// A person's name as metadata writes it: "By Jane Roe" → "Jane Roe"; a catalogue form
/// "Roe, Jane" (one comma, one word before it) → "Jane Roe"; a URL is no name.
fn person(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let s = strip_by(&s).unwrap_or(&s).trim();
    if s.is_empty() || s.starts_with("http") || s.starts_with('@') {
        return None;
    }
    if let Some((last, first)) = s.split_once(", ") {
        if !last.contains(' ') && !first.contains(',') && first.split_whitespace().count() <= 3 {
            return Some(format!("{first} {last}"));
        }
    }
    Some(s.to_string())
}

/// The rest of a byline after "By", "By:", "Par", "Von" (any case).
pub(crate) fn strip_by(s: &str) -> Option<&str> {
    for p in ["by:", "by ", "par ", "von "] {
        if s.len() > p.len() && s.is_char_boundary(p.len()) && s[..p.len()].eq_ignore_ascii_case(p) {
            return Some(s[p.len()..].trim_start());
        }
    }
    None
}

/// A `<meta>` tag of the head: its key (`name`, `property` or `itemprop`, lower case) and
/// content.
pub(crate) fn head_meta(key: &str, content: &str, meta: &mut Meta) {
    match key {
        "author" | "article:author" | "dc.creator" | "dcterms.creator" | "citation_author"
        | "parsely-author" | "sailthru.author" | "byl" => {
            meta.author = meta.author.take().or_else(|| person(content));
        }
        "publisher" | "og:site_name" | "dc.publisher" | "dcterms.publisher" | "citation_publisher"
        | "application-name" => Meta::set(&mut meta.publisher, content),
        "article:published_time"
        | "og:article:published_time"
        | "article:published"
        | "date"
        | "dc.date"
        | "dc.date.issued"
        | "dc.date.created"
        | "dcterms.date"
        | "dcterms.issued"
        | "dcterms.created"
        | "pubdate"
        | "publishdate"
        | "publish-date"
        | "publish_date"
        | "datepublished"
        | "parsely-pub-date"
        | "sailthru.date"
        | "citation_publication_date"
        | "citation_date"
        | "citation_online_date" => {
            meta.published = meta.published.take().or_else(|| meta_date(content));
        }
        "article:modified_time"
        | "og:updated_time"
        | "datemodified"
        | "dcterms.modified"
        | "last-modified" => {
            meta.updated = meta.updated.take().or_else(|| meta_date(content));
        }
        _ => {}
    }
}

/// A JSON-LD block (`<script type="application/ld+json">`): the first object that is a
/// work (has `datePublished` or `headline`), in the block or its `@graph`.
pub(crate) fn json_ld(src: &str, meta: &mut Meta) {
    let Ok(v) = serde_json::from_str::<Value>(src) else { return };
    let mut objects: Vec<&Value> = Vec::new();
    let mut stack = vec![&v];
    // Bounded: a block has a few objects; nothing nests deeper than a graph of arrays.
    while let Some(x) = stack.pop() {
        match x {
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                objects.push(x);
            }
            _ => {}
        }
        if objects.len() > 64 {
            break;
        }
    }
    let Some(work) =
        objects.into_iter().find(|o| o.get("datePublished").is_some() || o.get("headline").is_some())
    else {
        return;
    };
    let text = |v: Option<&Value>| -> Option<String> {
        match v? {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
            Value::Array(a) => {
                let names: Vec<String> = a
                    .iter()
                    .filter_map(|x| match x {
                        Value::String(s) => Some(s.clone()),
                        Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
                        _ => None,
                    })
                    .collect();
                (!names.is_empty()).then(|| names.join(" and "))
            }
            _ => None,
        }
    };
    if meta.published.is_none() {
        meta.published = text(work.get("datePublished")).as_deref().and_then(meta_date);
    }
    if meta.updated.is_none() {
        meta.updated = text(work.get("dateModified")).as_deref().and_then(meta_date);
    }
    if meta.author.is_none() {
        meta.author = text(work.get("author")).as_deref().and_then(person);
    }
    if let Some(p) = text(work.get("publisher")) {
        Meta::set(&mut meta.publisher, &p);
    }
    if let Some(h) = text(work.get("headline")) {
        Meta::set(&mut meta.title, &h);
    }
}

/// What an element of a page's body marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mark {
    /// The author's name (`itemprop="author"`, `rel="author"`, a class `author`).
    Author,
    /// A byline (a class `byline`): "By Jane Roe, Senior Fellow".
    Byline,
    /// The publication date (`itemprop="datePublished"`, `<time pubdate>`, a class that
    /// says published or posted).
    Published,
    /// A date of update (`itemprop="dateModified"`, a class that says updated).
    Updated,
    /// A date or time with no more said (`<time>`, a class `date`).
    Date,
}

/// What an element marks, from its name and attributes.
pub(crate) fn mark(el: &scraper::node::Element) -> Option<Mark> {
    let itemprop = el.attr("itemprop").unwrap_or("").to_ascii_lowercase();
    let rel = el.attr("rel").unwrap_or("").to_ascii_lowercase();
    match itemprop.as_str() {
        "author" | "creator" => return Some(Mark::Author),
        "datepublished" | "datecreated" => return Some(Mark::Published),
        "datemodified" => return Some(Mark::Updated),
        _ => {}
    }
    if rel.split_whitespace().any(|r| r == "author") {
        return Some(Mark::Author);
    }
    let classes: Vec<String> = el.classes().map(str::to_ascii_lowercase).collect();
    let has = |w: &str| classes.iter().any(|c| c.contains(w));
    let time = el.name() == "time";
    if has("updat") || has("modif") {
        return Some(Mark::Updated);
    }
    if time && el.attr("pubdate").is_some() || has("publish") || has("posted") || has("entry-date") {
        return Some(Mark::Published);
    }
    if has("byline") {
        return Some(Mark::Byline);
    }
    if classes.iter().any(|c| {
        matches!(
            c.as_str(),
            "author" | "author-name" | "authors" | "post-author" | "entry-author" | "article-author"
        ) || c.ends_with("__author")
            || c.ends_with("-author")
    }) {
        return Some(Mark::Author);
    }
    if time
        || classes
            .iter()
            .any(|c| c == "date" || c.ends_with("-date") || c.ends_with("__date") || c == "dateline")
    {
        return Some(Mark::Date);
    }
    None
}

/// The date an element gives in an attribute (`datetime`, `content`).
pub(crate) fn attr_date(el: &scraper::node::Element) -> Option<NaiveDate> {
    el.attr("datetime").or(el.attr("content")).and_then(meta_date)
}

/// The name a byline or author element gives: "By Jane Roe, Senior Fellow" → "Jane
/// Roe"; nothing when it is longer than a name (an author's biography).
pub(crate) fn byline_name(text: &str) -> Option<String> {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = strip_by(&t).unwrap_or(&t);
    let cut = t.find([',', '|', '·', '•', '(', '—', '–']).unwrap_or(t.len());
    let cut = find_dates(t, NumericOrder::DayFirst).first().map_or(cut, |d| d.span.start.min(cut));
    let name = t[..cut].trim();
    let words = name.split_whitespace().count();
    ((1..=8).contains(&words) && name.chars().next().is_some_and(char::is_uppercase))
        .then(|| name.to_string())
}

/// The front matter at the start of a Markdown or text file: where it ends (a byte
/// offset, after its closing line) and what it says. `None` when the file opens with
/// none.
pub(crate) fn front_block(text: &str) -> Option<(usize, Meta)> {
    let first = text.lines().next()?.trim_end();
    if first == "---" || first == "+++" {
        let fence = first;
        let mut meta = Meta::default();
        let mut off = text.find('\n')? + 1;
        let mut list_key: Option<String> = None;
        for (n, line) in text[off..].split('\n').enumerate() {
            let end = off + line.len() + 1;
            let l = line.trim_end_matches('\r');
            if l.trim_end() == fence || (fence == "---" && l.trim_end() == "...") {
                return Some((end.min(text.len()), meta));
            }
            if n > 200 {
                return None;
            }
            off = end;
            if l.trim().is_empty() || l.trim_start().starts_with('#') {
                continue;
            }
            // "  - Jane Roe" under "authors:".
            if let (Some(key), Some(item)) = (&list_key, l.trim_start().strip_prefix("- ")) {
                front_value(key, item, &mut meta);
                continue;
            }
            if l.starts_with([' ', '\t']) {
                continue;
            }
            // Every other line is `key: value` (TOML: `key = value`): else this is no
            // front matter but text between two rules.
            let sep = if fence == "+++" { '=' } else { ':' };
            let (key, value) = l.split_once(sep)?;
            if key.trim().is_empty() || !key.trim().chars().all(|c| c.is_alphanumeric() || "_-.".contains(c))
            {
                return None;
            }
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            if value.is_empty() {
                list_key = Some(key);
                continue;
            }
            list_key = None;
            // An inline list: [Jane Roe, "Ali Aliyev"].
            if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                if let Some(first) = inner.split(',').next() {
                    front_value(&key, first, &mut meta);
                }
                continue;
            }
            front_value(&key, value, &mut meta);
        }
        return None;
    }
    // MultiMarkdown metadata: "Title: …", "Author: …", "Date: …" lines up to the first
    // blank line, the first of them a key that names the work.
    let key_of = |l: &str| -> Option<String> {
        let (k, v) = l.split_once(':')?;
        let k = k.trim();
        (!k.is_empty()
            && !v.trim().is_empty()
            && k.len() <= 24
            && k.chars().all(|c| c.is_alphanumeric() || c == ' '))
        .then(|| k.to_lowercase())
    };
    if key_of(first).is_some_and(|k| matches!(k.as_str(), "title" | "author" | "authors" | "date")) {
        let mut meta = Meta::default();
        let mut end = 0;
        for line in text.split('\n') {
            let l = line.trim_end_matches('\r');
            if l.trim().is_empty() {
                end += line.len() + 1;
                break;
            }
            if !l.starts_with([' ', '\t']) {
                let key = key_of(l)?;
                let value = l.split_once(':').map_or("", |(_, v)| v);
                front_value(&key, value, &mut meta);
            }
            end += line.len() + 1;
            if end > 8192 {
                return None;
            }
        }
        return Some((end.min(text.len()), meta));
    }
    // A Pandoc title block: "% title", "% author(s)", "% date".
    if first.starts_with("% ") {
        let mut meta = Meta::default();
        let mut end = 0;
        for (k, line) in text.split('\n').enumerate().take(3) {
            let Some(v) = line.trim_end_matches('\r').strip_prefix('%') else { break };
            let v = v.trim();
            end += line.len() + 1;
            match k {
                0 => Meta::set(&mut meta.title, v),
                1 => {
                    let a = v.split(';').next().unwrap_or("");
                    if meta.author.is_none() {
                        meta.author = person(a);
                    }
                }
                _ => meta.published = meta_date(v),
            }
        }
        return Some((end.min(text.len()), meta));
    }
    None
}

fn front_value(key: &str, value: &str, meta: &mut Meta) {
    let v = value.trim().trim_matches(['"', '\'']).trim();
    match key {
        "title" => Meta::set(&mut meta.title, v),
        "author" | "authors" | "by" | "byline" | "creator" => {
            meta.author = meta.author.take().or_else(|| person(v));
        }
        "publisher" | "site" | "organization" | "organisation" | "source" => {
            Meta::set(&mut meta.publisher, v)
        }
        "date" | "published" | "publishdate" | "pubdate" | "date_published" | "published_at" | "created" => {
            meta.published = meta.published.take().or_else(|| meta_date(v));
        }
        "lastmod" | "updated" | "modified" | "last_modified" | "date_modified" | "updated_at" => {
            meta.updated = meta.updated.take().or_else(|| meta_date(v));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn yaml_toml_and_pandoc_blocks() {
        let (end, m) =
            front_block("---\ntitle: \"T\"\nauthors:\n  - Jane Roe\ndate: 2024-11-14T10:00:00Z\n---\nText\n")
                .unwrap();
        assert_eq!(
            (m.title.as_deref(), m.author.as_deref(), m.published),
            (Some("T"), Some("Jane Roe"), ymd(2024, 11, 14))
        );
        assert_eq!(end, "---\ntitle: \"T\"\nauthors:\n  - Jane Roe\ndate: 2024-11-14T10:00:00Z\n---\n".len());
        let (_, m) =
            front_block("+++\ntitle = \"T\"\ndate = 2024-11-14\nlastmod = 2024-11-20\n+++\n").unwrap();
        assert_eq!((m.published, m.updated), (ymd(2024, 11, 14), ymd(2024, 11, 20)));
        let (_, m) = front_block("% T\n% Roe, Jane\n% 14 November 2024\n\nText").unwrap();
        assert_eq!((m.author.as_deref(), m.published), (Some("Jane Roe"), ymd(2024, 11, 14)));
        // An unclosed block, or a rule that opens the text, is no front matter.
        assert!(front_block("---\nTurkey sent drones.\n").is_none());
        assert!(front_block("Title\n---\n").is_none());
        // MultiMarkdown metadata ends at the first blank line; a line that is no key ends
        // it as no metadata.
        let (end, m) = front_block("Title: T\nAuthor: Jane Roe\nDate: 14 November 2024\n\nText").unwrap();
        assert_eq!((end, m.title.as_deref(), m.published), (50, Some("T"), ymd(2024, 11, 14)));
        assert!(front_block("Date: 14 November 2024\nTurkey sent drones.\n").is_none());
    }

    #[test]
    fn json_ld_objects_and_graphs() {
        let mut m = Meta::default();
        json_ld(
            r#"{"@graph":[{"@type":"WebSite","name":"Desk"},{"@type":"Article","datePublished":"2024-11-14","author":[{"name":"Jane Roe"},{"name":"Ali Aliyev"}],"publisher":{"name":"Desk"}}]}"#,
            &mut m,
        );
        assert_eq!(m.published, ymd(2024, 11, 14));
        assert_eq!(m.author.as_deref(), Some("Jane Roe and Ali Aliyev"));
        assert_eq!(m.publisher.as_deref(), Some("Desk"));
        let mut m = Meta::default();
        json_ld("{not json", &mut m);
        assert!(m.published.is_none());
    }

    #[test]
    fn bylines_and_names() {
        assert_eq!(byline_name("By Jane Roe, Senior Fellow").as_deref(), Some("Jane Roe"));
        assert_eq!(byline_name("Jane Roe 14.11.2024").as_deref(), Some("Jane Roe"));
        assert_eq!(byline_name("jane roe is a fellow").as_deref(), None);
        assert_eq!(person("Roe, Jane").as_deref(), Some("Jane Roe"));
        assert_eq!(person("https://example.org/jane"), None);
    }
}
