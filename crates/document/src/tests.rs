//! Tests of the document reader and the linter on the fixtures in `testdata/documents`.

use proptest::prelude::*;

use super::lint::{lint, Rule, Severity};
use super::*;

fn fixture(name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/documents").join(name);
    Document::read_path(&path).unwrap()
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The findings as (rule id, footnote label).
fn found(doc: &Document) -> Vec<(&'static str, String)> {
    let mut v: Vec<(&'static str, String)> =
        lint(doc).into_iter().map(|f| (f.rule.id(), f.footnote.unwrap_or_default())).collect();
    v.sort();
    v
}

fn expect(list: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut v: Vec<(&'static str, String)> = list.iter().map(|(r, f)| (*r, f.to_string())).collect();
    v.sort();
    v
}

#[test]
fn clean_documents_yield_no_finding() {
    for name in ["clean.txt", "clean.md", "clean.html"] {
        let doc = fixture(name);
        let findings = lint(&doc);
        assert!(findings.is_empty(), "{name}: {findings:#?}");
        assert!(doc.footnotes.iter().all(|f| !f.markers.is_empty()), "{name}");
    }
}

#[test]
fn clean_txt_structure() {
    let d = fixture("clean.txt");
    assert_eq!(d.title.as_ref().unwrap().text, "Baku and Ankara Deepen Defence-Industrial Ties");
    assert_eq!(d.author.as_ref().unwrap().text, "Leyla Mammadova");
    let dates: Vec<(DateKind, NaiveDate)> = d.dates.iter().map(|x| (x.kind, x.date)).collect();
    assert_eq!(dates, [(DateKind::Published, ymd(2023, 3, 20)), (DateKind::Original, ymd(2023, 3, 17))]);
    // Twelve markers, ¹⁰ ¹¹ ¹² included, each linked to its footnote.
    let labels: Vec<&str> = d.markers.iter().map(|m| m.label.as_str()).collect();
    assert_eq!(labels, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]);
    for m in &d.markers {
        assert_eq!(d.footnotes[m.footnote.unwrap()].label, m.label);
    }
    // Footnotes 1-5 stand after a separator in the middle, 6-8 interrupt paragraphs, 9-12
    // are at the end; 12 is a remark.
    assert_eq!(d.footnotes.len(), 12);
    assert_eq!(d.footnotes[11].kind, FootnoteKind::Note);
    assert!(d.footnotes[..11].iter().all(|f| f.kind == FootnoteKind::Citation));
    // Interrupted paragraphs continue after the footnotes.
    let split: Vec<&Paragraph> = d.paragraphs.iter().filter(|p| p.parts.len() == 2).collect();
    assert_eq!(split.len(), 2);
    assert!(split[0].parts[1].slice(&d.text).starts_with("critical: in an interview"));
    assert!(split[1].parts[1].slice(&d.text).starts_with("the use of force"));
    // A sentence runs across the interruption.
    assert!(d.sentences.iter().any(|s| {
        let t = s.slice(&d.text);
        t.starts_with("Russian experts, however") && t.ends_with("military bloc\"⁶.")
    }));
    // Footnote 9 wraps onto a second line with a "See also".
    let f9 = &d.footnotes[8];
    assert_eq!(f9.citations.len(), 2);
    assert!(f9.citations[1].secondary);
    assert_eq!(f9.citations[1].published.as_ref().unwrap().date, Some(ymd(2023, 3, 17)));
    // Footnote 1, field by field.
    let c = &d.footnotes[0].citations[0];
    let t = &d.text;
    assert_eq!(
        c.title.unwrap().slice(t),
        "Baku and Ankara sign a memorandum on defence industry cooperation"
    );
    assert_eq!(c.outlet.unwrap().slice(t), "Hürriyet");
    assert_eq!(c.language.as_ref().unwrap().span.slice(t), "(in Turkish)");
    assert_eq!(c.published.as_ref().unwrap().date, Some(ymd(2023, 3, 14)));
    assert_eq!(c.accessed.as_ref().unwrap().date, Some(ymd(2023, 3, 20)));
    assert!(c.urls[0].span.slice(t).starts_with("https://www.hurriyet.com.tr/gundem/"));
    // IRIs with Turkish letters are one URL.
    assert!(d.footnotes[1].citations[0].urls[0].span.slice(t).ends_with("imzalandı/2842211"));
}

#[test]
fn markdown_and_html_structure() {
    let d = fixture("clean.md");
    assert_eq!(d.title.as_ref().unwrap().text, "Tbilisi Between Brussels and Moscow");
    assert_eq!(d.footnotes.len(), 5);
    assert!(d.markers.iter().all(|m| m.style == MarkerStyle::Caret && m.footnote.is_some()));
    assert_eq!(d.dates[0].date, ymd(2025, 2, 2));

    let d = fixture("clean.html");
    assert_eq!(d.title.as_ref().unwrap().text, "Caspian Gas and the Turkish Hub");
    assert_eq!(d.author.as_ref().unwrap().text, "Farid Aliyev");
    assert!(d.dates.iter().any(|x| x.kind == DateKind::Published && x.date == ymd(2024, 4, 2)));
    assert!(
        !d.text.contains("dataLayer") && !d.text.contains("Fake footnote") && !d.text.contains("font-size")
    );
    assert_eq!(d.markers.len(), 3);
    assert_eq!(d.footnotes.len(), 3);
    // The link whose text is "link" is checked by its address.
    assert!(d.footnotes[1].citations[0].urls[0].span.slice(&d.text).starts_with("https://www.vedomosti.ru/"));
    for p in &d.paragraphs {
        assert!(p.span.slice(&d.text).trim() == p.span.slice(&d.text));
    }
}

#[test]
fn every_planted_defect_is_found_in_the_text_fixture() {
    let d = fixture("defects.txt");
    assert_eq!(
        found(&d),
        expect(&[
            ("date-after-access", "2"),
            ("date-after-access", "3"),
            ("date-after-document", "3"),
            ("url-date-mismatch", "4"),
            ("url-date-mismatch", "5"),
            ("url-space", "6"),
            ("marker-duplicate", "5"),
            ("url-bad-escape", "7"),
            ("url-unbalanced", "8"),
            ("url-no-scheme", "9"),
            ("url-bad-host", "10"),
            ("url-bad-char", "11"),
            ("missing-date", "12"),
            ("missing-access-date", "13"),
            ("marker-order", "13"),
            ("impossible-date", "14"),
            ("language-mismatch", "15"),
            ("footnote-duplicate-number", "15"),
            ("marker-without-footnote", ""),
            ("language-mismatch", "17"),
            ("footnote-unreferenced", "18"),
            ("ambiguous-date", "19"),
            ("duplicate-citation", "20"),
        ])
    );
    // The swap and the wrong month are told apart.
    let msgs: Vec<String> =
        lint(&d).into_iter().filter(|f| f.rule == Rule::UrlDateMismatch).map(|f| f.message).collect();
    assert!(msgs[0].contains("swapped"), "{msgs:?}");
    assert!(msgs[1].contains("month differs"), "{msgs:?}");
    // Spans point at the offending text.
    for f in lint(&d) {
        let t = f.span.slice(&d.text);
        match f.rule {
            Rule::ImpossibleDate => assert_eq!(t, "30.02.2024"),
            Rule::UrlSpace => assert_eq!(t, " "),
            Rule::UrlBadChar => assert_eq!(t, "–"),
            Rule::MarkerWithoutFootnote => assert_eq!(t, "¹⁶"),
            Rule::DateAfterDocument => assert_eq!(t, "14.01.2026"),
            _ => assert!(!t.is_empty(), "{f:?}"),
        }
    }
}

#[test]
fn every_planted_defect_is_found_in_markdown_and_html() {
    assert_eq!(
        found(&fixture("defects.md")),
        expect(&[
            ("marker-without-footnote", ""),
            ("marker-order", "3"),
            ("url-day-mismatch", "2"),
            ("language-mismatch", "3"),
            ("footnote-unreferenced", "5"),
        ])
    );
    assert_eq!(
        found(&fixture("defects.html")),
        expect(&[("marker-without-footnote", ""), ("url-date-mismatch", "1"), ("date-after-access", "2")])
    );
}

#[test]
fn rules_are_documented() {
    let docs = include_str!("lint.rs");
    for r in Rule::ALL {
        assert!(docs.contains(&format!("//! | `{}` | {} |", r.id(), r.severity().as_str())), "{}", r.id());
        assert_eq!(Rule::from_id(r.id()), Some(*r));
        assert!(!r.explanation().is_empty());
    }
    assert_eq!(Rule::DateAfterAccess.severity(), Severity::Error);
}

#[test]
fn marker_forms() {
    let t = "A¹, b¹⁰ and c[3], d[^4]; 5 km² of land.\n\n¹ Note one.\n¹⁰ Note ten.\n[3] Note three.\n[^4]: Note four.\n";
    let d = Document::parse(t.as_bytes(), Format::Markdown);
    let labels: Vec<&str> = d.markers.iter().map(|m| m.label.as_str()).collect();
    assert_eq!(labels, ["1", "10", "3", "4"]);
    assert!(d.markers.iter().all(|m| m.footnote.is_some()));
    assert_eq!(d.footnotes.len(), 4);
}

#[test]
fn formats_from_extensions() {
    assert_eq!(Format::from_path(Path::new("a.HTM")), Format::Html);
    assert_eq!(Format::from_path(Path::new("a.md")), Format::Markdown);
    assert_eq!(Format::from_path(Path::new("a.txt")), Format::Text);
    assert_eq!(Format::from_path(Path::new("a")), Format::Text);
    assert!(matches!(Document::read_path(Path::new("/nonexistent/x.txt")), Err(DocumentError::Io { .. })));
}

fn fragments() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "¹",
        "¹⁰",
        "[1]",
        "[^1]",
        "[^1]:",
        "<sup>2</sup>",
        "“",
        "”",
        "«",
        "»",
        "\"",
        "(in Rus.)",
        "(на рус. яз.)",
        "See also: ",
        "<https://",
        "https://x.org/2024/12/25/",
        "%D0%",
        "%",
        "www.",
        "31.02.2025",
        "03/04/2023",
        "14 March 2023",
        "March 14, 2023",
        "2024-12-25",
        "download date: ",
        "\n",
        "\n\n",
        "\u{c}",
        "___\n",
        "Notes\n",
        "1. ",
        "<p>",
        "</p>",
        "<script>",
        "<ol class=\"footnotes\"><li>",
        "<a href=\"#fn1\">1</a>",
        " ",
        ".",
        ",",
        ";",
        "(",
        ")",
        "[",
        "]",
        "<",
        ">",
        "İ",
        "ı",
        "ğ",
        "Ж",
        "é",
        "\u{200b}",
        "\r\n",
        "# ",
        "-",
        "..",
    ]);
    prop::collection::vec(prop_oneof![pieces.prop_map(str::to_string), "[a-zA-Z0-9 ]{0,6}"], 0..40)
        .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(crate::props::config())]

    #[test]
    fn no_input_makes_the_reader_panic(s in fragments()) {
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let d = Document::parse(s.as_bytes(), format);
            for f in lint(&d) {
                prop_assert!(f.span.start <= f.span.end && f.span.end <= d.text.len());
                prop_assert!(d.text.is_char_boundary(f.span.start) && d.text.is_char_boundary(f.span.end));
                let _ = f.to_json(&d, "x");
            }
            for s in &d.sentences {
                prop_assert!(d.text.get(s.start..s.end).is_some());
            }
        }
    }

    #[test]
    fn no_bytes_make_the_reader_panic(b in prop::collection::vec(any::<u8>(), 0..300)) {
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let d = Document::parse(&b, format);
            let _ = lint(&d);
        }
    }

    #[test]
    fn no_text_makes_the_reader_panic(s in "\\PC{0,200}") {
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let d = Document::parse(s.as_bytes(), format);
            let _ = lint(&d);
        }
    }
}

