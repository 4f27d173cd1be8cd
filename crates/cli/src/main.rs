//! `quidpro`: the command line. Thin: parse flags, call a library, map to an exit code.
//!
//! Exit codes: 0 success, 1 bad input (the message names the file and line), 2 usage.

/// `eprintln!` that never panics: when standard error is a closed pipe (`quidpro ... 2>&1 |
/// head -1`), the message is dropped instead of aborting with exit code 101. Defined before
/// `mod cmd` so that every module's `eprintln!` is this one.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `print!` and `println!` that end the process quietly with exit code 0 when standard
/// output is a closed pipe (exit code 1 with the error on any other failure), instead of
/// panicking.
macro_rules! print {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout(), $($arg)*) {
            $crate::output_failed(e);
        }
    }};
}
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            $crate::output_failed(e);
        }
    }};
}

/// Ends the process after standard output failed: quietly with 0 when the reader went
/// away, else with the error and 1.
pub fn output_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("quidpro: writing output: {e}");
    std::process::exit(1)
}

mod cmd;
mod help;

// The coder allocates many small, short-lived vectors per sentence; mimalloc handles that
// pattern markedly faster than the system allocator (see bench/record/code.tsv).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// quidpro: who did what to whom, when, according to whom.
#[derive(Parser, Debug)]
#[command(name = "quidpro", version, about, propagate_version = true)]
struct Cli {
    /// The store file (SQLite).
    #[arg(long, global = true, env = "QUIDPRO_STORE", default_value = "quidpro.db", value_name = "PATH")]
    store: std::path::PathBuf,
    /// Make a store of a SQLite file that is not one (it holds another application's
    /// tables): quidpro's tables are added beside them. Without it such a file is refused
    /// and left as it is. An empty or missing file becomes a store either way.
    #[arg(long, global = true)]
    init: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Code news stories into CAMEO events (JSON lines or TSV).
    #[command(after_help = help::CODE)]
    Code(cmd::code::Args),
    /// Check or describe dictionaries.
    #[command(subcommand)]
    Dict(cmd::dict::DictCommand),
    /// Code stories and store them, with their sentences and events.
    #[command(after_help = help::INGEST)]
    Ingest(cmd::ingest::Args),
    /// Code every stored story and document again with the current dictionaries, in
    /// one transaction, and report what changed per CAMEO code.
    #[command(after_help = help::RECODE)]
    Recode(cmd::recode::Args),
    /// Import event datasets (GDELT, ICEWS, ACLED, POLECAT, Phoenix, Parquet) into the store.
    #[command(after_help = help::IMPORT)]
    Import(cmd::import::Args),
    /// Full-text search over the stored documents and their sentences.
    #[command(after_help = help::SEARCH)]
    Search(cmd::search::Args),
    /// The actors the store knows: the dictionaries' and the imported datasets'.
    #[command(after_help = help::ACTORS)]
    Actors(cmd::actors::Args),
    /// Query the stored events.
    #[command(after_help = help::EVENTS)]
    Events(cmd::events::Args),
    /// One SQL statement over every event and table of the store, read only.
    #[command(after_help = help::SQL)]
    Sql(cmd::sql::Args),
    /// Write the event table as Parquet (by year and month), CSV or JSON lines.
    #[command(after_help = help::EXPORT)]
    Export(cmd::export::Args),
    /// A dyad's series by week, month, quarter or year.
    #[command(after_help = help::DYAD)]
    Dyad(cmd::relations::DyadArgs),
    /// Reciprocity tests of a dyad (VAR, Granger, impulse responses, tit-for-tat).
    #[command(after_help = help::RECIPROCITY)]
    Reciprocity(cmd::relations::ReciprocityArgs),
    /// The quid-pro-quo ledger of a creditor and a debtor.
    #[command(after_help = help::LEDGER)]
    Ledger(cmd::relations::LedgerArgs),
    /// Alliance and cooperation instruments binding a country.
    #[command(after_help = help::OBLIGATIONS)]
    Obligations(cmd::relations::ObligationsArgs),
    /// Dyads whose relation turns (CUSUM).
    #[command(after_help = help::ALERTS)]
    Alerts(cmd::relations::AlertsArgs),
    /// Reports (Markdown, HTML with charts, JSON).
    #[command(subcommand)]
    Report(cmd::report::ReportCommand),
    /// Check the footnotes and citations of analytic comments (.txt, .md, .html).
    #[command(after_help = help::LINT)]
    Lint(cmd::lint::Args),
    /// Report on one analytic document: actors, events and who asserts them, cited
    /// evidence, alternative explanations, citation findings.
    #[command(after_help = help::ANALYZE)]
    Analyze(cmd::analyze::Args),
    /// Shell completions (bash, zsh, fish, elvish, powershell) to standard output.
    #[command(after_help = help::COMPLETIONS)]
    Completions(cmd::meta::CompletionsArgs),
    /// The manual page (roff), or one page per command with --out DIR.
    #[command(after_help = help::MAN)]
    Man(cmd::meta::ManArgs),
}

