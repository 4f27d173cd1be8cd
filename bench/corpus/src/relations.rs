//! `relations-queries STORE A B`: times one dyad's monthly series, its ledger, and the
//! monthly series of every dyad (alerts' first step) through `quidpro-analyze`, and
//! prints the answers' sizes so that runs can be compared.
//!
//! Output lines: `dyad_series_ms X periods N events N`, `ledger_ms X entries N balance B`,
//! `all_dyads_ms X dyads N`.

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
    let t = Instant::now();
    let s = dyad_series(&store, &Dyad::directed(a, b), Period::Month, &Range::default()).expect("series");
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let events: u64 = s.periods.iter().map(|p| p.events).sum();
    println!("dyad_series_ms {ms:.2} periods {} events {events}", s.periods.len());
    let t = Instant::now();
    let l = ledger(&store, a, b, &[], &Options::default()).expect("ledger");
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let entries =
        l.favours.len() + l.demands.len() + l.repayments.len() + l.refusals.len() + l.defections.len();
    println!("ledger_ms {ms:.2} entries {entries} balance {:.1}", l.balance);
    let t = Instant::now();
    let conn = store.connection();
    let mut stmt = conn
        .prepare("SELECT source_country, target_country, month, clusters, goldstein_sum FROM dyad_months WHERE clusters > 0")
        .expect("prepare");
    let mut rows = stmt.query([]).expect("query");
    let mut dyads = std::collections::HashSet::new();
    while let Some(r) = rows.next().expect("row") {
        dyads.insert((r.get::<_, String>(0).expect("s"), r.get::<_, String>(1).expect("t")));
    }
    println!("all_dyads_ms {:.2} dyads {}", t.elapsed().as_secs_f64() * 1000.0, dyads.len());
}