#[test]
fn a_byline_without_by_names_the_author() {
    let text = "# The bill for Karabakh\n\nRauf Hasanli, Caspian Policy Review (sample comment)\n\nBaku, 14 March 2025\n\nTurkey gave Azerbaijan drones in 2020 and expects something back now that the war is over.\n";
    let d = Document::parse(text.as_bytes(), Format::Markdown);
    let a = d.author.as_ref().expect("author");
    assert_eq!(a.text, "Rauf Hasanli, Caspian Policy Review");
    assert_eq!(a.span.map(|s| s.slice(&d.text)), Some("Rauf Hasanli, Caspian Policy Review"));
    // A first paragraph that is a sentence is no byline.
    let d = Document::parse(b"# Title\n\nTurkey gave Azerbaijan drones.\n", Format::Markdown);
    assert!(d.author.is_none());
}

fn dates_of(d: &Document) -> Vec<(DateKind, NaiveDate)> {
    d.dates.iter().map(|x| (x.kind, x.date)).collect()
}

#[test]
fn a_date_line_with_a_marker_dates_the_document_and_names_the_publisher() {
    let d = fixture("dateline.md");
    // The date line ends with a marker; the original is dated apart; the access date of
    // the footnote that interrupts the text (its second line a paragraph of its own
    // before) is the citation's.
    assert_eq!(
        dates_of(&d),
        [(DateKind::Published, ymd(2024, 11, 14)), (DateKind::Original, ymd(2024, 10, 2))]
    );
    assert_eq!(d.date_or(None), Some(ymd(2024, 11, 14)));
    assert!(d.author.is_none(), "{:?}", d.author);
    let p = d.publisher.as_ref().expect("publisher");
    assert_eq!(p.text, "Caucasus Policy Institute");
    assert_eq!(p.span.map(|s| s.slice(&d.text)), Some("Caucasus Policy Institute"));
    assert_eq!(d.asserter(), Some("Caucasus Policy Institute"));
    let story = d.to_story("x.md", ymd(2024, 11, 14));
    assert_eq!(story.source.as_deref(), Some("Caucasus Policy Institute"));
    // Footnote 1 wraps onto its access date; the interrupted paragraph goes on.
    let f1 = &d.footnotes[0];
    assert_eq!(f1.label, "1");
    assert_eq!(f1.citations[0].accessed.as_ref().and_then(|a| a.date), Some(ymd(2024, 11, 13)));
    assert!(d.paragraphs.iter().any(|p| p.parts.len() == 2));
    // <sup>n</sup> markers with a numbered list of notes.
    let labels: Vec<&str> = d.markers.iter().map(|m| m.label.as_str()).collect();
    assert_eq!(labels, ["1", "2", "3"]);
    assert!(d.markers.iter().all(|m| m.footnote.is_some()), "{:#?}", d.markers);
    assert_eq!(d.footnotes.len(), 3);
    let findings = lint(&d);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn every_marker_form_after_the_date_line() {
    for marker in ["¹", "[1]", "<sup>1</sup>", "[^1]"] {
        let note = if marker == "[^1]" { "[^1]:" } else { marker };
        let t = format!(
            "# Title of the comment\n\nCaucasus Policy Institute comment, 14.11.2024{marker}\n\nTurkey and Azerbaijan held talks in Baku on the gas contracts and the route.\n\n{note} “Institute profile and list of comments”. CPI, 01.09.2024, <https://cpi.example.org/about>\n"
        );
        let d = Document::parse(t.as_bytes(), Format::Markdown);
        assert_eq!(dates_of(&d), [(DateKind::Published, ymd(2024, 11, 14))], "{marker}");
        assert!(d.author.is_none(), "{marker}: {:?}", d.author);
        assert_eq!(d.asserter(), Some("Caucasus Policy Institute"), "{marker}");
        assert_eq!(d.markers.len(), 1, "{marker}");
        assert!(d.markers[0].footnote.is_some(), "{marker}");
    }
    // A place on the date line names no publisher: the first heading does.
    let d = Document::parse(b"# Caspian Desk\n\nBaku, 14.11.2024\n\nTurkey sent drones.\n", Format::Markdown);
    assert_eq!(d.publisher.as_ref().map(|p| p.text.as_str()), Some("Caspian Desk"));
    // With no heading either, the story's asserter is its id: never empty.
    let d = Document::parse(b"Turkey sent drones to Azerbaijan on 14.11.2024 and more.\n", Format::Text);
    assert_eq!(d.to_story("note.txt", ymd(2024, 11, 14)).source.as_deref(), Some("note.txt"));
}

#[test]
fn dates_in_footnotes_and_of_originals_are_not_the_documents() {
    // A short original note near the top, a footnote block right under the date line
    // whose wrapped line carries a date, and a last line inside a footnote.
    let t = "Title of the comment\n\nBy Leyla Mammadova\n\n20 March 2023\n\nThe Russian original appeared on 12.03.2023.\n\nTurkey and Azerbaijan signed a memorandum¹ and the text\n\n¹ “Memorandum signed”. Trend, 14.03.2023, <https://en.trend.az/a/b>\nRetrieved 19.03.2023.\n\nwas published the same week.\n";
    let d = Document::parse(t.as_bytes(), Format::Text);
    assert_eq!(
        dates_of(&d),
        [(DateKind::Published, ymd(2023, 3, 20)), (DateKind::Original, ymd(2023, 3, 12))]
    );
    // The last paragraph is no date line when it continues a footnote.
    let t = "Title of the comment\n\nTurkey and Azerbaijan signed a memorandum.¹\n\n¹ “Memorandum signed”. Trend, 14.03.2023, <https://en.trend.az/a/b>\nRetrieved 19.03.2023.\n";
    let d = Document::parse(t.as_bytes(), Format::Text);
    assert!(d.dates.is_empty(), "{:?}", d.dates);
}

#[test]
fn html_notes_in_a_plain_list_after_a_heading() {
    let d = fixture("notes-list.html");
    assert_eq!(d.footnotes.len(), 2, "{}", d.text);
    assert!(d.markers.iter().all(|m| m.footnote.is_some()));
    let findings = lint(&d);
    assert!(findings.is_empty(), "{findings:#?}");
    assert!(d.footnotes[0].citations[0].urls[0]
        .span
        .slice(&d.text)
        .starts_with("https://www.dailysabah.com/"));
    assert_eq!(d.publisher.as_ref().map(|p| p.text.as_str()), Some("Eurasian Energy Notes"));
    for heading in ["Notes", "Footnotes", "References", "Sources", "Примечания", "Kaynaklar", "Notlar"]
    {
        for list in ["ol", "ul"] {
            let h = format!(
                "<html><body><h1>T</h1><p>Turkey sent drones<sup>1</sup> and Azerbaijan paid<sup>2</sup>.</p><h2>{heading}</h2><{list}><li>“Drones for Baku”. Trend, 02.10.2020, <a href=\"https://en.trend.az/a\">here</a></li><li>“Payment”. APA, 03.10.2020, https://apa.az/b</li></{list}></body></html>"
            );
            let d = Document::parse(h.as_bytes(), Format::Html);
            assert_eq!(d.footnotes.len(), 2, "{heading} {list}: {}", d.text);
            assert!(d.markers.iter().all(|m| m.footnote.is_some()), "{heading} {list}");
            assert!(lint(&d).iter().all(|f| f.rule != Rule::FootnoteUnreferenced), "{heading} {list}");
        }
    }
    // A list after another heading is no notes.
    let h = "<html><body><p>Text<sup>1</sup>.</p><h2>Steps</h2><ul><li>one</li></ul></body></html>";
    assert!(Document::parse(h.as_bytes(), Format::Html).footnotes.is_empty());
}

#[test]
fn superscript_numbers_of_any_size() {
    let d = fixture("big-numbers.txt");
    let labels: Vec<&str> = d.markers.iter().map(|m| m.label.as_str()).collect();
    assert_eq!(labels, ["10000", "10001", "12345"]);
    assert_eq!(d.footnotes.len(), 3);
    assert!(d.markers.iter().all(|m| m.footnote.is_some()));
    assert!(lint(&d).is_empty(), "{:#?}", lint(&d));
    let h = "<p>Text<sup>10000</sup>.</p><ol class=\"footnotes\" start=\"10000\"><li>“A long enough title”. Trend, 02.10.2020, https://en.trend.az/a</li></ol>";
    let d = Document::parse(h.as_bytes(), Format::Html);
    assert_eq!(d.markers.len(), 1, "{}", d.text);
    assert_eq!(d.markers[0].number, Some(10000));
    assert!(d.markers[0].footnote.is_some(), "{}", d.text);
}

#[test]
fn headings_are_no_sentences() {
    let d = fixture("dateline.md");
    for s in &d.sentences {
        let t = s.slice(&d.text);
        assert!(!t.starts_with('#') && !t.contains("Why Baku is silent"), "{t:?}");
    }
    let coding = d.coding_text();
    assert!(!coding.contains("Why Baku is silent") && !coding.contains("quiet choice"));
    assert_eq!(coding.len(), d.text.len());
    let h = "<html><body><h1>Turkey sends drones to Azerbaijan</h1><h2>Baku thanks Ankara</h2><p>Turkey sent drones.</p></body></html>";
    let d = Document::parse(h.as_bytes(), Format::Html);
    assert_eq!(d.headings.len(), 2, "{:?}", d.text);
    let sents: Vec<&str> = d.sentences.iter().map(|s| s.slice(&d.text)).collect();
    assert_eq!(sents, ["Turkey sent drones."]);
    assert!(!d.coding_text().contains("thanks"));
}

#[test]
fn restarted_numbers_link_to_their_own_block() {
    let mut t = String::from("Title of the comment\n\n");
    for section in 0..3 {
        t.push_str(&format!("Section {section} says one thing¹ and another².\n\n"));
        for n in 1..=2 {
            let sup = super::superscript::to_superscript(n);
            t.push_str(&format!(
                "{sup} “Work {section}-{n} of the sections”. Trend, 0{n}.0{}.2024, <https://en.trend.az/{section}/{n}>\n",
                section + 1
            ));
        }
        t.push('\n');
    }
    let d = Document::parse(t.as_bytes(), Format::Text);
    assert_eq!(d.footnotes.len(), 6);
    for (k, m) in d.markers.iter().enumerate() {
        assert_eq!(m.footnote, Some(k), "marker {k} links to its own block");
    }
    let rules: Vec<&str> = lint(&d).iter().map(|f| f.rule.id()).collect();
    // Numbers that restart: two duplicate footnote numbers and one out of order per
    // restart, but no duplicate marker.
    assert_eq!(rules.iter().filter(|r| **r == "footnote-duplicate-number").count(), 4, "{rules:?}");
    assert!(!rules.contains(&"marker-duplicate"), "{rules:?}");
}

#[test]
fn repeated_findings_are_capped_and_counted() {
    let mut t = String::from("Title of the comment\n\n");
    for _ in 0..500 {
        t.push_str("Again¹. ");
    }
    t.push_str("\n\n¹ “A long enough title of a work”. Trend, 02.10.2020, <https://en.trend.az/a>\n");
    let d = Document::parse(t.as_bytes(), Format::Text);
    let all = lint(&d);
    assert_eq!(all.iter().filter(|f| f.rule == Rule::MarkerDuplicate).count(), 499);
    let capped = super::lint::lint_capped(&d, 10);
    assert_eq!(capped.findings.len(), 10);
    assert_eq!(capped.omitted, [(Rule::MarkerDuplicate, 489)]);
    assert_eq!(capped.total(), all.len());
    assert_eq!(capped.findings[..], all[..10]);
}

#[test]
fn columns_count_characters_on_long_lines() {
    let mut t = "é".repeat(10_000);
    t.push_str("x\nab");
    let d = Document::parse(t.as_bytes(), Format::Text);
    assert_eq!(d.line_col(t.find('x').unwrap()), (1, 10_001));
    assert_eq!(d.line_col(t.len() - 1), (2, 2));
}

fn cite_fragments() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec![
                "“",
                "”",
                "«",
                "»",
                "\"",
                "‘",
                "’",
                "(",
                ")",
                "[",
                "]",
                ";",
                "See also ",
                "cf. ",
                "(in Rus.)",
                "(на рус. яз.)",
                "accessed ",
                "дата обращения: ",
                "<https://a.org/2024/12/25/x>",
                "https://",
                "www.x.",
                "14.03.2023",
                "31.02.2025",
                "03/04/2023",
                "March 14, 2023",
                " ",
                ",",
                ".",
                "\n",
                "İ",
                "é",
            ])
            .prop_map(str::to_string),
            "\\PC{0,8}",
        ],
        0..30,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(crate::props::config())]

    #[test]
    fn no_input_makes_the_citation_parser_panic(s in cite_fragments(), a in 0usize..64, b in 0usize..64) {
        // Any body on character boundaries inside the text.
        let mut a = a.min(s.len());
        while !s.is_char_boundary(a) { a -= 1; }
        let mut b = (a + b).min(s.len());
        while !s.is_char_boundary(b) { b -= 1; }
        for order in [NumericOrder::DayFirst, NumericOrder::MonthFirst] {
            for c in citation::parse_citations(&s, Span::new(a, b), order) {
                prop_assert!(c.span.start >= a && c.span.end <= b);
                prop_assert!(s.get(c.span.start..c.span.end).is_some());
            }
        }
    }

    #[test]
    fn no_new_layout_makes_the_reader_panic(s in new_layouts()) {
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let d = Document::parse(s.as_bytes(), format);
            let linted = super::lint::lint_capped(&d, 3);
            for f in &linted.findings {
                prop_assert!(d.text.get(f.span.start..f.span.end).is_some());
                let _ = f.to_json(&d, "x");
            }
            for h in &d.headings {
                prop_assert!(d.text.get(h.start..h.end).is_some());
            }
            prop_assert_eq!(d.coding_text().len(), d.text.len());
            let _ = d.to_story("x", ymd(2024, 1, 1));
        }
    }
}

