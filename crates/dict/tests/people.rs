//! Checks on the shipped actor files for people, IGO heads and named institutions outside
//! the project's home region (people-africa, people-americas, people-asia, people-igo,
//! institutions-world): their phrases name one entry only, their codes start with a
//! known country or class, and dated codes follow the event date.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use quidpro_dict::Dictionary;

const FILES: &[&str] = &[
    "actors/people-africa.txt",
    "actors/people-americas.txt",
    "actors/people-asia.txt",
    "actors/people-igo.txt",
    "actors/institutions-world.txt",
];

fn ours(file: &str) -> bool {
    FILES.contains(&file)
}

/// The phrase as the matcher sees it, near enough: case, spacing and accents ignored.
fn key(s: &str) -> String {
    let folded: String = s
        .chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
            'ç' | 'Ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'İ' | 'ı' => 'i',
            'ñ' | 'Ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            other => other,
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn shipped() -> Dictionary {
    let (d, errors) = Dictionary::embedded();
    assert!(errors.is_empty(), "{:?}", errors.first());
    d
}

#[test]
fn the_files_are_shipped_and_hold_entries() {
    let d = shipped();
    for f in FILES {
        let n = d.people.iter().filter(|p| p.origin.file == *f).count()
            + d.orgs.iter().filter(|o| o.origin.file == *f).count();
        assert!(n >= 20, "{f}: only {n} entries");
    }
}

#[test]
fn a_phrase_of_these_files_names_one_entry_only() {
    let d = shipped();
    // phrase -> the entries (file:line label) that list it
    let mut by_phrase: HashMap<String, HashSet<String>> = HashMap::new();
    let mut add = |phrase: &str, entry: String| {
        by_phrase.entry(key(phrase)).or_default().insert(entry);
    };
    for c in &d.countries {
        for n in c.names.iter().chain(&c.adjectives).chain(&c.demonyms).chain(&c.capitals).chain(&c.places) {
            add(n, format!("{}:{} country {}", c.origin.file, c.origin.line, c.code.as_str()));
        }
    }
    for p in &d.people {
        for n in &p.names {
            add(n, format!("{}:{} person {}", p.origin.file, p.origin.line, p.label));
        }
    }
    for o in &d.orgs {
        for n in o.names.iter().chain(&o.adjectives) {
            add(n, format!("{}:{} org {}", o.origin.file, o.origin.line, o.label));
        }
    }
    for a in &d.agents {
        for n in &a.names {
            add(n, format!("agent {}", a.code.as_str()));
        }
    }
    let mut clashes: Vec<String> = by_phrase
        .iter()
        .filter(|(_, entries)| {
            entries.len() > 1 && entries.iter().any(|e| FILES.iter().any(|f| e.starts_with(f)))
        })
        .map(|(phrase, entries)| {
            let mut e: Vec<_> = entries.iter().cloned().collect();
            e.sort();
            format!("{phrase:?}: {}", e.join(" | "))
        })
        .collect();
    clashes.sort();
    assert!(clashes.is_empty(), "phrases naming two entries:\n{}", clashes.join("\n"));
}

#[test]
fn every_code_starts_with_a_known_country_or_class() {
    let d = shipped();
    let known: HashSet<&str> = d
        .countries
        .iter()
        .map(|c| c.code.as_str())
        .chain(quidpro_event::actor::CLASSES.iter().copied())
        .collect();
    let mut bad = Vec::new();
    for p in d.people.iter().filter(|p| ours(&p.origin.file)) {
        for c in &p.codes {
            if !known.contains(&c.code.as_str()[..3]) {
                bad.push(format!("{}:{} {} {}", p.origin.file, p.origin.line, p.label, c.code.as_str()));
            }
        }
    }
    for o in d.orgs.iter().filter(|o| ours(&o.origin.file)) {
        if !known.contains(&o.code.as_str()[..3]) {
            bad.push(format!("{}:{} {}", o.origin.file, o.origin.line, o.code.as_str()));
        }
    }
    assert!(bad.is_empty(), "codes with an unknown first block:\n{}", bad.join("\n"));
}

#[test]
fn dated_codes_follow_the_event_date() {
    let d = shipped();
    let on = |label: &str, date: &str| -> String {
        let p = d.people.iter().find(|p| p.label == label).unwrap_or_else(|| panic!("no person {label}"));
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        p.code_on(date).map(|c| c.as_str().to_string()).unwrap_or_default()
    };
    // Sudan: a state commander, then in the ruling council, then at war with the army.
    assert_eq!(on("Mohamed Hamdan Dagalo", "2016-06-01"), "SDNMIL");
    assert_eq!(on("Mohamed Hamdan Dagalo", "2020-06-01"), "SDNGOV");
    assert_eq!(on("Mohamed Hamdan Dagalo", "2023-04-15"), "SDNREB");
    // South Sudan: government, rebellion, government again.
    assert_eq!(on("Riek Machar", "2012-01-01"), "SSDGOV");
    assert_eq!(on("Riek Machar", "2015-01-01"), "SSDREB");
    assert_eq!(on("Riek Machar", "2021-01-01"), "SSDGOV");
    // Mali: junta leader from the coup's day; Côte d'Ivoire's disputed 2010-2011 handover.
    assert_eq!(on("Assimi Goïta", "2020-08-18"), "MLIMIL");
    assert_eq!(on("Assimi Goïta", "2020-08-19"), "MLIGOV");
    assert_eq!(on("Laurent Gbagbo", "2011-04-12"), "CIVOPP");
    // IGO heads move between national and international posts.
    assert_eq!(on("Christine Lagarde", "2010-01-01"), "FRAGOV");
    assert_eq!(on("Christine Lagarde", "2015-01-01"), "IGOIMF");
    assert_eq!(on("Christine Lagarde", "2021-01-01"), "IGOEEC");
    assert_eq!(on("Kristalina Georgieva", "2018-01-01"), "IGOWBK");
    assert_eq!(on("Moussa Faki Mahamat", "2015-01-01"), "TCDGOV");
    assert_eq!(on("Moussa Faki Mahamat", "2020-01-01"), "IGOAFU");
    // Latin America and Asia: out of office is ELI or the opposition.
    assert_eq!(on("Juan Manuel Santos", "2019-01-01"), "COLELI");
    assert_eq!(on("Michelle Bachelet", "2020-01-01"), "IGOUNOHCH");
    assert_eq!(on("Aung San Suu Kyi", "2018-01-01"), "MMRGOV");
    assert_eq!(on("Aung San Suu Kyi", "2022-01-01"), "MMROPP");
    assert_eq!(on("Prayut Chan-o-cha", "2012-01-01"), "THAMIL");
    assert_eq!(on("Prayut Chan-o-cha", "2016-01-01"), "THAGOV");
}
