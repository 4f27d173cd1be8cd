//! `store-queries STORE A B`: times the monthly series of one dyad (A → B) and of every
//! dyad over the store's events, and prints each answer's size and checksum so that the
//! benchmark can compare them with DuckDB's on the same file.
//!
//! Output lines: `one_dyad_ms X rows N events N goldstein G` and
//! `all_dyads_ms X rows N events N goldstein G`.

use std::path::Path;
use std::time::Instant;

use quidpro_store::Store;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [store, a, b] = args.as_slice() else {
        eprintln!("usage: store-queries STORE SOURCE_COUNTRY TARGET_COUNTRY");
        std::process::exit(2);
    };
    let store = Store::open(Path::new(store)).expect("open store");
    let conn = store.connection();
    let run = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> (f64, usize, i64, f64) {
        let t = Instant::now();
        let mut stmt = conn.prepare(sql).expect("prepare");
        let mut rows = stmt.query(params).expect("query");
        let (mut n, mut events, mut gold) = (0usize, 0i64, 0f64);
        while let Some(r) = rows.next().expect("row") {
            n += 1;
            events += r.get::<_, i64>("n").expect("n");
            gold += r.get::<_, f64>("g").expect("g");
        }
        (t.elapsed().as_secs_f64() * 1000.0, n, events, gold)
    };
    // Warm the page cache once, as DuckDB's table is in memory.
    let _ = run("SELECT count(*) AS n, 0.0 AS g FROM events", &[]);
    let (ms, n, e, g) = run(
        "SELECT substr(event_date, 1, 7) AS month, count(*) AS n, sum(goldstein) AS g FROM events \
         WHERE source_country = ?1 AND target_country = ?2 GROUP BY month",
        &[a, b],
    );
    println!("one_dyad_ms {ms:.2} rows {n} events {e} goldstein {g:.1}");
    let (ms, n, e, g) = run(
        "SELECT source_country, target_country, substr(event_date, 1, 7) AS month, count(*) AS n, \
         sum(goldstein) AS g FROM events GROUP BY source_country, target_country, month",
        &[],
    );
    println!("all_dyads_ms {ms:.2} rows {n} events {e} goldstein {g:.1}");
}
