//! The examples each command's `--help` ends with. Every line that starts with
//! `  quidpro ` is a command that works from the repository's root on the store the
//! README's first command builds from `samples/` (a `#` starts a comment; `>` and `|`
//! hand the output on): the unit test below parses each with the real definition, and
//! `tests/conventions.rs` runs each on such a store.

/// `quidpro code`.
pub const CODE: &str = "Examples:
  quidpro code samples/stories.jsonl                          # JSON lines, one event per line
  quidpro code --format table samples/stories.jsonl           # aligned columns
  quidpro code --explain samples/stories.jsonl                # each event with its `explanation`
  quidpro code --format explain samples/stories.jsonl         # the same, for people
  quidpro code --date 2024-11-14 samples/comments/bill-for-karabakh.md  # a text as one story
  quidpro code --format csv - < samples/stories.jsonl         # standard input";

/// `quidpro dict check`.
pub const DICT_CHECK: &str = "Examples:
  quidpro dict check                    # the shipped dictionaries
  quidpro dict check dictionaries       # a folder (ours, or TABARI, PETRARCH2 files)";

/// `quidpro dict stats`.
pub const DICT_STATS: &str = "Examples:
  quidpro dict stats
  quidpro dict stats --format json dictionaries";

/// `quidpro ingest`.
pub const INGEST: &str = "Examples:
  quidpro ingest samples/stories.jsonl samples/comments   # again: nothing changes
  quidpro ingest --date 2024-11-14 samples/comments/bill-for-karabakh.md";

/// `quidpro recode`.
pub const RECODE: &str = "Examples:
  quidpro recode                        # with the current dictionaries
  quidpro recode --format json --dict dictionaries";

/// `quidpro import`.
pub const IMPORT: &str = "Examples:
  quidpro import gdelt2 samples/gdelt-sample.export.CSV   # the kind in any case: GDELT2 too
  quidpro import auto samples/gdelt-sample.export.CSV     # told from name and content
  quidpro import --strict --bulk never gdelt2 samples/gdelt-sample.export.CSV";

/// `quidpro search`.
pub const SEARCH: &str = "Examples:
  quidpro search '\"anti-terror\" Karabakh'     # FTS5: a phrase and a word
  quidpro search --documents Karabakh --limit 5
  quidpro search 'drone*' --format jsonl";

/// `quidpro actors`.
pub const ACTORS: &str = "Examples:
  quidpro actors erdogan                        # diacritics folded: finds Erdoğan
  quidpro actors TUR                            # the code first, then names, then substrings
  quidpro actors --country AZE --origin dictionary --format csv";

/// `quidpro events`.
pub const EVENTS: &str = "Examples:
  quidpro events --dyad TUR-AZE --from 2020-01-01 --code 06 --format jsonl
  quidpro events --country IRN --quad 4 --search drone --format csv
  quidpro events --plover ASSAULT --from 2024-01-01 --limit 20
  quidpro events --domestic --modality hypothetical
  quidpro events --actor turgov --from 2024-01-01 --to 2024-12-31 | head";

/// `quidpro sql`.
pub const SQL: &str = "Examples:
  quidpro sql \"SELECT dataset, count(*) AS events FROM events GROUP BY dataset\"
  quidpro sql --format csv \"SELECT month, sum(clusters) FROM all_dyad_months WHERE source_country = 'TUR' GROUP BY month\"
  quidpro sql --format jsonl \"SELECT * FROM events WHERE plover = 'ASSAULT' LIMIT 5\"
  quidpro sql \"SELECT name FROM pragma_table_info('events')\"   # the event schema's columns";

/// `quidpro export`.
pub const EXPORT: &str = "Examples:
  quidpro export --format parquet out/          # out/year=YYYY/month=MM/part-NNNNN.parquet
  quidpro export --format csv --from 2024-01-01 --to 2024-12-31 out-2024/";

/// `quidpro dyad`.
pub const DYAD: &str = "Examples:
  quidpro dyad TUR AZE                          # by month, a table
  quidpro dyad TUR AZE --by quarter --format csv --from 2020-01-01 --to 2024-12-31
  quidpro dyad TUR ARM --modality asserted,reported,hypothetical,planned
  quidpro dyad SYRGOV SYRREB --domestic         # a same-country dyad";

/// `quidpro reciprocity`.
pub const RECIPROCITY: &str = "Examples:
  quidpro reciprocity TUR AZE --by quarter --format table
  quidpro reciprocity TUR AZE --format json --from 2020-01-01";

