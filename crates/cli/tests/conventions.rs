//! End-to-end tests of the command line's conventions: completions and man pages, the
//! examples of every `--help` run on a store built from the bundled samples, one
//! vocabulary of formats, dates and kinds (every listed `--format` of every command
//! works), empty results and unknown actor codes said on standard error, actor search
//! with folded diacritics and ranking, hints for the wrong tool, and `--explain` as a
//! JSON field.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{bin, err, out, root, Dir};

/// Every command that takes arguments of its own, as typed after `quidpro`.
const COMMANDS: &[&str] = &[
    "code",
    "dict check",
    "dict stats",
    "ingest",
    "recode",
    "import",
    "search",
    "actors",
    "events",
    "sql",
    "export",
    "dyad",
    "reciprocity",
    "ledger",
    "obligations",
    "alerts",
    "report dyad",
    "lint",
    "analyze",
    "completions",
    "man",
];

/// A folder with `samples` and `dictionaries` linked from the repository and the store
/// `quidpro.db` built from the samples as the README's first command builds it.
fn sample_dir(name: &str) -> Dir {
    let d = Dir::new(name);
    for sub in ["samples", "dictionaries"] {
        std::os::unix::fs::symlink(root().join(sub).canonicalize().unwrap(), d.0.join(sub)).unwrap();
    }
    ok(&q(&d, &["ingest", "samples/stories.jsonl", "samples/comments"]));
    ok(&q(&d, &["import", "gdelt2", "samples/gdelt-sample.export.CSV"]));
    d
}

/// `quidpro ARGS...` run in the folder, on its `quidpro.db`, with no input.
fn q(d: &Dir, args: &[&str]) -> Output {
    q_in(d, args, None)
}

fn q_in(d: &Dir, args: &[&str], stdin: Option<&Path>) -> Output {
    let mut c = bin();
    c.current_dir(&d.0).env_remove("QUIDPRO_STORE").env_remove("QUIDPRO_DICT").args(args);
    match stdin {
        Some(p) => c.stdin(std::fs::File::open(d.0.join(p)).unwrap()),
        None => c.stdin(Stdio::null()),
    };
    c.output().unwrap()
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "exit {:?}: {}", o.status.code(), err(o));
    out(o)
}

/// The example lines of a help text, split as a shell would (quotes), without comments;
/// a `<` redirection becomes the input file, and `>` or `|` end the command.
fn examples(help: &str) -> Vec<(Vec<String>, Option<String>)> {
    let mut all = Vec::new();
    for line in help.lines().map(str::trim_start).filter(|l| l.starts_with("quidpro ")) {
        let mut words = Vec::new();
        let (mut cur, mut quote, mut in_word) = (String::new(), None, false);
        for c in line.chars().chain([' ']) {
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
                None if c == '#' && !in_word => break,
                None => {
                    cur.push(c);
                    in_word = true;
                }
            }
        }
        let mut input = None;
        if let Some(i) = words.iter().position(|w| w == "<") {
            input = words.get(i + 1).cloned();
            words.truncate(i);
        }
        if let Some(i) = words.iter().position(|w| w == ">" || w == "|") {
            words.truncate(i);
        }
        all.push((words, input));
    }
    all
}

/// What an empty result or unknown code says on standard error.
const EMPTY: &[&str] = &[
    "0 events match",
    "no actor matches",
    "0 sentences match",
    "0 documents match",
    "is no actor code",
    "no alert from",
    "no instrument of",
];

/// Whether standard error says that nothing was found.
fn says_empty(stderr: &str) -> bool {
    EMPTY.iter().any(|e| stderr.contains(e))
        || stderr.lines().any(|l| l.starts_with("0 events ") || l.ends_with(", 0 events"))
}

