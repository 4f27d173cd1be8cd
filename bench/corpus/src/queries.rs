//! `store-queries STORE A B`: times the monthly series of one dyad (A → B) and of every
//! dyad, as quidpro serves them (each event cluster once: events of the same day, actors
//! and code count once), and prints each answer's size and checksum so that the
//! benchmark can compare them with DuckDB's on the same file.
//!
//! Output lines: `one_dyad_ms X rows N events N goldstein G` and
//! `all_dyads_ms X rows N events N goldstein G`.

use std::path::Path;
use std::time::Instant;

use quidpro_analyze::series::{dyad_series, Dyad, Period, Range};
use quidpro_store::Store;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [store, a, b] = args.as_slice() else {
        eprintln!("usage: store-queries STORE SOURCE_COUNTRY TARGET_COUNTRY");
        std::process::exit(2);
    };
    let store = Store::open(Path::new(store)).expect("open store");
    let t = Instant::now();
    let s = dyad_series(&store, &Dyad::directed(a, b), Period::Month, &Range::default()).expect("series");
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let active: Vec<_> = s.periods.iter().filter(|p| p.events > 0).collect();
    let events: u64 = active.iter().map(|p| p.events).sum();
    let gold: f64 = active.iter().map(|p| p.goldstein_sum).sum();
    println!("one_dyad_ms {ms:.2} rows {} events {events} goldstein {gold:.1}", active.len());
    let t = Instant::now();
    let conn = store.connection();
    let mut stmt = conn
        .prepare("SELECT source_country, target_country, month, clusters, goldstein_sum FROM all_dyad_months WHERE clusters > 0")
        .expect("prepare");
    let mut rows = stmt.query([]).expect("query");
    let (mut n, mut events, mut gold) = (0usize, 0i64, 0f64);
    while let Some(r) = rows.next().expect("row") {
        n += 1;
        events += r.get::<_, i64>(3).expect("n");
        gold += r.get::<_, f64>(4).expect("g");
    }
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    println!("all_dyads_ms {ms:.2} rows {n} events {events} goldstein {gold:.1}");
}
