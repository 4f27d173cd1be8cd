//! `store-check STORE`: what the fault benches (`bench/crash.sh`, `bench/diskfull.sh`)
//! check in a store after a kill or a failed write. It prints one line:
//!
//! `integrity ok events N distinct N cluster_events N factual N months M aggregates ok|DIFFER(...) signature HEX`
//!
//! * `integrity`: `PRAGMA integrity_check`;
//! * `events`: stored events (rows and segments); `distinct`: distinct `(dataset,
//!   dataset_id)` among them (a duplicate makes it smaller);
//! * `cluster_events`: events the clusters count; `factual`: the asserted and reported
//!   events (imported ones are asserted), which the clusters must count exactly;
//! * `aggregates`: the monthly aggregates the store keeps (`all_dyad_months`,
//!   `all_month_totals`) against the clusters, month by month (clusters and Goldstein
//!   sums; an undirected cluster counts in both directions of its dyad);
//! * `signature`: a hash of the per-month aggregates, equal for stores with the same
//!   events.
//!
//! Exits 1 when the store cannot be read, 0 otherwise (the script judges the figures).

use std::collections::BTreeMap;
use std::path::Path;

use quidpro_store::Store;

type Months = BTreeMap<String, (i64, i64)>;

fn months(store: &Store, sql: &str) -> rusqlite::Result<Months> {
    let conn = store.connection();
    let mut stmt = conn.prepare(sql)?;
    let rows =
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, (r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))))?;
    rows.collect()
}

fn run(path: &Path) -> Result<String, String> {
    let store = Store::open(path).map_err(|e| e.to_string())?;
    let c = store.connection();
    let one = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).map_err(|e| format!("{sql}: {e}"));
    let integrity: String =
        c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    let events = store.count("events").map_err(|e| e.to_string())?;
    let distinct = one("SELECT count(*) FROM (SELECT DISTINCT dataset, dataset_id FROM all_events)")?;
    let cluster_events = one("SELECT coalesce(sum(n_events), 0) FROM all_clusters")?;
    let factual = one("SELECT count(*) FROM all_events WHERE modality IN ('asserted', 'reported')")?;
    let from_clusters = months(
        &store,
        "SELECT m, count(*), CAST(round(sum(g) * 10) AS INTEGER) FROM \
         (SELECT substr(event_date, 1, 7) AS m, goldstein AS g FROM all_clusters \
          UNION ALL SELECT substr(event_date, 1, 7), goldstein FROM all_clusters WHERE directed = 0) GROUP BY m",
    )
    .map_err(|e| e.to_string())?;
    let kept = months(
        &store,
        "SELECT month, sum(clusters), CAST(round(sum(goldstein_sum) * 10) AS INTEGER) FROM all_dyad_months \
         WHERE clusters != 0 GROUP BY month",
    )
    .map_err(|e| e.to_string())?;
    let totals = months(
        &store,
        "SELECT month, sum(clusters), 0 FROM all_month_totals WHERE clusters != 0 GROUP BY month",
    )
    .map_err(|e| e.to_string())?;
    let directed =
        months(&store, "SELECT substr(event_date, 1, 7), count(*), 0 FROM all_clusters GROUP BY 1")
            .map_err(|e| e.to_string())?;
    let mut differ = Vec::new();
    let norm = |m: &str| m.replace('-', "");
    let by_norm =
        |x: &Months| -> BTreeMap<String, (i64, i64)> { x.iter().map(|(k, v)| (norm(k), *v)).collect() };
    let (fc, kp, tt, dr) = (by_norm(&from_clusters), by_norm(&kept), by_norm(&totals), by_norm(&directed));
    if fc != kp {
        let bad = fc.iter().filter(|(k, v)| kp.get(*k) != Some(v)).count()
            + kp.keys().filter(|k| !fc.contains_key(*k)).count();
        differ.push(format!("dyad_months:{bad}"));
    }
    let dr_counts: BTreeMap<&String, i64> = dr.iter().map(|(k, v)| (k, v.0)).collect();
    let tt_counts: BTreeMap<&String, i64> = tt.iter().map(|(k, v)| (k, v.0)).collect();
    if dr_counts != tt_counts {
        differ.push("month_totals".into());
    }
    let aggregates =
        if differ.is_empty() { "ok".to_string() } else { format!("DIFFER({})", differ.join(",")) };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (k, (n, g)) in &kp {
        for b in format!("{k}:{n}:{g};").bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    }
    Ok(format!(
        "integrity {integrity} events {events} distinct {distinct} cluster_events {cluster_events} factual {factual} months {} aggregates {aggregates} signature {h:016x}",
        kp.len()
    ))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [store] = args.as_slice() else {
        eprintln!("usage: store-check STORE");
        std::process::exit(2);
    };
    match run(Path::new(store)) {
        Ok(line) => println!("{line}"),
        Err(e) => {
            eprintln!("store-check: {store}: {e}");
            std::process::exit(1);
        }
    }
}
