//! `quidpro dict check [DIR]...` and `quidpro dict stats [DIR]...`.
//!
//! Each folder is ours, the field's (TABARI, PETRARCH2) or a mix
//! ([`quidpro_dict::Dictionary::load_folder`]); several are merged in order. With no
//! folder: `$QUIDPRO_DICT`, else the shipped dictionaries.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;
use clap::{Subcommand, ValueEnum};
use quidpro_dict::{Dictionary, Loaded};

use crate::Failure;

/// Dictionary subcommands.
#[derive(Subcommand, Debug)]
pub enum DictCommand {
    /// Report every bad line as file:line: message (exit 1 if there is any), and every
    /// line of the field's files that could not be mapped (not an error).
    #[command(after_help = crate::help::DICT_CHECK)]
    Check {
        /// Dictionary folders, merged in order; the shipped dictionaries when left out.
        dirs: Vec<PathBuf>,
    },
    /// Count the entries and patterns, and what the field's files mapped and did not;
    /// coverage: patterns per CAMEO root and per code (all 312, those without a pattern
    /// listed), actors per type and per country.
    #[command(after_help = crate::help::DICT_STATS)]
    Stats {
        /// Output format.
        #[arg(long, value_enum, ignore_case = true, default_value_t = StatsFormat::Table)]
        format: StatsFormat,
        /// Dictionary folders, merged in order; the shipped dictionaries when left out.
        dirs: Vec<PathBuf>,
    },
}

/// The output of `dict stats`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// Tab-separated lines, in sections that start with `# `.
    Table,
    /// One JSON object.
    Json,
}

fn load(dirs: &[PathBuf]) -> Loaded {
    let dirs = super::dictionary_dirs(dirs);
    if dirs.is_empty() {
        let (dict, errors) = Dictionary::embedded();
        Loaded { dict, errors, ..Loaded::default() }
    } else {
        Dictionary::load_folders(&dirs)
    }
}

/// Runs a dict subcommand.
pub fn run(cmd: DictCommand) -> Result<ExitCode, Failure> {
    match cmd {
        DictCommand::Check { dirs } => {
            let l = load(&dirs);
            for e in &l.errors {
                println!("{e}");
            }
            for u in &l.report.unmapped {
                println!("{u}");
            }
            for (d, layout) in &l.folders {
                eprintln!("{}: {} dictionaries", d.display(), layout.name());
            }
            let unmapped = l.report.unmapped.len();
            if unmapped > 0 {
                eprintln!("{unmapped} line(s) of the field's files not mapped:");
                for (reason, n) in l.report.by_reason() {
                    eprintln!("  {n:6}  {reason}");
                }
            }
            let approx = l.report.approximated.len();
            if approx > 0 {
                eprintln!("{approx} line(s) mapped with a loss:");
                for (reason, n) in l.report.approximated_by_reason() {
                    eprintln!("  {n:6}  {reason}");
                }
            }
            if l.errors.is_empty() {
                let n: usize = l.dict.counts().iter().map(|(_, n)| n).sum();
                eprintln!("{} files, {n} entries and patterns: no errors", l.dict.files.len());
                Ok(ExitCode::SUCCESS)
            } else {
                Err(Failure::Input(anyhow!("{} error(s)", l.errors.len())))
            }
        }
        DictCommand::Stats { format, dirs } => {
            let l = load(&dirs);
            match format {
                StatsFormat::Table => print!("{}", stats_table(&l)),
                StatsFormat::Json => println!("{}", stats_json(&l)),
            }
            if l.errors.is_empty() {
                Ok(ExitCode::SUCCESS)
            } else {
                Err(Failure::Input(anyhow!("{} error(s); see `quidpro dict check`", l.errors.len())))
            }
        }
    }
}

/// Actor and agent phrases of a dictionary.
fn phrases(dict: &Dictionary) -> usize {
    dict.countries
        .iter()
        .map(|c| c.names.len() + c.adjectives.len() + c.demonyms.len() + c.capitals.len())
        .sum::<usize>()
        + dict.people.iter().map(|p| p.names.len()).sum::<usize>()
        + dict.orgs.iter().map(|o| o.names.len() + o.adjectives.len()).sum::<usize>()
        + dict.agents.iter().map(|a| a.names.len()).sum::<usize>()
}

