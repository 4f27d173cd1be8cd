//! `relations-queries STORE A B`: times one dyad's monthly series, its ledger, and the
//! monthly series of every dyad (alerts' first step) through `quidpro-analyze`, and
//! prints the answers' sizes so that runs can be compared.
//!
//! Output lines: `dyad_series_ms X periods N events N`, `ledger_ms X entries N balance B`,
//! `all_dyads_ms X dyads N`, each followed by `first_ms Y`. Each query runs five times in
//! the same process: X is the median, Y the first run (SQLite's page cache cold; the
//! operating system's may be warm).

use std::path::Path;
use std::time::Instant;

use quidpro_analyze::ledger::{ledger, Options};
use quidpro_analyze::series::{dyad_series, Dyad, Period, Range};
use quidpro_store::Store;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [store, a, b] = args.as_slice() else {
        eprintln!("usage: relations-queries STORE A B");
        std::process::exit(2);
    };
    let store = Store::open(Path::new(store)).expect("open store");
    let (ms, first, s) = timed(|| {
        dyad_series(&store, &Dyad::directed(a, b), Period::Month, &Range::default()).expect("series")
    });
    let events: u64 = s.periods.iter().map(|p| p.events).sum();
    println!("dyad_series_ms {ms:.2} periods {} events {events} first_ms {first:.2}", s.periods.len());
    let (ms, first, l) = timed(|| ledger(&store, a, b, &[], &Options::default()).expect("ledger"));
    let entries =
        l.favours.len() + l.demands.len() + l.repayments.len() + l.refusals.len() + l.defections.len();
    println!("ledger_ms {ms:.2} entries {entries} balance {:.1} first_ms {first:.2}", l.balance);
    let (ms, first, dyads) = timed(|| {
        let conn = store.connection();
        let mut stmt = conn
            .prepare("SELECT source_country, target_country, month, clusters, goldstein_sum FROM all_dyad_months WHERE clusters > 0")
            .expect("prepare");
        let mut rows = stmt.query([]).expect("query");
        let mut dyads = std::collections::HashSet::new();
        while let Some(r) = rows.next().expect("row") {
            dyads.insert((r.get::<_, String>(0).expect("s"), r.get::<_, String>(1).expect("t")));
        }
        dyads.len()
    });
    println!("all_dyads_ms {ms:.2} dyads {dyads} first_ms {first:.2}");
}

/// Runs `f` five times: the median and the first time in ms, and the last answer.
fn timed<T>(mut f: impl FnMut() -> T) -> (f64, f64, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..5 {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let first = times[0];
    times.sort_by(f64::total_cmp);
    (times[2], first, last.expect("five runs"))
}
