//! `gen-corpus [--seed N] [--sentences N]`: writes JSON-lines stories of news-like
//! English to standard output and the number of planted events to standard error as
//! `planted_events N` (and `sentences N`).
//!
//! Every sentence comes from a template whose events are known: an event sentence plants
//! one event (or two for reported speech); filler sentences plant none. Actors are
//! countries, their adjectives and capitals and well-known people, so the shipped
//! dictionaries know them; the benchmark checks that the coder finds exactly the planted
//! number. The generator is a small SplitMix64, so a seed always gives the same corpus.

use std::io::{BufWriter, Write};

use quidpro_bench::Rng;

/// (name, adjective, capital)
const COUNTRIES: &[(&str, &str, &str)] = &[
    ("Turkey", "Turkish", "Ankara"),
    ("Azerbaijan", "Azerbaijani", "Baku"),
    ("Armenia", "Armenian", "Yerevan"),
    ("Russia", "Russian", "Moscow"),
    ("Iran", "Iranian", "Tehran"),
    ("Israel", "Israeli", "Jerusalem"),
    ("Ukraine", "Ukrainian", "Kyiv"),
    ("Georgia", "Georgian", "Tbilisi"),
    ("France", "French", "Paris"),
    ("Germany", "German", "Berlin"),
    ("China", "Chinese", "Beijing"),
    ("Pakistan", "Pakistani", "Islamabad"),
    ("Egypt", "Egyptian", "Cairo"),
    ("Greece", "Greek", "Athens"),
    ("Iraq", "Iraqi", "Baghdad"),
    ("Syria", "Syrian", "Damascus"),
    ("Japan", "Japanese", "Tokyo"),
    ("India", "Indian", "New Delhi"),
];

const ROLES: &[&str] =
    &["officials", "troops", "the foreign ministry", "diplomats", "the government", "forces"];

/// Verb phrases with one target slot `{T}`.
const VERBS: &[&str] = &[
    "condemned {T}",
    "sharply criticized {T}",
    "accused {T} of violating the agreement",
    "attacked {T}",
    "visited {T}",
    "held talks with {T}",
    "signed a defence agreement with {T}",
    "imposed new sanctions on {T}",
    "praised {T}",
    "threatened {T}",
    "urged {T} to show restraint",
    "expelled diplomats from {T}",
    "rejected a proposal from {T}",
    "shelled positions held by {T}",
];

const LEADS: &[&str] =
    &["", "", "", "On Tuesday, ", "Late on Friday, ", "Earlier this week, ", "In a rare move, "];
const TAILS: &[&str] = &[
    "",
    " amid rising tensions in the region",
    " after months of stalled negotiations",
    " according to a statement published on its website",
    " in a sign of deepening strains between the two sides",
    " as tensions over the disputed border region persisted",
];
const FILLERS: &[&str] = &[
    "The statement gave no further details about the timing of the next round.",
    "Prices of bread and fuel rose by 12 percent in the capital last month, the statistics office said.",
    "Analysts expect the decision to be announced before the end of the year.",
    "The meeting lasted about three hours and ended without a joint declaration.",
    "Heavy snow closed several mountain roads in the north of the country on Sunday.",
    // (Not "Officials declined to comment": CAMEO codes that as 011, decline comment.)
    "The weather service forecast more rain and strong winds for the weekend.",
    "The central bank kept its key interest rate unchanged at 45 percent.",
    "Thousands of people gathered in the main square to celebrate the national holiday.",
];

fn event_sentence(rng: &mut Rng) -> (String, usize) {
    let a = rng.below(COUNTRIES.len());
    let mut b = rng.below(COUNTRIES.len());
    while b == a {
        b = rng.below(COUNTRIES.len());
    }
    let (an, aa, ac) = COUNTRIES[a];
    let (bn, ba, bc) = COUNTRIES[b];
    let source = match rng.below(4) {
        0 => an.to_string(),
        1 => format!("{aa} {}", rng.pick(ROLES).trim_start_matches("the ")),
        2 => ac.to_string(),
        _ => format!("{an}'s {}", rng.pick(&["government", "foreign ministry", "army", "defence minister"])),
    };
    let target = match rng.below(3) {
        0 => bn.to_string(),
        1 => format!("{ba} {}", rng.pick(&["officials", "troops", "diplomats", "forces"])),
        _ => bc.to_string(),
    };
    let verb = rng.pick(VERBS).replace("{T}", &target);
    let lead = rng.pick(LEADS);
    let tail = rng.pick(TAILS);
    if rng.below(6) == 0 {
        // Reported speech: the statement and the event.
        let speaker_idx = (0..COUNTRIES.len()).find(|&i| i != a && i != b).unwrap_or(0);
        let speaker = COUNTRIES[speaker_idx].2;
        return (format!("{lead}{speaker} said {source} {verb}{tail}."), 2);
    }
    let mut s = format!("{lead}{source} {verb}{tail}.");
    if let Some(first) = s.get(..1) {
        let up = first.to_uppercase();
        s.replace_range(..1, &up);
    }
    (s, 1)
}

fn main() {
    let mut seed = 42u64;
    let mut sentences = 100_000usize;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).and_then(|v| v.parse::<u64>().ok());
        match (args[i].as_str(), value) {
            ("--seed", Some(v)) => seed = v,
            ("--sentences", Some(v)) => sentences = v as usize,
            _ => {
                eprintln!("usage: gen-corpus [--seed N] [--sentences N]");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    let mut rng = Rng(seed);
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    let mut planted = 0usize;
    let mut written = 0usize;
    let mut story = 0usize;
    while written < sentences {
        let n = (3 + rng.below(5)).min(sentences - written);
        let mut text = String::new();
        for _ in 0..n {
            if !text.is_empty() {
                text.push(' ');
            }
            if rng.below(10) < 6 {
                let (s, k) = event_sentence(&mut rng);
                text.push_str(&s);
                planted += k;
            } else {
                text.push_str(rng.pick(FILLERS));
            }
        }
        written += n;
        story += 1;
        let date = format!("2024-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
        let obj = serde_json::json!({"id": format!("bench-{story:06}"), "date": date, "source": "Synthetic Wire", "text": text});
        writeln!(out, "{obj}").expect("write");
    }
    out.flush().expect("flush");
    eprintln!("sentences {written}");
    eprintln!("planted_events {planted}");
}
