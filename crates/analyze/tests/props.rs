//! Property tests of the files people write by hand: manual ledger entries
//! (`ledger::parse_manual`), ledger configurations (`ledger::Config::parse`, the keys
//! of `data/ledger.toml`) and obligation registers (`obligations::parse`, the format of
//! `data/obligations.txt`). No text makes a reader panic, and every error names a line
//! of its file. What the readers accept goes through the ledger over a store without
//! panicking.
//!
//! CI runs 128 cases (each ledger opens a store in memory). `bench/fuzz.sh` sets
//! `PROPTEST_CASES` for a longer run, and `QUIDPRO_FUZZ_MAX_MS` to bound the time of one
//! input.

use std::sync::OnceLock;

use proptest::prelude::*;
use quidpro_analyze::ledger::{self, Config, Options};
use quidpro_analyze::{obligations, Error};
use quidpro_store::Store;

/// 128 cases, or `PROPTEST_CASES`.
fn config() -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = 128;
    }
    c
}

/// Runs `f`. Under bench/fuzz.sh an input that takes longer than `QUIDPRO_FUZZ_MAX_MS`
/// fails. The CI run measures no time.
fn timed<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    let t = std::time::Instant::now();
    let v = f();
    if let Some(max) = std::env::var("QUIDPRO_FUZZ_MAX_MS").ok().and_then(|v| v.parse::<u128>().ok()) {
        let ms = t.elapsed().as_millis();
        prop_assert!(ms <= max, "{} took {} ms (more than {} ms)", what, ms, max);
    }
    Ok(v)
}

/// An error names a line of the file, or is about the file as a whole.
fn check_error(e: &Error, file: &str, lines: usize) -> Result<(), TestCaseError> {
    match e {
        Error::Line { file: f, line, message } => {
            prop_assert_eq!(f.as_str(), file);
            prop_assert!(*line >= 1 && *line <= lines.max(1), "line {} of {}: {}", line, lines, message);
        }
        other => prop_assert!(other.to_string().contains(file), "{}", other),
    }
    Ok(())
}

fn lines_of(pieces: Vec<&'static str>, free: &'static str) -> impl Strategy<Value = Vec<String>> {
    let line = prop_oneof![
        8 => prop::sample::select(pieces).prop_map(str::to_string),
        1 => free,
        1 => "\\PC{0,16}",
    ];
    prop::collection::vec(line, 0..24)
}

fn manual_lines() -> impl Strategy<Value = Vec<String>> {
    lines_of(
        vec![
            "entry favour TUR AZE 2020-10-01",
            "entry demand TUR AZE 2021-01-01",
            "entry repayment TUR AZE 2021-02-01",
            "entry refusal TUR AZE 2021-03-01",
            "entry defection AZE TUR 2021-04-01",
            "entry acknowledgement TUR AZE 2021-05-01",
            "entry favor AZE TUR 9999-12-31",
            "entry favour TUR AZE 0001-01-01",
            "entry favour TUR AZE +262142-12-31",
            "entry favour TUR AZE 2020-02-30",
            "entry favour TUR TUR 2020-10-01",
            "entry favour TUR",
            "entry gift TUR AZE 2020-10-01",
            "entries",
            "  code: 072",
            "  code: 1011",
            "  code: 1",
            "  code: 999",
            "  code: ",
            "  code: 0x2",
            "  weight: 8.3",
            "  weight: -2",
            "  weight: 1e308",
            "  weight: -1e308",
            "  weight: inf",
            "  weight: NaN",
            "  weight: 0",
            "  weight: x",
            "  text: Turkey supplied drones.",
            "  citation: \"T\", Anadolu, 01.10.2020",
            "  citation:",
            "  url: https://example.org/a",
            "  nope: x",
            "  no colon",
            "# a comment",
            "",
        ],
        "[ \t]{0,2}[a-z:0-9 .\\-#]{0,24}",
    )
}

