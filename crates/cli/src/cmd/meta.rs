//! `quidpro completions SHELL` and `quidpro man [--out DIR]`: shell completions and man
//! pages, generated from the command line's own definition (`clap_complete`,
//! `clap_mangen`), so they always list the flags this binary takes.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;

use crate::Failure;

/// Arguments of `quidpro completions`.
#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    #[arg(value_enum, ignore_case = true)]
    shell: clap_complete::Shell,
}

/// Arguments of `quidpro man`.
#[derive(clap::Args, Debug)]
pub struct ManArgs {
    /// Write one page per command into this folder (`quidpro.1`, `quidpro-events.1`,
    /// `quidpro-report-dyad.1`, ...) instead of the main page to standard output.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Writes the completion script of `shell` for `cmd` to standard output.
pub fn completions(args: CompletionsArgs, mut cmd: clap::Command) -> Result<ExitCode, Failure> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "quidpro", &mut buf);
    super::write_output(None, &String::from_utf8_lossy(&buf))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the man page of `cmd` (roff) to standard output, or every command's page into
/// `--out DIR`.
pub fn man(args: ManArgs, cmd: clap::Command) -> Result<ExitCode, Failure> {
    match args.out {
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(|e| Failure::Input(anyhow!("{}: {e}", dir.display())))?;
            clap_mangen::generate_to(cmd, &dir)
                .map_err(|e| Failure::Input(anyhow!("{}: {e}", dir.display())))?;
            let pages = std::fs::read_dir(&dir)
                .map(|d| {
                    d.filter_map(|e| e.ok())
                        .filter(|e| e.path().extension().is_some_and(|x| x == "1"))
                        .count()
                })
                .unwrap_or(0);
            eprintln!("{pages} man pages in {}", dir.display());
        }
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut buf)
                .map_err(|e| Failure::Input(anyhow!("rendering the man page: {e}")))?;
            super::write_output(None, &String::from_utf8_lossy(&buf))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
