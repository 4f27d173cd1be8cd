//! The field's formats on the fixtures of `testdata/dict/field/` (written for these tests
//! in the formats of TABARI and PETRARCH2), merged with the mini dictionary of our
//! format; and the readers never panic on arbitrary input.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use proptest::prelude::*;
use quidpro_dict::{Dictionary, Element, FieldKind, FieldReport, Layout, Slot};

fn testdata(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/dict").join(p)
}

#[test]
fn fixtures_map_and_report_by_reason() {
    let l = Dictionary::load_folder(&testdata("field"));
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    assert_eq!(l.folders[0].1, Layout::Field);
    let m = &l.report.mapped;
    assert_eq!(
        (m["patterns"], m["people"], m["orgs"], m["agents"], m["discards"], m["labels"]),
        (17, 4, 4, 7, 4, 1)
    );
    let reasons = l.report.by_reason();
    let want = [
        ("null code [---] (no event)", 2),
        ("reverse-only code [:B]", 1),
        ("target before the verb and no source", 1),
        ("undefined synset", 1),
        ("unbalanced braces", 2),
        ("verb transformation (~)", 1),
        ("code not in CAMEO 1.1b3", 1),
        ("code with a marker or letters (not CAMEO)", 1),
        ("discard code [###]", 1),
        ("a pattern has at most one `+`", 1),
        ("actor without a code", 1),
        ("null actor code", 2),
        ("bad date in a restriction", 1),
        ("restriction ends before it starts", 1),
        ("agent code before the actor's (CODE~)", 2),
        ("undefined substitution marker", 1),
        ("agent without a code", 1),
        ("discard with a code other than [###]", 1),
        ("issue coding (no equivalent)", 2),
        ("TABARI option (no equivalent)", 1),
        ("label of a code not in CAMEO 1.1b3", 1),
        ("not a dictionary (tab-separated table)", 1),
    ];
    for (reason, n) in want {
        assert_eq!(reasons.get(reason).copied(), Some(n), "{reason}: {reasons:#?}");
    }
    assert_eq!(reasons.len(), want.len(), "{reasons:#?}");
    // Every report line names its file and line.
    for u in &l.report.unmapped {
        assert!(u.to_string().starts_with(&format!("{}:{}: ", u.file, u.line)));
        assert!(u.line >= 1);
    }
}

#[test]
fn date_restrictions_become_person_ranges() {
    let l = Dictionary::load_folder(&testdata("field"));
    let d = &l.dict;
    let day = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let person =
        |label: &str| d.people.iter().find(|p| p.label == label).unwrap_or_else(|| panic!("{label}"));
    let code = |p: &quidpro_dict::Person, date| p.code_on(date).map(|c| c.to_string());
    let firefly = person("Rufus T. Firefly");
    assert_eq!(firefly.names, ["rufus t. firefly", "firefly"]);
    assert_eq!(code(firefly, day(1933, 1, 1)).as_deref(), Some("FREGOV"));
    assert_eq!(code(firefly, day(1945, 12, 31)).as_deref(), Some("FREGOV"));
    assert_eq!(code(firefly, day(1946, 1, 1)).as_deref(), Some("FREELI"));
    assert_eq!(code(firefly, day(1932, 12, 31)).as_deref(), Some("FREOPP"));
    // Six-digit dates (19xx from 30); the primary line's code is the default.
    let trentino = person("Ambassador Trentino");
    assert_eq!(code(trentino, day(1934, 6, 1)).as_deref(), Some("SYLMIL"));
    assert_eq!(code(trentino, day(1990, 1, 1)).as_deref(), Some("SYLGOV"));
    // TABARI: restrictions on the primary line; a lower-case code upper-cased.
    let groucho = person("Groucho");
    assert_eq!(code(groucho, day(1940, 1, 1)).as_deref(), Some("FREGOV"));
    assert_eq!(code(groucho, day(1950, 1, 1)).as_deref(), Some("FREELI"));
    let chicolini = person("Chicolini");
    assert_eq!(code(chicolini, day(1920, 1, 1)).as_deref(), Some("SYLSPY"));
    assert_eq!(code(chicolini, day(1933, 5, 1)).as_deref(), Some("SYLELI"));
    assert_eq!(code(chicolini, day(1960, 1, 1)).as_deref(), Some("SYL"));
    // Entries with one code and no dates are organisations (countries included).
    let org = |code: &str| d.orgs.iter().find(|o| o.code.as_str() == code).unwrap();
    assert_eq!(org("FRE").names, ["freedonia", "freedonian", "freedonia city"]);
    assert_eq!(org("FREREB").names, ["marx brothers front"]);
}

