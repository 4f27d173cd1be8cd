//! `quidpro dict check [DIR]...` and `quidpro dict stats [DIR]...`.
//!
//! Each folder is ours, the field's (TABARI, PETRARCH2) or a mix
//! ([`quidpro_dict::Dictionary::load_folder`]); several are merged in order. With no
//! folder: `$QUIDPRO_DICT`, else the shipped dictionaries.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;
use clap::Subcommand;
use quidpro_dict::{Dictionary, Loaded};

use crate::Failure;

/// Dictionary subcommands.
#[derive(Subcommand, Debug)]
pub enum DictCommand {
    /// Report every bad line as file:line: message (exit 1 if there is any), and every
    /// line of the field's files that could not be mapped (not an error).
    Check {
        /// Dictionary folders, merged in order; the shipped dictionaries when left out.
        dirs: Vec<PathBuf>,
    },
    /// Count the entries and patterns, and what the field's files mapped and did not.
    Stats {
        /// Dictionary folders, merged in order; the shipped dictionaries when left out.
        dirs: Vec<PathBuf>,
    },
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
        DictCommand::Stats { dirs } => {
            let l = load(&dirs);
            let dict = &l.dict;
            for (what, n) in dict.counts() {
                println!("{what}\t{n}");
            }
            let names: usize = dict
                .countries
                .iter()
                .map(|c| c.names.len() + c.adjectives.len() + c.demonyms.len() + c.capitals.len())
                .sum::<usize>()
                + dict.people.iter().map(|p| p.names.len()).sum::<usize>()
                + dict.orgs.iter().map(|o| o.names.len() + o.adjectives.len()).sum::<usize>()
                + dict.agents.iter().map(|a| a.names.len()).sum::<usize>();
            println!("actor and agent phrases\t{names}");
            let codes: std::collections::BTreeSet<&str> =
                dict.patterns.iter().map(|p| p.code.as_str()).collect();
            println!("CAMEO codes with patterns\t{}", codes.len());
            if !l.report.files.is_empty() {
                println!("field files\t{}", l.report.files.len());
                for (what, n) in &l.report.mapped {
                    println!("field mapped: {what}\t{n}");
                }
                println!("field unmapped lines\t{}", l.report.unmapped.len());
                for (reason, n) in l.report.by_reason() {
                    println!("field unmapped: {reason}\t{n}");
                }
                println!("field approximated lines\t{}", l.report.approximated.len());
                println!("phrases dropped in merging\t{}", l.merged_away);
            }
            if l.errors.is_empty() {
                Ok(ExitCode::SUCCESS)
            } else {
                Err(Failure::Input(anyhow!("{} error(s); see `quidpro dict check`", l.errors.len())))
            }
        }
    }
}