#[test]
fn every_help_example_runs_and_returns_something() {
    let d = sample_dir("examples");
    let top = ok(&q(&d, &["--help"]));
    for line in top.lines().skip_while(|l| !l.starts_with("Commands:")).skip(1) {
        let Some(name) = line.split_whitespace().next() else { break };
        if name != "help" {
            assert!(COMMANDS.iter().any(|c| c.split(' ').next() == Some(name)), "{name} is not tested");
        }
    }
    let mut ran = 0;
    for cmd in COMMANDS {
        let mut args: Vec<&str> = cmd.split(' ').collect();
        args.push("--help");
        let help = ok(&q(&d, &args));
        let ex = examples(&help);
        assert!(!ex.is_empty(), "`quidpro {cmd} --help` shows no example:\n{help}");
        for (words, input) in ex {
            assert_eq!(words[0], "quidpro");
            let argv: Vec<&str> = words[1..].iter().map(String::as_str).collect();
            let o = q_in(&d, &argv, input.as_deref().map(Path::new));
            let (so, se) = (out(&o), err(&o));
            assert!(o.status.success(), "{words:?} failed ({:?}): {se}", o.status.code());
            assert!(!says_empty(&se), "{words:?} returned nothing: {se}");
            assert!(!(so.clone() + &se).trim().is_empty(), "{words:?} printed nothing");
            ran += 1;
        }
    }
    assert!(ran >= 50, "only {ran} examples");
    // The examples that write files wrote them.
    assert!(std::fs::read_to_string(d.0.join("tur-aze.html")).unwrap().contains("<svg"));
    assert!(d.0.join("out-2024/events.csv").exists());
    assert!(d.0.join("man/quidpro-report-dyad.1").exists());
}

#[test]
fn completions_for_every_shell_and_man_pages() {
    let d = Dir::new("completions");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell", "BASH"] {
        let s = ok(&q(&d, &["completions", shell]));
        assert!(s.contains("quidpro") && s.contains("reciprocity") && s.contains("--format"), "{shell}");
    }
    assert_eq!(q(&d, &["completions", "tcsh"]).status.code(), Some(2));
    let page = ok(&q(&d, &["man"]));
    assert!(page.starts_with(".ie") || page.contains(".TH quidpro"), "{}", &page[..200.min(page.len())]);
    assert!(page.contains("reciprocity"));
    let o = q(&d, &["man", "--out", "pages"]);
    assert!(err(&o).contains("man pages in pages"), "{}", err(&o));
    for p in ["quidpro.1", "quidpro-events.1", "quidpro-report-dyad.1", "quidpro-dict-check.1"] {
        let text = std::fs::read_to_string(d.0.join("pages").join(p)).unwrap();
        assert!(text.contains(".TH"), "{p}");
    }
    let events = std::fs::read_to_string(d.0.join("pages/quidpro-events.1")).unwrap();
    assert!(
        events.contains("\\-\\-dyad") && events.contains("TUR\\-AZE"),
        "the page has the options and examples"
    );
}

/// The values `quidpro CMD -h` lists for `--format`.
fn listed_formats(d: &Dir, cmd: &[&str]) -> Vec<String> {
    let mut args = cmd.to_vec();
    args.push("-h");
    let help = ok(&q(d, &args));
    let line = help.lines().find(|l| l.trim_start().starts_with("--format")).expect("a --format flag");
    let list = line.split("[possible values: ").nth(1).expect("possible values").trim_end_matches(']');
    list.split(", ").map(str::to_string).collect()
}

/// Checks that `text` is what format `f` promises.
fn check_format(what: &str, f: &str, text: &str) {
    assert!(!text.trim().is_empty(), "{what} --format {f}: empty");
    match f {
        "json" => {
            serde_json::from_str::<serde_json::Value>(text).unwrap_or_else(|e| panic!("{what} json: {e}"));
        }
        "jsonl" => {
            for l in text.lines() {
                serde_json::from_str::<serde_json::Value>(l)
                    .unwrap_or_else(|e| panic!("{what} jsonl: {e}: {l}"));
            }
        }
        "csv" => {
            let mut r = csv::Reader::from_reader(text.as_bytes());
            let width = r.headers().unwrap().len();
            assert!(width > 1, "{what} csv header: {text}");
            let mut rows = 0;
            for rec in r.records() {
                assert_eq!(rec.unwrap().len(), width, "{what} csv");
                rows += 1;
            }
            assert!(rows > 0, "{what} csv has no rows");
        }
        "md" => assert!(
            text.contains('|') || text.contains("# ") || text.contains("**") || text.starts_with("- "),
            "{what} md"
        ),
        "html" => assert!(text.contains("<html") || text.contains("<!DOCTYPE"), "{what} html"),
        _ => {}
    }
}