fn shape(p: &quidpro_dict::Pattern) -> String {
    p.elements
        .iter()
        .map(|e| match e {
            Element::Slot(Slot::Source) => "$".to_string(),
            Element::Slot(Slot::Target) => "+".to_string(),
            Element::Words(alts) => format!("<{}>", alts.len()),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn verb_patterns_synsets_and_compounds() {
    let l = Dictionary::load_folder(&testdata("field"));
    let find = |file: &str, line: usize| {
        l.dict
            .patterns
            .iter()
            .find(|p| p.origin.file.ends_with(file) && p.origin.line == line)
            .unwrap_or_else(|| panic!("no pattern at {file}:{line}"))
    };
    // PETRARCH: the header code for each bare verb of the block.
    assert_eq!(find("Test.verbs.txt", 13).code.as_str(), "042");
    // `- * &CASH (TO)`: the verbs (send and its 3 listed forms, the compound and its 3),
    // the synset's
    // phrases with plurals (dollar, dollars, euro, euros, hard currency), `to`, `+`.
    let cash = find("Test.verbs.txt", 23);
    assert_eq!(shape(cash), "$ <8> <5> <1> +");
    assert_eq!(cash.code.as_str(), "071");
    // `%` compound with `[040:040]`: mutual; `&TALKS_` has no plurals.
    let talks = find("Test.verbs.txt", 25);
    assert!(talks.flags.mutual);
    assert_eq!(shape(talks), "$ <8> <2> +");
    // `+SHIP_OFF {...} [070]`: a compound verb with its own code.
    assert_eq!(find("Test.verbs.txt", 22).code.as_str(), "070");
    // TABARI: `{ A | B }` alternatives, stems, `%`, `WAS_*`, slots joined to words.
    assert_eq!(shape(find("Test.verbs", 2)), "$ <2> + <1> <3>");
    assert!(find("Test.verbs", 3).flags.mutual);
    assert_eq!(shape(find("Test.verbs", 6)), "+ <2> <1> $");
    assert_eq!(shape(find("Test.verbs", 9)), "+ <2> <1> $");
    assert_eq!(find("Test.verbs", 13).code.as_str(), "043");
}

#[test]
fn merged_with_ours_our_phrases_win() {
    let l = Dictionary::load_folders(&[testdata("mini"), testdata("field")]);
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    assert_eq!(l.folders.iter().map(|(_, k)| *k).collect::<Vec<_>>(), [Layout::Ours, Layout::Field]);
    let ours = Dictionary::load_dir(&testdata("mini")).0;
    assert_eq!(l.dict.patterns.len(), ours.patterns.len() + 17);
    // `FOREIGN_MINISTER` and `POLICE` are agents of ours already.
    assert!(l.merged_away >= 2, "{}", l.merged_away);
    let n = |name: &str| l.dict.agents.iter().filter(|a| a.names.iter().any(|x| x == name)).count();
    assert_eq!(n("foreign minister"), 1);
    assert_eq!(n("police"), 1);
}

#[test]
fn a_mixed_folder_is_recognised() {
    let dir = std::env::temp_dir().join(format!("quidpro-mixed-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("verbs")).unwrap();
    std::fs::write(dir.join("agents.txt"), "agent GOV Government\n  names: government\n").unwrap();
    std::fs::write(dir.join("verbs/x.txt"), "code 042\n  $ {visit} +\n").unwrap();
    std::fs::write(dir.join("extra.verbs"), "HOST [043]\n").unwrap();
    std::fs::write(dir.join("discards.txt"), "\t1\t2\t3\t4\t5\t6\t7\t8\n").unwrap();
    std::fs::write(dir.join("README.md"), "not read\n").unwrap();
    let l = Dictionary::load_folder(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    assert_eq!(l.folders[0].1, Layout::Mixed);
    assert_eq!(l.dict.patterns.len(), 2);
    assert_eq!(l.report.files.len(), 2);
    assert_eq!(l.report.by_reason()["not a dictionary (tab-separated table)"], 1);
}

fn parse(kind: FieldKind, text: &str) -> FieldReport {
    let mut d = Dictionary::default();
    let mut r = FieldReport::default();
    quidpro_dict::field::parse_field_file("p", text, kind, &mut d, &mut r);
    r
}

const KINDS: [FieldKind; 6] = [
    FieldKind::Verbs,
    FieldKind::Actors,
    FieldKind::Agents,
    FieldKind::Discards,
    FieldKind::Issues,
    FieldKind::Options,
];

/// 256 cases, or `PROPTEST_CASES` (bench/fuzz.sh).
fn config() -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = 256;
    }
    c
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn readers_never_panic_on_any_text(text in any::<String>()) {
        for k in KINDS {
            parse(k, &text);
        }
    }

    /// Lines built from the formats' own characters reach deeper into the readers.
    #[test]
    fn readers_never_panic_on_format_like_lines(
        lines in prop::collection::vec("[-+ *$%^&_{}|()\\[\\]:<>!~#;=A-Z0-9\t]{0,40}", 0..30)
    ) {
        let text = lines.join("\n");
        for k in KINDS {
            let r = parse(k, &text);
            for u in &r.unmapped {
                prop_assert!(u.line >= 1 && u.line <= lines.len().max(1));
            }
        }
    }
}
