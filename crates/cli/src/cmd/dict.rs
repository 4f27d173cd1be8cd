//! `quidpro dict check [DIR]` and `quidpro dict stats [DIR]`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;
use clap::Subcommand;
use quidpro_dict::Dictionary;

use crate::Failure;

/// Dictionary subcommands.
#[derive(Subcommand, Debug)]
pub enum DictCommand {
    /// Report every bad line as file:line: message (exit 1 if there is any).
    Check {
        /// Dictionary folder; the shipped dictionaries when left out.
        dir: Option<PathBuf>,
    },
    /// Count the entries and patterns.
    Stats {
        /// Dictionary folder; the shipped dictionaries when left out.
        dir: Option<PathBuf>,
    },
}

fn load(dir: &Option<PathBuf>) -> (Dictionary, Vec<quidpro_dict::Error>) {
    match dir {
        Some(d) => Dictionary::load_dir(d),
        None => Dictionary::embedded(),
    }
}

/// Runs a dict subcommand.
pub fn run(cmd: DictCommand) -> Result<ExitCode, Failure> {
    match cmd {
        DictCommand::Check { dir } => {
            let (dict, errors) = load(&dir);
            for e in &errors {
                println!("{e}");
            }
            if errors.is_empty() {
                let n: usize = dict.counts().iter().map(|(_, n)| n).sum();
                eprintln!("{} files, {n} entries and patterns: no errors", dict.files.len());
                Ok(ExitCode::SUCCESS)
            } else {
                Err(Failure::Input(anyhow!("{} error(s)", errors.len())))
            }
        }
        DictCommand::Stats { dir } => {
            let (dict, errors) = load(&dir);
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
            if errors.is_empty() {
                Ok(ExitCode::SUCCESS)
            } else {
                Err(Failure::Input(anyhow!("{} error(s); see `quidpro dict check`", errors.len())))
            }
        }
    }
}