fn config_lines() -> impl Strategy<Value = Vec<String>> {
    lines_of(
        vec![
            "[balance]",
            "[favour]",
            "[demand]",
            "[repayment]",
            "[dedup]",
            "[nope]",
            "[",
            "]",
            "half_life_days = 1825",
            "half_life_days = 1",
            "half_life_days = 1e300",
            "half_life_days = 0.5",
            "repaid_share = 0.05",
            "repaid_share = 2",
            "material_roots = [\"06\", \"07\"]",
            "material_roots = []",
            "material_roots = [06]",
            "material_factor = 1e308",
            "diplomatic_codes = [\"050\"]",
            "diplomatic_factor = 0",
            "roots = [\"02\", \"10\"]",
            "roots = [\"\"]",
            "window_days = 365",
            "window_days = 1e300",
            "window_days = 9.3e18",
            "window_days = 1e6",
            "inferred_window_days = 1e15",
            "families = [\"15 18 19 20\", \"16 17\"]",
            "families = [\"\"]",
            "compliance_factor = 1",
            "aims = true",
            "aims = 1",
            "aims_text_only = false",
            "aims_factor = 1e308",
            "aims_window_days = 1e300",
            "aims_min_statements = 1e300",
            "aims_min_statements = 1",
            "dedup_window_days = 1e300",
            "window_days = inf",
            "window_days = NaN",
            "key",
            "= 1",
            "# x",
        ],
        "[a-z_\\[\\]=\" 0-9.e#]{0,24}",
    )
}

fn obligation_lines() -> impl Strategy<Value = Vec<String>> {
    lines_of(
        vec![
            "instrument SHUSHA Shusha Declaration",
            "instrument",
            "instrument X",
            "  parties: TUR; AZE",
            "  parties:",
            "  party_since: AZE 2021-06-15",
            "  party_since: AZE",
            "  party_since: 2021-06-15",
            "  party_until: TUR 2030-01-01",
            "  party_until: TUR 2030-13-01",
            "  signed: 2021-06-15",
            "  signed: 15.06.2021",
            "  in_force: 2022-01-20",
            "  ends: ",
            "  ends: 2020-01-01",
            "  kind: alliance",
            "  kind: nope",
            "  obligations: defense; consultation",
            "  obligations: flying",
            "  conditions: x",
            "  duration: 10 years",
            "  source: official text: x",
            "  note: a",
            "  nope: x",
            "  no colon",
        ],
        "[ \t]{0,2}[a-zA-Z_:;0-9 .\\-#]{0,24}",
    )
}

fn store() -> &'static std::sync::Mutex<Store> {
    static S: OnceLock<std::sync::Mutex<Store>> = OnceLock::new();
    S.get_or_init(|| std::sync::Mutex::new(Store::open_in_memory().expect("a store in memory")))
}