/// `dict stats` as tab-separated lines: the counts, then sections headed `# ...`.
fn stats_table(l: &Loaded) -> String {
    use std::fmt::Write as _;
    let dict = &l.dict;
    let cov = dict.coverage();
    let mut o = String::new();
    for (what, n) in dict.counts() {
        let _ = writeln!(o, "{what}\t{n}");
    }
    let _ = writeln!(o, "actor and agent phrases\t{}", phrases(dict));
    let with = cov.codes.iter().filter(|c| c.patterns > 0).count();
    let _ = writeln!(o, "CAMEO codes with patterns\t{with}");
    if !l.report.files.is_empty() {
        let _ = writeln!(o, "field files\t{}", l.report.files.len());
        for (what, n) in &l.report.mapped {
            let _ = writeln!(o, "field mapped: {what}\t{n}");
        }
        let _ = writeln!(o, "field unmapped lines\t{}", l.report.unmapped.len());
        for (reason, n) in l.report.by_reason() {
            let _ = writeln!(o, "field unmapped: {reason}\t{n}");
        }
        let _ = writeln!(o, "field approximated lines\t{}", l.report.approximated.len());
        let _ = writeln!(o, "phrases dropped in merging\t{}", l.merged_away);
    }
    let _ = writeln!(o, "\n# patterns per CAMEO root\nroot\tpatterns\tcodes with patterns\tcodes\tname");
    for r in &cov.roots {
        let _ = writeln!(o, "{}\t{}\t{}\t{}\t{}", r.root, r.patterns, r.codes_with_patterns, r.codes, r.name);
    }
    let _ = writeln!(o, "\n# patterns per CAMEO code\ncode\tpatterns\tname");
    for c in &cov.codes {
        let _ = writeln!(o, "{}\t{}\t{}", c.code, c.patterns, c.name);
    }
    let none: Vec<&str> = cov.codes_without_patterns().map(|c| c.code).collect();
    let _ = writeln!(o, "\n# CAMEO codes without a pattern: {} of {}", none.len(), cov.codes.len());
    for c in cov.codes_without_patterns() {
        let _ = writeln!(o, "{}\t{}", c.code, c.name);
    }
    let t = cov.actor_types;
    let _ = writeln!(o, "\n# actors per type\ntype\tentries");
    for (what, n) in
        [("country", t.country), ("person", t.person), ("organisation", t.organisation), ("agent", t.agent)]
    {
        let _ = writeln!(o, "{what}\t{n}");
    }
    let _ =
        writeln!(o, "\n# actors per country\ncode\tcountry\tperson\torganisation\tphrases\tplaces\tlabel");
    for c in &cov.countries {
        let _ = writeln!(
            o,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            c.code, c.country, c.person, c.organisation, c.phrases, c.places, c.label
        );
    }
    o
}

/// `dict stats` as one JSON object.
fn stats_json(l: &Loaded) -> serde_json::Value {
    use serde_json::json;
    let dict = &l.dict;
    let cov = dict.coverage();
    let counts: serde_json::Map<String, serde_json::Value> =
        dict.counts().into_iter().map(|(k, n)| (k.to_string(), json!(n))).collect();
    let t = cov.actor_types;
    let mut out = json!({
        "counts": counts,
        "actor_and_agent_phrases": phrases(dict),
        "codes_with_patterns": cov.codes.iter().filter(|c| c.patterns > 0).count(),
        "roots": cov.roots.iter().map(|r| json!({
            "root": r.root, "name": r.name, "patterns": r.patterns,
            "codes": r.codes, "codes_with_patterns": r.codes_with_patterns,
        })).collect::<Vec<_>>(),
        "codes": cov.codes.iter().map(|c| json!({"code": c.code, "name": c.name, "patterns": c.patterns}))
            .collect::<Vec<_>>(),
        "codes_without_patterns": cov.codes_without_patterns().map(|c| c.code).collect::<Vec<_>>(),
        "actor_types": {
            "country": t.country, "person": t.person, "organisation": t.organisation, "agent": t.agent,
        },
        "countries": cov.countries.iter().map(|c| json!({
            "code": c.code, "label": c.label, "country": c.country, "person": c.person,
            "organisation": c.organisation, "phrases": c.phrases, "places": c.places,
        })).collect::<Vec<_>>(),
    });
    if !l.report.files.is_empty() {
        out["field"] = json!({
            "files": l.report.files.len(),
            "mapped": l.report.mapped.iter().map(|(w, n)| (w.to_string(), json!(n)))
                .collect::<serde_json::Map<String, serde_json::Value>>(),
            "unmapped_lines": l.report.unmapped.len(),
            "unmapped": l.report.by_reason().into_iter().map(|(r, n)| (r.to_string(), json!(n)))
                .collect::<serde_json::Map<String, serde_json::Value>>(),
            "approximated_lines": l.report.approximated.len(),
            "phrases_dropped_in_merging": l.merged_away,
        });
    }
    out
}
