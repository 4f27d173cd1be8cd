//! Tests of the document report on a small Markdown comment.

use super::*;
use quidpro_coder::CoderBuilder;
use quidpro_dict::Dictionary;
use quidpro_document::{Document, Format};

const DOC: &str = "# Baku's bill\n\nRauf Hasanli, Caspian Policy Review\n\nBaku, 14 March 2025\n\n\
Turkey delivered Bayraktar drones to Azerbaijan in 2020.¹ Western diplomats believe Azerbaijan rejected a Turkish request for troops.² \
Perhaps Baku fears that Iran would threaten Azerbaijan.\n\n\
¹ “Drones for Baku”. Anadolu Agency, 02.10.2020, <https://www.aa.com.tr/en/2020/10/02/drones> (accessed: 05.10.2020).\n\
² “Baku says no”. Hürriyet (in Turkish), 31.02.2025, <https://www.hurriyet.com.tr/baku-42234567> (download date: 10.03.2025).\n";

fn report() -> DocumentReport {
    let (dict, errors) = Dictionary::embedded();
    assert!(errors.is_empty());
    let coder = CoderBuilder::new().build(dict);
    let doc = Document::parse(DOC.as_bytes(), Format::Markdown);
    analyze_document(&coder, "t.md", &doc, None).unwrap()
}

#[test]
fn events_asserters_citations_and_findings() {
    let r = report();
    assert_eq!(r.author.as_deref(), Some("Rauf Hasanli, Caspian Policy Review"));
    assert_eq!(r.date.to_string(), "2025-03-14");
    let ev = |src: &str, root: &str| {
        r.events.iter().find(|e| e.source.starts_with(src) && e.code.starts_with(root))
    };
    let drones = ev("TUR", "07").expect("the drone delivery");
    assert_eq!(
        (drones.attribution.as_str(), drones.modality.as_str()),
        ("Rauf Hasanli, Caspian Policy Review", "asserted")
    );
    assert_eq!(drones.citations, ["1"]);
    let rejected = ev("AZE", "12").expect("the rejection");
    assert_eq!(
        (rejected.attribution.as_str(), rejected.modality.as_str()),
        ("Western diplomats", "reported")
    );
    assert_eq!(rejected.citations, ["2"]);
    let threat = ev("IRN", "13").expect("the threat");
    assert_eq!(threat.modality, "hypothetical");
    assert!(r.claims.iter().any(|c| c.asserter == "Western diplomats"));
    assert_eq!(
        r.claims[0].asserter, "Rauf Hasanli, Caspian Policy Review",
        "the document's own claims first"
    );
    assert_eq!(r.alternatives.len(), 1);
    assert_eq!(r.alternatives[0].cue, "perhaps");
    let codes: Vec<&str> = r.actors.iter().map(|a| a.code.as_str()).collect();
    assert!(codes.contains(&"AZE") && codes.contains(&"TUR") && codes.contains(&"IRN"), "{codes:?}");
    // The impossible date of footnote 2 is found and tied to it.
    let fn2 = r.citations.iter().find(|c| c.footnote == "2").unwrap();
    assert!(fn2.findings.iter().any(|&i| r.findings[i].text.contains("31.02.2025")), "{:#?}", r.findings);
    assert_eq!(fn2.works[0].language.as_deref(), Some("tr"));
    assert_eq!(fn2.cited_by.len(), 1);
    let fn1 = r.citations.iter().find(|c| c.footnote == "1").unwrap();
    assert!(fn1.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn claims_show_dates_as_written_and_resolved_asserters_and_sources() {
    let r = report();
    let drones = r.events.iter().find(|e| e.code.starts_with("07")).expect("the drone delivery");
    assert_eq!(
        (drones.date_token.as_str(), drones.date_precision.as_str(), drones.date_source.as_str()),
        ("2020", "year", "text")
    );
    assert_eq!(drones.date_text.as_deref(), Some("2020"));
    assert_eq!(drones.asserter, "Rauf Hasanli, Caspian Policy Review");
    assert_eq!(drones.asserter_code, None);
    assert_eq!(drones.footnotes, [0]);
    let threat = r.events.iter().find(|e| e.code.starts_with("13")).expect("the threat");
    assert_eq!((threat.date_text.as_deref(), threat.date_source.as_str()), (None, "document"));
    for text in [r.text(), r.markdown(), r.html()] {
        assert!(text.contains("2020 (year), written “2020”"), "{text}");
        assert!(text.contains("asserter: Western diplomats"), "{text}");
        assert!(text.contains("Drones for Baku"), "{text}");
        assert!(text.contains("2025-03-14 (day), the document's date"), "{text}");
    }
    let html = r.html();
    assert!(html.contains("<a href=\"https://www.aa.com.tr/en/2020/10/02/drones\">"), "{html}");
}

#[test]
fn html_links_only_http_and_https() {
    assert_eq!(
        html_link("https://a.example/x?a=1&b=2"),
        "<a href=\"https://a.example/x?a=1&amp;b=2\">https://a.example/x?a=1&amp;b=2</a>"
    );
    assert!(html_link("HTTP://A.EXAMPLE/").starts_with("<a href="));
    for bad in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " https://a.example/",
        "data:text/html,x",
        "//a.example/",
    ] {
        let out = html_link(bad);
        assert!(!out.contains("<a"), "{bad} → {out}");
    }
    // Quotes and brackets inside a web URL are escaped: the attribute cannot be left.
    let out = html_link("https://a.example/\"><script>");
    assert!(!out.contains("<script") && !out.contains("/\">"), "{out}");
    let mut r = report();
    r.citations[0].works[0].urls = vec!["javascript:alert(document.cookie)".into()];
    let html = r.html();
    assert!(html.contains("javascript:alert(document.cookie)"), "printed as text");
    assert!(!html.contains("href=\"javascript"), "{html}");
}

#[test]
fn renders() {
    let r = report();
    let md = r.markdown();
    assert!(md.contains("## Claims by asserter") && md.contains("Western diplomats"));
    let html = r.html();
    assert!(html.starts_with("<!DOCTYPE html>") && !html.contains("<script") && !html.contains("http://cdn"));
    let json = r.json();
    for k in ["actors", "events", "claims", "alternatives", "citations", "findings"] {
        assert!(json[k].is_array(), "{k}");
    }
    for k in [
        "date_precision",
        "date_token",
        "date_source",
        "date_text",
        "asserter",
        "asserter_code",
        "content",
        "footnotes",
    ] {
        assert!(json["events"][0].get(k).is_some(), "{k}");
    }
    let text = r.text();
    assert!(text.contains("Claims by asserter\n------------------") && !text.contains("<p>"), "{text}");
}
