//! The document report written for people: plain text, Markdown and a self-contained
//! HTML page.

use std::fmt::Write as _;

use crate::svg::esc;

use super::{DocEvent, DocumentReport, FindingRow, Work};

/// How a report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Text,
    Markdown,
    Html,
}

/// A URL for an HTML page: an `<a>` when its scheme is `http` or `https` (any case) and it
/// holds no whitespace or control character; anything else (`javascript:`, `data:`, a
/// relative path) is printed as escaped text, never linked.
pub fn html_link(url: &str) -> String {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let web = lower.starts_with("http://") || lower.starts_with("https://");
    if web && !url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        format!("<a href=\"{0}\">{0}</a>", esc(url))
    } else {
        esc(url)
    }
}

/// `—` for an unnamed side.
fn side(code: &str) -> &str {
    if code.is_empty() {
        "—"
    } else {
        code
    }
}

impl DocumentReport {
    /// The report as JSON (the format in the module docs).
    pub fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    /// The report as plain text (for a terminal).
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Mode::Text);
        out
    }

    /// The report as Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Mode::Markdown);
        out
    }

    /// The report as a self-contained HTML page (inline CSS; no script, no network; only
    /// `http` and `https` URLs are links).
    pub fn html(&self) -> String {
        let mut body = String::new();
        self.write(&mut body, Mode::Html);
        crate::html_page(
            self.title.as_deref().unwrap_or(&self.file),
            "table{width:100%} td,th{text-align:left} th{background:#f4f4f4} .error{color:#a00;font-weight:bold} \
             .warning{color:#a60} code{font-size:.9em} ol.claims li{margin-bottom:.8em} \
             blockquote{margin:.4em 0 .4em 1em;color:#444;border-left:3px solid #ddd;padding-left:.6em}",
            &body,
        )
    }

    /// One cited work in one line; its first URL linked in HTML (see [`html_link`]).
    fn work_line(w: &Work, mode: Mode) -> String {
        let e = |s: &str| match mode {
            Mode::Html => esc(s),
            Mode::Markdown => s.replace('|', "\\|"),
            Mode::Text => s.to_string(),
        };
        let mut parts = Vec::new();
        if w.secondary {
            parts.push("see also:".to_string());
        }
        if let Some(t) = &w.title {
            parts.push(e(&format!("“{t}”")));
        }
        if let Some(o) = &w.outlet {
            parts.push(e(o));
        }
        if let Some(l) = &w.language {
            parts.push(e(&format!("({l})")));
        }
        if let Some(d) = w.published {
            parts.push(d.to_string());
        }
        if let Some(u) = w.urls.first() {
            parts.push(match mode {
                Mode::Html => html_link(u),
                Mode::Markdown => u.replace('|', "\\|"),
                Mode::Text => u.clone(),
            });
        }
        parts.join(", ")
    }

    /// The footnotes an event cites, each with its first work.
    fn sources_of(&self, ev: &DocEvent, mode: Mode) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for &k in &ev.footnotes {
            let Some(c) = self.citations.get(k) else { continue };
            let label = match mode {
                Mode::Html => esc(&format!("[{}]", c.footnote)),
                _ => format!("[{}]", c.footnote),
            };
            match c.works.first() {
                Some(w) => out.push(format!("{label} {}", Self::work_line(w, mode))),
                None => out.push(format!("{label} (a note without a citation)")),
            }
        }
        // Markers whose footnote is missing.
        for l in &ev.citations {
            if !ev.footnotes.iter().any(|&k| self.citations.get(k).is_some_and(|c| &c.footnote == l)) {
                out.push(format!("[{}] (no footnote)", if mode == Mode::Html { esc(l) } else { l.clone() }));
            }
        }
        out
    }

    /// One claim: the event, who asserts it and how, its date as resolved and as written,
    /// its content, its sources and its sentence.
    fn write_claim(&self, out: &mut String, n: usize, ev: &DocEvent, mode: Mode) {
        let who = match &ev.asserter_code {
            Some(code) if *code != ev.asserter => format!("{} ({code})", ev.asserter),
            _ => ev.asserter.clone(),
        };
        let head = format!(
            "{} → {} {} {} · {} · asserter: {who}",
            side(&ev.source),
            side(&ev.target),
            ev.code,
            ev.name,
            ev.modality
        );
        let date = match &ev.date_text {
            Some(t) => format!("{} ({}), written “{t}”", ev.date_token, ev.date_precision),
            None => {
                format!("{} ({}), the document's date: the text gives none", ev.date_token, ev.date_precision)
            }
        };
        let content = ev.content.as_ref().map(|c| {
            format!(
                "{} → {} {} {} ({}): “{}”",
                side(&c.source),
                side(&c.target),
                c.code,
                c.name,
                c.modality,
                c.text
            )
        });
        let sources = self.sources_of(ev, mode);
        match mode {
            Mode::Html => {
                let _ = write!(out, "<li><b>{}</b>", esc(&head));
                let _ = write!(out, "<br><span class=\"muted\">date</span> {}", esc(&date));
                if let Some(c) = &content {
                    let _ = write!(out, "<br><span class=\"muted\">content</span> {}", esc(c));
                }
                let _ = write!(
                    out,
                    "<br><span class=\"muted\">sources</span> {}",
                    if sources.is_empty() { "none".to_string() } else { sources.join("<br>") }
                );
                let _ = writeln!(out, "<blockquote>{}</blockquote></li>", esc(&ev.text));
            }
            Mode::Markdown => {
                let _ = writeln!(out, "{n}. **{head}**");
                let _ = writeln!(out, "   - date: {date}");
                if let Some(c) = &content {
                    let _ = writeln!(out, "   - content: {c}");
                }
                if sources.is_empty() {
                    let _ = writeln!(out, "   - sources: none");
                } else {
                    let _ = writeln!(out, "   - sources: {}", sources.join("; "));
                }
                let _ = writeln!(out, "   - sentence: {}", ev.text);
            }
            Mode::Text => {
                let _ = writeln!(out, "{n:3}. {head}");
                let _ = writeln!(out, "     date:     {date}");
                if let Some(c) = &content {
                    let _ = writeln!(out, "     content:  {c}");
                }
                for (i, s) in sources.iter().enumerate() {
                    let _ = writeln!(out, "     {}{s}", if i == 0 { "sources:  " } else { "          " });
                }
                if sources.is_empty() {
                    let _ = writeln!(out, "     sources:  none");
                }
                let _ = writeln!(out, "     sentence: {}", ev.text);
            }
        }
    }

    fn write(&self, out: &mut String, mode: Mode) {
        let html = mode == Mode::Html;
        let e = |s: &str| match mode {
            Mode::Html => esc(s),
            Mode::Markdown => s.replace('|', "\\|"),
            Mode::Text => s.to_string(),
        };
        let h = |out: &mut String, level: usize, text: &str| match mode {
            Mode::Html => {
                let _ = writeln!(out, "<h{level}>{}</h{level}>", esc(text));
            }
            Mode::Markdown => {
                let _ = writeln!(out, "\n{} {text}\n", "#".repeat(level));
            }
            Mode::Text => {
                let rule = match level {
                    1 => "=",
                    2 => "-",
                    _ => "",
                };
                let width = text.chars().count();
                if level > 1 {
                    out.push('\n');
                }
                let _ = writeln!(out, "{text}");
                if !rule.is_empty() {
                    let _ = writeln!(out, "{}", rule.repeat(width));
                }
                out.push('\n');
            }
        };
        let table = |out: &mut String, head: &[&str], rows: Vec<Vec<String>>| match mode {
            Mode::Html => {
                out.push_str("<table><tr>");
                for c in head {
                    let _ = write!(out, "<th>{}</th>", esc(c));
                }
                out.push_str("</tr>\n");
                for r in rows {
                    out.push_str("<tr>");
                    for c in r {
                        let _ = write!(out, "<td>{c}</td>");
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
            Mode::Markdown => {
                let _ = writeln!(out, "| {} |", head.join(" | "));
                let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
                for r in rows {
                    let _ = writeln!(out, "| {} |", r.join(" | "));
                }
            }
            Mode::Text => {
                // Aligned columns, the last one not padded.
                let mut width: Vec<usize> = head.iter().map(|c| c.chars().count()).collect();
                for r in &rows {
                    for (w, c) in width.iter_mut().zip(r) {
                        *w = (*w).max(c.chars().count());
                    }
                }
                let line = |out: &mut String, cells: &[&str]| {
                    let mut l = String::new();
                    for (i, c) in cells.iter().enumerate() {
                        l.push_str(c);
                        if i + 1 < cells.len() {
                            let pad = width.get(i).copied().unwrap_or(0).saturating_sub(c.chars().count());
                            l.push_str(&" ".repeat(pad + 2));
                        }
                    }
                    let _ = writeln!(out, "{}", l.trim_end());
                };
                line(out, head);
                for r in &rows {
                    let cells: Vec<&str> = r.iter().map(String::as_str).collect();
                    line(out, &cells);
                }
            }
        };
        let para = |out: &mut String, text: &str| {
            if html {
                let _ = writeln!(out, "<p>{text}</p>");
            } else {
                let _ = writeln!(out, "{text}\n");
            }
        };
        h(out, 1, self.title.as_deref().unwrap_or(&self.file));
        let omitted_errors: usize = self
            .omitted
            .iter()
            .filter(|o| {
                quidpro_document::lint::Rule::from_id(&o.rule)
                    .is_some_and(|r| r.severity().as_str() == "error")
            })
            .map(|o| o.count)
            .sum();
        let errors = self.findings.iter().filter(|f| f.severity == "error").count() + omitted_errors;
        let total = self.findings.len() + self.omitted.iter().map(|o| o.count).sum::<usize>();
        para(
            out,
            &e(&format!(
                "{} · {} · {} · {} actors, {} events, {} footnotes, {} findings ({} errors)",
                self.file,
                self.author.as_deref().unwrap_or("no author found"),
                self.date,
                self.actors.len(),
                self.events.len(),
                self.citations.len(),
                total,
                errors
            )),
        );

        h(out, 2, "Actors");
        table(
            out,
            &["code", "named as", "mentions"],
            self.actors
                .iter()
                .map(|a| vec![e(&a.code), e(&a.names.join("; ")), a.mentions.to_string()])
                .collect(),
        );

        h(out, 2, "Claims by asserter");
        para(
            out,
            &e("Each claim: the event, how it is stated and by whom; its date as resolved (with its \
                precision) and as written; what it demands, promises or threatens; the footnotes of \
                its sentence; the sentence."),
        );
        let mut n = 0;
        for c in &self.claims {
            let claims = if c.events.len() == 1 { "claim" } else { "claims" };
            h(out, 3, &format!("{} ({} {claims})", c.asserter, c.events.len()));
            if html {
                let _ = writeln!(out, "<ol class=\"claims\" start=\"{}\">", n + 1);
            }
            for ev in c.events.iter().filter_map(|&i| self.events.get(i)) {
                n += 1;
                self.write_claim(out, n, ev, mode);
            }
            if html {
                out.push_str("</ol>\n");
            }
        }

        h(out, 2, "Alternative explanations weighed");
        if self.alternatives.is_empty() {
            para(out, "None marked.");
        }
        for a in &self.alternatives {
            match mode {
                Mode::Html => {
                    let _ = writeln!(
                        out,
                        "<blockquote>{} <span class=\"muted\">({})</span></blockquote>",
                        esc(&a.text),
                        esc(&a.cue)
                    );
                }
                Mode::Markdown => {
                    let _ = writeln!(out, "> {} *({})*\n", a.text, a.cue);
                }
                Mode::Text => {
                    let _ = writeln!(out, "  {} ({})", a.text, a.cue);
                }
            }
        }

        h(out, 2, "Citations");
        let rows = self
            .citations
            .iter()
            .map(|c| {
                let works = c
                    .works
                    .iter()
                    .map(|w| Self::work_line(w, mode))
                    .collect::<Vec<_>>()
                    .join(if html { "<br>" } else { "; " });
                let findings = c
                    .findings
                    .iter()
                    .filter_map(|&i| self.findings.get(i))
                    .map(|f| {
                        let text = format!("{}: {}", f.rule, f.message);
                        match mode {
                            Mode::Html => {
                                format!("<span class=\"{}\">{}</span>", esc(&f.severity), esc(&text))
                            }
                            Mode::Markdown => format!("**{}** {}", f.severity, e(&text)),
                            Mode::Text => format!("{} {text}", f.severity),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(if html { "<br>" } else { "; " });
                let cited = if c.cited_by.is_empty() {
                    "never".to_string()
                } else {
                    format!("{} sentences", c.cited_by.len())
                };
                vec![
                    e(&c.footnote),
                    e(&c.kind),
                    works,
                    cited,
                    if findings.is_empty() { "ok".into() } else { findings },
                ]
            })
            .collect();
        table(out, &["fn", "kind", "works", "cited by", "check"], rows);

        let loose: Vec<&FindingRow> = self.findings.iter().filter(|f| f.footnote.is_none()).collect();
        if !loose.is_empty() {
            h(out, 2, "Other findings");
            let rows = loose
                .iter()
                .map(|f| vec![format!("{}:{}", f.line, f.column), e(&f.severity), e(&f.rule), e(&f.message)])
                .collect();
            table(out, &["at", "severity", "rule", "message"], rows);
        }
        if !self.omitted.is_empty() {
            h(out, 2, "Findings not listed");
            let rows = self.omitted.iter().map(|o| vec![e(&o.rule), o.count.to_string()]).collect();
            table(out, &["rule", "more findings"], rows);
        }
    }
}