#[test]
fn every_listed_format_of_every_command_works() {
    let d = sample_dir("formats");
    let cases: &[&[&str]] = &[
        &["code", "samples/stories.jsonl"],
        &["dict", "stats"],
        &["recode"],
        &["search", "Karabakh"],
        &["actors", "TUR"],
        &["events", "--dyad", "TUR-AZE"],
        &["sql", "SELECT dataset, count(*) AS events FROM events GROUP BY dataset"],
        &["dyad", "TUR", "AZE"],
        &["reciprocity", "TUR", "AZE"],
        &["ledger", "TUR", "AZE"],
        &["obligations", "AZE"],
        &["alerts", "--from", "2020-01-01", "--domestic"],
        &["report", "dyad", "TUR", "AZE"],
        &["lint", "samples/comments/sdf-operations-azerbaijan-silence.md"],
        &["analyze", "samples/comments/bill-for-karabakh.md"],
    ];
    let mut checked = 0;
    for case in cases {
        let (cmd, rest) =
            if case[0] == "dict" || case[0] == "report" { case.split_at(2) } else { case.split_at(1) };
        let formats = listed_formats(&d, cmd);
        assert!(formats.len() >= 2, "{case:?}: {formats:?}");
        for f in &formats {
            assert!(
                ["table", "json", "jsonl", "csv", "md", "html", "explain"].contains(&f.as_str()),
                "{case:?} lists {f}, outside the vocabulary"
            );
            let mut args = cmd.to_vec();
            args.extend(["--format", f.as_str()]);
            args.extend(rest);
            let o = q(&d, &args);
            // lint exits 1 when a finding is an error, as this document's are.
            let expected = if cmd[0] == "lint" { 1 } else { 0 };
            assert_eq!(o.status.code(), Some(expected), "{args:?}: {}", err(&o));
            check_format(&format!("{case:?}"), f, &out(&o));
            checked += 1;
        }
    }
    // Formats in any case, and the old spellings (hidden from the help) still work.
    for (args, f) in [
        (&["dyad", "TUR", "AZE", "--format", "JSON"][..], "json"),
        (&["code", "--format", "tsv", "samples/stories.jsonl"][..], "tsv"),
        (&["analyze", "--format", "text", "samples/comments/bill-for-karabakh.md"][..], "table"),
    ] {
        check_format(&format!("{args:?}"), f, &ok(&q(&d, args)));
    }
    let o = q(&d, &["lint", "--format", "human", "samples/comments/sdf-operations-azerbaijan-silence.md"]);
    assert!(out(&o).contains("error[url-date-mismatch]"), "{}", err(&o));
    let tsv = ok(&q(&d, &["code", "--format", "tsv", "samples/stories.jsonl"]));
    let width = quidpro_event::schema::COLUMNS.iter().filter(|c| c.coded).count();
    assert!(tsv.lines().all(|l| l.split('\t').count() == width), "tsv columns");
    for (what, formats) in [("export", ["parquet", "csv", "jsonl"])] {
        assert_eq!(listed_formats(&d, &[what]), formats);
        for f in formats {
            let dir = format!("exp-{f}");
            ok(&q(&d, &["export", "--format", f, &dir]));
            assert!(std::fs::read_dir(d.0.join(&dir)).unwrap().next().is_some(), "export {f}");
            checked += 1;
        }
    }
    assert!(checked >= 45, "{checked}");
}

