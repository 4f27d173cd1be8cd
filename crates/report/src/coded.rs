//! The printers of `quidpro code`: events as TSV, CSV and aligned table rows, and the
//! explanation of an event (the words and dictionary entries behind it) as JSON and
//! for people.
//!
//! # The explanation's JSON (stable)
//!
//! `quidpro code --explain` adds to each event's JSON object the field `explanation`:
//!
//! | field | meaning |
//! |---|---|
//! | `words` | the words the pattern matched, in order (each as it stands in the story) |
//! | `source` | `{"text", "span", "entries"}`: the source actor's words, their byte offsets in the story text, and the dictionary entries behind its code (`file:line: code label`) |
//! | `target` | the same for the target actor (`text` `""` and `entries` `[]` when unnamed) |

use quidpro_coder::{CodedEvent, Explanation};
use quidpro_event::Event;

/// The columns of `quidpro code --format tsv` and `--format csv`, in order: the event
/// schema's columns that a coded event knows (`quidpro_event::schema`, those marked
/// `coded`), as the JSON object has them.
pub fn columns() -> Vec<&'static str> {
    quidpro_event::schema::COLUMNS.iter().filter(|c| c.coded).map(|c| c.name).collect()
}

/// An event's values in the order of [`columns`]: null as `""`, JSON values (`content`,
/// `entries`) as their JSON text.
pub fn row(ev: &Event) -> Vec<String> {
    let v = serde_json::to_value(ev).unwrap_or(serde_json::Value::Null);
    columns()
        .into_iter()
        .map(|c| match &v[c] {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            other => other.to_string(),
        })
        .collect()
}

/// The TSV header line (with its newline).
pub fn tsv_header() -> String {
    columns().join("\t") + "\n"
}

/// An event as a TSV line (with its newline); tabs and newlines inside values become
/// spaces.
pub fn tsv_line(ev: &Event) -> String {
    let cols: Vec<String> = row(ev).iter().map(|s| s.replace(['\t', '\n', '\r'], " ")).collect();
    cols.join("\t") + "\n"
}

/// The header of the aligned table (with its newline).
pub fn table_header() -> String {
    format!(
        "{:<16}  {:<10}  {:<12}  {:<12}  {:<4}  {:<12}  text\n",
        "story#sentence", "date", "source", "target", "code", "modality"
    )
}

/// An event as a line of the aligned table (with its newline); the text is cut at 80
/// characters.
pub fn table_row(ev: &Event) -> String {
    let p = &ev.provenance;
    let mut text: String = ev.text.chars().take(80).collect();
    if ev.text.chars().count() > 80 {
        text.push('…');
    }
    format!(
        "{:<16}  {:<10}  {:<12}  {:<12}  {:<4}  {:<12}  {}\n",
        format!("{}#{}", p.story_id, p.sentence),
        ev.date.to_string(),
        ev.source.to_string(),
        ev.target.to_string(),
        ev.code.to_string(),
        ev.modality.as_str(),
        text.replace(['\n', '\r', '\t'], " ")
    )
}

fn actor_json(span: quidpro_event::Span, entries: &[String], text: &str) -> serde_json::Value {
    serde_json::json!({
        "text": span.slice(text),
        "span": [span.start, span.end],
        "entries": entries,
    })
}

/// The `explanation` field of an event coded from `text` (the story's text).
pub fn explanation_json(x: &Explanation, text: &str) -> serde_json::Value {
    serde_json::json!({
        "words": x.words.iter().map(|s| s.slice(text)).collect::<Vec<_>>(),
        "source": actor_json(x.source_span, &x.source_entries, text),
        "target": actor_json(x.target_span, &x.target_entries, text),
    })
}

/// An event with its explanation for people (not stable): a line naming the event, then
/// indented lines with its pattern, words, actors and their dictionary entries, and its
/// modality and asserter.
pub fn explain_text(e: &CodedEvent, text: &str) -> String {
    let (ev, x) = (&e.event, &e.explanation);
    let words: Vec<&str> = x.words.iter().map(|s| s.slice(text)).collect();
    let side = |s: &str| if s.is_empty() { "(none)".to_string() } else { s.to_string() };
    let mut out = format!(
        "{}#{} {}: {} → {} {} ({})\n",
        ev.provenance.story_id,
        ev.provenance.sentence,
        ev.date,
        side(&ev.source.to_string()),
        side(&ev.target.to_string()),
        ev.code,
        ev.code.name()
    );
    out.push_str(&format!("    text:   {:?}\n", ev.text));
    out.push_str(&format!("    rule:   {}\n", ev.provenance.rule));
    out.push_str(&format!("    words:  {}\n", words.join(" … ")));
    out.push_str(&format!("    source: {:?} ← {}\n", x.source_span.slice(text), x.source_entries.join("; ")));
    out.push_str(&format!("    target: {:?} ← {}\n", x.target_span.slice(text), x.target_entries.join("; ")));
    let by = if ev.attribution.label().is_empty() { "(story)" } else { ev.attribution.label() };
    out.push_str(&format!("    modality {}, attributed to {by}\n", ev.modality.as_str()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quidpro_coder::CoderBuilder;
    use quidpro_text::Story;

    fn coded() -> (Vec<CodedEvent>, String) {
        let (dict, errors) = quidpro_dict::Dictionary::embedded();
        assert!(errors.is_empty());
        let coder = CoderBuilder::new().build(dict);
        let text = "Turkish troops attacked PKK fighters in Iraq.".to_string();
        let story = Story {
            id: "s1".into(),
            date: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            text: text.clone(),
            source: None,
            url: None,
        };
        let mut out = Vec::new();
        coder.code_story(&story, &mut |e| {
            out.push(e);
            true
        });
        (out, text)
    }

    #[test]
    fn rows_have_every_column_and_explanations_name_words_and_entries() {
        let (events, text) = coded();
        let e = events.iter().find(|e| e.event.code.to_string().starts_with("19")).expect("an attack");
        assert_eq!(row(&e.event).len(), columns().len());
        let line = tsv_line(&e.event);
        assert_eq!(line.matches('\t').count(), columns().len() - 1, "{line}");
        let x = explanation_json(&e.explanation, &text);
        assert!(x["words"].as_array().unwrap().iter().any(|w| w == "attacked"), "{x}");
        assert_eq!(x["source"]["text"], "Turkish troops");
        assert!(x["source"]["entries"][0].as_str().unwrap().contains("TUR"), "{x}");
        let human = explain_text(e, &text);
        assert!(human.contains("words:  attacked") && human.contains("← "), "{human}");
        assert!(table_row(&e.event).starts_with("s1#0"));
    }
}