fn new_layouts() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<sup>1</sup>",
        "<sup>",
        "</sup>",
        "<sup>[12]</sup>",
        "¹⁰⁰⁰⁰",
        "⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹",
        "14.11.2024¹",
        "<h2>Notes</h2>",
        "<h2>Kaynaklar</h2>",
        "<h3>",
        "</h3>",
        "<ol>",
        "</ol>",
        "<ul>",
        "<li>",
        "</li>",
        "## Notes\n",
        "# ",
        "\n2. ",
        "Примечания\n",
        "original appeared on ",
        "comment, ",
        "Accessed ",
        "\n",
        "\n\n",
        " ",
        ".",
        "“T”",
        "<https://a.org/x>",
        "Institute ",
        "---\n",
        "+++\n",
        "% ",
        "date: ",
        "title: \"",
        "authors:\n  - ",
        "2024-11-14T10:32",
        "3. März 2025",
        "1er août 2024",
        "14-Nov-2024",
        "Updated: ",
        "Published ",
        "ANKARA, ",
        " — ",
        "By ",
        "**",
        "_",
        "[Jane](https://a.org)",
        "<time datetime=\"2024-11-14\">",
        "</time>",
        "<span class=\"author\">",
        "<span itemprop=\"datePublished\" content=\"14.11.2024\">",
        "</span>",
        "<script type=\"application/ld+json\">{\"datePublished\":\"2024-11-14\",\"author\":[{\"name\":\"J\"}]}</script>",
        "<meta name=\"dc.date\" content=\"14.11.2024\">",
    ]);
    prop::collection::vec(prop_oneof![pieces.prop_map(str::to_string), "[a-zA-Z0-9 ]{0,6}"], 0..40)
        .prop_map(|v| v.concat())
}