#[test]
fn dates_kinds_and_codes_take_one_vocabulary_in_any_case() {
    let d = sample_dir("vocabulary");
    // --from/--to everywhere; --since and --until are the same flags.
    let a = ok(&q(&d, &["alerts", "--from", "2024-01-01", "--to", "2024-12-31", "--format", "json"]));
    let b = ok(&q(&d, &["alerts", "--since", "2024-01-01", "--until", "2024-12-31", "--format", "json"]));
    assert_eq!(a, b);
    assert!(a.contains("IRN"), "{a}");
    let a = ok(&q(&d, &["events", "--since", "2024-01-01", "--until", "2024-03-31", "--format", "jsonl"]));
    let b = ok(&q(&d, &["events", "--from", "2024-01-01", "--to", "2024-03-31", "--format", "jsonl"]));
    assert_eq!(a, b);
    assert!(!a.is_empty());
    for cmd in [
        &["dyad", "TUR", "AZE"][..],
        &["export", "x"],
        &["report", "dyad", "TUR", "AZE"],
        &["ledger", "TUR", "AZE"],
    ] {
        let mut args = cmd.to_vec();
        args.push("-h");
        let h = ok(&q(&d, &args));
        assert!(h.contains("--from <DATE>") && h.contains("--to <DATE>"), "{cmd:?}: {h}");
    }
    // Kinds, codes, datasets, modalities and periods in any case.
    let o = q(&d, &["import", "GDELT2", "samples/gdelt-sample.export.CSV"]);
    assert!(o.status.success() && err(&o).contains("3000 duplicates"), "{}", err(&o));
    assert_eq!(q(&d, &["import", "Auto", "samples/gdelt-sample.export.CSV"]).status.code(), Some(0));
    let up = ok(&q(&d, &["dyad", "TUR", "AZE", "--by", "quarter"]));
    assert_eq!(ok(&q(&d, &["dyad", "tur", "aze", "--by", "QUARTER"])), up);
    assert_eq!(
        ok(&q(
            &d,
            &[
                "events",
                "--dataset",
                "GDELT2",
                "--modality",
                "ASSERTED",
                "--actor",
                "turgov",
                "--format",
                "jsonl"
            ]
        )),
        ok(&q(
            &d,
            &[
                "events",
                "--dataset",
                "gdelt2",
                "--modality",
                "asserted",
                "--actor",
                "TURGOV",
                "--format",
                "jsonl"
            ]
        ))
    );
    assert_eq!(
        ok(&q(&d, &["actors", "--origin", "DICTIONARY", "--country", "aze", "--format", "csv"])),
        ok(&q(&d, &["actors", "--origin", "dictionary", "--country", "AZE", "--format", "csv"]))
    );
    assert_eq!(
        ok(&q(&d, &["reciprocity", "TUR", "AZE", "--ic", "BIC"])),
        ok(&q(&d, &["reciprocity", "TUR", "AZE", "--ic", "bic"]))
    );
}

