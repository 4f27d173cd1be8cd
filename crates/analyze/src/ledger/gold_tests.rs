//! The ledger's rules on the development documents' **gold** events
//! (`testdata/documents/dev/*.gold`): each document's `e:` lines (sides, code, date,
//! modality, content) go into a store of their own, and the sign of each `ledger:` pair
//! and the status of each `demand:` are compared with the gold. The coder plays no part:
//! a wrong status here is the ledger's rules (or a gold line they cannot read); a status
//! right here and wrong in `crates/cli/tests/ledger_fixtures.rs` is the coder's miss.
//!
//! `cargo test -p quidpro-analyze --lib gold_events -- --nocapture` prints one line per
//! ledger and demand and the totals.

use super::*;
use quidpro_store::NewEvent;

/// The gold contents, by event id (the position of its `e:` line).
struct Given(Vec<(String, DemandContent)>);

impl ContentSource for Given {
    fn content(&self, _: &Store, ev: &EventKey<'_>) -> Option<DemandContent> {
        self.0.iter().find(|(id, _)| id == ev.dataset_id).map(|(_, c)| c.clone())
    }
}

/// A gold date token as the store's date and precision: `2025-02-11`, `2025-02`, `2025`,
/// `2025-Q1`, `2020-summer` (the first day of the period); none: `default`.
fn date_of(token: Option<&str>, default: &str) -> (String, &'static str) {
    let Some(t) = token else { return (default.to_string(), "day") };
    let (y, rest) = t.split_at(4.min(t.len()));
    match rest.trim_start_matches('-') {
        "" => (format!("{y}-01-01"), "year"),
        "spring" => (format!("{y}-03-01"), "season"),
        "summer" => (format!("{y}-06-01"), "season"),
        "autumn" => (format!("{y}-09-01"), "season"),
        "winter" => (format!("{y}-12-01"), "season"),
        q if q.starts_with('Q') => {
            let n: u32 = q[1..].parse().unwrap_or(1);
            (format!("{y}-{:02}-01", (n - 1) * 3 + 1), "quarter")
        }
        m if m.len() == 2 => (format!("{y}-{m}-01"), "month"),
        _ => (t.to_string(), "day"),
    }
}

/// One document's gold: its date, its events (with contents by id), its ledger pairs and
/// demands.
struct Gold {
    date: String,
    events: Vec<NewEvent>,
    contents: Vec<(String, DemandContent)>,
    ledgers: Vec<(String, String, String)>,
    demands: Vec<(String, String, String, String)>,
}

fn read_gold(text: &str) -> Gold {
    let date = text.lines().next().unwrap().trim_start_matches("doc-date:").trim().to_string();
    let mut g =
        Gold { date, events: Vec::new(), contents: Vec::new(), ledgers: Vec::new(), demands: Vec::new() };
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.first().copied() {
            Some("e:") if f.len() >= 4 => {
                let side = |s: &str| if s == "-" { String::new() } else { s.to_string() };
                let token =
                    f.get(4).copied().filter(|t| t.as_bytes().first().is_some_and(u8::is_ascii_digit));
                // An event the text does not date takes the document's date (the gold
                // files' convention), so its order against dated ones may be wrong.
                let (date, precision) = date_of(token, &g.date);
                let id = g.events.len().to_string();
                let Ok(mut e) = NewEvent::new("gold", &id, &date, &side(f[1]), &side(f[2]), f[3]) else {
                    panic!("gold line {line:?}: bad date {date} or code {}", f[3]);
                };
                e.date_precision = precision.into();
                for x in &f[4..] {
                    if let Some(m) = x.strip_prefix("m=") {
                        e.modality = m.to_string();
                    } else if let Some(a) = x.strip_prefix("a=") {
                        e.attribution = a.replace('_', " ");
                    } else if let Some(c) = x.strip_prefix("c=") {
                        let p: Vec<&str> = c.split('>').collect();
                        if let [s, t, code] = p.as_slice() {
                            g.contents.push((
                                id.clone(),
                                DemandContent {
                                    source: side(s),
                                    target: side(t),
                                    code: code.to_string(),
                                    name: code_name(code),
                                    modality: "planned".into(),
                                    text: String::new(),
                                },
                            ));
                        }
                    }
                }
                g.events.push(e);
            }
            Some("ledger:") if f.len() >= 4 => {
                g.ledgers.push((f[1].into(), f[2].into(), f[3].trim_start_matches("sign=").into()))
            }
            Some("demand:") if f.len() >= 5 => g.demands.push((
                f[1].into(),
                f[2].into(),
                f[3].into(),
                f[4].trim_start_matches("status=").into(),
            )),
            _ => {}
        }
    }
    g
}