#[test]
fn a_marker_nested_in_a_marker_does_not_panic() {
    // Found by `no_new_layout_makes_the_reader_panic`: the inner <sup> cut the text
    // before the outer one's start.
    for s in ["## Notes\n<sup><sup>1</sup>", "a  <sup><sup>1</sup></sup> b"] {
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let d = Document::parse(s.as_bytes(), format);
            assert_eq!(d.coding_text().len(), d.text.len());
        }
    }
}

#[test]
fn a_heading_that_ends_with_its_date_dates_the_document() {
    let t = "# Karabakh's dividend: Baku keeps its distance (28 July 2025)\n\nIn 2020 Turkey sent drones. On 4 June Ankara asked Baku for help.\n";
    let d = Document::parse(t.as_bytes(), Format::Markdown);
    assert_eq!(d.date_or(None), Some(ymd(2025, 7, 28)));
    // A date inside a heading that goes on is no date line.
    let t = "# The 28 July 2025 decree and what followed\n\nIn 2020 Turkey sent drones.\n";
    let d = Document::parse(t.as_bytes(), Format::Markdown);
    assert_ne!(
        d.dates.iter().find(|x| x.kind == DateKind::Published).map(|x| x.date),
        Some(ymd(2025, 7, 28))
    );
}

/// A sentence cut by a page's footnote block (a separator line, then notes) reads on
/// across it in the text to code: the separator and the gap are blanked, so the coder
/// sees one sentence (regression: it saw "... warned Yerevan that ______").
#[test]
fn footnote_block_inside_a_sentence_is_blank_in_the_coding_text() {
    let t = "Moscow has tried to collect. In March 2023 Moscow warned Yerevan that\n\
             ______________________\n\
             ¹ A note on the first page.\n\
             \n\
             ratifying the statute would harm relations.¹ Yerevan ratified it anyway.\n";
    let d = Document::parse(t.as_bytes(), Format::Text);
    let text = d.coding_text();
    assert_eq!(text.len(), t.len(), "spans must still index the text");
    assert!(!text.contains('_'), "the separator is blanked: {text:?}");
    let sentences: Vec<&str> =
        quidpro_text::sentences(&text).into_iter().map(|s| s.slice(&text).trim()).collect();
    let warned = sentences.iter().find(|s| s.contains("warned")).expect("the sentence");
    assert!(warned.contains("ratifying the statute"), "{sentences:?}");
}

/// Windows line ends change nothing: front matter, date line, byline and footnotes.
#[test]
fn windows_line_ends_read_as_unix_ones() {
    let unix = "---\ntitle: Baku Says No\n---\n\nBy Jane Roe, Senior Fellow\n\nCaspian Desk comment, 14.11.2024¹\n\nAzerbaijan declined to join the operation.\n\n¹ “Baku declines the request”. Trend, 13.11.2024, <https://en.trend.az/a/1>\n";
    let dos = unix.replace('\n', "\r\n");
    for t in [unix.to_string(), dos] {
        for format in [Format::Text, Format::Markdown] {
            let d = Document::parse(t.as_bytes(), format);
            assert_eq!(d.date_or(None), Some(ymd(2024, 11, 14)), "{format:?} {t:?}");
            assert_eq!(d.title.as_ref().map(|f| f.text.as_str()), Some("Baku Says No"));
            assert_eq!(d.author.as_ref().map(|f| f.text.as_str()), Some("Jane Roe"));
            assert_eq!(d.footnotes.len(), 1);
            assert!(lint(&d).is_empty(), "{:#?}", lint(&d));
        }
    }
}
