//! URLs in citations: finding them, checking them, and reading the dates and languages
//! that their paths carry.
//!
//! IRIs are URLs: letters of any script (Cyrillic, Turkish `ğ ş ı`) are valid in the
//! host and the path; what is checked is what no browser can mend: spaces, broken
//! percent-escapes, typographic characters pasted in, unbalanced brackets, a missing
//! scheme and a host that cannot be a domain.

use chrono::NaiveDate;

use super::date::make_date;
use quidpro_text::Span;

/// A URL found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlRef {
    /// The URL itself, without the angle brackets around it.
    pub span: Span,
    /// Whether it stood in angle brackets (`<https://…>`).
    pub bracketed: bool,
}

/// What is wrong with a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlProblemKind {
    /// A `%` not followed by two hex digits, or escapes that decode to a broken character.
    BadEscape,
    /// White space inside.
    Space,
    /// `(` without `)` or `[` without `]`, or the reverse.
    Unbalanced,
    /// No `http://` or `https://`, or a mangled one (`htps://`, `http//`).
    NoScheme,
    /// The host cannot be a domain name or an IP address.
    BadHost,
    /// A character that cannot stand in a URL (a typographic quote or dash, an invisible
    /// character, `<`, `"`, `\`, ...).
    BadChar,
}

/// A problem in a URL, with the offending bytes (relative to the URL's start).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlProblem {
    /// What is wrong.
    pub kind: UrlProblemKind,
    /// The offending bytes, relative to the start of the URL.
    pub span: Span,
    /// A sentence that says what is wrong.
    pub message: String,
}

/// A date that a URL's path or query carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UrlDate {
    /// Year.
    pub year: i32,
    /// Month.
    pub month: u32,
    /// Day, when the URL has one.
    pub day: Option<u32>,
    /// The bytes of the date, relative to the start of the URL.
    pub span: Span,
}

fn starts_url(s: &str) -> bool {
    let mut n = s.len().min(12);
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    let l = s[..n].to_ascii_lowercase();
    l.starts_with("http://")
        || l.starts_with("https://")
        || l.starts_with("www.")
        || l.starts_with("ftp://")
        || mangled_scheme(s).is_some()
}

/// A mangled scheme at the start of `s` (`htps://`, `http//`, `https:/x`, `http:\\`): its
/// length.
fn mangled_scheme(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && i < 6 && b[i].is_ascii_alphabetic() {
        i += 1;
    }
    let word = s[..i].to_ascii_lowercase();
    if !matches!(
        word.as_str(),
        "http" | "https" | "htp" | "htps" | "htttp" | "htttps" | "ttp" | "ttps" | "hhtp" | "hhtps"
    ) {
        return None;
    }
    let rest = &s[i..];
    let seps = [":/", "//", ":\\\\", "://", ";//", "::/", ":///"];
    let ok = rest.starts_with("://");
    if ok && matches!(word.as_str(), "http" | "https") {
        return None;
    }
    for sep in seps.iter().rev() {
        if rest.starts_with(sep) {
            let n = i + sep.len();
            if b.get(n).is_some_and(|c| c.is_ascii_alphanumeric()) || sep.len() >= 3 {
                return Some(n);
            }
        }
    }
    None
}

/// Whether `s` (the inside of angle brackets) looks like a URL written without a scheme:
/// `example.com/path`.
fn looks_like_bare_host(s: &str) -> bool {
    let host_end = s.find('/').unwrap_or(0);
    if host_end == 0 {
        return false;
    }
    let host = &s[..host_end];
    host.contains('.')
        && !host.contains(' ')
        && host.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-')
        && host.rsplit('.').next().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
}