/// A failure that maps to an exit code.
#[derive(Debug)]
pub enum Failure {
    /// Bad input: exit 1.
    Input(anyhow::Error),
    /// Bad usage: exit 2.
    Usage(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        Failure::Input(e)
    }
}

/// mimalloc's `mi_option_purge_delay` (its position in `mi_option_e`, mimalloc.h, v3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Freed memory stays with the process until it exits: an import frees and takes
    // back hundreds of megabytes, and returning them to the system each time made the
    // kernel zero them again on every reuse (a third of a large import's time).
    // SAFETY: sets an option of the allocator linked in; any value is valid.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    // No transparent huge pages (mimalloc asks for them): the kernel zeroes, and may
    // first compact memory for, 2 MiB at each first touch; a 1M-row import spent 1 to
    // 2 s of system time faulting its buffers in with them, 0.7 s without. The process
    // flag holds for memory mapped before main too, which an allocator option would not.
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with this option takes plain integers and changes no memory.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    let cli = Cli::parse();
    cmd::INIT.store(cli.init, std::sync::atomic::Ordering::Relaxed);
    let result = match cli.command {
        Command::Code(args) => cmd::code::run(args),
        Command::Dict(c) => cmd::dict::run(c),
        Command::Ingest(args) => cmd::ingest::run(args, &cli.store),
        Command::Recode(args) => cmd::recode::run(args, &cli.store),
        Command::Import(args) => cmd::import::run(args, &cli.store),
        Command::Events(args) => cmd::events::run(args, &cli.store),
        Command::Sql(args) => cmd::sql::run(args, &cli.store),
        Command::Actors(args) => cmd::actors::run(args, &cli.store),
        Command::Search(args) => cmd::search::run(args, &cli.store),
        Command::Lint(args) => cmd::lint::run(args, &cli.store),
        Command::Analyze(args) => cmd::analyze::run(args),
        Command::Export(args) => cmd::export::run(args, &cli.store),
        Command::Dyad(args) => cmd::relations::dyad(args, &cli.store),
        Command::Reciprocity(args) => cmd::relations::reciprocity(args, &cli.store),
        Command::Ledger(args) => cmd::relations::ledger_cmd(args, &cli.store),
        Command::Obligations(args) => cmd::relations::obligations_cmd(args, &cli.store),
        Command::Alerts(args) => cmd::relations::alerts_cmd(args, &cli.store),
        Command::Report(c) => cmd::report::run(c, &cli.store),
        Command::Completions(args) => cmd::meta::completions(args, <Cli as clap::CommandFactory>::command()),
        Command::Man(args) => cmd::meta::man(args, <Cli as clap::CommandFactory>::command()),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Input(e)) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("quidpro: {}", message(&e));
            ExitCode::from(1)
        }
        Err(Failure::Usage(e)) => {
            eprintln!("quidpro: {}", message(&e));
            ExitCode::from(2)
        }
    }
}

/// An error with its causes, each said once: a cause whose words the message already
/// holds (a SQLite error its wrappers quote, or SQLite's own `Error code 26: file is
/// not a database` after `file is not a database`) is left out.
fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        let last = text.rsplit(": ").next().unwrap_or(&text);
        if out.contains(&text) || (!last.is_empty() && out.contains(last)) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Whether writing failed because the reader went away (`quidpro events | head -1`): the
/// output was cut short on purpose, which is success. The I/O error may come wrapped by
/// the JSON or CSV writer.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<serde_json::Error>().is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
            || c.downcast_ref::<csv::Error>()
                .is_some_and(|c| matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe))
    })
}
