//! What the store's maintenance commands did: `quidpro store merge`.

use std::fmt::Write as _;

use quidpro_store::MergedDataset;

/// A merge as a table, a line per dataset (segments before and after, the small ones
/// merged, the segments written in their place, the rows moved), then the totals.
pub fn merge_table(done: &[MergedDataset]) -> String {
    let mut out = format!(
        "{:<16} {:>8} {:>8} {:>8} {:>10} {:>8}\n",
        "dataset", "before", "merged", "written", "rows", "after"
    );
    for d in done {
        let _ = writeln!(
            out,
            "{:<16} {:>8} {:>8} {:>8} {:>10} {:>8}",
            d.dataset, d.segments_before, d.merged, d.written, d.rows, d.segments_after
        );
    }
    let sum = |f: fn(&MergedDataset) -> u64| done.iter().map(f).sum::<u64>();
    let _ = writeln!(
        out,
        "{} small segments merged into {} ({} rows); {} segments before, {} after",
        sum(|d| d.merged as u64),
        sum(|d| d.written as u64),
        sum(|d| d.rows),
        sum(|d| d.segments_before as u64),
        sum(|d| d.segments_after as u64)
    );
    out
}

/// A merge as JSON: an array of objects with `dataset`, `segments_before`, `merged`,
/// `written`, `rows` and `segments_after`.
pub fn merge_json(done: &[MergedDataset]) -> String {
    serde_json::to_string_pretty(done).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merge_in_a_table_and_json() {
        let d = MergedDataset {
            dataset: "gdelt2".into(),
            segments_before: 1000,
            merged: 1000,
            written: 8,
            rows: 1_000_000,
            segments_after: 8,
        };
        let t = merge_table(std::slice::from_ref(&d));
        assert!(t
            .lines()
            .nth(1)
            .unwrap()
            .split_whitespace()
            .eq(["gdelt2", "1000", "1000", "8", "1000000", "8"]));
        assert!(
            t.ends_with("1000 small segments merged into 8 (1000000 rows); 1000 segments before, 8 after\n")
        );
        let j: serde_json::Value = serde_json::from_str(&merge_json(&[d])).unwrap();
        assert_eq!(j[0]["segments_after"], 8);
    }
}