/// Finds the URLs of `text`: in angle brackets (where the whole inside counts, spaces and
/// all) or bare (`http://`, `https://`, `www.`; trailing punctuation and unbalanced
/// closing brackets are left out).
pub fn find_urls(text: &str) -> Vec<UrlRef> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if c == '<' {
            // The first `>` before the end of the line (one scan: a long line with many
            // `<` must not be read again for each).
            let close = rest.find(['>', '\n']).filter(|&k| rest.as_bytes()[k] == b'>');
            if let Some(close) = close {
                let inner = &rest[1..close];
                let trimmed = inner.trim();
                if !trimmed.is_empty()
                    && !inner.contains('<')
                    && (starts_url(trimmed) || looks_like_bare_host(trimmed) || trimmed.contains("://"))
                {
                    let lead = inner.len() - inner.trim_start().len();
                    let start = i + 1 + lead;
                    out.push(UrlRef { span: Span::new(start, start + trimmed.len()), bracketed: true });
                    i += close + 1;
                    continue;
                }
            }
        }
        let at_word_start = text[..i].chars().next_back().is_none_or(|p| !p.is_alphanumeric() && p != '/');
        if at_word_start && c.is_ascii_alphabetic() && starts_url(rest) {
            let end = bare_end(rest);
            if end > 4 {
                out.push(UrlRef { span: Span::new(i, i + end), bracketed: false });
                i += end;
                continue;
            }
        }
        i += c.len_utf8();
    }
    out
}

/// The length of a bare URL at the start of `s`.
fn bare_end(s: &str) -> usize {
    let mut end = 0;
    for (k, c) in s.char_indices() {
        if c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”' | '«' | '»' | '‘' | '’') {
            break;
        }
        end = k + c.len_utf8();
    }
    let mut u = &s[..end];
    loop {
        let before = u.len();
        u = u.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '*']);
        for (open, close) in [('(', ')'), ('[', ']')] {
            if u.ends_with(close) && u.matches(close).count() > u.matches(open).count() {
                u = &u[..u.len() - 1];
            }
        }
        if u.len() == before {
            break;
        }
    }
    u.len()
}

/// Where the host of `url` is: after the scheme, before the path. `None` without a
/// scheme.
fn host_range(url: &str) -> (usize, usize) {
    let start = url.find("://").map(|i| i + 3).unwrap_or(0);
    let end = url[start..].find(['/', '?', '#']).map(|i| start + i).unwrap_or(url.len());
    (start, end)
}

fn is_allowed_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c);
    }
    // IRIs: letters and digits of any script, and combining marks.
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

/// Checks a URL; an empty result means it is well formed.
pub fn check_url(url: &str) -> Vec<UrlProblem> {
    let mut out = Vec::new();
    let p = |kind, s: usize, e: usize, message: String| UrlProblem { kind, span: Span::new(s, e), message };
    let lower = url.to_ascii_lowercase();
    // The scheme.
    if let Some(n) = mangled_scheme(url) {
        out.push(p(
            UrlProblemKind::NoScheme,
            0,
            n,
            format!("the scheme `{}` is mangled; `http://` or `https://` expected", &url[..n]),
        ));
    } else if !(lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("ftp://"))
    {
        let n = url.find(['/', ' ']).unwrap_or(url.len()).min(url.len());
        out.push(p(UrlProblemKind::NoScheme, 0, n, "the URL has no scheme (`https://`)".into()));
    }
    // Spaces and characters.
    for (k, c) in url.char_indices() {
        let e = k + c.len_utf8();
        if c.is_whitespace() {
            out.push(p(UrlProblemKind::Space, k, e, "the URL contains white space".into()));
        } else if !is_allowed_char(c) {
            out.push(p(
                UrlProblemKind::BadChar,
                k,
                e,
                format!("the character `{}` (U+{:04X}) cannot stand in a URL", c.escape_default(), c as u32),
            ));
        }
    }
    // Percent-escapes.
    check_escapes(url, &mut out);
    // Brackets, in the path (a host in [..] is an IPv6 address).
    let (hs, he) = host_range(url);
    let path = &url[he..];
    for (open, close) in [('(', ')'), ('[', ']')] {
        let mut depth = 0i32;
        let mut first_open = None;
        for (k, c) in path.char_indices() {
            if c == open {
                if depth == 0 {
                    first_open = Some(k);
                }
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth < 0 {
                    out.push(p(
                        UrlProblemKind::Unbalanced,
                        he + k,
                        he + k + 1,
                        format!("`{close}` without `{open}` in the URL"),
                    ));
                    depth = 0;
                }
            }
        }
        if depth > 0 {
            let k = first_open.unwrap_or(0);
            out.push(p(
                UrlProblemKind::Unbalanced,
                he + k,
                he + k + 1,
                format!("`{open}` without `{close}` in the URL"),
            ));
        }
    }
    // The host.
    if url.contains("://") || out.iter().all(|x| x.kind != UrlProblemKind::NoScheme) {
        if let Some(msg) = host_problem(&url[hs..he]) {
            out.push(p(UrlProblemKind::BadHost, hs, he.max(hs), msg));
        }
    }
    out
}