/// Manual entries that mostly parse: a head, a code, a citation, and other fields.
fn manual_entries() -> impl Strategy<Value = Vec<String>> {
    let head = (
        prop::sample::select(vec![
            "favour",
            "demand",
            "repayment",
            "refusal",
            "defection",
            "acknowledgement",
        ]),
        prop::sample::select(vec!["TUR AZE", "AZE TUR", "TUR TUR", "TURGOV AZEMIL"]),
        prop_oneof![
            (1i32..=9999, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            prop::sample::select(vec!["0001-01-01", "9999-12-31", "+262142-12-31", "-0001-01-01"])
                .prop_map(str::to_string),
        ],
    )
        .prop_map(|(k, ab, d)| format!("entry {k} {ab} {d}"));
    let code = prop::sample::select(vec!["072", "0874", "1011", "020", "100", "190", "057", "1"]);
    let weight = prop_oneof![
        any::<f64>().prop_map(|w| format!("{w}")),
        prop::sample::select(vec!["8.3", "-2", "1e308", "-1e308", "inf", "-inf", "NaN", "0", "1e-320"])
            .prop_map(str::to_string),
    ];
    let entry = (head, code, proptest::option::of(weight), any::<bool>()).prop_map(|(h, c, w, url)| {
        let mut v = vec![h, format!("  code: {c}")];
        if let Some(w) = w {
            v.push(format!("  weight: {w}"));
        }
        v.push("  citation: \"T\", Anadolu Agency, 01.10.2020".into());
        if url {
            v.push("  url: https://example.org/a".into());
        }
        v
    });
    prop::collection::vec(entry, 0..12).prop_map(|v| v.concat())
}

/// Configurations that mostly parse: each key under its own table.
fn config_entries() -> impl Strategy<Value = Vec<String>> {
    let num = prop_oneof![
        prop::sample::select(vec![
            "0", "1", "0.5", "365", "1825", "1e6", "1e15", "9.3e18", "1e300", "1e308", "-1"
        ])
        .prop_map(str::to_string),
        any::<f64>().prop_map(|x| format!("{x}")),
    ];
    let key = prop::sample::select(vec![
        ("balance", "half_life_days"),
        ("balance", "repaid_share"),
        ("favour", "material_factor"),
        ("favour", "diplomatic_factor"),
        ("demand", "window_days"),
        ("demand", "inferred_window_days"),
        ("repayment", "compliance_factor"),
        ("repayment", "material_factor"),
        ("repayment", "aims_factor"),
        ("repayment", "aims_window_days"),
        ("repayment", "aims_min_statements"),
        ("dedup", "window_days"),
    ]);
    prop::collection::vec(
        (key, num).prop_map(|((t, k), v)| vec![format!("[{t}]"), format!("{k} = {v}")]),
        0..8,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn no_entries_or_configuration_make_the_ledger_panic(
        m in prop_oneof![manual_lines(), manual_entries()],
        c in prop_oneof![config_lines(), config_entries()],
    ) {
        let (mt, ct) = (m.join("\n"), c.join("\n"));
        let manual = timed("parse_manual", || ledger::parse_manual("m.txt", &mt))?;
        let cfg = timed("Config::parse", || Config::parse("c.toml", &ct))?;
        if let Err(e) = &manual {
            check_error(e, "m.txt", m.len())?;
        }
        if let Err(e) = &cfg {
            check_error(e, "c.toml", c.len())?;
        }
        if let Ok(manual) = &manual {
            for (_, _, e) in manual {
                prop_assert!(e.weight.is_finite(), "weight {} of {}", e.weight, mt);
                prop_assert!(!e.code.is_empty() && !e.evidence[0].citations.is_empty());
            }
            let config = cfg.unwrap_or_else(|_| Config::shipped());
            let opts = Options { config, ..Options::default() };
            let s = store().lock().unwrap_or_else(|e| e.into_inner());
            let l = timed("ledger", || ledger::ledger(&s, "TUR", "AZE", manual, &opts))?;
            prop_assert!(l.is_ok(), "{:?}", l.err());
        }
    }

    #[test]
    fn no_text_makes_the_hand_written_readers_panic(t in any::<String>()) {
        let lines = t.lines().count();
        if let Err(e) = ledger::parse_manual("m.txt", &t) {
            check_error(&e, "m.txt", lines)?;
        }
        if let Err(e) = Config::parse("c.toml", &t) {
            check_error(&e, "c.toml", lines)?;
        }
        if let Err(e) = obligations::parse("o.txt", &t) {
            check_error(&e, "o.txt", lines)?;
        }
    }

    #[test]
    fn no_register_makes_the_obligations_reader_panic(o in obligation_lines()) {
        let text = o.join("\n");
        match timed("obligations::parse", || obligations::parse("o.txt", &text))? {
            Ok(all) => {
                for i in &all {
                    prop_assert!(!i.id.is_empty());
                    for code in ["051", "190", "0874"] {
                        let _ = i.binds(code, None);
                    }
                }
            }
            Err(e) => check_error(&e, "o.txt", o.len())?,
        }
    }
}

/// Found by `no_entries_or_configuration_make_the_ledger_panic`: a demand dated
/// +262142-12-31 (chrono's last year) overflowed the ledger's answer window; a window of
/// 1e300 days overflowed `TimeDelta::days`; a weight `inf` made the balance infinite.
#[test]
fn extreme_dates_windows_and_weights_are_refused_by_line() {
    let entry = |date: &str, weight: &str| {
        format!("entry demand TUR AZE {date}\n  code: 100\n  weight: {weight}\n  citation: \"T\", Anadolu, 01.10.2020\n")
    };
    for (date, weight, message) in [
        ("+262142-12-31", "1", "years 0001 to 9999"),
        ("0000-01-01", "1", "years 0001 to 9999"),
        ("2020-01-01", "inf", "finite"),
        ("2020-01-01", "NaN", "finite"),
    ] {
        match ledger::parse_manual("m.txt", &entry(date, weight)) {
            Err(Error::Line { line, message: m, .. }) => {
                assert_eq!(line, if weight == "1" { 1 } else { 3 });
                assert!(m.contains(message), "{m}");
            }
            other => panic!("{date} {weight}: {other:?}"),
        }
    }
    for key in ["window_days = 1e300", "inferred_window_days = 100001", "window_days = 9.3e18"] {
        let e = Config::parse("c.toml", &format!("# x\n[demand]\n{key}\n")).unwrap_err();
        assert!(e.to_string().starts_with("c.toml:3: "), "{e}");
    }
    // The last day the readers accept, with the longest windows, runs.
    let manual = ledger::parse_manual("m.txt", &entry("9999-12-31", "1")).unwrap();
    let config =
        Config::parse("c.toml", "[demand]\nwindow_days = 100000\ninferred_window_days = 100000\n").unwrap();
    let s = Store::open_in_memory().unwrap();
    let l = ledger::ledger(&s, "TUR", "AZE", &manual, &Options { config, ..Options::default() }).unwrap();
    assert_eq!(l.demands.len(), 1);
}