/// `quidpro ledger`.
pub const LEDGER: &str = "Examples:
  quidpro ledger TUR AZE                        # the balance in words, then the entries
  quidpro ledger TUR AZE --format csv --from 2020-01-01 --to 2025-12-31
  quidpro ledger TUR AZE --format md --full --no-aims";

/// `quidpro obligations`.
pub const OBLIGATIONS: &str = "Examples:
  quidpro obligations AZE --with TUR
  quidpro obligations TUR --on 2024-01-01 --format md";

/// `quidpro alerts`.
pub const ALERTS: &str = "Examples:
  quidpro alerts --from 2024-01-01 --to 2024-12-31
  quidpro alerts --from 2020-01-01 --domestic --format csv";

/// `quidpro report dyad`.
pub const REPORT_DYAD: &str = "Examples:
  quidpro report dyad TUR AZE                   # Markdown
  quidpro report dyad TUR AZE --format html -o tur-aze.html   # one page with SVG charts
  quidpro report dyad TUR AZE --format json --from 2024-01-01";

/// `quidpro lint`.
pub const LINT: &str = "Examples:
  quidpro lint samples/comments/bill-for-karabakh.md
  quidpro lint --format json samples/comments/baku-moscow-friction.md
  quidpro lint --check-store --max-per-rule 0 samples/comments/bill-for-karabakh.md";

/// `quidpro analyze`.
pub const ANALYZE: &str = "Examples:
  quidpro analyze samples/comments/bill-for-karabakh.md                  # Markdown
  quidpro analyze --format table samples/comments/bill-for-karabakh.md   # for a terminal
  quidpro analyze samples/comments/bill-for-karabakh.md --format html -o comment.html";

/// `quidpro completions`.
pub const COMPLETIONS: &str = "Examples:
  quidpro completions bash > quidpro.bash     # then `source quidpro.bash`, or in ~/.bashrc: source <(quidpro completions bash)
  quidpro completions zsh > _quidpro          # into a folder of $fpath
  quidpro completions fish > ~/.config/fish/completions/quidpro.fish";

/// `quidpro man`.
pub const MAN: &str = "Examples:
  quidpro man | man -l -                        # read the main page
  quidpro man --out man/                        # one page per command (quidpro-events.1, ...)";

/// The example command lines of a help text: each line starting with `quidpro ` after
/// its indentation, without its comment, split into words as a shell would (single and
/// double quotes), and cut at a redirection or pipe (`>`, `<`, `|`), which the shell
/// would handle.
#[cfg(test)]
pub fn examples(help: &str) -> Vec<Vec<String>> {
    help.lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with("quidpro "))
        .map(|l| {
            let mut words = Vec::new();
            for w in split_words(l) {
                if matches!(w.as_str(), ">" | "<" | "|" | "#") {
                    break;
                }
                words.push(w);
            }
            words
        })
        .collect()
}

/// Splits a command line into words: blanks separate, quotes group (their contents
/// taken literally), an unquoted `#` starting a word begins a comment (returned as the
/// word `#`, where the caller stops).
#[cfg(test)]
fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            None if c == '#' && !in_word => {
                words.push("#".into());
                return words;
            }
            None => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, Parser};

    /// Every command (but `help`) with its examples, walking the real definition.
    fn helps(cmd: &clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        for sub in cmd.get_subcommands() {
            let name = format!("{path} {}", sub.get_name());
            if sub.has_subcommands() {
                helps(sub, &name, out);
            } else {
                out.push((name, sub.get_after_help().map(|h| h.to_string()).unwrap_or_default()));
            }
        }
    }

    #[test]
    fn every_command_has_examples_that_parse_with_the_real_definition() {
        let mut all = Vec::new();
        helps(&crate::Cli::command(), "quidpro", &mut all);
        assert!(all.len() >= 19, "{all:?}");
        for (name, help) in &all {
            let ex = examples(help);
            assert!(!ex.is_empty(), "{name} has no examples in its --help");
            for words in ex {
                assert!(
                    words.join(" ").starts_with(name.as_str()),
                    "an example of {name} runs another command: {words:?}"
                );
                if let Err(e) = crate::Cli::try_parse_from(&words) {
                    panic!("the example {words:?} of {name} does not parse: {e}");
                }
            }
        }
    }

    #[test]
    fn words_split_as_a_shell_would() {
        assert_eq!(
            split_words(r#"quidpro search '"gas deal" x' --a "b c" # note"#),
            ["quidpro", "search", "\"gas deal\" x", "--a", "b c", "#"]
        );
        assert_eq!(examples("Ex:\n  quidpro man | man -l -\n  not this"), [vec!["quidpro", "man"]]);
        assert_eq!(examples("  quidpro code - < f.jsonl"), [vec!["quidpro", "code", "-"]]);
    }
}