fn check_escapes(url: &str, out: &mut Vec<UrlProblem>) {
    let b = url.as_bytes();
    let hex = |c: u8| c.is_ascii_hexdigit();
    let mut runs: Vec<(usize, usize, Vec<u8>)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if i + 2 < b.len() && hex(b[i + 1]) && hex(b[i + 2]) {
                let start = i;
                let mut bytes = Vec::new();
                while i + 2 < b.len() && b[i] == b'%' && hex(b[i + 1]) && hex(b[i + 2]) {
                    let v = u8::from_str_radix(&url[i + 1..i + 3], 16).unwrap_or(0);
                    bytes.push(v);
                    i += 3;
                }
                runs.push((start, i, bytes));
                continue;
            }
            let end = (i + 3).min(b.len());
            let end = (i + 1..=end).rev().find(|&e| url.is_char_boundary(e)).unwrap_or(i + 1);
            out.push(UrlProblem {
                kind: UrlProblemKind::BadEscape,
                span: Span::new(i, end),
                message: format!("`{}` is not a percent-escape (`%` and two hex digits)", &url[i..end]),
            });
        }
        i += 1;
    }
    let bad_at: Vec<usize> =
        out.iter().filter(|p| p.kind == UrlProblemKind::BadEscape).map(|p| p.span.start).collect();
    let any_utf8 =
        runs.iter().any(|(_, _, r)| r.iter().any(|&x| x >= 0x80) && std::str::from_utf8(r).is_ok());
    for (s, e, r) in &runs {
        if let Err(err) = std::str::from_utf8(r) {
            if (err.error_len().is_none() || any_utf8) && !bad_at.contains(e) {
                out.push(UrlProblem {
                    kind: UrlProblemKind::BadEscape,
                    span: Span::new(*s, *e),
                    message: format!("the escapes `{}` decode to a broken UTF-8 character", &url[*s..*e]),
                });
            }
        }
    }
}

