//! Loads dictionary folders (ours, the field's, or both, merged in order) and prints
//! what was mapped and what was not, by reason: `cargo run -p quidpro-dict --example
//! field_report -- DIR [DIR...]`. Exit code 1 when a file of our format has errors.

use quidpro_dict::Dictionary;

fn main() {
    let dirs: Vec<String> = std::env::args().skip(1).collect();
    if dirs.is_empty() {
        eprintln!("usage: field_report DIR [DIR...]");
        std::process::exit(2);
    }
    let l = Dictionary::load_folders(&dirs);
    for (d, layout) in &l.folders {
        println!("folder\t{}\t{}", d.display(), layout.name());
    }
    for (what, n) in l.dict.counts() {
        println!("entries\t{what}\t{n}");
    }
    for (what, n) in &l.report.mapped {
        println!("mapped\t{what}\t{n}");
    }
    for (reason, n) in l.report.by_reason() {
        println!("unmapped\t{reason}\t{n}");
    }
    for (reason, n) in l.report.approximated_by_reason() {
        println!("approximated\t{reason}\t{n}");
    }
    // `FIELD_REPORT_LINES=text`: also every unmapped or approximated line whose reason
    // contains the text.
    if let Ok(want) = std::env::var("FIELD_REPORT_LINES") {
        for u in l.report.unmapped.iter().chain(&l.report.approximated).filter(|u| u.reason.contains(&want)) {
            println!("line\t{u}");
        }
    }
    println!("merged away\tphrases\t{}", l.merged_away);
    println!("errors\t{}", l.errors.len());
    for e in l.errors.iter().take(20) {
        eprintln!("{e}");
    }
    if !l.errors.is_empty() {
        std::process::exit(1);
    }
}