/// Whether our content is the gold's `S>T>CODE` (countries, and the codes one a prefix of
/// the other).
fn same_content(gold: &str, c: &DemandContent) -> bool {
    let p: Vec<&str> = gold.split('>').collect();
    let [s, t, code] = p.as_slice() else { return false };
    let side = |g: &str, o: &str| if *g == *"-" { o.is_empty() } else { o.get(..3) == g.get(..3) };
    side(s, &c.source)
        && side(t, &c.target)
        && (c.code.starts_with(code) || code.starts_with(c.code.as_str()))
}

#[test]
fn gold_events_ledger_signs_and_demand_statuses() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/documents/dev");
    let mut golds: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "gold"))
        .collect();
    golds.sort();
    let (mut signs, mut signs_ok, mut demands, mut status_ok) = (0, 0, 0, 0);
    let mut out = String::new();
    for path in &golds {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let g = read_gold(&std::fs::read_to_string(path).unwrap());
        if g.ledgers.is_empty() && g.demands.is_empty() {
            continue;
        }
        let mut store = Store::open_in_memory().unwrap();
        let mut b = store.batch().unwrap();
        for e in &g.events {
            b.add_event(e, None).unwrap();
        }
        b.commit().unwrap();
        let given = Given(g.contents.clone());
        let mut opts = Options { to: Some(g.date.parse().unwrap()), ..Options::default() };
        // The gold events are text: aims count them.
        opts.config.aims_text_only = false;
        let ledger_of = |a: &str, b: &str| ledger_with(&store, a, b, &[], &opts, &given).unwrap();
        for (a, b, want) in &g.ledgers {
            let l = ledger_of(a, b);
            // QUIDPRO_GOLD_LEDGER=STEM prints that document's ledger.
            if std::env::var("QUIDPRO_GOLD_LEDGER").is_ok_and(|s| s == stem) {
                println!("{}", serde_json::to_string_pretty(&l).unwrap());
            }
            let ok = (want == "+" && l.balance > 0.0) || (want == "-" && l.balance < 0.0);
            signs += 1;
            signs_ok += ok as usize;
            out.push_str(&format!(
                "{stem}: ledger {a} {b} {want} got {:.1} {}\n",
                l.balance,
                if ok { "ok" } else { "WRONG" }
            ));
        }
        // Each gold demand is paired with the creditor's demand of the same content, each
        // used once.
        let mut used = std::collections::HashSet::new();
        for (a, b, content, want) in &g.demands {
            let l = ledger_of(a, b);
            let got = l
                .demands
                .iter()
                .filter(|d| d.source.starts_with(a.as_str()) && !used.contains(&(a.clone(), d.id)))
                .find(|d| d.content.as_ref().is_some_and(|c| same_content(content, c)));
            let status = got.and_then(|d| d.status).map_or("(not found)", |s| s.as_str());
            if let Some(d) = got {
                used.insert((a.clone(), d.id));
            }
            let ok = status == want;
            demands += 1;
            status_ok += ok as usize;
            let why = got
                .and_then(|d| d.answer.as_ref())
                .map(|x| format!(" ({} {})", x.how, x.date))
                .unwrap_or_default();
            out.push_str(&format!(
                "{stem}: demand {a} {b} {content} {want} got {status}{why} {}\n",
                if ok { "ok" } else { "WRONG" }
            ));
        }
    }
    println!("{out}gold events: ledger signs {signs_ok}/{signs}; demand statuses {status_ok}/{demands}");
    assert!(signs >= 20 && demands >= 40, "the gold files hold the ledger lines");
    // Floors a little under the figures measured when this test was written (signs
    // 21/24, statuses 42/53): the rules, not the coder, are measured here. The misses
    // left: the symmetric balance cannot make both RUS ARM and ARM RUS positive
    // (allies-on-paper); mediation (045) opens no debt (doha, guarantors); undated gold
    // events take the document's date and so answer calls made after them (aid-and-invoices,
    // radars, riyadh, beijing, kursk); an abstention on the demanded act itself is coded
    // `refused` like a refusal (guarantors); a signed agreement (057) does not meet a call
    // for a contract (061; gold-for-guns).
    assert!(signs_ok * 100 >= signs * 85, "ledger signs on gold events {signs_ok}/{signs} under the floor");
    assert!(
        status_ok * 100 >= demands * 75,
        "demand statuses on gold events {status_ok}/{demands} under the floor"
    );
}
