//! The engine's sentence structures, on the tiny dictionary in `testdata/dict/mini`.

use std::path::Path;

use chrono::NaiveDate;
use quidpro_coder::{Coder, CoderBuilder};
use quidpro_dict::Dictionary;
use quidpro_event::{DatePrecision, DateSource};
use quidpro_text::Story;

fn coder() -> Coder {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/dict/mini");
    let (dict, errors) = Dictionary::load_dir(&dir);
    assert!(errors.is_empty(), "{errors:?}");
    CoderBuilder::new().build(dict)
}

fn code_on(coder: &Coder, date: &str, text: &str) -> Vec<String> {
    let story = Story {
        id: "t".into(),
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        text: text.into(),
        source: Some("Wire".into()),
        url: None,
    };
    coder
        .code_to_vec(&story)
        .into_iter()
        .map(|e| {
            let ev = e.event;
            let mut s = format!("{} {} {}", ev.source, ev.target, ev.code);
            if ev.date != story.date {
                s.push_str(&format!(" @{}", ev.date));
            }
            if ev.modality != quidpro_event::Modality::Asserted {
                s.push_str(&format!(" ({})", ev.modality.as_str()));
            }
            s
        })
        .collect()
}

fn code(text: &str) -> Vec<String> {
    code_on(&coder(), "2024-03-06", text)
}

#[test]
fn simple_active() {
    assert_eq!(code("Turkey condemned Armenia on Tuesday."), ["TUR ARM 111 @2024-03-05"]);
    assert_eq!(code("Turkish troops attacked PKK positions."), ["TURMIL TURREB 190"]);
}

#[test]
fn possessive_and_of_roles() {
    assert_eq!(code("Azerbaijan's special forces attacked Armenian soldiers."), ["AZEMIL ARMMIL 190"]);
    assert_eq!(code("The foreign minister of Azerbaijan condemned Russia."), ["AZEGOV RUS 111"]);
    assert_eq!(code("Ankara condemned the Kremlin."), ["TURGOV RUSGOV 111"]);
}

#[test]
fn compound_actors() {
    assert_eq!(code("Turkey and Azerbaijan condemned Armenia."), ["TUR ARM 111", "AZE ARM 111"]);
    assert_eq!(
        code("Russia condemned Turkey, Azerbaijan and Iran."),
        ["RUS TUR 111", "RUS AZE 111", "RUS IRN 111"]
    );
    assert_eq!(code("Turkey and Azerbaijan held talks in Baku."), ["TUR AZE 040", "AZE TUR 040"]);
    assert_eq!(code("Talks between Ankara and Baku resumed."), ["TURGOV AZEGOV 040", "AZEGOV TURGOV 040"]);
}

#[test]
fn appositions_and_relative_clauses() {
    assert_eq!(
        code("Jeyhun Bayramov, Azerbaijan's foreign minister, met Hakan Fidan in Ankara."),
        ["AZEGOV TURGOV 040"]
    );
    assert_eq!(code("Turkey, which backs Azerbaijan, condemned Armenia."), ["TUR ARM 111"]);
    assert_eq!(
        code("Armenia, which Turkey condemned last week, accused Azerbaijan of shelling."),
        ["ARM AZE 112"]
    );
}

#[test]
fn passive_voice() {
    assert_eq!(code("Azerbaijani positions were shelled by Armenian forces."), ["ARMMIL AZE 194"]);
    assert_eq!(code("Armenia was accused by Azerbaijan of shelling villages."), ["AZE ARM 112"]);
    // Victims of an unnamed attacker: the source is unnamed (empty).
    assert_eq!(code("Azerbaijani positions were shelled overnight."), [" AZE 194"]);
}

#[test]
fn negation_and_modality() {
    assert!(code("Azerbaijani forces did not attack Armenian positions.").is_empty());
    assert!(code("Turkey never condemned Russia.").is_empty());
    assert_eq!(code("Russia may attack Ukraine."), ["RUS UKR 190 (hypothetical)"]);
}

#[test]
fn reported_speech() {
    assert_eq!(
        code("Moscow said Ukrainian drones struck a Russian refinery."),
        ["RUSGOV UKRMIL 010", "UKRMIL RUS 195 (reported)"]
    );
    assert_eq!(
        code("Ukrainian drones struck a Russian refinery, the Kremlin said."),
        ["UKRMIL RUS 195 (reported)", "RUSGOV UKRMIL 010"]
    );
}

#[test]
fn nominal_events_and_complements() {
    assert_eq!(code("Erdogan's visit to Baku was cancelled."), ["TURGOV AZEGOV 042"]);
    assert_eq!(code("Turkey agreed to supply drones to Azerbaijan."), ["TUR AZE 0312"]);
    assert_eq!(code("Azerbaijan accused Armenia of attacking its positions."), ["AZE ARM 112"]);
}