fn host_problem(host: &str) -> Option<String> {
    let host = host.rsplit('@').next().unwrap_or(host);
    if host.starts_with('[') {
        return None; // IPv6
    }
    let host = match host.rfind(':') {
        Some(k) => {
            let port = &host[k + 1..];
            if !port.chars().all(|c| c.is_ascii_digit()) {
                return Some(format!("`{host}`: the port `{port}` is not a number"));
            }
            &host[..k]
        }
        None => host,
    };
    if host.is_empty() {
        return Some("the URL has no host".into());
    }
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.eq_ignore_ascii_case("localhost") {
        return None;
    }
    if let Some(c) = host.chars().find(|&c| !(c.is_alphanumeric() || c == '-' || c == '.')) {
        return Some(format!("the host `{host}` contains `{c}`, which no domain name has"));
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return Some(format!("the host `{host}` has no top-level domain"));
    }
    if labels.len() == 4 && labels.iter().all(|l| l.parse::<u8>().is_ok()) {
        return None; // IPv4
    }
    for l in &labels {
        if l.is_empty() {
            return Some(format!("the host `{host}` has an empty label (`..`)"));
        }
        if l.starts_with('-') || l.ends_with('-') {
            return Some(format!("the host `{host}` has a label that starts or ends with `-`"));
        }
        if l.len() > 63 {
            return Some(format!("the host `{host}` has a label longer than 63 bytes"));
        }
    }
    let tld = labels[labels.len() - 1];
    let tld_ok =
        tld.starts_with("xn--") || (tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    if !tld_ok {
        return Some(format!("the host `{host}` ends in `{tld}`, which is no top-level domain"));
    }
    None
}

/// The date carried by a URL's path or query: `/2024/12/25/`, `/2024/12/`,
/// `/25/12/2024/`, `/20241225/`, `-20241225`, `2024-12-25`, `?date=2024-12-25`.
pub fn url_date(url: &str) -> Option<UrlDate> {
    let (_, he) = host_range(url);
    let path_end = url.find('#').unwrap_or(url.len()).max(he);
    let path = &url[he..path_end];
    let (q_start, path_only) = match path.find('?') {
        Some(q) => (he + q, &path[..q]),
        None => (path_end, path),
    };
    // Segments with their offsets.
    let mut segs: Vec<(usize, &str)> = Vec::new();
    let mut off = he;
    for s in path_only.split('/') {
        segs.push((off, s));
        off += s.len() + 1;
    }
    let num = |s: &str, lo: usize, hi: usize| -> Option<u32> {
        (s.len() >= lo && s.len() <= hi && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = |s: &str| num(s, 4, 4).filter(|y| (1990..2100).contains(y)).map(|y| y as i32);
    for w in 0..segs.len() {
        let (o, s) = segs[w];
        // /YYYY/MM/DD/ and /YYYY/MM/
        if let Some(y) = year(s) {
            if let Some(&(_, ms)) = segs.get(w + 1) {
                if let Some(m) = num(ms, 1, 2).filter(|m| (1..=12).contains(m)) {
                    let (mo, _) = segs[w + 1];
                    if let Some(&(dof, ds)) = segs.get(w + 2) {
                        if let Some(d) = num(ds, 1, 2).filter(|d| (1..=31).contains(d)) {
                            return Some(UrlDate {
                                year: y,
                                month: m,
                                day: Some(d),
                                span: Span::new(o, dof + ds.len()),
                            });
                        }
                    }
                    // Year and month only when more path follows (not "/2023/12" as an id).
                    if segs.len() > w + 2 {
                        return Some(UrlDate {
                            year: y,
                            month: m,
                            day: None,
                            span: Span::new(o, mo + ms.len()),
                        });
                    }
                }
            }
        }
        // /DD/MM/YYYY/
        if let (Some(d), Some(&(_, ms)), Some(&(yo, ys))) = (num(s, 2, 2), segs.get(w + 1), segs.get(w + 2)) {
            if let (Some(m), Some(y)) = (num(ms, 2, 2), year(ys)) {
                if (1..=12).contains(&m) && (1..=31).contains(&d) {
                    return Some(UrlDate {
                        year: y,
                        month: m,
                        day: Some(d),
                        span: Span::new(o, yo + ys.len()),
                    });
                }
            }
        }
    }
    // Tokens inside segments: YYYYMMDD and YYYY-MM-DD.
    for (o, s) in &segs {
        if let Some(d) = token_date(s, *o) {
            return Some(d);
        }
    }
    // The query: date=...
    if q_start < path_end {
        let q = &url[q_start + 1..path_end];
        let mut qo = q_start + 1;
        for pair in q.split('&') {
            if let Some((k, v)) = pair.split_once('=') {
                let k = k.to_ascii_lowercase();
                if matches!(k.as_str(), "date" | "d" | "dt" | "day" | "published" | "pubdate") {
                    let vo = qo + k.len() + 1;
                    if let Some(d) = token_date(v, vo).or_else(|| dotted_date(v, vo)) {
                        return Some(d);
                    }
                }
            }
            qo += pair.len() + 1;
        }
    }
    None
}

fn dotted_date(v: &str, off: usize) -> Option<UrlDate> {
    let parts: Vec<&str> = v.split('.').collect();
    if parts.len() != 3 {
        return None;
    }
    let d: u32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let y: i32 = parts[2].parse().ok()?;
    make_date(y, m, d).ok()?;
    Some(UrlDate { year: y, month: m, day: Some(d), span: Span::new(off, off + v.len()) })
}

/// `YYYYMMDD` or `YYYY-MM-DD` as a token of `s` (delimited by `-`, `_`, `.` or the ends).
fn token_date(s: &str, off: usize) -> Option<UrlDate> {
    let b = s.as_bytes();
    let delim = |k: usize| k == 0 || k >= b.len() || matches!(b[k], b'-' | b'_' | b'.' | b',' | b'=');
    let mut i = 0;
    while i + 8 <= b.len() {
        if b[i].is_ascii_digit() && (i == 0 || delim(i - 1)) {
            // YYYYMMDD
            if b[i..i + 8].iter().all(u8::is_ascii_digit) && (i + 8 == b.len() || delim(i + 8)) {
                let t = &s[i..i + 8];
                let (y, m, d) =
                    (t[..4].parse::<i32>().ok()?, t[4..6].parse::<u32>().ok()?, t[6..].parse::<u32>().ok()?);
                if (1990..2100).contains(&y) && make_date(y, m, d).is_ok() {
                    return Some(UrlDate {
                        year: y,
                        month: m,
                        day: Some(d),
                        span: Span::new(off + i, off + i + 8),
                    });
                }
            }
            // YYYY-MM-DD
            if i + 10 <= b.len()
                && b[i + 4] == b'-'
                && b[i + 7] == b'-'
                && (i + 10 == b.len() || delim(i + 10))
            {
                let t = &s[i..i + 10];
                if let (Ok(y), Ok(m), Ok(d)) =
                    (t[..4].parse::<i32>(), t[5..7].parse::<u32>(), t[8..].parse::<u32>())
                {
                    if (1990..2100).contains(&y) && make_date(y, m, d).is_ok() {
                        return Some(UrlDate {
                            year: y,
                            month: m,
                            day: Some(d),
                            span: Span::new(off + i, off + i + 10),
                        });
                    }
                }
            }
        }
        i += 1;
    }
    None
}

/// The language that a URL's path or host names: `/ru/`, `/en/`, `en.example.com`,
/// `?lang=tr`. A language code (`ru`, `en`, `tr`, ...).
pub fn url_language(url: &str) -> Option<&'static str> {
    let (hs, he) = host_range(url);
    let host = &url[hs..he];
    let first_label = host.split('.').next().unwrap_or("");
    if host.split('.').count() >= 3 {
        if let Some(l) = language_code(first_label) {
            return Some(l);
        }
    }
    let path = &url[he..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    if let Some(seg) = path.split('/').find(|s| !s.is_empty()) {
        if let Some(l) = language_code(seg) {
            return Some(l);
        }
    }
    if let Some(q) = url.split_once('?').map(|x| x.1) {
        for pair in q.split('&') {
            if let Some((k, v)) = pair.split_once('=') {
                if matches!(k.to_ascii_lowercase().as_str(), "lang" | "language" | "hl") {
                    return language_code(v);
                }
            }
        }
    }
    None
}

fn language_code(s: &str) -> Option<&'static str> {
    Some(match s.to_ascii_lowercase().as_str() {
        "en" | "eng" | "english" => "en",
        "ru" | "rus" | "russian" => "ru",
        "tr" | "tur" | "turkish" | "turkce" => "tr",
        "az" | "aze" => "az",
        "de" | "deu" | "ger" => "de",
        "fr" | "fra" => "fr",
        "uk" | "ua" | "ukr" => "uk",
        "ka" | "geo" => "ka",
        "hy" | "arm" => "hy",
        "fa" | "per" => "fa",
        "ar" | "ara" => "ar",
        _ => return None,
    })
}

/// The URL in a form for comparing: no scheme, no `www.` or `m.`, host in lower case,
/// no fragment, no tracking parameters, no trailing `/`.
pub fn normalize_url(url: &str) -> String {
    let (hs, he) = host_range(url);
    let host = url[hs..he].to_lowercase();
    let host = host.strip_prefix("www.").or_else(|| host.strip_prefix("m.")).unwrap_or(&host).to_string();
    let rest = &url[he..];
    let rest = rest.split('#').next().unwrap_or("");
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    let mut out = host;
    out.push_str(path.trim_end_matches('/'));
    if let Some(q) = query {
        let kept: Vec<&str> = q
            .split('&')
            .filter(|kv| {
                let k = kv.split('=').next().unwrap_or("").to_ascii_lowercase();
                !(k.starts_with("utm_") || k == "fbclid" || k == "gclid" || k.is_empty())
            })
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    out
}

/// The URL date as a [`NaiveDate`], when it has a day and exists.
pub fn url_naive_date(d: &UrlDate) -> Option<NaiveDate> {
    make_date(d.year, d.month, d.day?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(u: &str) -> Vec<UrlProblemKind> {
        check_url(u).into_iter().map(|p| p.kind).collect()
    }

    #[test]
    fn finds_urls() {
        let t = "Hürriyet, <https://www.hurriyet.com.tr/gundem/a-42234567> (x). See https://ria.ru/20230314/baku-1.html. And (https://en.wikipedia.org/wiki/A_(b)).";
        let u: Vec<&str> = find_urls(t).iter().map(|u| u.span.slice(t)).collect();
        assert_eq!(
            u,
            [
                "https://www.hurriyet.com.tr/gundem/a-42234567",
                "https://ria.ru/20230314/baku-1.html",
                "https://en.wikipedia.org/wiki/A_(b)"
            ]
        );
        let t = "<https://x.org/a b> and <www.example.com/x>";
        let u: Vec<&str> = find_urls(t).iter().map(|u| u.span.slice(t)).collect();
        assert_eq!(u, ["https://x.org/a b", "www.example.com/x"]);
    }

    #[test]
    fn sound_urls() {
        for u in [
            "https://www.hurriyet.com.tr/gundem/baku-ve-ankara-savunma-sanayi-mutabakati-42234567",
            "https://ria.ru/20230314/baku-1857345.html",
            "https://президент.рф/новости/123",
            "https://www.aa.com.tr/tr/dünya/azerbaycan-ile-türkiye/2842211",
            "https://en.wikipedia.org/wiki/Shusha_(city)",
            "https://kommersant.ru/doc/5872345?from=main",
            "https://example.org/%D0%B1%D0%B0%D0%BA%D1%83",
            "http://127.0.0.1:8080/x",
        ] {
            assert!(check_url(u).is_empty(), "{u}: {:?}", check_url(u));
        }
    }

    #[test]
    fn broken_urls() {
        assert_eq!(kinds("https://x.org/a%2"), [UrlProblemKind::BadEscape]);
        assert_eq!(kinds("https://x.org/a%D0%B"), [UrlProblemKind::BadEscape]);
        assert_eq!(kinds("https://x.org/a b"), [UrlProblemKind::Space]);
        assert_eq!(kinds("https://x.org/a_(b"), [UrlProblemKind::Unbalanced]);
        assert_eq!(kinds("www.x.org/a"), [UrlProblemKind::NoScheme]);
        assert_eq!(kinds("htps://x.org/a"), [UrlProblemKind::NoScheme]);
        assert_eq!(kinds("https://x..org/a"), [UrlProblemKind::BadHost]);
        assert_eq!(kinds("https://x,org/a"), [UrlProblemKind::BadHost]);
        assert_eq!(kinds("https://xorg/a"), [UrlProblemKind::BadHost]);
        assert_eq!(kinds("https://x.org/a–b"), [UrlProblemKind::BadChar]);
        assert_eq!(kinds("https://x.org/a\u{200b}b"), [UrlProblemKind::BadChar]);
    }

    #[test]
    fn dates_in_urls() {
        let d = |u: &str| url_date(u).map(|d| (d.year, d.month, d.day));
        assert_eq!(d("https://x.org/2024/12/25/story"), Some((2024, 12, Some(25))));
        assert_eq!(d("https://x.org/2024/12/story"), Some((2024, 12, None)));
        assert_eq!(d("https://ria.ru/20241225/x-1.html"), Some((2024, 12, Some(25))));
        assert_eq!(d("https://x.org/news/story-20241225"), Some((2024, 12, Some(25))));
        assert_eq!(d("https://x.org/a?date=2024-12-25"), Some((2024, 12, Some(25))));
        assert_eq!(d("https://rbc.ru/politics/14/03/2023/640fe"), Some((2023, 3, Some(14))));
        assert_eq!(d("https://kommersant.ru/doc/5872345"), None);
        assert_eq!(d("https://x.org/a-42234567"), None);
        assert_eq!(url_language("https://www.aa.com.tr/tr/dunya/x"), Some("tr"));
        assert_eq!(url_language("https://en.trend.az/azerbaijan/x"), Some("en"));
        assert_eq!(url_language("https://trend.az/azerbaijan/x"), None);
        assert_eq!(normalize_url("https://www.X.org/a/?utm_source=t#top"), normalize_url("http://x.org/a"));
    }
}