#[test]
fn empty_results_and_unknown_codes_say_so_with_exit_0() {
    let d = sample_dir("empty");
    let cases: &[(&[&str], &str)] = &[
        (&["events", "--from", "2030-01-01"], "0 events match"),
        (
            &["events", "--dyad", "TURKEY-AZE"],
            "TURKEY is no actor code in this store; did you mean TUR (Turkey)?",
        ),
        (&["dyad", "TURKEY", "AZE"], "TURKEY is no actor code in this store; did you mean TUR (Turkey)?"),
        (&["dyad", "TURKEY", "AZE"], "0 events TURKEY → AZE"),
        (&["dyad", "TUR", "AZE", "--from", "2030-01-01"], "0 events TUR → AZE from 2030-01-01"),
        (
            &["ledger", "AZERBA", "TUR"],
            "AZERBA is no actor code in this store; did you mean AZE (Azerbaijan)?",
        ),
        (&["ledger", "TUR", "AZE", "--to", "2000-01-01"], "0 events between TUR and AZE"),
        (&["report", "dyad", "TURKEY", "AZE"], "did you mean TUR (Turkey)?"),
        (&["actors", "zzqxv"], "no actor matches \"zzqxv\""),
        (&["search", "zzqxv"], "0 sentences match"),
        (&["search", "--documents", "zzqxv"], "0 documents match"),
        (&["obligations", "AZE", "--with", "BRA"], "no instrument of the register binds AZE and BRA"),
        (&["alerts", "--from", "2024-01-01", "--threshold", "1000"], "no alert from 2024-01-01"),
    ];
    for (args, says) in cases {
        let o = q(&d, args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", err(&o));
        assert!(err(&o).contains(says), "{args:?} should say {says:?}: {}", err(&o));
    }
    // A known code with events says nothing of the kind.
    let o = q(&d, &["dyad", "TUR", "AZE"]);
    assert!(!err(&o).contains("no actor code") && !err(&o).contains("0 events"), "{}", err(&o));
    // A code the store knows only from coded events (country and role) is known.
    let o = q(&d, &["events", "--actor", "TURCVL", "--to", "2000-01-01"]);
    assert!(err(&o).contains("0 events match") && !err(&o).contains("no actor code"), "{}", err(&o));
}

#[test]
fn actor_search_folds_diacritics_and_ranks_codes_then_names_then_substrings() {
    let d = sample_dir("actors");
    let rows = |text: &str| -> Vec<serde_json::Value> {
        ok(&q(&d, &["actors", text, "--format", "jsonl"]))
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let erdogan = rows("erdogan");
    assert!(!erdogan.is_empty());
    assert_eq!(erdogan[0]["name"], "Erdoğan", "the exact name first");
    assert!(erdogan.iter().all(|a| a["name"].as_str().unwrap().contains("Erdoğan")));
    assert_eq!(rows("ERDOĞAN").len(), erdogan.len());
    let tur = rows("TUR");
    assert_eq!(tur[0]["code"], "TUR");
    let arturo = tur.iter().position(|a| a["name"].as_str().unwrap().contains("Arturo")).expect("Arturo");
    let last_tur = tur.iter().rposition(|a| a["code"].as_str().unwrap().starts_with("TUR")).unwrap();
    assert!(arturo > last_tur, "codes starting TUR before Arturo");
    let turkey = rows("turkey");
    assert_eq!((turkey[0]["code"].as_str(), turkey[0]["name"].as_str()), (Some("TUR"), Some("Turkey")));
    let limited = ok(&q(&d, &["actors", "TUR", "--limit", "1", "--format", "csv"]));
    assert!(limited.lines().nth(1).unwrap().starts_with("TUR,"), "{limited}");
}

#[test]
fn wrong_tools_get_one_hint_and_nothing_is_stored() {
    let d = sample_dir("hints");
    let md = "samples/comments/bill-for-karabakh.md";
    let o = q(&d, &["code", md]);
    let e = err(&o);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(e.matches("not JSON lines (").count(), 1, "{e}");
    assert!(e.contains(&format!("quidpro analyze {md}")) && e.contains("code --date YYYY-MM-DD"), "{e}");
    assert!(!e.contains("not valid JSON"), "{e}");
    assert!(out(&o).is_empty());
    let gdelt = "samples/gdelt-sample.export.CSV";
    let e = err(&q(&d, &["code", gdelt]));
    assert!(e.contains(&format!("quidpro import gdelt2 {gdelt}")), "{e}");
    // The same from standard input, and a good file beside a bad one still codes.
    let o = q_in(&d, &["code", "-"], Some(Path::new(md)));
    assert!(err(&o).contains("-: not JSON lines"), "{}", err(&o));
    let o = q(&d, &["code", md, "samples/stories.jsonl"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).lines().count() > 100);
    // ingest refuses a dataset's file, naming the command, before writing anything.
    let count = || ok(&q(&d, &["events", "--format", "jsonl"])).lines().count();
    let before = count();
    let o = q(&d, &["ingest", "samples/stories.jsonl", gdelt]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains(&format!("quidpro import gdelt2 {gdelt}")), "{}", err(&o));
    assert!(err(&o).contains("nothing stored"), "{}", err(&o));
    assert_eq!(count(), before);
    // A story file that holds a Markdown comment is said once, not once per line.
    std::fs::copy(root().join(md), d.0.join("comment.jsonl")).unwrap();
    let o = q(&d, &["ingest", "comment.jsonl"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(err(&o).matches("not JSON lines").count(), 1, "{}", err(&o));
    assert!(err(&o).contains("quidpro analyze comment.jsonl"), "{}", err(&o));
    assert_eq!(count(), before);
}

#[test]
fn explain_is_a_json_field_or_a_format_for_people() {
    let d = sample_dir("explain");
    let plain = ok(&q(&d, &["code", "samples/stories.jsonl"]));
    let explained = ok(&q(&d, &["code", "--explain", "samples/stories.jsonl"]));
    assert_eq!(plain.lines().count(), explained.lines().count(), "one line per event, no prose");
    for (p, x) in plain.lines().zip(explained.lines()) {
        let (mut p, x): (serde_json::Value, serde_json::Value) =
            (serde_json::from_str(p).unwrap(), serde_json::from_str(x).unwrap());
        let words = x["explanation"]["words"].as_array().expect("explanation.words");
        assert!(!words.is_empty());
        assert!(x["explanation"]["source"]["entries"].is_array());
        // Apart from the explanation the event is the same.
        p.as_object_mut().unwrap().insert("explanation".into(), x["explanation"].clone());
        assert_eq!(p, x);
    }
    let people = ok(&q(&d, &["code", "--format", "explain", "samples/stories.jsonl"]));
    assert_eq!(people.matches("\n    words:  ").count(), plain.lines().count());
    assert_eq!(ok(&q(&d, &["code", "--format", "table", "--explain", "samples/stories.jsonl"])), people);
    let o = q(&d, &["code", "--format", "csv", "--explain", "samples/stories.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--format explain"), "{}", err(&o));
}

#[test]
fn progress_stays_off_when_standard_error_is_no_terminal() {
    let d = Dir::new("progress");
    let o = Command::new(env!("CARGO_BIN_EXE_quidpro"))
        .current_dir(&d.0)
        .args(["import", "gdelt2"])
        .arg(root().join("samples/gdelt-sample.export.CSV"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let e = err(&o);
    assert!(o.status.success(), "{e}");
    assert!(!e.contains("rows/s") && !e.contains("ETA") && !e.contains('\r') && !e.contains('\u{1b}'), "{e}");
    assert_eq!(e.lines().count(), 1, "{e}");
}

#[test]
fn readme_examples_return_something_or_say_why() {
    let d = sample_dir("readme");
    std::os::unix::fs::symlink(root().join("data").canonicalize().unwrap(), d.0.join("data")).unwrap();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut ran = 0;
    for block in readme.split("```sh\n").skip(1) {
        let block = block.split("```").next().unwrap();
        // Lines that write into the home folder or need ../shared are left to people.
        let lines = block
            .lines()
            .filter(|l| l.starts_with("quidpro ") && !l.contains('~') && !l.contains("../shared"));
        for (words, input) in examples(&lines.collect::<Vec<_>>().join("\n")) {
            let argv: Vec<&str> = words[1..].iter().map(String::as_str).collect();
            let o = q_in(&d, &argv, input.as_deref().map(Path::new));
            let (so, se) = (out(&o), err(&o));
            let missing: Vec<&&str> = argv
                .iter()
                .filter(|a| {
                    (a.contains('.') || a.ends_with('/')) && !a.starts_with('-') && !d.0.join(a).exists()
                })
                .collect();
            match o.status.code() {
                Some(0) => assert!(!(so.clone() + &se).trim().is_empty(), "{words:?} said nothing"),
                // lint exits 1 when a finding is an error, and prints the findings.
                Some(1) if argv[0] == "lint" => assert!(!so.is_empty(), "{words:?}: {se}"),
                // A file the reader is to write themselves is named as missing.
                Some(1) if !missing.is_empty() => {
                    assert!(missing.iter().any(|m| se.contains(**m)), "{words:?}: {se}")
                }
                c => panic!("{words:?} failed ({c:?}): {se}"),
            }
            ran += 1;
        }
    }
    assert!(ran >= 40, "{ran} README examples");
}

#[test]
fn a_bad_date_for_ingest_is_refused_before_a_store_is_made() {
    let d = Dir::new("ingest-date");
    let o = bin()
        .current_dir(&d.0)
        .args(["ingest", "--date", "2024-13-01"])
        .arg(root().join("samples/comments"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("--date must be YYYY-MM-DD"));
    assert!(!d.0.join("quidpro.db").exists(), "no store is made");
}