#[test]
fn people_codes_follow_the_event_date() {
    let c = coder();
    assert_eq!(code_on(&c, "2024-01-10", "Hakan Fidan condemned Russia."), ["TURGOV RUS 111"]);
    assert_eq!(code_on(&c, "2020-01-10", "Hakan Fidan condemned Russia."), ["TURSPY RUS 111"]);
    assert_eq!(
        code_on(&c, "2024-01-10", "In 2019, Hakan Fidan condemned Russia."),
        ["TURSPY RUS 111 @2019-01-01"]
    );
}

#[test]
fn dates_in_the_sentence() {
    assert_eq!(code("Turkey condemned Armenia on January 24."), ["TUR ARM 111 @2024-01-24"]);
    assert_eq!(code("In July 2023, Turkey condemned Armenia."), ["TUR ARM 111 @2023-07-01"]);
    // Was @2024-02-28, a week before the story date: a week-precision date is now the
    // week's Monday (the annotation guide's convention; every precision's date is the
    // first day of its period).
    assert_eq!(code("Turkey condemned Armenia last week."), ["TUR ARM 111 @2024-02-26"]);
}

#[test]
fn relative_dates_follow_the_narrative() {
    // "Two days later" counts from the last date the text gave, not from the story date;
    // a sentence with no event still gives its date.
    assert_eq!(
        code("The talks began on 14 May 2023. Two days later, Turkey condemned Armenia."),
        ["TUR ARM 111 @2023-05-16"]
    );
    assert_eq!(
        code("Turkey condemned Armenia on 14 May 2023. The next day Turkey condemned Armenia again."),
        ["TUR ARM 111 @2023-05-14", "TUR ARM 111 @2023-05-15"]
    );
    assert_eq!(code("Turkey condemned Armenia in the spring of 2021."), ["TUR ARM 111 @2021-03-01"]);
}

#[test]
fn date_source_tells_text_from_story() {
    let c = coder();
    let story = Story {
        id: "s".into(),
        date: NaiveDate::from_ymd_opt(2024, 3, 6).unwrap(),
        text: "Turkey condemned Armenia. Turkey condemned Russia yesterday.".into(),
        source: None,
        url: None,
    };
    let got: Vec<(String, DatePrecision, DateSource)> = c
        .code_to_vec(&story)
        .into_iter()
        .map(|e| (e.event.target.to_string(), e.event.date_precision, e.event.date_source))
        .collect();
    assert_eq!(
        got,
        [
            ("ARM".to_string(), DatePrecision::Day, DateSource::Story),
            ("RUS".to_string(), DatePrecision::Day, DateSource::Text)
        ]
    );
}

#[test]
fn discards() {
    assert!(code("Turkey beat Azerbaijan 2-1 in Baku.").is_empty());
    assert!(code("The Turkish national team attacked Armenia's defence.").is_empty());
}

#[test]
fn pronouns() {
    assert_eq!(
        code("Azerbaijan said Armenian forces shelled its positions."),
        ["AZE ARMMIL 010", "ARMMIL AZE 194 (reported)"]
    );
}

#[test]
fn hyphenated_modifiers_name_no_actor() {
    assert_eq!(code("Pro-Russian protesters condemned Turkey."), Vec::<String>::new());
    assert_eq!(code("Turkish-backed forces attacked Armenian positions."), Vec::<String>::new());
    // A condemnation with no named target is one-sided.
    assert_eq!(code("Turkey condemned the Russian-made drones."), ["TUR  111"]);
}

#[test]
fn coordinated_verbs_share_the_subject() {
    assert_eq!(code("Turkey condemned Armenia and attacked Iran."), ["TUR ARM 111", "TUR IRN 190"]);
    assert_eq!(code("US troops attacked Iranian forces."), ["USAMIL IRNMIL 190"]);
}

#[test]
fn appositions_after_named_actors_are_skipped() {
    assert_eq!(code("The PKK, a longtime Russian ally, attacked Turkish troops."), ["TURREB TURMIL 190"]);
    assert_eq!(
        code("PKK positions in northern Armenia were shelled by Turkish forces."),
        ["TURMIL TURREB 194"]
    );
}

#[test]
fn places_say_where_never_who() {
    // Roles without a country take the country of the place they are in.
    assert_eq!(code("Police in Istanbul attacked soldiers."), ["TURCOP TURMIL 190"]);
    // Violence with no named target: the country where it happened.
    assert_eq!(code("Russian troops shelled positions in Kharkiv."), ["RUSMIL UKR 194"]);
    // A place is no actor: not a subject, not a target.
    assert_eq!(code("Istanbul condemned Armenia."), Vec::<String>::new());
    // A place as the object of violence is where it happened: its country is the target.
    assert_eq!(code("Russian troops shelled Kharkiv."), ["RUSMIL UKR 194"]);
    // In the source's own country a place is no target.
    assert_eq!(code("Turkish troops shelled positions in Diyarbakir."), ["TURMIL  194"]);
}
