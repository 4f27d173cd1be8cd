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
    #![proptest_config(ProptestConfig::with_cases(256))]

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
